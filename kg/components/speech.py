"""``kg_speech``: who is speaking where, carried across sentences, and so who emphasised
each principle.

The text is read as a sequence of turns: each speech cue (强调, 指出, 表示 …; demands
such as 要求 only where someone is named) gives the floor to its speaker. A principle
is emphasised by the speaker of the last turn in its paragraph before it, else of the
last heading turn above the paragraph. Rules:

- ``speech.cue-speaker``: the official, body or meeting right before the cue, within a
  few words in the same clause (习近平总书记强调, 唐登杰在讲话中指出); ``会议`` right
  before the cue is the meeting of the clause or the article's main meeting (会议强调);
  the one who speaks at a meeting, not the meeting, when both are named
  (黄强在…会议上强调); words relayed by a reporting verb are not speech;
- ``speech.sentence-subject``: a speech verb with no speaker in its clause takes the
  official who opens the sentence (黄强出席会议并讲话,强调…), or ends the current turn
  when the clause has a subject kg does not know (干部群众…纷纷表示);
- ``speech.heading``: a line that is only ``NAME + 强调`` makes NAME the speaker of the
  paragraphs under it;
- ``speech.pronoun``: 他/她 before a speech verb is the first official of the last
  sentence before it that names one (吉克曲布进行点评。他指出,…);
- ``speech.instruction-author``: 批示指出 speaks with the voice of the official who made
  the instruction just before (国务院总理李克强作出重要批示。批示指出:…);
- ``speech.adherence-subject``: a principle after an adherence verb opening its clause
  (坚持, 落实 …) with no subject of its own is emphasised by the bodies or officials
  listed at the start of the clause before (山东省委、省政府成立…指挥部,坚持人民至上…);
- ``speech.speech-author``: under a headline that says the text is a speech
  (在…会议上的讲话), the post-and-name line names who speaks it all;
- ``speech.colon-speaker``: a name opening a line before a colon speaks that line (an
  interview's answer: 蓝郁琳：我们始终坚持…);
- ``speech.signed-author``: a signed article (作者系… at its end) is its author's voice,
  from the name line of its head on;
- ``speech.signature``: a line that is only a post and a name signs the article: its
  official emphasises the quoted principles the text commits to below it
  (坚持“以防为主、防抗救相结合”方针).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import resources
from .base import (CLAUSE_END, SpansInOrder, add_relation, article_meetings, clause_start, first_line_end, head_end,
                   is_signature_line, mentions, sentence_bounds, text_of)

SPEAKER_REACH = 8  # characters between a speaker and its cue, at most
INSTRUCTION_REACH = 200  # characters back to the official who made an instruction (批示)
HEAD_LINES = 5  # lines of an interview's head, where ——访… names the interviewee
SPEAKER_GAP = re.compile(rf"[^,。;!?\n“”、]{{0,{SPEAKER_REACH}}}")


@dataclass(frozen=True)
class Turn:
    """From ``at`` on, ``speaker`` has the floor (``None``: nobody kg knows)."""

    at: int
    speaker: Span | None
    heading: bool   # the cue ends its line: the speaker goes on in the paragraphs below
    rule: str


def _meeting_speaker(text: str, cue: int, speakers: dict[int, list[Span]], main: Span | None,
                     meetings_speak: bool) -> Span | None:
    """会议强调: the meeting written right before the cue, else the main meeting — but
    only a meeting that is its clause's subject speaks (学习贯彻会议要求 does not)."""
    at = [s for s in speakers.get(cue, ()) if s.label_ == "Event"] if meetings_speak else []
    start = at[0].start_char if at else cue - len(resources.word_list("speech.meeting")[0])
    if start == 0 or text[start - 1] in CLAUSE_END:
        return at[0] if at else main
    return None


def _nearest_speaker(text: str, cue: int, speakers: dict[int, list[Span]], meetings_speak: bool) -> Span | None:
    """The speaker ending nearest before ``cue``, with only a few words between (the
    longest one when two end at the same place)."""
    best = None
    for end in range(max(0, cue - SPEAKER_REACH), cue + 1):
        for s in speakers.get(end, ()):
            if (meetings_speak or s.label_ != "Event") and SPEAKER_GAP.fullmatch(text, end, cue):
                if best is None or end > best.end_char or (end == best.end_char and s.start_char < best.start_char):
                    best = s
    return best


