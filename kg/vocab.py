"""Namespaces and terms, read from ``ontology/kg.ttl``.

Every IRI kg writes comes from here, and every kg term comes from the ontology file:
asking for a term the ontology does not declare is an error, so a typo cannot mint a
new IRI.

>>> from kg.vocab import KG, ENTITY_CLASS, PREDICATES
>>> KG.holdsPost
rdflib.term.URIRef('https://w3id.org/anquan-kg/ontology#holdsPost')
>>> ENTITY_CLASS["Official"] == KG.Official
True
>>> "emphasized" in PREDICATES
True
"""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, unquote

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from .resources import shipped

ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

ONTOLOGY_FILE = "kg.ttl"


def ontology_path():
    """The path of the ontology file shipped with kg (``ontology/kg.ttl``)."""
    return shipped("kg.ontology", ONTOLOGY_FILE)


@lru_cache(maxsize=None)
def ontology() -> Graph:
    """The ontology as an rdflib ``Graph`` (parsed once)."""
    g = Graph()
    g.parse(data=ontology_path().read_text(encoding="utf-8"), format="turtle")
    return g


class _Terms:
    """Attribute access to the terms the ontology declares, and nothing else."""

    def __init__(self, graph: Graph):
        (self._onto,) = graph.subjects(RDF.type, OWL.Ontology)
        base = str(graph.value(self._onto, URIRef(self._onto + "#resourceNamespace")))
        self._ns = Namespace(str(self._onto) + "#")
        declared = {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(self._ns)}
        self._names = {str(s)[len(self._ns):] for s in declared}
        self.resource_namespace = Namespace(base)

    @property
    def namespace(self) -> Namespace:
        return self._ns

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_") or name not in self._names:
            raise AttributeError(f"{name!r} is not declared in ontology/{ONTOLOGY_FILE}")
        return self._ns[name]

    def __contains__(self, name: str) -> bool:
        return name in self._names

    def __iter__(self):
        """The local names the ontology declares, sorted (``kg:holdsPost`` → ``holdsPost``)."""
        return iter(sorted(self._names))


KG = _Terms(ontology())
ID = KG.resource_namespace

# Names used in extraction output and gold files, mapped to the ontology's terms.
ENTITY_CLASS: dict[str, URIRef] = {
    str(o): s for s, o in ontology().subject_objects(KG.entityType)
}
EVENT_CLASS: dict[str, URIRef] = {
    str(o): s for s, o in ontology().subject_objects(KG.eventSubtype)
}
PREDICATES: dict[str, URIRef] = {
    str(o): s for s, o in ontology().subject_objects(KG.predicate)
}
ENTITY_TYPES = tuple(sorted(ENTITY_CLASS))
EVENT_SUBTYPES = tuple(sorted(EVENT_CLASS))

PREFIXES = {
    "kg": KG.namespace, "kgid": ID, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL,
    "skos": SKOS, "org": ORG, "prov": PROV, "schema": SCHEMA, "foaf": FOAF,
    "dcterms": DCTERMS, "nif": NIF,
}
# For writing files: entity and article IRIs have slashes, which a prefixed name would
# have to escape (kgid:official\/…), so they are written in full.
FILE_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items() if p != "kgid"}


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace kg uses, to put in front of a query."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def zh(text: str) -> Literal:
    """A Chinese-language literal."""
    return Literal(text, lang="zh")


def label(term: URIRef, lang: str = "zh") -> str:
    """The ontology's label of ``term`` in ``lang`` (else its local name).

    >>> label(KG.holdsPost)
    '任职于'
    """
    for o in ontology().objects(term, RDFS.label):
        if getattr(o, "language", None) == lang:
            return str(o)
    return str(term).rsplit("#", 1)[-1]


def article_iri(doc_id: str) -> URIRef:
    """The IRI of the article with id ``doc_id``; it also names the article's graph.

    >>> str(article_iri("001_8357457553f7d912"))
    'https://w3id.org/anquan-kg/id/article/001_8357457553f7d912'
    """
    return ID["article/" + quote(doc_id, safe="-_.~")]


def doc_id_of(iri) -> str:
    """The document id of an article's IRI: ``article_iri`` undone.

    >>> doc_id_of(article_iri("a b"))
    'a b'
    """
    return unquote(str(iri)[len(str(ID["article/"])):])


def province_of_place(iri) -> str | None:
    """The province of a place's IRI, the first part of its path (None for another IRI).

    >>> province_of_place(ID["place/山西省/吕梁市"]), province_of_place(ID["place/山西省"])
    ('山西省', '山西省')
    """
    head = str(ID) + "place/"
    if not iri or not str(iri).startswith(head):
        return None
    return unquote(str(iri)[len(head):].split("/")[0])


def oxigraph_term(term) -> ox.NamedNode | ox.Literal:
    """An rdflib IRI or literal as the Oxigraph term (which writes itself in N-Triples
    syntax); ``ValueError`` if it is no valid IRI, or neither.

    >>> str(oxigraph_term(zh("两个至上")))
    '"两个至上"@zh'
    """
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    raise ValueError(f"only IRIs and literals, not {term!r}")
