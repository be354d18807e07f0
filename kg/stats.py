"""Counts that describe a store: what `kg stats` and `kg build`'s summary print."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from kg.store import KGStore


@dataclass
class StoreStats:
    triples: int = 0
    named_graphs: int = 0
    documents: int = 0
    sentences: int = 0
    actors: int = 0
    actors_by_type: dict[str, int] = field(default_factory=dict)
    concepts: int = 0
    events: int = 0
    events_by_relation: dict[str, int] = field(default_factory=dict)
    claims: int = 0
    claims_by_modality: dict[str, int] = field(default_factory=dict)
    top_actors: list[tuple[str, int]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _local(iri: object) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _count(store: KGStore, where: str) -> int:
    res = store.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")
    return int(res.rows[0][0]) if res.rows else 0


def _grouped(store: KGStore, where: str) -> dict[str, int]:
    res = store.query(
        f"SELECT ?k (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }} GROUP BY ?k ORDER BY DESC(?n) ?k"
    )
    return {_local(k): int(n) for k, n in res.rows}


def collect_stats(store: KGStore, top: int = 10) -> StoreStats:
    s = StoreStats()
    s.triples = store.count_triples()
    s.named_graphs = len(store.named_graphs())
    s.documents = _count(store, "?x a gk:Document . FILTER NOT EXISTS { ?x a gk:SourceArticle }")
    s.sentences = _count(store, "?x a gk:Sentence")
    s.actors = _count(store, "?x a gk:Actor")
    s.actors_by_type = _grouped(
        store,
        "VALUES ?k { gk:Person gk:State gk:Organization gk:Group gk:MediaOutlet } ?x a ?k . "
        "FILTER(?k != gk:Organization || NOT EXISTS { ?x a gk:MediaOutlet })",
    )
    s.concepts = _count(store, "?x a gk:Concept")
    s.events = _count(store, "?x a gk:Event")
    s.events_by_relation = _grouped(store, "?x a gk:Event ; gk:relation ?k")
    s.claims = _count(store, "?x a gk:Claim")
    s.claims_by_modality = _grouped(store, "?x a gk:Claim ; gk:modality ?k")
    res = store.query(
        "SELECT ?a (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?e) AS ?n) WHERE { "
        "{ ?e gk:agent ?a } UNION { ?e gk:target ?a } "
        "OPTIONAL { ?a rdfs:label ?l } } GROUP BY ?a ORDER BY DESC(?n) ?a LIMIT " + str(top)
    )
    s.top_actors = [(str(label) if label else _local(a), int(n)) for a, label, n in res.rows]
    return s


def format_stats(s: StoreStats) -> list[str]:
    def grouped(d: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in d.items()) or "-"

    return [
        f"triples: {s.triples} in {s.named_graphs} named graphs",
        f"documents: {s.documents}  sentences: {s.sentences}",
        f"actors: {s.actors} ({grouped(s.actors_by_type)})  concepts: {s.concepts}",
        f"events: {s.events} ({grouped(s.events_by_relation)})",
        f"claims: {s.claims} ({grouped(s.claims_by_modality)})",
        "most connected actors: "
        + (", ".join(f"{label} ({n})" for label, n in s.top_actors) or "-"),
    ]
