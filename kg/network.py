"""The store as a networkx graph: entities as nodes, relations as edges, each with the
evidence behind it (article, title, date, sentence).

>>> from kg.build import build
>>> from kg.network import to_networkx
>>> g = to_networkx(build(store=None).store)            # doctest: +SKIP
>>> g.nodes["https://w3id.org/anquan-kg/id/official/山西省/王启瑞"]["label"]   # doctest: +SKIP
'王启瑞'
"""
from __future__ import annotations

import networkx as nx

from .store import BaseStore

NODES = """
SELECT ?e ?type (SAMPLE(?subtype_) AS ?subtype) (MIN(?label_) AS ?label)
       (GROUP_CONCAT(DISTINCT ?doc; separator="\\u001f") AS ?docs)
WHERE {
  ?class kg:entityType ?type .
  ?e a ?class ; rdfs:label ?label_ ; kg:attestedBy/kg:docId ?doc .
  OPTIONAL { ?e a ?sub . ?sub kg:eventSubtype ?subtype_ }
} GROUP BY ?e ?type
"""

EDGES = """
SELECT DISTINCT ?s ?p ?pname ?o ?doc ?title ?date ?sentence WHERE {
  ?ev a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      kg:sentence ?sentence ; kg:attestedBy ?article .
  ?p kg:predicate ?pname .
  ?article kg:docId ?doc .
  OPTIONAL { ?article dcterms:title ?title }
  OPTIONAL { ?article dcterms:date ?date }
}
"""


def to_networkx(store: BaseStore) -> nx.MultiDiGraph:
    """Entities and relations of ``store`` as a ``MultiDiGraph``.

    Node attributes: ``type``, ``subtype`` (events), ``label``, ``articles`` (document ids).
    Edge key: the predicate name; attributes ``predicate``, ``iri`` and ``evidence``, a list
    of ``{"doc", "title", "date", "sentence"}``.
    """
    g = nx.MultiDiGraph()
    for e, type_, subtype, label, docs in store.query(NODES).rows:
        g.add_node(str(e), type=str(type_), subtype=str(subtype) if subtype else None,
                   label=str(label), articles=sorted(str(docs).split("\x1f")))
    for s, p, pname, o, doc, title, date, sentence in store.query(EDGES).rows:
        s, o, key = str(s), str(o), str(pname)
        if s not in g or o not in g:
            continue
        if not g.has_edge(s, o, key):
            g.add_edge(s, o, key=key, predicate=key, iri=str(p), evidence=[])
        g.edges[s, o, key]["evidence"].append({
            "doc": str(doc), "title": str(title) if title else None,
            "date": str(date) if date else None, "sentence": str(sentence)})
    return g
