"""``kg_meeting_roles``: who presided over, spoke at, attended or convened a meeting.

Rules (GUIDELINES.md, "Relations"; cue words in ``resources/cues.tsv``):

- ``meeting-roles.cue-in-clause``: an official followed in the same clause by 主持 /
  讲话 … / 出席 …, about the meeting named in that clause, else the article's main
  meeting (its first meeting that is not a party congress);
- ``meeting-roles.listed-before``: officials listed before such an official with only
  their posts between (省长许昆林,省委常委、常务副省长马欣出席会议) do the same;
- ``meeting-roles.verb-after-name``: a verb of speaking at a meeting right after the
  name (副省长李谦部署全省安全生产工作) → spokeAt;
- ``meeting-roles.speaks-at-meeting``: 某某在…会议上强调 → spokeAt that meeting;
- ``meeting-roles.speaks-where-held``: a name right before a verb of speech (施惠芳强调)
  speaks at the meeting its paragraph says is held;
- ``meeting-roles.attendee-list``: a name in a list (、) in a sentence that ends by
  saying they attended (…华娟、卢家荣,县直有关单位负责人等参加。);
- ``meeting-roles.body-convenes``: a body right before 召开 and a meeting after it;
- ``meeting-roles.speech-author``: under a headline that says the text is a speech at a
  meeting (在…会议上的讲话), the post-and-name line under it spoke at that meeting;
- ``meeting-roles.heard-report``: the officials whose reports a meeting hears (听取A、B、C
  汇报) spoke at the meeting of that sentence, else at the article's main meeting.

The article's main meeting is the first one the text says is held (召开…, …在某地召开),
not one its people only watched or relayed (收听收看…视频会议).

Revises: a convened meeting also takes the name ``body + meeting``
(省政府 + 党组(扩大)会议 = 省政府党组(扩大)会议) as an alias.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import resources
from .base import (CLAUSE_END, SpansInOrder, add_relation, article_meetings, first_line_end, is_held,
                   is_signature_line, main_meeting, meeting_in, mentions, sentence_bounds, text_of)

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
    """``(official, role, meeting, rule)`` for each official whose clause has a role cue,
    who is listed before such an official, who speaks 在…会议上, who is followed by a
    verb of speaking at a meeting (部署), or who is in a list of attendees."""
    main = main_meeting(text, meetings)
    posts = {i for b in bodies for i in range(b.start_char, b.end_char)}
    by_end = sorted(officials, key=lambda o: o.end_char)
    ends = [o.end_char for o in by_end]
    starts = sorted(o.start_char for o in officials)
    for person in officials:
        clause_end = min([i for c in CLAUSE_END if (i := text.find(c, person.end_char)) != -1] + [len(text)])
        meeting = meeting_in(meetings, person.end_char, clause_end) or main
        if meeting is None:
            continue
        roles = _cued_roles(text, person, clause_end)
        for role in roles:
            for listed in listed_before(text, person, by_end, ends, posts):
                yield listed, role, meeting, "meeting-roles.listed-before"
            yield person, role, meeting, "meeting-roles.cue-in-clause"
        if "spokeAt" not in roles and _speaks_later(text, person, clause_end, starts, posts):
            yield person, "spokeAt", meeting, "meeting-roles.subject-speaks-later"
        yield from _uncued_roles(text, person, meetings, main, meeting, cued=bool(roles))


def _uncued_roles(text: str, person: Span, meetings: SpansInOrder, main: Span, meeting: Span, cued: bool):
    """The roles said otherwise than by a cue in the clause: a verb right after the name,
    在…会议上, speaking where a meeting is held, a list of attendees."""
    if text.startswith(resources.cues()["spokeAt-after-name"], person.end_char):
        yield person, "spokeAt", meeting, "meeting-roles.verb-after-name"
    if (at := _speaks_at(text, person, meetings, main)) is not None:
        yield person, "spokeAt", at, "meeting-roles.speaks-at-meeting"
    if (held := _held_where_spoken(text, person, meetings)) is not None:
        yield person, "spokeAt", held, "meeting-roles.speaks-where-held"
    if not cued and _in_attendee_list(text, person):
        yield person, "attended", meeting, "meeting-roles.attendee-list"


def _cued_roles(text: str, person: Span, clause_end: int) -> list[str]:
    """The roles whose cues are in the clause after ``person`` (reported speech aside)."""
    cues = resources.cues()
    reported = re.compile("|".join(map(re.escape, cues.get("reported", ()))) or "$^")
    clause = reported.sub("", text[person.end_char:clause_end])
    return [role for role in ROLES if any(cue in clause for cue in cues[role])]


def _speaks_later(text: str, person: Span, clause_end: int, starts: list[int], posts: set[int]) -> bool:
    """牛俊杰结合分管的…工作,围绕…作交流发言: the subject of a clause speaks at the meeting
    by a cue in a later clause of its sentence, before the next official, with no speech
    between (what a speaker says is not their role: 强调,要…发言)."""
    s_start, s_end = sentence_bounds(text, person.start_char)
    c_start = max([text.rfind(c, s_start, person.start_char) + 1 for c in CLAUSE_END] + [s_start])
    if not _only_posts(text, c_start, person.start_char, posts):
        return False
    following = starts[bisect_right(starts, person.start_char):]
    cues = resources.cues()
    rest = text[clause_end:min(following[:1] + [s_end])]
    said = min([i for c in cues["speech"] + cues["demand"] if (i := rest.find(c)) != -1] + [len(rest)])
    return any(0 <= rest.find(c) < said for c in cues["spokeAt"])


def _speaks_at(text: str, person: Span, meetings: SpansInOrder, main: Span) -> Span | None:
    """王东峰在河北省安全生产电视电话会议上强调: the meeting a speaker is said to speak at;
    某某在会议上强调: the article's own."""
    speaks = resources.cues()["speech"] + resources.cues()["demand"]
    for said_at in resources.word_list("meetings.at-the-meeting"):
        if text.startswith(said_at, person.end_char) and text.startswith(speaks, person.end_char + len(said_at)):
            return main
    at, on = resources.word_list("meetings.at")
    if not text.startswith(at, person.end_char):
        return None
    if (by_kind := _kind_spoken_at(text, person.end_char + len(at), meetings, main)) is not None:
        return by_kind
    meeting = meeting_in(meetings, person.end_char + len(at), person.end_char + len(at) + 1)
    if meeting is None or not text.startswith(on, meeting.end_char):
        return None
    return meeting if text.startswith(speaks, meeting.end_char + len(on)) else None


