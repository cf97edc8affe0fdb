"""Mentions → entities: the mentions of one article that name the same thing become one
entity with a canonical name, its other names, and a stable IRI.

Within an article, mentions of the same type merge when their canonical names are equal,
when one's names include the other's canonical name (王庄煤矿 and 潞安化工集团王庄煤矿),
when they are the same thesaurus concept (人民至上、生命至上 = 两个至上), when two
accidents carry the same date code (“11·16”), or when two campaigns differ only by scope,
year and the word 事故 (全省重大事故隐患专项排查整治行动 = 重大隐患专项排查整治2023行动). IRIs are minted from type and canonical
name, so the same official, body or principle in two articles is one node.

>>> from kg.resolve import entity_iri
>>> str(entity_iri("Body", "山西省应急管理厅"))
'https://w3id.org/anquan-kg/id/body/山西省应急管理厅'
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from rdflib import URIRef
from spacy.tokens import Doc, Span

from .components.base import mentions
from .normalize import match_key
from .vocab import ID

DATE_CODE = re.compile(r"\d{1,2}·\d{1,2}")
# A campaign is named with or without its scope, year and the word 事故 (全省重大事故隐患专项
# 排查整治2023行动 = 重大隐患专项排查整治行动): the genre's usual abbreviations.
CAMPAIGN_NOISE = re.compile(r"^全(?:国|省|市|区|县)|\d+年?|事故")


@dataclass
class Entity:
    id: str
    type: str
    canonical: str
    subtype: str | None = None
    names: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    ref: str | None = None

    @property
    def iri(self) -> URIRef:
        if self.type == "Principle" and self.ref:
            return URIRef(self.ref)
        return entity_iri(self.type, self.canonical)


@dataclass
class ResolvedRelation:
    subject: Entity
    predicate: str
    object: Entity
    titles: tuple[str, ...]
    evidence: list[Span]


@dataclass
class Resolved:
    """One article's entities and relations, ready for RDF or JSON."""

    doc: Doc
    entities: list[Entity]
    relations: list[ResolvedRelation]

    @property
    def article(self):
        return self.doc._.article

    def to_record(self) -> dict:
        """The JSON shape of the gold files (GUIDELINES.md)."""
        ents = []
        for e in self.entities:
            d = {"id": e.id, "type": e.type}
            if e.subtype and e.type == "Event":
                d["subtype"] = e.subtype
            d["names"] = e.names
            ents.append(d)
        rels = []
        for r in self.relations:
            d = {"s": r.subject.id, "p": r.predicate, "o": r.object.id}
            if r.predicate == "holdsPost":
                d["titles"] = list(r.titles)
            rels.append(d)
        return {"doc": self.article.doc_id, "entities": ents, "relations": rels}


def iri_part(name: str) -> str:
    # Keep CJK readable; percent-encode what an IRI may not hold or would confuse.
    return "".join(c if (c.isalnum() or c in "·-_") else quote(c, safe="") for c in name)


def entity_iri(entity_type: str, canonical: str) -> URIRef:
    """The IRI of an entity of ``entity_type`` named ``canonical`` (same name, same node)."""
    return ID[f"{entity_type.lower()}/{iri_part(match_key(canonical))}"]


def _key(span: Span) -> str:
    if span.label_ == "Principle" and span._.ref:
        return span._.ref
    if span.label_ == "Event" and span._.subtype == "Accident":
        m = DATE_CODE.search(match_key(span.text))
        if m:
            return "accident:" + m.group()
    if span.label_ == "Event" and span._.subtype == "Campaign":
        return "campaign:" + CAMPAIGN_NOISE.sub("", match_key(span._.canonical))
    return match_key(span._.canonical)


def _same_campaign(a: str | None, b: str | None) -> bool:
    """治本攻坚三年行动 is 安全生产治本攻坚三年行动: one campaign name ends the other."""
    if not (a and b and a.startswith("campaign:") and b.startswith("campaign:")):
        return False
    a, b = a[9:], b[9:]
    return min(len(a), len(b)) >= 6 and (a.endswith(b) or b.endswith(a))


def resolve(doc: Doc) -> Resolved:
    """Group ``doc``'s mentions into entities and lift its relations onto them."""
    groups: list[Entity] = []
    by_span: dict[tuple, Entity] = {}
    for span in mentions(doc):
        names = [span._.canonical] + ([] if span._.implied else [span.text]) + list(span._.aliases)
        keys = {match_key(n) for n in names}
        key = _key(span)
        found = None
        for e in groups:
            if e.type != span.label_:
                continue
            if key == e.ref or match_key(e.canonical) in keys or key in {match_key(n) for n in e.names} \
                    or _same_campaign(key, e.ref):
                found = e
                break
        if found is None:
            found = Entity(id="", type=span.label_, canonical=span._.canonical, subtype=span._.subtype
                           if span.label_ == "Event" else None, ref=key)
            groups.append(found)
        for n in names:
            if n and match_key(n) not in {match_key(x) for x in found.names}:
                found.names.append(n)
        found.mentions.append(span)
        by_span[(span.start_char, span.end_char, span.label_, span._.implied)] = found
    for i, e in enumerate(groups, 1):
        e.id = f"e{i}"
        if e.names and e.names[0] != e.canonical:
            e.names.insert(0, e.canonical)
        e.ref = next((m._.ref for m in e.mentions if m._.ref and e.type == "Principle"), None)
    relations: dict[tuple, ResolvedRelation] = {}
    for r in doc._.relations or []:
        s = by_span.get((r.subject.start_char, r.subject.end_char, r.subject.label_, r.subject._.implied))
        o = by_span.get((r.object.start_char, r.object.end_char, r.object.label_, r.object._.implied))
        if s is None or o is None or s is o:
            continue
        k = (s.id, r.predicate, o.id, r.titles)
        if k in relations:
            relations[k].evidence.append(r.evidence)
        else:
            relations[k] = ResolvedRelation(s, r.predicate, o, r.titles, [r.evidence])
    return Resolved(doc, groups, list(relations.values()))
