"""The same store suite on every backend: in-memory Oxigraph, persistent Oxigraph and a
real Oxigraph server reached as a remote SPARQL 1.1 endpoint."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import XSD, Dataset, Literal, URIRef

from kg import rdf
from kg.errors import InputError, OutputError, QueryError, StoreError
from kg.namespaces import GK, LABELS_GRAPH, actor_iri
from kg.records import (
    Actor,
    ActorType,
    Claim,
    Concept,
    Document,
    Event,
    Extraction,
    Modality,
    Mood,
    Sentence,
)
from kg.store import atomic_output, bind_values, looks_like_update, open_store

TEXT = "ミルザ外相は関税を引き上げると警告した。ノルド首相はミルザ外相と会談した。"


def sample_extraction(key: str = "doc-a", title: str = "架空の会談") -> Extraction:
    first, second = TEXT.split("。")[:2]
    s0 = Sentence(index=0, text=first + "。", start=0, end=len(first) + 1)
    s1 = Sentence(index=1, text=second + "。", start=s0.end, end=len(TEXT))
    doc = Document(key=key, title=title, text=TEXT, sentences=[s0, s1])
    return Extraction(
        document=doc,
        actors=[
            Actor(key="mirza", type=ActorType.PERSON, label_ja="ミルザ", label_en="Mirza"),
            Actor(key="nord", type=ActorType.PERSON, label_ja="ノルド", aliases=["Nord"]),
        ],
        concepts=[Concept(key="tariffs", label_ja="関税", label_en="tariffs")],
        events=[
            Event(
                index=0,
                relation="threatens",
                cameo="1312",
                agents=["mirza"],
                objects=["tariffs"],
                trigger="警告",
                sentence=0,
                mood=Mood.ACTUAL,
            ),
            Event(
                index=1,
                relation="meets",
                cameo="04",
                agents=["nord"],
                targets=["mirza"],
                trigger="会談",
                sentence=1,
            ),
            Event(
                index=2,
                relation="sanctions",
                cameo="163",
                agents=["mirza"],
                targets=["nord"],
                trigger="制裁",
                sentence=0,
                negated=True,
            ),
        ],
        claims=[
            Claim(
                index=0,
                sentence=0,
                text='関税を "引き上げる" と\n警告',
                claimant="mirza",
                modality=Modality.REPORTED_SPEECH,
                attribution="explicit",
                about_events=[0],
            )
        ],
    )


@pytest.fixture(params=["memory", "oxigraph", "remote"])
def store(request, tmp_path):
    if request.param == "memory":
        s = open_store(memory=True)
    elif request.param == "oxigraph":
        s = open_store(tmp_path / "store", create=True)
    else:
        base = request.getfixturevalue("oxigraph_server")
        s = open_store(base)
        s.update("DROP ALL")
    yield s
    if request.param == "remote":
        s.update("DROP ALL")
    s.close()


def write(store, ex: Extraction) -> None:
    store.replace_graphs({rdf.graph_name(ex): list(rdf.extraction_triples(ex))})


def test_truthy_and_statement_nodes(store):
    write(store, sample_extraction())
    rows = store.query("SELECT ?o WHERE { ?a gk:threatens ?o }", {"a": actor_iri("mirza")}).rows
    assert rows == [(URIRef("https://w3id.org/geopol-kg/id/concept/tariffs"),)]
    # a negated event has a statement node but no truthy triple
    assert store.query("ASK { ?a gk:sanctions ?b }").boolean is False
    neg = store.query("SELECT ?e WHERE { ?e gk:relation gk:sanctions ; gk:negated true }").rows
    assert len(neg) == 1
    # provenance: the event points at its exact sentence, which is part of the document
    prov = store.query(
        "SELECT ?text ?title WHERE { ?e gk:relation gk:meets ; prov:wasDerivedFrom ?s . "
        "?s gk:text ?text ; dcterms:isPartOf ?d . ?d dcterms:title ?title }"
    ).rows
    assert prov == [(Literal("ノルド首相はミルザ外相と会談した。"), Literal("架空の会談"))]


def test_replace_is_idempotent_and_replaces(store):
    ex = sample_extraction()
    write(store, ex)
    n = store.count_triples()
    write(store, ex)
    assert store.count_triples() == n
    ex.events = ex.events[:1]
    write(store, ex)
    assert store.query("ASK { ?a gk:meets ?b }").boolean is False
    assert store.named_graphs() == [rdf.graph_name(ex)]


def test_bindings_are_terms_not_text(store):
    write(store, sample_extraction())
    before = store.count_triples()
    for value in ['x" } DROP ALL #', "ミルザ' . ?s ?p ?o", "}\n} ; CLEAR ALL", "<script>"]:
        res = store.query(
            "SELECT ?a WHERE { ?a rdfs:label ?label }", {"label": Literal(value, lang="ja")}
        )
        assert res.rows == []
    assert store.count_triples() == before
    hit = store.query(
        "SELECT (COUNT(?a) AS ?n) WHERE { ?a rdfs:label ?label }",
        {"label": Literal("ミルザ", lang="ja")},
    )
    assert int(hit.rows[0][0]) == 1


def test_export_import_round_trip(store, tmp_path):
    write(store, sample_extraction())
    write(store, sample_extraction("doc-b", "別の記事"))
    buf = io.BytesIO()
    store.export(buf, "trig")
    exported = Dataset()
    exported.parse(data=buf.getvalue().decode("utf-8"), format="trig")
    dump = tmp_path / "dump.trig"
    dump.write_bytes(buf.getvalue())
    fresh = open_store(memory=True)
    fresh.import_file(dump, "trig")
    assert fresh.named_graphs() == store.named_graphs()
    assert fresh.count_quads() == store.count_quads()
    ttl = io.BytesIO()
    store.export(ttl, "turtle")
    assert b"gk:threatens" in ttl.getvalue()


def test_syntax_error_names_line_and_column(store):
    with pytest.raises(QueryError, match=r"line 3, column \d+ in .}."):
        store.query("SELECT ?s WHERE {\n ?s ?p \n}")


def test_import_malformed_rdf(store, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl"):
        store.import_file(bad, "turtle")


def test_bind_values_places_block_inside_where():
    q = 'CONSTRUCT { ?a ?p ?o } WHERE { ?a ?p ?o . FILTER(?o != "{") }'
    out = bind_values(q, {"a": URIRef("http://example.org/a")})
    assert out.startswith("CONSTRUCT { ?a ?p ?o } WHERE { VALUES (?a) { (<http://example.org/a>) }")
    with pytest.raises(QueryError):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"bad name": Literal("x")})


@pytest.mark.parametrize(
    ("text", "is_update"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", False),
        ('SELECT * WHERE { ?s ?p "DROP ALL" }', False),
        ("SELECT * WHERE { ?s ?p ?o } # delete later", False),
        ("DROP ALL", True),
        ("PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }", True),
        ("DELETE WHERE { ?s ?p ?o }", True),
    ],
)
def test_looks_like_update(text, is_update):
    assert looks_like_update(text) is is_update


def test_open_store_refuses_foreign_folders(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(StoreError, match="not an Oxigraph store"):
        open_store(tmp_path / "notes", create=True)
    assert sorted(p.name for p in (tmp_path / "notes").iterdir()) == ["a.txt"]
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "missing")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="is a file"):
        open_store(tmp_path / "file")


def test_locked_store_is_reported(tmp_path):
    import subprocess
    import sys

    location = tmp_path / "store"
    open_store(location, create=True).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
            "print('ready', flush=True); sys.stdin.read()",
            str(location),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="in use by another kg process"):
            open_store(location)
    finally:
        holder.communicate("", timeout=10)


def test_atomic_output(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_output(target) as fh:
        fh.write(b"partial")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]
    with atomic_output(target) as fh:
        fh.write(b"new")
    assert target.read_bytes() == b"new"
    with pytest.raises(OutputError), atomic_output(Path(tmp_path / "no-such-dir" / "x.ttl")):
        pass


def test_ensure_ontology_loads_once(tmp_path):
    from kg.paths import ONTOLOGY_FILE

    if not ONTOLOGY_FILE.exists():
        pytest.skip("ontology not written yet")
    s = open_store(memory=True)
    s.ensure_ontology()
    n = s.count_quads()
    assert s.query("ASK { gk:threatens gk:cameo ?c }").boolean
    s.ensure_ontology()
    assert s.count_quads() == n
    assert GK.threatens in {row[0] for row in s.query("SELECT ?p { ?p gk:cameo ?c }").rows}


def test_display_labels_follow_the_data(store, tmp_path):
    """Graph id:labels holds one display label per labelled resource (Japanese first) and
    follows rewrites and imports, so queries can join labels row by row."""
    ex = sample_extraction()
    write(store, ex)
    pref = "SELECT ?l WHERE { GRAPH id:labels { ?a skos:prefLabel ?l } }"
    assert store.query(pref, {"a": actor_iri("mirza")}).rows == [(Literal("ミルザ", lang="ja"),)]
    assert store.display_labels([actor_iri("nord")]) == {str(actor_iri("nord")): "ノルド"}
    ex.actors[0] = ex.actors[0].model_copy(update={"label_ja": "ミルザー"})
    write(store, ex)
    assert store.query(pref, {"a": actor_iri("mirza")}).rows == [(Literal("ミルザー", lang="ja"),)]
    assert LABELS_GRAPH not in store.named_graphs()
    dump = tmp_path / "one.nq"
    dump.write_text(
        f'<{actor_iri("zora")}> <http://www.w3.org/2000/01/rdf-schema#label> "Zora"@en '
        "<https://example.org/g> .\n",
        encoding="utf-8",
    )
    store.import_file(dump, "nquads")
    assert store.display_labels([actor_iri("zora")]) == {str(actor_iri("zora")): "Zora"}
    plain = tmp_path / "plain.nt"  # default-graph triples are labelled too
    plain.write_text(
        f'<{actor_iri("yuki")}> <http://www.w3.org/2000/01/rdf-schema#label> "ユキ"@ja .\n',
        encoding="utf-8",
    )
    store.import_file(plain, "nt")
    assert store.query(pref, {"a": actor_iri("yuki")}).rows == [(Literal("ユキ", lang="ja"),)]


@pytest.mark.parametrize(
    "expected",
    [
        Literal("制裁"),
        Literal("制裁", lang="ja"),
        Literal("Sanctions", lang="en-gb"),  # Oxigraph keeps tags in lower case
        Literal("42", datatype=XSD.integer),
        Literal("-7", datatype=XSD.integer),
        Literal("true", datatype=XSD.boolean),
        Literal("false", datatype=XSD.boolean),
        Literal("2025-05", datatype=XSD.gYearMonth),
        Literal("0.5", datatype=XSD.double),
        URIRef("https://w3id.org/geopol-kg/id/actor/RUS"),
    ],
)
def test_terms_from_oxigraph_equal_rdflib_constructed(expected):
    """kg builds answer terms without rdflib's constructor checks: they must be the same
    terms in every respect rdflib users look at."""
    import pyoxigraph as ox

    from kg.store import _from_ox

    if isinstance(expected, URIRef):
        got = _from_ox(ox.NamedNode(str(expected)))
    elif expected.language:
        got = _from_ox(ox.Literal(str(expected), language=expected.language))
    else:
        datatype = ox.NamedNode(str(expected.datatype or XSD.string))
        got = _from_ox(ox.Literal(str(expected), datatype=datatype))
    assert type(got) is type(expected) and got == expected and hash(got) == hash(expected)
    assert got.n3() == expected.n3()
    if isinstance(expected, Literal):
        assert got.toPython() == expected.toPython() and got.eq(expected)
        assert (got.language, got.datatype) == (expected.language, expected.datatype)


def test_ingest_counts_what_rdf_files_add(tmp_path):
    """The summary says how many quads the RDF files added (embedded store)."""
    from kg.ingest import ingest_paths

    data = tmp_path / "two.nq"
    data.write_text(
        f'<{actor_iri("zora")}> <http://www.w3.org/2000/01/rdf-schema#label> "Zora"@en '
        "<https://example.org/g> .\n"
        f"<{actor_iri('zora')}> <{GK}knows> <{actor_iri('yuki')}> <https://example.org/g> .\n",
        encoding="utf-8",
    )
    store = open_store(tmp_path / "s", create=True)
    summary = ingest_paths(store, [data])
    assert summary.rdf_files == 1 and summary.rdf_quads == 3  # two quads + one display label
    assert "1 RDF imported (3 quads added)" in summary.lines()[0]
    store.close()


@pytest.mark.parametrize("enabled", [True, False])
def test_gc_paused_restores_the_collector(enabled: bool) -> None:
    """Paused inside, restored after, even when the block fails; a collector the caller
    disabled stays disabled."""
    import gc

    from kg.store import gc_paused

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(RuntimeError), gc_paused():
            assert not gc.isenabled()
            raise RuntimeError("boom")
        assert gc.isenabled() == enabled
    finally:
        (gc.enable if was else gc.disable)()
