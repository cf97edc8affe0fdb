"""Mentions → entities: the mentions of one article that name the same thing become one
entity with a canonical name, its other names, and a stable IRI.

Within an article, mentions of the same type merge when their canonical names are equal,
when one's names include the other's canonical name (王庄煤矿 and 潞安化工集团王庄煤矿),
when they are the same thesaurus concept (人民至上、生命至上 = 两个至上), when two
accidents carry the same date code (“11·16”), or when two campaigns differ only by scope,
year and the word 事故 (全省重大事故隐患专项排查整治行动 = 重大隐患专项排查整治2023行动).

Across articles, entities meet through their IRIs, minted from what identifies them
beyond one article (``scope`` + name):

- officials: ``official/<province of their posts>/<name>`` — 王启瑞 of 山西省应急管理厅 is
  one node in every article; a namesake in another province is another node (the build
  links such pairs with ``kg:possiblySameAs``, never merges them);
- bodies: ``body/<canonical name>`` — canonical names carry their jurisdiction
  (山西省应急管理厅 ≠ 河南省应急管理厅);
- places: ``place/<province>/<name>`` (provinces: ``place/<name>``);
- principles: the thesaurus concept, else ``principle/<formula>``;
- accidents: ``accident/<province>/<city + enterprise + what happened>`` (吕梁市永聚火灾:
  the same fire whichever article reports it, with or without its date code), else
  ``accident/<province>/<date code>`` (“11·16”), else by name;
- campaigns: ``campaign/<province or 全国>/<name without scope, year, 事故>``;
- meetings: numbered plenums and congresses by their qualified name
  (山西省委十二届七次全会); any other meeting only within its article
  (``meeting/<doc>/<name>``), since 省委常委会会议 recurs.

>>> from kg.resolve import entity_iri
>>> str(entity_iri("Body", "山西省应急管理厅"))
'https://w3id.org/anquan-kg/id/body/山西省应急管理厅'
>>> str(entity_iri("Official", "王启瑞", ("山西省",)))
'https://w3id.org/anquan-kg/id/official/山西省/王启瑞'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from rdflib import URIRef
from spacy.tokens import Doc, Span

from . import resources
from .components.base import date_code, mentions, sentence_bounds, text_of
from .normalize import match_key
from .vocab import ID

# A campaign is named with or without its scope, year and the word 事故 (全省重大事故隐患专项
# 排查整治2023行动 = 重大隐患专项排查整治行动): the genre's usual abbreviations.
CAMPAIGN_NOISE = resources.pattern("resolve.campaign-noise")

FULL_WIDTH_BRACKETS = str.maketrans("()", "（）")  # normalising made them half-width


def campaign_key(name: str) -> str:
    """What identifies a campaign: its name without scope, year and 事故.

    >>> campaign_key("全省重大事故隐患专项排查整治2023行动")
    '重大隐患专项排查整治行动'
    """
    return CAMPAIGN_NOISE.sub("", match_key(name))


@dataclass
class Entity:
    id: str
    type: str
    canonical: str
    subtype: str | None = None
    names: list[str] = field(default_factory=list)
    mentions: list = field(default_factory=list)   # Mention records (spans while resolving)
    ref: str | None = None
    scope: tuple[str, ...] = ()      # what, beyond the name, identifies it across articles
    key_name: str | None = None      # the name its IRI is minted from, if not the canonical
    # Set by kg.curate: the IRI a person's decision gives it, and the decisions that did.
    curated: URIRef | None = None
    curation: list = field(default_factory=list)

    @property
    def iri(self) -> URIRef:
        if self.curated is not None:
            return self.curated
        if self.type == "Principle" and self.ref:
            return URIRef(self.ref)
        return entity_iri(self.type, self.key_name or self.canonical, self.scope)


@dataclass(frozen=True)
class Mention:
    """One mention as plain data: ``article.text[begin:end]`` is what the article wrote."""

    begin: int
    end: int
    text: str       # the mention in the normalised text (simplified, pinyin removed)
    sentence: str   # the normalised sentence it is in
    rule: str       # the rule that found it


@dataclass(frozen=True)
class Statement:
    """One sentence stating a relation, between two mentions, as plain data."""

    subject: Mention
    object: Mention
    begin: int      # the sentence in the original text
    end: int
    sentence: str   # the normalised sentence
    rule: str       # the rule that made it


@dataclass
class ResolvedRelation:
    subject: Entity
    predicate: str
    object: Entity
    titles: tuple[str, ...]
    statements: list[Statement] = field(default_factory=list)


@dataclass
class Resolved:
    """One article's entities and relations as plain records, ready for RDF or JSON.
    ``doc`` is the spaCy ``Doc`` they came from, for inspection only: nothing downstream
    of resolve reads it."""

    article: object                  # kg.read.Article
    jurisdiction: str | None         # the most specific place the article is about
    entities: list[Entity]
    relations: list[ResolvedRelation]
    doc: Doc | None = field(default=None, repr=False)
    dropped: list = field(default_factory=list)  # decisions (kg.curate) that left entities out

    def to_record(self) -> dict:
        """The JSON shape of the gold files (GUIDELINES.md)."""
        ents = []
        for e in self.entities:
            d = {"id": e.id, "type": e.type}
            if e.subtype and e.type == "Event":
                d["subtype"] = e.subtype
            d["names"] = e.names
            d["rule"] = e.mentions[0].rule if e.mentions else ""  # the rule that found it first
            ents.append(d)
        rels = []
        for r in self.relations:
            d = {"s": r.subject.id, "p": r.predicate, "o": r.object.id}
            if r.predicate == "holdsPost":
                d["titles"] = list(r.titles)
            d["rule"] = r.statements[0].rule if r.statements else ""
            rels.append(d)
        return {"doc": self.article.doc_id, "entities": ents, "relations": rels}


def iri_part(name: str) -> str:
    # Keep CJK readable; percent-encode what an IRI may not hold or would confuse.
    return "".join(c if (c.isalnum() or c in "·-_") else quote(c, safe="") for c in name)


def entity_iri(entity_type: str, name: str, scope: tuple[str, ...] = ()) -> URIRef:
    """The IRI of an entity of ``entity_type`` named ``name`` within ``scope``."""
    parts = [iri_part(match_key(p)) for p in (*scope, name)]
    return ID[f"{entity_type.lower()}/{'/'.join(parts)}"]


NATIONAL = resources.word_list("resolve.national-scope")[0]
NUMBERED_MEETING = resources.pattern("resolve.numbered-meeting")


def province_of(name: str, province: str | None = None) -> str | None:
    """The province a body's or place's name places it in (晋城市委 → 山西省), ``全国`` for
    national bodies, else None. ``province`` breaks ties between same-named places.

    >>> province_of("晋城市委"), province_of("国务院")
    ('山西省', '全国')
    """
    if name in set(resources.national_bodies().values()) or name.startswith(resources.word_list("resolve.national-prefix")):
        return NATIONAL
    place = resources.place_lexicon().longest_at(name, 0)
    if not place:
        return None
    divisions = resources.places()[place]
    inside = [d for d in divisions if d.province == province] or divisions
    return inside[0].province


def _official_scope(e: Entity, home: str | None, posts: dict[int, list[str]]) -> None:
    """An official is scoped by the province of most of their posts, else the article's."""
    where = posts.get(id(e))
    e.scope = (max(set(where), key=where.count),) if where else ((home,) if home else ())


