"""``kg_events``: meetings, accidents and campaigns.

- **Meeting**: a name ending in 会议 / 全会 / 座谈会 …, or a numbered congress
  (党的二十大); ``A暨B`` is one meeting with the names A暨B, A and B. The name starts at a
  body or jurisdiction (省委…, 全国…, 全省…) or after the verb before it.
- **Accident**: ``“11·16”重大火灾事故`` (a quoted date code, a grade, a kind, 事故), with
  the enterprise and places written before it; ``…瞒报事件``.
- **Campaign**: a name ending in 行动 / 专项整治 / 三年行动 after the verb that starts it.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from .. import resources
from .base import DATE_CODE, add_mention, mentions, on_link_line, on_page_furniture, text_of

NAME_BODY = re.compile(r"[\u4e00-\u9fff\d()（）《》]")
BRACKETS = {"(": 1, "（": 1, "《": 1, ")": -1, "）": -1, "》": -1}
MAX_LIST_ITEM = 6  # characters of an item sharing a campaign's head (危化品|专项整治)
MIN_TOPIC = 4
MAX_MEETING_NAME = 40
MAX_ANCHOR = 40  # characters a place or body before an accident's name may span
MIN_UNSCOPED = 6  # characters a meeting's name keeps without its scope (安全生产工作会议)  # characters of a topic after 、 in a meeting's name (安全生产…会议, not 三中全会)
QUOTED_CODE = re.compile(f"“{DATE_CODE.pattern}”")
# The genre's words are in resources/patterns.tsv and lexicon.tsv (events.*).
pattern, words, chars = resources.pattern, resources.word_list, resources.char_set


def _accident() -> re.Pattern:
    """A quoted date code (optional), then grade, what happened and 事故, or a 瞒报事件."""
    return re.compile(f"(?:{QUOTED_CODE.pattern})?{pattern('events.accident-core').pattern}")


class EventMatch(NamedTuple):
    start: int
    end: int
    subtype: str    # Meeting, Accident or Campaign
    rule: str       # the rule that found it (events.dated-accident)
    names: list[str]
    implied: bool = False  # the text writes part of the name only (燃气|、消防专项整治)


class _Left:
    """Where an event name starts, scanning left from its end over name characters."""

    def __init__(self, text: str):
        function_words = resources.function_words()
        self.text = text
        self.stop = function_words["stopchar"] - chars("events.name-joiner")
        self.verbs = sorted(function_words["verb"], key=len, reverse=True)
        self.verb_lexicon = resources.verb_lexicon()
        self.noun_maker = words("events.noun-maker")[0]

    def start(self, end_of_core: int, limit: int = 40, allow=("、",), nouns=()) -> int:
        """``nouns``: verbs that name what the event is about, not what is done to it
        (执法检查|座谈会), so they do not end its name."""
        text = self.text
        i = end_of_core
        while i > 0 and end_of_core - i < limit:
            c = text[i - 1]
            if not (NAME_BODY.match(c) or c in allow or c in "“”·") or c in self.stop:
                break
            if self.verb_ends_at(i, nouns):
                break
            i -= 1
        i = _after_unopened_bracket(text, i, end_of_core)
        # Verbs that begin the window are not part of the name (持续深入开展…).
        changed = True
        while changed and self.verb_lexicon.longest_at(text, i) is not None:  # else the pass changes nothing
            changed = False
            for v in self.verbs:
                if text.startswith(v, i) and i + len(v) < end_of_core:
                    i += len(v)
                    changed = True
        return i

    def verb_ends_at(self, i: int, nouns) -> bool:
        """Whether a verb ends at ``i``, ending the name read leftwards, unless 大 makes it
        a noun (安全隐患大排查、…大落实专项行动) or it is one of ``nouns``."""
        text = self.text
        return not text.endswith(nouns, 0, i) and any(
            not text.endswith(self.noun_maker + v, 0, i) for v in self.verb_lexicon.all_ending(text, i))


def _after_unopened_bracket(text: str, start: int, end: int) -> int:
    """A closing bracket whose opening one is before ``start`` closes something else (a
    by-line: (记者 杨晓丹)|贵州省…启动仪式): the name starts after it."""
    depth = 0
    for k in range(start, end):
        depth += BRACKETS.get(text[k], 0)
        if depth < 0:
            start, depth = k + 1, 0
    return start


def _joined_meetings(text: str, meetings: list) -> list:
    """``A暨B``: the meeting named A, 暨, and words up to the end of meeting B is one
    meeting (省委常委会扩大会议暨全省持续深入开展安全隐患排查整治工作会议), named by the
    whole and by A and B."""
    out = []
    joiner = words("events.joined-meeting")[0]
    for a_start, a_end, _, _, a_names, _ in meetings:
        if not text.startswith(joiner, a_end):
            continue
        for b_start, b_end, _, _, b_names, _ in meetings:
            between = text[a_end + 1:b_start]
            if b_start > a_end and b_end - a_end <= 50 and not re.search(r"[,。;!?\n、]", between):
                out.append(EventMatch(a_start, b_end, "Meeting", "events.joined-meetings",
                                      list(dict.fromkeys([text[a_start:b_end], a_names[0], b_names[0]]))))
                break
    return out


def _meeting_start(text: str, start: int, core: int) -> int:
    """A meeting's name runs over 、 and 和 between the topics it is about (自治区防灾减灾
    救灾、安全生产暨消防安全工作电视电话会议, 安全生产和消防工作会议), but not past another
    meeting (A会议、B会议), nor back to what the next part, opening with a scope of its own
    (全省…, 全国…), does not continue (重要指示精神和|全国安全生产电视电话会议), nor over a
    list of ordinals (二十届二中、三中全会)."""
    marks, conjunctions = chars("events.topic-mark"), chars("events.name-conjunction")
    for cut in [i for i in range(start, core) if text[i] in marks | conjunctions]:
        before, after = text[start:cut], text[cut + 1:core]
        if pattern("events.meeting-end").search(before) or after.startswith(words("events.meeting-scope")):
            start = cut + 1
        elif text[cut] in marks and len(after) < MIN_TOPIC:
            start = cut + 1
        elif text[cut] in marks:
            break
    return start


class Anchors(dict):
    """Start → end of the places and bodies of a text, in order of their starts, looked up
    by a range of starts (bisect: each lookup logarithmic, not a scan of them all)."""

    def __init__(self, spans: dict[int, int]):
        super().__init__(sorted(spans.items()))
        self.starts = list(self)

    def starting_in(self, lo: int, hi: int) -> list[int]:
        return self.starts[bisect_left(self.starts, lo):bisect_left(self.starts, hi)]


def _anchored_meeting_start(text: str, start: int, core: int, anchors: Anchors) -> int:
    """A meeting named from the body that holds it runs over the verbs inside its name
    (省安委会第三督导组安全生产督导检查情况反馈会): the earliest place or body of the clause
    before ``start``, with no verb that holds or relays a meeting (召开, 传达 …) between."""
    stops = words("events.meeting-outer-verb")
    i = start
    while i > 0 and start - i < MAX_MEETING_NAME and NAME_BODY.match(text[i - 1]) \
            and not any(text.endswith(v, 0, i) for v in stops):
        i -= 1
    first = next((a for a in anchors.starting_in(i, start) if anchors[a] <= core), None)
    return start if first is None else first


def find_meetings(text: str, left: _Left, anchors: Anchors | None = None) -> list:
    """Meetings named by their end (…会议, …全会, 座谈会 …), ``A暨B`` joined, and the
    numbered party congresses (党的二十大)."""
    found = []
    joiner = words("events.joined-meeting")[0]
    for m in pattern("events.meeting-end").finditer(text):
        start = _meeting_start(text, left.start(m.start(), allow=(joiner, "、"), nouns=words("events.verb-in-meeting-name")),
                               m.start())
        start = _anchored_meeting_start(text, start, m.start(), anchors or Anchors({}))
        name = text[start:m.end()]
        held_by_kind = name in words("events.kind-only-meeting") and text.endswith(resources.cues()["convened"], 0, start)
        if (m.end() - start < 4 and not held_by_kind) or name in words("events.generic-meeting") \
                or name.startswith(words("events.generic-meeting-opening")) \
                or text.startswith(words("events.meeting-as-form"), m.end()):
            continue
        parts = [p for p in name.split(joiner) if len(p) >= 4]
        found.append(EventMatch(start, m.end(), "Meeting", "events.meeting-name",
                                [name] + (parts if len(parts) > 1 else [])))
    found += _joined_meetings(text, found)
    found += [EventMatch(m.start(), m.end(), "Meeting", "events.party-congress", [m.group(), m.group()[2:]])
              for m in pattern("events.party-congress").finditer(text)]
    return found


def find_study_sessions(text: str, left: _Left) -> list:
    """A party group's study session is a meeting of the genre (市应急管理局党委理论学习
    中心组开展2025年第三次集中学习): named by its group and its number, without the verb
    that the text writes between them."""
    found = []
    for m in pattern("events.study-session").finditer(text):
        # 市应急管理局党组|召开|理论学习中心组学习会: the group's body before the verb is
        # part of the name, as it is where no verb stands between.
        verb_start, verb_end = m.span("verb") if m.group("verb") else m.span("before")
        start = left.start(m.start(), allow=())
        name = text[start:verb_start] + text[verb_end:m.end()]
        plain = re.sub(r"[(（][^)）]*[)）]$", "", name)
        found.append(EventMatch(start, m.end(), "Meeting", "events.study-session",
                                list(dict.fromkeys([name, plain])), implied=verb_end > verb_start))
    return found


def _dated_accident_start(text: str, left: _Left, at: int, end: int, anchors: Anchors) -> int:
    """Where the name of an accident whose core is ``text[at:end]`` begins: after a
    conjunction (全省安全生产和代县精诚矿业瞒报事件), not at a bare level character before a
    place (我省吕梁市…), at the first place or body before the core (…组成从化区街口街…)."""
    start = left.start(at, limit=30, allow=())
    # A conjunction ends the name (安全生产和|代县…事件), but not one after a date code,
    # inside what happened (“7·26”较大中毒和窒息事故).
    code = QUOTED_CODE.search(text, at, end)
    while (cut := max(text.rfind(c, start, code.start() if code else end)
                      for c in chars("events.name-conjunction"))) != -1:
        start = cut + 1
    if text[start] in resources.levels() and any(text[start + 1:start + 1 + n] in resources.places() for n in (2, 3, 4)):
        start += 1
    first = next((a for a in anchors.starting_in(start - MAX_ANCHOR, at) if anchors[a] > start), None)
    return start if first is None else first


def find_accidents(text: str, left: _Left, anchors: Anchors) -> list:
    """Accidents with a quoted date code (“11·16”重大火灾事故) or a 瞒报事件, then those
    without: a place or body, what happened (火灾, 透水 …) and 事故."""
    found = []
    for m in _accident().finditer(text):
        if not (QUOTED_CODE.search(m.group()) or words("events.concealment")[0] in m.group()):
            continue
        start = _dated_accident_start(text, left, m.start(), m.end(), anchors)
        name = text[start:m.end()]
        code = QUOTED_CODE.search(name)
        found.append(EventMatch(start, m.end(), "Accident", "events.dated-accident",
                                list(dict.fromkeys([name, name[code.start():] if code else name]))))
    dated = {f[1] for f in found}
    for m in re.finditer(re.escape(words("events.accident-word")[0]), text):
        if m.end() in dated:
            continue
        start = left.start(m.start(), limit=30, allow=())
        while start < m.start() and start not in anchors:
            start += 1
        name = text[start:m.end()]
        if start < m.start() and pattern("events.accident-kind").search(name) and m.end() - start >= 8:
            found.append(EventMatch(start, m.end(), "Accident", "events.place-and-kind-accident", [name]))
    return found


def find_plenum_lists(text: str) -> list:
    """二十届二中、三中全会: one plenum per ordinal, each named in full."""
    found = []
    for m in pattern("events.plenum-list").finditer(text):
        term, pos = m.group(1), m.start(2)
        for item in m.group(2).split("、"):
            end = pos + len(item) + (2 if pos + len(item) == m.end(2) else 0)
            found.append(EventMatch(pos if pos != m.start(2) else m.start(), end, "Meeting", "events.plenum-list",
                                    [term + item + words("events.plenum")[0]]))
            pos += len(item) + 1
    return found


def find_campaigns(text: str, left: _Left) -> list:
    """Campaigns named by their end (行动, 专项整治 …) after the verb that starts them, or
    after a conjunction (百日攻坚行动和|安全生产“回头看”); lists split (``_campaign_list``)."""
    found = []
    for m in pattern("events.campaign-end").finditer(text):
        start = left.start(m.start(), allow=("、",))
        if number := pattern("events.list-number").match(text, start):
            start = number.end()
        cut = max(text.rfind(c, start, m.start()) for c in words("events.campaign-head-conjunction"))
        found += _campaign_list(text, start if cut == -1 else cut + 1, m.start(), m.end())
    return found


def _campaign_list(text: str, start: int, head: int, end: int) -> list:
    """The campaign named ``text[start:end]`` (its head starting at ``head``), or those its
    list names (``_listed_campaigns``)."""
    mark = chars("events.topic-mark")
    while start < head and text[start] in mark:  # a 、 left of a list cut mid-way names nothing
        start += 1
    if listed := _listed_campaigns(text, start, head, end):
        return listed
    name = text[start:end]
    # …专项整治 names a campaign only with a head of its own (not 隐患排查和|专项整治);
    # a campaign named by itself (“安全生产月”) needs none.
    if not name.endswith(words("events.campaign-action")) and len(text[start:head].split("、")[0]) < 3 \
            and text[head:end].strip("“”") not in words("events.named-campaign"):
        return []
    long_enough = end - start >= 6 or text[head:end].strip("“”") in words("events.named-campaign")
    return [EventMatch(start, end, "Campaign", "events.campaign-name", [name])] if long_enough else []


def _scoped_campaign(text: str, bounds: list[tuple[int, int]], end: int) -> list:
    """省、市安全生产大检查: the scopes of one campaign, which is named without them."""
    levels = resources.levels()
    if not all(text[a:b] in levels for a, b in bounds[:-1]):
        return []
    last = bounds[-1][0] + (1 if text[bounds[-1][0]] in levels else 0)
    return [EventMatch(last, end, "Campaign", "events.campaign-list", [text[last:end]])]


def _list_cuts(text: str, start: int, head: int) -> list[int]:
    """Where 、 separates the items of a list in ``text[start:head]``; inside quotes it joins
    the words of one formula (“除隐患、保平安”), not campaigns."""
    mark = chars("events.topic-mark")
    return [i for i in range(start, head) if text[i] in mark and text.count("“", start, i) == text.count("”", start, i)]


def _listed_campaigns(text: str, start: int, head: int, end: int) -> list:
    """“铁拳”行动、百日攻坚行动: each item a campaign of its own; 燃气、消防、危化品专项整治:
    short items that share the head (燃气专项整治 …). Anything else with 、 inside is one
    name ([])."""
    cuts = _list_cuts(text, start, head)
    if not cuts:
        return []
    bounds = list(zip([start] + [c + 1 for c in cuts], cuts + [end]))
    if scoped := _scoped_campaign(text, bounds, end):
        return scoped
    ending = pattern("events.campaign-end")
    if all((m := ending.search(text, a, b)) and m.end() == b for a, b in bounds):
        return [EventMatch(a, b, "Campaign", "events.campaign-list", [text[a:b]]) for a, b in bounds]
    if all(b - a <= MAX_LIST_ITEM for a, b in bounds[:-1]) and bounds[-1][0] < head:
        shared = text[head:end]
        return [EventMatch(a, b, "Campaign", "events.campaign-list", [text[a:b] + (shared if b < end else "")],
                           implied=b < end) for a, b in bounds]
    return []


def find_events(text: str, anchors: dict[int, int] | None = None):
    """Yield an ``EventMatch`` per event; where candidates overlap the longest wins
    (省委十二届七次全会暨省委经济工作会议 over 省委十二届七次全会). ``anchors``: start → end of
    the places and bodies of the text; an accident's name starts at its first one, and an
    accident without a date code must start at one (山西吕梁市永聚煤矿一办公楼火灾事故)."""
    anchors = Anchors(anchors or {})
    left = _Left(text)
    # Listed plenums first (the last listed first), so that on equal spans they beat the
    # bare 三中全会 found among the meetings.
    candidates = (find_plenum_lists(text)[::-1] + find_meetings(text, left, anchors)
                  + find_study_sessions(text, left)
                  + find_accidents(text, left, anchors) + find_campaigns(text, left))
    taken: list[tuple[int, int]] = []
    for c in sorted(candidates, key=lambda c: c.start - c.end):
        if not any(a < c.end and c.start < b for a, b in taken):
            taken.append((c.start, c.end))
            yield c


@Language.component("kg_events", requires=["doc.spans"], assigns=["doc.spans", "span._.aliases"])
def events_component(doc: Doc) -> Doc:
    anchors = {m.start_char: m.end_char for m in mentions(doc) if m.label_ in ("Place", "Body")}
    text = text_of(doc)
    found = _kind_only_named(text, _bare_plenums([e for e in find_events(text, anchors)
                                                   if not on_page_furniture(text, e.start)]))
    bodies = {b.start_char: b for b in mentions(doc, "Body") if not b._.implied}
    for start, end, subtype, rule, names, implied in found:
        span = add_mention(doc, start, end, "Event", names[0], subtype=subtype, rule=rule, implied=implied)
        if span is not None:
            span._.aliases = _aliases(names, subtype, bodies.get(start), end)
    for start, end, names in unnamed_meetings(doc, [(s, e) for s, e, *_ in found]):
        span = add_mention(doc, start, end, "Event", names[0], subtype="Meeting", rule="events.unnamed-meeting")
        if span is not None:
            span._.aliases = tuple(names[1:])
    return doc


def _aliases(names: list[str], subtype: str, body, end: int) -> tuple[str, ...]:
    """An event's other names: those found with it, the name with its body's full name
    (市委常委会会议 in a Guangzhou article is also 广州市委常委会会议) and, for a meeting,
    the name without its scope (``_unscoped``)."""
    full = [body._.canonical + n[len(body.text):] for n in names
            if body is not None and body.end_char <= end and n.startswith(body.text) and body._.canonical != body.text]
    return tuple(dict.fromkeys(names[1:] + full + (_unscoped(names) if subtype == "Meeting" else [])))


def _unscoped(names: list[str]) -> list[str]:
    """全区安全生产和防汛工作电视电话会议 is also named without its scope, as a headline
    names it (自治区召开|安全生产和防汛工作电视电话会议)."""
    scopes = sorted(words("events.local-scope"), key=len, reverse=True)
    return [n[len(scope):] for n in names
            if (scope := next((s for s in scopes if n.startswith(s)), None)) and len(n) - len(scope) >= MIN_UNSCOPED]


def _kind_only_named(text: str, found: list) -> list:
    """市政府新闻办举行新闻发布会 under the headline 酒泉市…推进情况新闻发布会: a meeting
    named by its kind alone is the one meeting of the text named in full with that end
    (those a page only links to aside); one named without its number is the one numbered
    (``_numbered``)."""
    kind_only = words("events.kind-only-meeting")
    full = {n: e.names[0] for e in found if e.subtype == "Meeting" and e.names[0] not in kind_only
            and not on_link_line(text, e.start) for n in e.names}  # each name → its meeting's
    out = []
    for e in found:
        names = [n for n in full if n.endswith(e.names[0])] if e.names[0] in kind_only else _numbered(e.names[0], full)
        named = list(dict.fromkeys(full[n] for n in names))
        if e.subtype == "Meeting" and len(named) == 1 and named[0] != e.names[0]:
            e = e._replace(names=named + e.names)
        out.append(e)
    return out


def _numbered(name: str, full) -> list[str]:
    """省政府常务会议 in a headline over 省政府第四十二次常务会议: the one meeting of the text
    that ``name`` names without its number."""
    ordinal = pattern("events.meeting-ordinal")
    return [n for n in full if n != name and ordinal.search(n) and ordinal.sub("", n) == name]


def _bare_plenums(found: list) -> list:
    """这次省委全会 is the plenum the article numbers (省委十二届四次全会) when it numbers one."""
    numbered = {}
    for _, _, subtype, _, names, _ in found:
        if subtype == "Meeting" and (m := pattern("events.numbered-plenum").match(names[0])):
            numbered.setdefault(m.group(1), set()).add(names[0])
    out = []
    plenum = words("events.plenum")[0]
    for e in found:
        holder = e.names[0][:-len(plenum)]
        if e.subtype == "Meeting" and e.names[0].endswith(plenum) and len(numbered.get(holder, ())) == 1:
            e = e._replace(names=e.names + list(numbered[holder]))
        out.append(e)
    return out


def unnamed_meetings(doc: Doc, taken):
    """A meeting the text does not name is named after its convener (GUIDELINES.md):
    省委、省政府立即召开会议 → 省委省政府会议 (also 省委、省政府会议)."""
    text = text_of(doc)
    bodies = {b.end_char: b for b in mentions(doc, "Body") if not b._.implied}
    for m in pattern("events.unnamed-meeting").finditer(text):
        start, end = m.span(1)
        if any(a < end and start < b for a, b in taken) or on_link_line(text, start) \
                or on_page_furniture(text, start):
            continue  # 相关阅读: · 市委常委会召开会议 … is another article's meeting
        conveners, pos = [], m.start()
        party = next((w for w in words("posts.party-committee") if text.endswith(w, 0, pos)), "")
        if pos - len(party) in bodies:
            pos -= len(party)  # 省政府|党组|召开扩大会议: the body's party group holds it
        while pos in bodies:
            conveners.insert(0, bodies[pos])
            pos = conveners[0].start_char
            if text[pos - 1:pos] == "、":
                pos -= 1
        if not conveners:
            continue
        written = text[conveners[0].start_char:m.start()]
        yield start, end, list(dict.fromkeys([written.replace("、", "") + m.group(1), written + m.group(1)]))
