"""What the components share: the ``Doc``/``Span`` extensions that carry results through
the pipeline, and small helpers to add mentions and relations.

Mentions of every type live in ``doc.spans["kg"]`` (they may nest: a place inside a body
inside an accident name); ``doc.ents`` holds the outermost ones. Each mention span has

- ``span._.canonical``: its name resolved within the article (``省委`` → ``山西省委``),
- ``span._.subtype``: Meeting / Accident / Campaign for events,
- ``span._.ref``: what the mention was looked up as: the thesaurus concept IRI of a
  principle, the adcode of a place,
- ``span._.aliases``: other names the text gives it (``吕梁市离石区永聚煤业`` for 永聚煤业),
- ``span._.implied``: True when the text only implies the entity (``省长`` implies the
  province's 人民政府); the span then covers the words that imply it,
- ``span._.rule``: the name of the rule that found it (``officials.post-before-name``).

Relations live in ``doc._.relations`` as ``Relation`` objects between mention spans.
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span

from .. import resources
from ..normalize import match_key

MENTIONS = "kg"

# An accident's date code, month·day (“11·16” for 16 November), as normalised text spells
# it: accidents are named and told apart by it.
DATE_CODE = re.compile(r"\d{1,2}·\d{1,2}")


def date_code(name: str) -> str | None:
    """The date code an accident's name carries, the key accidents are told apart by
    within an article and across articles.

    >>> date_code("吕梁市离石区永聚煤业“11·16”重大火灾事故"), date_code("瞒报事件")
    ('11·16', None)
    """
    m = DATE_CODE.search(match_key(name))
    return m.group() if m else None

for _name in ("canonical", "subtype", "ref", "rule"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
if not Span.has_extension("aliases"):
    Span.set_extension("aliases", default=())
if not Span.has_extension("implied"):
    Span.set_extension("implied", default=False)
if not Doc.has_extension("relations"):
    Doc.set_extension("relations", default=None)
if not Doc.has_extension("jurisdiction"):
    Doc.set_extension("jurisdiction", default=None)
if not Doc.has_extension("bylines"):
    Doc.set_extension("bylines", default=None)
if not Doc.has_extension("article"):
    Doc.set_extension("article", default=None)  # the kg.read.Article the text came from
if not Doc.has_extension("offsets"):
    Doc.set_extension("offsets", default=None)  # kg.normalize.Normalized: the offset map


@dataclass
class Jurisdiction:
    """The divisions an article is about; they resolve a bare 省委 / 市委 / 区应急管理局."""

    province: str | None = None
    city: str | None = None
    county: str | None = None
    county_is_city: bool = False  # the county is a city (黄骅市) that the text calls 市
    town: str | None = None  # a township the article is about (塔什米里克乡召开…), if any

    def at(self, level: str) -> str | None:
        """The division of ``level``; a municipality (重庆市) is its own city as well, and
        so is a county-level city that the text calls 市 (市应急管理局 in 黄骅市's news)."""
        if level == "city" and self.city is None and self.is_municipality():
            return self.province
        if level == "city" and self.county_is_city:
            return self.county
        return {"province": self.province, "city": self.city, "county": self.county, "town": self.town}.get(level)

    def named_as(self, level: str, word: str) -> str | None:
        """The division of ``level`` that ``word`` (市, 州, 县) names: where that level's is
        not called so, the county-level one that is (市 in 弥勒市's news, whose prefecture
        is a 州)."""
        place = self.at(level)
        if place and word and not place.endswith(word) and self.county and self.county.endswith(word):
            return self.county
        return place

    def is_municipality(self) -> bool:
        return bool(self.province) and self.province.endswith(resources.word_list("places.municipality-end"))

    def most_specific(self) -> str | None:
        return self.county or self.city or self.province


@dataclass
class Relation:
    """A relation between two mentions, with the sentence that states it."""

    subject: Span
    predicate: str
    object: Span
    evidence: Span
    titles: tuple[str, ...] = field(default_factory=tuple)
    rule: str = ""  # the name of the rule that made it (``speech.cue-speaker``)

    def key(self):
        return (self.subject.start_char, self.subject.end_char, self.subject.label_, self.predicate,
                self.object.start_char, self.object.end_char, self.object.label_, self.titles)


def first_chars(words) -> frozenset[str]:
    """The characters ``words`` start with: a position whose character is none of them
    needs no scan of the words (such scans ran at every character of the text)."""
    return frozenset(w[0] for w in words)


def keep_text(doc: Doc, text: str) -> None:
    """Record ``text`` as ``doc``'s text, for ``text_of``: the tokenizer knows it, where
    spaCy would join it from the tokens."""
    doc.user_data["kg_text"] = text


def text_of(doc: Doc) -> str:
    """``doc.text``, computed once: spaCy rebuilds it from the tokens on every access, and
    with one token per character that dominates the run time."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def _order(span: Span) -> tuple[int, int]:
    return span.start_char, -span.end_char


class SpansInOrder:
    """Spans in text order (by start, the longer first), found by position by bisection:
    a lookup is not a walk over all the article's mentions, which made long files
    quadratic.

    >>> import spacy
    >>> doc = spacy.blank("zh")("山西省应急管理厅")
    >>> spans = SpansInOrder([doc.char_span(3, 8), doc.char_span(0, 3), doc.char_span(0, 8)])
    >>> [s.text for s in spans.spans], [s.text for s in spans.inside(doc.char_span(0, 8))]
    (['山西省应急管理厅', '山西省', '应急管理厅'], ['山西省', '应急管理厅'])
    """

    def __init__(self, spans=()):
        self.spans: list[Span] = sorted(spans, key=_order)
        self.keys: list[tuple[int, int]] = [_order(s) for s in self.spans]

    def insert(self, span: Span) -> None:
        at = bisect_right(self.keys, _order(span))
        self.keys.insert(at, _order(span))
        self.spans.insert(at, span)

    def starting_in(self, start: int, end: int) -> list[Span]:
        """The spans that start in ``[start, end)``."""
        return self.spans[bisect_left(self.keys, (start,)):bisect_left(self.keys, (end,))]

    def inside(self, outer: Span) -> list[Span]:
        """The spans within ``outer``, other than itself."""
        return [s for s in self.starting_in(outer.start_char, outer.end_char)
                if s.end_char <= outer.end_char and s != outer]


class _Mentions:
    """The article's mentions, all and by label, in text order and indexed, so that
    adding, listing or finding one by position is not a walk over ``doc.spans`` (which
    makes a new ``Span`` per item: a file with thousands of mentions spent minutes there)."""

    def __init__(self):
        self.all = SpansInOrder()
        self.by_label: dict[str, SpansInOrder] = {}
        self.index: dict[tuple, Span] = {}
        self.longest = 0
        self.relations: set[tuple] = set()

    def add(self, span: Span, key: tuple) -> None:
        self.all.insert(span)
        self.by_label.setdefault(span.label_, SpansInOrder()).insert(span)
        self.index[key] = span
        self.longest = max(self.longest, span.end_char - span.start_char)


def _registry(doc: Doc) -> _Mentions:
    reg = doc.user_data.get("kg_mentions")
    if reg is None:
        reg = doc.user_data["kg_mentions"] = _Mentions()
    return reg


def drop_mentions(doc: Doc, dropped: list[Span]) -> None:
    """Take ``dropped`` out of the doc's mentions (a later component that knows better:
    a river's name inside a company's); no relation may hold them yet."""
    gone = {(s.start_char, s.end_char, s.label_, s._.implied) for s in dropped}
    if not gone:
        return
    kept = [s for s in mentions(doc) if (s.start_char, s.end_char, s.label_, s._.implied) not in gone]
    reg = doc.user_data["kg_mentions"] = _Mentions()
    for s in kept:
        reg.add(s, (s.start_char, s.end_char, s.label_, s._.implied))
    doc.spans[MENTIONS] = kept


def mentions(doc: Doc, label: str | None = None) -> list[Span]:
    """The mention spans of ``doc``, of one label or all, in text order."""
    reg = _registry(doc)
    group = reg.all if label is None else reg.by_label.get(label)
    return list(group.spans) if group else []


def overlapping(doc: Doc, start: int, end: int) -> list[Span]:
    """The mentions that share a character with ``[start, end)``, in text order."""
    reg = _registry(doc)
    return [s for s in reg.all.starting_in(start - reg.longest, end) if s.end_char > start]


def add_mention(doc: Doc, start: int, end: int, label: str, canonical: str, *,
                subtype: str | None = None, ref: str | None = None,
                implied: bool = False, rule: str = "") -> Span | None:
    """Add a mention over characters ``[start, end)`` to ``doc.spans["kg"]``; return it
    (or the equal one already there), or None if the characters do not align with tokens."""
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None:
        return None
    reg = _registry(doc)
    key = (span.start_char, span.end_char, label, implied)
    if key in reg.index:
        return reg.index[key]
    span._.canonical = canonical
    span._.subtype = subtype
    span._.ref = ref
    span._.implied = implied
    span._.rule = rule
    if MENTIONS not in doc.spans:
        doc.spans[MENTIONS] = []
    doc.spans[MENTIONS].append(span)
    reg.add(span, key)
    return span


def add_relation(doc: Doc, subject: Span, predicate: str, obj: Span,
                 titles: tuple[str, ...] = (), rule: str = "") -> None:
    """Add a relation, with the sentence that states it as evidence: the sentence holding
    both ends, or, when they are far apart (an official in the headline, the meeting named
    in the lead), the sentence of the end the cue is next to — the principle's for
    ``emphasized``, the subject's otherwise."""
    if doc._.relations is None:
        doc._.relations = []
    text = text_of(doc)
    if sentence_bounds(text, subject.start_char) == sentence_bounds(text, obj.start_char):
        evidence = sentence_of(doc, min(subject.start_char, obj.start_char), max(subject.end_char, obj.end_char))
    else:
        near = obj if predicate == "emphasized" else subject
        evidence = sentence_of(doc, near.start_char, near.end_char)
    rel = Relation(subject, predicate, obj, evidence, tuple(titles), rule)
    seen = _registry(doc).relations
    if rel.key() not in seen:
        seen.add(rel.key())
        doc._.relations.append(rel)


