"""``kg_bodies``: organisations, from the suffix grammar of their names.

A body is ``[jurisdiction] + name + suffix`` (``山西省`` ``应急管理`` ``厅``). Three ways in:

- national bodies by name (``国务院``, ``应急管理部``; resources/national_bodies.txt);
- a jurisdiction anchor (a place name, or a bare ``省``/``市``/``县``/``区``) followed by a
  name and a suffix; a bare anchor takes the article's jurisdiction, so ``省委`` in a
  Henan article is 河南省委;
- an enterprise or medium found from its suffix leftwards (``潞安化工集团``), stopping at
  function words and places.

A body written inside another (``潞安化工集团王庄煤矿``, ``省财政厅省直预算处``) gives
both, the inner one partOf the outer. A suffix followed by a title
(``厅长``, ``党委书记``, ``常委``) ends the name before the title.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import resources
from .base import (Jurisdiction, add_mention, add_relation, drop_mentions, first_chars, mentions, sentence_bounds,
                   text_of, word_boundaries)

NAME_CHAR = re.compile(r"[\u4e00-\u9fff“”·]")
MAX_BRANCH_NAME = 8  # 氯碱分公司: a branch named without its owner's name
MAX_SUFFIX_OVERLAP = 4  # characters of a suffix before a verb inside it (监督|检查室)
MAX_NAME = 24
QUOTED_CODE_BEFORE = re.compile(r"“\d{1,2}[·.．]\d{1,2}$")


@dataclass
class BodyMatch:
    start: int
    end: int
    canonical: str
    kind: str
    names: list[str] = field(default_factory=list)
    parent: "BodyMatch | None" = None
    rule: str = ""


SUFFIX_LED = ("enterprise", "media", "zone", "command")  # kinds found leftwards from their suffix, with no jurisdiction


class BodyFinder:
    """Finds bodies in one text; see the module docstring."""

    def __init__(self, text: str, place_spans, jurisdiction: Jurisdiction):
        self.text = text
        self.j = jurisdiction
        self.place_at = {s.start_char: s for s in place_spans}
        self.place_ending = {s.end_char: s for s in place_spans}
        self.suffixes = resources.body_suffixes()
        self.bare = resources.bare_suffixes()
        self.place_as_written = resources.word_list("bodies.place-as-written")
        self.suffix_lexicon = _suffix_lexicon()
        words = resources.function_words()
        self.stopchars = words["stopchar"]
        self.verbs = words["verb"]
        self.generic = words["generic"]
        self.national = resources.national_bodies()
        self.national_lexicon = _national_lexicon()
        # The genre's words (levels.tsv, lexicon.tsv bodies.*): see there what each does.
        # A bare 乡/镇 is an anchor only in an article about one township (乡党委 there, but
        # 乡村振兴局 and 城镇燃气 everywhere).
        levels = {w: level for w, level in resources.levels().items()
                  if level != "town" or jurisdiction.town or len(w) > 1}  # 街道 is a word wherever it stands
        self.level_chars = {w: level for w, level in levels.items() if len(w) == 1}
        self.town_chars = {w for w, level in resources.levels().items() if level == "town"}
        # the levels whose committee is called 党委: towns, and prefectures in Xinjiang (州党委)
        self.party_committee_levels = self.town_chars | set(resources.word_list("bodies.party-committee-level"))
        self.level_words = {w: level for w, level in levels.items() if len(w) > 1}
        self.level_word_starts = first_chars(self.level_words)
        self.verb_lexicon = resources.verb_lexicon()
        self.generic_or_verbs = self.generic | self.verbs
        self.not_anchor_before = resources.char_set("bodies.not-anchor-before")
        self.not_anchor_after = resources.char_set("bodies.not-anchor-after")
        self.not_after_short_suffix = resources.char_set("bodies.not-after-short-suffix")
        self.group_suffixes = resources.word_list("bodies.group-suffix")
        self.stationed = resources.word_list("bodies.stationed-in")[0]
        self.conjunctions = resources.char_set("bodies.conjunction")
        self.not_after_national = resources.word_list("bodies.not-after-national")
        self.legal_forms = resources.word_list("bodies.legal-form")
        self.never_inside = resources.word_list("bodies.verb-never-inside")
        self.not_after_enterprise = resources.word_list("bodies.not-after-enterprise")
        self.party_prefix = resources.word_list("bodies.party-prefix")[0]
        self.region_party_committee = resources.word_list("bodies.region-party-committee")

    # ----------------------------------------------------------------- pieces
    def anchor_chars(self) -> frozenset[str]:
        """The characters a national body's name or a jurisdiction other than a place
        found before can open with: at any other character, and no place starting there,
        ``national_at`` and ``anchored_at`` find nothing."""
        return self.national_lexicon.first | self.level_word_starts | set(self.level_chars) \
            | {self.party_prefix[0]}

    def title_at(self, pos: int) -> str | None:
        return resources.title_at(self.text, pos)

    def level_word_at(self, i: int) -> str | None:
        """The level word (自治区, 街道) written at ``i``, the first of levels.tsv's order."""
        if self.text[i:i + 1] not in self.level_word_starts:
            return None
        return next((w for w in self.level_words if self.text.startswith(w, i)), None)

    def suffix_ending(self, end: int) -> str | None:
        """The longest suffix written right before ``end``."""
        return self.suffix_lexicon.longest_ending(self.text, end)

    def suffixes_at(self, pos: int):
        """The suffixes written at ``pos``, longest first."""
        return self.suffix_lexicon.all_at(self.text, pos)

    def window_end(self, start: int) -> int:
        """Where a name starting at ``start`` must end: at a stop character (unless it ends
        a suffix: 派出|所) or punctuation."""
        i = start
        limit = min(len(self.text), start + MAX_NAME)
        while i < limit and NAME_CHAR.match(self.text[i]) and (self.text[i] not in self.stopchars
                                                                or self.suffix_ending(i + 1) is not None):
            if self.text.startswith(self.never_inside, i):
                break
            if i > start and any(not self.suffix_follows(i + len(v)) for v in self.verb_lexicon.all_at(self.text, i)) \
                    and not self.inside_suffix(i, start):
                break
            if i > start and self.coordinated_at(i):
                break
            i += 1
        return i

    def inside_suffix(self, i: int, start: int) -> bool:
        """Whether ``i`` is inside a suffix written around it (监督|检查|室): the verb there is
        part of the body's kind, not what is done."""
        return any(j + len(s) > i for j in range(max(start, i - MAX_SUFFIX_OVERLAP), i) for s in self.suffixes_at(j))

    def coordinated_at(self, i: int) -> bool:
        """Whether a conjunction at ``i`` joins two bodies (云南省委|和|省政府, 市总工会|和|
        禄劝县政府) or a place and a body (庆阳市|和|省应急管理厅): a suffix or a place ends
        right before it and a jurisdiction opens right after it."""
        if self.text[i] not in self.conjunctions or (self.suffix_ending(i) is None and i not in self.place_ending):
            return False
        after = i + 1
        return (after in self.place_at or self.text[after:after + 1] in self.level_chars
                or self.level_word_at(after) is not None
                or self.national_lexicon.longest_at(self.text, after) is not None)

    def suffix_follows(self, pos: int) -> bool:
        """Whether a body suffix is written at ``pos``: a verb right before it belongs to
        the name (地方金融监管|局, 应急管理|厅)."""
        return any(self.suffixes[s] != "word" for s in self.suffixes_at(pos))

    def valid_end(self, end: int, suffix: str) -> bool:
        nxt = self.text[end:end + 1]
        if self.suffixes[suffix] == "word" or nxt in resources.word_list("posts.head-title-end"):  # 部署; 厅长
            return False
        if len(suffix) == 1 and nxt in self.not_after_short_suffix and not self.title_at(end):
            return False  # 医院|院长 ends at a title
        if self.suffixes[suffix] == "enterprise" and suffix not in self.legal_forms and (
                self.text.startswith(self.not_after_enterprise, end) and not self.title_at(end)
                or any(self.suffixes[s] == "enterprise" for s in self.suffixes_at(end))):
            return False  # 化工企业; 潞安化工集团 ends at 集团, not at 化工; …有限公司 ends a name
        return True

    def ends_in(self, start: int, stop: int) -> list[tuple[int, str]]:
        """Candidate name ends in ``[start, stop]``: positions right after a suffix."""
        out = []
        for end in range(start + 1, stop + 1):
            s = self.suffix_ending(end)
            if s and self.valid_end(end, s):
                out.append((end, s))
        return out

    def best_end(self, start: int, candidates, min_core: int) -> tuple[int, str] | None:
        """The longest candidate that does not run on past a title: in 省委常委 and
        晋中市消防救援支队副支队长兼…指挥部 the name ends before the title. A suffix that
        contains the title (常委会 ⊃ 常委) is not a title."""
        candidates = [(e, s) for e, s in candidates if e - len(s) - start >= min_core]
        for end, suffix in sorted(candidates, reverse=True):
            shadowed = False
            for e2, _ in candidates:
                if e2 < end:
                    t = self.title_at(e2)
                    if t and not (end - len(suffix) == e2 and len(suffix) > len(t)):
                        shadowed = True
                        break
            if not shadowed:
                return end, suffix
        return None

    def place_chain_end(self, start: int) -> int:
        """End of the run of place names that starts at ``start`` (吕梁市离石区)."""
        end = start
        while end in self.place_at:
            end = self.place_at[end].end_char
        return end

    def place_is_part(self, start: int, end: int) -> bool:
        """Whether the place before an enterprise name starting at ``start`` is part of it:
        only trade words, or two characters before 集团/公司, follow the place (淮南矿业集团,
        广州地铁集团), or the place is a province or written in the short form a registered
        company name opens with (山东|五彩龙投资有限公司), unlike 吕梁市离石区|永聚煤业."""
        suffix = self.suffix_ending(end) or ""
        core = end - len(suffix) - start
        if suffix in self.group_suffixes and (place := self.place_ending.get(start)) is not None \
                and (place.text != place._.canonical or self.is_province(place)):
            return True  # a province or a short form opens a registered name: 广西|金桂矿业有限公司
        # 陕西省煤矿, 贵州煤矿: a place and a trade alone name a category, not a company.
        named = core > 0 or suffix in self.group_suffixes
        return (self.only_suffixes(start, end) and named) or (core <= 2 and suffix in self.group_suffixes)

    @staticmethod
    def is_province(place: Span) -> bool:
        return any(d.level == "province" for d in resources.places().get(place.text, []))

    def only_suffixes(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` is made of body suffixes only (矿业集团)."""
        i = start
        while i < end:
            s = next((s for s in self.suffixes_at(i) if i + len(s) <= end), None)
            if s is None:
                return False
            i += len(s)
        return True

    # ----------------------------------------------------------------- canonical names
    def canonical(self, start: int, end: int, kind: str) -> str:
        name = self.text[start:end]
        if name.startswith(self.party_prefix) and len(name) > len(self.party_prefix) + 1:
            name = name[len(self.party_prefix):]
        if kind in ("enterprise",):
            # 吕梁市离石区永聚煤业 is 永聚煤业: the places say where it is, not its name;
            # but in 淮南矿业集团 what follows the place is only trade words, so 淮南 is the
            # name, and 海西州格尔木市|青海昆仑晶盐化工有限公司 is named from its last place.
            chain = self.place_chain_end(start)
            if chain > start and end - chain >= 4:
                last = self.place_ending[chain].start_char
                name = self.text[last if self.place_is_part(chain, end) else chain:end]
            return name
        name = self.with_level_named(self.full_place(name, end, kind), start)
        name = resources.pattern("bodies.repeated-level").sub(r"\1", name)
        name = resources.pattern("bodies.short-government").sub(
            lambda m: m.group(1) + resources.word_list("posts.government")[0], name)
        return name

    def with_level_named(self, name: str, start: int) -> str:
        """省应急管理厅 → 河南省应急管理厅: a name opening with a bare level takes the
        division of that level the article is about (or, for a town, the one named before)."""
        level = next((w for w in self.level_words if name.startswith(w)), name[0])
        if (level in self.level_chars or level in self.level_words) and start not in self.place_at:
            full = self.j.named_as(self.level_words.get(level) or self.level_chars[level], level) \
                or self.town_named_before(start, level)
            if full and full.endswith(level):
                return full + name[len(level):]
        return name

    def unknown_town(self, i: int) -> bool:
        """Whether a bare town level word is written at ``i`` that names no town known here."""
        word = self.level_word_at(i)
        return word in self.town_chars and i not in self.place_at and not self.j.town \
            and self.town_named_before(i, word) is None

    def town_named_before(self, start: int, level: str) -> str | None:
        """在新湖街道,|街道|党工委书记…: in an article about no one town, a bare town level
        is the town of that level named last before it in its paragraph."""
        if level not in self.town_chars:
            return None
        para = self.text.rfind("\n", 0, start) + 1
        named = [p for e, p in self.place_ending.items() if para <= p.start_char and e <= start and p.text.endswith(level)]
        return max(named, key=lambda p: p.end_char)._.canonical if named else None

    def full_place(self, name: str, end: int, kind: str) -> str:
        """大理州|应急管理局, 宜昌|市委: a state organ is named by its place's full name
        (大理白族自治州应急管理局), as the bare 州应急管理局 of the same article is; a
        military sub-district keeps the short one it is called by (文山军分区)."""
        place = self.place_at.get(end - len(name))
        if kind not in ("gov", "rescue") or place is None or name.endswith(self.place_as_written) \
                or self.place_chain_end(place.start_char) != place.end_char:
            return name
        return place._.canonical + name[len(place.text):]

    # ----------------------------------------------------------------- finders
    def national_at(self, i: int) -> BodyMatch | None:
        form = self.national_lexicon.longest_at(self.text, i)
        if not form or self.text.startswith(self.not_after_national, i + len(form)):
            return None  # 中央领导同志, 中央企业: 中央 as an adjective
        return BodyMatch(i, i + len(form), self.national[form], "gov", [form], rule="bodies.national")

    def name_after_anchor(self, i: int) -> int | None:
        """Where a body's name starts after the jurisdiction written at ``i`` — a place
        chain (山西省|, 吕梁市离石区|), a level word (自治区|), a bare level character
        (省|, but not 我省 or 市场) or 中共 + a place — else None."""
        text = self.text
        if i in self.place_at:
            return self.place_chain_end(i)
        free_before = i == 0 or text[i - 1] not in self.not_anchor_before
        if (level := self.level_word_at(i)) \
                and free_before and i not in self.place_ending:
            return i + len(level)
        if text[i] in self.level_chars and free_before and text[i + 1:i + 2] not in self.not_anchor_after \
                and (i + 1) not in self.place_at and not self.title_at(i):
            return i + 1
        if text.startswith(self.party_prefix, i) and (i + len(self.party_prefix)) in self.place_at:
            return self.place_chain_end(i + len(self.party_prefix))
        return None

    def anchored_at(self, i: int) -> BodyMatch | None:
        text = self.text
        name_from = self.name_after_anchor(i)
        if name_from is None or (name_from < len(text) and self.coordinated_at(name_from)):
            return None  # 庆阳市|和|省应急管理厅: the place is not a body's
        if self.unknown_town(i):
            return None  # 街道党工委 with no 街道 the article is about, nor one named before
        committee = next((w for w in self.region_party_committee if text.startswith(w, name_from)), None)
        if committee and self.names_party_committee(i):
            # 自治区党委, 乡党委, 街道党工委: the region's (town's) party committee, as 省委 is a province's.
            end = name_from + len(committee)
            return BodyMatch(i, end, self.canonical(i, end, "gov"), "gov", [text[i:end]],
                             rule="bodies.jurisdiction-party-committee")
        stop = self.window_end(name_from)
        best = self.best_end(name_from, self.ends_in(name_from, stop), min_core=0)
        if best is None:
            return None
        end, suffix = best
        kind = self.suffixes[suffix]
        core = end - len(suffix) - name_from
        if core == 0 and suffix not in self.bare:
            return None
        if not self.anchored_name_ok(name_from, end, suffix):
            return None
        # 山西新格机电安装有限公司 is also written 新格机电安装有限公司.
        names = [text[i:end]] + ([text[name_from:end]] if kind == "enterprise" and i in self.place_at else [])
        return BodyMatch(i, end, self.canonical(i, end, kind), kind, names, rule="bodies.jurisdiction-suffix")

    def anchored_name_ok(self, name_from: int, end: int, suffix: str) -> bool:
        """An enterprise needs a name of two characters; a name with 和 inside is a
        category unless a government body's (夏庄镇|危化品生产储存企业和加油站, but
        住房和城乡建设局)."""
        kind, core = self.suffixes[suffix], self.text[name_from:end - len(suffix)]
        if kind == "enterprise" and len(core) < 2:
            return False
        return kind == "gov" or not any(c in self.conjunctions for c in core)

    def names_party_committee(self, i: int) -> bool:
        """Whether the jurisdiction at ``i`` is one whose committee is called 党委: a region
        (自治区), a township named bare in an article about it (乡), a town (代寺镇, not in
        the gazetteer), a prefecture that calls it so (昌吉州党委, 州党委)."""
        if i in self.place_at:
            place = self.place_at[i]
            return place.text[-1:] in self.party_committee_levels and (
                place._.canonical not in resources.places() or place.text[-1:] not in self.town_chars)
        return self.level_word_at(i) is not None or self.text[i] in self.party_committee_levels

    def name_start_before(self, end: int, suffix: str) -> int:
        """Where an enterprise's or medium's name ending with ``suffix`` at ``end`` starts:
        leftwards over name characters, up to a stop character, a verb or a place, then
        past the generic words and verbs that open the window."""
        text = self.text
        i = end - len(suffix)
        while i > 0 and end - i < MAX_NAME and NAME_CHAR.match(text[i - 1]):
            if (place := self.place_ending.get(i)) is not None:
                if not text.endswith(self.stationed, 0, place.start_char):
                    break
                i = place.start_char - len(self.stationed)  # …有限公司|驻栖霞|项目部
                continue
            if self.verb_lexicon.longest_ending(text, i) is not None:
                break
            if self.stops_name(i - 1):
                break
            i -= 1
        while (g := next((g for g in self.generic_or_verbs if text.startswith(g, i)), None)) \
                and i + len(g) < end - len(suffix):
            i += len(g)
        return self.quoted_start(i, end - len(suffix), end)

    def quoted_start(self, i: int, core_end: int, end: int) -> int:
        """A name holding an opening quote it does not close is a quoted word, not a
        name (整治工贸企业“厂|中厂”: no name left); one that opens with a quoted date code
        starts at its quote (``with_date_code``)."""
        if self.text.count("“", i, end) > self.text.count("”", i, end):
            return core_end
        i = self.with_date_code(i)
        if (code := resources.pattern("bodies.accident-code-name").match(self.text, i, core_end)) is not None \
                and code.end() == core_end:
            return core_end  # 拜城县“3·12”较大|煤矿|顶板事故: an accident's words, no body
        return i

    def stops_name(self, at: int) -> bool:
        """Whether the character at ``at`` ends a name read leftwards: a stop character
        that opens no trade name, or a conjunction between words (…企业和|加油站)."""
        if self.text[at] in self.stopchars and not self.opens_trade_name(at):
            return True
        return self.text[at] in self.conjunctions and self.joins_categories(at)

    def joins_categories(self, at: int) -> bool:
        """Whether the conjunction at ``at`` joins two words (危化品生产储存企业|和|加油站)
        rather than stands inside a trade name's word (宁夏宁东|泰和|煤业): a word of its own."""
        bounds = word_boundaries(self.text)
        return at in bounds and at + 1 in bounds

    def with_date_code(self, i: int) -> int:
        """A name that opens with a quoted date code (“3·28”森林火灾扑救前线指挥部) starts
        at its opening quote."""
        code = QUOTED_CODE_BEFORE.search(self.text, max(0, i - 8), i) if self.text[i:i + 1] == "”" else None
        return code.start() if code else i

    def opens_trade_name(self, i: int) -> bool:
        """Whether the character at ``i``, though it ends names elsewhere (其), opens a trade
        name right after a place's short form (浙江|其峰矿山工程有限公司)."""
        place = self.place_ending.get(i)
        return place is not None and place.text != place._.canonical

    def suffix_led(self, end: int, suffix: str) -> BodyMatch | None:
        """An enterprise or medium found leftwards from its suffix."""
        text = self.text
        i = self.name_start_before(end, suffix)
        kind = self.suffixes[suffix]
        start = i
        if i in self.place_ending:
            # Walk back over the places right before the name: 吕梁市离石区|永聚煤业.
            while start in self.place_ending:
                start = self.place_ending[start].start_char
        core = text[i:end - len(suffix)]
        # 淮南矿业集团, 广州地铁集团, 山西日报: a trade word or nothing between place and
        # suffix, so the place is part of the name (unlike 吕梁市离石区|永聚煤业).
        named_by_place = start < i and (kind == "media" or self.place_is_part(i, end))
        if (len(core) < 2 or core in self.generic or core in self.verbs
                or text[i:end] in resources.word_list("posts.abbreviated-enterprise")) and not named_by_place:
            return None  # 集团公司 alone stands for a company named before
        names = [text[i:end]] + ([text[start:end]] if start < i else [])
        if named_by_place:  # 淮南矿业集团, 山西日报: the place is part of the name
            names.reverse()
        return BodyMatch(start, end, names[0], kind, names, rule="bodies.suffix-led")

    def office_at(self, m: BodyMatch) -> BodyMatch | None:
        """A body's office named by a place right after it: 国家矿山安全监察局|贵州局."""
        if m.end not in self.place_at:
            return None
        after = self.place_chain_end(m.end)
        for s in self.suffixes_at(after):
            if self.suffixes[s] == "gov" and self.valid_end(after + len(s), s):
                end = after + len(s)
                return BodyMatch(m.start, end, m.canonical + self.text[m.end:end], "gov",
                                 [self.text[m.start:end]], parent=m, rule="bodies.office-of")
        return None

    def split_inner(self, m: BodyMatch) -> list[BodyMatch]:
        """``潞安化工集团王庄煤矿`` → the inner body and the outer one, part of it."""
        text = self.text
        name_from = self.place_chain_end(m.start)
        inner_end = None
        for end in range(m.end - 2, name_from + 1, -1):
            s = self.suffix_ending(end)
            if s and self.valid_end(end, s) and self.suffixes[s] != "unit" \
                    and (end - len(s) - name_from >= 1 or s in self.bare) and m.end - end >= 3:
                inner_end = end
                break
        if inner_end is None:
            return [m]
        tail = text[inner_end:m.end]
        tail_suffix = self.suffix_ending(m.end)
        if self.one_name(tail, tail_suffix, self.suffix_ending(inner_end)):
            return [m]
        suffix = self.suffix_ending(inner_end)
        inner = BodyMatch(m.start, inner_end, self.canonical(m.start, inner_end, self.suffixes[suffix]),
                          self.suffixes[suffix], [text[m.start:inner_end]], rule=m.rule)
        if (host := self.stationed_in(m, inner_end, tail_suffix)) is not None:
            return [inner, host]
        if tail[0] in self.level_chars and self.suffixes[tail_suffix] == "gov":
            # 区委区政府: two bodies side by side, not one inside the other.
            return [inner, BodyMatch(inner_end, m.end, self.canonical(inner_end, m.end, "gov"),
                                     "gov", [tail], rule="bodies.side-by-side")]
        outer_canonical = self.outer_canonical(m, inner, inner_end)
        for name in (tail, outer_canonical):
            if name not in m.names:
                m.names.append(name)
        outer = BodyMatch(m.start, m.end, outer_canonical, m.kind, m.names, parent=inner, rule="bodies.inside-another")
        return [inner, outer]

    def stationed_in(self, m: BodyMatch, inner_end: int, suffix: str) -> BodyMatch | None:
        """市纪委监委|驻|市应急管理局|纪检监察组: the commission and the body its discipline
        group is stationed in, side by side; the group is a third body (officials)."""
        mark = next((w for w in resources.word_list("posts.stationed") if self.text.startswith(w, inner_end)), None)
        if mark is None or not self.text.startswith(resources.word_list("posts.own-unit"), m.end):
            return None
        host = inner_end + len(mark)
        return BodyMatch(host, m.end, self.canonical(host, m.end, self.suffixes[suffix]),
                         self.suffixes[suffix], [self.text[host:m.end]], rule="bodies.stationed-in")

    def one_name(self, tail: str, tail_suffix: str | None, inner_suffix: str) -> bool:
        """Whether a name that holds a suffix inside is still one name: one that ends in no
        suffix, whatever it holds (the national bodies' short forms: 国务院安委办, 中央编办);
        one whose tail is only a suffix (省人大常委会, 国务院安委会); a company whose trade
        word comes before its legal form (钦州临港化工|储运有限公司)."""
        if tail_suffix is None or len(tail) <= len(tail_suffix):
            return True
        return self.suffixes[inner_suffix] == "enterprise" and tail_suffix in self.legal_forms \
            and inner_suffix not in self.legal_forms + self.group_suffixes

    def outer_canonical(self, m: BodyMatch, inner: BodyMatch, inner_end: int) -> str:
        """The name of the body inside another: 省财政厅省直预算处 is named with its
        department; 潞安化工集团王庄煤矿 is 王庄煤矿, and 山东五彩龙投资有限公司栖霞市笏山金矿
        is 笏山金矿 (the place says where the mine is)."""
        if m.kind != "enterprise":
            return inner.canonical + self.text[inner_end:m.end]
        return self.text[self.place_chain_end(inner_end):m.end]

    def named_with_jurisdiction(self) -> list[BodyMatch]:
        """National bodies and bodies after a jurisdiction, left to right, each with the
        body inside it and the office named after it."""
        found: list[BodyMatch] = []
        anchor_chars = self.anchor_chars()
        i = 0
        while i < len(self.text):
            m = (self.text[i] in anchor_chars or i in self.place_at) and (self.national_at(i) or self.anchored_at(i))
            if not m:
                i += 1
                continue
            found += self.split_inner(m)
            if (sub := self.office_at(m)) is not None:
                found.append(sub)
                m = sub
            i = m.end
        return found

    def named_by_suffix(self, covered: list[tuple[int, int]]) -> list[BodyMatch]:
        """Enterprises, media and zones found leftwards from their suffix, outside ``covered``
        (which grows with what they cover)."""
        found: list[BodyMatch] = []
        for end in self.suffix_lexicon.closings(self.text, 1):  # where a suffix may end, not every position
            s = self.suffix_ending(end)
            if not s or self.suffixes[s] not in SUFFIX_LED or not self.valid_end(end, s) \
                    or any(a < end <= b for a, b in covered):
                continue
            if m := self.suffix_led(end, s):
                found += self.split_inner(m)
                covered.append((m.start, m.end))
        return found

    def find(self) -> list[BodyMatch]:
        found = self.named_with_jurisdiction()
        covered = [(m.start, m.end) for m in found]
        found += self.named_by_suffix(covered)
        for m in resources.pattern("bodies.newspaper-title").finditer(self.text):
            g = next(i for i in range(1, m.re.groups + 1) if m.group(i))
            if not any(a <= m.start(g) < b for a, b in covered):
                found.append(BodyMatch(m.start(g), m.end(g), m.group(g), "media", [m.group(g)],
                                       rule="bodies.newspaper-title"))
        found += self.defined_short_names(found)
        found += self.ministry_units(found)
        found += self.enterprise_units(found)
        found += self.numbered_teams(found)
        self.name_short_companies(found)
        return found

    def numbered_teams(self, found: list[BodyMatch]) -> list[BodyMatch]:
        """第一综合检查组由…任组长: a team named by its number at the start of a clause, part
        of the safety committee named first in the text (国务院安委会), which sends teams out."""
        covered = [(m.start, m.end) for m in found]
        sender = next((m for m in found if m.canonical.endswith(tuple(resources.word_list("bodies.team-sender")))), None)
        return [BodyMatch(t.start(), t.end(), t.group(), "gov", [t.group()], parent=sender, rule="bodies.numbered-team")
                for t in resources.pattern("bodies.ordinal-group").finditer(self.text)
                if not any(a < t.end() and t.start() < b for a, b in covered)]

    def ministry_units(self, found: list[BodyMatch]) -> list[BodyMatch]:
        """应急管理部新闻发言人、新闻宣传司司长申建军,安全执法和工贸监管局副局长郑晓红: a
        department named bare, with its head's title, after a national body in one
        sentence (or right after it: 农业农村部渔业渔政管理局局长) is that body's
        (应急管理部新闻宣传司), part of it."""
        out = []
        covered = [(m.start, m.end) for m in found]
        for n in [m for m in found if m.rule == "bodies.national"]:
            _, end = sentence_bounds(self.text, n.start)
            right_after = resources.pattern("bodies.ministry-unit-after").match(self.text, n.end)
            for u in [right_after] * bool(right_after) + list(
                    resources.pattern("bodies.ministry-unit").finditer(self.text, n.end, end)):
                name = u.group()
                if any(a < u.end() and u.start() < b for a, b in covered) or name[0] in self.level_chars:
                    continue
                out.append(BodyMatch(u.start(), u.end(), n.canonical + name, "gov", [name], parent=n,
                                     rule="bodies.ministry-unit"))
                covered.append((u.start(), u.end()))
        return out

    def enterprise_units(self, found: list[BodyMatch]) -> list[BodyMatch]:
        """顺达客运有限公司|安全管理部|部长: a department written right after an enterprise,
        with its head's title, is a body of its own, part of the enterprise."""
        out = []
        for n in [m for m in found if m.kind == "enterprise"]:
            u = resources.pattern("bodies.enterprise-unit").match(self.text, n.end)
            if u is not None and not any(m.start < u.end() and u.start() < m.end for m in found):
                out.append(BodyMatch(u.start(), u.end(), n.canonical + u.group(), "unit", [u.group()], parent=n,
                                     rule="bodies.enterprise-unit"))
        return out

    def name_short_companies(self, found: list[BodyMatch]) -> None:
        """曙辉公司 after 安庆曙辉化工有限公司: a company named by the start of its trade name
        and 公司 is that company (its full name becomes one of its names)."""
        company = resources.word_list("bodies.short-company")[0]
        full = [m for m in found if m.kind == "enterprise" and m.canonical.endswith(tuple(self.legal_forms))]
        for m in found:
            core = m.canonical[:-len(company)]
            if m.kind == "enterprise" and m.canonical.endswith(company) and 2 <= len(core) <= 4 \
                    and not m.canonical.endswith(tuple(self.legal_forms)):
                owner = next((f for f in full if any(_abbreviates(core, n) for n in f.names + [f.canonical])), None)
                if owner is not None and owner.canonical not in m.names:
                    m.names.append(owner.canonical)

    def defined_short_names(self, found: list[BodyMatch]) -> list[BodyMatch]:
        """江西赣萍陶瓷有限公司（以下简称赣萍公司）: the short name is the body's, here and
        wherever the text uses it after."""
        by_end = {m.end: m for m in found}
        taken = {(m.start, m.end) for m in found}
        out = []
        for d in resources.pattern("bodies.defined-short-name").finditer(self.text):
            body = by_end.get(d.start())
            if body is None:
                continue
            short = d.group(1)
            body.names.append(short)
            for i in (m.start() for m in re.finditer(re.escape(short), self.text)):
                if (i, i + len(short)) not in taken and not d.start() <= i < d.end():
                    out.append(BodyMatch(i, i + len(short), body.canonical, body.kind, [short, *body.names],
                                         rule="bodies.defined-short-name"))
        return out


@lru_cache(maxsize=None)
def _suffix_lexicon() -> resources.Lexicon:
    return resources.Lexicon(resources.body_suffixes())


@lru_cache(maxsize=None)
def _national_lexicon() -> resources.Lexicon:
    return resources.Lexicon(f for f in resources.national_bodies() if len(f) >= 2)


def other_forms(name: str) -> list[str]:
    """Other names of the body named ``name``: the long or short form of its department
    (县林草局 = 县林业和草原局) and, for a company, its name without the legal form when
    what remains still ends as a name does (鹤兴矿业集团有限公司 = 鹤兴矿业集团).

    >>> other_forms("宁蒗县林草局"), other_forms("鹤兴矿业集团有限公司")
    (['宁蒗县林业和草原局'], ['鹤兴矿业集团'])
    """
    out = []
    for short, full in resources.department_forms():
        if name.endswith(full):
            out.append(name[:-len(full)] + short)
        elif name.endswith(short):
            out.append(name[:-len(short)] + full)
    suffixes = resources.body_suffixes()
    for legal in resources.word_list("bodies.legal-form"):
        rest = name[:-len(legal)]
        if name.endswith(legal) and any(rest.endswith(s) and suffixes[s] == "enterprise" for s in suffixes):
            out.append(rest)
            break
    return out


def find_bodies(text: str, place_spans=(), jurisdiction: Jurisdiction | None = None) -> list[BodyMatch]:
    """The bodies named in ``text``.

    >>> [m.canonical for m in find_bodies("省应急管理厅党委书记、厅长", (), Jurisdiction("河南省"))]
    ['河南省应急管理厅']
    """
    return BodyFinder(text, place_spans, jurisdiction or Jurisdiction()).find()


@Language.component("kg_bodies", requires=["doc.spans", "doc._.jurisdiction"],
                    assigns=["doc.spans", "span._.aliases", "doc._.relations"])
def bodies_component(doc: Doc) -> Doc:
    spans: dict[int, object] = {}
    # A river is no jurisdiction: 湘江港务集团 is a company's name, not 湘江's.
    divisions = [p for p in mentions(doc, "Place") if p._.rule != "places.water"]
    for m in find_bodies(text_of(doc), divisions, doc._.jurisdiction or Jurisdiction()):
        span = add_mention(doc, m.start, m.end, "Body", m.canonical, subtype=m.kind, rule=m.rule)
        if span is None:
            continue
        span._.aliases = tuple(dict.fromkeys(m.names + other_forms(m.canonical)))
        spans[id(m)] = span
        if m.parent is not None and id(m.parent) in spans:
            add_relation(doc, span, "partOf", spans[id(m.parent)], rule=m.rule)
    _drop_waters_in_names(doc)
    for unit, owner in subsidiaries(doc):
        add_relation(doc, unit, "partOf", owner, rule="bodies.subsidiary")
    for unit, owner in branches(doc):
        add_relation(doc, unit, "partOf", owner, rule="bodies.branch")
    named_by_kind_conveners(doc)
    return doc


def branches(doc: Doc):
    """``(branch, owner)``: a branch named bare (氯碱分公司, 热电分公司) is one of the
    enterprise the article is about, the first it names that is no branch."""
    suffix = resources.word_list("bodies.branch-suffix")
    enterprises = [b for b in mentions(doc, "Body") if b._.subtype == "enterprise" and not b._.implied]
    owner = next((b for b in enterprises if not b._.canonical.endswith(suffix)), None)
    if owner is None:
        return
    # bare: no body or place written before it or opening it (…有限公司|永清分公司)
    named = {m.end_char for m in mentions(doc) if m.label_ in ("Body", "Place")} \
        | {m.start_char for m in mentions(doc, "Place")}
    yield from ((b, owner) for b in enterprises if b._.canonical.endswith(suffix) and owner.start_char < b.start_char
                and len(b._.canonical) <= MAX_BRANCH_NAME and b.start_char not in named)


def named_by_kind_conveners(doc: Doc) -> None:
    """集团召开2025年安全生产工作会议: 集团 opening a line or clause before a verb that holds a
    meeting is the first enterprise named before with that word."""
    text = text_of(doc)
    bodies = sorted((b for b in mentions(doc, "Body") if not b._.implied), key=lambda b: (b.start_char, -b.end_char))
    for m in resources.pattern("bodies.kind-convenes").finditer(text):
        _named_by_kind(doc, text, m.end(1), bodies)


def _drop_waters_in_names(doc: Doc) -> None:
    """湘江港务集团有限公司 names a company, not the river: a river found inside a body's
    name is no place."""
    bodies = [(b.start_char, b.end_char) for b in mentions(doc, "Body")]
    drop_mentions(doc, [s for s in mentions(doc, "Place") if s._.rule == "places.water" and any(
        a <= s.start_char and s.end_char <= b and (a, b) != (s.start_char, s.end_char) for a, b in bodies)])


def _abbreviates(core: str, name: str) -> bool:
    """曙辉 for 曙辉化工有限公司 (its start, or within its first characters), 顺通客运 for
    顺通旅游客运有限公司: the trade name's start, then the rest of the short form's
    characters in the full name's order (words left out between)."""
    if name.startswith(core) or core in name[:len(core) + 3]:
        return True
    if len(core) < 4 or not name.startswith(core[:2]):
        return False
    rest = iter(name[2:])
    return all(c in rest for c in core[2:])


def subsidiaries(doc: Doc):
    """``(unit, owner)`` for the bodies listed after 所属 (集团与所属钦州临港化工储运有限公司、
    …): each is part of the body named right before, or of the first enterprise named
    before with the word that stands there for it (集团)."""
    text = text_of(doc)
    bodies = sorted((b for b in mentions(doc, "Body") if not b._.implied), key=lambda b: (b.start_char, -b.end_char))
    by_end = {b.end_char: b for b in bodies}
    by_start = {}
    for b in bodies:
        by_start.setdefault(b.start_char, b)
    for m in resources.pattern("bodies.subsidiaries").finditer(text):
        owner = by_end.get(m.start()) or _named_by_kind(doc, text, m.start(), bodies)
        pos = m.end()
        while owner is not None and (unit := by_start.get(pos)) is not None:
            yield unit, owner
            pos = unit.end_char + (1 if text[unit.end_char:unit.end_char + 1] == "、" else 0)


def _named_by_kind(doc: Doc, text: str, end: int, bodies: list[Span]) -> Span | None:
    """集团 standing for the first enterprise named before with that word in its name."""
    word = next((w for w in resources.word_list("posts.abbreviated-enterprise") if text.endswith(w, 0, end)), None)
    owner = next((b for b in bodies if word and b.end_char <= end - len(word) and word[:2] in b._.canonical), None)
    if owner is None:
        return None
    return add_mention(doc, end - len(word), end, "Body", owner._.canonical, subtype=owner._.subtype,
                       rule="bodies.named-by-kind")
