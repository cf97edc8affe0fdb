"""What the explorer (``kg serve``) reads from a store: the entities whose names match what
a user types, a node's neighbourhood a page at a time, the sentences behind one relation,
and everything an entity page shows.

Each function runs fixed SPARQL whose values are bound as terms (``BaseStore.query``'s
``bindings``): nothing a user types or a file holds becomes query text. Answers are plain
dicts and lists, ready for JSON or a template; every sentence is cut from the article's
original text (traditional characters and pinyin as the article has them), with the
offsets of the mentions in it.

>>> from kg.build import build
>>> store = build(store=None).store                                   # doctest: +SKIP
>>> [hit["label"] for hit in search(store, "王啟瑞")]                  # doctest: +SKIP
['王启瑞']
"""
from __future__ import annotations

from collections import defaultdict
from urllib.parse import quote, unquote

from rdflib import Literal, URIRef

from .normalize import normalize_text
from .store import BaseStore
from .vocab import ENTITY_CLASS, EVENT_CLASS, ID, PREDICATES, label, province_of_place

PAGE = 100          # neighbours drawn at a time (Neo4j Browser's cap)
EVIDENCE = 200      # sentences an entity page shows at most; the rest are counted
DETAIL = 3000       # sentences past which a neighbourhood's edges do not list their articles

SEARCH = """
SELECT ?q ?e ?type (SAMPLE(?st) AS ?subtype) (MIN(?l) AS ?label) (MIN(?name_) AS ?name)
       (MAX(IF(?name_ = ?q, 2, IF(STRSTARTS(?name_, ?q), 1, 0))) AS ?rank)
       (COUNT(DISTINCT ?a) AS ?n)
WHERE {
  ?e rdfs:label|skos:altLabel ?name_ . FILTER(CONTAINS(?name_, ?q))
  ?e a ?class . ?class kg:entityType ?type .
  ?e rdfs:label ?l ; kg:attestedBy ?a .
  OPTIONAL { ?e a ?sub . ?sub kg:eventSubtype ?st }
} GROUP BY ?q ?e ?type ORDER BY DESC(?rank) DESC(?n) ?label LIMIT %d
"""

NODE = """
SELECT ?e ?type (SAMPLE(?st) AS ?subtype) (MIN(?l) AS ?label)
       (GROUP_CONCAT(DISTINCT ?alt; separator="\\u001f") AS ?alts) (COUNT(DISTINCT ?a) AS ?n)
WHERE {
  ?e a ?class . ?class kg:entityType ?type .
  ?e rdfs:label ?l ; kg:attestedBy ?a .
  OPTIONAL { ?e skos:altLabel ?alt }
  OPTIONAL { ?e a ?sub . ?sub kg:eventSubtype ?st }
} GROUP BY ?e ?type
"""


def both_ways(body: str) -> str:
    """``body`` for the facts whose subject is ``?e`` and for those whose object is: a
    UNION with the whole pattern in each branch and the BIND last. Oxigraph evaluates
    what follows a UNION, or a BIND, on its own over the whole store (seconds instead of
    milliseconds on 8 M triples)."""
    out = '{ ?ev rdf:subject ?e ; rdf:object ?other .%s\n  BIND("out" AS ?dir) }' % body
    back = '{ ?ev rdf:object ?e ; rdf:subject ?other .%s\n  BIND("in" AS ?dir) }' % body
    return f"{out}\nUNION\n{back}"


# One row per (direction, predicate, neighbour), with how many sentences state it; and
# the articles behind each, for the page's filters. Two queries: Oxigraph plans the
# optional article dates badly inside the grouping (0.6 s instead of 10 ms).
NEIGHBOURS = """
SELECT ?e ?dir ?pname ?other ?type (SAMPLE(?st) AS ?subtype) (MIN(?l) AS ?label) (MAX(?c) AS ?n) WHERE {
  { SELECT ?e ?dir ?p ?other (COUNT(?ev) AS ?c) WHERE {
%s
  } GROUP BY ?e ?dir ?p ?other }
  ?p kg:predicate ?pname .
  ?other a ?class ; rdfs:label ?l . ?class kg:entityType ?type .
  OPTIONAL { ?other a ?sub . ?sub kg:eventSubtype ?st }
} GROUP BY ?e ?dir ?pname ?other ?type ORDER BY DESC(?n) ?label
""" % both_ways("\n  ?ev rdf:predicate ?p .")  # counted first, named after: half the time on a hub

