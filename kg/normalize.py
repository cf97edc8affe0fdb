"""Normalise article text, keeping a map back to the original offsets.

Normalisation makes the text the extractor reads uniform: traditional characters become
simplified (OpenCC ``tw2s``), inline pinyin annotations go (``應(yīng)該`` → ``应该``),
white space and quotation marks are unified. Every character of the normalised text
remembers the offset of the original character it came from, so a span found in the
normalised text maps back to the exact stretch of the original.

>>> n = normalize("省應(yīng)急管理廳")
>>> n.text
'省应急管理厅'
>>> n.original_span(1, 6)   # 應(yīng)急管理廳
(1, 12)
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Pinyin with tone marks, as pasted after characters: 應(yīng), 傳達(dá), 編(biān).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_ANNOTATION = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（]\s*(?=[a-zü{_TONED}\s]*[{_TONED}])[a-zü{_TONED}]{{1,7}}"
    rf"(?:\s+[a-zü{_TONED}]{{1,7}})*\s*[)）]"
)

# Quotation marks and dots unified to one form each; the scorer (GUIDELINES.md) treats
# them as equal, and one form keeps the extraction patterns short.
_CHAR_MAP = {
    "「": "“", "」": "”", "『": "‘", "』": "’", "〝": "“", "〞": "”", "＂": '"', "＇": "'",
    "•": "·", "・": "·", "‧": "·", "･": "·", "∙": "·", "．": ".",
    "（": "(", "）": ")", "：": ":", "；": ";", "！": "!", "？": "?",
    "\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": "",
    "\ufeff": "", "\t": " ", "\r": "",
}


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    # tw2s rather than t2s: its phrase table also turns the verbal 著 into 着 (著力 → 着力,
    # 接著 → 接着), which t2s leaves because 著 is a simplified character as well.
    return opencc.OpenCC("tw2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese, one character for one character.

    >>> to_simplified("王啟瑞")
    '王启瑞'
    """
    converter = _t2s()
    out = converter.convert(text)
    if len(out) == len(text):
        return out
    # OpenCC's phrase tables may change the length; fall back to character by character
    # so the offset map stays exact.
    return "".join(c if len(s := converter.convert(c)) != 1 else s for c in text)


def _fold(ch: str) -> str:
    if ch in _CHAR_MAP:
        return _CHAR_MAP[ch]
    if "\uff01" <= ch <= "\uff5e":  # full-width ASCII: letters, digits, signs
        return unicodedata.normalize("NFKC", ch)
    return ch


@dataclass(frozen=True)
class Normalized:
    """Normalised text and, for each of its characters, the original offset."""

    text: str
    offsets: tuple[int, ...]  # len(text) + 1 entries; the last is len(original)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``text[start:end]`` back to ``(begin, end)`` in the original text."""
        if start >= end:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


def normalize(original: str) -> Normalized:
    """Normalise ``original``; see the module docstring."""
    keep: list[tuple[str, int]] = []
    pos = 0
    for m in _PINYIN_ANNOTATION.finditer(original):
        keep += [(c, i) for i, c in enumerate(original[pos:m.start()], pos)]
        pos = m.end()
    keep += [(c, i) for i, c in enumerate(original[pos:], pos)]

    chars: list[str] = []
    offsets: list[int] = []
    at_line_start = True
    for c, i in keep:
        c = _fold(c)
        if not c:
            continue
        if c == " ":
            # One space at most, none at the start or end of a line.
            if at_line_start or (chars and chars[-1] == " "):
                continue
        if c == "\n":
            while chars and chars[-1] == " ":
                chars.pop()
                offsets.pop()
        chars.append(c)
        offsets.append(i)
        at_line_start = c == "\n"
    while chars and chars[-1] in " \n":
        chars.pop()
        offsets.pop()
    text = to_simplified("".join(chars))
    return Normalized(text, tuple(offsets) + (len(original),))


def normalize_text(text: str) -> str:
    """Only the normalised string, for metadata and for comparing names."""
    return normalize(text).text


# Exactly the comparison of GUIDELINES.md ("Scoring"), nothing more: it decides scores.
_QUOTES = re.compile(r"[“”「」『』‘’\"'＂＇〝〞]")
_DOTS = re.compile(r"[·•・‧･∙]")
_FULLWIDTH_ALNUM = re.compile(r"[０-９Ａ-Ｚａ-ｚ]")


def match_key(name: str) -> str:
    """The form in which GUIDELINES.md compares names: simplified, no white space, no
    quotation marks, one middle dot, half-width letters and digits.

    >>> match_key("“11•16”重大火灾事故")
    '11·16重大火灾事故'
    """
    s = to_simplified(name)
    s = re.sub(r"\s+", "", s)
    s = _QUOTES.sub("", s)
    s = _DOTS.sub("·", s)
    return _FULLWIDTH_ALNUM.sub(lambda m: chr(ord(m.group()) - 0xFEE0), s)
