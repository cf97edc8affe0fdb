"""``kg_relations``: relations between the mentions, from the cues of GUIDELINES.md.

- presided / spokeAt / attended: an official followed in the same clause by 主持 /
  讲话 … / 出席 …, about the meeting named in that clause or else the article's main
  meeting (its first meeting that is not a party congress); officials listed before it
  with only their posts between (省长许昆林,省委常委、常务副省长马欣出席会议) do the same;
- convened: a body right before 召开 and a meeting after it;
- emphasized: each principle gets the speaker of its paragraph — the official, body or
  meeting that last introduced speech (``王震强调``, ``会议指出``, ``…表示``); a line that is
  only ``NAME + 强调`` makes NAME the speaker of the paragraphs under it; ``会议`` as a
  speaker is the main meeting;
- respondsTo: the main meeting and an accident named in a sentence about the meeting;
- occurredIn / involves: the most specific place and the body written inside an
  accident's name.
partOf and holdsPost come from the name grammar (``kg_bodies``, ``kg_officials``).
"""
from __future__ import annotations

import re
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import resources
from .base import DATE_CODE, SpansInOrder, add_relation, mentions, sentence_bounds, text_of

CLAUSE_END = "。!?;\n,"


def _meetings(doc: Doc) -> SpansInOrder:
    """The meetings that can be the article's or a clause's meeting (not party congresses)."""
    return SpansInOrder(m for m in mentions(doc, "Event")
                        if m._.subtype == "Meeting" and not m.text.startswith("党的"))


def _meeting_in(meetings: SpansInOrder, start: int, end: int) -> Span | None:
    found = meetings.starting_in(start, end)
    return found[0] if found else None


LEVELS = {"province": 1, "city": 2, "county": 3}


def _specificity(place: Span) -> int:
    divisions = resources.places().get(place.text, [])
    return max((LEVELS.get(d.level, 0) for d in divisions), default=0)


def _accident_key(accident: Span) -> str:
    m = DATE_CODE.search(accident.text)
    return m.group() if m else accident._.canonical


def _listed_before(text: str, person: Span, by_end: list[Span], ends: list[int], posts: set[int]) -> list[Span]:
    """The officials listed right before ``person`` (``甲,乙、丙出席``): each separated
    from the next by a comma and nothing but posts (the characters of bodies, in
    ``posts``, and titles). ``by_end``: the officials sorted by where they end (``ends``)."""
    out, cur = [], person
    for k in range(bisect_right(ends, person.start_char) - 1, -1, -1):
        prev = by_end[k]
        gap = text[prev.end_char:cur.start_char]
        if not gap or gap[0] not in ",、" or len(gap) > 30:
            break
        i = prev.end_char + 1
        while i < cur.start_char:
            t = resources.title_at(text, i)
            if t:
                i += len(t)
            elif i in posts or text[i] == "、":
                i += 1
            else:
                break
        if i != cur.start_char:
            break
        out.append(prev)
        cur = prev
    return out


SPEAKER_REACH = 8  # characters between a speaker and its cue, at most
SPEAKER_GAP = re.compile(rf"[^,。;!?\n“”、]{{0,{SPEAKER_REACH}}}")


def _ending_at(spans) -> dict[int, list[Span]]:
    by_end: dict[int, list[Span]] = {}
    for s in spans:
        by_end.setdefault(s.end_char, []).append(s)
    return by_end


