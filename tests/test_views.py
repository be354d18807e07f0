"""kg view: projections through SPARQL, escaping, capping, layout, and the real CLI.

The graph is built from records written for these tests (fictional people, invented
sentences) and mapped by kg.rdf into a real Oxigraph store.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from kg import rdf
from kg.errors import InputError, KGError, QueryError
from kg.namespaces import GK, actor_iri, document_iri, event_iri
from kg.records import (
    Actor,
    ActorType,
    Claim,
    Concept,
    Document,
    Event,
    Extraction,
    Mention,
    Modality,
    Mood,
    Sentence,
    SourceArticle,
    TimeExpression,
    make_key,
)
from kg.store import KGStore, open_store
from kg.views import (
    PHYSICS_MAX_NODES,
    build_view,
    force_layout,
    render_html,
    script_json,
    view_payload,
)

XSS_LABEL = "<img src=x onerror=alert(1)>"
XSS_KEY = make_key(XSS_LABEL)
BAD_URL = "javascript:alert(1)"
GOOD_URL = "https://example.org/east-asia-note"

SENTENCES = [
    "日本の外相は韓国の外相と東京で会談した。",
    "中国は日本に対して制裁を科すと警告した。",
    "韓国は日本に経済支援を提供した。",
    "日本は中国と交渉しなかった。",
    "評論家の佐藤花子は、緊張がさらに高まるだろうと予測した。",
    f"{XSS_LABEL}は日本を批判した。",
    "北朝鮮は日本近海で軍事演習を行い圧力をかけた。",
]


def _document(key: str, title: str, sentences: list[str], url: str | None) -> Document:
    parts, sents, offset = [], [], 0
    for i, text in enumerate(sentences):
        sents.append(Sentence(index=i, text=text, start=offset, end=offset + len(text)))
        parts.append(text)
        offset += len(text)
    return Document(
        key=key,
        title=title,
        published=date(2025, 5, 8),
        text="".join(parts),
        sentences=sents,
        based_on=SourceArticle(title="元記事 " + title, author="編集部", url=url),
    )


def actors() -> list[Actor]:
    return [
        Actor(key="JPN", type=ActorType.STATE, label_ja="日本", label_en="Japan"),
        Actor(key="KOR", type=ActorType.STATE, label_ja="韓国", label_en="South Korea"),
        Actor(
            key="CHN",
            type=ActorType.STATE,
            label_ja="中国",
            label_en="China",
            aliases=["中華人民共和国"],
        ),
        Actor(key="PRK", type=ActorType.STATE, label_ja="北朝鮮", label_en="North Korea"),
        Actor(
            key="sato-hanako",
            type=ActorType.PERSON,
            label_ja="佐藤花子",
            label_en="Hanako Sato",
            aliases=["佐藤氏"],
        ),
        Actor(key=XSS_KEY, type=ActorType.GROUP, label_ja=XSS_LABEL, label_en=XSS_LABEL),
        Actor(
            key="lonely-org",
            type=ActorType.ORGANIZATION,
            label_ja="無関係機構",
            label_en="Unrelated Org",
        ),
    ]


def extraction() -> Extraction:
    doc = _document("views-test-1", "テスト記事：東アジア情勢", SENTENCES, GOOD_URL)
    when = TimeExpression(text="5月8日", value="2025-05-08", datatype="date")
    events = [
        Event(
            index=0,
            relation="meets",
            cameo="04",
            agents=["JPN"],
            targets=["KOR"],
            date=when,
            trigger="会談した",
            sentence=0,
        ),
        Event(
            index=1,
            relation="threatens",
            cameo="1312",
            agents=["CHN"],
            targets=["JPN"],
            objects=["sanctions"],
            trigger="警告した",
            sentence=1,
        ),
        Event(
            index=2,
            relation="providesEconomicAidTo",
            cameo="071",
            agents=["KOR"],
            targets=["JPN"],
            trigger="提供した",
            sentence=2,
        ),
        Event(
            index=3,
            relation="negotiatesWith",
            cameo="046",
            agents=["JPN"],
            targets=["CHN"],
            negated=True,
            trigger="交渉しなかった",
            sentence=3,
        ),
        Event(
            index=4,
            relation="criticizes",
            cameo="111",
            agents=[XSS_KEY],
            targets=["JPN"],
            trigger="批判した",
            sentence=5,
        ),
        Event(
            index=5,
            relation="coerces",
            cameo="17",
            agents=["PRK"],
            targets=["JPN"],
            mood=Mood.ACTUAL,
            trigger="圧力をかけた",
            sentence=6,
        ),
    ]
    claims = [
        Claim(
            index=0,
            sentence=4,
            text="緊張がさらに高まるだろう",
            claimant="sato-hanako",
            modality=Modality.PREDICTION,
            attribution="explicit",
            speech_act="予測",
            about_events=[1],
            about_actors=["CHN"],
        ),
        Claim(
            index=1,
            sentence=0,
            text=SENTENCES[0],
            claimant="sato-hanako",
            modality=Modality.ASSERTION,
            attribution="author_voice",
            about_events=[0],
        ),
    ]
    mentions = [
        Mention(text="日本", start=0, end=2, sentence=0, key="JPN"),
        Mention(text="韓国", start=5, end=7, sentence=0, key="KOR"),
        Mention(text="中国", start=0, end=2, sentence=1, key="CHN"),
        Mention(text="北朝鮮", start=0, end=3, sentence=6, key="PRK"),
    ]
    return Extraction(
        document=doc,
        actors=actors(),
        concepts=[Concept(key="sanctions", label_ja="制裁", label_en="sanctions")],
        mentions=mentions,
        events=events,
        claims=claims,
    )


def second_extraction() -> Extraction:
    """A second article whose source link is unsafe (kg.rdf would drop it: inserted below)."""
    text = "中国は北朝鮮を支持した。"
    doc = _document("views-test-2", "二本目の記事", [text], None)
    return Extraction(
        document=doc,
        actors=[a for a in actors() if a.key in ("CHN", "PRK")],
        events=[
            Event(
                index=0,
                relation="supports",
                cameo="051",
                agents=["CHN"],
                targets=["PRK"],
                trigger="支持した",
                sentence=0,
            )
        ],
    )


def load_test_graph(store: KGStore) -> None:
    """The two test articles, plus a javascript: source URL written straight into RDF."""
    store.ensure_ontology()
    exs = [extraction(), second_extraction()]
    store.replace_graphs({rdf.graph_name(ex): list(rdf.extraction_triples(ex)) for ex in exs})
    doc2 = document_iri("views-test-2")
    store.update(
        f"INSERT DATA {{ GRAPH {doc2.n3()} {{ {doc2.n3()} gk:basedOn <{doc2}/source> . "
        f'<{doc2}/source> schema:url "{BAD_URL}" }} }}'
    )


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("views") / "store"
    with open_store(path, create=True) as store:
        load_test_graph(store)
    return path


@pytest.fixture(scope="module")
def store(store_dir: Path):
    with open_store(store_dir, read_only=True) as st:
        yield st


def _by_label(graph, label):  # type: ignore[no-untyped-def]
    return next(n for n in graph.nodes if n.label == label)


# --------------------------------------------------------------------------- escaping


@pytest.mark.parametrize(
    "text",
    [
        "</script><script>alert(1)</script>",
        "<!-- <script>",
        "&lt;b&gt; & <b>",
        "line\u2028separator\u2029paragraph",
        XSS_LABEL,
    ],
)
def test_script_json_cannot_break_out_of_the_script_element(text: str) -> None:
    out = script_json({"label": text})
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in out
    assert json.loads(out) == {"label": text}


def test_article_text_is_never_markup_in_the_page(store: KGStore) -> None:
    page = render_html(build_view(store, "overview"))
    assert XSS_LABEL not in page
    assert BAD_URL not in page
    data = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert data is not None
    payload = json.loads(data.group(1))
    labels = {n["label"] for n in payload["nodes"]}
    assert XSS_LABEL in labels  # shown as text, not dropped
    assert "innerHTML" not in (Path(__file__).parents[1] / "kg/view_assets/kg-view.js").read_text()


def edge_of(payload: dict, relation: str) -> dict:
    """The first edge of the page's JSON with this relation IRI."""
    index = next(r["index"] for r in payload["relations"] if r["id"] == relation)
    return next(e for e in payload["edges"] if e["rel"] == index)


