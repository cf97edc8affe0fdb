"""A store that is a SPARQL 1.1 server (Oxigraph server, Apache Jena Fuseki, GraphDB …):
read through its query endpoint, written through its update endpoint, with the same
update text as the local store (``kg.updates``).
"""
from __future__ import annotations

import re
from functools import cached_property

import pyoxigraph as ox
from rdflib import URIRef

from .read import one_line
from .store import BaseStore, QueryError, Result, StoreError, declared_prefixes
from .updates import bulk_nquads, remove_update, replace_update, replace_where_update
from .vocab import KG, PREFIXES


class RemoteStore(BaseStore):
    """Any SPARQL 1.1 server, read through its query endpoint and written through its
    update endpoint — Oxigraph server, Apache Jena Fuseki, GraphDB … — so a team can
    share one store. ``URL`` is the dataset's base (``http://host:7878`` for Oxigraph,
    ``http://host:3030/ds`` for Fuseki): queries go to ``URL/query``, updates to
    ``URL/update``. As in the local store, kg keeps the server's default graph the union
    of the article graphs, so any server works as it comes. Each article is written in
    one update request, which such servers apply atomically — except in a first build
    into a server that takes N-Quads at ``URL/store`` (Oxigraph server), which gets a
    hundred articles a request, loaded with its bulk loader."""

    def __init__(self, url: str, read_only: bool = False, timeout: float = 300):
        self.path = url.rstrip("/")
        base = re.sub(r"/(sparql|query|update)$", "", self.path)
        self.query_url, self.update_url, self.store_url = base + "/query", base + "/update", base + "/store"
        self.read_only = read_only
        self.timeout = timeout
        self._request(self.query_url, "ASK {}", "application/sparql-query")  # reachable, or a clear error

    def _request(self, url: str, body: str, content_type: str, accept: str = "*/*") -> tuple[str, bytes]:
        import urllib.error
        import urllib.request

        req = urllib.request.Request(url, data=body.encode("utf-8"), method="POST",
                                     headers={"Content-Type": content_type + "; charset=utf-8", "Accept": accept})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as r:
                return r.headers.get("Content-Type", ""), r.read()
        except urllib.error.HTTPError as e:
            detail = one_line(e.read().decode("utf-8", "replace"))
            if e.code == 400 and content_type == "application/sparql-query":
                raise QueryError(f"{url}: {detail or e.reason}") from None
            raise StoreError(f"{url}: HTTP {e.code} {e.reason}: {detail}") from None
        except (urllib.error.URLError, OSError) as e:
            raise StoreError(f"{self.path}: cannot reach the SPARQL server: {one_line(getattr(e, 'reason', e))}") from None

    def _prefixed(self, sparql: str) -> str:
        declared = declared_prefixes(sparql)
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared) + sparql

    def _update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        self._request(self.update_url, self._prefixed(sparql), "application/sparql-update")

    def replace_graph_ntriples(self, name: URIRef, body: str) -> None:
        self._update(replace_update(name, body))

    @cached_property
    def bulk(self) -> bool:
        """Whether the server takes N-Quads for its whole dataset at ``URL/store`` (the
        Graph Store Protocol as Oxigraph server extends it), asked once with an empty
        body, which adds nothing."""
        if self.read_only:
            return False
        try:
            self._request(self.store_url, "", "application/n-quads")
        except StoreError:
            return False
        return True

    def add_graphs(self, graphs: list[tuple[URIRef, str]]) -> None:
        """Bulk loads where the server has a bulk endpoint (``bulk``), in the order that
        lets a rerun complete what a crash cut short (``kg.updates.bulk_nquads``); else a
        transaction per graph."""
        if not self.bulk:
            return super().add_graphs(graphs)
        for text in bulk_nquads(graphs, str(KG.contentHash)):
            if text:  # ?no_transaction: Oxigraph's bulk loader, not one huge transaction
                self._request(self.store_url + "?no_transaction", text, "application/n-quads")

    def remove_graph(self, name: URIRef) -> None:
        self._update(remove_update(name))

    def replace_graph_where(self, name: URIRef, *parts: tuple[str, str]) -> None:
        self._update(replace_where_update(name, *parts))

    def _query(self, sparql: str, bindings: dict | None = None) -> Result:
        if bindings:  # the protocol has no parameters: a VALUES block of Oxigraph-written terms
            sparql = with_values(sparql, bindings)
        ctype, data = self._request(self.query_url, self._prefixed(sparql), "application/sparql-query",
                                    "application/sparql-results+json, application/n-triples;q=0.9")
        try:
            if "json" in ctype:
                answer = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
                return Result("ask" if isinstance(answer, ox.QueryBoolean) else "select", data)
            return Result("graph", ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES),
                                                format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as e:
            raise QueryError(f"{self.path}: the server's answer does not parse: {one_line(e)}") from None

    def oxigraph_quads(self):
        res = self._query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        for row in ox.parse_query_results(res.data, format=ox.QueryResultsFormat.JSON):
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])

    def __len__(self) -> int:
        return int(self._query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0])


def with_values(sparql: str, bindings: dict) -> str:
    """``sparql`` with ``VALUES`` giving ``bindings`` (Oxigraph terms, which write themselves
    in N-Triples syntax, escaped) at the start of every WHERE block, subqueries' too — as
    Oxigraph's substitutions bind a variable everywhere: how variables are bound on a
    server that only takes query text.

    >>> with_values("SELECT ?n WHERE { ?e rdfs:label ?n }", {"e": ox.NamedNode("http://x/a")})
    'SELECT ?n WHERE { VALUES (?e) { (<http://x/a>) } ?e rdfs:label ?n }'
    """
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(str(v) for v in bindings.values())
    block = f" VALUES ({names}) {{ ({terms}) }}"
    if not re.search(r"(?i)\bWHERE\s*\{", sparql):
        at = sparql.index("{") + 1
        return sparql[:at] + block + sparql[at:]
    return re.sub(r"(?i)\bWHERE\s*\{", lambda m: m.group(0) + block, sparql)