NEIGHBOUR_ARTICLES = """
SELECT DISTINCT ?e ?dir ?pname ?other ?doc ?date ?where WHERE {
%s
}
""" % both_ways("""
  ?ev rdf:predicate ?p ; kg:attestedBy ?art . ?p kg:predicate ?pname .
  ?art kg:docId ?doc .
  OPTIONAL { ?art dcterms:date ?date }
  OPTIONAL { ?art kg:jurisdiction ?where }""")

# The sentences stating facts about ?e, newest first: which, and where they are (the
# newest chosen first, then their mentions joined: half the time on a principle's
# hundreds). The sentences themselves are cut from the articles' original text
# afterwards, for the few shown.
EVIDENCE_OF = """
SELECT ?e ?dir ?pname ?other ?art ?doc ?date ?b ?end ?sb ?se ?ob ?oe ?ev WHERE {
  { SELECT ?e ?ev ?dir ?other ?art ?date WHERE {
%s
    } ORDER BY DESC(?date) ?ev LIMIT %%d }
  ?ev rdf:predicate ?p ; nif:beginIndex ?b ; nif:endIndex ?end ; kg:subjectMention ?sm ; kg:objectMention ?om .
  ?p kg:predicate ?pname .
  ?sm nif:beginIndex ?sb ; nif:endIndex ?se .
  ?om nif:beginIndex ?ob ; nif:endIndex ?oe .
  ?art kg:docId ?doc .
} ORDER BY DESC(?date) ?doc ?b
""" % both_ways("""
  ?ev kg:attestedBy ?art .
  OPTIONAL { ?art dcterms:date ?date }""")

# The curation decisions that changed an entity, and the facts about it they changed.
CURATION = """
SELECT ?e ?d ?action ?name ?comment WHERE {
  { ?e kg:curatedBy ?d } UNION { ?d kg:curated ?e } UNION { ?d kg:curatedOther ?e }
  ?d kg:action ?action
  OPTIONAL { ?d kg:curatedName ?name } OPTIONAL { ?d rdfs:comment ?comment }
}"""
MERGED_INTO = """
SELECT ?e ?keep WHERE { ?d kg:action "same-as" ; kg:curatedOther ?e ; kg:curated ?keep }"""
CURATED_FACTS = """
SELECT DISTINCT ?e ?ev ?action WHERE {
  ?ev rdf:subject|rdf:object ?e ; kg:curatedBy ?d . ?d kg:action ?action
}"""

ARTICLE = """
SELECT ?art ?text ?title ?source ?url WHERE {
  ?art kg:text ?text .
  OPTIONAL { ?art dcterms:title ?title }
  OPTIONAL { ?art dcterms:source ?source }
  OPTIONAL { ?art schema:url ?url }
}
"""

# An entity's posts: held by it, or in it; then their dates and articles apart (joined
# in one query, a post attested 10,000 times as of 366 dates makes 3.6 M rows). Each
# UNION branch whole, with its BIND last (see both_ways).
POSTS = """
SELECT ?e ?post ?official ?oname ?title ?body ?bname WHERE {
  { ?post org:heldBy ?e ; org:postIn ?body ; kg:title ?title . ?e rdfs:label ?oname . ?body rdfs:label ?bname .
    BIND(?e AS ?official) }
  UNION
  { ?post org:postIn ?e ; org:heldBy ?official ; kg:title ?title . ?official rdfs:label ?oname . ?e rdfs:label ?bname .
    BIND(?e AS ?body) }
}
"""

POST_DATES = """
SELECT ?e ?post (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE {
  { ?post org:heldBy ?e ; kg:asOf ?d } UNION { ?post org:postIn ?e ; kg:asOf ?d }
} GROUP BY ?e ?post
"""

