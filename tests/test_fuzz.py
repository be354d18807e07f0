"""Safe by default: random Unicode, markup and SPARQL fragments thrown at the places where
user text meets SPARQL, RDF serialisation and the article splitter.

Properties: user text bound as a query parameter comes back as the same RDF term and
never changes the query or the store; labels and sentences survive store -> export ->
re-import byte for byte in every format, with exactly the expected number of triples;
the splitter and the extractor raise nothing but InputError and keep every offset
inside the text.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import RDFS, Literal, URIRef

from kg.errors import InputError, KGError, QueryError
from kg.namespaces import LABELS_GRAPH
from kg.records import Actor, ActorType, Document, Sentence
from kg.store import OxigraphStore

PURE = settings(max_examples=250, deadline=None)
SLOW = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: pieces of SPARQL, Turtle, HTML and JSON that break naive string splicing
FRAGMENTS = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    '\\"',
    "\\u0022",
    "\\U0001F600",
    "<",
    ">",
    "{",
    "}",
    " . ",
    " ; ",
    "#",
    "?s",
    "$o",
    "_:b0",
    "@ja",
    "^^xsd:string",
    "^^<http://www.w3.org/2001/XMLSchema#integer>",
    "} ; DROP ALL ; #",
    '" } } ; INSERT DATA { <urn:x> <urn:y> "z" } #',
    "> } ; CLEAR ALL ; SELECT * WHERE { <urn:a",
    "SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o }",
    "PREFIX x: <urn:x>",
    "http://example.org/a b",
    "urn:x",
    "gk:threatens",
    "<script>alert(1)</script>",
    "]]>",
    "&amp;",
    '{"@id": "x"}',
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\x00",
    "\x7f",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u200b",
    "\U0001f600",
    "プーチン",
    "ウラジーミル・プーチン",
    "【桃源寸評】",
    "・",
    "「",
    "」",
]

#: multi-line text ending in backslash + quote: rdflib's n3() leaves that quote unescaped
TRICKY = 'a\n\\"'

user_text = st.lists(
    st.one_of(st.text(max_size=12), st.sampled_from(FRAGMENTS)), min_size=1, max_size=8
).map("".join)

G = URIRef("https://w3id.org/geopol-kg/id/doc/fuzz")


def _count(store: OxigraphStore) -> int:
    return len(store.ox)


def _data_triples(store: OxigraphStore) -> int:
    """Distinct triples outside the derived graph id:labels (after any export format)."""
    labels = LABELS_GRAPH.n3()
    res = store.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o "
        f"MINUS {{ GRAPH {labels} {{ ?s ?p ?o }} }} }} }}"
    )
    return int(res.rows[0][0])


def _display_labels(store: OxigraphStore) -> int:
    res = store.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {LABELS_GRAPH.n3()} {{ ?s ?p ?o }} }}"
    )
    return int(res.rows[0][0])


def _stored(triples: list) -> int:
    """Quads a store holds after writing ``triples`` to one graph: the triples plus one
    display label (graph id:labels) per labelled subject."""
    return len(set(triples)) + len({s for s, p, _o in triples if p == RDFS.label})


# ---------------------------------------------------------------------------
# (a) query parameters


@pytest.fixture(scope="module")
def small_store() -> OxigraphStore:
    """Actors with Japanese and English labels, in memory."""
    from kg.rdf import actor_triples

    actors = [
        Actor(key="RUS", type=ActorType.STATE, label_ja="ロシア", label_en="Russia"),
        Actor(
            key="vladimir-putin",
            type=ActorType.PERSON,
            label_ja="ウラジーミル・プーチン",
            label_en="Vladimir Putin",
            aliases=["プーチン", "Putin"],
            affiliation="RUS",
        ),
        Actor(key="un", type=ActorType.ORGANIZATION, label_ja="国際連合", label_en="UN"),
    ]
    store = OxigraphStore(None)
    store.replace_graphs({G: [t for a in actors for t in actor_triples(a)]})
    return store


@PURE
@given(value=user_text, lang=st.sampled_from([None, "ja", "en"]))
@example(value=TRICKY, lang=None)
def test_bound_literal_comes_back_verbatim(small_store: OxigraphStore, value: str, lang) -> None:
    before = _count(small_store)
    term = Literal(value, lang=lang)
    res = small_store.query("SELECT ?v (STRLEN(?v) AS ?n) WHERE { }", {"v": term})
    assert res.rows == [(term, Literal(len(value)))]
    assert str(res.rows[0][0]) == value
    assert _count(small_store) == before


@PURE
@given(value=user_text)
def test_bound_label_matches_only_itself(small_store: OxigraphStore, value: str) -> None:
    res = small_store.query(
        "SELECT ?a WHERE { ?a rdfs:label|skos:altLabel ?l FILTER(STR(?l) = ?v) }",
        {"v": Literal(value)},
    )
    known = {"ロシア", "Russia", "ウラジーミル・プーチン", "Vladimir Putin", "プーチン", "Putin"}
    known |= {"国際連合", "UN"}
    assert bool(res.rows) == (value in known)


@PURE
@given(value=user_text)
@example(value="A:\x1b")
@example(value="<http://example.org/a\tb>")
def test_iri_parameters_are_validated_or_bound_verbatim(
    small_store: OxigraphStore, value: str
) -> None:
    from kg.queries import parse_iri

    try:
        iri = parse_iri(value, "parameter x")
    except QueryError as exc:
        assert "\n" not in str(exc)
        return
    res = small_store.query("SELECT ?v WHERE { }", {"v": iri})
    assert res.rows == [(iri,)]


@PURE
@given(value=user_text, kind=st.sampled_from(["actor", "entity"]))
@example(value=TRICKY, kind="actor")
def test_entity_names_resolve_or_fail_cleanly(
    small_store: OxigraphStore, value: str, kind: str
) -> None:
    from kg.queries import resolve_entity

    before = _count(small_store)
    try:
        iri = resolve_entity(small_store, value, kind, param="actor")
    except QueryError as exc:
        assert "\n" not in str(exc) and "\r" not in str(exc)
        # a name is data: it may match nothing, but it can never break the query
        assert "syntax error" not in str(exc), str(exc)
    else:
        assert isinstance(iri, URIRef)
    assert _count(small_store) == before


@PURE
@given(items=st.lists(user_text, max_size=4))
def test_param_options_parse_or_fail_cleanly(items: list[str]) -> None:
    from kg.queries import parse_param_options

    try:
        parsed = parse_param_options(items)
    except QueryError:
        return
    for item in items:
        name, _, _value = item.partition("=")
        assert name.strip() in parsed


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory: pytest.TempPathFactory, small_store: OxigraphStore) -> Path:
    path = tmp_path_factory.mktemp("fuzz-store") / "store"
    with OxigraphStore(path) as store:
        buf = io.BytesIO()
        small_store.export(buf, "nquads")
        trig = path.parent / "seed.nq"
        trig.write_bytes(buf.getvalue())
        store.import_file(trig, "nquads")
    return path


def _nquads(path: Path) -> list[str]:
    import gc

    import pyoxigraph as ox

    st_ = ox.Store.read_only(str(path))
    lines = sorted(str(q) for q in st_.quads_for_pattern(None, None, None, None))
    del st_
    gc.collect()
    return lines


def _invoke(args: list[str]) -> tuple[int, str]:
    """Run the kg command in-process; KGError -> 2, like kg.cli.main. Anything else
    escaping is a bug and fails the test."""
    from click.testing import CliRunner

    from kg.cli import cli

    result = CliRunner().invoke(cli, args, standalone_mode=False, catch_exceptions=True)
    exc = result.exception
    if exc is None or (isinstance(exc, SystemExit) and exc.code in (0, None)):
        return 0, result.stdout
    if isinstance(exc, KGError):
        assert "\n" not in str(exc), str(exc)
        assert "syntax error" not in str(exc), f"{args!r}: {exc}"
        return 2, str(exc)
    raise AssertionError(f"{args!r} raised {type(exc).__name__}: {exc}") from exc


@pytest.mark.skipif(
    not (Path(__file__).resolve().parent.parent / "kg" / "commands" / "query.py").exists(),
    reason="kg/commands/query.py is not written yet",
)
def test_query_params_through_the_cli_cannot_change_the_store(disk_store: Path) -> None:
    before = _nquads(disk_store)
    outcomes = {0: 0, 2: 0}

    @SLOW
    @given(value=user_text, query=st.sampled_from(["actor-relations", "sparql", "sparql-iri"]))
    def run(value: str, query: str) -> None:
        if query == "actor-relations":
            args = ["query", "actor-relations", "--param", f"actor={value}"]
        elif query == "sparql":
            args = ["query", "--sparql", "SELECT ?v WHERE { }", "--param", f"v={value}"]
        else:
            args = ["query", "--sparql", "SELECT ?v WHERE { }", "--param", f"v=<{value}>"]
        status, text = _invoke([*args, "--store", str(disk_store), "--format", "tsv"])
        outcomes[status] += 1
        if status == 0 and query == "sparql":
            assert len(text.rstrip("\n").split("\n")) == 2  # header + the one bound row

    run()
    assert _nquads(disk_store) == before
    assert outcomes[0] > 0


# ---------------------------------------------------------------------------
# (b) labels and article text: rdf -> store -> export -> re-import


FORMATS = ["trig", "nquads", "turtle", "nt", "jsonld"]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-roundtrip")


def _round_trip(triples: list, scratch: Path, fmt: str) -> tuple[OxigraphStore, int]:
    store = OxigraphStore(None)
    store.replace_graphs({G: triples})
    expected = _stored(triples)
    assert _count(store) == expected
    out = scratch / f"export.{fmt}"
    with out.open("wb") as fh:
        store.export(fh, fmt)
    again = OxigraphStore(None)
    again.import_file(out, fmt)
    return again, expected


@settings(max_examples=200, deadline=None)
@given(
    label_ja=user_text,
    label_en=user_text,
    alias=user_text,
    fmt=st.sampled_from(FORMATS),
)
@example(label_ja=TRICKY, label_en=TRICKY + "x", alias="\\", fmt="trig")
def test_actor_labels_round_trip_byte_identical(
    scratch: Path, label_ja: str, label_en: str, alias: str, fmt: str
) -> None:
    from kg.rdf import actor_triples

    actor = Actor(
        key="x0fuzz",
        type=ActorType.PERSON,
        label_ja=label_ja,
        label_en=label_en,
        aliases=[alias],
        in_gazetteer=False,
    )
    triples = list(actor_triples(actor))
    store, expected = _round_trip(triples, scratch, fmt)
    assert _data_triples(store) == expected - _display_labels(store)
    labels = store.query("SELECT ?l WHERE { ?a rdfs:label|skos:altLabel ?l }")
    want = {o for _, p, o in triples if isinstance(o, Literal)}
    assert {row[0] for row in labels.rows} == want
    assert {str(row[0]) for row in labels.rows} == {str(o) for o in want}


@settings(max_examples=200, deadline=None)
@given(title=user_text, sentence=user_text, fmt=st.sampled_from(FORMATS))
@example(title=TRICKY, sentence="「引用」\n\\" + TRICKY, fmt="nquads")
def test_document_text_round_trips_byte_identical(
    scratch: Path, title: str, sentence: str, fmt: str
) -> None:
    from kg.rdf import document_triples

    doc = Document(
        key="fuzzdoc",
        title=title,
        text=sentence,
        source_path=f"/tmp/{title}.txt",
        sentences=[Sentence(index=0, text=sentence, start=0, end=len(sentence))],
    )
    triples = list(document_triples(doc))
    store, expected = _round_trip(triples, scratch, fmt)
    assert _data_triples(store) == expected - _display_labels(store)
    res = store.query(
        "SELECT ?t ?x ?p WHERE { ?d dcterms:title ?t ; gk:sourcePath ?p . ?s gk:text ?x }"
    )
    assert [tuple(str(v) for v in row) for row in res.rows] == [
        (title, sentence, f"/tmp/{title}.txt")
    ]


# ---------------------------------------------------------------------------
# (c) the splitter and the extractor on Japanese-like text

HIRAGANA = "".join(chr(c) for c in range(0x3041, 0x3097))
KATAKANA = "".join(chr(c) for c in range(0x30A1, 0x30FB)) + "ー"
KANJI = "米国露中日本政府大統領首相外相会談制裁停戦合意交渉批判警告要求支援協定核軍事経済国連"
PUNCT = "、。！？「」『』（）・…―：　 0123456789０１２３"

jp_chars = st.sampled_from(HIRAGANA + KATAKANA + KANJI + PUNCT)
jp_text = st.text(jp_chars, min_size=1, max_size=40)
heading = st.sampled_from(
    ["【概要】", "【詳細】", "【要点】", "【桃源寸評】", "【引用・参照・底本】", "【", "】", "【】"]
)
title_line = st.builds(
    lambda t, y, m, d, h, mi: f"{t}{y}年{m:02d}月{d:02d}日 {h:02d}:{mi:02d}",
    jp_text,
    st.integers(1990, 2030),
    st.integers(0, 13),
    st.integers(0, 32),
    st.integers(0, 25),
    st.integers(0, 61),
)
#: words that trigger the extractor's rules, strung together in random order
WORDS = [
    "米国",
    "ロシア",
    "中国",
    "ウクライナ",
    "トランプ大統領",
    "プーチン氏",
    "習主席",
    "国連",
    "欧州連合",
    "外務省の報道官",
    "制裁",
    "二次制裁",
    "停戦",
    "協定",
    "共同声明",
    "ロシア産原油",
    "は",
    "が",
    "に",
    "を",
    "と",
    "の",
    "で",
    "に対し",
    "について",
    "とともに",
    "ば",
    "場合には",
    "会談した",
    "批判した",
    "警告した",
    "要求した",
    "科すと警告した",
    "述べた",
    "締結した",
    "予定だ",
    "可能性がある",
    "と見られる",
    "と指摘した",
    "しなかった",
    "「",
    "」",
    "、",
]
ACTORS = [
    "米国",
    "ロシア",
    "中国",
    "ウクライナ",
    "トランプ大統領",
    "プーチン氏",
    "欧州連合",
    "国連",
]
PREDICATES = [
    "と会談した",
    "を批判した",
    "に停戦を要求した",
    "に制裁を科すと警告した",
    "と協定を締結した",
    "に兵器を供与した",
    "を非難した",
    "と電話会談を行う予定だ",
    "に制裁を科した",
    "を支持した",
]
#: a clause shaped like the articles' (agent は target predicate), with random noise around
structured = st.builds(
    lambda a, b, pred, noise, tail: f"{noise}{a}は{b}{pred}{tail}。",
    st.sampled_from(ACTORS),
    st.sampled_from(ACTORS),
    st.sampled_from(PREDICATES),
    st.sampled_from(["", "昨日、", "関係者によると、", "「", "仮に"]),
    st.sampled_from(["", "と述べた", "と見られる", "可能性がある", "場合には", "」と指摘した"]),
)
clause = st.one_of(
    structured,
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(lambda w: "".join(w) + "。"),
)
line = st.one_of(
    clause,
    st.lists(clause, min_size=2, max_size=4).map(" ".join),
    jp_text,
    jp_text.map(lambda s: " " + s + "。"),
    heading,
    heading.flatmap(lambda h: jp_text.map(lambda s: h + s)),
    title_line,
    jp_text.map(lambda s: "1." + s),
    jp_text.map(lambda s: "・" + s),
    st.sampled_from(
        ["", " ", "\u3000", "# 見出し", "## 小見出し", "https://example.org/a?b=「c」"]
    ),
    st.text(max_size=10),
)
article_text = st.lists(line, min_size=1, max_size=25).map("\n".join)


def _check_offsets(doc: Document) -> None:
    n = len(doc.text)
    for s in doc.sentences:
        assert 0 <= s.start <= s.end <= n
        assert doc.text[s.start : s.end] == s.text
        assert s.section is None or 0 <= s.section < len(doc.sections)
    for sec in doc.sections:
        assert 0 <= sec.start <= sec.end <= n


@settings(max_examples=400, deadline=None)
@given(text=article_text, newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_splitter_keeps_offsets_exact(text: str, newline: str) -> None:
    from kg.documents import split_articles

    try:
        docs = split_articles(text.replace("\n", newline), "fuzz.txt", "0" * 64)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert docs
    assert len({d.key for d in docs}) == len(docs)
    for doc in docs:
        _check_offsets(doc)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=300))
def test_decoder_refuses_or_decodes(data: bytes) -> None:
    from kg.documents import decode_bytes

    try:
        text = decode_bytes(data, "fuzz.bin")
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert "\r" not in text and not text.startswith("\ufeff")


@pytest.mark.slow
@SLOW
@given(text=article_text)
def test_extractor_raises_nothing_and_keeps_offsets(nlp, text: str) -> None:
    from kg.documents import split_articles
    from kg.extract import extract_documents
    from kg.rdf import extraction_triples

    try:
        docs = split_articles(text, "fuzz.txt", "0" * 64)
    except InputError:
        return
    for ex in extract_documents(docs, nlp=nlp):
        doc = ex.document
        _check_offsets(doc)
        n = len(doc.text)
        for m in ex.mentions:
            assert 0 <= m.start <= m.end <= n
            assert doc.text[m.start : m.end] == m.text
            assert 0 <= m.sentence < len(doc.sentences)
        for e in ex.events:
            assert 0 <= e.sentence < len(doc.sentences)
            if e.trigger_start is not None and e.trigger_end is not None:
                assert 0 <= e.trigger_start <= e.trigger_end <= n
        for c in ex.claims:
            assert 0 <= c.sentence < len(doc.sentences)
            assert all(0 <= i < len(ex.events) for i in c.about_events)
        triples = list(extraction_triples(ex))
        store = OxigraphStore(None)
        store.replace_graphs({G: triples})
        assert _count(store) == _stored(triples)
