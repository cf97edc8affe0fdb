"""Graphs out to where people work: GraphML and GEXF read back by networkx, the CSV files
neo4j-admin imports read back by pandas, JSON-LD compacted with the published @context."""
import json
import subprocess
import sys

import networkx as nx
import pandas as pd
import pytest

from conftest import ARTICLES, ROOT


def kg(*args):
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "store"
    assert kg("build", ARTICLES, "--store", path, "-q").returncode == 0
    return path


@pytest.fixture(scope="module")
def network(store):
    from kg.network import to_networkx
    from kg.store import open_store

    with open_store(store, read_only=True) as st:
        return to_networkx(st)


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_read_back_with_networkx(tmp_path, store, network, fmt, read):
    out = kg("export", "--store", store, "--format", fmt, "-o", tmp_path / f"kg.{fmt}")
    assert out.returncode == 0, out.stderr
    back = read(tmp_path / f"kg.{fmt}")
    assert back.number_of_nodes() == network.number_of_nodes() == 132
    assert back.number_of_edges() == network.number_of_edges()
    node = back.nodes["https://w3id.org/anquan-kg/id/official/山西省/王启瑞"]
    assert node["label"] == "王启瑞" and node["type"] == "Official" and int(node["n_articles"]) >= 2


def test_csv_is_the_node_and_relationship_files_neo4j_admin_imports(tmp_path, store, network):
    out = kg("export", "--store", store, "--format", "csv", "-o", tmp_path / "neo4j")
    assert out.returncode == 0 and "nodes.csv" in out.stderr, out.stderr
    nodes = pd.read_csv(tmp_path / "neo4j" / "nodes.csv", keep_default_na=False)
    rels = pd.read_csv(tmp_path / "neo4j" / "relationships.csv", keep_default_na=False)
    # The header neo4j-admin reads: an :ID column, typed arrays, :LABEL; :START_ID, :END_ID, :TYPE.
    assert list(nodes.columns) == ["iri:ID", "name", "aliases:string[]", "type", "subtype", "articles:string[]",
                                   "n_articles:int", ":LABEL"]
    assert list(rels.columns)[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert len(nodes) == network.number_of_nodes() and nodes["iri:ID"].is_unique
    assert len(rels) == network.number_of_edges()
    assert set(rels[":START_ID"]) | set(rels[":END_ID"]) <= set(nodes["iri:ID"])
    assert set(rels[":TYPE"]) >= {"HOLDS_POST", "PRESIDED", "EMPHASIZED", "SPOKE_AT"}
    wang = nodes[nodes["name"] == "王启瑞"].iloc[0]
    assert wang[":LABEL"] == "Entity;Official" and len(wang["articles:string[]"].split(";")) == wang["n_articles:int"]
    meeting = nodes[nodes["subtype"] == "Meeting"].iloc[0]
    assert meeting[":LABEL"] == "Entity;Event;Meeting"
    # Read back as a graph: the same degrees as the store's.
    g = nx.from_pandas_edgelist(rels, ":START_ID", ":END_ID", edge_attr=":TYPE", create_using=nx.MultiDiGraph)
    assert {n: d for n, d in g.out_degree() if d} == {n: d for n, d in network.out_degree() if d}
    assert kg("export", "--store", store, "--format", "csv").stderr.startswith("kg: csv writes two files")


def test_the_published_context_is_the_ontology_s(tmp_path):
    from kg.jsonld import context

    assert json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8")) == context(), \
        "ontology/context.jsonld is stale: python -m kg.jsonld > ontology/context.jsonld"


def test_jsonld_export_is_compact_self_contained_and_imports_back_whole(tmp_path, store):
    assert kg("export", "--store", store, "--format", "jsonld", "-o", tmp_path / "kg.jsonld").returncode == 0
    doc = json.loads((tmp_path / "kg.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"]["holdsPost"] == {"@id": "kg:holdsPost", "@type": "@id"}
    wang = next(n for n in doc["@graph"] if n["@id"].endswith("/official/山西省/王启瑞"))
    assert wang["@type"] == "Official" and wang["label"] == "王启瑞" and "holdsPost" in wang
    assert kg("import", tmp_path / "kg.jsonld", "--store", tmp_path / "copy").returncode == 0

    def triples(s):
        lines = kg("export", "--store", s, "--format", "nt").stdout.splitlines()
        return {l for l in lines if "_:" not in l}
    assert triples(tmp_path / "copy") == triples(store)


def test_an_entity_page_in_jsonld_reads_with_short_names(store):
    from kg import explore
    from kg.store import open_store

    with open_store(store, read_only=True) as st:
        doc = json.loads(explore.describe(st, "https://w3id.org/anquan-kg/id/official/山西省/王启瑞").serialize("jsonld"))
    assert "label" in json.dumps(doc, ensure_ascii=False) and doc["@context"]["label"]["@id"] == "rdfs:label"


def test_an_export_is_readable_as_any_file_the_user_writes(tmp_path, store):
    import os
    import stat

    old = os.umask(0o022)
    try:
        assert kg("export", "--store", store, "--format", "gexf", "-o", tmp_path / "kg.gexf").returncode == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "kg.gexf").stat().st_mode) == 0o644
