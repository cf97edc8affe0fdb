"""``kg_officials``: named officials and the posts they hold.

Chinese news names an official by the grammar of posts, not by a list of people:

- ``单位 + 职务 + 姓名``: 省应急管理厅党委书记、厅长王启瑞 — titles joined by ``、`` or
  ``兼``, each with the body written before it or, if none, the body of the title before
  it (党委书记、厅长: both of the 厅); ``厅党委书记`` is a post of the 厅 named earlier;
- a title that names its body by itself: 省长 → the province's 人民政府, 总书记 → 党中央;
- ``姓名 + 职务``: 刘宁书记, 李炳军省长;
- a name list after a title: 副省长陶长海、郭瑞民、蔡朝林;
- a name already found, anywhere else in the article; a name heading a speech
  (``王震强调``).

A name is a surname (resources/surnames.txt) and one or two characters, accepted only
where what follows it can follow a name (punctuation, a verb of speech or action, a
title). By-line names are never officials.
"""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import resources
from .base import (Jurisdiction, add_mention, add_relation, head_end, mentions, overlapping, sentence_bounds,
                   text_of)

MAX_TRANSLITERATED = 16  # 阿不都热依木·玉素甫 is 10
MIN_PART = 2
SHORT_LINE = 24  # characters of a header line that names a post and a person
MAX_LISTED = 3  # characters of a name known only by its place in a list
MAX_BEFORE_POST = 4  # characters of a name known by its place between two posts (七林江初)
MAX_UNIT = 6  # characters of an enterprise's workshop or team before a title (卤水净化车间)
MAX_UNDOTTED = 7  # 额尔敦巴雅尔, 乌力吉木仁


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