def test_only_http_links_survive(store: KGStore) -> None:
    payload = view_payload(build_view(store, "overview"))
    urls = [doc.get("url") for doc in payload["docs"]]
    assert GOOD_URL in urls
    assert all(u is None or u.startswith(("http://", "https://")) for u in urls)
    supports = edge_of(payload, str(GK.supports))
    doc = payload["docs"][supports["tip"]["evidence"][0]["doc"]]
    assert doc == {"title": "二本目の記事"}  # the javascript: link was dropped
    meets = edge_of(payload, str(GK.meets))
    doc = payload["docs"][meets["tip"]["evidence"][0]["doc"]]
    assert doc == {"title": "テスト記事：東アジア情勢", "url": GOOD_URL}


def test_page_loads_nothing_from_outside(store: KGStore) -> None:
    page = render_html(build_view(store, "overview"))
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", page, re.I)
    assert "default-src 'none'" in page  # the CSP forbids any fetch, too
    assert "vis.Network" in page and "vis-network" in page  # the library is inline


# --------------------------------------------------------------------------- projections


def test_overview_nodes_edges_and_styles(store: KGStore) -> None:
    graph = build_view(store, "overview", lang="ja")
    labels = {n.label: n.kind for n in graph.nodes}
    assert labels == {
        "日本": "State",
        "韓国": "State",
        "中国": "State",
        "北朝鮮": "State",
        XSS_LABEL: "Group",
        "制裁": "Concept",
    }
    edges = {
        (e.source.rsplit("/", 1)[1], e.label, e.target.rsplit("/", 1)[1]): e for e in graph.edges
    }
    table = [
        # (agent, ja label, target, quad, asserted, cameo)
        ("JPN", "会談する", "KOR", 1, True, ["04"]),
        ("CHN", "警告する・威嚇する", "JPN", 3, True, ["1312"]),
        ("CHN", "警告する・威嚇する", "sanctions", 3, True, ["1312"]),
        ("KOR", "経済支援する", "JPN", 2, True, ["071"]),
        ("JPN", "交渉する", "CHN", 1, False, ["046"]),
        ("PRK", "強制する・圧力をかける", "JPN", 4, True, ["17"]),
        ("CHN", "支持する", "PRK", 1, True, ["051"]),
        (XSS_KEY, "批判する・非難する", "JPN", 3, True, ["111"]),
    ]
    assert len(edges) == len(table)
    for agent, label, target, quad, asserted, cameo in table:
        e = edges[(agent, label, target)]
        assert (e.quad, e.asserted, e.cameo) == (quad, asserted, cameo)
    meet = edges[("JPN", "会談する", "KOR")]
    assert meet.dates == ["2025-05-08"]
    assert meet.evidence[0].text == SENTENCES[0]
    assert meet.evidence[0].document == "テスト記事：東アジア情勢"
    assert meet.evidence[0].url == GOOD_URL
    japan = _by_label(graph, "日本")
    assert japan.size == max(n.size for n in graph.nodes)  # the most central is the biggest
    assert graph.notes == ["出来事のない行為者 2 件は表示していません"]  # 佐藤花子, 無関係機構