def _place_scope(e: Entity, home: str | None, doc_id: str | None) -> None:
    """A city or county by its province (two 朝阳区 stay two); a town by its province and
    county (its mentions refer to the county)."""
    divisions = resources.places().get(e.canonical, [])
    refs = {m._.ref for m in e.mentions}
    d = next((d for d in divisions if d.adcode in refs), divisions[0] if divisions else None)
    if d is not None and d.level != "province":
        e.scope = (d.province,)
    elif d is None and (county := next(filter(None, map(resources.division, refs)), None)) is not None:
        e.scope = (county.province, county.name)


def _accident_scope(e: Entity, home: str | None, doc_id: str | None, involved: str | None = None) -> None:
    """An accident by the province its name places it in, and ``accident_key``."""
    where = next((p for n in e.names if (p := province_of(n, home)) and p != NATIONAL), home)
    e.scope = (where,) if where else ()
    e.key_name = accident_key(e.names, involved, where)


def accident_key(names: list[str], involved: str | None, province: str | None = None) -> str | None:
    """What identifies an accident beyond its article: the city it happened in, the core
    of the enterprise involved and what happened — so that 吕梁市离石区永聚煤业“11·16”重大
    火灾事故 and 山西吕梁市永聚煤矿一办公楼火灾事故, reported by articles of two
    provinces, meet — else its date code, else (None) its name.

    >>> accident_key(["山西吕梁市永聚煤矿一办公楼火灾事故"], "永聚煤矿")
    '吕梁市永聚火灾'
    """
    kind = next((m.group() for n in names if (m := resources.pattern("events.accident-kind").search(n))), None)
    city = next(filter(None, (_city_in(n, province) for n in names)), None)
    core = enterprise_core(involved) if involved else None
    if city and core and kind:
        return city + core + kind
    return next(filter(None, map(date_code, names)), None)


