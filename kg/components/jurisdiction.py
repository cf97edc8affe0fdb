"""``kg_jurisdiction``: which province, city and county an article is about.

Decided from the article's own content: every place mention votes for its province (a
city or county also for its city), and so do province abbreviations in set phrases
(驻晋, 来川). A place in the headline, by-line or source lines counts double; a place
that introduces an accident counts a quarter, because articles often draw lessons from
accidents elsewhere (深刻吸取山西吕梁…火灾事故教训 in a Sichuan article). The province with most votes wins; a city or county is kept when it is
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
from .base import Jurisdiction, mentions, text_of

HEAD_LINES = 5


def _weight(text: str, span, head_end: int) -> float:
    w = 0.25 if resources.pattern("jurisdiction.accident-after").match(text, span.end_char) else 1.0
    return 2 * w if span.start_char < head_end else w


def decide(doc: Doc) -> Jurisdiction:
    places = resources.places()
    province_votes: Counter = Counter()
    city_votes: Counter = Counter()
    county_votes: Counter = Counter()
    head_end = _head_end(text_of(doc))
    for span in mentions(doc, "Place"):
        divisions = places.get(span.text, [])
        for d in divisions:
            share = _weight(text_of(doc), span, head_end) / len(divisions)
            province_votes[d.province] += share
            if d.level in ("city", "county") and d.city:
                city_votes[(d.province, d.city)] += share
            if d.level == "county":
                county_votes[(d.province, d.name)] += share
    abbreviations = resources.province_abbreviations()
    context = "".join(resources.word_list("jurisdiction.abbreviation-context"))
    for m in re.finditer(f"[{context}]([{''.join(abbreviations)}])", text_of(doc)):
        province_votes[abbreviations[m.group(1)]] += 1
    if not province_votes:
        return Jurisdiction()
    province = max(province_votes, key=lambda p: (province_votes[p], -_first(text_of(doc), p)))
    city = _pick(city_votes, province)
    county = _pick(county_votes, province) if city else None
    return Jurisdiction(province, city, county)


def _head_end(text: str) -> int:
    end = 0
    for _ in range(HEAD_LINES):
        nxt = text.find("\n", end)
        if nxt == -1:
            return len(text)
        end = nxt + 1
    return end


def _first(text: str, name: str) -> int:
    i = text.find(name[:2])
    return i if i >= 0 else len(text)


def _pick(votes: Counter, province: str) -> str | None:
    inside = {name: v for (p, name), v in votes.items() if p == province and v >= 2}
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
    return doc
