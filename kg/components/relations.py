"""``kg_relations``: relations between the mentions, from the cues of GUIDELINES.md.

- presided / spokeAt / attended: an official followed in the same clause by 主持 /
  讲话 … / 出席 …, about the meeting of that sentence or else the article's main meeting
  (its first meeting that is not a party congress);
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

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import resources
from .base import add_relation, mentions, sentence_bounds

CLAUSE_END = "。!?;\n,"


def _main_meeting(doc: Doc) -> Span | None:
    meetings = [m for m in mentions(doc, "Event") if m._.subtype == "Meeting"
                and not m.text.startswith("党的")]
    return meetings[0] if meetings else None


def _meeting_in(doc: Doc, start: int, end: int) -> Span | None:
    for m in mentions(doc, "Event"):
        if m._.subtype == "Meeting" and start <= m.start_char < end and not m.text.startswith("党的"):
            return m
    return None


def _containing(spans, inner: Span):
    return [s for s in spans if s.start_char <= inner.start_char and inner.end_char <= s.end_char and s != inner]


@Language.component("kg_relations")
def relations_component(doc: Doc) -> Doc:
    text = doc.text
    cues = resources.cues()
    main = _main_meeting(doc)
    officials = mentions(doc, "Official")
    bodies = [b for b in mentions(doc, "Body") if not b._.implied]

    # presided / spokeAt / attended
    for person in officials:
        clause_end = min([i for c in CLAUSE_END if (i := text.find(c, person.end_char)) != -1] + [len(text)])
        clause = text[person.end_char:clause_end]
        s_start, s_end = sentence_bounds(text, person.start_char)
        meeting = _meeting_in(doc, s_start, s_end) or main
        if meeting is None:
            continue
        for predicate in ("presided", "spokeAt", "attended"):
            if any(cue in clause for cue in cues[predicate]):
                add_relation(doc, person, predicate, meeting)

    # convened: 省应急管理厅召开党委扩大会议
    for body in bodies:
        for cue in cues["convened"]:
            if text.startswith(cue, body.end_char):
                meeting = _meeting_in(doc, body.end_char, body.end_char + len(cue) + 40)
                if meeting is not None and meeting.start_char <= body.end_char + len(cue) + 1:
                    add_relation(doc, body, "convened", meeting)

    # emphasized: the speaker of each principle.
    speakers = officials + bodies + [m for m in mentions(doc, "Event") if m._.subtype == "Meeting"]
    speech = cues["speech"]
    speech_re = re.compile("|".join(map(re.escape, speech)))
    events: list[tuple[int, Span | None, bool]] = []  # (position, speaker, heading)
    for m in speech_re.finditer(text):
        before = text[max(0, m.start() - 2):m.start()]
        who = next((s for s in speakers if s.end_char == m.start()), None)
        if who is None and text.endswith("会议", 0, m.start()):
            who = main
        if who is None and before and before[-1] in "要并":  # 要求 / 并强调 keep the speaker
            continue
        line_end = text.find("\n", m.end())
        heading = who is not None and text[m.end():line_end if line_end != -1 else len(text)].strip() == ""
        events.append((m.start(), who, heading))
    for principle in mentions(doc, "Principle"):
        para_start = text.rfind("\n", 0, principle.start_char) + 1
        speaker = None
        for pos, who, heading in events:
            if pos > principle.start_char:
                break
            if pos >= para_start or heading:
                speaker = who
        if speaker is not None:
            add_relation(doc, speaker, "emphasized", principle)

    # Accidents: place, body, and the meeting that responds to them.
    places = mentions(doc, "Place")
    for accident in (e for e in mentions(doc, "Event") if e._.subtype == "Accident"):
        inside = [p for p in places if _containing([accident], p)]
        if inside:
            add_relation(doc, accident, "occurredIn", inside[-1])
        involved = [b for b in bodies if _containing([accident], b)]
        if involved:
            add_relation(doc, accident, "involves", involved[-1])
        s_start, s_end = sentence_bounds(text, accident.start_char)
        sentence = text[s_start:s_end]
        if main is not None and (sentence.startswith("会议") or s_start <= main.start_char < s_end):
            add_relation(doc, main, "respondsTo", accident)
    return doc
