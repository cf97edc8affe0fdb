"""Keeping a store in order: what every build recomputes across articles (the candidate
identities, the summary of how often and where each entity is reported), removing
articles, and counting what a store holds (``kg stats``).
"""
from __future__ import annotations

from typing import Iterable

from rdflib import Graph, URIRef

from . import curate
from .store import CANDIDATES_GRAPH, CURATION_GRAPH, SUMMARY_GRAPH, BaseStore, open_store
from .vocab import article_iri, doc_id_of


CANDIDATE_LINKS = "?a kg:possiblySameAs ?b . ?b kg:possiblySameAs ?a ."
CANDIDATE_PAIRS = """
  {
    ?a a kg:Official ; rdfs:label ?name . ?b a kg:Official ; rdfs:label ?name .
  } UNION {
    ?a a kg:Accident ; rdfs:label|skos:altLabel ?name . ?b a kg:Accident ; rdfs:label|skos:altLabel ?name .
    FILTER(STRLEN(?name) >= 8)
  }
  FILTER(STR(?a) < STR(?b))
  FILTER NOT EXISTS {
    GRAPH <%s> { ?d kg:action "not-same-as" ; kg:curated ?x ; kg:curatedOther ?y }
    FILTER((?x = ?a && ?y = ?b) || (?x = ?b && ?y = ?a))
  }
  # What a split took out of an entity (its IRI and /article/DOC) is a decision, not a namesake.
  FILTER(!STRSTARTS(STR(?b), CONCAT(STR(?a), "/article/")) && !STRSTARTS(STR(?a), CONCAT(STR(?b), "/article/")))
""" % CURATION_GRAPH


def link_candidates(store: BaseStore) -> int:
    """Recompute the graph of candidate identities (``kg:possiblySameAs``): officials with
    the same name, and accidents with the same long name, that resolution kept apart.
    They are for a reader to judge, so they live in their own graph and are never merged.
    (Meetings and campaigns recur under the same names, so they are not candidates.)
    Computed inside the store: 10,000 articles have ~17,000 pairs."""
    store.replace_graph_where(CANDIDATES_GRAPH, (CANDIDATE_LINKS, CANDIDATE_PAIRS))
    return candidate_count(store)


