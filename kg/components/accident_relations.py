"""``kg_accident_relations``: where an accident happened, whom it involved, and which
meeting responded to it.

Rules:

- ``accidents.place-inside``: occurredIn the most specific place written inside any of
  the accident's mentions (离石区 in 吕梁市离石区永聚煤业…, though another mention names
  only 吕梁), or in a 位于…的 phrase right before one (位于萍乡市湘东区下埠镇的…);
- ``accidents.body-inside``: involves the last body written inside its name;
- ``accidents.described``: where the text tells it happening — the rest of the paragraph
  its name heads (（一）电白区“5·9”较大道路交通事故。5月9日…行驶至电白区沙琅镇…), or, in a
  text about one accident, the sentence that says it happened (…煤矿…发生一起瓦斯爆炸
  事故) — the most specific place there, if more specific, and the first enterprise there
  when its name holds none;
- ``accidents.explained``: involves the first enterprise of the clause right after its
  name that says what it was (…“3·21”事故系讷河市通达物流有限公司一辆重型货车…);
- ``accidents.meeting-before``: respondsTo from a meeting named earlier in the sentence
  that names the accident;
- ``accidents.meeting-is-subject``: respondsTo from the article's main meeting when that
  sentence begins with 会议;
- ``accidents.said-at-the-meeting``: the same when the sentence says it was said at the
  meeting (某某在会议上强调,要从…事故中深刻汲取教训);
- ``accidents.campaign-after``: respondsTo from a campaign named later in a sentence that
  names the accident and says the campaign answers it (针对“4·26”事故暴露出的问题,沈丘县要
  立即开展…专项整治; not 通报…事故情况,研究部署…大检查);
- ``accidents.headline-accident``: respondsTo from every other campaign of an article
  whose headline names one accident (…“9·14”较大道路交通事故调查报告, 国务院安委会对…
  事故查处挂牌督办): what it launches answers that accident.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import resources
from .base import (CLAUSE_END, SpansInOrder, add_relation, article_meetings, date_code, headline_bounds, main_meeting,
                   meeting_in, mentions, sentence_bounds, text_of)

LEVELS = {"province": 1, "city": 2, "county": 3, "town": 4}
LOCATED_REACH = 40  # characters of a 位于…的 phrase before an accident's name


def specificity(place: Span) -> int:
    """How specific a place is: province 1, city 2, county 3, a town (named after its
    county, so not in the gazetteer) 4."""
    divisions = resources.places().get(place.text, [])
    if not divisions and place._.ref:
        return LEVELS["town"]
    return max((LEVELS.get(d.level, 0) for d in divisions), default=0)


def accident_key(accident: Span) -> str:
    """What tells accidents apart within an article: the date code, else the name."""
    return date_code(accident.text) or accident._.canonical


def find_places(text: str, accidents: list[Span], places: SpansInOrder):
    """``(accident, place, rule)``: the most specific place named inside any mention of the
    same accident, in a 位于…的 phrase before it or where the text tells it happening, for
    each mention that names it."""
    where: dict[str, Span] = {}
    named: dict[int, list[Span]] = {}  # accident mention → the places its text names
    told: set[int] = set()  # those of a text that tells it happening
    for accident in accidents:
        in_story = places.starting_in(*described(text, accident, accidents))
        told.update(id(p) for p in in_story)
        named[id(accident)] = places.inside(accident) + _located_at(text, accident, places) + in_story
        for p in named[id(accident)]:
            key = accident_key(accident)
            if key not in where or specificity(p) > specificity(where[key]):
                where[key] = p
    for accident in accidents:
        if (p := where.get(accident_key(accident))) is not None and p in named[id(accident)]:
            yield accident, p, "accidents.described" if id(p) in told else "accidents.place-inside"


def _located_at(text: str, accident: Span, places: SpansInOrder) -> list[Span]:
    """位于萍乡市湘东区下埠镇的江西赣萍陶瓷有限公司…事故: the places of the 位于…的 phrase
    right before the accident's name."""
    m = resources.pattern("accidents.located-at").search(text, max(0, accident.start_char - LOCATED_REACH),
                                                          accident.start_char)
    return places.starting_in(m.start(1), m.end(1)) if m else []


def described(text: str, accident: Span, accidents: list[Span]) -> tuple[int, int]:
    """Where the text tells ``accident`` happening (see ``accidents.described``), or an
    empty range."""
    s_start, s_end = sentence_bounds(text, accident.start_char)
    number = resources.pattern("accidents.heading-number").match(text, s_start)
    if number.end() == accident.start_char and s_end - accident.end_char <= 1:
        para_end = text.find("\n", s_end)
        return s_end, len(text) if para_end == -1 else para_end
    if (referred := _referred_to(text, accident, accidents)) is not None:
        return referred
    if (dated := _dated_sentence(text, accident)) is not None:
        return dated
    if len({accident_key(a) for a in accidents}) > 1:
        return 0, 0
    told = resources.pattern("accidents.happened").search(text)
    return sentence_bounds(text, told.start()) if told else (0, 0)