def enterprise_core(name: str) -> str:
    """An enterprise's name without its trade words (永聚煤业, 永聚煤矿 → 永聚)."""
    suffixes = sorted((s for s, kind in resources.body_suffixes().items() if kind == "enterprise"), key=len, reverse=True)
    while (s := next((s for s in suffixes if name.endswith(s) and len(name) - len(s) >= 2), None)):
        name = name[:-len(s)]
    return name


def _city_in(name: str, province: str | None) -> str | None:
    """The city (or municipality) of the first city or county named in ``name``."""
    lexicon = resources.place_lexicon()
    for i in range(len(name)):
        for d in resources.places().get(lexicon.longest_at(name, i) or "", []):
            if d.level != "province" and (province is None or d.province == province):
                return d.city or d.name
    return None


def _campaign_scope(e: Entity, home: str | None, doc_id: str | None) -> None:
    """A campaign by its scope (national or the article's province) and its core name."""
    national = any(n.startswith(NATIONAL) for n in e.names)
    e.scope = (NATIONAL,) if national else ((home,) if home else ())
    e.key_name = campaign_key(e.canonical)


def _meeting_scope(e: Entity, home: str | None, doc_id: str | None) -> None:
    """A numbered plenum or congress by its qualified name; any other meeting only within
    its article, since 省委常委会会议 recurs."""
    qualified = max(e.names, key=lambda n: (province_of(n, home) is not None, len(n)))
    e.key_name = qualified
    if not NUMBERED_MEETING.search(qualified) or province_of(qualified, home) is None \
            and not qualified.startswith(resources.word_list("meetings.party-congress-prefix")):
        e.scope = ("article", doc_id) if doc_id else ()


# What identifies an event beyond its article, by subtype.
_SCOPES = {"Accident": _accident_scope, "Campaign": _campaign_scope, "Meeting": _meeting_scope}


def _assign_identity(groups: list[Entity], relations, doc: Doc) -> None:
    j = doc._.jurisdiction
    home = j.province if j else None
    doc_id = doc._.article.doc_id if doc._.article else None
    posts: dict[int, list[str]] = {}
    involved: dict[int, str] = {}
    for r in relations:
        if r.predicate == "holdsPost" and (p := province_of(r.object.canonical, home)):
            posts.setdefault(id(r.subject), []).append(p)
        elif r.predicate == "involves":
            involved[id(r.subject)] = r.object.canonical
    for e in groups:
        if e.type == "Official":
            _official_scope(e, home, posts)
        elif e.type == "Event" and e.subtype == "Accident":
            _accident_scope(e, home, doc_id, involved.get(id(e)))
        elif e.type == "Event":
            _SCOPES.get(e.subtype, _meeting_scope)(e, home, doc_id)
        elif e.type == "Place":
            _place_scope(e, home, doc_id)


