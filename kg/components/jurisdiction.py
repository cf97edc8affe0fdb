"""``kg_jurisdiction``: which province, city and county an article is about.

Decided from the article's own content: every place mention votes for its province (a
city or county also for its city), and so do province abbreviations in set phrases
(驻晋, 来川) and the site the article comes from (来源: www.shanghang.gov.cn → 上杭县,
three votes). A place that is the jurisdiction of a body or title (河北省委书记, 省政府)
counts double; a place in the headline, by-line or source lines counts double again; a
place that introduces an accident counts a quarter, because articles often draw lessons
from accidents elsewhere (深刻吸取山西吕梁…火灾事故教训 in a Sichuan article). The province with most votes wins; a city or county is kept when it is
mentioned at least twice within that province. The result, ``doc._.jurisdiction``,
resolves bare names later: ``省应急管理厅`` in a Henan article is 河南省应急管理厅.

Revises ``kg_places``'s mentions: a place name that several divisions share (朝阳区)
takes the canonical name and adcode of the one inside the jurisdiction.
"""
from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from .. import resources
from .base import Jurisdiction, add_mention, first_line_end, head_end, headline_bounds, mentions, text_of

HEAD_LINES = 5
# How much a place counts: named by the article's source site, as the jurisdiction of a
# body or title that acts (山西省委, 河北省委书记), plainly, or as where an accident was.
SOURCE, ACTING, ACCIDENT = 3.0, 2.0, 0.25
MAX_SITE_NAME = 12  # characters of a page's first line that names the site (廊坊新闻网)
# The province is the one that acts most (by bodies, titles, source site); plain mentions
# decide only between equals, or when nothing acts.


def _weight(text: str, span, head_end: int) -> tuple[float, bool]:
    """How much a place mention counts, and whether it is the jurisdiction of something
    that acts (山西省委, 省政府召开)."""
    if resources.pattern("jurisdiction.accident-after").match(text, span.end_char):
        w, acting = ACCIDENT, False
    else:
        # 在霸州市主持召开…: a place where something is done, not who does it.
        where = text.endswith(resources.word_list("jurisdiction.location-before"), 0, span.start_char)
        acting = not where and resources.pattern("jurisdiction.acting-after").match(text, span.end_char) is not None
        w = ACTING if acting else 1.0
    return (2 * w if span.start_char < head_end else w), acting


