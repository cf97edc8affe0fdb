"""``kg_meeting_roles``: who presided over, spoke at, attended or convened a meeting.

Rules (GUIDELINES.md, "Relations"; cue words in ``resources/cues.tsv``):

- ``meeting-roles.cue-in-clause``: an official followed in the same clause by 主持 /
  讲话 … / 出席 …, about the meeting named in that clause, else the article's main
  meeting (its first meeting that is not a party congress);
- ``meeting-roles.listed-before``: officials listed before such an official with only
  their posts between (省长许昆林,省委常委、常务副省长马欣出席会议) do the same;
- ``meeting-roles.body-convenes``: a body right before 召开 and a meeting after it.

Revises: a convened meeting also takes the name ``body + meeting``
(省政府 + 党组(扩大)会议 = 省政府党组(扩大)会议) as an alias.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import resources
from .base import CLAUSE_END, SpansInOrder, add_relation, article_meetings, meeting_in, mentions, text_of

ROLES = ("presided", "spokeAt", "attended")


def listed_before(text: str, person: Span, by_end: list[Span], ends: list[int], posts: set[int]) -> list[Span]:
    """The officials listed right before ``person`` (``甲,乙、丙出席``): each separated
    from the next by a comma and nothing but posts (the characters of bodies, in
    ``posts``, and titles). ``by_end``: the officials sorted by where they end (``ends``)."""
    out, cur = [], person
    for k in range(bisect_right(ends, person.start_char) - 1, -1, -1):
        prev = by_end[k]
        gap = text[prev.end_char:cur.start_char]
        if not gap or gap[0] not in ",、" or len(gap) > 30 or not _only_posts(text, prev.end_char + 1,
                                                                               cur.start_char, posts):
            break
        out.append(prev)
        cur = prev
    return out


def _only_posts(text: str, start: int, end: int, posts: set[int]) -> bool:
    """Whether ``text[start:end]`` is nothing but titles, characters of bodies and 、."""
    i = start
    while i < end:
        t = resources.title_at(text, i)
        if t:
            i += len(t)
        elif i in posts or text[i] == "、":
            i += 1
        else:
            return False
    return i == end


def find_roles(text: str, officials: list[Span], bodies: list[Span], meetings: SpansInOrder):
    """``(official, role, meeting, rule)`` for each official whose clause has a role cue."""
    cues = resources.cues()
    main = meetings.spans[0] if meetings.spans else None
    posts = {i for b in bodies for i in range(b.start_char, b.end_char)}
    by_end = sorted(officials, key=lambda o: o.end_char)
    ends = [o.end_char for o in by_end]
    reported = re.compile("|".join(map(re.escape, cues.get("reported", ()))) or "$^")
    for person in officials:
        clause_end = min([i for c in CLAUSE_END if (i := text.find(c, person.end_char)) != -1] + [len(text)])
        clause = reported.sub("", text[person.end_char:clause_end])
        meeting = meeting_in(meetings, person.end_char, clause_end) or main
        if meeting is None:
            continue
        for role in ROLES:
            if any(cue in clause for cue in cues[role]):
                for listed in listed_before(text, person, by_end, ends, posts):
                    yield listed, role, meeting, "meeting-roles.listed-before"
                yield person, role, meeting, "meeting-roles.cue-in-clause"


def find_conveners(text: str, bodies: list[Span], meetings: SpansInOrder):
    """``(body, meeting)`` for 省应急管理厅召开党委扩大会议: a body right before a
    convening cue and a meeting right after it."""
    for body in bodies:
        for cue in resources.cues()["convened"]:
            if text.startswith(cue, body.end_char):
                meeting = meeting_in(meetings, body.end_char, body.end_char + len(cue) + 40)
                if meeting is not None and meeting.start_char <= body.end_char + len(cue) + 1:
                    yield body, meeting


@Language.component("kg_meeting_roles", requires=["doc.spans"], assigns=["doc._.relations", "span._.aliases"])
def meeting_roles_component(doc: Doc) -> Doc:
    text = text_of(doc)
    meetings = article_meetings(doc)
    officials = mentions(doc, "Official")
    written_bodies = [b for b in mentions(doc, "Body") if not b._.implied]
    for person, role, meeting, rule in find_roles(text, officials, mentions(doc, "Body"), meetings):
        add_relation(doc, person, role, meeting, rule=rule)
    for body, meeting in find_conveners(text, written_bodies, meetings):
        add_relation(doc, body, "convened", meeting, rule="meeting-roles.body-convenes")
        meeting._.aliases = tuple(meeting._.aliases) + (body.text + meeting.text,)
    return doc
