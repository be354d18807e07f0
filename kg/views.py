"""Interactive network views that work offline: one self-contained HTML file per view.

The projection is built with SPARQL through the store (any backend), laid out in Python
(a particle-mesh force layout that stays fast at thousands of nodes) and rendered with
the vendored vis-network library inlined into the page, so opening the file makes no
network request at all. Article text is data, never markup: the graph goes into the page
as JSON in a ``<script type="application/json">`` block with ``<``, ``>``, ``&`` and the
JavaScript line separators escaped, and the page builds tooltips from DOM text nodes.
"""

from __future__ import annotations

import html
import json
import math
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from rdflib import Literal as RDFLiteral
from rdflib import URIRef
from rdflib.term import Node

from kg.errors import InputError, KGError, QueryError
from kg.namespaces import GK, ID, ONTOLOGY_GRAPH
from kg.store import KGStore, QueryResult, atomic_output

ViewKind = Literal["overview", "focus", "claims", "document", "query"]
VIEW_KINDS: tuple[str, ...] = ("overview", "focus", "claims", "document", "query")

ASSETS_DIR = Path(__file__).resolve().parent / "view_assets"

#: above this many nodes the page starts with physics off (positions come from Python)
PHYSICS_MAX_NODES = 150
#: default cap on the nodes of one view; the least central are left out (and listed)
DEFAULT_MAX_NODES = 2000
#: edge labels are drawn only when the view has at most this many edges
EDGE_LABEL_MAX_EDGES = 400
#: evidence sentences kept per aggregated edge (the count says how many there were)
EVIDENCE_PER_EDGE = 5
#: up to this many nodes the layout sums repulsion over all pairs; above, on an FFT grid
EXACT_REPULSION_MAX_NODES = 400
#: pixels of the median edge of a laid-out view
LAYOUT_SCALE = 150.0
#: at least this many pixels of room per node (dense views)
NODE_SPACING = 110.0

ACTOR_TYPES = ("Person", "State", "Organization", "MediaOutlet", "Group")

#: node kind -> (vis shape, colour). Shapes that scale with ``size`` only.
NODE_STYLE: dict[str, tuple[str, str]] = {
    "State": ("square", "#3b6fb6"),
    "Person": ("dot", "#e07b39"),
    "Organization": ("diamond", "#7a55b3"),
    "MediaOutlet": ("triangle", "#b5487f"),
    "Group": ("hexagon", "#2a9d8f"),
    "Concept": ("star", "#8d9440"),
    "Place": ("triangleDown", "#6b8e23"),
    "Event": ("dot", "#9aa3ad"),
    "Claim": ("box", "#f4e7b0"),
    "Document": ("database", "#c9d6e3"),
    "Resource": ("dot", "#a0a0a0"),
}

#: CAMEO QuadClass -> edge colour (0 = no CAMEO code)
QUAD_COLOURS: dict[int, str] = {
    1: "#3a9a52",
    2: "#1f6fb4",
    3: "#e08a12",
    4: "#d0312d",
    0: "#8a8f96",
}

#: claim modality (local name) -> (fill colour, dashed border)
MODALITY_STYLE: dict[str, tuple[str, bool]] = {
    "Assertion": ("#f4e7b0", False),
    "ReportedSpeech": ("#d9ecf7", False),
    "Evaluation": ("#f6d5c8", False),
    "Prescription": ("#dcefd2", False),
    "Speculation": ("#ece3f5", True),
    "Prediction": ("#e3e7f5", True),
}

STRINGS: dict[str, dict[str, str]] = {
    "ja": {
        "search": "ノードを検索",
        "search_go": "検索",
        "not_found": "見つかりません",
        "node_types": "ノードの種類",
        "relations": "関係",
        "legend": "凡例",
        "quad1": "言語的協力",
        "quad2": "物質的協力",
        "quad3": "言語的対立",
        "quad4": "物質的対立",
        "quad0": "CAMEOコードなし",
        "dashed": "破線: 否定・仮定・条件・要請など",
        "modalities": "主張のモダリティ",
        "details": "詳細",
        "details_hint": "ノードや辺をクリックすると詳細が表示されます。",
        "nodes": "ノード",
        "edges": "辺",
        "all": "すべて",
        "none": "なし",
        "evidence": "根拠",
        "more": "件の根拠のうち最初の",
        "Person": "人物",
        "State": "国家",
        "Organization": "組織",
        "MediaOutlet": "メディア",
        "Group": "集団",
        "Concept": "概念",
        "Place": "場所",
        "Event": "出来事",
        "Claim": "主張",
        "Document": "記事",
        "Resource": "その他",
        "type": "種類",
        "labels": "ラベル",
        "relation": "関係",
        "cameo": "CAMEOコード",
        "quad": "QuadClass",
        "date": "日付",
        "count": "件数",
        "centrality": "次数中心性",
        "modality": "モダリティ",
        "attribution": "帰属",
        "speech_act": "発話行為",
        "mood": "叙法",
        "negated": "否定",
        "document": "記事",
        "claimant": "主張者",
        "about": "対象",
        "agent": "行為者",
        "target": "対象",
        "object": "目的物",
        "claims": "主張する",
        "mentions": "言及",
        "overview": "全体ネットワーク",
        "focus": "エゴネットワーク",
        "claims_view": "主張ネットワーク",
        "document_view": "記事ネットワーク",
        "query": "クエリ結果",
        "physics": "物理シミュレーション",
        "fit": "全体表示",
    },
    "en": {
        "search": "Search nodes",
        "search_go": "Find",
        "not_found": "not found",
        "node_types": "Node types",
        "relations": "Relations",
        "legend": "Legend",
        "quad1": "verbal cooperation",
        "quad2": "material cooperation",
        "quad3": "verbal conflict",
        "quad4": "material conflict",
        "quad0": "no CAMEO code",
        "dashed": "dashed: negated, hypothetical, conditional or requested",
        "modalities": "Claim modality",
        "details": "Details",
        "details_hint": "Click a node or an edge to see its details here.",
        "nodes": "nodes",
        "edges": "edges",
        "all": "all",
        "none": "none",
        "evidence": "Evidence",
        "more": "evidence sentences; showing the first",
        "Person": "Person",
        "State": "State",
        "Organization": "Organization",
        "MediaOutlet": "Media outlet",
        "Group": "Group",
        "Concept": "Concept",
        "Place": "Place",
        "Event": "Event",
        "Claim": "Claim",
        "Document": "Document",
        "Resource": "Other",
        "type": "type",
        "labels": "labels",
        "relation": "relation",
        "cameo": "CAMEO code",
        "quad": "QuadClass",
        "date": "date",
        "count": "count",
        "centrality": "degree centrality",
        "modality": "modality",
        "attribution": "attribution",
        "speech_act": "speech act",
        "mood": "mood",
        "negated": "negated",
        "document": "document",
        "claimant": "claimant",
        "about": "about",
        "agent": "agent",
        "target": "target",
        "object": "object",
        "claims": "claims",
        "mentions": "mentions",
        "overview": "Overview network",
        "focus": "Ego network",
        "claims_view": "Claims network",
        "document_view": "Document network",
        "query": "Query result",
        "physics": "physics",
        "fit": "fit",
    },
}

