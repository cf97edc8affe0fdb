"""Hypothesis strategies for hostile article text, made from the real articles.

An article that reaches kg from the web is cut, joined, and full of noise: navigation and
photo captions, bracketed notes, pinyin pasted after characters, full-width letters, a
table flattened into one line without punctuation. These strategies build such texts
from the bundled articles' own sentences, so every rule has real work to do while the
text around it is broken. ``tests/test_property.py`` runs a few hundred examples;
``bench/fuzz.py`` runs many thousands.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

DATA = Path(__file__).resolve().parent.parent / "data"

# Characters an article page really carries between and inside sentences.
BRACKETS = "()（）[]【】《》〈〉{}<>「」『』"
QUOTES = "“”‘’\"'＂＇〝〞"
PUNCTUATION = "，。、；：！？…—·•・.,;:!?-/|~@#%&*_+=\\"
FULL_WIDTH = "".join(chr(c) for c in range(0xFF01, 0xFF5F))
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿü"
SPACES = " \u3000\u00a0\t\u200b\ufeff\r"
# Markup and the characters escaping must survive, for the RDF and HTML writers.
MARKUP = ["<script>alert(1)</script>", "&amp;", "\\u003E", "\\", "<http://x/>", "\"\"\"", "'''",
          "#", "{", "}", "%00", "\x0b", "\x0c", "\u2028", "\u0085"]


@lru_cache(maxsize=1)
def articles() -> tuple[str, ...]:
    """Every article bundled with kg (the seeds and the development passages)."""
    return tuple(p.read_text(encoding="utf-8") for p in sorted(DATA.rglob("*.txt")))


@lru_cache(maxsize=1)
def sentences() -> tuple[str, ...]:
    """The articles' sentences and lines, with their end punctuation."""
    out = []
    for text in articles():
        out += [s for s in re.findall(r"[^。！？!?\n]*[。！？!?\n]?", text) if s.strip()]
    return tuple(out)


def _cut(s: str, a: int, b: int) -> str:
    """A piece of ``s``: cut mid-sentence and, as often, mid-name."""
    a, b = sorted((a % (len(s) + 1), b % (len(s) + 1)))
    return s[a:b]


sentence = st.sampled_from(sentences())
cut_sentence = st.builds(_cut, sentence, st.integers(0, 10**4), st.integers(0, 10**4))
pinyin = st.builds(lambda syl, close: f"({syl}{close}",
                   st.text(alphabet="abcdefghijklmnopqrstuvwxyz" + TONED, min_size=1, max_size=8),
                   st.sampled_from([")", "）", "", " )"]))
# The metadata lines of a page, with numbers that may not be dates at all.
metadata_line = st.builds(
    lambda key, y, mo, d, t: f"{key}{y}-{mo}-{d} {t}\n",
    st.sampled_from(["发布时间:", "發布時間：", "时间:", "来源:新华社 时间:", "2"]),
    st.integers(0, 99999), st.integers(0, 99), st.integers(0, 99),
    st.sampled_from(["", "10:30", "25:61", "9:5:77", "00:00:00"]))
noise = st.one_of(
    metadata_line,
    st.builds(lambda y, mo, d: f"{y}年{mo}月{d}日", st.integers(1900, 2100), st.integers(0, 13), st.integers(0, 32)),
    st.text(alphabet=BRACKETS + QUOTES, min_size=1, max_size=3),
    st.text(alphabet=PUNCTUATION, min_size=1, max_size=3),
    st.text(alphabet="0123456789０１２３４５６７８９·年月日时分", min_size=1, max_size=8),
    st.text(alphabet=LATIN, min_size=1, max_size=10),
    st.text(alphabet=FULL_WIDTH, min_size=1, max_size=5),
    st.text(alphabet=SPACES + "\n", min_size=1, max_size=3),
    pinyin,
    st.sampled_from(MARKUP),
    st.characters(),  # anything at all, surrogates aside
)


def _sprinkle(s: str, inserts: list[tuple[int, str]]) -> str:
    """``s`` with each insert put at its position (modulo the length)."""
    for pos, piece in sorted(inserts, key=lambda x: -(x[0] % (len(s) + 1))):
        pos %= len(s) + 1
        s = s[:pos] + piece + s[pos:]
    return s


noisy_sentence = st.builds(_sprinkle, st.one_of(sentence, cut_sentence),
                           st.lists(st.tuples(st.integers(0, 500), noise), max_size=4))


def _one_line(pieces: list[str], limit: int) -> str:
    """Sentences run together with their punctuation and line breaks taken out: a table or
    a navigation bar flattened into one line."""
    joined = re.sub(r"[\s，。、；：！？!?,.;:“”‘’()（）]", "", "".join(pieces))
    return (joined * (limit // max(len(joined), 1) + 1))[:limit]


def flattened(n: int) -> str:
    """``n`` characters of all the real sentences with every mark and break taken out:
    the densest input there is for the rules, one "sentence" of names and titles."""
    return _one_line(list(sentences()), n)


long_line = st.builds(_one_line, st.lists(sentence, min_size=1, max_size=30),
                      st.integers(1_000, 30_000))
one_char_lines = st.builds(lambda c, n: "\n".join(c * n), st.characters(blacklist_categories=("Cs",)),
                           st.integers(1, 200))



@lru_cache(maxsize=1)
def lexicon_words() -> tuple[str, ...]:
    """Words kg's rules are made of (titles, body suffixes, national bodies, places,
    surnames, cue words): set beside broken text they reach the rules' corners."""
    from kg import resources

    words = set(resources.titles()) | set(resources.body_suffixes()) | set(resources.national_bodies())
    words |= {name for name, divs in resources.places().items() if divs[0].level != "county"}
    words |= set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑") | {"欧阳", "司马"}
    words |= {"强调", "指出", "主持", "出席", "讲话", "会议", "全会", "事故", "行动", "“11·16”", "暨", "兼",
              "、", "同志", "党委书记", "厅长", "省委", "市委", "县委", "区委", "自治区", "人民政府", "有限公司"}
    return tuple(sorted(words))


word = st.sampled_from(lexicon_words())
# Rule words stuck together and to broken sentences: 国务院安委办 + 厅长 + 王 …
word_salad = st.lists(st.one_of(word, word, cut_sentence, noise), min_size=1, max_size=12).map("".join)


piece = st.one_of(sentence, cut_sentence, noisy_sentence, noise, word_salad)


def _join(pieces: list[str], seps: list[str]) -> str:
    out = []
    for i, p in enumerate(pieces):
        out.append(p)
        if seps:
            out.append(seps[i % len(seps)])
    return "".join(out)


# An article: pieces of sentences from anywhere, shuffled, joined with or without breaks,
# sometimes with a flattened line or a column of one-character lines.
article_text = st.one_of(
    st.builds(_join, st.lists(piece, min_size=1, max_size=25), st.lists(st.sampled_from(["", "\n", " ", "\n\n"]), max_size=3)),
    st.builds(lambda a, b, c: a + "\n" + b + "\n" + c,
              st.lists(piece, max_size=5).map("".join), st.one_of(long_line, one_char_lines),
              st.lists(piece, max_size=5).map("".join)),
)

