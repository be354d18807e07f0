"""Network analysis: networkx projections built from SPARQL results, and their measures.

Projections (nodes are IRI strings, attributes are GraphML-safe str/int/float/bool):

- :func:`actor_network` — ``nx.MultiDiGraph`` agent -> target, one edge per (relation,
  CAMEO code) with ``relation``, ``cameo``, ``quadclass``, ``goldstein``, ``count`` and
  ``weight`` (= count of distinct events); :func:`collapse` sums it into an ``nx.DiGraph``.
- :func:`actor_event_graph` — bipartite actors (``bipartite=0``) / events (``bipartite=1``),
  edges carry ``role`` (agent or target).
- :func:`claim_network` — claimant -> claim (``modality``) -> what the claim is about.

Only factual events count by default: not negated, mood Actual or Planned (the events that
also have a direct "truthy" triple). Goldstein values and QuadClasses come from the CAMEO
codebook through :mod:`kg.cameo`.

Measures are pure functions over graphs: :func:`degree_centrality`, :func:`pagerank`
(power iteration, no SciPy needed), :func:`betweenness` (exact below ``exact_limit`` nodes,
else ``k``-node sampling with a fixed seed), :func:`communities` (seeded Louvain),
:func:`quadclass_profiles` and :func:`goldstein_scores` over :class:`EventFact` lists.
:func:`analyze` runs them all; :func:`analysis_triples` / :func:`write_analysis` store
the results in graph ``id:analysis``; :func:`node_sizes` scales a measure for drawing.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.namespaces import GK, ID

if TYPE_CHECKING:
    from kg.store import KGStore

ANALYSIS_GRAPH = ID["analysis"]
FACTUAL_MOODS = frozenset({str(GK.Actual), str(GK.Planned)})
QUADCLASS_NAMES = {
    1: "verbal_cooperation",
    2: "material_cooperation",
    3: "verbal_conflict",
    4: "material_conflict",
}


@dataclass(frozen=True)
class EventFact:
    """One event statement node, flattened for analysis."""

    event: str
    relation: str  # local name, e.g. "threatens"
    cameo: str
    agents: tuple[str, ...]
    targets: tuple[str, ...]
    mood: str
    negated: bool
    quadclass: int
    goldstein: float

    @property
    def factual(self) -> bool:
        return not self.negated and self.mood in FACTUAL_MOODS


@dataclass
class ActorMeasures:
    actor: str
    label: str
    type: str
    degree: float = 0.0
    pagerank: float = 0.0
    betweenness: float = 0.0
    community: int = -1
    goldstein_out: float = 0.0
    goldstein_in: float = 0.0
    profile: dict[str, int] = field(default_factory=dict)

    @property
    def goldstein_score(self) -> float:
        """Goldstein values of the actor's events as agent plus those it received."""
        return self.goldstein_out + self.goldstein_in


@dataclass
class Analysis:
    actors: list[ActorMeasures]
    communities: list[list[str]]
    network: nx.MultiDiGraph
    betweenness_exact: bool

    def by_actor(self) -> dict[str, ActorMeasures]:
        return {m.actor: m for m in self.actors}


# --------------------------------------------------------------------------- SPARQL


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _codebook_values(code: str) -> tuple[int, float]:
    from kg import cameo

    try:
        entry = cameo.lookup(code)
    except (KeyError, ValueError):
        return 0, 0.0
    return entry.quadclass, float(entry.goldstein)


def fetch_events(store: KGStore) -> list[EventFact]:
    """Every event with its agents and targets, one SPARQL query, grouped in Python."""
    res = store.query(
        "SELECT ?event ?relation ?cameo ?mood ?negated ?agent ?target WHERE { "
        "?event gk:relation ?relation ; gk:cameoCode ?cameo ; gk:mood ?mood ; "
        "gk:negated ?negated . OPTIONAL { ?event gk:agent ?agent } "
        "OPTIONAL { ?event gk:target ?target } }"
    )
    base: dict[str, tuple[str, str, str, bool]] = {}
    agents: dict[str, set[str]] = defaultdict(set)
    targets: dict[str, set[str]] = defaultdict(set)
    for event, relation, code, mood, negated, agent, target in res.rows:
        e = str(event)
        negated_value = bool(negated.toPython()) if isinstance(negated, Literal) else False
        base[e] = (_local(str(relation)), str(code), str(mood), negated_value)
        if agent is not None:
            agents[e].add(str(agent))
        if target is not None:
            targets[e].add(str(target))
    facts = []
    for e in sorted(base):
        relation, code, mood, negated_value = base[e]
        quad, gold = _codebook_values(code)
        facts.append(
            EventFact(
                e,
                relation,
                code,
                tuple(sorted(agents[e])),
                tuple(sorted(targets[e])),
                mood,
                negated_value,
                quad,
                gold,
            )
        )
    return facts