_TYPE_IRIS = {str(GK[name]): name for name in (*ACTOR_TYPES, "Concept", "Place", "Event", "Claim")}
_TYPE_IRIS[str(GK.Document)] = "Document"
_TYPE_IRIS[str(GK.SourceArticle)] = "Document"
#: the most specific kind wins when a resource has several types
_KIND_RANK = {
    k: i
    for i, k in enumerate(
        (
            "MediaOutlet",
            "Person",
            "State",
            "Group",
            "Organization",
            "Concept",
            "Place",
            "Event",
            "Claim",
            "Document",
        )
    )
}
_SAFE_SCHEMES = ("http://", "https://")
_NOT_ASSERTED_MOODS = {"Conditional", "Hypothetical", "Requested"}


# --------------------------------------------------------------------------- data model


@dataclass
class Evidence:
    """One sentence a node or edge comes from, with its article."""

    text: str
    document: str | None = None
    url: str | None = None


@dataclass
class ViewNode:
    id: str
    label: str
    kind: str
    names: list[str] = field(default_factory=list)  # every label, for search and tooltip
    rows: list[tuple[str, str]] = field(default_factory=list)  # tooltip key/value lines
    text: str | None = None  # a claim's proposition
    evidence: list[Evidence] = field(default_factory=list)
    modality: str | None = None  # claims only: local name of the gk:Modality
    focus: bool = False
    centrality: float = 0.0
    size: float = 14.0
    x: float | None = None
    y: float | None = None