def _key(span: Span, key_of=match_key) -> str:
    if span.label_ == "Principle" and span._.ref:
        return span._.ref
    if span.label_ == "Event" and span._.subtype == "Accident":
        if code := date_code(span.text):
            return "accident:" + code
    if span.label_ == "Event" and span._.subtype == "Campaign":
        return "campaign:" + campaign_key(span._.canonical)
    return key_of(span._.canonical)


def _same_campaign(a: str | None, b: str | None) -> bool:
    """治本攻坚三年行动 is 安全生产治本攻坚三年行动: one campaign name ends the other."""
    if not (a and b and a.startswith("campaign:") and b.startswith("campaign:")):
        return False
    a, b = a[9:], b[9:]
    return min(len(a), len(b)) >= 6 and (a.endswith(b) or b.endswith(a))


class _Groups:
    """The entities of one article as they form, indexed so that finding the entity a
    mention joins is a few lookups, not a scan of every entity (which made a long text
    quadratic). A mention joins the earliest entity of its type whose ref is its key,
    whose canonical name is one of its names, or one of whose names is its key — or, for
    campaigns, whose name ends its own (``_same_campaign``)."""

    def __init__(self):
        self.entities: list[Entity] = []
        self.order: dict[int, int] = {}                  # id(entity) → creation order
        self.index: dict[tuple[str, str, str], list[Entity]] = {}
        self.name_keys: dict[int, set[str]] = {}         # id(entity) → match keys of its names
        self.campaigns: list[Entity] = []
        self.keys: dict[str, str] = {}                   # name → its match key: mentions repeat names

    def key_of(self, name: str) -> str:
        """``match_key(name)``, computed once per name of the article."""
        key = self.keys.get(name)
        if key is None:
            key = self.keys[name] = match_key(name)
        return key

    def _add(self, how: str, kind: str, key: str, e: Entity) -> None:
        self.index.setdefault((how, kind, key), []).append(e)

    def find(self, kind: str, key: str, keys: set[str]) -> Entity | None:
        found = list(self.index.get(("ref", kind, key), ())) + list(self.index.get(("name", kind, key), ()))
        for k in keys:
            found += self.index.get(("canonical", kind, k), ())
        if key and key.startswith("campaign:"):
            found += [e for e in self.campaigns if e.type == kind and _same_campaign(key, e.ref)]
        return min(found, key=lambda e: self.order[id(e)], default=None)

    def new(self, span: Span, key: str) -> Entity:
        e = Entity(id="", type=span.label_, canonical=span._.canonical,
                   subtype=span._.subtype if span.label_ == "Event" else None, ref=key)
        self.order[id(e)] = len(self.entities)
        self.entities.append(e)
        self.name_keys[id(e)] = set()
        self._add("ref", e.type, key, e)
        self._add("canonical", e.type, self.key_of(e.canonical), e)
        if key and key.startswith("campaign:"):
            self.campaigns.append(e)
        return e

    def add_names(self, e: Entity, names: list[str]) -> None:
        known = self.name_keys[id(e)]
        for n in names:
            if n and (k := self.key_of(n)) not in known:
                known.add(k)
                e.names.append(n)
                self._add("name", e.type, k, e)


# Texts are sliced from the doc's text: a span's .text joins its tokens (one per
# character here), which costs as much again for every mention and statement.
def _mention_record(doc: Doc, span: Span) -> Mention:
    text = text_of(doc)
    begin, end = doc._.offsets.original_span(span.start_char, span.end_char)
    s_start, s_end = sentence_bounds(text, span.start_char, span.end_char)
    return Mention(begin, end, text[span.start_char:span.end_char], text[s_start:s_end], span._.rule or "")