def fetch_actors(store: KGStore) -> dict[str, dict[str, str]]:
    """Actor IRI -> node attributes: label (ja, else en), label_ja, label_en, type, wikidata.

    Three DISTINCT queries joined in Python: actor triples repeat in every document
    graph, so joining types, labels and links in the engine would multiply the copies.
    """
    types = store.query(
        "SELECT DISTINCT ?actor ?class WHERE { ?actor a ?class . "
        "FILTER(?class IN (gk:Actor, gk:Person, gk:State, gk:Organization, gk:Group, "
        "gk:MediaOutlet)) }"
    )
    rank = {"MediaOutlet": 0, "Person": 1, "State": 1, "Group": 1, "Organization": 2, "Actor": 3}
    out: dict[str, dict[str, str]] = {}
    for actor, cls in types.rows:
        attrs = out.setdefault(
            str(actor),
            {"label": "", "label_ja": "", "label_en": "", "type": "", "wikidata": ""},
        )
        name = _local(str(cls))
        if name != "Actor" and (not attrs["type"] or rank[name] < rank[attrs["type"]]):
            attrs["type"] = name
    labels = store.query(
        "SELECT DISTINCT ?actor ?label WHERE { ?actor rdfs:label ?label . "
        'FILTER(STRSTARTS(STR(?actor), "https://w3id.org/geopol-kg/id/actor/")) }'
    )
    for actor, label in labels.rows:
        attrs = out.get(str(actor))
        key = {"ja": "label_ja", "en": "label_en"}.get(getattr(label, "language", None) or "")
        if attrs is not None and key and (not attrs[key] or str(label) < attrs[key]):
            attrs[key] = str(label)
    links = store.query(
        "SELECT DISTINCT ?actor ?wd WHERE { ?actor owl:sameAs ?wd . "
        'FILTER(STRSTARTS(STR(?wd), "http://www.wikidata.org/entity/")) }'
    )
    for actor, wd in links.rows:
        attrs = out.get(str(actor))
        if attrs is not None and (not attrs["wikidata"] or str(wd) < attrs["wikidata"]):
            attrs["wikidata"] = str(wd)
    for iri, attrs in out.items():
        attrs["label"] = attrs["label_ja"] or attrs["label_en"] or _local(iri)
    return out


# --------------------------------------------------------------------------- projections


def actor_network(
    store: KGStore,
    *,
    factual_only: bool = True,
    events: Sequence[EventFact] | None = None,
) -> nx.MultiDiGraph:
    """Actors as nodes, one edge per (agent, target, relation, CAMEO code), counted."""
    facts = list(events) if events is not None else fetch_events(store)
    g = nx.MultiDiGraph()
    for iri, attrs in fetch_actors(store).items():
        g.add_node(iri, **attrs)
    for f in facts:
        if factual_only and not f.factual:
            continue
        for a in f.agents:
            for t in f.targets:
                if a == t:
                    continue
                for node in (a, t):
                    if node not in g:
                        g.add_node(
                            node, label=_local(node), label_ja="", label_en="", type="", wikidata=""
                        )
                key = f"{f.relation}:{f.cameo}"
                if g.has_edge(a, t, key):
                    data = g.edges[a, t, key]
                    data["count"] += 1
                    data["weight"] += 1.0
                    data["goldstein"] += f.goldstein
                else:
                    g.add_edge(
                        a,
                        t,
                        key=key,
                        relation=f.relation,
                        cameo=f.cameo,
                        quadclass=f.quadclass,
                        goldstein=f.goldstein,
                        count=1,
                        weight=1.0,
                    )
    return g