class NameFinder:
    def __init__(self, text: str, exclude=()):
        self.text = text
        self.compound, self.single = resources.surnames()
        cues = resources.cues()
        # A name may be followed by a title, or by what its holder does: speaks, demands,
        # presides, speaks at or attends (the cue words of those relations), or name.follower.
        self.conjunction = resources.word_list("bodies.conjunction")[0]
        self.cue_verbs = tuple(c for c in sum((cues[c] for c in ("presided", "spokeAt", "attended")), ()) if len(c) > 1) \
            + resources.word_list("name.not-after-conjunction")
        self.followers = (resources.word_list("name.follower") + tuple(resources.titles())
                          + sum((cues[c] for c in ("speech", "demand", "presided", "spokeAt", "attended")), ()))
        self.long_followers = tuple(f for f in self.followers if len(f) > 1)
        self.punctuation = resources.char_set("name.punctuation-after")
        self.before_name = resources.char_set("name.char-before")
        self.relaying = resources.cues()["reporting"]
        self.not_in_given_name = resources.char_set("name.not-in-given-name")
        self.not_in_unknown = self.not_in_given_name | resources.char_set("name.not-in-unknown-surname-name")
        # What may stand after a title instead of a name: its followers, every cue word, verbs.
        self.not_a_name_start = tuple(set(self.followers) | set(sum(cues.values(), ()))
                                      | set(resources.function_words()["verb"]))
        self.transliteration = resources.transliteration_chars()
        self.not_a_name = frozenset(resources.word_list("name.not-a-name"))
        self.verb_chars = resources.char_set("name.verb-char")
        self.dot = resources.word_list("name.middle-dot")[0]
        self.exclude = set(exclude)

    def is_name(self, s: str) -> bool:
        if s in self.exclude or not all(map(_is_han, s)):
            return False
        if s[:2] in self.compound:  # 鲜于红: 于 is the surname's, not the given name's
            return 3 <= len(s) <= 4 and not any(c in self.not_in_given_name for c in s[2:])
        if any(c in self.not_in_given_name for c in s[1:]) or s[:2] in self.not_a_name:
            return False
        return s[0] in self.single and 2 <= len(s) <= 3

    def followed_ok(self, end: int) -> bool:
        if end >= len(self.text) or self.text[end] in self.punctuation:
            return True
        if self.text.startswith(self.conjunction, end) and self.text.startswith(self.cue_verbs, end + 1):
            return False  # 巴图孟和|出席: 和 before a verb joins no second name; it ends this one
        return self.text.startswith(self.followers, end)

    def name_at(self, start: int) -> str | None:
        """A personal name starting at ``start`` (after a title): a Han name, else a name
        without a Han surname (``transliterated_at``)."""
        passing = [n for n in (4, 3, 2) if start + n <= len(self.text) and self.text[start + n:start + n + 1] != self.dot
                   and self.is_name(self.text[start:start + n]) and self.followed_ok(start + n)]
        if not passing:
            return self.transliterated_at(start) or self.unknown_surname_at(start) or self.ending_in_conjunction(start)
        # 赵刚作部署讲话: a shorter name that a word of two or more characters follows wins
        # over a longer one that swallows that word's first character (赵刚作).
        n = next((n for n in reversed(passing) if self.word_follows(start + n)), passing[0])
        return self.text[start:start + n]

    def ending_in_conjunction(self, start: int) -> str | None:
        """詹志和|关于…: a Han name whose last character is 和, known by what follows it
        (a verb of a meeting role or 关于), which no second name after a conjunction is."""
        s = self.text[start:start + 3]
        if len(s) == 3 and s[0] in self.single and s[2] == self.conjunction and self.is_name(s[:2]) \
                and self.text.startswith(self.cue_verbs, start + 3):
            return s
        return None

    def unknown_surname_at(self, start: int) -> str | None:
        """A Han name whose surname no list holds, right after a title (副局长|妫海涛,): two
        or three characters, none a word that may follow a title instead (表示, 带队,
        一行), and the name's end marked by punctuation or a word that follows names."""
        text = self.text
        if text.startswith(self.not_a_name_start, start) or text[start:start + 1] in self.before_name:
            return None
        for n in (3, 2):
            s = text[start:start + n]
            if len(s) == n and all(map(_is_han, s)) and not any(c in self.not_in_unknown for c in s) \
                    and s[:2] not in self.not_a_name and s not in self.exclude \
                    and (text[start + n:start + n + 1] in self.punctuation or self.word_follows(start + n)):
                return s
        return None

    def word_follows(self, end: int) -> bool:
        """A word of two or more characters follows ``end``, or a one-character verb and a
        title or such a word."""
        if self.text.startswith(self.long_followers, end):
            return True
        # 罗杰|任副总指挥, 张昕|到现场指导: a one-character verb, then a title or a word.
        return self.text[end:end + 1] in self.verb_chars and (
            self.title_at(end + 1) is not None or self.text.startswith(self.long_followers, end + 1))

    def listed_at(self, start: int) -> str | None:
        """A name by its place in a list after a title, whatever its surname (副县长郗海燕、
        宫振宇、那日苏): two or three characters of a name, between the title or a 、 and a 、
        — or, last in the list, before what may follow a name."""
        mark = resources.word_list("posts.list-mark")[0]
        end = start
        while end < len(self.text) and end - start <= MAX_LISTED and _is_han(self.text[end]):
            end += 1
        s = self.text[start:end]
        if not 2 <= len(s) <= MAX_LISTED or s[:2] in self.not_a_name or any(c in self.not_in_given_name for c in s):
            return None
        before_mark = self.text[start - 1:start] == mark
        if self.text[end:end + 1] == mark and not self.title_at(end + 1):
            return s
        return s if before_mark and self.followed_ok(end) else None

    def listed_item(self, s: str) -> bool:
        """A name by its place as a numbered list's item (3.第五建军, 5.吉伍阿且,): two to
        four characters, whatever the surname (compound, Yi, rare), that hold nothing a name
        does not."""
        return 2 <= len(s) <= 4 and all(map(_is_han, s)) and s[:2] not in self.not_a_name \
            and not any(c in self.not_in_given_name or c in self.not_in_unknown for c in s)

    def transliterated_at(self, start: int) -> str | None:
        """A name of another language written right after a title: parts joined by a
        middle dot (雪克来提·扎克尔), or three to seven characters all of the transliteration
        set (乌兰其其格, 洛桑江村); the shortest that what follows may follow — for a dotted
        name, the longest whose last part is still transliterated (古丽米拉·沙吾提|出席, not
        ·沙吾|提出)."""
        text, dot = self.text, self.dot
        end = start
        while end < len(text) and end - start < MAX_TRANSLITERATED and (_is_han(text[end]) or text[end] == dot):
            end += 1
        if dot in text[start:end] and (dotted := self.dotted_name(start, end)):
            return dotted
        found = [text[start:e] for e in range(start + 3, end + 1)
                 if self.could_be_transliterated(text[start:e]) and text[e:e + 1] != dot and self.followed_ok(e)]
        return found[0] if found else None

    def dotted_name(self, start: int, end: int) -> str | None:
        """A dotted name ends where the transliteration of its last part does (古丽米拉·沙吾提|
        现场…, not ·沙吾|提出)."""
        text, dot = self.text, self.dot
        last = text.rfind(dot, start, end) + 1
        e = last
        while e < end and text[e] in self.transliteration:
            e += 1
        name = text[start:e]
        return name if e - last >= MIN_PART and self.could_be_transliterated(name) else None

    def could_be_transliterated(self, s: str) -> bool:
        if s in self.exclude:
            return False
        if self.dot in s:
            first, *rest = s.split(self.dot)
            # 包·巴特尔: a Mongolian name may open with a Han surname of one character.
            return (MIN_PART <= len(first) or first in self.single) and all(MIN_PART <= len(p) for p in rest)
        return len(s) <= MAX_UNDOTTED and all(c in self.transliteration for c in s)

    def name_before(self, end: int) -> tuple[int, str] | None:
        """A personal name ending at ``end`` (before a title): 刘宁|书记."""
        options = []
        for n in (3, 2, 4):
            start = end - n
            s = self.text[max(start, 0):end]
            if start >= 0 and self.is_name(s):
                options.append((start, s))
        for start, s in options:
            # 刘宁|书记 after punctuation or a particle, or after a verb that relays someone's
            # words (传达学习|习近平总书记).
            if start == 0 or self.text[start - 1] in self.before_name or self.text.endswith(self.relaying, 0, start):
                return start, s
        return None

    def title_ending(self, end: int) -> str | None:
        return resources.title_ending(self.text, end)

    def title_at(self, start: int) -> str | None:
        return resources.title_at(self.text, start)