def source_divisions(source: str | None) -> list:
    """The divisions a source URL's host names: government and local news sites are
    named by the pinyin of their place (www.shanghang.gov.cn → 上杭县, hebei.cri.cn → 河北省).
    Only a pinyin that names one division counts."""
    by_pinyin = resources.places_by_pinyin()
    hosts = re.findall(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", (source or "").lower())
    return [by_pinyin[label] for host in hosts for label in host.split(".") if label in by_pinyin] \
        + _medium_place(source or "")


def _site_name(text: str) -> list:
    """廊坊新闻网 heading a saved page: the site's own name, a local medium named by its
    place, says where the article is as a source line does."""
    first = text[:first_line_end(text)]
    return _medium_place(first) if len(first.strip()) <= MAX_SITE_NAME else []


def _medium_place(source: str) -> list:
    """来源:黄骅市应急管理局 → 黄骅市, 来源:安吉新闻网 → 安吉县: a source opening with a
    division's full name, or with its short name before the name of a medium. Only a name
    of one division counts."""
    name = source.strip()
    for n in (7, 6, 5, 4, 3, 2):
        divisions = resources.places().get(name[:n]) or resources.county_short_forms().get(name[:n], [])
        full = len(divisions) == 1 and divisions[0].name == name[:n]
        if len(divisions) == 1 and (full or name[n:].startswith(resources.word_list("jurisdiction.medium"))):
            return divisions
    return []


def _votes(doc: Doc) -> list:
    """``(division, share, acting)`` for every place mention, the source and the site."""
    places = resources.places()
    text = text_of(doc)
    head = head_end(text, HEAD_LINES)
    votes = []
    for span in mentions(doc, "Place"):
        weight, acting = _weight(text, span, head)
        votes += [(d, weight / len(places[span.text]), acting) for d in places.get(span.text, [])]
    votes += [(d, SOURCE, True) for d in source_divisions(getattr(doc._.article, "source", None))]
    return votes + [(d, SOURCE, True) for d in _site_name(text)]


def decide(doc: Doc) -> Jurisdiction:
    province_votes: Counter = Counter()
    acting_votes: Counter = Counter()  # from bodies and titles that act, and the source site
    city_votes: Counter = Counter()
    acting_by_name: Counter = Counter()  # acting votes of each division itself
    county_votes: Counter = Counter()
    text = text_of(doc)
    for d, share, acting in _votes(doc):
        province_votes[d.province] += share
        acting_votes[d.province] += share if acting else 0
        if d.level in ("city", "county") and d.city:
            city_votes[(d.province, d.city)] += share
        acting_by_name[d.name] += share if acting else 0
        if d.level == "county":
            county_votes[((d.province, d.city), d.name)] += share
    abbreviations = resources.province_abbreviations()
    context = "".join(resources.word_list("jurisdiction.abbreviation-context"))
    for m in re.finditer(f"[{context}]([{''.join(abbreviations)}])", text):
        province_votes[abbreviations[m.group(1)]] += 1
    if not province_votes:
        return Jurisdiction()
    province = max(province_votes, key=lambda p: (acting_votes[p], province_votes[p], -_first(text, p)))
    city = _pick(city_votes, province)
    county = _pick(county_votes, (province, city)) if city else None
    # A county-level city (黄骅市) that acts more than its prefecture is what 市 means.
    county_is_city = bool(county) and county.endswith(resources.word_list("jurisdiction.county-level-city")) \
        and acting_by_name[county] > acting_by_name[city]
    return Jurisdiction(province, city, county, county_is_city, _township(doc))


def _township(doc: Doc) -> str | None:
    """塔什米里克乡召开2025年安全生产…会议: a township that acts in the headline is what the
    article is about, and what a bare 乡/镇 means."""
    start, end = headline_bounds(doc)
    m = resources.pattern("jurisdiction.acting-township").match(text_of(doc)[start:end])
    if m is None:
        return None
    town = m.group(1)
    # 沂水县|马站镇: the divisions written before the town are where it is, not its name
    cut = max((k for k in range(2, len(town) - 1) if town[:k] in resources.places()), default=0)
    return town[cut:]


def _first(text: str, name: str) -> int:
    i = text.find(name[:2])
    return i if i >= 0 else len(text)


def _pick(votes: Counter, within) -> str | None:
    """The division with most votes (at least two) inside ``within``."""
    inside = {name: v for (p, name), v in votes.items() if p == within and v >= 2}
    return max(inside, key=inside.get) if inside else None


@Language.component("kg_jurisdiction", requires=["doc.spans"],
                    assigns=["doc._.jurisdiction", "span._.canonical", "span._.ref"])
def jurisdiction_component(doc: Doc) -> Doc:
    j = decide(doc)
    doc._.jurisdiction = j
    # A place name shared by several divisions is the one inside the jurisdiction.
    places = resources.places()
    for span in mentions(doc, "Place"):
        divisions = places.get(span.text, [])
        if len(divisions) > 1:
            inside = [d for d in divisions if d.province == j.province] or divisions
            span._.canonical = inside[0].name
            span._.ref = inside[0].adcode
        elif divisions:
            span._.ref = divisions[0].adcode
        elif not span._.ref and span._.rule == "places.town-list":
            span._.ref = _division_code(j.county or j.city, j.province)  # a town of the article's county
    if j.town:
        for m in re.finditer(re.escape(j.town), text_of(doc)):
            add_mention(doc, m.start(), m.end(), "Place", j.town, ref=_division_code(j.county or j.city, j.province),
                        rule="jurisdiction.township")
    return doc


def _division_code(name: str | None, province: str | None) -> str:
    return next((d.adcode for d in resources.places().get(name or "", []) if d.province == province), "")