def test_english_labels(store: KGStore) -> None:
    graph = build_view(store, "overview", lang="en")
    assert {"Japan", "China", "sanctions"} <= {n.label for n in graph.nodes}
    assert "threatens" in {e.label for e in graph.edges}


def test_payload_style_and_physics_switch(store: KGStore) -> None:
    payload = view_payload(build_view(store, "overview"))
    assert payload["meta"]["physics"] is True  # small view: live physics
    kinds = {k["kind"]: k["shape"] for k in payload["legend"]["kinds"]}
    assert kinds["State"] != kinds["Concept"] != kinds["Group"]
    quad_colour = {q["quad"]: q["color"] for q in payload["legend"]["quads"]}
    threat = edge_of(payload, str(GK.threatens))
    assert threat["color"] == quad_colour[3] and threat["arrows"] == "to"
    negated = edge_of(payload, str(GK.negotiatesWith))
    assert negated["dashes"] is True
    assert all("x" in n and "y" in n for n in payload["nodes"])
    forced = view_payload(build_view(store, "overview", physics=False))
    assert forced["meta"]["physics"] is False


@pytest.mark.parametrize(
    "name", ["中国", "China", "china", "中華人民共和国", "CHN", str(actor_iri("CHN"))]
)
def test_focus_resolves_any_label(store: KGStore, name: str) -> None:
    graph = build_view(store, "focus", focus=name, hops=1)
    focus = [n for n in graph.nodes if n.focus]
    assert [n.id for n in focus] == [str(actor_iri("CHN"))]
    assert {n.label for n in graph.nodes} == {"中国", "日本", "北朝鮮", "制裁"}


