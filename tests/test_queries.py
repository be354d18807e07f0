"""The query library on the hand-written fixture graph: expected rows, parameters, actor
label resolution, injection safety, and identical answers from every store backend."""

from __future__ import annotations

import random
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg import queries
from kg.commands.query import short_iri
from kg.errors import KGError, QueryError
from kg.namespaces import ID
from kg.queries import (
    LibraryQuery,
    bind_params,
    get_query,
    load_library,
    normalise_name,
    parse_query_text,
    resolve_entity,
    run_query,
    sort_rows,
)
from kg.serve import free_port, oxigraph_binary
from kg.store import KGStore, QueryResult, describe_syntax_error, open_store

FIXTURE = Path(__file__).parent / "fixtures" / "graph.trig"


def load_fixture(store: KGStore) -> KGStore:
    store.import_file(FIXTURE, "trig")
    store.ensure_ontology()
    return store


@pytest.fixture(scope="module")
def store() -> Iterator[KGStore]:
    s = load_fixture(open_store(memory=True))
    yield s
    s.close()


def show(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return short_iri(str(term))
    return str(term)


def table(store: KGStore, name: str, columns: list[str], **params: str) -> list[tuple]:
    result = run_query(store, get_query(name), params)
    idx = [result.variables.index(c) for c in columns]
    return [tuple(show(row[i]) for i in idx) for row in result.rows]


# --------------------------------------------------------------------------- the library


def test_library_has_at_least_15_documented_queries() -> None:
    library = load_library()
    assert len(library) >= 15
    for name, q in library.items():
        assert q.title, name
        assert q.description, name
        for p in q.params:
            assert p.type in ("actor", "entity", "string", "date", "integer", "iri"), name
            assert f"?{p.name}" in q.sparql, f"{name}: parameter {p.name} is not a variable"


def test_header_parsing() -> None:
    q = parse_query_text(
        "# title: T\n# description: D\n# param: who = Putin (actor) — the actor\n"
        "# param: since = (date) — optional start\n# labels: who other\nSELECT * { ?s ?p ?o }",
        "t",
    )
    assert (q.title, q.description, q.labels) == ("T", "D", ("who", "other"))
    assert [(p.name, p.default, p.type, p.description) for p in q.params] == [
        ("who", "Putin", "actor", "the actor"),
        ("since", "", "date", "optional start"),
    ]
    assert q.params[1].optional


@pytest.mark.parametrize(
    "line",
    ["# param: who Putin (actor)", "# param: who = Putin (person) — unknown type"],
)
def test_bad_param_lines_are_reported(line: str) -> None:
    with pytest.raises(QueryError, match="t:1"):
        parse_query_text(line + "\nSELECT * { ?s ?p ?o }", "t")


def test_unknown_query_lists_the_library() -> None:
    with pytest.raises(QueryError) as err:
        get_query("actor-relation")
    message = str(err.value)
    assert "did you mean actor-relations" in message
    assert "timeline" in message and "\n" not in message


# --------------------------------------------------------------------------- expected rows

EXPECTED: list[tuple[str, dict[str, str], list[str], list[tuple]]] = [
    (
        "actor-relations",
        {},  # default actor = Putin
        ["direction", "relation", "other", "otherLabel", "events"],
        [
            ("in", "gk:criticizes", "id:actor/donald-trump", "ドナルド・トランプ", "1"),
            ("out", "gk:meets", "id:actor/xi-jinping", "習近平", "1"),
        ],
    ),
    (
        "actor-relations",
        {"actor": "United States"},
        ["direction", "relation", "other", "mood", "negated", "events"],
        [
            ("in", "gk:appealsTo", "id:actor/volodymyr-zelensky", "gk:Actual", "false", "1"),
            ("out", "gk:coerces", "id:actor/UKR", "gk:Actual", "true", "1"),
            ("out", "gk:providesMilitaryAidTo", "id:actor/UKR", "gk:Planned", "false", "1"),
            ("out", "gk:sanctions", "id:actor/RUS", "gk:Actual", "false", "1"),
            ("out", "gk:sanctions", "id:actor/RUS", "gk:Conditional", "false", "1"),
        ],
    ),
    (
        "threats",
        {},
        ["agentLabel", "targetLabel", "threatenedWithLabel", "cameo", "date"],
        [("ドナルド・トランプ", "ロシア", "二次制裁", "1312", "2025-05")],
    ),
    (
        "threats",
        {"against": "China"},
        ["event"],
        [],
    ),
    (
        "threats",
        {"against": "ロシア", "agent": "トランプ"},
        ["event", "target"],
        [("id:doc/fx-a/e1", "id:actor/RUS")],
    ),
    (
        "meetings",
        {},
        ["event", "relation", "participantsLabel", "placeLabel"],
        [
            (
                "id:doc/fx-a/e4",
                "gk:talksByPhone",
                "ドナルド・トランプ, レジェップ・タイイップ・エルドアン",
                None,
            ),
            ("id:doc/fx-b/e0", "gk:meets", "ウラジーミル・プーチン, 習近平", "モスクワ"),
            (
                "id:doc/fx-c/e2",
                "gk:meets",
                "ウォロディミル・ゼレンスキー, ドナルド・トランプ",
                None,
            ),
        ],
    ),
    (
        "meetings",
        {"participant": "ゼレンスキー"},
        ["event"],
        [("id:doc/fx-c/e2",)],
    ),
    (
        "sanctions",
        {},
        ["status", "event", "agent", "target", "cameo"],
        [
            ("conditional", "id:doc/fx-a/e2", "id:actor/USA", "id:actor/RUS", "163"),
            ("imposed", "id:doc/fx-a/e3", "id:actor/USA", "id:actor/RUS", "163"),
            ("threatened", "id:doc/fx-a/e1", "id:actor/donald-trump", "id:actor/RUS", "1312"),
        ],
    ),
    (
        "demands",
        {},
        ["agentLabel", "targetLabel", "whatLabel", "mood"],
        [("ドナルド・トランプ", "ロシア", "停戦", "gk:Actual")],
    ),
    (
        "claims-by-claimant",
        {"claimant": "Example Review"},
        ["claim", "modality", "attribution"],
        [
            ("id:doc/fx-a/c2", "gk:Evaluation", "author_voice"),
            ("id:doc/fx-a/c3", "gk:Prediction", "author_voice"),
            ("id:doc/fx-b/c1", "gk:Speculation", "section_voice"),
        ],
    ),
    (
        "claimant-modality",
        {},
        ["claimant", "modality", "claims"],
        [
            ("id:actor/volodymyr-zelensky", "gk:Prescription", "1"),
            ("id:actor/example-review", "gk:Evaluation", "1"),
            ("id:actor/example-review", "gk:Prediction", "1"),
            ("id:actor/example-review", "gk:Speculation", "1"),
            ("id:actor/donald-trump", "gk:ReportedSpeech", "1"),
            ("id:actor/x5f3c2a9b1d07", "gk:Speculation", "1"),
            ("id:actor/global-times", "gk:Assertion", "1"),
        ],
    ),
    (
        "speculative-vs-asserted",
        {},
        ["stance", "claim"],
        [
            ("asserted", "id:doc/fx-a/c1"),
            ("asserted", "id:doc/fx-b/c0"),
            ("evaluative", "id:doc/fx-a/c2"),
            ("evaluative", "id:doc/fx-c/c0"),
            ("speculative", "id:doc/fx-a/c0"),
            ("speculative", "id:doc/fx-a/c3"),
            ("speculative", "id:doc/fx-b/c1"),
        ],
    ),
    (
        "claims-about",
        {},  # about = Russia
        ["claim", "via", "event"],
        [
            ("id:doc/fx-a/c0", "direct", None),
            ("id:doc/fx-a/c1", "direct", None),
            ("id:doc/fx-a/c1", "event", "id:doc/fx-a/e1"),
            ("id:doc/fx-b/c0", "direct", None),
            ("id:doc/fx-b/c1", "event", "id:doc/fx-b/e1"),
            ("id:doc/fx-c/c0", "direct", None),
        ],
    ),
    (
        "claims-about",
        {"about": "https://w3id.org/geopol-kg/id/doc/fx-a/e5"},
        ["claim", "modality"],
        [("id:doc/fx-a/c3", "gk:Prediction")],
    ),
    (
        "timeline",
        {"from": "2025-05-07", "to": "2025-05-31"},
        ["start", "event", "relation"],
        [
            ("2025-01-01", "id:doc/fx-b/e3", "gk:tradesWith"),  # all of 2025
            ("2025-05-01", "id:doc/fx-a/e1", "gk:threatens"),
            ("2025-05-08", "id:doc/fx-a/e0", "gk:demands"),
            ("2025-05-08", "id:doc/fx-b/e0", "gk:meets"),
            ("2025-05-09", "id:doc/fx-b/e2", "gk:supports"),
        ],
    ),
    (
        "timeline",
        {"actor": "Trump", "from": "2025-06-01"},
        ["event", "agentLabel", "targetLabel"],
        [
            ("id:doc/fx-c/e1", "ドナルド・トランプ", "ウラジーミル・プーチン"),
            ("id:doc/fx-c/e2", "ドナルド・トランプ", "ウォロディミル・ゼレンスキー"),
        ],
    ),
    (
        "actor-partners",
        {"actor": "USA"},
        ["other", "sentences", "events"],
        [
            ("id:actor/RUS", "3", "2"),
            ("id:actor/UKR", "2", "2"),
            ("id:actor/volodymyr-zelensky", "1", "1"),
        ],
    ),
    (
        "actors-by-relations",
        {},
        ["actor", "asAgent", "asTarget", "events"],
        [
            ("id:actor/RUS", "2", "6", "8"),
            ("id:actor/donald-trump", "5", "0", "5"),
            ("id:actor/USA", "4", "1", "5"),
            ("id:actor/volodymyr-zelensky", "1", "1", "2"),
            ("id:actor/UKR", "0", "2", "2"),
            ("id:actor/vladimir-putin", "1", "1", "2"),
            ("id:actor/CHN", "1", "1", "2"),
            ("id:actor/IND", "1", "0", "1"),
            ("id:actor/recep-tayyip-erdogan", "0", "1", "1"),
            ("id:actor/xi-jinping", "0", "1", "1"),
        ],
    ),
    (
        "provenance",
        {"object": "Russia"},  # Trump threatens Russia
        ["event", "text", "title", "sourceUrl"],
        [
            (
                "id:doc/fx-a/e1",
                "トランプ大統領はロシアに30日間の停戦を要求し、応じなければ二次制裁を科すと警告した。",
                "米国、対露圧力を段階的に強化",
                "https://example.org/articles/hardening",
            )
        ],
    ),
    (
        "provenance",
        {},  # Trump threatens secondary sanctions
        ["event", "sourceTitle"],
        [("id:doc/fx-a/e1", "Washington hardens its line on Moscow")],
    ),
    (
        "provenance",
        {"subject": "India", "relation": "tradesWith", "object": "ロシア産原油"},
        ["event", "sourceUrl"],
        [("id:doc/fx-b/e3", "https://example.net/news/moscow-summit")],
    ),
    (
        "wikidata-links",
        {},
        ["actor", "wikidata"],
        [
            ("id:actor/IND", "wd:Q668"),
            ("id:actor/volodymyr-zelensky", "wd:Q3881"),
            ("id:actor/UKR", "wd:Q212"),
            ("id:actor/vladimir-putin", "wd:Q7747"),
            ("id:actor/TUR", "wd:Q43"),
            ("id:actor/donald-trump", "wd:Q22686"),
            ("id:actor/recep-tayyip-erdogan", "wd:Q39723"),
            ("id:actor/RUS", "wd:Q159"),
            ("id:actor/CHN", "wd:Q148"),
            ("id:actor/USA", "wd:Q30"),
            ("id:actor/xi-jinping", "wd:Q15031"),
        ],
    ),
    (
        "documents",
        {},
        ["document", "sourceUrl", "events", "claims"],
        [
            ("id:doc/fx-a", "https://example.org/articles/hardening", "8", "4"),
            ("id:doc/fx-b", "https://example.net/news/moscow-summit", "4", "2"),
            ("id:doc/fx-c", None, "3", "1"),
        ],
    ),
    (
        "relations-by-cameo",
        {"quadClass": "4"},
        ["root", "rootLabel", "relation", "events", "factualEvents"],
        [
            ("16", "REDUCE RELATIONS", "gk:sanctions", "2", "1"),
            ("17", "COERCE", "gk:coerces", "1", "0"),
        ],
    ),
    (
        "unrealised-events",
        {},
        ["event", "mood", "negated"],
        [
            ("id:doc/fx-a/e2", "gk:Conditional", "false"),
            ("id:doc/fx-a/e7", "gk:Actual", "true"),
            ("id:doc/fx-b/e1", "gk:Hypothetical", "false"),
        ],
    ),
    (
        "sentences-mentioning",
        {"entity": "停戦"},
        ["sentence"],
        [("id:doc/fx-a/s1",), ("id:doc/fx-a/s2",), ("id:doc/fx-a/s6",)],
    ),
    (
        "events-by-trigger",
        {"trigger": "会談した"},
        ["event", "agent", "target"],
        [
            ("id:doc/fx-b/e0", "id:actor/vladimir-putin", "id:actor/xi-jinping"),
            ("id:doc/fx-c/e2", "id:actor/donald-trump", "id:actor/volodymyr-zelensky"),
        ],
    ),
    (
        "actors",
        {},
        ["actor", "type", "labelJa", "labelEn", "wikidata"],
        [
            (
                "id:actor/example-review",
                "Organization",
                "エグザンプル・レビュー",
                "Example Review",
                None,
            ),
            ("id:actor/global-times", "Organization", "環球時報", "Global Times", None),
            ("id:actor/donald-trump", "Person", "ドナルド・トランプ", "Donald Trump", "wd:Q22686"),
            (
                "id:actor/recep-tayyip-erdogan",
                "Person",
                "レジェップ・タイイップ・エルドアン",
                "Recep Tayyip Erdoğan",
                "wd:Q39723",
            ),
            (
                "id:actor/vladimir-putin",
                "Person",
                "ウラジーミル・プーチン",
                "Vladimir Putin",
                "wd:Q7747",
            ),
            (
                "id:actor/volodymyr-zelensky",
                "Person",
                "ウォロディミル・ゼレンスキー",
                "Volodymyr Zelensky",
                "wd:Q3881",
            ),
            ("id:actor/x5f3c2a9b1d07", "Person", "外交筋", None, None),
            ("id:actor/xi-jinping", "Person", "習近平", "Xi Jinping", "wd:Q15031"),
            ("id:actor/CHN", "State", "中国", "China", "wd:Q148"),
            ("id:actor/IND", "State", "インド", "India", "wd:Q668"),
            ("id:actor/RUS", "State", "ロシア", "Russia", "wd:Q159"),
            ("id:actor/TUR", "State", "トルコ", "Türkiye", "wd:Q43"),
            ("id:actor/UKR", "State", "ウクライナ", "Ukraine", "wd:Q212"),
            ("id:actor/USA", "State", "米国", "United States", "wd:Q30"),
        ],
    ),
    ("analysis-scores", {}, ["actor"], []),
    # every pair, both directions: USA's partners are the actor-partners row above
    ("cooccurring-actors", {}, ["actor", "other", "sentences", "events"], None),
]


@pytest.mark.parametrize(
    ("name", "params", "columns", "expected"),
    EXPECTED,
    ids=[f"{e[0]}-{i}" for i, e in enumerate(EXPECTED)],
)
def test_library_query_rows(
    store: KGStore,
    name: str,
    params: dict[str, str],
    columns: list[str],
    expected: list[tuple] | None,
) -> None:
    rows = table(store, name, columns, **params)
    if expected is None:  # checked against another query: the same rows, in any order
        assert sorted(rows) == pairs_of_actor_partners(store)
        assert len(rows) > 10
    elif get_query(name).ordered:
        assert rows == expected
    else:
        assert sorted(rows, key=repr) == sorted(expected, key=repr)


def pairs_of_actor_partners(store: KGStore) -> list[tuple]:
    """All co-occurring pairs as actor-partners gives them, actor by actor (the two queries
    count the same sentences and events)."""
    rows = []
    for (actor,) in table(store, "actors", ["actor"]):
        key = actor.rsplit("/", 1)[-1]
        for other, sentences, events in table(
            store, "actor-partners", ["other", "sentences", "events"], actor=key
        ):
            rows.append((actor, other, sentences, events))
    return sorted(rows)


A, B = URIRef("http://x/a"), URIRef("http://x/b")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
N2, N10 = Literal(2), Literal(10)
D1, D2 = Literal("2025-05-08", datatype=XSD_DATE), Literal("2025-11-30", datatype=XSD_DATE)
SORT_CASES = [
    # (order, rows, expected order of the rows)
    (["n"], [(N10, A), (N2, B)], [(N2, B), (N10, A)]),  # numbers by value, not text
    (["-n"], [(N2, B), (N10, A)], [(N10, A), (N2, B)]),
    (["x"], [(N2, Literal("b")), (N2, None), (N2, B)], [(N2, None), (N2, B), (N2, Literal("b"))]),
    # ties on the order columns fall back on the whole row, each run on its own
    (["n"], [(N2, B), (N10, B), (N2, A), (N10, A)], [(N2, A), (N2, B), (N10, A), (N10, B)]),
    (["-n", "x"], [(N2, B), (N10, B), (N2, A)], [(N10, B), (N2, A), (N2, B)]),
    (["n"], [(N2, B), (N2, B), (N2, A)], [(N2, A), (N2, B), (N2, B)]),
    # integers and decimals together by value; dates by their text
    (
        ["n"],
        [(Literal("10.5", datatype=XSD_DECIMAL), A), (N2, A)],
        [(N2, A), (Literal("10.5", datatype=XSD_DECIMAL), A)],
    ),
    (["-n"], [(D1, A), (D2, A)], [(D2, A), (D1, A)]),
]


@pytest.mark.parametrize("few_rows", [0, queries.FEW_ROWS], ids=["by-column", "by-row"])
@pytest.mark.parametrize(("order", "rows", "expected"), SORT_CASES)
def test_sort_rows(
    order: list[str],
    rows: list[tuple],
    expected: list[tuple],
    few_rows: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(queries, "FEW_ROWS", few_rows)
    result = QueryResult("select", ["n", "x"], rows)
    assert sort_rows(result, order).rows == expected


SORT_TERMS = [
    None,
    A,
    B,
    N2,
    N10,
    Literal("2.0", datatype=XSD_DECIMAL),
    Literal("b"),
    Literal("a", lang="en"),
    D1,
    Literal(True),
]


@pytest.mark.parametrize("order", [["n"], ["-n"], ["n", "x"], ["-n", "x"], ["x", "-n"]])
def test_sort_rows_by_row_and_by_column_agree(
    order: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Short answers get their keys row by row, long ones column by column: the same order,
    on columns that mix kinds and on columns of one kind."""
    rng = random.Random(7)
    for pool in (SORT_TERMS, [N2, N10, Literal("2.0", datatype=XSD_DECIMAL)], [A, B]):
        rows = [(rng.choice(pool), rng.choice(SORT_TERMS)) for _ in range(12)]
        result = QueryResult("select", ["n", "x"], rows)
        monkeypatch.setattr(queries, "FEW_ROWS", 0)
        by_column = sort_rows(result, order).rows
        monkeypatch.setattr(queries, "FEW_ROWS", 100)
        assert sort_rows(result, order).rows == by_column


def test_every_library_query_is_covered() -> None:
    assert {e[0] for e in EXPECTED} == set(load_library())


def test_relations_by_cameo_uses_the_codebook(store: KGStore) -> None:
    from kg import cameo

    rows = table(store, "relations-by-cameo", ["relation", "quadClass", "goldsteinTotal"])
    got = {rel: (int(q), float(g)) for rel, q, g in rows}
    assert got["gk:threatens"] == (cameo.quad_class("1312"), cameo.goldstein("1312"))
    assert got["gk:providesMilitaryAidTo"] == (cameo.quad_class("072"), cameo.goldstein("072"))
    assert got["gk:sanctions"] == (4, 2 * cameo.goldstein("163"))


# --------------------------------------------------------------------------- actor names

PUTIN = ID["actor/vladimir-putin"]


@pytest.mark.parametrize(
    "name",
    [
        "プーチン",
        "Putin",
        "Vladimir Putin",
        "ウラジーミル・プーチン",
        "vladimir-putin",
        "https://w3id.org/geopol-kg/id/actor/vladimir-putin",
        "<https://w3id.org/geopol-kg/id/actor/vladimir-putin>",
        "id:actor/vladimir-putin",
        "wd:Q7747",
        "Q7747",
        "ＰＵＴＩＮ",  # full-width: NFKC
        "vladimir putin",  # case and separators
        "ウラジーミルプーチン",
        "  Putin ",
    ],
)
def test_actor_parameter_accepts_any_name(store: KGStore, name: str) -> None:
    assert resolve_entity(store, name, "actor") == PUTIN


def test_key_of_a_state(store: KGStore) -> None:
    assert resolve_entity(store, "RUS") == ID["actor/RUS"]
    assert resolve_entity(store, "rus") == ID["actor/RUS"]
    assert resolve_entity(store, "アメリカ") == ID["actor/USA"]


def test_entity_parameter_finds_concepts_and_places(store: KGStore) -> None:
    assert resolve_entity(store, "二次制裁", "entity") == ID["concept/secondary-sanctions"]
    assert resolve_entity(store, "Moscow", "entity") == ID["place/moscow"]
    with pytest.raises(QueryError, match="no actor matches"):
        resolve_entity(store, "Moscow", "actor")


def test_unknown_actor_lists_close_matches(store: KGStore) -> None:
    with pytest.raises(QueryError) as err:
        resolve_entity(store, "Putn", "actor")
    assert "no actor matches 'Putn'" in str(err.value)
    assert "Putin" in str(err.value)


def test_normalise_name() -> None:
    assert normalise_name("ウラジーミル・プーチン") == normalise_name("ウラジーミル プーチン")
    assert normalise_name("ＶＬＡＤＩＭＩＲ") == "vladimir"


@pytest.mark.parametrize(
    ("ptype", "value", "message"),
    [
        ("date", "2025-13-01", "not a date"),
        ("date", "yesterday", "not a date"),
        ("integer", "three", "not an integer"),
        ("iri", "<x> } DROP ALL", "not an IRI"),
        ("iri", "http://a b", "not an IRI"),
    ],
)
def test_bad_parameter_values(store: KGStore, ptype: str, value: str, message: str) -> None:
    q = parse_query_text(f"# param: x = ({ptype}) — x\nSELECT * {{ ?s ?p ?x }}", "t")
    with pytest.raises(QueryError, match=message):
        bind_params(store, q, {"x": value})


def test_unknown_parameter_name(store: KGStore) -> None:
    with pytest.raises(QueryError, match="has no parameter 'who'; its parameters: actor"):
        run_query(store, get_query("actor-relations"), {"who": "Putin"})


def test_headerless_query_takes_strings_and_iris(store: KGStore) -> None:
    q = LibraryQuery("adhoc", "SELECT ?e WHERE { ?e gk:trigger ?t ; gk:agent ?a }")
    bindings = bind_params(
        store, q, {"t": "会談した", "a": "<https://w3id.org/geopol-kg/id/actor/vladimir-putin>"}
    )
    assert bindings == {"t": Literal("会談した"), "a": PUTIN}
    assert [r[0] for r in store.query(q.sparql, bindings).rows] == [ID["doc/fx-b/e0"]]


# --------------------------------------------------------------------------- injection

INJECTIONS = [
    'x" } DROP ALL #',
    "x' } DROP ALL #",
    '"""} ; DROP ALL ; SELECT * {"""',
    "} } DELETE WHERE { ?s ?p ?o } #",
    "警告した\n} DROP ALL",
    '\\" } CLEAR ALL',
    "{{ }} <> ;; ..",
    "🙂 ゼロ幅\u200bスペース",
    "",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_string_parameters_are_literals(value: str) -> None:
    s = load_fixture(open_store(memory=True))
    before = s.count_quads()
    result = run_query(s, get_query("events-by-trigger"), {"trigger": value})
    assert result.rows == []
    assert s.count_quads() == before
    assert s.query("ASK { ?e gk:trigger ?t }").boolean


@pytest.mark.parametrize("value", [v for v in INJECTIONS if v.strip()])
def test_actor_parameters_never_reach_the_query_as_text(value: str) -> None:
    s = load_fixture(open_store(memory=True))
    before = s.count_quads()
    with pytest.raises(KGError, match="no actor matches"):
        run_query(s, get_query("actor-relations"), {"actor": value})
    assert s.count_quads() == before


def test_updates_are_refused_by_run_query(store: KGStore) -> None:
    with pytest.raises(QueryError, match="update"):
        run_query(store, parse_query_text("DROP ALL", "evil"), {})
    assert store.query("ASK { ?e a gk:Event }").boolean


# --------------------------------------------------------------------------- syntax errors


@pytest.mark.parametrize(
    ("text", "line", "column", "near"),
    [
        ("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTR(?s)\n}", 3, None, "FILTR"),
        ('SELECT * WHERE { ?s ?p "プーチン" FILTR }', 1, None, "FILTR"),
        ("SELECT * WHERE { ?s ?p ?o ", 1, 27, "end of line"),
    ],
)
def test_syntax_errors_point_at_line_and_column(
    store: KGStore, text: str, line: int, column: int | None, near: str
) -> None:
    with pytest.raises(QueryError) as err:
        store.query(text)
    message = str(err.value)
    assert f"line {line}, column " in message
    if column is not None:
        assert f"column {column} " in message
    assert "\n" not in message


def test_describe_syntax_error_on_rdflib_messages() -> None:
    message = "Expected SelectQuery, found 'FILTR'  (at char 550), (line:14, col:3)"
    text = "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTR(?s)\n}"
    described = describe_syntax_error(text, message, 11)
    assert "line 3, column 3" in described
    assert "FILTR(?s)" in described


def test_syntax_error_position_with_bound_parameters(store: KGStore) -> None:
    q = "SELECT ?e WHERE { ?e gk:trigger ?t . FILTR }"
    with pytest.raises(QueryError) as err:
        store.query(q, {"t": Literal("x")})
    assert "line 1, column" in str(err.value)
    assert "FILTR" in str(err.value)


# --------------------------------------------------------------------------- every backend


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``oxigraph serve`` over a copy of the fixture, union default graph."""
    folder = tmp_path_factory.mktemp("server-store")
    seeded = load_fixture(open_store(folder, create=True))
    seeded.close()
    port = free_port()
    proc = subprocess.Popen(
        [
            oxigraph_binary(),
            "serve",
            "--location",
            str(folder),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    err = proc.stderr.read().decode() if proc.stderr else ""
                    pytest.fail(f"oxigraph server did not start: {err}")
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KGStore]:
    folder = tmp_path_factory.mktemp("disk-store")
    load_fixture(open_store(folder, create=True)).close()
    s = open_store(folder, read_only=True)
    yield s
    s.close()


def _answer(s: KGStore, q: LibraryQuery) -> list[tuple]:
    rows = [tuple(r) for r in run_query(s, q, {}).rows]
    return rows if q.ordered else sorted(rows, key=repr)


@pytest.mark.server
@pytest.mark.parametrize("name", sorted(load_library()))
def test_every_query_same_answer_on_every_backend(
    name: str, store: KGStore, disk_store: KGStore, oxigraph_server: str
) -> None:
    q = get_query(name)
    expected = _answer(store, q)
    assert _answer(disk_store, q) == expected
    remote = open_store(oxigraph_server)
    assert _answer(remote, q) == expected


@pytest.mark.server
def test_remote_syntax_error_counts_lines_of_the_users_text(oxigraph_server: str) -> None:
    remote = open_store(oxigraph_server)
    with pytest.raises(QueryError, match="line 2, column"):
        remote.query("SELECT * WHERE {\n  FILTR(?s) }")


@pytest.mark.server
def test_remote_injection_leaves_the_store_unchanged(oxigraph_server: str) -> None:
    remote = open_store(oxigraph_server)
    before = remote.count_quads()
    for value in INJECTIONS:
        assert run_query(remote, get_query("events-by-trigger"), {"trigger": value}).rows == []
    assert remote.count_quads() == before


# --------------------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed_analysed_store(seed_extractions) -> Iterator[KGStore]:
    """The seed graph in its own store, with kg analyze's measures written back."""
    from kg.analysis import analyze, write_analysis
    from kg.rdf import extraction_triples, graph_name

    s = open_store(memory=True)
    s.ensure_ontology()
    s.replace_graphs({graph_name(ex): list(extraction_triples(ex)) for ex in seed_extractions})
    write_analysis(s, analyze(s))
    yield s
    s.close()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(load_library()))
def test_every_query_answers_on_the_seed(name: str, seed_analysed_store: KGStore) -> None:
    result = run_query(seed_analysed_store, get_query(name), {})
    assert result.rows, f"{name} returned no rows on the seed graph"


@pytest.mark.parametrize("name", sorted(load_library()))
def test_label_columns_belong_to_their_iri(store: KGStore, name: str) -> None:
    """A ``xLabel`` column is empty exactly when its ``x`` column is, and shows a name."""
    res = run_query(store, get_query(name), {})
    pairs = [
        (res.variables.index(v[: -len("Label")]), i)
        for i, v in enumerate(res.variables)
        if v.endswith("Label") and v[: -len("Label")] in res.variables
    ]
    for row in res.rows:
        for iri_col, label_col in pairs:
            if row[iri_col] is None:
                assert row[label_col] is None, (name, row)
            elif isinstance(row[iri_col], URIRef):
                assert row[label_col] is not None and str(row[label_col]).strip(), (name, row)