def collapse(multi: nx.MultiDiGraph) -> nx.DiGraph:
    """One edge per (agent, target): weight and goldstein summed, relations listed."""
    g = nx.DiGraph()
    g.add_nodes_from(multi.nodes(data=True))
    for a, t, data in multi.edges(data=True):
        if g.has_edge(a, t):
            e = g.edges[a, t]
            e["weight"] += data["weight"]
            e["count"] += data["count"]
            e["goldstein"] += data["goldstein"]
            e["relations"] = ";".join(sorted(set(e["relations"].split(";")) | {data["relation"]}))
            e["cameo"] = ";".join(sorted(set(e["cameo"].split(";")) | {data["cameo"]}))
        else:
            g.add_edge(
                a,
                t,
                weight=data["weight"],
                count=data["count"],
                goldstein=data["goldstein"],
                relations=data["relation"],
                cameo=data["cameo"],
                quadclass=data["quadclass"],
            )
    return g


def actor_event_graph(store: KGStore, *, factual_only: bool = False) -> nx.Graph:
    """Bipartite graph: actors (bipartite=0) and events (bipartite=1), role on the edges."""
    actors = fetch_actors(store)
    g = nx.Graph()
    for f in fetch_events(store):
        if factual_only and not f.factual:
            continue
        g.add_node(
            f.event,
            bipartite=1,
            kind="event",
            relation=f.relation,
            cameo=f.cameo,
            quadclass=f.quadclass,
            goldstein=f.goldstein,
            mood=_local(f.mood),
            negated=f.negated,
        )
        for role, members in (("agent", f.agents), ("target", f.targets)):
            for a in members:
                if a not in g:
                    label = actors.get(a, {}).get("label", _local(a))
                    g.add_node(a, bipartite=0, kind="actor", label=label)
                g.add_edge(a, f.event, role=role)
    return g


def claim_network(store: KGStore) -> nx.DiGraph:
    """Claimant -> claim (edge ``modality``) -> actors and events the claim is about."""
    res = store.query(
        "SELECT ?claim ?claimant ?modality ?about WHERE { ?claim gk:claimant ?claimant ; "
        "gk:modality ?modality . OPTIONAL { ?claim gk:about ?about } }"
    )
    actors = fetch_actors(store)
    g = nx.DiGraph()
    for claim, claimant, modality, about in res.rows:
        c, who, mod = str(claim), str(claimant), _local(str(modality))
        g.add_node(c, kind="claim", modality=mod, label=_local(c))
        for node in (who, str(about) if about is not None else None):
            if node is not None and node not in g:
                kind = "actor" if node in actors else "event"
                g.add_node(node, kind=kind, label=actors.get(node, {}).get("label", _local(node)))
        g.add_edge(who, c, relation="claims", modality=mod)
        if about is not None:
            g.add_edge(c, str(about), relation="about", modality=mod)
    return g


# --------------------------------------------------------------------------- measures


def degree_centrality(g: nx.Graph) -> dict[str, float]:
    """Degree (in + out, distinct neighbours) over n - 1."""
    simple = nx.Graph(g.to_undirected()) if g.is_directed() or g.is_multigraph() else g
    return nx.degree_centrality(simple) if len(simple) > 1 else dict.fromkeys(simple, 0.0)


def pagerank(
    g: nx.Graph,
    *,
    alpha: float = 0.85,
    weight: str = "weight",
    tol: float = 1e-12,
    max_iter: int = 500,
) -> dict[str, float]:
    """Weighted PageRank by power iteration; dangling nodes spread their rank evenly."""
    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    out_weight: dict[str, dict[str, float]] = {v: defaultdict(float) for v in nodes}
    for u, v, data in g.edges(data=True):
        out_weight[u][v] += float(data.get(weight, 1.0))
        if not g.is_directed():
            out_weight[v][u] += float(data.get(weight, 1.0))
    totals = {u: sum(w.values()) for u, w in out_weight.items()}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in nodes if totals[u] == 0) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u in nodes:
            if totals[u]:
                share = alpha * rank[u] / totals[u]
                for v, w in out_weight[u].items():
                    new[v] += share * w
        err = sum(abs(new[v] - rank[v]) for v in nodes)
        rank = new
        if err < n * tol:
            break
    return rank