DEPARTMENT = "party-dept:"


HEAD_LINES = 6  # lines of a text's head, where a signed article names its author


def _jurisdiction_of(division) -> Jurisdiction | None:
    """The jurisdiction a division names, at every level: 应城市 is a county of 孝感市 and,
    being a city, its own 市 (应城市|市长 heads its own government)."""
    if division is None:
        return None
    county = division.name if division.level == "county" else None
    city = division.name if division.level == "city" else (division.city or None)
    own_city = county is not None and county.endswith(resources.word_list("jurisdiction.county-level-city"))
    return Jurisdiction(division.province, city, county, own_city)


def _implied_body(implies: str, j: Jurisdiction, title: str = "") -> str | None:
    if implies.startswith("body:"):
        return implies[5:]
    if implies.startswith("gov:"):
        place = j.named_as(implies[4:], next((c for c in title if c in resources.levels()), ""))
        return place + resources.word_list("posts.government")[0] if place else None
    if implies == "party":
        # A bare 书记 in running text is the article's province's (刘宁书记 in Henan).
        return j.province + resources.word_list("posts.party")[0] if j.province else None
    return None


def _party_prefix(title: str) -> str:
    """The party committee a title opens with (党委|书记), or ""."""
    return next((w for w in resources.word_list("posts.party-committee") if title.startswith(w)), "")