def _referred_to(text: str, accident: Span, accidents: list[Span]) -> tuple[int, int] | None:
    """…“12·6”较大道路交通事故…。该起事故中,都安县宏运客运有限公司一辆客车…: the next
    sentence that opens by referring back to an accident, before another is named, tells
    about this one."""
    later = [a.start_char for a in accidents if a.start_char > accident.end_char]
    _, s_end = sentence_bounds(text, accident.start_char)
    limit = min(later + [len(text)])
    pos = s_end
    while pos < limit:
        pos += len(text[pos:limit]) - len(text[pos:limit].lstrip("。;!?\n "))
        start, end = sentence_bounds(text, pos) if pos < len(text) else (pos, pos)
        if end <= start:
            return None
        if resources.pattern("accidents.this-one").match(text, start):
            return start, end
        pos = end
    return None


def _dated_sentence(text: str, accident: Span) -> tuple[int, int] | None:
    """4月26日凌晨,沈丘县金鼎纺织有限公司成品仓库发生火灾…: the sentence that opens with
    the day an accident's date code names and tells something happening tells that accident."""
    code = date_code(accident._.canonical)
    if code is None:
        return None
    month, day = re.split(r"[·.．]", code)
    month_word, day_word = resources.word_list("accidents.date-words")
    for m in re.finditer(rf"(?<!\d){month}{month_word}{day}{day_word}", text):
        start, end = sentence_bounds(text, m.start())
        if resources.pattern("accidents.happened").search(text, m.end(), end) \
                or resources.pattern("accidents.happened-by").search(text, m.end(), end):
            return start, end
    return None


def explained(text: str, accident: Span) -> tuple[int, int]:
    """讷河市“3·21”事故系讷河市通达物流有限公司一辆重型货车超载侧翻: the clause that says
    what the accident was, right after its name (``accidents.explained``)."""
    if not text.startswith(resources.word_list("accidents.explained-by"), accident.end_char):
        return 0, 0
    ends = [i for c in CLAUSE_END if (i := text.find(c, accident.end_char)) != -1]
    return accident.end_char, min(ends + [len(text)])


def responding_meeting(text: str, accident: Span, meetings: SpansInOrder) -> tuple[Span | None, str]:
    """The meeting that responds to ``accident``, and the rule that says so."""
    s_start, s_end = sentence_bounds(text, accident.start_char)
    meeting = meeting_in(meetings, s_start, s_end)
    if meeting is not None and meeting.start_char < accident.start_char:
        return meeting, "accidents.meeting-before"
    if meetings.spans and text.startswith(resources.word_list("accidents.meeting-subject")[0], s_start):
        return main_meeting(text, meetings), "accidents.meeting-is-subject"
    if meetings.spans and any(w in text[s_start:accident.start_char] for w in resources.word_list("accidents.at-the-meeting")):
        return main_meeting(text, meetings), "accidents.said-at-the-meeting"
    return None, ""


def responding_campaigns(text: str, accidents: list[Span], campaigns: list[Span], headline: tuple[int, int]):
    """Yield ``(campaign, accident, rule)``: a campaign answers the accident named last
    before it in its sentence when a cue says so (针对, 汲取…教训), else the one accident
    its article's headline names."""
    in_headline = {date_code(a._.canonical) for a in accidents if headline[0] <= a.start_char < headline[1]}
    headline_accident = next((a for a in accidents if headline[0] <= a.start_char < headline[1]), None)
    for campaign in campaigns:
        s_start, _ = sentence_bounds(text, campaign.start_char)
        before = [a for a in accidents if s_start <= a.start_char and a.end_char <= campaign.start_char]
        if before and any(w in text[s_start:campaign.start_char] for w in resources.word_list("accidents.response-cue")):
            yield campaign, before[-1], "accidents.campaign-after"
        elif headline_accident is not None and len(in_headline) == 1:
            yield campaign, headline_accident, "accidents.headline-accident"


def _first_enterprise(bodies: SpansInOrder, start: int, end: int) -> Span | None:
    return next((b for b in bodies.starting_in(start, end) if b._.subtype == "enterprise"), None)


@Language.component("kg_accident_relations", requires=["doc.spans"], assigns=["doc._.relations"])
def accident_relations_component(doc: Doc) -> Doc:
    text = text_of(doc)
    meetings = article_meetings(doc)
    bodies = SpansInOrder(b for b in mentions(doc, "Body") if not b._.implied)
    accidents = [e for e in mentions(doc, "Event") if e._.subtype == "Accident"]
    places = {a: (p, rule) for a, p, rule in find_places(text, accidents, SpansInOrder(mentions(doc, "Place")))}
    for accident in accidents:
        if accident in places:
            add_relation(doc, accident, "occurredIn", places[accident][0], rule=places[accident][1])
        if involved := bodies.inside(accident):
            last = max(involved, key=lambda b: (b.end_char, -b.start_char))
            add_relation(doc, accident, "involves", last, rule="accidents.body-inside")
        elif (first := _first_enterprise(bodies, *described(text, accident, accidents))) is not None:
            add_relation(doc, accident, "involves", first, rule="accidents.described")
        elif (first := _first_enterprise(bodies, *explained(text, accident))) is not None:
            add_relation(doc, accident, "involves", first, rule="accidents.explained")
        meeting, rule = responding_meeting(text, accident, meetings)
        if meeting is not None:
            add_relation(doc, meeting, "respondsTo", accident, rule=rule)
    campaigns = [e for e in mentions(doc, "Event") if e._.subtype == "Campaign"]
    for campaign, accident, rule in responding_campaigns(text, accidents, campaigns, headline_bounds(doc)):
        add_relation(doc, campaign, "respondsTo", accident, rule=rule)
    return doc