def test_focus_hops_widen_the_ego_network(store: KGStore) -> None:
    one = build_view(store, "focus", focus="韓国", hops=1)
    two = build_view(store, "focus", focus="韓国", hops=2)
    assert {n.label for n in one.nodes} == {"韓国", "日本"}
    assert {"中国", "北朝鮮", XSS_LABEL} <= {n.label for n in two.nodes}


def test_focus_unknown_actor_is_a_clear_error(store: KGStore) -> None:
    with pytest.raises(KGError, match="no actor, concept or place matches '存在しない国'"):
        build_view(store, "focus", focus="存在しない国")


def test_claims_view(store: KGStore) -> None:
    graph = build_view(store, "claims")
    claims = {n.id: n for n in graph.nodes if n.kind == "Claim"}
    assert len(claims) == 2
    prediction = next(n for n in claims.values() if n.modality == "Prediction")
    assert prediction.text == "緊張がさらに高まるだろう"
    assert prediction.evidence[0].text == SENTENCES[4]
    sato = str(actor_iri("sato-hanako"))
    about = {(e.source, e.relation, e.target) for e in graph.edges}
    assert (sato, "claims", prediction.id) in about
    assert (prediction.id, "about", str(event_iri("views-test-1", 1))) in about
    assert (prediction.id, "about", str(actor_iri("CHN"))) in about
    event = next(n for n in graph.nodes if n.id == str(event_iri("views-test-1", 1)))
    assert event.kind == "Event" and "中国" in event.label
    payload = view_payload(graph)
    styles = {n["modality"]: n["dashedBorder"] for n in payload["nodes"] if n["kind"] == "Claim"}
    assert styles == {"Prediction": True, "Assertion": False}


@pytest.mark.parametrize(
    "spec",
    ["テスト記事：東アジア情勢", "東アジア", "views-test-1", str(document_iri("views-test-1"))],
)
def test_document_view(store: KGStore, spec: str) -> None:
    graph = build_view(store, "document", document=spec)
    kinds = sorted(n.kind for n in graph.nodes)
    assert kinds.count("Event") == 6 and kinds.count("Claim") == 2
    assert "北朝鮮" in {n.label for n in graph.nodes}
    roles = {e.relation for e in graph.edges}
    assert {"agent", "target", "object", "claims", "about"} <= roles
    assert "東アジア" in graph.title


def test_document_view_errors(store: KGStore) -> None:
    with pytest.raises(InputError, match="no document matching"):
        build_view(store, "document", document="ない記事")
    with pytest.raises(InputError, match="needs --document"):
        build_view(store, "document")


def test_query_view_construct_and_select(store: KGStore, tmp_path: Path) -> None:
    construct = tmp_path / "threats.rq"
    construct.write_text(
        "CONSTRUCT { ?a gk:threatens ?b . ?a rdfs:label ?l } WHERE { ?a gk:threatens ?b . "
        "?a rdfs:label ?l }",
        encoding="utf-8",
    )
    graph = build_view(store, "query", query=str(construct))
    assert {(e.label, e.quad) for e in graph.edges} == {("警告する・威嚇する", 3)}
    assert {n.label for n in graph.nodes} == {"中国", "日本", "制裁"}
    select = tmp_path / "pairs.rq"
    select.write_text(
        "SELECT ?source ?relation ?target WHERE { ?e gk:agent ?source ; gk:target ?target ;"
        " gk:relation ?relation }",
        encoding="utf-8",
    )
    graph = build_view(store, "query", query=str(select), lang="en")
    assert len(graph.edges) == 7
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?a WHERE { ?a a gk:Actor }", encoding="utf-8")
    with pytest.raises(QueryError, match=r"\?source and \?target"):
        build_view(store, "query", query=str(bad))