class OfficialFinder:
    """Finds the officials of one ``doc`` and their posts (see the module docstring), over
    the bodies ``kg_bodies`` found; adds them to the doc as it goes, because a name
    found first (单位 + 职务 + 姓名) is not found again where another rule looks.

    Rules: ``officials.post-before-name`` (省应急管理厅党委书记、厅长王启瑞),
    ``officials.name-then-post`` (1.贺斌,衡湘化工法定代表人、董事长;),
    ``officials.signed-author`` (a name alone on a head line, 作者系… at the end),
    ``officials.name-list`` (副省长陶长海、郭瑞民), ``officials.name-before-title``
    (刘宁书记), ``officials.speech-head`` (王震强调 heading a paragraph) and
    ``officials.known-name`` (every other occurrence of a name found)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = text_of(doc)
        self.j = doc._.jurisdiction or Jurisdiction()
        self.titles = resources.titles()
        self.names = NameFinder(self.text, exclude=doc._.bylines or ())
        self.bodies = mentions(doc, "Body")
        self.place_ending = {p.end_char: p for p in mentions(doc, "Place")}
        self.body_ending: dict[int, Span] = {}
        for b in self.bodies:
            if b.end_char not in self.body_ending or b.start_char < self.body_ending[b.end_char].start_char:
                self.body_ending[b.end_char] = b
        self.known: set[str] = set()
        self.body_after_name: dict[int, Span] = {}  # where a name ends → the body of its post
        self.unit_ends = resources.word_list("posts.enterprise-unit-end")
        self.town_levels = tuple(w for w, level in resources.levels().items() if level == "town")

    # ----------------------------------------------------------------- posts
    def post_group(self, pos: int, title: str) -> tuple[str, Span | None, int]:
        """(title, body, start) of the title written at ``pos``: the body written right
        before it, else one the text implies (see ``unwritten_body``)."""
        body, start, full_title = self.body_ending.get(pos), pos, title
        if body is None:
            body, start, full_title = self.unwritten_body(pos, title)
            if body is not None and (group := self.stationed_group(body, start, pos, title)) is not None:
                return title[group.end_char - pos:], group, group.start_char
            if body is None and (committee := self.own_committee_before(pos)):
                return title, None, pos - len(committee)  # the chain goes on over it
        elif (group := self.stationed_group(body, body.start_char, pos, title)) is not None:
            return title[group.end_char - pos:], group, group.start_char
        elif (office := self.office_of(body, pos, title)) is not None:
            body, full_title = office, title[len(office._.canonical) - len(body._.canonical):]
        return full_title, body, body.start_char if body is not None else start

    def stationed_group(self, host: Span, host_start: int, pos: int, title: str) -> Span | None:
        """市纪委监委驻|市应急管理局|纪检监察组组长, 驻|厅|纪检监察组组长: a discipline group
        stationed in a body is a body of its own, named after the commission that sends
        it where the text names that (the host is written in full or by its kind alone)."""
        unit = next((u for u in resources.word_list("posts.own-unit") if title.startswith(u) and title != u), None)
        mark = next((w for w in resources.word_list("posts.stationed") if self.text.endswith(w, 0, host_start)), None)
        if unit is None or mark is None:
            return None
        start = host_start - len(mark)
        sender = self.body_ending.get(start)
        name = mark + host._.canonical + unit
        if sender is not None:  # 浙江省纪委监委驻省应急管理厅纪检监察组, its official name
            start, name = sender.start_char, sender._.canonical + mark + host.text + unit
        return add_mention(self.doc, start, pos + len(unit), "Body", name, rule="officials.stationed-group")

    def office_of(self, body: Span, pos: int, title: str) -> Span | None:
        """县政府|办公室主任, 市森防指|办公室主任: the office of a government, committee or
        headquarters is a body of its own (隆化县政府办公室), whose 主任 the official is; a
        bureau's office is not (省粮食和物资储备局|办公室主任 holds a post in the bureau).
        A discipline group is a body of its own wherever it is written (市纪委监委第三派驻|纪检监察组组长)."""
        office = resources.word_list("posts.office")[0]
        unit = next((u for u in resources.word_list("posts.own-unit") if title.startswith(u) and title != u), None)
        if unit is None and title.startswith(office) \
                and body._.canonical.endswith(resources.word_list("posts.office-holder")):
            unit = office
        if unit is None:
            return None
        return add_mention(self.doc, body.start_char, pos + len(unit), "Body", body._.canonical + unit,
                           rule="officials.office-of-body")

    def unwritten_body(self, pos: int, title: str) -> tuple[Span | None, int, str]:
        """(body, start, title) for a title with no body right before it: the party
        committee it names itself (自治区党委|书记), the body before a party committee
        (厅|党委|书记), or the body of that kind named before (厅|党委书记)."""
        party = _party_prefix(title)
        if party and (b := self.body_ending.get(pos + len(party))) is not None and b.start_char < pos:
            return b, pos, title[len(party):]  # the party committee is the body itself
        body, start = None, pos
        if party := next((w for w in resources.word_list("posts.party-committee")
                          if self.text.endswith(w, 0, pos)), None):
            body, start, title = self.body_ending.get(pos - len(party)), pos - len(party), party + title
        if body is None:
            body, start = self.abbreviated_body(pos)
        if body is None and (unit := self.enterprise_unit_before(pos)) is not None:
            body, start, title = unit[0], unit[1], self.text[unit[1]:pos] + title
        return body, start, title

    def enterprise_unit_before(self, pos: int) -> tuple[Span, int] | None:
        """秦岭物流公司|车队|队长, 瑞丰化工|硝化车间|主任: a workshop, team or section of an
        enterprise, written between it and the title, is no body of its own here; the post is
        the enterprise's, titled with the unit (车队队长)."""
        for k in range(2, MAX_UNIT + 1):
            unit = self.text[pos - k:pos]
            body = self.body_ending.get(pos - k)
            if body is not None and body._.subtype == "enterprise" and unit.endswith(self.unit_ends) \
                    and all(map(_is_han, unit)):
                return body, pos - k
        return None

    def abbreviated_body(self, pos: int) -> tuple[Span | None, int]:
        """(body, start) of a body named by its kind alone before the title at ``pos``:
        厅|党委书记 is the last 厅 named before; 集团|董事长 the first enterprise named
        before with 集团 in its name (the article's own, not the subsidiaries it lists)."""
        if pos > 0 and self.text[pos - 1] in resources.char_set("posts.abbreviated-body"):
            kind = self.text[pos - 1]
            earlier = [b for b in self.bodies if b.end_char <= pos - 1 and b._.canonical.endswith(kind)]
            return (earlier[-1], pos - 1) if earlier else (None, pos)
        return self.abbreviated_enterprise(pos)

    def abbreviated_enterprise(self, pos: int) -> tuple[Span | None, int]:
        word = next((w for w in resources.word_list("posts.abbreviated-enterprise") if self.text.endswith(w, 0, pos)), None)
        if word is None:
            return None, pos
        before = self.text[pos - len(word) - 1:pos - len(word)]
        if before.strip() and before not in resources.char_set("posts.clause-start"):
            return None, pos
        key = word[:2]  # 集团公司 stands for a group as 集团 does
        earlier = [b for b in self.bodies if b.end_char <= pos - len(word) and key in b._.canonical and not b._.implied]
        return (earlier[0], pos - len(word)) if earlier else (None, pos)

    def post_chain(self, title_start: int, title: str) -> list[tuple[str, Span | None, int, int]]:
        """The (title, body span | None, start, title start) groups of a post phrase
        ending with ``title`` at ``title_start``, in text order (、 and 兼 chain them)."""
        groups = []
        pos = title_start
        while True:
            full_title, body, start = self.post_group(pos, title)
            groups.append((full_title, body, start, pos))
            prev = (self.names.title_ending(start - 1)
                    if start > 0 and self.text[start - 1] in resources.char_set("posts.chain-mark") else None)
            if not prev:
                return list(reversed(groups))
            title, pos = prev, start - 1 - len(prev)

    def body_of_bare_title(self, t_start: int, title: str) -> Span | None:
        """副局长 with no body before it, in a sentence that named 国家矿山安全监察局 before:
        the post is in the nearest such body whose name ends as the title begins (局)."""
        head = title.lstrip("".join(resources.char_set("posts.deputy-prefix")))
        head = head.removesuffix(resources.word_list("posts.head-title-end")[0])
        for pair in resources.word_list("posts.title-of-body"):
            title_end, body_end = pair.split(":")
            if title.endswith(title_end):
                head = body_end  # 总指挥 → …指挥部
        if not head or head == title:
            return None
        s_start, _ = sentence_bounds(self.text, t_start)
        earlier = [b for b in self.bodies if s_start <= b.start_char and b.end_char <= t_start
                   and b._.canonical.endswith(head) and not b._.implied]
        return earlier[-1] if earlier else None

    def add_official(self, start: int, name: str, groups, rule: str) -> None:
        person = add_mention(self.doc, start, start + len(name), "Official", name, rule=rule)
        if person is None:
            return
        self.known.add(name)
        current = None
        for title, body, g_start, t_start in groups:
            party = _party_prefix(title)
            implies = self.titles.get(title[len(party):] if party and title not in self.titles else title, "")
            if implies == "none":
                continue
            if body is not None and not implies.startswith(DEPARTMENT):
                current = body
            else:
                body, title = self.unnamed_post_body(title, body, current, t_start, implies)
                if current is None and body is not None and not body._.implied:
                    current = body  # carried over from the list before: the chain's body
            if body is not None:
                add_relation(self.doc, person, "holdsPost", body, (title,), rule=rule)
                if body._.rule != "officials.own-committee":  # the next in a list holds posts in the body, not its committee
                    self.body_after_name[start + len(name)] = body

    def unnamed_post_body(self, title: str, body: Span | None, current: Span | None, t_start: int,
                          implies: str) -> tuple[Span | None, str]:
        """(body, title) of a post whose body is not written right before its title: a
        department the title names, the body the title implies, an office chained after a
        government's post, the body of the chain before, or one named earlier."""
        if implies.startswith(DEPARTMENT):
            # 宣传部|副部长: the post's title within the department, as after any body's name
            department = implies[len(DEPARTMENT):]
            return self.party_department(implies, body or current, t_start, title), title.removeprefix(department)
        if not self.names_unknown_division(t_start, title) and (implied := _implied_body(
                implies, self.qualified(t_start) or self.place_before(current, t_start) or self.j, title)) is not None:
            return add_mention(self.doc, t_start, t_start + len(title), "Body", implied, implied=True,
                               rule="officials.title-implies-body"), title
        if current is not None and (office := self.chained_office(current, t_start, title)) is not None:
            return office, title[len(resources.word_list("posts.office")[0]):]
        if current is not None and (committee := self.own_committee_before(t_start)):
            own = next((committee[len(e):] for e in resources.word_list("posts.abbreviated-enterprise")
                        if committee.startswith(e)), committee)
            full = dict(resources.department_forms()).get(own, own)
            return add_mention(self.doc, t_start - len(committee), t_start, "Body", current._.canonical + full,
                               rule="officials.own-committee"), title
        return current or self.body_of_bare_title(t_start, title) or self.body_of_list(t_start), title

    def own_committee_before(self, pos: int) -> str | None:
        """董事长、|安委会|主任: a committee named bare inside a chain of posts is the one of
        the body the chain holds posts in (the company's safety committee)."""
        mark = resources.char_set("posts.chain-mark")
        for w in resources.word_list("posts.own-committee"):
            if not self.text.endswith(w, 0, pos):
                continue
            # 董事长,|公司|安委会|主任: the enterprise's word may stand before it
            at = pos - len(w)
            owner = next((e for e in resources.word_list("posts.abbreviated-enterprise") if self.text.endswith(e, 0, at)), "")
            if self.text[at - len(owner) - 1:at - len(owner)] in mark:
                return self.text[at - len(owner):pos]
        return None

    def chained_office(self, current: Span, t_start: int, title: str) -> Span | None:
        """旗政府党组成员、办公室主任: an office title chained after a government's post is a
        post in that government's office (``office_of``)."""
        office = resources.word_list("posts.office")[0]
        if not title.startswith(office) or title == office \
                or not current._.canonical.endswith(resources.word_list("posts.office-holder")):
            return None
        return add_mention(self.doc, t_start, t_start + len(office), "Body", current._.canonical + office,
                           implied=True, rule="officials.office-of-body")

    def party_department(self, implies: str, before: Span | None, t_start: int, title: str) -> Span | None:
        """县委常委、政法委书记: a title that names a department of a party committee (政法委,
        组织部) holds a post in that department of the committee written before it, else of
        the article's (or the title's own) jurisdiction's committee: 故城县委政法委."""
        party = resources.word_list("posts.party")[0]
        committee = before._.canonical if before is not None else None
        place_of = committee and re.sub(resources.pattern("posts.body-of-place").pattern, "", committee)
        if committee is None or not committee.endswith(party) or place_of not in resources.places():
            place = (self.qualified(t_start) or self.j).most_specific()
            committee = place + party if place else None
        if committee is None:
            return None
        return add_mention(self.doc, t_start, t_start + len(title), "Body", committee + implies[len(DEPARTMENT):],
                           implied=True, rule="officials.title-names-department")

    def names_unknown_division(self, t_start: int, title: str) -> bool:
        """通风区|区长: the title's level is written right before it by a name kg does not
        know as a place (a mine's ventilation section), so it implies no government."""
        return t_start > 0 and self.text[t_start - 1] == title[:1] and t_start not in self.place_ending \
            and title[:1] in resources.levels()

    def qualified(self, t_start: int) -> Jurisdiction | None:
        """The jurisdiction a title names itself (湖北省|省长, 金山区|副区长): the place
        written right before it, at every level it names."""
        place = self.place_ending.get(t_start)
        division = resources.division((place._.ref or "").split(",")[0]) if place is not None else None
        if division is None and place is not None and place.text.endswith(self.town_levels):
            return replace(self.j, town=place._.canonical)  # 火马冲镇|镇长: a town the gazetteer lacks
        return _jurisdiction_of(division)

    def place_before(self, current: Span | None, t_start: int) -> Jurisdiction | None:
        """应城市委副书记、市长: a bare level title implying a government is of the place of
        the party committee or government before it in its chain, or of the one the
        official listed right before holds a post in (乐山市委书记贾振东、市长麻长青)."""
        mark = resources.word_list("posts.list-mark")[0]
        before = current or (self.body_after_name.get(t_start - 1) if self.text[t_start - 1:t_start] == mark else None)
        if before is None:
            return None
        name = resources.pattern("posts.body-of-place").sub("", before._.canonical)
        if name == before._.canonical:
            return None
        divisions = [d for d in resources.places().get(name, []) if d.province == self.j.province] \
            or resources.places().get(name, [])
        if not divisions and name.endswith(tuple(w for w, lv in resources.levels().items() if lv == "town")):
            # 代寺镇党委委员、副镇长: a town the gazetteer does not hold, in the article's county
            return Jurisdiction(self.j.province, self.j.city, self.j.county, self.j.county_is_city, name)
        return _jurisdiction_of(divisions[0]) if divisions else None

    def body_of_list(self, t_start: int) -> Span | None:
        """法定代表人韦光明、实际控制人黄东升; 集团公司董事长荆永祥,党委副书记、总经理邸宁: a
        title after a listed person's name, with no body of its own, is in that person's."""
        if t_start == 0 or self.text[t_start - 1] not in resources.char_set("posts.list-continues"):
            return None
        if (body := self.body_after_name.get(t_start - 1)) is not None:
            return body
        # 董事长荆永祥主持会议并讲话,党委副书记、总经理邸宁: the last official named before in
        # the sentence, what they do between.
        s_start, _ = sentence_bounds(self.text, t_start)
        ends = [e for e in self.body_after_name if s_start <= e < t_start]
        return self.body_after_name[max(ends)] if ends else None

    # ----------------------------------------------------------------- rules
    def posts_before_names(self) -> None:
        """单位 + 职务 + 姓名, and the name lists after the title."""
        text, names = self.text, self.names
        for t_end in resources.title_lexicon().closings(text):  # where a title may end, not every position
            title = names.title_ending(t_end)
            name = (names.name_at(t_end) or self.first_listed(t_end) or self.before_next_post(t_end)) if title else None
            at = t_end
            if title and not name and self.spaced_in_short_line(t_end):
                at = t_end + 1  # 市委书记 鞠洪涛, a header line: the name after a space
                name = names.name_at(at)
            if not name:
                continue
            groups = self.post_chain(t_end - len(title), title)
            self.add_official(at, name, groups, "officials.post-before-name")
            pos = at + len(name)
            while text[pos:pos + 1] == "、" and not names.title_at(pos + 1) \
                    and (more := names.name_at(pos + 1) or names.listed_at(pos + 1)):
                self.add_official(pos + 1, more, groups, "officials.name-list")
                pos += 1 + len(more)

    def before_next_post(self, start: int) -> str | None:
        """香格里拉市委书记|扎西农布|、州应急管理局局长…: a name of any make, between a title
        and a 、 that opens the next person's post (a body or a title follows it)."""
        end = self.text.find(resources.word_list("posts.list-mark")[0], start, start + MAX_BEFORE_POST + 1)
        name = self.text[start:end] if end > start else ""
        if not self.names.listed_item(name):
            return None
        return name if any(b.start_char == end + 1 for b in self.bodies) or self.names.title_at(end + 1) else None

    def spaced_in_short_line(self, pos: int) -> bool:
        """A space at ``pos`` in a short line (a header or a by-line: 市委书记 鞠洪涛)."""
        if self.text[pos:pos + 1] != " ":
            return False
        line_start = self.text.rfind("\n", 0, pos) + 1
        line_end = self.text.find("\n", pos)
        return (len(self.text) if line_end == -1 else line_end) - line_start <= SHORT_LINE

    def first_listed(self, start: int) -> str | None:
        """The first of a list of names after a title, known by its place only when the
        name after it is a name by the usual rules (郗海燕、宫振宇; not 领导责任、部门…)."""
        first = self.names.listed_at(start)
        if first and self.text[start + len(first):start + len(first) + 1] == resources.word_list("posts.list-mark")[0]:
            return first if self.names.name_at(start + len(first) + 1) else None
        return None

    def names_before_titles(self) -> None:
        """姓名 + 职务: 刘宁书记, 李炳军省长."""
        for t_start in resources.title_lexicon().openings(self.text, 1):
            title = self.names.title_at(t_start)
            if not title or t_start in self.body_ending or self.titles[title] == "none":
                continue
            # 常务|副省长, 党委|书记: the "title" is the end of a longer one.
            if len(self.names.title_ending(t_start + len(title)) or "") > len(title):
                continue
            if self.text[t_start - 1] in resources.char_set("posts.appointed"):
                self.appointed(t_start, title)
                continue
            found = self.names.name_before(t_start)
            if found and not overlapping(self.doc, found[0], t_start):
                self.add_official(found[0], found[1], [(title, None, t_start, t_start)],
                                  "officials.name-before-title")

    def appointed(self, t_start: int, title: str) -> None:
        """由普光荣任总指挥, 罗杰任副总指挥 (``officials.appointed``): the name before 任 holds
        the title, in the body the sentence set up (``body_of_bare_title``)."""
        at = t_start - 1
        known = [o for o in overlapping(self.doc, at - 1, at) if o.label_ == "Official" and o.end_char == at]
        found = (known[0].start_char, known[0].text) if known else self.names.name_before(at)
        if found and (known or not overlapping(self.doc, found[0], at)):
            self.add_official(found[0], found[1], [(title, None, t_start, t_start)], "officials.appointed")

    def speech_heads(self) -> None:
        """A name heading a speech: "王震强调" on its own line, "黄强指出," at a sentence start."""
        text = self.text
        for cue in resources.cues()["speech"] + resources.cues()["demand"]:
            i = text.find(cue)
            while i != -1:
                found = self.names.name_before(i)
                if found and (found[0] == 0 or text[found[0] - 1] in "\n。") \
                        and text[i + len(cue):i + len(cue) + 1] in ("", "\n", ",", ":") \
                        and not any(o.label_ == "Official" for o in overlapping(self.doc, found[0], found[0] + 1)):
                    add_mention(self.doc, found[0], i, "Official", found[1], rule="officials.speech-head")
                    self.known.add(found[1])
                i = text.find(cue, i + 1)

    def known_names(self) -> None:
        """Every other occurrence of a name found by the rules above."""
        taken = {i for o in mentions(self.doc, "Official") for i in range(o.start_char, o.end_char)}
        for name in self.known:
            i = self.text.find(name)
            while i != -1:
                if i not in taken:
                    add_mention(self.doc, i, i + len(name), "Official", name, rule="officials.known-name")
                i = self.text.find(name, i + len(name))

    def names_then_posts(self) -> None:
        """1.贺斌,衡湘化工法定代表人、董事长; — a numbered list of persons, each a name, a
        comma and their posts (accident reports list those held responsible so): the
        posts of the clause after the name, up to its last title."""
        text = self.text
        for m in resources.pattern("officials.listed-person").finditer(text):
            name = m.group("name")
            if not (self.names.is_name(name) or self.names.could_be_transliterated(name)
                    or self.names.listed_item(name)):
                continue
            clause_end = min([i for c in ",;。\n" if (i := text.find(c, m.end())) != -1] + [len(text)])
            last = max((e for e in range(m.end() + 1, clause_end + 1) if self.names.title_ending(e)), default=None)
            if last is None:
                continue
            title = self.names.title_ending(last)
            self.add_official(m.start("name"), name, self.post_chain(last - len(title), title),
                              "officials.name-then-post")

    def signed_author(self) -> None:
        """(作者系绥化市应急管理局党组书记、局长) at the end of a signed article: the name
        alone on a line of its head is the author's, and holds those posts."""
        text = self.text
        signed = resources.pattern("officials.author-is").search(text)
        if signed is None:
            return
        line = next((m for m in resources.pattern("officials.name-line").finditer(text, 0, head_end(text, HEAD_LINES))
                     if self.names.is_name(m.group(1)) or self.names.could_be_transliterated(m.group(1))), None)
        last = max((e for e in range(signed.start(1) + 1, signed.end(1) + 1) if self.names.title_ending(e)),
                   default=None)
        if line is None or last is None:
            return
        title = self.names.title_ending(last)
        self.add_official(line.start(1), line.group(1), self.post_chain(last - len(title), title),
                          "officials.signed-author")

    def find(self) -> None:
        self.posts_before_names()
        self.names_then_posts()
        self.signed_author()
        self.names_before_titles()
        self.speech_heads()
        self.known_names()


@Language.component("kg_officials", requires=["doc.spans", "doc._.jurisdiction"],
                    assigns=["doc.spans", "doc._.relations"])
def officials_component(doc: Doc) -> Doc:
    OfficialFinder(doc).find()
    return doc
