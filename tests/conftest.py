"""Shared fixtures. GiNZA is loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.serve import free_port, oxigraph_binary

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("GEOPOL_KG_SHARED", REPO.parent / "shared"))
SEED = SHARED / "seeds" / "000_b790a10d624dd4e2.txt"
CAMEO_TSV = SHARED / "reference" / "cameo.tsv"


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed text not found at {SEED}")
    return SEED


def wait_for_http(url: str, timeout: float = 20.0) -> None:
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph SPARQL server (read-write, union default graph) on 127.0.0.1.

    Yields its base URL; tests must clear what they write (``DROP ALL`` via the store).
    """
    import subprocess

    location = tmp_path_factory.mktemp("oxigraph-server")
    port = free_port()
    proc = subprocess.Popen(
        [
            oxigraph_binary(),
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/query?query=ASK%7B%7D")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def seed_extractions(seed_path, nlp):
    """The seed extracted once per test session (GiNZA parses it in ~20 s)."""
    from kg.documents import load_file
    from kg.extract import extract_documents

    return extract_documents(load_file(seed_path), nlp=nlp)


@pytest.fixture(scope="session")
def seed_store(seed_extractions):
    """An in-memory Oxigraph store holding the seed graph and the ontology (read-only use)."""
    from kg.rdf import extraction_triples, graph_name
    from kg.store import open_store

    store = open_store(memory=True)
    store.ensure_ontology()
    store.replace_graphs({graph_name(ex): list(extraction_triples(ex)) for ex in seed_extractions})
    return store