POST_ARTICLES = """
SELECT ?e ?post (COUNT(DISTINCT ?art) AS ?n) (MAX(?art) AS ?latest) WHERE {
  { ?post org:heldBy ?e ; kg:attestedBy ?art } UNION { ?post org:postIn ?e ; kg:attestedBy ?art }
} GROUP BY ?e ?post
"""

ARTICLE_TITLE = """
SELECT ?art ?doc ?title WHERE { ?art kg:docId ?doc . OPTIONAL { ?art dcterms:title ?title } }
"""

# Per month: articles that state the entity, and who cites it (subjects of its relations).
OVER_TIME = """
SELECT ?e ?month (COUNT(DISTINCT ?art) AS ?articles) (COUNT(DISTINCT ?who) AS ?citers) WHERE {
  ?ev rdf:object ?e ; rdf:subject ?who ; kg:attestedBy ?art .
  ?art dcterms:date ?date .
  BIND(SUBSTR(STR(?date), 1, 7) AS ?month)
} GROUP BY ?e ?month ORDER BY ?month
"""

DESCRIBE = """
CONSTRUCT {
  ?e ?p ?o . ?s ?q ?e . ?o rdfs:label ?ol . ?s rdfs:label ?sl .
} WHERE {
  { ?e ?p ?o . OPTIONAL { ?o rdfs:label ?ol } }
  UNION
  { ?s ?q ?e . FILTER(?q != kg:mentions && ?q != rdf:subject && ?q != rdf:object)
    OPTIONAL { ?s rdfs:label ?sl } }
}
"""


def entity_path(iri: str) -> str:
    """The local path of an entity's page (``/entity/…``), every character of the IRI's own
    (its ``%`` escapes included) kept recoverable by ``entity_for_path``.

    >>> entity_path("https://w3id.org/anquan-kg/id/official/山西省/王启瑞")
    '/entity/official/%E5%B1%B1%E8%A5%BF%E7%9C%81/%E7%8E%8B%E5%90%AF%E7%91%9E'
    """
    return "/entity/" + quote(str(iri)[len(str(ID)):], safe="/")


def entity_for_path(path: str) -> URIRef | None:
    """The IRI an ``/entity/…`` path names (None for another path).

    >>> str(entity_for_path(entity_path(str(ID) + "event/a%E2%80%9Cb")))[len(str(ID)):]
    'event/a%E2%80%9Cb'
    """
    if not path.startswith("/entity/") or len(path) <= len("/entity/"):
        return None
    return URIRef(str(ID) + unquote(path[len("/entity/"):]))


def _kind(type_: str, subtype) -> str:
    cls = EVENT_CLASS.get(str(subtype)) if subtype else None
    return label(cls or ENTITY_CLASS[str(type_)])


def _node(iri, type_, subtype, name, n=None) -> dict:
    node = {"id": str(iri), "label": str(name), "type": str(type_),
            "subtype": str(subtype) if subtype else None, "kind": _kind(type_, subtype),
            "page": entity_path(iri)}
    if n is not None:
        node["articles"] = int(n)
    return node


def _query_text(text: str) -> str:
    """What a typed name is matched as: normalised as articles are, without spaces (names
    have none: 王 启瑞 is 王启瑞)."""
    return "".join(normalize_text(text).split())


def search(store: BaseStore, text: str, limit: int = 10) -> list[dict]:
    """Entities with a name (label or any other name) containing ``text``, after the
    normalisation articles get (traditional → simplified, pinyin dropped): an exact name
    first, then names that start with it, then by how many articles state the entity.
    Each hit says which of its names matched."""
    q = _query_text(text)
    if not q:
        return []
    rows = store.query(SEARCH % max(1, min(int(limit), 100)), {"q": Literal(q)}).values
    return [dict(_node(e, t, st, name, n), matched=str(matched))
            for _, e, t, st, name, matched, _, n in rows]


