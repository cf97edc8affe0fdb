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
SELECT DISTINCT ?s ?p ?pname ?o ?doc ?title ?date ?source ?sentence WHERE {
  ?ev a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      kg:sentence ?sentence ; kg:attestedBy ?article .
  ?p kg:predicate ?pname .
  ?article kg:docId ?doc .
  OPTIONAL { ?article dcterms:title ?title }
  OPTIONAL { ?article dcterms:date ?date }
  OPTIONAL { ?article dcterms:source ?source }
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
    for s, p, pname, o, doc, title, date, source, sentence in store.query(EDGES).rows:
        s, o, key = str(s), str(o), str(pname)
        if s not in g or o not in g:
            continue
        if not g.has_edge(s, o, key):
            g.add_edge(s, o, key=key, predicate=key, iri=str(p), evidence=[])
        g.edges[s, o, key]["evidence"].append({
            "doc": str(doc), "title": str(title) if title else None,
            "date": str(date) if date else None, "sentence": str(sentence),
            "source": str(source) if source else None})
    return g


def subgraph(graph: nx.MultiDiGraph, focus: str, hops: int = 1) -> nx.MultiDiGraph:
    """The nodes within ``hops`` of every node labelled ``focus`` (or, failing that, whose
    label contains it), edges in either direction; empty if nothing matches.

    >>> g = nx.MultiDiGraph(); g.add_node("a", label="王启瑞"); g.add_node("b", label="厅")
    >>> g.add_edge("a", "b", key="holdsPost"); g.add_node("c", label="other")
    'holdsPost'
    >>> sorted(subgraph(g, "王启瑞", 1).nodes)
    ['a', 'b']
    """
    centres = [n for n, d in graph.nodes(data=True) if d.get("label") == focus] or \
              [n for n, d in graph.nodes(data=True) if focus in d.get("label", "")]
    undirected = graph.to_undirected(as_view=True)
    keep = set()
    for c in centres:
        keep |= set(nx.single_source_shortest_path_length(undirected, c, cutoff=hops))
    return graph.subgraph(keep).copy()


def layout(graph: nx.Graph, seed: int = 0, iterations: int = 80) -> dict:
    """Positions for drawing ``graph``: ``{node: (x, y)}``, about 100 units per edge.

    networkx's force-directed layouts take a minute on 5,000 nodes; this one is the same
    Fruchterman-Reingold scheme with repulsion estimated from a random sample of nodes
    per step (and exact below 300 nodes), which takes about a second.
    """
    import numpy as np

    nodes = list(graph.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    if n < 300:
        pos = nx.spring_layout(nx.Graph(graph), seed=seed, iterations=iterations)
        scale = 100 * max(n, 4) ** 0.5 / 2
        return {k: (float(x) * scale, float(y) * scale) for k, (x, y) in pos.items()}
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[a], index[b]) for a, b in nx.Graph(graph).edges() if a != b], dtype=int).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1, 1, (n, 2)) * np.sqrt(n)
    sample = min(64, n - 1)
    temperature = np.sqrt(n) / 4
    for _ in range(iterations):
        partners = rng.integers(0, n, (n, sample))
        delta = pos[:, None, :] - pos[partners]
        dist2 = (delta ** 2).sum(-1) + 1e-3
        disp = (delta / dist2[..., None]).sum(1) * (n / sample)
        if len(edges):
            d = pos[edges[:, 0]] - pos[edges[:, 1]]
            dist = np.sqrt((d ** 2).sum(-1, keepdims=True)) + 1e-9
            pull = d * dist
            np.add.at(disp, edges[:, 0], -pull)
            np.add.at(disp, edges[:, 1], pull)
        disp -= pos * 0.05  # gravity keeps the components together
        length = np.sqrt((disp ** 2).sum(-1, keepdims=True)) + 1e-9
        pos += disp / length * np.minimum(length, temperature)
        temperature *= 0.95
    if len(edges):  # scale so that a typical edge is 100 units long
        typical = np.median(np.sqrt(((pos[edges[:, 0]] - pos[edges[:, 1]]) ** 2).sum(-1)))
        pos *= 100 / max(typical, 1e-9)
    else:
        pos *= 100
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for node, i in index.items()}