@dataclass
class ViewEdge:
    source: str
    target: str
    relation: str  # relation IRI or role name (agent, target, claims, about ...)
    label: str
    quad: int = 0
    cameo: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    count: int = 1
    asserted: bool = True
    rows: list[tuple[str, str]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    arrows: bool = True


@dataclass
class ViewGraph:
    """What one page shows: nodes, edges, and notes on what was left out."""

    kind: str
    title: str
    lang: str
    nodes: list[ViewNode] = field(default_factory=list)
    edges: list[ViewEdge] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    physics: bool | None = None  # None: on for small views only


# --------------------------------------------------------------------------- helpers


def _s(term: Node | None) -> str | None:
    return None if term is None else str(term)


def _local(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            iri = iri.rsplit(sep, 1)[1] or iri
    return iri


def _safe_url(url: str | None) -> str | None:
    if url and url.strip().lower().startswith(_SAFE_SCHEMES):
        return url.strip()
    return None


def _quad_of(code: str | None) -> int:
    if not code:
        return 0
    try:
        from kg.cameo import quad_class

        return int(quad_class(code))
    except (KGError, KeyError, ValueError, ImportError):
        return _ROOT_QUAD.get(code[:2], 0)


#: GDELT's QuadClass by CAMEO root (the codebook's own values), used when a code is unknown
_ROOT_QUAD = {
    f"{r:02d}": (1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4) for r in range(1, 21)
}


def _values(var: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{var} {{ " + " ".join(URIRef(i).n3() for i in iris) + " }"


def _chunks(items: Sequence[str], size: int = 800) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _truncate(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


class Vocabulary:
    """Labels (ja/en) of ontology terms: relations, modalities, moods, classes."""

    def __init__(self, labels: dict[str, dict[str, str]], relations: set[str]) -> None:
        self.labels = labels
        self.relations = relations

    def label(self, iri: str, lang: str) -> str:
        by_lang = self.labels.get(iri, {})
        return by_lang.get(lang) or by_lang.get("en") or by_lang.get("") or _local(iri)


_VOCAB_PATTERN = """
  ?x rdfs:label ?label
  OPTIONAL { ?x rdfs:subPropertyOf ?rel FILTER(?rel = gk:relatesTo) }
"""
#: the ontology graph of a store, and the ontology file loaded on its own
_VOCAB_QUERY = (
    f"SELECT ?x ?label ?rel WHERE {{ GRAPH {ONTOLOGY_GRAPH.n3()} {{ {_VOCAB_PATTERN} }} }}"
)
_FILE_VOCAB_QUERY = f"SELECT ?x ?label ?rel WHERE {{ {_VOCAB_PATTERN} }}"


def _vocab_from(result: QueryResult) -> Vocabulary:
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    relations: set[str] = set()
    for x, label, rel in result.rows:
        if not isinstance(x, URIRef) or not isinstance(label, RDFLiteral):
            continue
        labels[str(x)].setdefault(label.language or "", str(label))
        if rel is not None:
            relations.add(str(x))
    return Vocabulary(dict(labels), relations)


@lru_cache(maxsize=2)
def _file_vocabulary(path: str) -> Vocabulary:
    from kg.store import OxigraphStore

    store = OxigraphStore(None)
    try:
        store.import_file(Path(path), "turtle")
        res = store.query(_FILE_VOCAB_QUERY)
    finally:
        store.close()
    return _vocab_from(res)


def load_vocabulary(store: KGStore) -> Vocabulary:
    """Ontology labels from the store's ontology graph, else from the shipped ontology file."""
    res = store.query(_VOCAB_QUERY)
    vocab = _vocab_from(res)
    if vocab.relations:
        return vocab
    from kg.paths import ONTOLOGY_FILE

    if ONTOLOGY_FILE.exists():
        return _file_vocabulary(str(ONTOLOGY_FILE))
    return vocab


@dataclass
class _Resource:
    kind: str = "Resource"
    labels: dict[str, str] = field(default_factory=dict)
    alt: list[str] = field(default_factory=list)


_DESCRIBE_QUERY = """
SELECT ?x ?t ?label ?alt WHERE {
  %s
  { ?x a ?t } UNION { ?x rdfs:label ?label } UNION { ?x skos:altLabel ?alt }
}"""


def describe(store: KGStore, iris: Iterable[str]) -> dict[str, _Resource]:
    """Kind and labels of each resource, in a few bulk queries (chunks of VALUES)."""
    wanted = sorted({i for i in iris if i})
    out: dict[str, _Resource] = {i: _Resource() for i in wanted}
    for chunk in _chunks(wanted):
        res = store.query(_DESCRIBE_QUERY % _values("x", chunk))
        for x, t, label, alt in res.rows:
            r = out.get(str(x))
            if r is None:
                continue
            if t is not None:
                kind = _TYPE_IRIS.get(str(t))
                if kind and _KIND_RANK[kind] < _KIND_RANK.get(r.kind, 99):
                    r.kind = kind
            if isinstance(label, RDFLiteral):
                r.labels.setdefault(label.language or "", str(label))
            if isinstance(alt, RDFLiteral) and str(alt) not in r.alt:
                r.alt.append(str(alt))
    return out


def _label(iri: str, res: _Resource | None, lang: str) -> str:
    if res is None or not res.labels:
        return _local(iri)
    other = "en" if lang == "ja" else "ja"
    return res.labels.get(lang) or res.labels.get(other) or next(iter(res.labels.values()))


# --------------------------------------------------------------------------- event projection


@dataclass
class _EventRow:
    iri: str
    relation: str
    code: str | None
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)
    date: str | None = None
    negated: bool = False
    mood: str | None = None
    trigger: str | None = None
    sentence: str | None = None
    document: str | None = None
    title: str | None = None
    url: str | None = None

    @property
    def asserted(self) -> bool:
        return not self.negated and (
            self.mood is None or _local(self.mood) not in _NOT_ASSERTED_MOODS
        )

    def evidence(self) -> Evidence | None:
        if not self.sentence:
            return None
        return Evidence(self.sentence, self.title, _safe_url(self.url))


#: four simple queries rather than one with nested OPTIONALs: Oxigraph runs each in
#: linear time (the single query took 35 s for 5,000 events, these take about 1.5 s)
_EVENT_ROLES_QUERY = """
SELECT ?e ?rel ?role ?x WHERE {
  %s
  ?e a gk:Event ; gk:relation ?rel .
  { ?e gk:agent ?x BIND("agent" AS ?role) }
  UNION { ?e gk:target ?x BIND("target" AS ?role) }
  UNION { ?e gk:object ?x BIND("object" AS ?role) }
}"""
_EVENT_ATTRS_QUERY = """
SELECT ?e ?code ?date ?negated ?mood ?trigger ?s ?doc WHERE {
  %s
  ?e a gk:Event .
  OPTIONAL { ?e gk:cameoCode ?code }
  OPTIONAL { ?e gk:date ?date }
  OPTIONAL { ?e gk:negated ?negated }
  OPTIONAL { ?e gk:mood ?mood }
  OPTIONAL { ?e gk:trigger ?trigger }
  OPTIONAL { ?e prov:wasDerivedFrom ?s }
  OPTIONAL { ?e gk:inDocument ?doc }
}"""
_EVENT_TEXTS_QUERY = """
SELECT DISTINCT ?s ?text WHERE {
  %s
  ?e a gk:Event ; prov:wasDerivedFrom ?s . ?s gk:text ?text
}"""
_DOCUMENTS_QUERY = """
SELECT ?doc ?title ?url WHERE {
  ?doc a gk:Document .
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc gk:basedOn ?src . ?src schema:url ?url }
}"""


def _event_queries(
    store: KGStore, template: str, document: str | None, events: Sequence[str] | None
) -> list[tuple[Node | None, ...]]:
    if events is not None:
        rows: list[tuple[Node | None, ...]] = []
        for chunk in _chunks(events):
            rows += store.query(template % _values("e", chunk)).rows
        return rows
    if document is not None:
        return store.query(template % "?e gk:inDocument ?d .", {"d": URIRef(document)}).rows
    return store.query(template % "").rows


def documents_info(store: KGStore) -> dict[str, tuple[str | None, str | None]]:
    """Title and (http/https only) source link of every document."""
    out: dict[str, tuple[str | None, str | None]] = {}
    for doc, title, url in store.query(_DOCUMENTS_QUERY).rows:
        old_title, old_url = out.get(str(doc), (None, None))
        out[str(doc)] = (old_title or _s(title), old_url or _safe_url(_s(url)))
    return out


def fetch_events(
    store: KGStore, *, document: str | None = None, events: Iterable[str] | None = None
) -> dict[str, _EventRow]:
    """Every event statement node (or those of one document / those listed), by IRI."""
    wanted = sorted(set(events)) if events is not None else None
    out: dict[str, _EventRow] = {}
    for e, rel, role, x in _event_queries(store, _EVENT_ROLES_QUERY, document, wanted):
        key = str(e)
        ev = out.get(key)
        if ev is None:
            ev = out[key] = _EventRow(key, str(rel), None)
        if x is None or isinstance(x, RDFLiteral):
            continue
        bucket = {"agent": ev.agents, "target": ev.targets, "object": ev.objects}[str(role)]
        if str(x) not in bucket:
            bucket.append(str(x))
    if not out:
        return out
    sentences: dict[str, str] = {}
    for e, code, date, negated, mood, trigger, sent, doc in _event_queries(
        store, _EVENT_ATTRS_QUERY, document, wanted
    ):
        ev = out.get(str(e))
        if ev is None:
            continue
        ev.code = ev.code or _s(code)
        ev.date = ev.date or _s(date)
        if isinstance(negated, RDFLiteral):
            ev.negated = ev.negated or bool(negated.toPython())
        ev.mood = ev.mood or _s(mood)
        ev.trigger = ev.trigger or _s(trigger)
        ev.document = ev.document or _s(doc)
        if sent is not None:
            sentences[ev.iri] = str(sent)
    texts = {
        str(s): str(t)
        for s, t in _event_queries(store, _EVENT_TEXTS_QUERY, document, wanted)
        if t is not None
    }
    docs = documents_info(store)
    for ev in out.values():
        ev.sentence = texts.get(sentences.get(ev.iri, ""))
        if ev.document in docs:
            ev.title, ev.url = docs[ev.document]
    return out


def _relation_edges(events: Iterable[_EventRow], vocab: Vocabulary, lang: str) -> list[ViewEdge]:
    """Agent -> target/object edges, one per (agent, relation, target, asserted)."""
    grouped: dict[tuple[str, str, str, bool], ViewEdge] = {}
    for ev in sorted(events, key=lambda e: e.iri):
        for agent in ev.agents:
            for other in [*ev.targets, *ev.objects]:
                if other == agent:
                    continue
                key = (agent, ev.relation, other, ev.asserted)
                edge = grouped.get(key)
                if edge is None:
                    edge = grouped[key] = ViewEdge(
                        agent,
                        other,
                        ev.relation,
                        vocab.label(ev.relation, lang),
                        quad=_quad_of(ev.code),
                        asserted=ev.asserted,
                        count=0,
                    )
                edge.count += 1
                if ev.code and ev.code not in edge.cameo:
                    edge.cameo.append(ev.code)
                if ev.date and ev.date not in edge.dates:
                    edge.dates.append(ev.date)
                evidence = ev.evidence()
                if evidence and len(edge.evidence) < EVIDENCE_PER_EDGE:
                    edge.evidence.append(evidence)
    return list(grouped.values())


# --------------------------------------------------------------------------- views


def _node(iri: str, res: _Resource | None, lang: str, kind: str | None = None) -> ViewNode:
    names = []
    if res is not None:
        names = list(dict.fromkeys([*res.labels.values(), *res.alt]))
    return ViewNode(iri, _label(iri, res, lang), kind or (res.kind if res else "Resource"), names)


def _nodes_for(store: KGStore, iris: Iterable[str], lang: str) -> dict[str, ViewNode]:
    described = describe(store, iris)
    return {iri: _node(iri, res, lang) for iri, res in described.items()}


def overview_graph(
    store: KGStore,
    *,
    lang: str = "ja",
    vocab: Vocabulary | None = None,
    events: dict[str, _EventRow] | None = None,
) -> ViewGraph:
    """Actors and concepts linked by what they did to each other, with the evidence."""
    vocab = vocab or load_vocabulary(store)
    events = fetch_events(store) if events is None else events
    edges = _relation_edges(events.values(), vocab, lang)
    nodes = _nodes_for(store, (i for e in edges for i in (e.source, e.target)), lang)
    graph = ViewGraph("overview", STRINGS[lang]["overview"], lang, list(nodes.values()), edges)
    isolated = store.query("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a gk:Actor }").rows
    total_actors = int(isolated[0][0]) if isolated and isolated[0][0] is not None else 0
    shown = sum(1 for n in graph.nodes if n.kind in ACTOR_TYPES)
    if total_actors > shown:
        graph.notes.append(
            f"{total_actors - shown} actors without events are not shown"
            if lang == "en"
            else f"出来事のない行為者 {total_actors - shown} 件は表示していません"
        )
    return graph


def resolve_actor(store: KGStore, name: str) -> str:
    """An actor's (or concept's) IRI from any of its labels, its key, Wikidata id or IRI;
    the same resolution as ``kg query`` parameters (kg.queries.resolve_entity)."""
    from kg.queries import resolve_entity

    return str(resolve_entity(store, name, "entity", param="focus"))


def focus_graph(store: KGStore, actor: str, *, hops: int = 2, lang: str = "ja") -> ViewGraph:
    """The ego network of one actor: everything within ``hops`` relations of it."""
    if hops < 1:
        raise InputError("--hops must be 1 or more")
    center = resolve_actor(store, actor)
    full = overview_graph(store, lang=lang)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for e in full.edges:
        neighbours[e.source].add(e.target)
        neighbours[e.target].add(e.source)
    keep, frontier = {center}, {center}
    for _ in range(hops):
        frontier = {m for f in frontier for m in neighbours[f]} - keep
        keep |= frontier
    nodes = [n for n in full.nodes if n.id in keep]
    if not any(n.id == center for n in nodes):
        nodes.append(_nodes_for(store, [center], lang)[center])
    for n in nodes:
        n.focus = n.id == center
    edges = [e for e in full.edges if e.source in keep and e.target in keep]
    label = next(n.label for n in nodes if n.focus)
    title = f"{STRINGS[lang]['focus']}: {label} ({hops} hop{'s' if hops > 1 else ''})"
    return ViewGraph("focus", title, lang, nodes, edges)


_CLAIMS_QUERY = """
SELECT ?c ?claimant ?modality ?text ?attr ?speech ?about ?sent ?doc ?title ?url WHERE {
  %s
  ?c a gk:Claim ; gk:claimant ?claimant .
  OPTIONAL { ?c gk:modality ?modality }
  OPTIONAL { ?c gk:text ?text }
  OPTIONAL { ?c gk:attribution ?attr }
  OPTIONAL { ?c gk:speechAct ?speech }
  OPTIONAL { ?c gk:about ?about }
  OPTIONAL { ?c prov:wasDerivedFrom ?s . ?s gk:text ?sent }
  OPTIONAL { ?c gk:inDocument ?doc .
    OPTIONAL { ?doc dcterms:title ?title }
    OPTIONAL { ?doc gk:basedOn ?src . ?src schema:url ?url } }
}"""


def _event_label(ev: _EventRow, nodes: dict[str, ViewNode], vocab: Vocabulary, lang: str) -> str:
    def names(iris: list[str]) -> str:
        return "・".join(nodes[i].label if i in nodes else _local(i) for i in iris)

    parts = [names(ev.agents), vocab.label(ev.relation, lang), names([*ev.targets, *ev.objects])]
    return _truncate(" ".join(p for p in parts if p), 40)


def _event_node(
    ev: _EventRow, nodes: dict[str, ViewNode], vocab: Vocabulary, lang: str
) -> ViewNode:
    t = STRINGS[lang]
    node = ViewNode(ev.iri, _event_label(ev, nodes, vocab, lang), "Event")
    node.rows = [(t["relation"], vocab.label(ev.relation, lang))]
    if ev.code:
        quad = _quad_of(ev.code)
        node.rows.append((t["cameo"], ev.code))
        node.rows.append((t["quad"], f"{quad} {t[f'quad{quad}']}"))
    if ev.date:
        node.rows.append((t["date"], ev.date))
    if ev.mood:
        node.rows.append((t["mood"], vocab.label(ev.mood, lang)))
    if ev.negated:
        node.rows.append((t["negated"], "✓"))
    if ev.trigger:
        node.rows.append(("trigger", ev.trigger))
    evidence = ev.evidence()
    node.evidence = [evidence] if evidence else []
    return node


def _claim_parts(
    store: KGStore, vocab: Vocabulary, lang: str, rows: list[tuple[Node | None, ...]]
) -> tuple[dict[str, ViewNode], list[ViewEdge]]:
    t = STRINGS[lang]
    claims: dict[str, dict[str, Any]] = {}
    for c, claimant, modality, text, attr, speech, about, sent, _doc, title, url in rows:
        rec = claims.setdefault(str(c), {"about": [], "claimant": str(claimant)})
        for name, val in (
            ("modality", modality),
            ("text", text),
            ("attr", attr),
            ("speech", speech),
            ("sent", sent),
            ("title", title),
            ("url", url),
        ):
            if val is not None and name not in rec:
                rec[name] = str(val)
        if about is not None and str(about) not in rec["about"]:
            rec["about"].append(str(about))
    about_iris = {a for rec in claims.values() for a in rec["about"]}
    events = fetch_events(store, events=about_iris)
    actor_iris = {rec["claimant"] for rec in claims.values()}
    actor_iris |= {a for a in about_iris if a not in events}
    actor_iris |= {i for ev in events.values() for i in (*ev.agents, *ev.targets, *ev.objects)}
    described = describe(store, actor_iris)
    labels = {i: _node(i, r, lang) for i, r in described.items()}
    nodes: dict[str, ViewNode] = {}
    edges: list[ViewEdge] = []
    for iri, rec in sorted(claims.items()):
        modality = _local(rec.get("modality", "Assertion"))
        text = rec.get("text") or rec.get("sent") or ""
        node = ViewNode(
            iri, _truncate(text, 24) or _local(iri), "Claim", text=text, modality=modality
        )
        node.rows = [
            (t["claimant"], labels[rec["claimant"]].label),
            (t["modality"], vocab.label(str(GK[modality]), lang)),
        ]
        if "attr" in rec:
            node.rows.append((t["attribution"], rec["attr"]))
        if "speech" in rec:
            node.rows.append((t["speech_act"], rec["speech"]))
        if rec.get("sent"):
            node.evidence = [Evidence(rec["sent"], rec.get("title"), _safe_url(rec.get("url")))]
        nodes[iri] = node
        nodes.setdefault(rec["claimant"], labels[rec["claimant"]])
        edges.append(ViewEdge(rec["claimant"], iri, "claims", t["claims"]))
        for about in rec["about"]:
            if about in events:
                nodes.setdefault(about, _event_node(events[about], labels, vocab, lang))
            elif about in labels:
                nodes.setdefault(about, labels[about])
            edges.append(ViewEdge(iri, about, "about", t["about"]))
    return nodes, edges


def claims_graph(store: KGStore, *, lang: str = "ja") -> ViewGraph:
    """Who claims what, with which certainty, about which events and actors."""
    vocab = load_vocabulary(store)
    rows = store.query(_CLAIMS_QUERY % "").rows
    nodes, edges = _claim_parts(store, vocab, lang, rows)
    return ViewGraph("claims", STRINGS[lang]["claims_view"], lang, list(nodes.values()), edges)


def resolve_document(store: KGStore, spec: str) -> tuple[str, str]:
    """A document's IRI and title from its IRI, key or (part of its) title."""
    rows = store.query(
        "SELECT ?d ?title WHERE { ?d a gk:Document . FILTER NOT EXISTS { ?d a gk:SourceArticle }"
        " OPTIONAL { ?d dcterms:title ?title } }"
    ).rows
    docs = {str(d): str(title) if title is not None else _local(str(d)) for d, title in rows}
    spec = spec.strip()
    if spec in docs:
        return spec, docs[spec]
    by_key = str(ID[f"doc/{spec}"])
    if by_key in docs:
        return by_key, docs[by_key]
    exact = [d for d, t in docs.items() if t == spec]
    matches = exact or [d for d, t in docs.items() if spec and spec.lower() in t.lower()]
    if len(matches) == 1:
        return matches[0], docs[matches[0]]
    if not docs:
        raise InputError("the store holds no documents; ingest some articles first")
    if matches:
        listed = "; ".join(_truncate(docs[d], 40) for d in sorted(matches)[:5])
        raise InputError(f"{spec!r} matches {len(matches)} documents: {listed}")
    raise InputError(f"no document matching {spec!r}; the store holds {len(docs)} document(s)")


def document_graph(store: KGStore, document: str, *, lang: str = "ja") -> ViewGraph:
    """One article: the actors it mentions, its events (as nodes) and its claims."""
    doc_iri, title = resolve_document(store, document)
    vocab = load_vocabulary(store)
    t = STRINGS[lang]
    events = fetch_events(store, document=doc_iri)
    mentioned = store.query(
        "SELECT DISTINCT ?a WHERE { ?s dcterms:isPartOf ?d ; gk:mentions ?a . ?a a gk:Actor }",
        {"d": URIRef(doc_iri)},
    ).rows
    iris = {str(r[0]) for r in mentioned}
    iris |= {i for ev in events.values() for i in (*ev.agents, *ev.targets, *ev.objects)}
    nodes = _nodes_for(store, iris, lang)
    edges: list[ViewEdge] = []
    for ev in sorted(events.values(), key=lambda e: e.iri):
        node = _event_node(ev, nodes, vocab, lang)
        quad = _quad_of(ev.code)
        for role, members in (("agent", ev.agents), ("target", ev.targets), ("object", ev.objects)):
            for m in members:
                src, dst = (m, ev.iri) if role == "agent" else (ev.iri, m)
                edges.append(ViewEdge(src, dst, role, t[role], quad=quad, asserted=ev.asserted))
        nodes[ev.iri] = node
    claim_rows = store.query(_CLAIMS_QUERY % "?c gk:inDocument ?d .", {"d": URIRef(doc_iri)}).rows
    claim_nodes, claim_edges = _claim_parts(store, vocab, lang, claim_rows)
    for iri, node in claim_nodes.items():
        nodes.setdefault(iri, node)
    edges += claim_edges
    graph_title = f"{t['document_view']}: {title}"
    return ViewGraph("document", graph_title, lang, list(nodes.values()), edges)


def run_view_query(store: KGStore, spec: str, params: dict[str, str] | None = None) -> QueryResult:
    """Run a library query (by name) or a .rq file, with its parameters bound (kg.queries)."""
    from kg.queries import get_query, load_query_file, run_query

    path = Path(spec)
    if path.suffix.lower() in (".rq", ".sparql") or path.is_file():
        query = load_query_file(path)
    else:
        query = get_query(spec)
    return run_query(store, query, params or {})


def query_graph(
    store: KGStore, query: str, *, params: dict[str, str] | None = None, lang: str = "ja"
) -> ViewGraph:
    """A CONSTRUCT result, or a SELECT with ?source ?relation ?target columns, as a network."""
    res = run_view_query(store, query, params)
    vocab = load_vocabulary(store)
    triples: list[tuple[str, str, str]] = []
    literals: dict[str, list[tuple[str, str]]] = defaultdict(list)
    if res.kind == "construct":
        for s, p, o in res.triples:
            if isinstance(o, RDFLiteral):
                literals[str(s)].append((vocab.label(str(p), lang), str(o)))
            else:
                triples.append((str(s), str(p), str(o)))
    elif res.kind == "select":
        cols = set(res.variables)
        if not {"source", "target"} <= cols:
            raise QueryError(
                "a SELECT query for `kg view` needs ?source and ?target columns (and ?relation)"
            )
        for row in res.dicts():
            s, o, p = row.get("source"), row.get("target"), row.get("relation")
            if s is None or o is None:
                continue
            triples.append((str(s), str(p) if p is not None else "related", str(o)))
    else:
        raise QueryError("`kg view --query` needs a CONSTRUCT or a SELECT query, not ASK")
    iris = {x for s, _p, o in triples for x in (s, o)} | set(literals)
    described = describe(store, [i for i in iris if i.startswith(("http", "urn"))])
    nodes = {i: _node(i, described.get(i), lang) for i in iris}
    for iri, rows in literals.items():
        nodes[iri].rows.extend(rows[:12])
    counts = Counter(triples)
    edges = [
        ViewEdge(
            s,
            o,
            p,
            vocab.label(p, lang) if p.startswith("http") else p,
            count=n,
            quad=_quad_of(next(iter(sorted(_relation_codes(p))), None)),
        )
        for (s, p, o), n in counts.items()
    ]
    return ViewGraph(
        "query", f"{STRINGS[lang]['query']}: {query}", lang, list(nodes.values()), edges
    )


def _relation_codes(relation_iri: str) -> set[str]:
    """The CAMEO annotation of a relation property (kg.lexicon's table, from MODEL.md);
    colours query views whose edges come without events."""
    from kg.lexicon import RELATIONS

    code = RELATIONS.get(_local(relation_iri))
    return {code} if code else set()


# --------------------------------------------------------------------------- sizing, capping


def apply_centrality(graph: ViewGraph) -> None:
    """Degree centrality (kg.analysis) of each node on the view's own graph; size follows."""
    import networkx as nx

    from kg.analysis import degree_centrality

    g = nx.MultiDiGraph()
    g.add_nodes_from(node.id for node in graph.nodes)
    g.add_edges_from((e.source, e.target) for e in graph.edges if e.source != e.target)
    scores = degree_centrality(g)
    top = max(scores.values(), default=0.0) or 1.0
    for node in graph.nodes:
        node.centrality = float(scores.get(node.id, 0.0))
        node.size = 10.0 + 22.0 * math.sqrt(node.centrality / top)


def cap_nodes(graph: ViewGraph, max_nodes: int) -> None:
    """Keep the ``max_nodes`` most central nodes and say in the page what was left out."""
    if max_nodes <= 0 or len(graph.nodes) <= max_nodes:
        return
    ranked = sorted(graph.nodes, key=lambda n: (not n.focus, -n.centrality, n.label))
    keep, dropped = ranked[:max_nodes], ranked[max_nodes:]
    kept = {n.id for n in keep}
    edges = [e for e in graph.edges if e.source in kept and e.target in kept]
    lost_edges = len(graph.edges) - len(edges)
    names = ", ".join(n.label for n in dropped[:10])
    if graph.lang == "ja":
        note = (
            f"中心性の低いノード {len(dropped)} 件と辺 {lost_edges} 件を省略しました"
            f"（--max-nodes {max_nodes}）。省略した例: {names}"
        )
    else:
        note = (
            f"{len(dropped)} least central nodes and {lost_edges} edges left out "
            f"(--max-nodes {max_nodes}); e.g. {names}"
        )
    graph.nodes, graph.edges = keep, edges
    graph.notes.append(note)


# --------------------------------------------------------------------------- layout


def force_layout(
    n: int,
    sources: Sequence[int],
    targets: Sequence[int],
    *,
    iterations: int | None = None,
    seed: int = 7,
) -> Any:
    """Positions for ``n`` nodes: a force-directed layout whose repulsion is computed on a
    grid with FFT (particle-mesh), so one iteration costs O(n + m + G² log G) instead of
    O(n²); attraction is linear along edges, gravity keeps components together.
    Returns an ``(n, 2)`` numpy array, in units of the ideal edge length."""
    import numpy as np

    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    rng = np.random.default_rng(seed)
    src = np.asarray(sources, dtype=np.int64)
    dst = np.asarray(targets, dtype=np.int64)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    mass = np.bincount(np.concatenate([src, dst]), minlength=n).astype(float) + 1.0
    iterations = iterations or (300 if n <= 200 else 160 if n <= 2000 else 120)
    grid = 64 if n <= 500 else 128 if n <= 8000 else 192
    pos = rng.uniform(-1.0, 1.0, (n, 2)) * math.sqrt(n)
    temp = math.sqrt(n) * 0.25
    cooling = (0.02 / temp) ** (1.0 / iterations)
    gravity = 1.0 / math.sqrt(n)
    exact = n <= EXACT_REPULSION_MAX_NODES
    for _ in range(iterations):
        if exact:
            diff = pos[:, None, :] - pos[None, :, :]
            inv = 1.0 / ((diff**2).sum(axis=2) + 0.01)
            force = (diff * (inv * mass[None, :])[:, :, None]).sum(axis=1)
        else:
            force = _mesh_repulsion(pos, mass, grid)
        force *= mass[:, None]
        delta = pos[dst] - pos[src]
        force[:, 0] += np.bincount(src, delta[:, 0], n) - np.bincount(dst, delta[:, 0], n)
        force[:, 1] += np.bincount(src, delta[:, 1], n) - np.bincount(dst, delta[:, 1], n)
        force -= gravity * mass[:, None] * pos
        step = np.linalg.norm(force, axis=1, keepdims=True) + 1e-9
        pos += force / step * np.minimum(step, temp)
        temp *= cooling
    return pos - pos.mean(axis=0)


def _mesh_repulsion(pos: Any, mass: Any, grid: int) -> Any:
    """Sum over all other nodes of mass·(p_i − p_j)/|p_i − p_j|², on a grid with FFT."""
    import numpy as np

    n = len(pos)
    size = 2 * grid
    lo = pos.min(axis=0)
    span = float((pos.max(axis=0) - lo).max()) + 1e-6
    h = span / (grid - 2)
    u = (pos - lo) / h
    i0 = np.clip(np.floor(u).astype(np.int64), 0, grid - 2)
    f = u - i0
    weights = (
        (1 - f[:, 0]) * (1 - f[:, 1]),
        f[:, 0] * (1 - f[:, 1]),
        (1 - f[:, 0]) * f[:, 1],
        f[:, 0] * f[:, 1],
    )
    flat = [(i0[:, 1] + oy) * size + i0[:, 0] + ox for ox, oy in ((0, 0), (1, 0), (0, 1), (1, 1))]
    density = np.zeros(size * size)
    for idx, w in zip(flat, weights, strict=True):
        density += np.bincount(idx, weights=w * mass, minlength=size * size)
    kx, ky = _repulsion_kernel(grid, h)
    spectrum = np.fft.rfft2(density.reshape(size, size))
    fx = np.fft.irfft2(spectrum * kx, s=(size, size)).ravel()
    fy = np.fft.irfft2(spectrum * ky, s=(size, size)).ravel()
    force = np.zeros((n, 2))
    for idx, w in zip(flat, weights, strict=True):
        force[:, 0] += w * fx[idx]
        force[:, 1] += w * fy[idx]
    return force


@lru_cache(maxsize=8)
def _kernel_base(grid: int) -> tuple[Any, Any]:
    import numpy as np

    idx = np.arange(2 * grid)
    idx = np.where(idx < grid, idx, idx - 2 * grid).astype(float)
    dx, dy = np.meshgrid(idx, idx, indexing="xy")
    r2 = dx * dx + dy * dy + 0.25
    return np.fft.rfft2(dx / r2), np.fft.rfft2(dy / r2)


def _repulsion_kernel(grid: int, h: float) -> tuple[Any, Any]:
    """FFT of the 1/r repulsion field on the padded grid; scales as 1/h with the cell size."""
    kx, ky = _kernel_base(grid)
    return kx / h, ky / h


def pack_components(pos: Any, sources: Sequence[int], targets: Sequence[int]) -> Any:
    """Move each connected component next to the others (shelf packing, biggest first):
    a force layout pushes small components far out, which would shrink the main one to
    a dot when the page zooms to fit."""
    import numpy as np

    n = len(pos)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in zip(sources, targets, strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        members[find(i)].append(i)
    comps = sorted(members.values(), key=lambda c: (-len(c), c[0]))
    margin = 1.5
    boxes = []
    for comp in comps:
        idx = np.asarray(comp)
        lo, hi = pos[idx].min(axis=0), pos[idx].max(axis=0)
        boxes.append((idx, lo, hi - lo + margin))
    area = sum(float(size[0] * size[1]) for _i, _lo, size in boxes)
    width = max(math.sqrt(area) * 1.3, float(boxes[0][2][0]))
    out = np.zeros_like(pos)
    x = y = shelf = 0.0
    for idx, lo, size in boxes:
        if x > 0 and x + size[0] > width:
            x, y, shelf = 0.0, y + shelf, 0.0
        out[idx] = pos[idx] - lo + (x, y)
        x += float(size[0])
        shelf = max(shelf, float(size[1]))
    return out - (out.max(axis=0) + out.min(axis=0)) / 2


def apply_layout(graph: ViewGraph) -> None:
    """Positions for every node (pixels), computed in Python so big views need no physics."""
    index = {node.id: i for i, node in enumerate(graph.nodes)}
    pairs = [
        (index[e.source], index[e.target])
        for e in graph.edges
        if e.source in index and e.target in index and e.source != e.target
    ]
    sources, targets = [p[0] for p in pairs], [p[1] for p in pairs]
    pos = force_layout(len(graph.nodes), sources, targets)
    scale = LAYOUT_SCALE
    if len(graph.nodes) > 1:
        pos = pack_components(pos, sources, targets)
    if pairs:
        import numpy as np

        lengths = np.linalg.norm(pos[sources] - pos[targets], axis=1)
        extent = pos.max(axis=0) - pos.min(axis=0) + 1.0
        spacing = math.sqrt(float(extent[0] * extent[1]) / len(graph.nodes))
        # short edges in sparse views, room around each node in dense ones
        scale = max(LAYOUT_SCALE / max(float(np.median(lengths)), 1e-6), NODE_SPACING / spacing)
    for node, (x, y) in zip(graph.nodes, pos.tolist(), strict=True):
        node.x, node.y = round(x * scale, 1), round(y * scale, 1)


# --------------------------------------------------------------------------- rendering


def _tip_rows_for_node(node: ViewNode, t: dict[str, str]) -> list[tuple[str, str]]:
    rows = [(t["type"], t.get(node.kind, node.kind))]
    others = [name for name in node.names if name != node.label]
    if others:
        rows.append((t["labels"], " / ".join(others[:8])))
    rows += node.rows
    if node.kind != "Claim":
        rows.append((t["centrality"], f"{node.centrality:.3f}"))
    rows.append(("IRI", node.id))
    return rows


def _tip_rows_for_edge(
    edge: ViewEdge, t: dict[str, str], vocab_label: str
) -> list[tuple[str, str]]:
    rows = [(t["relation"], vocab_label)]
    if edge.cameo:
        rows.append((t["cameo"], ", ".join(edge.cameo)))
    if edge.quad:
        rows.append((t["quad"], f"{edge.quad} {t[f'quad{edge.quad}']}"))
    if edge.dates:
        rows.append((t["date"], ", ".join(sorted(edge.dates))))
    if edge.count > 1:
        rows.append((t["count"], str(edge.count)))
    if not edge.asserted:
        rows.append((t["mood"], t["dashed"].split(":")[-1].strip()))
    rows += edge.rows
    return rows


class _Documents:
    """The page's table of articles: evidence refers to it by index (titles and links are
    written once, not once per edge)."""

    def __init__(self) -> None:
        self.index: dict[tuple[str | None, str | None], int] = {}
        self.rows: list[dict[str, str]] = []

    def ref(self, title: str | None, url: str | None) -> int:
        url = _safe_url(url)
        key = (title, url)
        if key not in self.index:
            self.index[key] = len(self.rows)
            row = {"title": title} if title else {}
            if url:
                row["url"] = url
            self.rows.append(row)
        return self.index[key]

    def evidence(self, items: list[Evidence]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for ev in items:
            item: dict[str, Any] = {"text": ev.text}
            if ev.document or _safe_url(ev.url):
                item["doc"] = self.ref(ev.document, ev.url)
            out.append(item)
        return out


def view_payload(graph: ViewGraph) -> dict[str, Any]:
    """The JSON the page reads: vis-ready nodes and edges plus tooltip data and legend."""
    t = STRINGS[graph.lang]
    physics = graph.physics if graph.physics is not None else len(graph.nodes) <= PHYSICS_MAX_NODES
    edge_labels = len(graph.edges) <= EDGE_LABEL_MAX_EDGES
    docs = _Documents()
    index = {node.id: i for i, node in enumerate(graph.nodes)}
    nodes = []
    for node in graph.nodes:
        shape, colour = NODE_STYLE.get(node.kind, NODE_STYLE["Resource"])
        item: dict[str, Any] = {
            "id": index[node.id],
            "iri": node.id,
            "label": node.label,
            "kind": node.kind,
            "shape": shape,
            "color": colour,
            "size": round(node.size, 1),
            "names": node.names,
            "tip": {"title": node.label, "rows": _tip_rows_for_node(node, t)},
        }
        if node.kind == "Claim":
            fill, dashed = MODALITY_STYLE.get(node.modality or "", MODALITY_STYLE["Assertion"])
            item["color"], item["dashedBorder"], item["modality"] = fill, dashed, node.modality
        if node.text:
            item["tip"]["text"] = node.text
        if node.evidence:
            item["tip"]["evidence"] = docs.evidence(node.evidence)
        if node.focus:
            item["focus"] = True
        if node.x is not None and node.y is not None:
            item["x"], item["y"] = node.x, node.y
        nodes.append(item)
    edges = []
    relations: Counter[str] = Counter(edge.relation for edge in graph.edges)
    relation_labels = {edge.relation: edge.label for edge in graph.edges}
    relation_index = {r: i for i, r in enumerate(relations)}
    for i, edge in enumerate(graph.edges):
        label = edge.label + (f" ×{edge.count}" if edge.count > 1 else "")
        item = {
            "id": i,
            "from": index[edge.source],
            "to": index[edge.target],
            "rel": relation_index[edge.relation],
            "color": QUAD_COLOURS.get(edge.quad, QUAD_COLOURS[0]),
            "quad": edge.quad,
            "width": round(1.0 + min(edge.count, 8) * 0.5, 1),
            "tip": {"title": edge.label, "rows": _tip_rows_for_edge(edge, t, edge.label)},
        }
        if edge_labels:
            item["label"] = label
        if not edge.asserted:
            item["dashes"] = True
        if edge.arrows:
            item["arrows"] = "to"
        if edge.evidence:
            item["tip"]["evidence"] = docs.evidence(edge.evidence)
            if edge.count > len(edge.evidence):
                item["tip"]["more"] = (
                    f"{edge.count} {t['more']} {len(edge.evidence)}"
                    if graph.lang == "en"
                    else f"{edge.count} {t['more']} {len(edge.evidence)} 件を表示"
                )
        edges.append(item)
    kinds = Counter(node.kind for node in graph.nodes)
    return {
        "meta": {
            "title": graph.title,
            "kind": graph.kind,
            "lang": graph.lang,
            "physics": physics,
            "large": len(graph.nodes) > PHYSICS_MAX_NODES,
            "notes": graph.notes,
            "strings": t,
        },
        "legend": {
            "kinds": [
                {
                    "kind": k,
                    "label": t.get(k, k),
                    "shape": NODE_STYLE.get(k, NODE_STYLE["Resource"])[0],
                    "color": NODE_STYLE.get(k, NODE_STYLE["Resource"])[1],
                    "count": kinds[k],
                }
                for k in NODE_STYLE
                if kinds[k]
            ],
            "quads": [
                {"quad": q, "label": t[f"quad{q}"], "color": QUAD_COLOURS[q]}
                for q in (1, 2, 3, 4, 0)
            ],
            "modalities": [
                {"modality": m, "color": c, "dashed": d}
                for m, (c, d) in MODALITY_STYLE.items()
                if any(n.modality == m for n in graph.nodes)
            ],
        },
        "relations": [
            {"index": relation_index[r], "id": r, "label": relation_labels[r], "count": c}
            for r, c in sorted(relations.items(), key=lambda kv: (-kv[1], relation_labels[kv[0]]))
        ],
        "docs": docs.rows,
        "nodes": nodes,
        "edges": edges,
    }


def script_json(data: Any) -> str:
    """JSON that is safe inside a <script> element: no ``</script>``, no HTML entities,
    and no raw U+2028/U+2029 (line terminators in older JavaScript)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    names = ("vis-network.min.js", "vis-network.css", "kg-view.js", "kg-view.css", "page.html")
    out = {}
    for name in names:
        text = (ASSETS_DIR / name).read_text(encoding="utf-8")
        if name.endswith(".js") and "</script" in text.lower():
            raise RuntimeError(f"{name} contains </script and cannot be inlined")
        out[name] = text
    return out


def render_html(graph: ViewGraph) -> str:
    """The whole page as one string: no external resource of any kind."""
    assets = _assets()
    lang = graph.lang
    page = assets["page.html"]
    replacements = {
        "%%LANG%%": html.escape(lang, quote=True),
        "%%TITLE%%": html.escape(f"geopol-kg — {graph.title}"),
        "%%VIS_CSS%%": assets["vis-network.css"],
        "%%KG_CSS%%": assets["kg-view.css"],
        "%%VIS_JS%%": assets["vis-network.min.js"],
        "%%KG_JS%%": assets["kg-view.js"],
        "%%DATA%%": script_json(view_payload(graph)),
    }
    # one pass, so text inserted for one marker is never scanned for another
    import re

    pattern = re.compile("|".join(re.escape(k) for k in replacements))
    return pattern.sub(lambda m: replacements[m.group(0)], page)


def write_html(graph: ViewGraph, out: Path) -> Path:
    """Write the page atomically (a reader never sees half a file)."""
    text = render_html(graph)
    with atomic_output(out) as fh:
        fh.write(text.encode("utf-8"))
        os.fchmod(fh.fileno(), _default_file_mode())  # mkstemp makes 0600: a page is public
    return out


def _default_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# --------------------------------------------------------------------------- entry point


@dataclass
class ViewSummary:
    """What a written view holds (``kg view`` and ``kg build`` print it)."""

    path: Path
    kind: str
    nodes: int
    edges: int
    notes: list[str]
    seconds: float


def build_view(
    store: KGStore,
    kind: str = "overview",
    *,
    focus: str | None = None,
    hops: int = 2,
    document: str | None = None,
    query: str | None = None,
    params: dict[str, str] | None = None,
    lang: str = "ja",
    max_nodes: int = DEFAULT_MAX_NODES,
    physics: bool | None = None,
    layout: bool = True,
) -> ViewGraph:
    """The graph of one view, sized by centrality, capped and laid out, ready to render."""
    if lang not in STRINGS:
        raise InputError(f"unknown language {lang!r}; use ja or en")
    if kind not in VIEW_KINDS:
        raise InputError(f"unknown view kind {kind!r}; use one of: {', '.join(VIEW_KINDS)}")
    if kind == "focus" or (focus and kind == "overview"):
        if not focus:
            raise InputError("--kind focus needs --focus ACTOR")
        graph = focus_graph(store, focus, hops=hops, lang=lang)
    elif kind == "claims":
        graph = claims_graph(store, lang=lang)
    elif kind == "document":
        if not document:
            raise InputError("--kind document needs --document DOC_IRI_OR_TITLE")
        graph = document_graph(store, document, lang=lang)
    elif kind == "query":
        if not query:
            raise InputError("--kind query needs --query NAME|FILE")
        graph = query_graph(store, query, params=params, lang=lang)
    else:
        graph = overview_graph(store, lang=lang)
    ids = {node.id for node in graph.nodes}
    graph.edges = [e for e in graph.edges if e.source in ids and e.target in ids]
    if not graph.nodes:
        graph.notes.append(
            "nothing to show: the store holds no matching events, claims or triples"
            if lang == "en"
            else "表示するものがありません（該当する出来事・主張・トリプルがストアにありません）"
        )
    apply_centrality(graph)
    cap_nodes(graph, max_nodes)
    graph.physics = physics
    if layout:
        apply_layout(graph)
    return graph


__all__ = [
    "DEFAULT_MAX_NODES",
    "PHYSICS_MAX_NODES",
    "VIEW_KINDS",
    "Evidence",
    "ViewEdge",
    "ViewGraph",
    "ViewNode",
    "build_view",
    "describe",
    "force_layout",
    "render_html",
    "script_json",
    "view_payload",
    "write_html",
    "write_view",
]


def write_view(
    store: KGStore, out: str | Path, *, kind: str = "overview", **options: Any
) -> ViewSummary:
    """Build one view from the store and write it as a self-contained HTML file."""
    import time

    started = time.perf_counter()
    graph = build_view(store, kind, **options)
    path = write_html(graph, Path(out))
    return ViewSummary(
        path,
        graph.kind,
        len(graph.nodes),
        len(graph.edges),
        graph.notes,
        time.perf_counter() - started,
    )
