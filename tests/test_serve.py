"""`kg serve` started as a real process and queried with real SPARQL clients."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import free_port, wait_for_http
from test_store import sample_extraction

from kg import rdf
from kg.store import open_store

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    location = tmp_path_factory.mktemp("served") / "store"
    with open_store(location, create=True) as store:
        for key in ("doc-a", "doc-b"):
            ex = sample_extraction(key, f"記事 {key}")
            store.replace_graphs({rdf.graph_name(ex): list(rdf.extraction_triples(ex))})
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg",
            "serve",
            "--store",
            str(location),
            "--port",
            str(port),
            "--max-bytes",
            "4096",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/")
        yield base
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert proc.returncode == 0, proc.stderr.read().decode()


def test_sparqlwrapper_client(served):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(served + "/query")
    client.setQuery(
        "PREFIX gk: <https://w3id.org/geopol-kg/ontology#> "
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e gk:relation gk:meets }"
    )
    client.setReturnFormat(JSON)
    result = client.query().convert()
    assert result["results"]["bindings"][0]["n"]["value"] == "2"


def test_rdflib_sparqlstore_client(served):
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = Graph(store=SPARQLStore(served + "/query"))
    rows = list(
        g.query(
            "PREFIX gk: <https://w3id.org/geopol-kg/ontology#> "
            "SELECT DISTINCT ?o WHERE { ?a gk:threatens ?o }"
        )
    )
    assert [str(r[0]) for r in rows] == ["https://w3id.org/geopol-kg/id/concept/tariffs"]


def test_curl_style_get_and_query_page(served):
    q = urllib.parse.quote("ASK { ?s ?p ?o }")
    req = urllib.request.Request(
        f"{served}/query?query={q}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(req) as resp:
        assert b"true" in resp.read()
    with urllib.request.urlopen(served + "/") as resp:
        page = resp.read().decode()
    assert "<textarea" in page and "/query" in page


@pytest.mark.parametrize(
    ("path", "ctype", "body"),
    [
        ("/update", "application/sparql-update", b"DROP ALL"),
        ("/query", "application/sparql-update", b"DROP ALL"),
        ("/query", "application/x-www-form-urlencoded", b"update=DROP%20ALL"),
    ],
)
def test_updates_are_refused(served, path, ctype, body):
    req = urllib.request.Request(served + path, data=body, headers={"Content-Type": ctype})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req)
    assert err.value.code == 403
    q = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    with urllib.request.urlopen(f"{served}/query?query={q}") as resp:
        assert resp.status == 200


def test_result_size_is_capped(served):
    q = urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{served}/query?query={q}")
    assert err.value.code == 413
    assert b"LIMIT" in err.value.read()


def test_missing_store_is_one_line_error(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "serve", "--store", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: no Oxigraph store at")
    assert len(proc.stderr.strip().splitlines()) == 1