def test_max_nodes_keeps_the_most_central_and_says_so(store: KGStore) -> None:
    graph = build_view(store, "overview", max_nodes=3)
    assert len(graph.nodes) == 3
    assert "日本" in {n.label for n in graph.nodes}
    kept = {n.id for n in graph.nodes}
    assert all(e.source in kept and e.target in kept for e in graph.edges)
    assert any("--max-nodes 3" in note for note in graph.notes)


# --------------------------------------------------------------------------- layout


def test_layout_places_neighbours_closer_than_strangers() -> None:
    import numpy as np

    rng = np.random.default_rng(3)
    n = 600  # above the exact-repulsion size: the FFT grid path
    src, dst = [], []
    for c in range(6):  # six dense clusters joined by one edge each
        members = list(range(c * 100, (c + 1) * 100))
        for _ in range(300):
            a, b = rng.choice(members, 2, replace=False)
            src.append(int(a))
            dst.append(int(b))
        src.append(members[0])
        dst.append(((c + 1) % 6) * 100)
    pos = force_layout(n, src, dst)
    assert pos.shape == (n, 2) and np.isfinite(pos).all()
    linked = np.linalg.norm(pos[src] - pos[dst], axis=1).mean()
    a, b = rng.integers(0, n, 2000), rng.integers(0, n, 2000)
    random_pairs = np.linalg.norm(pos[a] - pos[b], axis=1).mean()
    assert linked < random_pairs / 2
    assert len({(round(x, 3), round(y, 3)) for x, y in pos.tolist()}) == n


def test_layout_is_fast_for_thousands_of_nodes() -> None:
    import numpy as np

    rng = np.random.default_rng(5)
    n = 5000
    src = rng.integers(0, n, 10000).tolist()
    dst = rng.integers(0, n, 10000).tolist()
    started = time.perf_counter()
    force_layout(n, src, dst)
    assert time.perf_counter() - started < 20  # ~3 s here; nx.spring_layout took 49 s


def test_large_views_start_without_physics(store: KGStore) -> None:
    graph = build_view(store, "overview")
    graph.nodes = graph.nodes * (PHYSICS_MAX_NODES // len(graph.nodes) + 1)
    assert view_payload(graph)["meta"]["physics"] is False


# --------------------------------------------------------------------------- CLI


def _kg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_cli_writes_one_file_and_nothing_else(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "overview.html"
    proc = _kg("view", "--store", str(store_dir), "--out", out.name, "--lang", "en", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["overview.html"]  # no lib/, no temp
    assert "6 nodes, 8 edges" in proc.stdout
    assert "vis.Network" in out.read_text(encoding="utf-8")
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0600


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "focus"], "needs --focus"),
        (["--focus", "どこにもいない"], "matches 'どこにもいない'"),
        (["--kind", "query", "--query", "no-such-query"], "unknown query"),
        (["--kind", "document", "--document", "ない"], "no document matching"),
    ],
)
def test_cli_errors_are_one_line(
    store_dir: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    proc = _kg("view", "--store", str(store_dir), "--out", "x.html", *args, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and message in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_missing_store(tmp_path: Path) -> None:
    proc = _kg("view", "--store", str(tmp_path / "nope"), cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.startswith("error: no store at")


@pytest.mark.parametrize("kind", ["overview", "claims"])
def test_empty_store_gives_an_empty_page_that_says_so(kind: str) -> None:
    with open_store(memory=True) as empty:
        graph = build_view(empty, kind, lang="en")
    assert graph.nodes == [] and graph.edges == []
    assert graph.notes == ["nothing to show: the store holds no matching events, claims or triples"]
    assert "nothing to show" in render_html(graph)