def speaker_before(text: str, cue: int, speakers: dict[int, list[Span]], main: Span | None,
                   meetings_speak: bool = True) -> Span | None:
    """Who speaks at the speech cue at ``cue`` (see ``speech.cue-speaker``). ``speakers``:
    the candidates (officials, bodies, meetings) by where they end."""
    if text.endswith(resources.word_list("speech.meeting")[0], 0, cue):
        return _meeting_speaker(text, cue, speakers, main, meetings_speak)
    best = _nearest_speaker(text, cue, speakers, meetings_speak)
    if best is not None and any(text.endswith(v, 0, best.start_char) for v in resources.cues()["reporting"]):
        return None
    if best is not None and best.label_ == "Event" and text.endswith(resources.word_list("speech.at")[0], 0,
                                                                      best.start_char):
        # 黄强在…会议上强调: the one at the meeting speaks, not the meeting.
        return speaker_before(text, best.start_char - 1, speakers, main, meetings_speak=False) or best
    return best


def sentence_subject(text: str, cue: int, officials: SpansInOrder) -> Span | None:
    """The speaker of a speech verb with no speaker in its clause (``speech.sentence-subject``)."""
    start = clause_start(text, cue)
    if not resources.pattern("speech.continuing").fullmatch(text, start, cue):
        return None
    s_start, _ = sentence_bounds(text, cue)
    first = officials.starting_in(s_start, start)
    return first[0] if first else None


def pronoun_antecedent(text: str, cue: int, officials: SpansInOrder) -> Span | None:
    """吉克曲布进行点评。他指出,… (``speech.pronoun``): 他/她 opening the clause of a speech
    verb is the subject of the sentence before that names an official — its first
    official (和丽萍…听取了矿长虎振林…汇报。她指出: 和丽萍), not far back."""
    start = clause_start(text, cue)
    if text[start:cue] not in resources.word_list("speech.pronoun"):
        return None
    before = officials.starting_in(max(0, cue - INSTRUCTION_REACH), start)
    if not before:
        return None
    s_start, _ = sentence_bounds(text, before[-1].start_char)
    return next(o for o in before if o.start_char >= s_start)


def instruction_author(text: str, cue: int, officials: SpansInOrder) -> Span | None:
    """批示指出 (``speech.instruction-author``): the official who, shortly before, made the
    instruction (国务院总理李克强作出重要批示。批示指出:…)."""
    noun = resources.word_list("speech.instruction")[0]
    if not text.endswith(noun, 0, cue):
        return None
    for official in reversed(officials.starting_in(max(0, cue - INSTRUCTION_REACH), cue - len(noun))):
        made = text.find(noun, official.end_char, official.end_char + SPEAKER_REACH + len(noun))
        if made != -1 and made < cue - len(noun):
            return official
    return None


def adherence_subjects(text: str, principle: Span, subjects: SpansInOrder) -> list[Span]:
    """山东省委、省政府成立…指挥部,坚持人民至上、生命至上 (``speech.adherence-subject``): a
    principle after an adherence verb that opens its clause is emphasised by the bodies
    or officials listed at the start of the clause before, in the same sentence."""
    start = clause_start(text, principle.start_char)
    if not text.startswith(resources.cues()["adherence"], start) or start == 0 or text[start - 1] not in ",":
        return []
    s_start, _ = sentence_bounds(text, principle.start_char)
    previous = clause_start(text, start - 1)
    if previous < s_start:
        return []
    found, pos = [], previous
    while (at := [s for s in subjects.starting_in(pos, pos + 1)]):
        found.append(at[0])
        pos = at[0].end_char + (1 if text[at[0].end_char:at[0].end_char + 1] == "、" else 0)
    return found if found and not text.startswith(resources.cues()["speech"], pos) else []


def line_turns(text: str, officials: list[Span]) -> list[Turn]:
    """The turns that lines give: a post-and-name line signs the article, or, under a
    speech's headline, names who speaks it all; a name and a colon open an answer."""
    headline = text[:first_line_end(text)]
    signature = "speech.speech-author" if resources.pattern("speech.speech-title").search(headline) \
        else "speech.signature"
    signed = resources.pattern("officials.author-is").search(text) is not None
    return ([Turn(o.end_char, o, True, signature) for o in officials if is_signature_line(text, o)]
            + [Turn(o.end_char, o, True, "speech.signed-author") for o in officials
               if signed and o._.rule == "officials.signed-author"]
            + [Turn(o.end_char, o, False, "speech.colon-speaker") for o in officials if opens_an_answer(text, o)]
            + interviewee_answers(text, officials))


def interviewee_answers(text: str, officials: list[Span]) -> list[Turn]:
    """——访应急管理部…司司长谌宏图, then 问：… 答：…: the official an interview's head names
    after 访 speaks each answer, a question ends it."""
    head = resources.pattern("speech.interview-head").search(text, 0, head_end(text, HEAD_LINES))
    if head is None:
        return []
    line_end = text.find("\n", head.end())
    line_end = len(text) if line_end == -1 else line_end
    who = next((o for o in officials if head.end() <= o.start_char < line_end), None)
    if who is None:
        return []
    return [Turn(m.end(), who if m.group(1) else None, False, "speech.interviewee-answers")
            for m in resources.pattern("speech.answer-or-question").finditer(text)]