def betweenness(
    g: nx.Graph, *, exact_limit: int = 500, k: int = 200, seed: int = 0
) -> tuple[dict[str, float], bool]:
    """Normalised betweenness of the simple directed graph; exact when small enough,
    else estimated from ``k`` seeded pivot nodes. Returns (values, exact)."""
    simple = nx.DiGraph(g) if g.is_multigraph() else g
    if len(simple) <= exact_limit:
        return nx.betweenness_centrality(simple, normalized=True), True
    return nx.betweenness_centrality(
        simple, k=min(k, len(simple)), normalized=True, seed=seed
    ), False


def communities(g: nx.Graph, *, seed: int = 0, resolution: float = 1.0) -> list[list[str]]:
    """Seeded Louvain communities of the undirected, weight-summed graph; largest first,
    ties broken by the smallest member, so numbering is stable."""
    und = nx.Graph()
    und.add_nodes_from(g)
    for u, v, data in g.edges(data=True):
        if u == v:
            continue
        w = float(data.get("weight", 1.0))
        if und.has_edge(u, v):
            und.edges[u, v]["weight"] += w
        else:
            und.add_edge(u, v, weight=w)
    if und.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(und, weight="weight", seed=seed, resolution=resolution)
    groups = [sorted(c) for c in found]
    return sorted(groups, key=lambda c: (-len(c), c[0]))


def quadclass_profiles(
    events: Iterable[EventFact], *, factual_only: bool = True
) -> dict[str, dict[str, int]]:
    """Per actor: distinct events by QuadClass and direction, e.g. ``verbal_conflict_out``."""
    profiles: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(profile_keys(), 0))
    for f in events:
        if (factual_only and not f.factual) or f.quadclass not in QUADCLASS_NAMES:
            continue
        name = QUADCLASS_NAMES[f.quadclass]
        for a in set(f.agents):
            profiles[a][f"{name}_out"] += 1
        for t in set(f.targets) - set(f.agents):
            profiles[t][f"{name}_in"] += 1
    return dict(profiles)


def profile_keys() -> list[str]:
    return [f"{name}_{d}" for name in QUADCLASS_NAMES.values() for d in ("out", "in")]


def goldstein_scores(
    events: Iterable[EventFact], *, factual_only: bool = True
) -> dict[str, tuple[float, float]]:
    """Per actor: (sum of Goldstein values of events it is agent of, of events aimed at it)."""
    out: dict[str, float] = defaultdict(float)
    received: dict[str, float] = defaultdict(float)
    for f in events:
        if factual_only and not f.factual:
            continue
        for a in set(f.agents):
            out[a] += f.goldstein
        for t in set(f.targets) - set(f.agents):
            received[t] += f.goldstein
    return {a: (round(out[a], 6), round(received[a], 6)) for a in set(out) | set(received)}


def analyze(
    store: KGStore,
    *,
    factual_only: bool = True,
    seed: int = 0,
    exact_limit: int = 500,
    k: int = 200,
) -> Analysis:
    """Every measure for every actor of the store."""
    events = fetch_events(store)
    multi = actor_network(store, factual_only=factual_only, events=events)
    simple = collapse(multi)
    deg = degree_centrality(simple)
    pr = pagerank(simple)
    btw, exact = betweenness(simple, exact_limit=exact_limit, k=k, seed=seed)
    groups = communities(simple, seed=seed)
    community_of = {node: i for i, group in enumerate(groups) for node in group}
    profiles = quadclass_profiles(events, factual_only=factual_only)
    gold = goldstein_scores(events, factual_only=factual_only)
    measures = []
    for node, data in simple.nodes(data=True):
        g_out, g_in = gold.get(node, (0.0, 0.0))
        measures.append(
            ActorMeasures(
                actor=node,
                label=data.get("label", _local(node)),
                type=data.get("type", ""),
                degree=deg.get(node, 0.0),
                pagerank=pr.get(node, 0.0),
                betweenness=btw.get(node, 0.0),
                community=community_of.get(node, -1),
                goldstein_out=g_out,
                goldstein_in=g_in,
                profile=profiles.get(node, dict.fromkeys(profile_keys(), 0)),
            )
        )
        for key, value in (
            ("degree", deg.get(node, 0.0)),
            ("pagerank", pr.get(node, 0.0)),
            ("betweenness", btw.get(node, 0.0)),
            ("community", community_of.get(node, -1)),
            ("goldstein_score", g_out + g_in),
        ):
            multi.nodes[node][key] = value
    measures.sort(key=lambda m: (-m.pagerank, m.actor))
    return Analysis(measures, groups, multi, exact)