def candidate_count(store: BaseStore) -> int:
    """The pairs in the candidates graph."""
    return int(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{CANDIDATES_GRAPH}> {{ "
                           "?a kg:possiblySameAs ?b FILTER(STR(?a) < STR(?b)) } }").rows[0][0])


# Evidence and mention nodes belong to one article (their IRIs are the article's, with a
# fragment); counting them would add a useless "1" for each.
ARTICLE_COUNTS = ("?e kg:articleCount ?n .", """
  SELECT ?e (COUNT(?a) AS ?n) WHERE { ?e kg:attestedBy ?a FILTER(!CONTAINS(STR(?e), "#")) } GROUP BY ?e""")
PROVINCES = ("?e kg:reportedIn ?province .", """
  SELECT DISTINCT ?e ?province WHERE { ?a kg:province ?province . ?e kg:attestedBy ?a
                                       FILTER(!CONTAINS(STR(?e), "#")) }""")


def summarise(store: BaseStore) -> None:
    """Recompute the summary graph: each entity's and post's ``kg:articleCount`` and the
    provinces it is ``kg:reportedIn``. They make the questions an analyst asks of a large
    store — the most reported accidents, bodies per province — read a few thousand
    triples instead of joining every attestation (15 s for 10,000 articles, once a build,
    instead of on every query)."""
    store.replace_graph_where(SUMMARY_GRAPH, ARTICLE_COUNTS, PROVINCES)


def recompute(store: BaseStore) -> int:
    """Recompute what every build derives across articles — the candidate identities and
    the summary — and return the number of candidate pairs."""
    pairs = link_candidates(store)
    summarise(store)
    return pairs


# --------------------------------------------------------------------------- curation

STORED_DECISIONS = """
SELECT ?d ?action ?e ?other ?name ?comment WHERE { GRAPH <%s> {
  ?d kg:action ?action ; kg:curated ?e .
  OPTIONAL { ?d kg:curatedOther ?other }
  OPTIONAL { ?d kg:curatedName ?name }
  OPTIONAL { ?d rdfs:comment ?comment }
} }""" % CURATION_GRAPH
# Oxigraph binds only projected variables: each query selects the one it is given.
ATTESTING = "SELECT DISTINCT ?e ?doc ?file WHERE { ?e kg:attestedBy ?a . ?a kg:docId ?doc OPTIONAL { ?a kg:file ?file } }"
CURATED_ARTICLES = "SELECT DISTINCT ?d ?doc ?file WHERE { ?a kg:curatedBy ?d ; kg:docId ?doc OPTIONAL { ?a kg:file ?file } }"
ARTICLE_FILE = "SELECT ?a ?file WHERE { ?a kg:file ?file }"
APPLIED = "ASK { ?x kg:curatedBy ?d }"
EXISTS = "ASK { ?e kg:attestedBy ?a }"


NAMED = """SELECT DISTINCT ?n ?e ?label WHERE {
  ?e rdfs:label|skos:altLabel ?n ; rdfs:label ?label ; a ?class . ?class kg:entityType ?type }"""
IS_ENTITY = "SELECT ?e ?label WHERE { ?e rdfs:label ?label ; a ?class . ?class kg:entityType ?type }"


def find_entities(store: BaseStore, name: str) -> list[tuple[str, str]]:
    """The entities ``name`` names, as ``(IRI, label)``: an IRI (``kgid:…`` or whole),
    or a name or alias, in simplified or traditional characters."""
    from rdflib import Literal

    from .normalize import normalize_text

    if name.startswith(("kgid:", "http://", "https://")):
        iri = URIRef(curate.expand(name))
        return [(str(iri), label) for _, label in store.query(IS_ENTITY, {"e": iri}).values[:1]]
    rows = store.query(NAMED, {"n": Literal(normalize_text(name).strip(), lang="zh")}).values
    return [(e, label) for _, e, label in rows]


def stored_decisions(store: BaseStore) -> list[curate.Decision]:
    """The curation decisions the store's curation graph holds (what the last build applied)."""
    out = []
    for _, action, e, other, name, comment in store.query(STORED_DECISIONS).values:
        if action == "split":
            other = doc_id_of(other)
        out.append(curate.Decision(action, e, other or "", name or "", comment or ""))
    return out


def curation_reread(store: BaseStore, old: list[curate.Decision], new: list[curate.Decision]) -> dict[str, str | None]:
    """The articles a change of decisions from ``old`` to ``new`` alters, by document id,
    with the file each was read from (None if the store does not know it): those naming
    an entity a new decision is about, and those an old decision changed."""
    added = [d for d in new if d.iri not in {o.iri for o in old}]
    removed = {d.iri for d in old} - {d.iri for d in new}
    docs: dict[str, str | None] = {}
    for d in added:
        if d.action == "split":
            rows = store.query(ARTICLE_FILE, {"a": article_iri(d.other)}).values
            docs[d.other] = rows[0][1] if rows else None
            continue
        for iri in filter(None, (d.entity, d.other if d.action != "not-same-as" else "")):
            docs.update(row[1:] for row in store.query(ATTESTING, {"e": URIRef(iri)}).values)
    for d in removed:
        docs.update(row[1:] for row in store.query(CURATED_ARTICLES, {"d": d}).values)
    return docs


def store_curation(store: BaseStore, decisions: list[curate.Decision]) -> None:
    """Put ``decisions`` in the store's curation graph, replacing what was there."""
    g = Graph(identifier=CURATION_GRAPH)
    for t in curate.triples(decisions):
        g.add(t)
    store.replace_graph(g)


def unapplied(store: BaseStore, decisions: list[curate.Decision]) -> list[curate.Decision]:
    """The decisions that change nothing in the store: they name no entity it holds."""
    def applies(d):
        if d.action == "not-same-as":
            return all(store.query(EXISTS, {"e": URIRef(i)}).boolean for i in (d.entity, d.other))
        return bool(store.query(APPLIED, {"d": d.iri}).boolean)
    return [d for d in decisions if not applies(d)]


ENTITY_COUNTS = """
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?class kg:entityType ?type .
  ?e a ?class .
} GROUP BY ?type
"""


def entity_counts(store: BaseStore) -> dict[str, int]:
    """Distinct entity nodes in ``store`` per entity type (Official, Body, …)."""
    return {str(t): int(n) for t, n in store.query(ENTITY_COUNTS).rows}


def remove(doc_ids: Iterable[str], store: str | BaseStore = "") -> tuple[list[str], list[str]]:
    """Drop the articles ``doc_ids`` from ``store`` (their graphs, hence every fact only
    they attested) and recompute the candidate identities. Returns (removed, not found)."""
    st = open_store(store, create=False)
    stored = st.article_hashes()
    removed, missing = [], []
    for doc in doc_ids:
        if doc in stored:
            st.remove_graph(article_iri(doc))
            removed.append(doc)
        else:
            missing.append(doc)
    if removed:
        recompute(st)
        st.publish()
    if not isinstance(store, BaseStore):
        st.close()
    return removed, missing


STATISTICS = """
SELECT ?class (COUNT(DISTINCT ?node) AS ?n) WHERE {
  ?node a ?class .
  FILTER(STRSTARTS(STR(?class), STR(kg:)) || ?class IN (org:Role, skos:Concept))
} GROUP BY ?class ORDER BY DESC(?n)
"""


def statistics(store: BaseStore) -> dict:
    """Nodes per class, articles, graphs and triples of ``store``.

    >>> from kg.build import build
    >>> statistics(build(store=None).store)["articles"]          # doctest: +SKIP
    5
    """
    from .query import compact

    classes = {compact(c): int(n) for c, n in store.query(STATISTICS).rows}
    graphs = store.query("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0]
    return {"articles": classes.get("kg:Article", 0), "graphs": int(graphs), "triples": len(store),
            "classes": classes}