def opens_an_answer(text: str, official: Span) -> bool:
    """蓝郁琳：我们始终坚持…: a name opening a line and followed by a colon speaks the line
    (an interview's answer)."""
    return (official.start_char == 0 or text[official.start_char - 1] == "\n") \
        and text[official.end_char:official.end_char + 1] in resources.char_set("speech.colon")


def _speaker_of(text: str, cue: int, speakers: dict[int, list[Span]], main: Span | None,
                officials: SpansInOrder) -> tuple[Span | None, str]:
    """Who is named as speaking at ``cue``, and the rule: right before it, as the author
    of an instruction, or through a pronoun."""
    if (who := speaker_before(text, cue, speakers, main)) is not None:
        return who, "speech.cue-speaker"
    if (who := instruction_author(text, cue, officials)) is not None:
        return who, "speech.instruction-author"
    return pronoun_antecedent(text, cue, officials), "speech.pronoun"


def speech_turns(text: str, officials: list[Span], speakers: dict[int, list[Span]], main: Span | None) -> list[Turn]:
    """Every turn of the text, in order (see the module docstring)."""
    cues = resources.cues()
    reported = re.compile("|".join(map(re.escape, cues.get("reported", ()))) or "$^")
    strict = set(cues["speech"])
    speech = re.compile("|".join(map(re.escape, sorted(strict | set(cues["demand"]), key=len, reverse=True))))
    in_order = SpansInOrder(officials)
    turns = []
    for m in speech.finditer(text):
        if reported.match(text, max(0, m.start() - 2)):
            continue
        who, rule = _speaker_of(text, m.start(), speakers, main, in_order)
        if who is None:
            if m.group() not in strict:
                continue  # 认真落实“…”要求: a noun, not a new speaker; the current one goes on
            who, rule = sentence_subject(text, m.start(), in_order), "speech.sentence-subject"
        line_end = text.find("\n", m.end())
        heading = who is not None and text[m.end():line_end if line_end != -1 else len(text)].strip() == ""
        turns.append(Turn(m.start(), who, heading, "speech.heading" if heading else rule))
    turns += line_turns(text, officials)
    return sorted(turns, key=lambda t: t.at)


def _commits_to(text: str, principle: Span) -> bool:
    """坚持“以防为主、防抗救相结合”方针: a quoted principle after an adherence verb in its clause."""
    quoted = text[principle.start_char - 1:principle.start_char] == "“"
    before = text[clause_start(text, principle.start_char):principle.start_char]
    return quoted and any(v in before for v in resources.cues()["adherence"])


def find_emphasis(text: str, principles: list[Span], turns: list[Turn]):
    """``(speaker, principle, rule)`` for each principle that has a speaker: one sweep,
    turns and principles in text order."""
    k, last, last_heading = 0, None, None
    for principle in principles:
        while k < len(turns) and turns[k].at <= principle.start_char:
            last = turns[k]
            last_heading = last if last.heading else last_heading
            k += 1
        para_start = text.rfind("\n", 0, principle.start_char) + 1
        turn = last if last is not None and last.at >= para_start else last_heading
        if turn is None or turn.speaker is None:
            continue
        if turn.rule == "speech.signature" and not _commits_to(text, principle):
            continue  # the author speaks only where the text commits to a quoted principle
        yield turn.speaker, principle, turn.rule


@Language.component("kg_speech", requires=["doc.spans"], assigns=["doc._.relations"])
def speech_component(doc: Doc) -> Doc:
    text = text_of(doc)
    meetings = article_meetings(doc)
    main = meetings.spans[0] if meetings.spans else None
    officials = mentions(doc, "Official")
    bodies = [b for b in mentions(doc, "Body") if not b._.implied]
    by_end: dict[int, list[Span]] = {}
    for s in officials + bodies + [m for m in mentions(doc, "Event") if m._.subtype == "Meeting"]:
        by_end.setdefault(s.end_char, []).append(s)
    turns = speech_turns(text, officials, by_end, main)
    principles = mentions(doc, "Principle")
    for speaker, principle, rule in find_emphasis(text, principles, turns):
        add_relation(doc, speaker, "emphasized", principle, rule=rule)
    subjects = SpansInOrder(officials + bodies)
    for principle in principles:
        for subject in adherence_subjects(text, principle, subjects):
            add_relation(doc, subject, "emphasized", principle, rule="speech.adherence-subject")
    return doc