def _kind_spoken_at(text: str, pos: int, meetings: SpansInOrder, main: Span | None) -> Span | None:
    """某某在|座谈会|上指出, 在点评会上强调: the meeting of that kind the text names (演练总结
    点评会), else the article's own."""
    _, on = resources.word_list("meetings.at")
    speaks = resources.cues()["speech"] + resources.cues()["demand"]
    kind = next((k for k in sorted(resources.word_list("events.kind-only-meeting"), key=len, reverse=True)
                 if text.startswith(k + on, pos) and text.startswith(speaks, pos + len(k + on))), None)
    if kind is None:
        return None
    return next((m for m in meetings.spans if m._.canonical.endswith(kind)), main)


def _held_where_spoken(text: str, person: Span, meetings: SpansInOrder) -> Span | None:
    """2月1日上午,绍兴市政府召开…会议。市委副书记、市长施惠芳强调…: a name right before a
    verb of speech speaks at the meeting its paragraph says is held; in a paragraph that
    names no meeting, at the article's main meeting when the text says it is held."""
    if not text.startswith(resources.cues()["speech"], person.end_char):
        return None
    para_start = text.rfind("\n", 0, person.start_char) + 1
    para_end = text.find("\n", person.end_char)
    in_paragraph = meetings.starting_in(para_start, len(text) if para_end == -1 else para_end)
    if not in_paragraph:
        main = main_meeting(text, meetings)
        return main if main is not None and is_held(text, main) else None
    return next((m for m in in_paragraph if is_held(text, m)), None)


def _in_attendee_list(text: str, person: Span) -> bool:
    """县处级领导华娟、卢家荣…温如坤,县直有关单位…等参加。: a name in a list of names,
    in a sentence that ends by saying they attended."""
    mark = resources.word_list("posts.list-mark")[0]
    if not (text[person.start_char - 1:person.start_char] == mark or text[person.end_char:person.end_char + 1] == mark):
        return False
    _, s_end = sentence_bounds(text, person.start_char)
    return resources.pattern("meetings.attendees-end").search(text, person.end_char, s_end) is not None


