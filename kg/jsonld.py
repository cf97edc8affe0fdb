"""JSON-LD as people read it: kg's @context, made from the ontology, and graphs compacted
with it (``"label": "王启瑞"``, ``"holdsPost": "https://…/body/…"``, ``"@type": "Official"``).

>>> ctx = context()["@context"]
>>> ctx["holdsPost"], ctx["label"]
({'@id': 'kg:holdsPost', '@type': '@id'}, {'@id': 'rdfs:label', '@language': 'zh'})

The context is published as ``ontology/context.jsonld`` (``python -m kg.jsonld`` writes
it; a test checks the file matches the ontology). ``kg export --format jsonld`` and
``kg serve``'s JSON-LD put it in each document, so a file reads alone: nothing has to
be fetched to understand it, and ``kg import`` takes it back.
"""
from __future__ import annotations

import json
import sys

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from .query import compact as _compact
from .vocab import KG, PREFIXES, ontology

CONTEXT_FILE = "context.jsonld"
# The terms of other vocabularies kg writes, under the short names people use for them.
REUSED = {
    "label": ("rdfs:label", "zh"), "comment": ("rdfs:comment", None),
    "altLabel": ("skos:altLabel", "zh"), "prefLabel": ("skos:prefLabel", "zh"),
    "definition": ("skos:definition", "zh"), "broader": ("skos:broader", "@id"), "related": ("skos:related", "@id"),
    "title": ("dcterms:title", "zh"), "date": ("dcterms:date", "xsd:date"), "issued": ("dcterms:issued", "xsd:dateTime"), "source": ("dcterms:source", "zh"),
    "url": ("schema:url", "xsd:anyURI"), "heldBy": ("org:heldBy", "@id"), "postIn": ("org:postIn", "@id"),
    "role": ("org:role", "@id"), "beginIndex": ("nif:beginIndex", "xsd:integer"),
    "endIndex": ("nif:endIndex", "xsd:integer"), "anchorOf": ("nif:anchorOf", None),
    "referenceContext": ("nif:referenceContext", "@id"), "subject": ("rdf:subject", "@id"),
    "predicate": ("rdf:predicate", "@id"), "object": ("rdf:object", "@id"),
}


def _definition(term: URIRef, onto: Graph) -> dict | str:
    kinds = set(onto.objects(term, RDF.type))
    ranges = set(onto.objects(term, RDFS.range))
    if OWL.ObjectProperty in kinds:
        return {"@id": _compact(term), "@type": "@id"}
    if RDF.langString in ranges:
        return {"@id": _compact(term), "@language": "zh"}
    if (typed := next((r for r in ranges if str(r).startswith(str(XSD)) and r != XSD.string), None)):
        return {"@id": _compact(term), "@type": _compact(typed)}
    return _compact(term)


def context() -> dict:
    """kg's JSON-LD context: its prefixes (``kgid:`` for entity IRIs), every term the
    ontology declares by its local name, and the reused terms kg writes."""
    onto = ontology()
    ctx: dict = {p: str(ns) for p, ns in PREFIXES.items()}
    ns = str(KG.namespace)
    for term in sorted({s for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(ns)}):
        if (name := str(term)[len(ns):]):
            ctx[name] = _definition(term, onto)
    for name, (iri, kind) in REUSED.items():
        ctx[name] = ({"@id": iri, "@language": kind} if kind and kind != "@id" and ":" not in kind
                     else {"@id": iri, "@type": kind} if kind else iri)
    return {"@context": ctx}


def to_jsonld(graph: Graph) -> str:
    """``graph`` as JSON-LD compacted with kg's context, which the document carries."""
    return graph.serialize(format="json-ld", context=context()["@context"], auto_compact=True, indent=1,
                           ensure_ascii=False)


def main() -> None:
    json.dump(context(), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