def _speaker_before(text: str, cue: int, speakers: dict[int, list[Span]], main: Span | None,
                    meetings_speak: bool = True) -> Span | None:
    """Who speaks at the speech cue at ``cue``: a meeting right before it (会议强调), else the
    nearest official, body or meeting before it in the same clause, separated by at most a
    few words (习近平总书记强调, 唐登杰在讲话中指出). ``speakers``: the candidates by where
    they end."""
    if text.endswith("会议", 0, cue):
        at = [s for s in speakers.get(cue, ()) if s.label_ == "Event"] if meetings_speak else []
        # Only a meeting that is the clause's subject speaks: 学习贯彻会议要求 does not.
        start = at[0].start_char if at else cue - 2
        return (at[0] if at else main) if start == 0 or text[start - 1] in CLAUSE_END + "。" else None
    best = None
    for end in range(max(0, cue - SPEAKER_REACH), cue + 1):
        for s in speakers.get(end, ()):
            if (meetings_speak or s.label_ != "Event") and SPEAKER_GAP.fullmatch(text, end, cue):
                if best is None or end > best.end_char or (end == best.end_char and s.start_char < best.start_char):
                    best = s
    if best is not None and any(text.endswith(v, 0, best.start_char) for v in resources.cues()["reporting"]):
        return None
    if best is not None and best.label_ == "Event" and text.endswith("在", 0, best.start_char):
        # 黄强在…会议上强调: the one at the meeting speaks, not the meeting.
        person = _speaker_before(text, best.start_char - 1, speakers, main, meetings_speak=False)
        return person or best
    return best


def _is_author_line(text: str, official: Span) -> bool:
    """A line that is only a post and a name (山西省应急管理厅党委书记、厅长王启瑞) signs the
    article: its official speaks in the paragraphs below."""
    line_start = text.rfind("\n", 0, official.start_char) + 1
    line_end = text.find("\n", official.end_char)
    line_end = len(text) if line_end == -1 else line_end
    line = text[line_start:line_end]
    return (text[official.end_char:line_end].strip() == "" and official.start_char > line_start
            and len(line) <= 40 and not re.search(r"[,。;:!?“”]", line))