def speech_authors(text: str, officials: list[Span], meetings: SpansInOrder):
    """``(official, meeting)`` under a headline that says the text is a speech at a meeting
    (在全市安全生产工作会议上的讲话): the post-and-name lines name who gave it."""
    first_end = first_line_end(text)
    meeting = meeting_in(meetings, 0, first_end)
    if meeting is None or not resources.pattern("speech.speech-title").search(text, 0, first_end):
        return
    for person in officials:
        if is_signature_line(text, person):
            yield person, meeting


def heard_reports(text: str, officials: list[Span], meetings: SpansInOrder):
    """``(official, meeting)`` for 听取香格里拉市委书记扎西农布、州应急管理局局长七林江初…汇报:
    each official between the verb and the report spoke at the meeting the sentence names,
    or at the main one when it says a meeting heard them (会议听取…)."""
    main = main_meeting(text, meetings)
    for m in resources.pattern("meetings.heard-report").finditer(text):
        s_start, s_end = sentence_bounds(text, m.start())
        # heard at a meeting the sentence names or speaks of (会议听取…), not on a visit
        said_at = any(w in text[s_start:m.start()] for w in resources.word_list("meetings.at-the-meeting-word"))
        meeting = meeting_in(meetings, s_start, s_end) or (main if said_at else None)
        for person in officials:
            if meeting is not None and m.start(1) <= person.start_char and person.end_char <= m.end(1):
                yield person, meeting


def find_conveners(text: str, bodies: list[Span], meetings: SpansInOrder):
    """``(body, meeting)`` for 省应急管理厅召开党委扩大会议: a body right before a
    convening cue (or before the time it was held: 国务院1月11日召开…, 县委、县政府连夜召开…),
    each of the bodies listed there, and a meeting right after it."""
    when = resources.pattern("meetings.time-before-cue")
    by_start = {b.start_char: b for b in bodies}
    mark = resources.word_list("posts.list-mark")[0]
    for body in bodies:
        end = body.end_char
        while text[end:end + 1] == mark and (joint := by_start.get(end + 1)) is not None:
            end = joint.end_char  # 县委、县政府|召开: each of them convenes
        end += len(next((w for w in resources.word_list("posts.party-committee") if text.startswith(w, end)), ""))
        at = (m.end() if (m := when.match(text, end)) else end)
        for cue in resources.cues()["convened"]:
            if text.startswith(cue, at):
                meeting = meeting_in(meetings, at, at + len(cue) + 40)
                if meeting is not None and meeting.start_char <= at + len(cue) + 1:
                    yield body, meeting


@Language.component("kg_meeting_roles", requires=["doc.spans"], assigns=["doc._.relations", "span._.aliases"])
def meeting_roles_component(doc: Doc) -> Doc:
    text = text_of(doc)
    meetings = article_meetings(doc)
    officials = mentions(doc, "Official")
    written_bodies = [b for b in mentions(doc, "Body") if not b._.implied]
    for person, role, meeting, rule in find_roles(text, officials, mentions(doc, "Body"), meetings):
        add_relation(doc, person, role, meeting, rule=rule)
    for person, meeting in speech_authors(text, officials, meetings):
        add_relation(doc, person, "spokeAt", meeting, rule="meeting-roles.speech-author")
    for person, meeting in heard_reports(text, officials, meetings):
        add_relation(doc, person, "spokeAt", meeting, rule="meeting-roles.heard-report")
    for body, meeting in find_conveners(text, written_bodies, meetings):
        add_relation(doc, body, "convened", meeting, rule="meeting-roles.body-convenes")
        meeting._.aliases = tuple(meeting._.aliases) + (body.text + meeting.text,)
        if meeting._.canonical in resources.word_list("events.kind-only-meeting"):
            # 新闻发布会 alone names no meeting; 应急管理部 + 新闻发布会 does.
            meeting._.aliases += (meeting._.canonical,)
            meeting._.canonical = body._.canonical + meeting.text
    return doc
