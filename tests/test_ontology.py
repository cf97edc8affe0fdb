"""The ontology file: every own term documented in Chinese and English, properties with
domain and range, and the code reading its IRIs from it."""
import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS
from rdflib.namespace import OWL

from kg.vocab import KG, ontology

ROOT = Path(__file__).resolve().parent.parent
OWN = sorted(s for s in set(ontology().subjects()) if str(s).startswith(str(KG.namespace)))


@pytest.mark.parametrize("term", OWN, ids=lambda t: str(t).rsplit("#", 1)[-1])
def test_every_term_has_labels_and_a_comment(term):
    g = ontology()
    langs = {l.language for l in g.objects(term, RDFS.label)}
    assert {"zh", "en"} <= langs
    assert g.value(term, RDFS.comment) is not None


@pytest.mark.parametrize("term", [t for t in OWN if (t, RDF.type, OWL.ObjectProperty) in ontology()
                                  or (t, RDF.type, OWL.DatatypeProperty) in ontology()],
                         ids=lambda t: str(t).rsplit("#", 1)[-1])
def test_properties_have_domain_and_range(term):
    g = ontology()
    assert g.value(term, RDFS.domain) is not None and g.value(term, RDFS.range) is not None


def test_no_iri_is_spelt_in_the_code():
    # Namespaces are declared once (kg/vocab.py, read from ontology/kg.ttl); elsewhere an
    # IRI may only appear in documentation.
    for path in (ROOT / "kg").rglob("*.py"):
        if path.name == "vocab.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if re.search(r"https?://(w3id\.org|www\.w3\.org|purl\.org|xmlns\.com|schema\.org)", line) \
                    and not stripped.startswith((">>>", "'", '"', "#")) and "doctest" not in line:
                pytest.fail(f"{path.name}:{n} spells an IRI: {stripped}")


def test_every_principle_in_the_thesaurus_has_a_label_and_a_definition():
    from rdflib import Graph
    from rdflib.namespace import SKOS

    from kg.resources import shipped

    g = Graph().parse(shipped("kg.resources", "principles.ttl"))
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= 30
    for c in concepts:
        assert g.value(c, SKOS.prefLabel) is not None and g.value(c, SKOS.definition) is not None, c
