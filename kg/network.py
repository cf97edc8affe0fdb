"""The store as a networkx graph: entities as nodes, relations as edges, each with the
evidence behind it (article, title, date, sentence).

>>> from kg.build import build
>>> from kg.network import to_networkx
>>> g = to_networkx(build(store=None).store)            # doctest: +SKIP
>>> g.nodes["https://w3id.org/anquan-kg/id/official/山西省/王启瑞"]["label"]   # doctest: +SKIP
'王启瑞'
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import networkx as nx

from .store import BaseStore
from .vocab import province_of_place

NODES = """
SELECT ?e ?type (SAMPLE(?subtype_) AS ?subtype) (MIN(?label_) AS ?label)
       (GROUP_CONCAT(DISTINCT ?doc; separator="\\u001f") AS ?docs)
       (GROUP_CONCAT(DISTINCT ?alt; separator="\\u001f") AS ?alts)
WHERE {
  ?class kg:entityType ?type .
  ?e a ?class ; rdfs:label ?label_ ; kg:attestedBy/kg:docId ?doc .
  OPTIONAL { ?e skos:altLabel ?alt }
  OPTIONAL { ?e a ?sub . ?sub kg:eventSubtype ?subtype_ }
} GROUP BY ?e ?type
"""

POSTS = """
SELECT DISTINCT ?official ?body ?title ?asOf ?doc WHERE {
  ?post a kg:Post ; org:heldBy ?official ; org:postIn ?body ; kg:title ?title ; kg:attestedBy/kg:docId ?doc .
  OPTIONAL { ?post kg:asOf ?asOf }
} ORDER BY ?asOf ?title
"""

EDGES = """
SELECT DISTINCT ?s ?p ?pname ?o ?doc ?title ?date ?source ?where ?sentence WHERE {
  ?ev a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      kg:sentence ?sentence ; kg:attestedBy ?article .
  ?p kg:predicate ?pname .
  ?article kg:docId ?doc .
  OPTIONAL { ?article dcterms:title ?title }
  OPTIONAL { ?article dcterms:date ?date }
  OPTIONAL { ?article dcterms:source ?source }
  OPTIONAL { ?article kg:jurisdiction ?where }
}
"""


def to_networkx(store: BaseStore) -> nx.MultiDiGraph:
    """Entities and relations of ``store`` as a ``MultiDiGraph``.

    Node attributes: ``type``, ``subtype`` (events), ``label``, ``names`` (its other
    names), ``articles`` (document ids). Edge key: the predicate name; attributes
    ``predicate``, ``iri`` and ``evidence``, a list of ``{"doc", "title", "date",
    "sentence", "source", "province"}``; ``holdsPost`` edges also ``posts``, the titles
    held with the date each is attested as of (``{"title", "as_of", "doc"}``).
    """
    g = nx.MultiDiGraph()
    # In a fixed order (the store's is not), so that the same store gives the same layout.
    def ordered(rows):
        return sorted(rows, key=lambda row: tuple(v or "" for v in row))

    for e, type_, subtype, label, docs, alts in ordered(store.query(NODES).values):
        g.add_node(e, type=type_, subtype=subtype or None, label=label,
                   names=sorted(a for a in (alts or "").split("\x1f") if a and a != label),
                   articles=sorted(docs.split("\x1f")))
    for s, p, pname, o, doc, title, date, source, where, sentence in ordered(store.query(EDGES).values):
        if s not in g or o not in g:
            continue
        if not g.has_edge(s, o, pname):
            g.add_edge(s, o, key=pname, predicate=pname, iri=p, evidence=[])
        g.edges[s, o, pname]["evidence"].append({
            "doc": doc, "title": title, "date": date, "sentence": sentence, "source": source,
            "province": province_of_place(where)})
    for official, body, title, as_of, doc in ordered(store.query(POSTS).values):
        if g.has_edge(official, body, "holdsPost"):
            g.edges[official, body, "holdsPost"].setdefault("posts", []).append(
                {"title": title, "as_of": as_of, "doc": doc})
    return g


def restrict(graph: nx.MultiDiGraph, article: str | None = None, province: str | None = None) -> nx.MultiDiGraph:
    """The facts of ``graph`` that an article states (its document id), or that articles
    about a province state (by their jurisdiction), with only that evidence; and the
    entities they relate.

    >>> g = nx.MultiDiGraph(); g.add_node("a"); g.add_node("b"); g.add_node("c")
    >>> g.add_edge("a", "b", key="p", evidence=[{"doc": "1", "province": "山西省"}])
    'p'
    >>> g.add_edge("a", "c", key="p", evidence=[{"doc": "2", "province": "河南省"}])
    'p'
    >>> sorted(restrict(g, province="河南省").nodes)
    ['a', 'c']
    """
    def keep(ev):
        return (article is None or ev["doc"] == article) and (province is None or ev.get("province") == province)

    out = nx.MultiDiGraph()
    for s, o, key, d in graph.edges(keys=True, data=True):
        evidence = [ev for ev in d.get("evidence", ()) if keep(ev)]
        if evidence:
            out.add_node(s, **graph.nodes[s])
            out.add_node(o, **graph.nodes[o])
            attrs = dict(d, evidence=evidence)
            if "posts" in d:
                attrs["posts"] = [p for p in d["posts"] if article is None or p["doc"] == article]
            out.add_edge(s, o, key=key, **attrs)
    return out


NETWORK_FORMATS = ("graphml", "gexf")  # what Gephi, Cytoscape and yEd open


def to_network_file(graph: nx.MultiDiGraph, fmt: str) -> str:
    """``graph`` as GraphML or GEXF text. Both hold only scalar attributes: a node keeps its
    label, type and subtype, the articles that state it (space-separated) and their count;
    an edge its predicate and how many sentences state it.

    >>> g = nx.MultiDiGraph(); g.add_node("a", label="王启瑞", type="Official", articles=["001"])
    >>> "王启瑞" in to_network_file(g, "graphml")
    True
    """
    flat = nx.MultiDiGraph()
    for n, d in graph.nodes(data=True):
        articles = list(d.get("articles") or ())
        flat.add_node(n, label=d.get("label", ""), type=d.get("type") or "", subtype=d.get("subtype") or "",
                      articles=" ".join(map(str, articles)), n_articles=len(articles))
    for u, v, k, d in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=k, label=d.get("predicate", k), predicate=d.get("predicate", k),
                      n_evidence=len(d.get("evidence") or ()))
    out = io.BytesIO()  # written as UTF-8, not as character references (&#29579;…)
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(flat, out, encoding="utf-8")
    return out.getvalue().decode("utf-8")


def _relationship_type(predicate: str) -> str:
    """A predicate as Neo4j names relationship types: ``holdsPost`` → ``HOLDS_POST``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", predicate).upper()


