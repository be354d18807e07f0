"""Stores: a persistent Oxigraph store in a directory (default), an in-memory Oxigraph
store for one-shot commands, and a remote SPARQL 1.1 endpoint (query + update URLs).

All three keep the rdflib API (``store.dataset``) through oxrdflib / rdflib's
SPARQLUpdateStore, but queries, bulk loads and exports of the Oxigraph stores go
straight to pyoxigraph: rdflib's pure-Python engine is orders of magnitude slower.
Writes of documents are atomic: one SPARQL update per batch replaces whole named
graphs, so a killed process leaves each document fully present or absent.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Literal

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.term import Node

from kg.errors import InputError, OutputError, QueryError, StoreError
from kg.namespaces import EXPORT_PREFIXES, LABELS_GRAPH, ONTOLOGY_GRAPH, PREFIXES

DEFAULT_STORE_DIR = "kg-store"
#: the prefixes every query may use, in the form pyoxigraph takes them
OX_PREFIXES = {p: str(n) for p, n in PREFIXES.items()}
#: RDF files larger than this are imported with Oxigraph's (non-transactional) bulk loader
BULK_IMPORT_BYTES = 32 * 1024 * 1024
STORE_ENV = "KG_STORE"
UPDATE_URL_ENV = "KG_UPDATE_URL"

#: files every Oxigraph (RocksDB) store directory holds
_OXIGRAPH_MARKERS = ("CURRENT", "IDENTITY")

Quad = tuple[Node, Node, Node, Node | None]

#: export/import formats: name -> (file extension, is a dataset format)
RDF_FORMATS: dict[str, tuple[str, bool]] = {
    "turtle": ("ttl", False),
    "nt": ("nt", False),
    "trig": ("trig", True),
    "nquads": ("nq", True),
    "jsonld": ("jsonld", True),
    "xml": ("rdf", False),
}
EXTENSION_FORMAT = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".trig": "trig",
    ".nq": "nquads",
    ".nquads": "nquads",
    ".jsonld": "jsonld",
    ".json-ld": "jsonld",
    ".rdf": "xml",
    ".owl": "xml",
}
FORMAT_ALIASES = {
    "ttl": "turtle",
    "n-triples": "nt",
    "ntriples": "nt",
    "nq": "nquads",
    "n-quads": "nquads",
    "json-ld": "jsonld",
    "rdfxml": "xml",
}


def normalise_format(name: str) -> str:
    fmt = FORMAT_ALIASES.get(name.lower(), name.lower())
    if fmt not in RDF_FORMATS:
        raise InputError(f"unknown RDF format {name!r}; use one of: {', '.join(RDF_FORMATS)}")
    return fmt


def format_for_path(path: Path) -> str | None:
    return EXTENSION_FORMAT.get(path.suffix.lower())


def _ox_format(fmt: str) -> Any:
    import pyoxigraph as ox

    return {
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS,
        "jsonld": ox.RdfFormat.JSON_LD,
        "xml": ox.RdfFormat.RDF_XML,
    }[fmt]


@dataclass
class QueryResult:
    """A SPARQL result as rdflib terms, the same shape for every backend."""

    kind: Literal["select", "ask", "construct"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)

    def dicts(self) -> list[dict[str, Node | None]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


_UPDATE_KEYWORDS = re.compile(
    r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE
)
_COMMENTS_AND_STRINGS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|<[^<>\s]*>|#[^\n]*'
)

_VARIABLES_AND_PREFIXED_NAMES = re.compile(r"[?$][A-Za-z0-9_]+|[A-Za-z0-9_.\-]*:[A-Za-z0-9_.\-]+")


@lru_cache(maxsize=256)
def looks_like_update(sparql: str) -> bool:
    """True when the text contains SPARQL Update operations (outside strings/IRIs/comments).

    Cached: library queries are checked on every run, and the regexes cost more than a
    small query's evaluation."""
    masked = _COMMENTS_AND_STRINGS.sub(" ", sparql)
    masked = _VARIABLES_AND_PREFIXED_NAMES.sub(" ", masked)  # ?with, gk:drop are not keywords
    return bool(_UPDATE_KEYWORDS.search(masked))


def sparql_prologue() -> str:
    return "".join(f"PREFIX {p}: <{n}>\n" for p, n in PREFIXES.items())