# What a name index holds: every entity's names, type and article count (four plain
# scans, about 4 s on 8 M triples; a grouped query over names is twice that).
INDEX_LABELS = "SELECT ?e ?type ?name WHERE { ?class kg:entityType ?type . ?e a ?class ; rdfs:label ?name }"
INDEX_ALTS = "SELECT ?e ?name WHERE { ?e skos:altLabel ?name }"
INDEX_SUBTYPES = "SELECT ?e ?st WHERE { ?sub kg:eventSubtype ?st . ?e a ?sub }"
INDEX_COUNTS = """SELECT ?e (COUNT(?a) AS ?n) WHERE { ?class kg:entityType ?type . ?e a ?class ; kg:attestedBy ?a }
GROUP BY ?e"""


class NameIndex:
    """Every name of every entity in memory, for suggestions while a user types: the
    entities ``search`` finds, in its order, in a few milliseconds instead of seconds on a
    large store (the name shown as matched is the label where it matches, else the first
    other name that does).
    ``kg serve`` keeps one per state of the store's files.

    >>> from kg.store import open_store
    >>> NameIndex.of(open_store(None)).search("王")
    []
    """

    def __init__(self, entities: dict[str, dict], names: list[tuple[str, str]]):
        self.entities = entities    # IRI → node record (with "articles")
        self.names = names          # (name, IRI), every label and other name

    @classmethod
    def of(cls, store: BaseStore) -> NameIndex:
        counts = dict(store.query(INDEX_COUNTS).values)
        subtypes = dict(store.query(INDEX_SUBTYPES).values)
        entities: dict[str, dict] = {}
        names = []
        for e, type_, name in sorted(store.query(INDEX_LABELS).values):
            if e not in entities:  # the least label, as ``node`` gives
                entities[e] = _node(e, type_, subtypes.get(e), name, counts.get(e, 0))
            names.append((name, e))
        names += [(name, e) for e, name in store.query(INDEX_ALTS).values if e in entities]
        return cls(entities, names)

    def search(self, text: str, limit: int = 10) -> list[dict]:
        """As ``search``."""
        q = _query_text(text)
        if not q:
            return []
        best: dict[str, tuple] = {}
        for name, e in self.names:
            if q in name:
                rank = 2 if name == q else 1 if name.startswith(q) else 0
                if e not in best or rank > best[e][0]:  # on a tie, the label (listed first)
                    best[e] = (rank, name)
        order = sorted(best, key=lambda e: (-best[e][0], -self.entities[e]["articles"], self.entities[e]["label"]))
        return [dict(self.entities[e], matched=best[e][1]) for e in order[:max(1, min(int(limit), 100))]]


EXISTS = "ASK { ?e a ?class . ?class kg:entityType ?type }"


def exists(store: BaseStore, iri: str) -> bool:
    """Whether ``iri`` is an entity of the store: one lookup, where ``node`` counts its
    articles (a fifth of a second for an entity in every article)."""
    return bool(store.query(EXISTS, {"e": URIRef(iri)}).boolean)


def node(store: BaseStore, iri: str) -> dict | None:
    """One entity: label, type, its other names and how many articles state it."""
    rows = store.query(NODE, {"e": URIRef(iri)}).values
    if not rows:
        return None
    e, t, st, name, alts, n = rows[0]
    return dict(_node(e, t, st, name, n), names=sorted(a for a in (alts or "").split("\x1f") if a))


