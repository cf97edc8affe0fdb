"""Regenerate kg/resources/common_chars.txt: the 2,500 most frequent Chinese characters
(by jieba's dictionary frequencies) in simplified and traditional form. ``kg.read`` uses
it to tell a right guess of a legacy encoding (GBK vs Big5) from mojibake."""
from collections import Counter
from pathlib import Path

import jieba
import opencc

counts = Counter()
with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
    for line in f:
        word, freq, *_ = line.split()
        for ch in word:
            if "\u4e00" <= ch <= "\u9fff":
                counts[ch] += int(freq)
top = "".join(c for c, _ in counts.most_common(2500))
trad = opencc.OpenCC("s2t").convert(top)
chars = sorted(set(top) | set(trad))
out = Path(__file__).resolve().parent.parent / "kg" / "resources" / "common_chars.txt"
out.write_text("\n".join("".join(chars[i:i + 50]) for i in range(0, len(chars), 50)) + "\n", encoding="utf-8")
print(f"{len(chars)} characters -> {out}")
