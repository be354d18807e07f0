"""Network analysis on the hand-written fixture graph: projections, measures, write-back
and exports. Goldstein values and QuadClasses are checked against the CAMEO TSV."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from kg import analysis as A
from kg.namespaces import ID
from kg.store import KGStore, open_store

FIXTURE = Path(__file__).parent / "fixtures" / "graph.trig"
CAMEO_TSV = Path(__file__).resolve().parents[2] / "shared" / "reference" / "cameo.tsv"


def actor(key: str) -> str:
    return str(ID[f"actor/{key}"])


@pytest.fixture(scope="module")
def store() -> Iterator[KGStore]:
    s = open_store(memory=True)
    s.import_file(FIXTURE, "trig")
    s.ensure_ontology()
    yield s
    s.close()


@pytest.fixture(scope="module")
def result(store: KGStore) -> A.Analysis:
    return A.analyze(store)


@pytest.fixture(scope="module")
def codebook() -> dict[str, tuple[float, int]]:
    """Goldstein and QuadClass by code, read straight from the reference TSV."""
    if not CAMEO_TSV.exists():
        pytest.skip(f"CAMEO reference table not found at {CAMEO_TSV}")
    book = {}
    for line in CAMEO_TSV.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("#") or len(fields) != 4 or fields[0] == "code":
            continue
        book[fields[0]] = (float(fields[2]), int(fields[3]))
    return book


def test_events_come_with_codebook_values(store: KGStore, codebook: dict) -> None:
    facts = {
        f.event.rsplit("/", 2)[-2] + "/" + f.event.rsplit("/", 1)[-1]: f
        for f in A.fetch_events(store)
    }
    assert len(facts) == 15
    threat = facts["fx-a/e1"]
    assert (threat.relation, threat.cameo, threat.factual) == ("threatens", "1312", True)
    assert (threat.goldstein, threat.quadclass) == codebook["1312"]
    assert not facts["fx-a/e2"].factual  # conditional sanctions
    assert not facts["fx-a/e7"].factual  # negated coercion
    assert facts["fx-a/e5"].factual  # planned arms delivery


def test_actor_network_edges(store: KGStore) -> None:
    g = A.actor_network(store)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == 14  # every actor, isolates included
    edges = {(u.rsplit("/", 1)[-1], v.rsplit("/", 1)[-1], k) for u, v, k in g.edges(keys=True)}
    assert ("donald-trump", "RUS", "threatens:1312") in edges
    assert ("USA", "RUS", "sanctions:163") in edges  # the actual sanctions only
    assert ("USA", "UKR", "coerces:17") not in edges  # negated
    assert ("RUS", "CHN", "signs:057") not in edges  # hypothetical
    data = g.edges[actor("USA"), actor("RUS"), "sanctions:163"]
    assert (data["count"], data["quadclass"]) == (1, 4)
    assert g.nodes[actor("vladimir-putin")]["label"] == "ウラジーミル・プーチン"
    assert g.nodes[actor("vladimir-putin")]["wikidata"].endswith("Q7747")
    all_moods = A.actor_network(store, factual_only=False)
    assert all_moods.has_edge(actor("USA"), actor("UKR"), "coerces:17")
    assert all_moods.edges[actor("USA"), actor("RUS"), "sanctions:163"]["count"] == 2


def test_collapse_sums_parallel_edges(store: KGStore) -> None:
    g = A.collapse(A.actor_network(store))
    trump_rus = g.edges[actor("donald-trump"), actor("RUS")]
    assert trump_rus["weight"] == 2.0
    assert trump_rus["relations"] == "demands;threatens"


def test_degree_and_pagerank_ordering(result: A.Analysis) -> None:
    by = result.by_actor()
    assert by[actor("RUS")].degree == pytest.approx(4 / 13)
    assert by[actor("donald-trump")].degree == pytest.approx(4 / 13)
    assert by[actor("TUR")].degree == 0.0
    ranked = [m.actor for m in result.actors]
    assert ranked[0] == actor("RUS")  # most events aimed at it
    assert (
        by[actor("RUS")].pagerank > by[actor("USA")].pagerank > by[actor("donald-trump")].pagerank
    )
    assert sum(m.pagerank for m in result.actors) == pytest.approx(1.0)


def test_pagerank_agrees_with_networkx_reference() -> None:
    g = nx.DiGraph()
    g.add_weighted_edges_from([("a", "b", 2.0), ("b", "c", 1.0), ("c", "a", 1.0), ("a", "c", 1.0)])
    g.add_node("d")  # dangling
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    expected = _pagerank_python(g, weight="weight", tol=1e-12, max_iter=500)
    got = A.pagerank(g)
    for node in g:
        assert got[node] == pytest.approx(expected[node], abs=1e-9)


def test_betweenness_exact_and_sampled(store: KGStore) -> None:
    g = A.collapse(A.actor_network(store))
    exact, is_exact = A.betweenness(g)
    assert is_exact
    assert max(exact, key=exact.get) == actor("USA")  # bridges Zelensky/Ukraine and Russia
    sampled, is_exact = A.betweenness(g, exact_limit=3, k=5, seed=1)
    again, _ = A.betweenness(g, exact_limit=3, k=5, seed=1)
    assert not is_exact and sampled == again


def test_communities_are_seeded_and_sensible(result: A.Analysis, store: KGStore) -> None:
    community = {m.actor: m.community for m in result.actors}
    assert community[actor("vladimir-putin")] == community[actor("xi-jinping")]
    assert community[actor("USA")] == community[actor("UKR")]
    assert community[actor("CHN")] == community[actor("RUS")]
    assert A.analyze(store).communities == result.communities


def test_quadclass_profile_counts(result: A.Analysis) -> None:
    rus = result.by_actor()[actor("RUS")].profile
    assert {k: v for k, v in rus.items() if v} == {
        "verbal_conflict_out": 1,  # rejects the ceasefire
        "verbal_conflict_in": 2,  # demand, threat
        "material_conflict_in": 1,  # actual sanctions (not the conditional ones)
        "verbal_cooperation_in": 1,  # China's support
        "material_cooperation_in": 1,  # India's oil purchases
    }
    trump = result.by_actor()[actor("donald-trump")].profile
    assert trump["verbal_conflict_out"] == 3 and trump["verbal_cooperation_out"] == 2


def test_goldstein_scores_from_the_codebook(result: A.Analysis, codebook: dict) -> None:
    g = {code: value for code, (value, _quad) in codebook.items()}
    trump = result.by_actor()[actor("donald-trump")]
    assert trump.goldstein_out == pytest.approx(g["10"] + g["1312"] + g["041"] + g["111"] + g["04"])
    assert trump.goldstein_in == 0.0
    rus = result.by_actor()[actor("RUS")]
    assert rus.goldstein_in == pytest.approx(g["10"] + g["1312"] + g["163"] + g["051"] + g["061"])
    assert rus.goldstein_out == pytest.approx(g["12"])
    assert rus.goldstein_score == pytest.approx(rus.goldstein_in + rus.goldstein_out)


def test_bipartite_and_claim_projections(store: KGStore) -> None:
    b = A.actor_event_graph(store)
    assert nx.is_bipartite(b)
    events = {n for n, d in b.nodes(data=True) if d["bipartite"] == 1}
    assert len(events) == 15
    assert b.edges[actor("donald-trump"), str(ID["doc/fx-a/e1"])]["role"] == "agent"
    c = A.claim_network(store)
    assert c.edges[actor("example-review"), str(ID["doc/fx-b/c1"])]["modality"] == "Speculation"
    assert c.has_edge(str(ID["doc/fx-b/c1"]), str(ID["doc/fx-b/e1"]))
    assert c.out_degree(actor("example-review")) == 3


def test_write_back_is_queryable_and_replaces(tmp_path: Path, result: A.Analysis) -> None:
    s = open_store(tmp_path / "store", create=True)
    s.import_file(FIXTURE, "trig")
    s.ensure_ontology()
    n = A.write_analysis(s, result)
    assert n == len(A.analysis_triples(result))
    assert A.write_analysis(s, result) == n  # replaced, not added
    res = s.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH id:analysis { ?a gk:pageRank ?p } }")
    assert int(res.rows[0][0]) == 14
    top = s.query("SELECT ?a WHERE { ?a gk:pageRank ?p } ORDER BY DESC(?p) LIMIT 1").rows[0][0]
    assert str(top) == actor("RUS")
    from kg.queries import get_query, run_query

    rows = run_query(s, get_query("analysis-scores"), {}).rows
    assert len(rows) == 14 and str(rows[0][0]) == actor("RUS")
    s.close()


def test_exports_are_readable(tmp_path: Path, result: A.Analysis) -> None:
    simple = A.collapse(result.network)
    A.write_graphml(simple, tmp_path / "g.graphml")
    A.write_gexf(simple, tmp_path / "g.gexf")
    A.write_graphml(result.network, tmp_path / "multi.graphml")
    A.write_edge_csv(result.network, tmp_path / "edges.csv")
    g = nx.read_graphml(tmp_path / "g.graphml")
    assert g.number_of_nodes() == 14 and g.number_of_edges() == simple.number_of_edges()
    assert g.nodes[actor("RUS")]["label"] == "ロシア"
    assert g.nodes[actor("RUS")]["pagerank"] == pytest.approx(
        result.by_actor()[actor("RUS")].pagerank
    )
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_nodes() == 14
    assert (
        nx.read_graphml(tmp_path / "multi.graphml").number_of_edges()
        == result.network.number_of_edges()
    )
    with (tmp_path / "edges.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == result.network.number_of_edges()
    threat = next(r for r in rows if r["relation"] == "threatens")
    assert (threat["source_label"], threat["target_label"], threat["cameo"]) == (
        "ドナルド・トランプ",
        "ロシア",
        "1312",
    )


def test_graphml_safe_types() -> None:
    g = nx.DiGraph()
    g.add_node("a", missing=None, items=["x"], n=1)
    g.add_edge("a", "b", weight=None)
    safe = A.graphml_safe(g)
    assert safe.nodes["a"] == {"missing": "", "items": "['x']", "n": 1}
    assert safe.edges["a", "b"]["weight"] == ""


def test_node_sizes() -> None:
    sizes = A.node_sizes({"a": 0.0, "b": 0.25, "c": 1.0}, smallest=10, largest=50)
    assert sizes == {"a": 10.0, "b": 30.0, "c": 50.0}
    assert A.node_sizes({"a": 0.2, "b": 0.2}) == {"a": 30.0, "b": 30.0}
    assert A.node_sizes({}) == {}