def neighbours(store: BaseStore, iri: str, offset: int = 0, limit: int = PAGE, articles: bool = True,
               centre: dict | None = None) -> dict:
    """The entities related to ``iri``, most stated first, ``limit`` from ``offset``:
    ``{"node", "nodes", "edges", "total", "offset", "more"}``. An edge has its predicate
    (and label), direction, how many sentences state it and the articles they come from
    (id, date, province) unless ``articles`` is false. ``centre``: the entity's record, if
    the caller has it."""
    centre = centre or node(store, iri)
    if centre is None:
        raise KeyError(f"{iri}: no such entity in the store")
    bound = {"e": URIRef(iri)}
    related = [r for r in store.query(NEIGHBOURS, bound).values if r[3] != iri]
    # Each sentence's article costs a join: past DETAIL sentences (a 总书记 in every
    # article) the edges say how many there are, not which (the page's article filters
    # let them pass).
    detail = articles and sum(int(r[-1]) for r in related) <= DETAIL
    docs = defaultdict(list)
    for _, direction, pname, other, doc, date, where in store.query(NEIGHBOUR_ARTICLES, bound).values if detail else ():
        docs[direction, pname, other].append({"doc": doc, "date": (date or "")[:10] or None,
                                              "province": province_of_place(where)})
    nodes, edges = {}, []
    for _, direction, pname, other, t, st, name, n in related:
        nodes.setdefault(other, _node(other, t, st, name))
        s, o = (iri, other) if direction == "out" else (other, iri)
        edges.append({"id": f"{s} {pname} {o}", "from": s, "to": o, "predicate": pname,
                      "label": label(PREDICATES[pname]), "n": int(n),
                      "docs": sorted(docs[direction, pname, other], key=lambda d: d["doc"]) if detail else None})
    order = list(nodes)
    page = set(order[offset:offset + limit])
    return {"node": centre, "nodes": [nodes[k] for k in order if k in page],
            "edges": [e for e in edges if e["from"] in page or e["to"] in page],
            "total": len(order), "offset": offset, "more": offset + limit < len(order)}


def _sentence(row, article: dict, curated: dict) -> dict:
    _, direction, pname, other, _, doc, date, b, end, sb, se, ob, oe, ev = row
    begin = int(b)
    text = article["text"][begin:int(end)]
    marks = sorted({(int(sb) - begin, int(se) - begin), (int(ob) - begin, int(oe) - begin)})
    return {"direction": direction, "predicate": pname, "other": other, "doc": doc,
            "title": article["title"], "date": (date or "")[:10] or None, "url": article["url"],
            "begin": begin, "sentence": text, "parts": highlight(text, marks), "curated": curated.get(ev)}


def highlight(text: str, marks) -> list[tuple[str, bool]]:
    """``text`` cut into ``(piece, is_mention)`` at the ``(begin, end)`` offsets of ``marks``.

    >>> highlight("厅长王启瑞表示", [(2, 5)])
    [('厅长', False), ('王启瑞', True), ('表示', False)]
    """
    parts, at = [], 0
    for b, e in sorted(marks):
        b, e = max(b, at), min(e, len(text))
        if b >= e:
            continue
        if b > at:
            parts.append((text[at:b], False))
        parts.append((text[b:e], True))
        at = e
    if at < len(text):
        parts.append((text[at:], False))
    return parts


def evidence(store: BaseStore, iri: str, limit: int = EVIDENCE, other: str | None = None) -> list[dict]:
    """The sentences that state facts about ``iri`` (with ``other``: those relating the
    two), newest article first, at most ``limit``: each with its article (title, date,
    link), the sentence as the article writes it and the mentions in it marked (``parts``)."""
    bound = {"e": URIRef(iri), **({"other": URIRef(other)} if other else {})}
    rows = store.query(EVIDENCE_OF % max(1, int(limit)), bound).values
    articles = {art: _article(store, art) for art in dict.fromkeys(r[4] for r in rows)}
    curated = {ev: action for _, ev, action in store.query(CURATED_FACTS, {"e": URIRef(iri)}).values}
    return [_sentence(r, articles[r[4]], curated) for r in rows]


def merged_into(store: BaseStore, iri: str) -> str | None:
    """The entity a same-as decision merged ``iri`` into, if one did."""
    rows = store.query(MERGED_INTO, {"e": URIRef(iri)}).values
    return rows[0][1] if rows else None


def curation(store: BaseStore, iri: str) -> list[dict]:
    """The curation decisions (``kg.curate``) that changed the entity ``iri``: what each
    did, the name it gave and the curator's comment."""
    rows = store.query(CURATION, {"e": URIRef(iri)}).values
    return [{"action": a, "name": n, "comment": c} for _, a, n, c in dict.fromkeys(r[1:] for r in rows)]


