"""``kg_principles``: policy formulas, from the thesaurus and from the way they are quoted.

Two ways in:

- every label of the SKOS thesaurus (resources/principles.ttl), longest first; a long form
  and its short name are one concept (人民至上、生命至上 = 两个至上);
- a quoted formula not yet in the thesaurus: ``“…”`` whose content reads like a formula —
  parallel phrases joined by ``、`` (``强监管、增储备、保安全``), led by a numeral
  (``十抓安全``, ``两个高于``, ``三保``), or followed by the kind of formula it is
  (``“一盘棋”思想``, ``“红线”意识``) — and is not the name of a project or campaign.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .. import resources
from .base import add_mention, mentions, text_of

QUOTED = re.compile(r"“([^“”\n。;!?]{2,40})”")
LIST_ITEM = re.compile(r"[^、,]{1,10}")
MAX_NAMED_FORMULA = 16
MAX_COMMITTED = 10  # characters of a quoted formula after an adherence verb (做到“不安全不生产”)


def looks_like_formula(content: str, after: str, before: str = "") -> bool:
    """Whether quoted ``content`` followed by ``after`` (and after ``before``) is a policy
    formula.

    >>> looks_like_formula("强监管、增储备、保安全", "等各项工作")
    True
    >>> looks_like_formula("一泓清水入黄河", "工程")
    False
    >>> looks_like_formula("哨兵", "作用")
    False
    >>> looks_like_formula("一把手", "负总责")
    False
    >>> looks_like_formula("一盘棋", "思想")
    True
    >>> looks_like_formula("一厂出事故、万厂受教育,一地有隐患、全国受警示", "。")
    True
    >>> looks_like_formula("一园一策", "整治提升"), looks_like_formula("一县一策", "行动")
    (True, False)
    >>> looks_like_formula("不安全不生产", "。", before="坚决做到"), looks_like_formula("不安全不生产", "。")
    (True, False)
    """
    if resources.pattern("principles.paired-numeral").fullmatch(content):
        return not after.startswith(resources.word_list("principles.event-after"))
    not_before = resources.word_list("principles.not-before")
    if after.startswith(not_before) or ("、" not in content and content.endswith(
            not_before + resources.word_list("principles.not-end"))):
        return False
    if _introduced(content, before):
        return True
    if after.startswith(resources.word_list("principles.kind-after")) and len(content) <= MAX_NAMED_FORMULA:
        return "," not in content  # “一盘棋”思想, “红线”意识: the text says what it is
    if re.fullmatch(r"[\d.+\-%]+", content) or content in resources.function_words()["common"]:
        return False
    if "、" in content:
        return _parallel(content)
    return bool(resources.pattern("principles.numeral-led").match(content)) and "," not in content


def _introduced(content: str, before: str) -> bool:
    """坚决做到“不安全不生产”: what an official commits to is a formula; so is a campaign's
    theme (…主题为“人人讲安全、个个会应急——畅通生命通道”)."""
    if "," in content:
        return False
    return (before.endswith(resources.cues()["adherence"]) and len(content) <= MAX_COMMITTED) \
        or before.endswith(resources.word_list("principles.theme-before"))


def _parallel(content: str) -> bool:
    """Parallel short phrases (强监管、增储备、保安全), not a clause that happens to list;
    or two such halves of a couplet (一厂出事故、万厂受教育,一地有隐患、全国受警示)."""
    halves = [h.split("、") for h in content.split(",")]
    return len(halves) <= 2 and len({len(h) for h in halves}) == 1 \
        and all(LIST_ITEM.fullmatch(item) for h in halves for item in h)


def find_principles(text: str, inside_names=()):
    """Yield ``(start, end, concept_or_None, canonical)``.

    A quoted formula is taken whole first, so that a thesaurus label inside it (稳中求进 in
    “全力保安、以稳促安、稳中求进、…”) does not split it; then thesaurus labels elsewhere.
    Quotes inside ``inside_names`` (the spans of event names: 建筑保温材料“一件事”全链条整治)
    are part of those names.
    """
    labels = resources.principles()
    taken = bytearray(len(text))   # 1 where a name or a principle already is

    def free(start: int, end: int) -> bool:
        return taken.find(1, start, end) == -1

    def take(start: int, end: int) -> None:
        taken[start:end] = b"\x01" * (end - start)

    for a, b in inside_names:
        take(a, b)
    for m in QUOTED.finditer(text):
        s, e = m.span(1)
        content = m.group(1)
        if not free(s, e):
            continue
        if content in labels:
            c = labels[content]
            take(s, e)
            yield s, e, c.iri, c.pref_label
        elif looks_like_formula(content, text[m.end():m.end() + 4], text[max(0, m.start() - 6):m.start()]):
            take(s, e)
            yield s, e, None, content
    for label in sorted(labels, key=len, reverse=True):
        i = text.find(label)
        while i != -1:
            end = i + len(label)
            if free(i, end):
                take(i, end)
                c = labels[label]
                yield i, end, c.iri, c.pref_label
            i = text.find(label, end)


@Language.component("kg_principles", requires=[], assigns=["doc.spans"])
def principles_component(doc: Doc) -> Doc:
    events = [(e.start_char, e.end_char) for e in mentions(doc, "Event")]
    for start, end, concept, canonical in find_principles(text_of(doc), events):
        add_mention(doc, start, end, "Principle", canonical, ref=concept,
                    rule="principles.thesaurus" if concept else "principles.quoted-formula")
    return doc
