"""Every format kg writes or reads, in one table: ``kg query --format``, ``kg export``,
``kg import`` (by suffix) and ``kg serve``'s content negotiation all read it, so a format
offered in one place is offered in all of them. Pure data, cheap to import.

>>> names("results")
('table', 'csv', 'tsv', 'json', 'xml')
>>> by_suffix(".nq").name, get("ttl").content_type
('nquads', 'text/turtle; charset=utf-8')
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str
    kind: str                        # results (SELECT, ASK), graph (triples) or dataset (quads)
    media_types: tuple[str, ...] = ()  # the first is the Content-Type sent
    suffixes: tuple[str, ...] = ()
    rdflib: str | None = None        # rdflib's serialiser
    oxigraph: str | None = None      # pyoxigraph's RdfFormat or QueryResultsFormat
    keeps_graphs: bool = False       # whether each article's named graph survives a round trip

    @property
    def content_type(self) -> str:
        return f"{self.media_types[0]}; charset=utf-8"


FORMATS = (
    Format("table", "results"),
    Format("csv", "results", ("text/csv",), oxigraph="CSV"),
    Format("tsv", "results", ("text/tab-separated-values",), oxigraph="TSV"),
    Format("json", "results", ("application/sparql-results+json", "application/json"), oxigraph="JSON"),
    Format("xml", "results", ("application/sparql-results+xml", "application/xml"), oxigraph="XML"),
    Format("ttl", "graph", ("text/turtle",), (".ttl",), "turtle", "TURTLE"),
    Format("nt", "graph", ("application/n-triples",), (".nt",), "nt", "N_TRIPLES"),
    Format("jsonld", "graph", ("application/ld+json",), (".jsonld", ".json"), "json-ld", "JSON_LD"),
    Format("rdfxml", "graph", ("application/rdf+xml",), (".rdf", ".owl"), "xml", "RDF_XML"),
    Format("trig", "dataset", ("application/trig",), (".trig",), "trig", "TRIG", keeps_graphs=True),
    Format("nquads", "dataset", ("application/n-quads",), (".nq", ".nquads"), "nquads", "N_QUADS",
           keeps_graphs=True),
)
_BY_NAME = {f.name: f for f in FORMATS}


def formats(*kinds: str) -> tuple[Format, ...]:
    """The formats of ``kinds`` (all with none), in the table's order."""
    return tuple(f for f in FORMATS if not kinds or f.kind in kinds)


def names(*kinds: str) -> tuple[str, ...]:
    return tuple(f.name for f in formats(*kinds))


def get(name: str) -> Format:
    return _BY_NAME[name]


def by_suffix(suffix: str) -> Format | None:
    """The RDF format a file's suffix names (``.nq`` → nquads)."""
    return next((f for f in FORMATS if suffix.lower() in f.suffixes), None)