SENTENCE_END = "。!?;\n"
CLAUSE_END = "。!?;\n,"


def clause_start(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts (after the last comma or sentence end).

    >>> clause_start("会议指出,要坚持", 6)
    5
    """
    return max(text.rfind(c, 0, pos) for c in CLAUSE_END) + 1


def article_meetings(doc: Doc) -> SpansInOrder:
    """The meetings that can be the article's or a clause's meeting (not party congresses,
    not those a page's links to other articles name: 下一篇：兴宁市召开…会议)."""
    text = text_of(doc)
    return SpansInOrder(m for m in mentions(doc, "Event")
                        if m._.subtype == "Meeting"
                        and not m.text.startswith(resources.word_list("meetings.party-congress-prefix"))
                        and not on_link_line(text, m.start_char))


def on_link_line(text: str, pos: int) -> bool:
    """Whether ``pos`` is on a line that links to another article (上一篇：…, 下一篇：…) or
    in a block of such links under its heading (相关阅读 …, up to a blank line)."""
    line_start = text.rfind("\n", 0, pos) + 1
    if resources.pattern("read.link-line").match(text, line_start):
        return True
    block_start = text.rfind("\n\n", 0, pos) + 2
    return resources.pattern("read.links-heading").match(text, max(block_start, 0)) is not None \
        and line_start > block_start


def first_line_end(text: str) -> int:
    """Where the first line (the headline, or a saved page's site name) ends."""
    end = text.find("\n")
    return len(text) if end == -1 else end


def headline_bounds(doc: Doc) -> tuple[int, int]:
    """Where the article's headline is in the text: the title its reader found (past a
    saved page's site name and breadcrumbs), else the first line."""
    text = text_of(doc)
    title = getattr(doc._.article, "title", None)
    start = text.find(title) if title else -1
    return (start, start + len(title)) if start >= 0 else (0, first_line_end(text))


def head_end(text: str, lines: int) -> int:
    """Where the first ``lines`` lines of ``text`` (its head: headline, by-line, source)
    end, after their last line break.

    >>> head_end("标题\\n来源\\n正文", 2), head_end("标题", 5)
    (6, 2)
    """
    end = 0
    for _ in range(lines):
        nxt = text.find("\n", end)
        if nxt == -1:
            return len(text)
        end = nxt + 1
    return end


def on_page_furniture(text: str, pos: int) -> bool:
    """Whether ``pos`` is on a line of the page's furniture (当前位置：首页 > 政务公开 > 政府
    会议, 【字体：大 中 小】, 分享到): what it names is the site's, not the article's."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start:len(text) if line_end == -1 else line_end]
    return resources.pattern("read.page-noise").search(line) is not None


def main_meeting(text: str, meetings: SpansInOrder) -> Span | None:
    """The article's own meeting: the first that the text says is held (``is_held``), not
    one its people only watched or relayed (在收听收看全市…视频会议后,我县紧接着召开全县…
    会议); else the first meeting."""
    return next((m for m in meetings.spans if is_held(text, m)), meetings.spans[0] if meetings.spans else None)


def is_held(text: str, meeting: Span) -> bool:
    """Whether the text says ``meeting`` is held here: 召开…会议, …会议在张家口市召开,
    市委理论学习中心组举行…学习会 (the verb inside what the mention covers)."""
    held = resources.cues()["convened"]
    return text.endswith(held, 0, meeting.start_char) or any(v in meeting.text for v in held) \
        or resources.pattern("meetings.held-after").match(text, meeting.end_char) is not None


def meeting_in(meetings: SpansInOrder, start: int, end: int) -> Span | None:
    """The first of ``meetings`` that starts in ``[start, end)``."""
    found = meetings.starting_in(start, end)
    return found[0] if found else None
# The longest sentence of the bundled articles has 265 characters. A longer stretch with
# no sentence end (a flattened table, a navigation bar, a page run together) is cut into
# pieces of at most this many, at a comma or space where there is one: every rule that
# looks at a sentence, and the evidence stored with each mention, stay bounded, so work
# and output grow linearly with the text.
MAX_SENTENCE = 400
SOFT_BREAK = re.compile(r"[,、 :]")


@lru_cache(maxsize=8)
def sentence_starts(text: str) -> tuple[int, ...]:
    """Where the sentences of ``text`` start, ascending, beginning with 0 (a sentence
    ends with its end mark, see ``SENTENCE_END``; see ``MAX_SENTENCE``).

    >>> sentence_starts("甲。乙丙;丁")
    (0, 2, 5)
    """
    ends = [m.end() for m in re.finditer(f"[{re.escape(SENTENCE_END)}]", text)]
    starts = [0]
    for end in ends + ([len(text)] if not ends or ends[-1] < len(text) else []):
        while end - starts[-1] > MAX_SENTENCE:
            b = starts[-1]
            soft = [m.end() for m in SOFT_BREAK.finditer(text, b + MAX_SENTENCE // 2, b + MAX_SENTENCE)]
            starts.append(soft[-1] if soft else b + MAX_SENTENCE)
        if end < len(text):
            starts.append(end)
    return tuple(starts)


def sentence_bounds(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The character bounds of the sentence(s) covering ``[start, end)``, without the
    line break that ends one.

    >>> t = "甲。乙丙\\n丁"
    >>> sentence_bounds(t, 2), sentence_bounds(t, 0, 3), sentence_bounds(t, 5)
    ((2, 4), (0, 4), (5, 6))
    """
    starts = sentence_starts(text)
    last = max(start, (start if end is None else end) - 1)
    b = starts[bisect_right(starts, start) - 1]
    after = bisect_right(starts, last)
    e = starts[after] if after < len(starts) else len(text)
    while e > b and text[e - 1] == "\n":
        e -= 1
    return b, e


def sentence_of(doc: Doc, start: int, end: int) -> Span:
    b, e = sentence_bounds(text_of(doc), start, end)
    return doc.char_span(b, e, alignment_mode="expand")


def is_signature_line(text: str, official: Span) -> bool:
    """A line that is only a post and a name (山西省应急管理厅党委书记、厅长王启瑞)."""
    line_start = text.rfind("\n", 0, official.start_char) + 1
    line_end = text.find("\n", official.end_char)
    line_end = len(text) if line_end == -1 else line_end
    line = text[line_start:line_end]
    return (text[official.end_char:line_end].strip() == "" and official.start_char > line_start
            and len(line) <= 40 and not re.search(r"[,。;:!?“”]", line))


class WordBoundaries:
    """Where the words of ``text`` start or end by jieba's segmentation (dictionary only),
    as ``pos in bounds`` and ``word_at(pos)``.

    jieba cuts each run of word characters (a clause, between punctuation marks) on its
    own and makes every other character a word, so a run is cut only when a rule first
    asks about a position in it: the rules ask about a few places and rivers, one run in
    twenty or fewer, and cutting the whole text was a sixth of the extraction's time.

    >>> b = WordBoundaries("推广安全生产。")
    >>> [p for p in range(8) if p in b], b.word_at(3), b.word_at(6)
    ([0, 2, 4, 6, 7], (2, 4), (6, 7))
    """

    def __init__(self, text: str):
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self.text = text
        self.runs = [m.span() for m in jieba.re_han_default.finditer(text)]
        self.run_starts = [start for start, _ in self.runs]
        self.cuts: dict[int, tuple[int, ...]] = {}

    def _run_at(self, pos: int) -> int | None:
        """The run of word characters that holds ``pos``, if any."""
        k = bisect_right(self.run_starts, pos) - 1
        return k if k >= 0 and pos < self.runs[k][1] else None

    def _cut(self, k: int) -> tuple[int, ...]:
        """The boundaries of the words of run ``k``, its start and end included."""
        cut = self.cuts.get(k)
        if cut is None:
            import jieba

            start, end = self.runs[k]
            words = jieba.tokenize(self.text[start:end], HMM=False)
            cut = self.cuts[k] = (start, *(start + e for _, _, e in words))
        return cut

    def __contains__(self, pos: int) -> bool:
        if pos in (0, len(self.text)):
            return True
        if not 0 < pos < len(self.text):
            return False
        k = self._run_at(pos)
        if k is None:  # outside the runs every character is a word, but jieba keeps \r\n whole
            return self.text[pos - 1:pos + 1] != "\r\n"
        cut = self._cut(k)
        return cut[bisect_left(cut, pos)] == pos

    def word_at(self, pos: int) -> tuple[int, int]:
        """``(start, end)`` of the word that holds character ``pos`` (``0 <= pos < len``)."""
        k = self._run_at(pos)
        if k is not None:
            cut = self._cut(k)
            i = bisect_right(cut, pos)
            return cut[i - 1], cut[i]
        if self.text[pos:pos + 2] == "\r\n":
            return pos, pos + 2
        if pos > 0 and self.text[pos - 1:pos + 1] == "\r\n":
            return pos - 1, pos + 1
        return pos, pos + 1


@lru_cache(maxsize=2)
def word_boundaries(text: str) -> WordBoundaries:
    """The word boundaries of ``text``; cached, as places, rivers, towns and bodies all
    ask for them."""
    return WordBoundaries(text)