def _article(store: BaseStore, iri: str) -> dict:
    (_, text, title, source, url), = store.query(ARTICLE, {"art": URIRef(iri)}).values
    link = url or source
    return {"text": text, "title": title,
            "url": link if link and link.startswith(("http://", "https://")) else None}


def posts(store: BaseStore, iri: str, limit: int = 100) -> tuple[list[dict], int]:
    """Posts held by an official, or in a body: who, which title, where, the first and
    last date each is attested as of, how many articles say so and one of them; the
    ``limit`` latest, oldest first, and how many there are in all."""
    bound = {"e": URIRef(iri)}
    dates = {post: (first, last) for _, post, first, last in store.query(POST_DATES, bound).values}
    attested = {post: (int(n), latest) for _, post, n, latest in store.query(POST_ARTICLES, bound).values}
    out = []
    for _, post, official, oname, title, body, bname in store.query(POSTS, bound).values:
        first, last = dates.get(post, (None, None))
        out.append({"official": oname, "official_page": entity_path(official), "title": title, "body": bname,
                    "body_page": entity_path(body), "first": first and first[:10], "last": last and last[:10],
                    "n_articles": attested.get(post, (0, None))[0], "post": post})
    out.sort(key=lambda p: (p["last"] or "", p["title"], p["official"]), reverse=True)
    shown = sorted(out[:limit], key=lambda p: (p["first"] or "9999", p["title"], p["official"]))
    for p in shown:
        latest = attested.get(p.pop("post"), (0, None))[1]
        p["article"] = _title(store, latest) if latest else None
    return shown, len(out)


def _title(store: BaseStore, article: str) -> str:
    (_, doc, title), = store.query(ARTICLE_TITLE, {"art": URIRef(article)}).values
    return title or doc


def over_time(store: BaseStore, iri: str) -> list[dict]:
    """Per month (``YYYY-MM``): articles that state something of ``iri`` as its object,
    and how many distinct subjects (a principle's citers) do."""
    return [{"month": str(m), "articles": int(a), "citers": int(c)}
            for _, m, a, c in store.query(OVER_TIME, {"e": URIRef(iri)}).values]


def entity(store: BaseStore, iri: str) -> dict | None:
    """Everything an entity page shows: the entity, its relations grouped by predicate and
    direction (each neighbour with its sentences), its posts, and its citations by month."""
    info = node(store, iri)
    if info is None:
        return None
    hood = neighbours(store, iri, 0, 10**9, articles=False, centre=info)
    sentences = evidence(store, iri)
    held = posts(store, iri)
    by_fact = defaultdict(list)
    for s in sentences:
        said = by_fact[(s["direction"], s["predicate"], s["other"])]
        if not any(t["doc"] == s["doc"] and t["begin"] == s["begin"] for t in said):  # one sentence, two titles
            said.append(s)
    labels = {n["id"]: n for n in hood["nodes"]}
    groups: dict[tuple, dict] = {}
    for e in hood["edges"]:
        direction = "out" if e["from"] == iri else "in"
        other = e["to"] if direction == "out" else e["from"]
        group = groups.setdefault((direction, e["predicate"]), {
            "direction": direction, "predicate": e["predicate"], "label": e["label"], "items": [], "more": 0})
        if len(group["items"]) >= PAGE:  # most stated first: a principle's ten thousand citers are counted
            group["more"] += 1
            continue
        group["items"].append({"node": labels[other], "n": e["n"],
                               "sentences": by_fact.get((direction, e["predicate"], other), [])})
    return {"entity": info, "groups": sorted(groups.values(), key=lambda g: (g["direction"], g["label"])),
            "posts": held[0], "all_posts": held[1], "timeline": over_time(store, iri),
            "curation": curation(store, iri),
            "shown": len(sentences), "facts": sum(e["n"] for e in hood["edges"])}


def describe(store: BaseStore, iri: str):
    """The entity's own triples, the triples that point at it (not its mentions and
    evidence nodes) and the labels of both ends: a ``Result`` of kind ``graph``, for
    Turtle or JSON-LD."""
    return store.query(DESCRIBE, {"e": URIRef(iri)})