def _statement(doc: Doc, stated: tuple, records: dict) -> Statement:
    r, subject_key, object_key = stated
    e = r.evidence
    begin, end = doc._.offsets.original_span(e.start_char, e.end_char)
    return Statement(records[subject_key], records[object_key], begin, end,
                     text_of(doc)[e.start_char:e.end_char], r.rule)


def _span_key(span: Span) -> tuple:
    """What tells mentions apart: where they are, their type, and whether implied."""
    return span.start_char, span.end_char, span.label_, span._.implied


def resolve(doc: Doc) -> Resolved:
    """Group ``doc``'s mentions into entities and lift its relations onto them, as plain
    records (``Mention``, ``Statement``): the ``Doc`` stops here."""
    entities, by_span, keyed = _group(doc)
    relations, stated = _lift(doc, by_span)
    _assign_identity(entities, list(relations.values()), doc)
    # From here on plain records: each mention once, the statements pointing at them.
    records = {k: _mention_record(doc, m) for pairs in keyed for k, m in pairs}
    for e, pairs in zip(entities, keyed):
        e.mentions = [records[k] for k, _ in pairs]
    for k, rel in relations.items():
        rel.statements = [_statement(doc, s, records) for s in stated[k]]
    j = doc._.jurisdiction
    return Resolved(doc._.article, j.most_specific() if j else None, entities, list(relations.values()), doc)


def _group(doc: Doc) -> tuple[list[Entity], dict[tuple, Entity], list[list[tuple]]]:
    """The entities of ``doc``'s mentions (a mention joins the first entity of its type
    and identity key that shares one of its names), numbered in order of appearance,
    which entity each mention went to, and each entity's ``(span key, span)`` pairs
    (``_span_key`` reads ``span._``, which is slow: each key is read once)."""
    found_in = _Groups()
    by_span: dict[tuple, Entity] = {}
    pairs: dict[int, list[tuple]] = {}  # id(entity) → its mentions' (key, span)
    text = text_of(doc)
    for span in mentions(doc):
        written = text[span.start_char:span.end_char]  # span.text, without joining its tokens
        names = [span._.canonical] + ([] if span._.implied else [written]) + list(span._.aliases)
        names += [n.translate(FULL_WIDTH_BRACKETS) for n in names if "(" in n]  # as Chinese text writes them
        key = _key(span, found_in.key_of)
        found = found_in.find(span.label_, key, {found_in.key_of(n) for n in names}) or found_in.new(span, key)
        found_in.add_names(found, names)
        found.mentions.append(span)
        by_span[span_key := _span_key(span)] = found
        pairs.setdefault(id(found), []).append((span_key, span))
    for i, e in enumerate(found_in.entities, 1):
        e.id = f"e{i}"
        if e.names and e.names[0] != e.canonical:
            e.names.insert(0, e.canonical)
        e.ref = next((m._.ref for m in e.mentions if m._.ref), None) if e.type == "Principle" else None
    return found_in.entities, by_span, [pairs[id(e)] for e in found_in.entities]


def _lift(doc: Doc, by_span: dict[tuple, Entity]) -> tuple[dict[tuple, ResolvedRelation], dict[tuple, list]]:
    """``doc``'s relations between mentions as relations between entities, each once,
    with every relation of the ``Doc`` that states it (and its ends' span keys)."""
    relations: dict[tuple, ResolvedRelation] = {}
    stated: dict[tuple, list] = {}
    for r in doc._.relations or []:
        subject_key, object_key = _span_key(r.subject), _span_key(r.object)
        s, o = by_span.get(subject_key), by_span.get(object_key)
        if s is None or o is None or s is o:
            continue
        k = (s.id, r.predicate, o.id, r.titles)
        if k not in relations:
            relations[k] = ResolvedRelation(s, r.predicate, o, r.titles)
        stated.setdefault(k, []).append((r, subject_key, object_key))
    return relations, stated