def to_neo4j_csv(graph: nx.MultiDiGraph, folder) -> tuple[Path, Path]:
    """``graph`` as the two files ``neo4j-admin database import full --nodes=nodes.csv
    --relationships=relationships.csv`` reads: nodes with their IRI as ``:ID``, their
    type as ``:LABEL`` (with ``Entity``), name, aliases and articles (``;``-separated
    arrays); relationships with their predicate as ``:TYPE`` and how many sentences,
    and which articles, state them. Returns the two paths.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    nodes, rels = folder / "nodes.csv", folder / "relationships.csv"
    with open(nodes, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["iri:ID", "name", "aliases:string[]", "type", "subtype", "articles:string[]",
                    "n_articles:int", ":LABEL"])
        for n, d in graph.nodes(data=True):
            kinds = ["Entity", d.get("type") or "", d.get("subtype") or ""]
            w.writerow([n, d.get("label", ""), ";".join(d.get("names") or ()), d.get("type") or "",
                        d.get("subtype") or "", ";".join(d.get("articles") or ()), len(d.get("articles") or ()),
                        ";".join(k for k in kinds if k)])
    with open(rels, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow([":START_ID", ":END_ID", ":TYPE", "predicate", "n_evidence:int", "articles:string[]"])
        for u, v, k, d in graph.edges(keys=True, data=True):
            evidence = d.get("evidence") or ()
            w.writerow([u, v, _relationship_type(d.get("predicate", k)), d.get("predicate", k), len(evidence),
                        ";".join(sorted({e["doc"] for e in evidence}))])
    return nodes, rels


def named(graph: nx.MultiDiGraph, focus: str) -> list:
    """The nodes named ``focus`` by their label, else by another of their names, in
    simplified or traditional characters, else whose label contains it. ``KeyError`` if
    none is."""
    from .normalize import normalize_text

    focus = normalize_text(focus).strip()
    found = [n for n, d in graph.nodes(data=True) if d.get("label") == focus] or \
            [n for n, d in graph.nodes(data=True) if focus in (d.get("names") or ())] or \
            [n for n, d in graph.nodes(data=True) if focus in d.get("label", "")]
    if not found:
        raise KeyError(f"{focus}: no node of this name, nor any whose name contains it")
    return found


def subgraph(graph: nx.MultiDiGraph, focus: str, hops: int = 1) -> nx.MultiDiGraph:
    """The nodes within ``hops`` of every node named ``focus`` by its label or another of
    its names, in simplified or traditional characters (or, failing that, whose label
    contains it), edges in either direction. ``KeyError`` if no node matches.

    >>> g = nx.MultiDiGraph(); g.add_node("a", label="王启瑞"); g.add_node("b", label="厅")
    >>> g.add_edge("a", "b", key="holdsPost"); g.add_node("c", label="other")
    'holdsPost'
    >>> sorted(subgraph(g, "王启瑞", 1).nodes)
    ['a', 'b']
    >>> subgraph(g, "王其瑞")
    Traceback (most recent call last):
    KeyError: '王其瑞: no node of this name, nor any whose name contains it'
    """
    undirected = graph.to_undirected(as_view=True)
    keep = set()
    for c in named(graph, focus):
        keep |= set(nx.single_source_shortest_path_length(undirected, c, cutoff=hops))
    return graph.subgraph(keep).copy()


def layout(graph: nx.Graph, seed: int = 0, iterations: int = 80) -> dict:
    """Positions for drawing ``graph``: ``{node: (x, y)}``, about 100 units per edge.

    Each connected component is laid out on its own and the components are packed in
    rows, largest first, so that a small cluster is not lost in a ring of loose nodes.
    Components under 300 nodes use networkx's spring layout; larger ones the same
    Fruchterman-Reingold scheme with repulsion estimated from a random sample of nodes
    per step (networkx's own takes a minute on 5,000 nodes; this takes about a second).
    """
    undirected = nx.Graph(graph)
    undirected.remove_edges_from(nx.selfloop_edges(undirected))
    components = sorted(nx.connected_components(undirected), key=lambda c: (-len(c), min(map(str, c))))
    placed, boxes = [], []
    for comp in components:
        # Built in the graph's own order: a subgraph view of a small component iterates the
        # component's set, whose order changes with every process (string hashing).
        sub = nx.Graph()
        sub.add_nodes_from(n for n in undirected if n in comp)
        sub.add_edges_from((a, b) for a, b in undirected.edges(sub.nodes) if b in comp)
        pos = _component_layout(sub, seed, iterations) if len(comp) > 1 else {next(iter(comp)): (0.0, 0.0)}
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        placed.append((pos, min(xs), min(ys)))
        boxes.append((max(xs) - min(xs) + 120, max(ys) - min(ys) + 120))
    row_width = max(max((w for w, _ in boxes), default=0), (sum(w * h for w, h in boxes) ** 0.5) * 1.2)
    out, x, y, row_height = {}, 0.0, 0.0, 0.0
    for (pos, x0, y0), (w, h) in zip(placed, boxes):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in pos.items():
            out[node] = (px - x0 + x, py - y0 + y)
        x += w
        row_height = max(row_height, h)
    return out


def _component_layout(sub: nx.Graph, seed: int, iterations: int) -> dict:
    import numpy as np

    nodes = list(sub.nodes)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[a], index[b]) for a, b in sub.edges()], dtype=int).reshape(-1, 2)
    if n < 300:
        raw = nx.spring_layout(sub, seed=seed, iterations=iterations)
        pos = np.array([raw[node] for node in nodes], dtype=float)
    else:
        rng = np.random.default_rng(seed)
        pos = rng.uniform(-1, 1, (n, 2)) * np.sqrt(n)
        sample = min(64, n - 1)
        temperature = np.sqrt(n) / 4
        for _ in range(iterations):
            partners = rng.integers(0, n, (n, sample))
            delta = pos[:, None, :] - pos[partners]
            dist2 = (delta ** 2).sum(-1) + 1e-3
            disp = (delta / dist2[..., None]).sum(1) * (n / sample)
            d = pos[edges[:, 0]] - pos[edges[:, 1]]
            dist = np.sqrt((d ** 2).sum(-1, keepdims=True)) + 1e-9
            pull = d * dist
            np.add.at(disp, edges[:, 0], -pull)
            np.add.at(disp, edges[:, 1], pull)
            disp -= pos * 0.05  # gravity keeps the component together
            length = np.sqrt((disp ** 2).sum(-1, keepdims=True)) + 1e-9
            pos += disp / length * np.minimum(length, temperature)
            temperature *= 0.95
    typical = np.median(np.sqrt(((pos[edges[:, 0]] - pos[edges[:, 1]]) ** 2).sum(-1))) if len(edges) else 1
    pos *= 100 / max(typical, 1e-9)  # a typical edge is 100 units long
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for node, i in index.items()}