def _clause_start(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts (after the last comma or sentence end)."""
    return max(text.rfind(c, 0, pos) for c in CLAUSE_END + "。") + 1


CONTINUING = re.compile(r"[并还又也再同时即随后纷]*")


def _sentence_subject(text: str, cue: int, officials: SpansInOrder) -> Span | None:
    """The speaker of a speech verb with no speaker in its clause: in
    ``黄强出席会议并讲话,强调…`` the official who opens the sentence; ``None`` when the
    clause has a subject kg does not know (我省干部群众…纷纷表示)."""
    clause_start = _clause_start(text, cue)
    if not CONTINUING.fullmatch(text, clause_start, cue):
        return None
    s_start, _ = sentence_bounds(text, cue)
    first = officials.starting_in(s_start, clause_start)
    return first[0] if first else None


@Language.component("kg_relations")
def relations_component(doc: Doc) -> Doc:
    text = text_of(doc)
    cues = resources.cues()
    meetings = _meetings(doc)
    main = meetings.spans[0] if meetings.spans else None
    officials = mentions(doc, "Official")
    bodies = [b for b in mentions(doc, "Body") if not b._.implied]
    posts = {i for b in mentions(doc, "Body") for i in range(b.start_char, b.end_char)}
    by_end = sorted(officials, key=lambda o: o.end_char)
    ends = [o.end_char for o in by_end]
    in_order = SpansInOrder(officials)

    reported = re.compile("|".join(map(re.escape, cues.get("reported", ()))) or "$^")

    # presided / spokeAt / attended: the meeting named in the clause (主持召开市委常委会会议),
    # else the article's meeting (出席会议并讲话) — not one named later as a reference.
    for person in officials:
        clause_end = min([i for c in CLAUSE_END if (i := text.find(c, person.end_char)) != -1] + [len(text)])
        clause = reported.sub("", text[person.end_char:clause_end])
        meeting = _meeting_in(meetings, person.end_char, clause_end) or main
        if meeting is None:
            continue
        for predicate in ("presided", "spokeAt", "attended"):
            if any(cue in clause for cue in cues[predicate]):
                for listed in _listed_before(text, person, by_end, ends, posts):
                    add_relation(doc, listed, predicate, meeting)
                add_relation(doc, person, predicate, meeting)

    # convened: 省应急管理厅召开党委扩大会议
    for body in bodies:
        for cue in cues["convened"]:
            if text.startswith(cue, body.end_char):
                meeting = _meeting_in(meetings, body.end_char, body.end_char + len(cue) + 40)
                if meeting is not None and meeting.start_char <= body.end_char + len(cue) + 1:
                    add_relation(doc, body, "convened", meeting)
                    # 省政府召开党组(扩大)会议: the meeting is also 省政府党组(扩大)会议.
                    meeting._.aliases = tuple(meeting._.aliases) + (body.text + meeting.text,)

    # emphasized: the speaker of each principle.
    speakers = _ending_at(officials + bodies + [m for m in mentions(doc, "Event") if m._.subtype == "Meeting"])
    strict = set(cues["speech"])
    speech_re = re.compile("|".join(map(re.escape, sorted(strict | set(cues["demand"]), key=len, reverse=True))))
    events: list[tuple[int, Span | None, bool]] = []  # (position, speaker, heading)
    for m in speech_re.finditer(text):
        if reported.match(text, max(0, m.start() - 2)):
            continue
        who = _speaker_before(text, m.start(), speakers, main)
        if who is None:
            if m.group() not in strict:
                # 认真落实“…”要求: a noun, not a new speaker; the current one goes on.
                continue
            who = _sentence_subject(text, m.start(), in_order)
        line_end = text.find("\n", m.end())
        heading = who is not None and text[m.end():line_end if line_end != -1 else len(text)].strip() == ""
        events.append((m.start(), who, heading))
    # A signed article's author speaks in the paragraphs below the signature line.
    turns = sorted([(pos, who, heading, False) for pos, who, heading in events]
                   + [(o.end_char, o, True, True) for o in officials if _is_author_line(text, o)],
                   key=lambda t: t[0])
    adherence = cues["adherence"]
    # The speaker of a principle is the last turn in its paragraph before it, else the
    # last heading turn above the paragraph: one sweep, turns and principles in text order.
    k, last, last_heading = 0, None, None
    for principle in mentions(doc, "Principle"):
        while k < len(turns) and turns[k][0] <= principle.start_char:
            last = turns[k]
            last_heading = last if last[2] else last_heading
            k += 1
        para_start = text.rfind("\n", 0, principle.start_char) + 1
        turn = last if last is not None and last[0] >= para_start else last_heading
        speaker, by_signature = (turn[1], turn[3]) if turn is not None else (None, False)
        if speaker is not None and by_signature:
            # The author speaks only where the text commits to a quoted principle
            # (坚持“以防为主、防抗救相结合”方针), not in every mention of one.
            clause_start = _clause_start(text, principle.start_char)
            quoted = text[principle.start_char - 1:principle.start_char] == "“"
            if not (quoted and any(v in text[clause_start:principle.start_char] for v in adherence)):
                speaker = None
        if speaker is not None:
            add_relation(doc, speaker, "emphasized", principle)

    # Accidents: place, body, and the meeting that responds to them.
    places = SpansInOrder(mentions(doc, "Place"))
    bodies_in = SpansInOrder(bodies)
    accidents = [e for e in mentions(doc, "Event") if e._.subtype == "Accident"]
    # The most specific place named in any of an accident's mentions (离石区 in
    # 吕梁市离石区永聚煤业…, though another mention names only 吕梁).
    where: dict[str, Span] = {}
    for accident in accidents:
        for p in places.inside(accident):
            key = _accident_key(accident)
            if key not in where or _specificity(p) > _specificity(where[key]):
                where[key] = p
    for accident in accidents:
        if (p := where.get(_accident_key(accident))) is not None and p in places.inside(accident):
            add_relation(doc, accident, "occurredIn", p)
        involved = bodies_in.inside(accident)
        if involved:
            add_relation(doc, accident, "involves", involved[-1])
        s_start, s_end = sentence_bounds(text, accident.start_char)
        sentence = text[s_start:s_end]
        meeting = _meeting_in(meetings, s_start, s_end)
        if meeting is not None and meeting.start_char < accident.start_char:
            add_relation(doc, meeting, "respondsTo", accident)
        elif main is not None and sentence.startswith("会议"):
            add_relation(doc, main, "respondsTo", accident)
    return doc
