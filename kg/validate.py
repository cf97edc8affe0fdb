"""SHACL validation of what kg writes, against the shapes in ``ontology/shapes.ttl``.

>>> from kg.build import build
>>> from kg.validate import validate_store
>>> validate_store(build(store=None).store).conforms        # doctest: +SKIP
True

``kg build`` validates each article's graph before it is stored; ``kg validate`` checks a
whole store. The ontology is mixed into the data so that ``sh:class kg:Entity`` accepts an
official (the subclass axioms are the ontology's).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from .resources import shipped
from .store import BaseStore
from .vocab import KG, NIF, ontology

SHAPES_FILE = "shapes.ttl"
OFFSET_MESSAGE = "the mention's offsets do not slice its article's original text to the mention"


@lru_cache(maxsize=1)
def shapes() -> Graph:
    """The SHACL shapes graph (parsed once)."""
    g = Graph()
    g.parse(data=shipped("kg.ontology", SHAPES_FILE).read_text(encoding="utf-8"), format="turtle")
    return g


@lru_cache(maxsize=1)
def core_shapes() -> Graph:
    """The shapes without the SPARQL-based offset check, which pyshacl re-parses for every
    graph; ``validate(fast=True)`` checks offsets in Python instead."""
    g = Graph()
    for t in shapes():
        g.add(t)
    sparql_targeted = {s for s, target in g.subject_objects(SH.target)
                       if (target, RDF.type, SH.SPARQLTarget) in g}
    for shape in sparql_targeted:
        for t in list(g.triples((shape, None, None))):
            g.remove(t)
    return g


@dataclass
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.severity}: <{self.focus}>{where}: {self.message}"


@dataclass
class Report:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def format(self, limit: int = 20) -> str:
        if self.conforms:
            return "SHACL: conforms"
        lines = [f"SHACL: {len(self.violations)} violation(s)"]
        lines += [f"  {v}" for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"  … and {len(self.violations) - limit} more")
        return "\n".join(lines)


def _short(term) -> str:
    s = str(term)
    return s.rsplit("#", 1)[-1] if "#" in s else s.rsplit("/", 1)[-1]


def _offset_violations(graph: Graph) -> list[Violation]:
    texts = {a: str(t) for a, t in graph.subject_objects(KG.text)}
    out = []
    for m in graph.subjects(RDF.type, KG.Mention):
        b, e = graph.value(m, NIF.beginIndex), graph.value(m, NIF.endIndex)
        text = texts.get(graph.value(m, NIF.referenceContext))
        anchor = graph.value(m, NIF.anchorOf)
        if None in (b, e, text, anchor):
            continue  # the core shapes report what is missing
        if not (0 <= int(b) < int(e) <= len(text)) or text[int(b):int(e)] != str(anchor):
            out.append(Violation(str(m), "anchorOf", OFFSET_MESSAGE, "Violation"))
    return out


def validate(graph: Graph, fast: bool = False) -> Report:
    """Validate ``graph`` (one article's graph, or a union) against kg's shapes.
    ``fast`` checks mention offsets in Python rather than by SHACL-SPARQL (same verdict,
    a third of the time; what ``kg build`` uses for each article)."""
    import pyshacl  # slow to import; only validation needs it

    conforms, results, _ = pyshacl.validate(graph, shacl_graph=core_shapes() if fast else shapes(),
                                            ont_graph=ontology(), inference="none", advanced=True,
                                            allow_warnings=True)
    violations = _offset_violations(graph) if fast else []
    for r in results.subjects(SH.resultSeverity, None):
        path = results.value(r, SH.resultPath)
        violations.append(Violation(
            focus=str(results.value(r, SH.focusNode)),
            path=_short(path) if isinstance(path, URIRef) else None,
            message=str(results.value(r, SH.resultMessage) or "violates a shape"),
            severity=_short(results.value(r, SH.resultSeverity))))
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return Report(bool(conforms) and not violations, violations)


def validate_store(store: BaseStore) -> Report:
    """Validate everything in ``store`` (the union of its graphs)."""
    return validate(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph)