def node_sizes(
    values: Mapping[str, float], *, smallest: float = 10.0, largest: float = 50.0
) -> dict[str, float]:
    """Scale a measure (e.g. ``pagerank(g)``) to drawing sizes, square-root so areas compare."""
    if not values:
        return {}
    lo, hi = min(values.values()), max(values.values())
    if math.isclose(lo, hi):
        return dict.fromkeys(values, (smallest + largest) / 2)
    span = math.sqrt(hi - lo)
    return {
        n: smallest + (largest - smallest) * math.sqrt(v - lo) / span for n, v in values.items()
    }


# --------------------------------------------------------------------------- writing back


def analysis_triples(analysis: Analysis) -> list[tuple[URIRef, URIRef, Literal]]:
    """The measures as triples on the actors (for graph ``id:analysis``)."""
    triples: list[tuple[URIRef, URIRef, Literal]] = []
    for m in analysis.actors:
        a = URIRef(m.actor)
        triples += [
            (a, GK.degreeCentrality, Literal(float(m.degree), datatype=XSD.double)),
            (a, GK.pageRank, Literal(float(m.pagerank), datatype=XSD.double)),
            (a, GK.betweenness, Literal(float(m.betweenness), datatype=XSD.double)),
            (a, GK.goldsteinScore, Literal(float(m.goldstein_score), datatype=XSD.double)),
        ]
        if m.community >= 0:
            triples.append((a, GK.community, Literal(m.community, datatype=XSD.integer)))
    return triples


def write_analysis(store: KGStore, analysis: Analysis) -> int:
    """Replace graph ``id:analysis`` atomically with the measures; returns the triple count."""
    triples = analysis_triples(analysis)
    store.replace_graphs({ANALYSIS_GRAPH: triples}, drop=[ANALYSIS_GRAPH])
    return len(triples)


# --------------------------------------------------------------------------- export


def graphml_safe(g: nx.Graph) -> nx.Graph:
    """A copy whose attribute values are str, int, float or bool (None -> "", others str)."""

    def clean(data: Mapping[str, Any]) -> dict[str, Any]:
        out = {}
        for key, value in data.items():
            if value is None:
                out[key] = ""
            elif isinstance(value, bool | int | float | str):
                out[key] = value
            else:
                out[key] = str(value)
        return out

    h = g.__class__()
    h.add_nodes_from((n, clean(d)) for n, d in g.nodes(data=True))
    if g.is_multigraph():
        h.add_edges_from((u, v, k, clean(d)) for u, v, k, d in g.edges(keys=True, data=True))
    else:
        h.add_edges_from((u, v, clean(d)) for u, v, d in g.edges(data=True))
    return h


def write_graphml(g: nx.Graph, path: Path) -> None:
    from kg.store import atomic_output

    with atomic_output(Path(path)) as fh:
        nx.write_graphml(graphml_safe(g), fh, encoding="utf-8")


def write_gexf(g: nx.Graph, path: Path) -> None:
    from kg.store import atomic_output

    with atomic_output(Path(path)) as fh:
        nx.write_gexf(graphml_safe(g), fh, encoding="utf-8")


EDGE_COLUMNS = [
    "source",
    "target",
    "source_label",
    "target_label",
    "relation",
    "cameo",
    "quadclass",
    "goldstein",
    "count",
]


def write_edge_csv(g: nx.MultiDiGraph, path: Path) -> None:
    """One row per (agent, target, relation, CAMEO code) edge."""
    from kg.store import atomic_output

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(EDGE_COLUMNS)
    for u, v, data in sorted(
        g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"], e[2]["cameo"])
    ):
        writer.writerow(
            [
                u,
                v,
                g.nodes[u].get("label", ""),
                g.nodes[v].get("label", ""),
                data["relation"],
                data["cameo"],
                data["quadclass"],
                round(data["goldstein"], 6),
                data["count"],
            ]
        )
    with atomic_output(Path(path)) as fh:
        fh.write(buf.getvalue().encode("utf-8"))


def measures_as_dict(m: ActorMeasures) -> dict[str, Any]:
    data = asdict(m)
    data["goldstein_score"] = m.goldstein_score
    return data