#: every character a SPARQL/Turtle short string must escape (ECHAR)
_STRING_ESCAPES = str.maketrans(
    {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
)


#: characters SPARQL's IRIREF does not allow
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def sparql_term(term: Node) -> str:
    """A term as SPARQL text, safe to splice into a query or an update.

    Literals are written as fully escaped one-line strings: rdflib's ``n3()`` uses the
    triple-quoted form for text with line breaks and leaves a final ``"`` unescaped after
    a backslash, which breaks the query (a value ending in ``\\"``)."""
    if isinstance(term, URIRef):  # first: the commonest (bound actors, documents)
        if _IRI_UNSAFE.search(term):
            raise QueryError(
                f'not a valid IRI (spaces, control characters or <>"{{}}|^`\\): {str(term)[:80]!r}'
            )
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:b{term}"
    if isinstance(term, RDFLiteral):
        body = '"' + str(term).translate(_STRING_ESCAPES) + '"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype is not None:
            return f"{body}^^{sparql_term(URIRef(term.datatype))}"
        return body
    return term.n3()


_n3 = sparql_term


def triples_to_insert(graphs: Mapping[URIRef, Iterable[tuple[Node, Node, Node]]]) -> str:
    parts = []
    for g, triples in graphs.items():
        body = " .\n".join(f"{_n3(s)} {_n3(p)} {_n3(o)}" for s, p, o in triples)
        parts.append(f"GRAPH {g.n3()} {{\n{body} }}")
    return "INSERT DATA {\n" + "\n".join(parts) + "\n}"


class KGStore:
    """What every backend offers. ``dataset`` is the rdflib view for rdflib users."""

    kind: str = "abstract"
    location: str = ""
    dataset: Dataset

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        raise NotImplementedError

    def update(self, sparql_update: str) -> None:
        raise NotImplementedError

    def replace_graphs(
        self,
        graphs: Mapping[URIRef, Iterable[tuple[Node, Node, Node]]],
        drop: Iterable[URIRef] = (),
    ) -> None:
        """Atomically drop ``drop`` and every graph in ``graphs``, then insert ``graphs``."""
        names = list(dict.fromkeys([*drop, *graphs]))
        if not names:
            return
        ops = [f"DROP SILENT GRAPH {g.n3()}" for g in names]
        materialised = {g: list(t) for g, t in graphs.items()}
        if any(materialised.values()):
            ops.append(triples_to_insert({g: t for g, t in materialised.items() if t}))
        ops.extend(label_updates(best_labels(_labels_in(materialised))))
        self.update(" ;\n".join(ops))

    def refresh_labels(self) -> None:
        """Rebuild graph id:labels from every label in the store (after a bulk import)."""
        label = _RDFS_LABEL.n3()
        rows = self._label_rows(
            f"SELECT DISTINCT ?x ?l WHERE {{ ?x {label} ?l "
            f"MINUS {{ GRAPH {ONTOLOGY_GRAPH.n3()} {{ ?x {label} ?l }} }} }}"
        )
        ops = [f"DROP SILENT GRAPH {LABELS_GRAPH.n3()}"]
        ops.extend(label_updates(best_labels(rows), replace=False))
        self.update(" ;\n".join(ops))

    def import_file(self, path: Path, fmt: str) -> None:
        raise NotImplementedError

    def export(self, out: IO[bytes], fmt: str) -> None:
        raise NotImplementedError

    def quad_total(self) -> int | None:
        """Quads in the store when the backend can count them cheaply (None: it cannot)."""
        return None

    def display_labels(self, iris: Iterable[URIRef]) -> dict[str, str]:
        """The display label of each IRI: from graph id:labels, else from its rdfs:labels."""
        wanted = list(iris)
        found = {
            iri: label for iri, label, _lang in self._label_rows(_display_label_sparql(wanted))
        }
        missing = [iri for iri in wanted if str(iri) not in found]
        if missing:
            rows = self._label_rows(_labels_sparql(missing))
            found.update({iri: label for iri, (label, _lang) in best_labels(rows).items()})
        return found

    def _label_rows(self, sparql: str) -> Iterator[tuple[str, str, str | None]]:
        """(IRI, label, language) rows of a two-column label query."""
        for x, label in self.query(sparql).rows:
            if isinstance(x, URIRef) and isinstance(label, RDFLiteral):
                yield str(x), str(label), label.language

    def named_graphs(self) -> list[URIRef]:
        """The graphs holding data: documents, ontology, analysis (not the derived id:labels)."""
        res = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(
            row[0] for row in res.rows if isinstance(row[0], URIRef) and row[0] != LABELS_GRAPH
        )

    def count_triples(self) -> int:
        res = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(res.rows[0][0]) if res.rows else 0

    def count_quads(self) -> int:
        res = self.query(
            "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        )
        return int(res.rows[0][0]) if res.rows else 0

    def ensure_ontology(self) -> None:
        """Load the ontology and CAMEO codebook into their graph when missing or outdated."""
        from kg.paths import CAMEO_FILE, ONTOLOGY_FILE

        files = [f for f in (ONTOLOGY_FILE, CAMEO_FILE) if f.exists()]
        if not files:
            return
        import hashlib

        digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()[:16]
        marker = URIRef(str(ONTOLOGY_GRAPH) + "#build-" + digest)
        ask = f"ASK {{ GRAPH {ONTOLOGY_GRAPH.n3()} {{ {marker.n3()} ?p ?o }} }}"
        if self.query(ask).boolean:
            return
        g = Graph()
        for f in files:
            g.parse(f, format="turtle")
        from rdflib.namespace import RDFS

        g.add((marker, RDFS.comment, RDFLiteral(f"ontology build {digest}")))
        self.replace_graphs({ONTOLOGY_GRAPH: list(g)})

    def close(self) -> None:
        pass

    def __enter__(self) -> KGStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class OxigraphStore(KGStore):
    """Oxigraph through oxrdflib: persistent in ``path``, or in memory when path is None."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        import pyoxigraph as ox

        self.kind = "oxigraph" if path is not None else "memory"
        self.location = str(path) if path is not None else ":memory:"
        try:
            if path is None:
                self.ox = ox.Store()
            elif read_only:
                self.ox = ox.Store.read_only(str(path))
            else:
                self.ox = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(_explain_open_error(path, exc)) from None
        except RuntimeError as exc:  # RocksDB reports damaged files as RuntimeError
            detail = " ".join(str(exc).split())[:300]
            raise StoreError(
                f"store {path} is damaged ({detail}); rebuild it with kg ingest into a new store"
            ) from None
        self.read_only = read_only
        self._dataset: Dataset | None = None

    @property
    def dataset(self) -> Dataset:  # type: ignore[override]
        """The rdflib view (oxrdflib), built on first use: importing oxrdflib pulls in
        rdflib's SPARQL engine, which query-only commands do not need."""
        if self._dataset is None:
            from oxrdflib import OxigraphStore as OxRdflibStore

            self._dataset = Dataset(store=OxRdflibStore(store=self.ox), default_union=True)
            for prefix, namespace in PREFIXES.items():
                self._dataset.bind(prefix, namespace)
        return self._dataset

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        import pyoxigraph as ox

        text = bind_values(sparql, bindings) if bindings else sparql
        try:
            result = self.ox.query(
                text,
                use_default_graph_as_union=True,
                prefixes=OX_PREFIXES,
            )
        except SyntaxError as exc:
            raise QueryError(describe_syntax_error(text, str(exc))) from None
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            return QueryResult("select", variables=variables, rows=_convert_rows(result))
        triples = [(_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in result]
        return QueryResult("construct", triples=triples)

    def quad_total(self) -> int | None:
        return len(self.ox)

    def _label_rows(self, sparql: str) -> Iterator[tuple[str, str, str | None]]:
        """As the base class, straight from Oxigraph's answer: no rdflib terms are built."""
        import pyoxigraph as ox

        for solution in self.ox.query(sparql, use_default_graph_as_union=True):
            x, label = solution[0], solution[1]
            if isinstance(x, ox.NamedNode) and isinstance(label, ox.Literal):
                yield x.value, label.value, label.language

    def update(self, sparql_update: str) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only")
        try:
            self.ox.update(sparql_update, prefixes=OX_PREFIXES)
        except SyntaxError as exc:
            raise QueryError(describe_syntax_error(sparql_update, str(exc))) from None
        except OSError as exc:
            raise StoreError(f"write to store {self.location} failed: {exc}") from None

    def import_file(self, path: Path, fmt: str) -> None:
        """Load an RDF file: in one transaction (all or nothing) up to BULK_IMPORT_BYTES;
        above that with Oxigraph's bulk loader, which is several times faster but not
        transactional: an interrupted bulk import is completed by importing the file again
        (triples are a set, so nothing is duplicated)."""
        bulk = path.stat().st_size > BULK_IMPORT_BYTES
        loader = self.ox.bulk_load if bulk else self.ox.load
        try:
            loader(path=str(path), format=_ox_format(fmt))
        except SyntaxError as exc:
            raise InputError(f"{path}: malformed {fmt}: {' '.join(str(exc).split())}") from None
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: cannot import: {' '.join(str(exc).split())}") from None
        self.refresh_labels()

    def export(self, out: IO[bytes], fmt: str) -> None:
        import pyoxigraph as ox

        fmt = normalise_format(fmt)
        prefixes = EXPORT_PREFIXES
        if RDF_FORMATS[fmt][1]:
            if fmt == "jsonld":
                self.ox.dump(out, _ox_format(fmt))
            else:
                self.ox.dump(out, _ox_format(fmt), prefixes=prefixes if fmt == "trig" else None)
            return
        # CONSTRUCT over the union: Oxigraph removes the duplicates (actors repeat across
        # document graphs) and the triples go to the serializer without Python work per triple
        triples = self.ox.query(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
        )
        ox.serialize(triples, out, _ox_format(fmt), prefixes=prefixes if fmt == "turtle" else None)

    def flush(self) -> None:
        if self.kind == "oxigraph" and not self.read_only:
            self.ox.flush()

    def close(self) -> None:
        """Flush and release the directory lock (RocksDB frees it when the store is dropped)."""
        import gc

        if self.ox is None:
            return
        with contextlib.suppress(Exception):
            self.flush()
        if self._dataset is not None:
            with contextlib.suppress(Exception):
                self._dataset.store.close()
        self.ox = None  # type: ignore[assignment]
        self._dataset = None
        gc.collect()


class RemoteStore(KGStore):
    """A SPARQL 1.1 endpoint (Oxigraph server, Fuseki, GraphDB, QLever...).

    The endpoint must expose the union of its named graphs as the default graph
    (``oxigraph serve --union-default-graph``, Fuseki ``tdb2:unionDefaultGraph true``).
    """

    def __init__(self, query_url: str, update_url: str | None = None) -> None:
        self.kind = "remote"
        self.query_url = query_url
        self.update_url = update_url or _default_update_url(query_url)
        self.location = query_url
        self._dataset: Dataset | None = None

    @property
    def dataset(self) -> Dataset:  # type: ignore[override]
        """The rdflib view (SPARQLUpdateStore), built on first use."""
        if self._dataset is None:
            from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

            store = SPARQLUpdateStore(
                query_endpoint=self.query_url,
                update_endpoint=self.update_url,
                method="POST",
                returnFormat="json",
            )
            self._dataset = Dataset(store=store, default_union=True)
        return self._dataset

    def _post(self, url: str, data: bytes, content_type: str, accept: str) -> bytes:
        import urllib.error
        import urllib.request

        req = urllib.request.Request(
            url, data=data, headers={"Content-Type": content_type, "Accept": accept}
        )
        try:
            with urllib.request.urlopen(req, timeout=300) as resp:
                return resp.read()
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read().decode("utf-8", "replace").split())[:300]
            if exc.code == 400:
                raise QueryError(f"endpoint rejected the request: {detail}") from None
            raise StoreError(f"endpoint {url} answered HTTP {exc.code}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"cannot reach SPARQL endpoint {url}: {reason}") from None

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        import json

        check_syntax(sparql)
        text = sparql_prologue() + bind_values(sparql, bindings or {})
        raw = self._post(
            self.query_url,
            text.encode("utf-8"),
            "application/sparql-query",
            "application/sparql-results+json, application/n-triples;q=0.9",
        )
        if raw.lstrip().startswith(b"{"):
            data = json.loads(raw)
            if "boolean" in data:
                return QueryResult("ask", boolean=bool(data["boolean"]))
            variables = data["head"].get("vars", [])
            rows = [
                tuple(_json_term(b.get(v)) for v in variables) for b in data["results"]["bindings"]
            ]
            return QueryResult("select", variables=variables, rows=rows)
        g = Graph()
        g.parse(data=raw.decode("utf-8"), format="nt")
        return QueryResult("construct", triples=list(g))

    def update(self, sparql_update: str) -> None:
        self._post(
            self.update_url,
            (sparql_prologue() + sparql_update).encode("utf-8"),
            "application/sparql-update",
            "*/*",
        )

    def import_file(self, path: Path, fmt: str) -> None:
        ds = Dataset()
        try:
            ds.parse(path, format=_rdflib_format(fmt))
        except Exception as exc:
            raise InputError(f"{path}: malformed {fmt}: {' '.join(str(exc).split())}") from None
        graphs: dict[URIRef, list] = {}
        default: list = []
        for s, p, o, g in ds.quads((None, None, None, None)):
            gid = getattr(g, "identifier", g)
            if gid is None or str(gid) == "urn:x-rdflib:default":
                default.append((s, p, o))
            else:
                graphs.setdefault(gid, []).append((s, p, o))
        ops = []
        if default:
            body = " .\n".join(f"{_n3(s)} {_n3(p)} {_n3(o)}" for s, p, o in default)
            ops.append("INSERT DATA {\n" + body + " }")
        if graphs:
            ops.append(triples_to_insert(graphs))
        ops.extend(label_updates(best_labels(_labels_in(graphs, default))))
        if ops:
            self.update(" ;\n".join(ops))

    def export(self, out: IO[bytes], fmt: str) -> None:
        fmt = normalise_format(fmt)
        ds = Dataset()
        for prefix, namespace in PREFIXES.items():
            ds.bind(prefix, namespace)
        res = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        for s, p, o, g in res.rows:
            ds.graph(g).add((s, p, o))
        if RDF_FORMATS[fmt][1]:
            ds.serialize(out, format=_rdflib_format(fmt))
            return
        union = Graph()
        for prefix, namespace in PREFIXES.items():
            union.bind(prefix, namespace)
        for s, p, o, _g in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        union.serialize(out, format=_rdflib_format(fmt))

    def named_graphs(self) -> list[URIRef]:
        return super().named_graphs()


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


_RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
_SKOS_PREF_LABEL = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
_UNLABELLED_GRAPHS = (LABELS_GRAPH, ONTOLOGY_GRAPH)
#: which label is shown: Japanese first (the material is Japanese), then English, untagged
LABEL_LANGUAGES = {"ja": 0, "en": 1, None: 2}


def _labels_in(
    graphs: Mapping[URIRef, Iterable[tuple[Node, Node, Node]]],
    default: Iterable[tuple[Node, Node, Node]] = (),
) -> Iterator[tuple[str, str, str | None]]:
    """(IRI, label, language) of the rdfs:label triples about to be written."""
    groups = [t for g, t in graphs.items() if g not in _UNLABELLED_GRAPHS]
    for triples in [*groups, default]:
        for s, p, o in triples:
            if p == _RDFS_LABEL and isinstance(s, URIRef) and isinstance(o, RDFLiteral):
                yield str(s), str(o), o.language


def best_labels(rows: Iterable[tuple[str, str, str | None]]) -> dict[str, tuple[str, str | None]]:
    """The display label of each IRI from (IRI, label, language) rows: Japanese, else
    English, else untagged, else any; the smallest text among equals (stable everywhere)."""
    best: dict[str, tuple[int, str, str | None]] = {}
    for iri, label, lang in rows:
        candidate = (LABEL_LANGUAGES.get(lang, 3), label, lang)
        if iri not in best or candidate < best[iri]:
            best[iri] = candidate
    return {iri: (label, lang) for iri, (_rank, label, lang) in best.items()}


def label_updates(labels: Mapping[str, tuple[str, str | None]], replace: bool = True) -> list[str]:
    """SPARQL update operations that set the id:labels display label of these IRIs."""
    if not labels:
        return []
    subjects = " ".join(f"<{iri}>" for iri in labels)
    graph = LABELS_GRAPH.n3()
    pref = _SKOS_PREF_LABEL.n3()
    ops = []
    if replace:
        ops.append(
            f"DELETE {{ GRAPH {graph} {{ ?x {pref} ?old }} }} "
            f"WHERE {{ VALUES ?x {{ {subjects} }} GRAPH {graph} {{ ?x {pref} ?old }} }}"
        )
    body = " .\n".join(
        f"<{iri}> {pref} {sparql_term(RDFLiteral(label, lang=lang))}"
        for iri, (label, lang) in labels.items()
    )
    ops.append(f"INSERT DATA {{ GRAPH {graph} {{\n{body} }} }}")
    return ops


def _display_label_sparql(iris: Iterable[URIRef]) -> str:
    values = " ".join(sparql_term(iri) for iri in iris)
    return (
        f"SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} "
        f"GRAPH {LABELS_GRAPH.n3()} {{ ?x {_SKOS_PREF_LABEL.n3()} ?l }} }}"
    )


def _labels_sparql(iris: Iterable[URIRef]) -> str:
    values = " ".join(sparql_term(iri) for iri in iris)
    return (
        "SELECT DISTINCT ?x ?l WHERE { VALUES ?x { "
        + values
        + " } ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    )


def string_literal(value: str, lang: str | None = None) -> RDFLiteral:
    """A plain or language-tagged rdflib Literal without re-running rdflib's checks.

    Oxigraph has already parsed and validated the term; rdflib's constructor costs ~5 µs a
    literal, which was a third of ``kg query``'s time on answers of 25,000 claim texts.
    The attributes are exactly those ``Literal(value, lang=lang)`` sets.
    """
    inst = str.__new__(RDFLiteral, value)
    inst._language = lang
    inst._datatype = None
    inst._value = value
    inst._ill_typed = None
    return inst


_FAST_TYPED = {
    "http://www.w3.org/2001/XMLSchema#integer": int,
    "http://www.w3.org/2001/XMLSchema#boolean": lambda text: text in ("true", "1"),
}


@lru_cache(maxsize=64)
def _datatype_iri(datatype: str) -> URIRef:
    """The URIRef of a datatype, built once: rdflib checks every IRI it constructs."""
    return URIRef(datatype)


def _typed_literal(lexical: str, datatype: str) -> RDFLiteral:
    """An xsd:integer or xsd:boolean Literal from Oxigraph's canonical form, built as
    ``Literal(lexical, datatype=...)`` would build it (its checks cost ~7 µs a term)."""
    try:
        value = _FAST_TYPED[datatype](lexical)
    except ValueError:
        return RDFLiteral(lexical, datatype=_datatype_iri(datatype))
    inst = str.__new__(RDFLiteral, lexical)
    inst._language = None
    inst._datatype = _datatype_iri(datatype)
    inst._value = value
    inst._ill_typed = False
    return inst


class gc_paused:  # lower case: used like a function, ``with gc_paused():``
    """No cyclic garbage collection while an answer's terms and rows are built.

    They form no cycles (reference counting frees them), but tens of thousands of new
    objects set off collections of the older generations, full heap scans that took 5-7 %
    of a large answer's time (measured with gc.callbacks at 1M triples: 17 ms of ~270 ms for
    4,740 actors). Nested pauses leave the collector to the outermost one. A class rather
    than a generator-based context manager: it is entered on every query, where a
    generator's set-up cost a few microseconds of a sub-millisecond answer."""

    __slots__ = ("_resume",)

    def __enter__(self) -> None:
        self._resume = gc.isenabled()
        if self._resume:
            gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._resume:
            gc.enable()


def _convert_rows(solutions: Iterable[Any]) -> list[tuple[Node | None, ...]]:
    """Oxigraph solutions as rows of rdflib terms, built as cheaply as Python allows.

    IRIs and typed literals recur across rows (actors, dates, counts): each is converted
    once. Plain and language-tagged strings (sentence texts, labels) are mostly distinct:
    they are built directly, since hashing them for a cache costs more than building them.
    """
    with gc_paused():
        return _build_rows(solutions)


def _build_rows(solutions: Iterable[Any]) -> list[tuple[Node | None, ...]]:
    import pyoxigraph as ox

    named_node, literal, xsd_string = ox.NamedNode, ox.Literal, _ox_xsd_string()
    new = str.__new__
    cache: dict[Any, Node] = {}
    get = cache.get
    rows: list[tuple[Node | None, ...]] = []
    for solution in solutions:
        row: list[Node | None] = []
        append = row.append
        for val in solution:
            kind = type(val)
            if kind is named_node:  # Oxigraph has validated it: no URIRef check
                iri = val.value  # the key: a str hashes once, in C (a NamedNode twice, in Rust)
                term = get(iri)
                if term is None:
                    term = cache[iri] = new(URIRef, iri)
            elif kind is literal:
                language = val.language
                if language or val.datatype == xsd_string:
                    # string_literal, inlined: one call less for each of the commonest terms
                    value = val.value
                    term = new(RDFLiteral, value)
                    term._language = language
                    term._datatype = None
                    term._value = value
                    term._ill_typed = None
                else:
                    term = get(val)
                    if term is None:
                        iri = val.datatype.value
                        term = cache[val] = (
                            _typed_literal(val.value, iri) if iri in _FAST_TYPED else _from_ox(val)
                        )
            elif val is None:
                term = None
            else:
                term = get(val)
                if term is None:
                    term = cache[val] = _from_ox(val)
            append(term)
        rows.append(tuple(row))
    return rows


@lru_cache(maxsize=1)
def _ox_xsd_string() -> Any:
    """xsd:string as a pyoxigraph NamedNode: comparing terms in Rust costs less than reading
    each literal's datatype IRI into a Python string."""
    import pyoxigraph as ox

    return ox.NamedNode(_XSD_STRING)


def _from_ox(term: Any) -> Node:
    """pyoxigraph term -> rdflib term; plain strings stay plain, as every endpoint returns them."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        # Oxigraph has validated the IRI: skip URIRef's own check (the constructor only
        # checks and then makes the str)
        return str.__new__(URIRef, term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return string_literal(term.value, term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return string_literal(term.value)
        if datatype in _FAST_TYPED:
            return _typed_literal(term.value, datatype)
        return RDFLiteral(term.value, datatype=_datatype_iri(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    from oxrdflib._converter import from_ox

    return from_ox(term)


def check_syntax(sparql: str) -> None:
    """Raise QueryError (line, column, text) when the query does not parse.

    Parsing against an empty in-memory Oxigraph store gives the same messages for every
    backend, including remote endpoints whose own error texts differ.
    """
    import pyoxigraph as ox

    try:
        ox.Store().query(sparql, prefixes=OX_PREFIXES)
    except SyntaxError as exc:
        raise QueryError(describe_syntax_error(sparql, str(exc))) from None


def _rdflib_format(fmt: str) -> str:
    return {"jsonld": "json-ld", "nquads": "nquads", "nt": "nt", "xml": "xml"}.get(fmt, fmt)


def _json_term(b: dict[str, str] | None) -> Node | None:
    if b is None:
        return None
    t = b["type"]
    if t == "uri":
        return URIRef(b["value"])
    if t == "bnode":
        return BNode(b["value"])
    return RDFLiteral(b["value"], lang=b.get("xml:lang"), datatype=b.get("datatype"))


@lru_cache(maxsize=256)
def _mask(sparql: str) -> str:
    """The query with strings, IRIs and comments blanked out (same length); cached per text."""
    return _COMMENTS_AND_STRINGS.sub(lambda m: " " * len(m.group(0)), sparql)


@lru_cache(maxsize=256)
def _where_brace(sparql: str) -> int:
    """Offset of the brace opening the WHERE clause (cached per query text)."""
    masked = _mask(sparql)
    form = re.search(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", masked, re.IGNORECASE)
    if form is None:
        raise QueryError("cannot bind parameters: not a SELECT, CONSTRUCT, DESCRIBE or ASK query")
    if form.group(1).upper() in ("CONSTRUCT", "DESCRIBE"):
        where = re.compile(r"\bWHERE\s*\{", re.IGNORECASE).search(masked, form.end())
        brace = where.end() - 1 if where else -1
    else:
        brace = masked.find("{", form.end())
    if brace < 0:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    return brace


def bind_values(sparql: str, bindings: Mapping[str, Node]) -> str:
    """Bind variables to RDF terms with an inline ``VALUES`` block opening the WHERE clause.

    The values are RDF terms serialised by rdflib (escaped), never user text spliced
    into the query; placing the block first inside WHERE keeps the semantics right for
    aggregates and for variables that are not projected.
    """
    if not bindings:
        return sparql
    names = values = ""
    for name, term in bindings.items():
        if not (name.isascii() and name.isidentifier()):  # [A-Za-z_][A-Za-z0-9_]*
            raise QueryError(f"invalid parameter name {name!r}")
        names += f" ?{name}"
        values += f" {_n3(term)}"
    brace = _where_brace(sparql)
    block = f" VALUES ({names[1:]}) {{ ({values[1:]}) }} "
    return sparql[: brace + 1] + block + sparql[brace + 1 :]


def _default_update_url(query_url: str) -> str:
    if query_url.rstrip("/").endswith("/query"):
        return query_url.rstrip("/")[: -len("query")] + "update"
    if query_url.rstrip("/").endswith("/sparql"):
        return query_url.rstrip("/")[: -len("sparql")] + "update"
    return query_url


def describe_syntax_error(text: str, message: str, line_offset: int = 0) -> str:
    """One line: where the SPARQL error is (line, column) and the offending text.

    Oxigraph (``error at 3:11: ...``) and rdflib/pyparsing (``... (at char 9), (line:3,
    col:11)``) both count 1-based lines and 1-based columns in code points; ``text`` must
    be the text that was parsed, less ``line_offset`` lines prepended to it (a prologue).
    """
    message = " ".join(message.split())
    m = re.search(r"(?:error at |line:?\s*)(\d+)[:, ]+(?:col(?:umn)?:?\s*)?(\d+)", message)
    if not m:
        return f"SPARQL syntax error: {message}"
    line, col = int(m.group(1)) - line_offset, int(m.group(2))
    lines = text.splitlines() or [""]
    src = lines[line - 1] if 0 < line <= len(lines) else ""
    start = max(0, min(col - 1, len(src)) - 30)
    snippet = src[start : start + 60].strip() or "(empty line)"
    detail = message[m.end() :].lstrip(": ").strip() or message
    return f"SPARQL syntax error at line {line}, column {col} in {snippet!r}: {detail}"


def _explain_open_error(path: Path | None, exc: OSError) -> str:
    text = str(exc)
    if "lock" in text.lower():
        return f"store {path} is in use by another kg process (it is locked); try again later"
    return f"cannot open store {path}: {' '.join(text.split())}"


def is_oxigraph_dir(path: Path) -> bool:
    return all((path / name).exists() for name in _OXIGRAPH_MARKERS)


def default_store_location() -> str:
    return os.environ.get(STORE_ENV) or DEFAULT_STORE_DIR


def open_store(
    location: str | os.PathLike[str] | None = None,
    *,
    memory: bool = False,
    create: bool = False,
    read_only: bool = False,
    update_url: str | None = None,
) -> KGStore:
    """Open a store: ``memory``; an ``http(s)://`` SPARQL endpoint; or an Oxigraph directory.

    A directory is created only with ``create=True``; an existing directory that is not an
    Oxigraph store is refused rather than written into.
    """
    if memory:
        return OxigraphStore(None)
    spec = str(location) if location is not None else default_store_location()
    if spec.startswith(("http://", "https://")):
        return RemoteStore(_endpoint_query_url(spec), update_url or os.environ.get(UPDATE_URL_ENV))
    path = Path(spec)
    if path.exists() and not path.is_dir():
        raise StoreError(f"store path {path} is a file, not an Oxigraph store directory")
    if path.is_dir():
        if not is_oxigraph_dir(path) and any(path.iterdir()):
            raise StoreError(f"{path} is not an Oxigraph store (a non-empty folder without one)")
        if not is_oxigraph_dir(path) and not create:
            raise StoreError(f"no store at {path}; create one with: kg ingest FILES --store {path}")
    elif not create:
        raise StoreError(f"no store at {path}; create one with: kg ingest FILES --store {path}")
    else:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create store directory {path}: {exc.strerror}") from None
    return OxigraphStore(path, read_only=read_only)


def _endpoint_query_url(url: str) -> str:
    from urllib.parse import urlparse

    parsed = urlparse(url)
    if parsed.path in ("", "/"):
        return url.rstrip("/") + "/query"
    return url


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[IO[bytes]]:
    """Write to a temporary file next to ``path`` and rename it into place on success,
    so an interrupted export never leaves a truncated file. A device or pipe
    (``/dev/stdout``, a FIFO) is written to directly: renaming over it would replace it."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder")
    if path.exists() and not path.is_file():
        yield from _direct_output(path)
        return
    if not directory.is_dir():
        if directory.exists():
            raise OutputError(f"cannot write {path}: {directory} is not a folder")
        raise OutputError(f"cannot write {path}: folder {directory} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        os.fchmod(fd, _new_file_mode(path))  # mkstemp makes 0600 files; exports are shared
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _new_file_mode(path: Path) -> int:
    """The mode an ordinary write would give: the old file's, else 0666 less the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _direct_output(path: Path) -> Iterator[IO[bytes]]:
    try:
        fh = path.open("wb")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with fh:
            yield fh
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
