"""The SPARQL query library: named ``.rq`` files with a comment header, and typed parameters.

A library query opens with comment lines that ``kg query --list`` shows::

    # title: All relations of an actor
    # description: what the query answers
    # param: actor = Putin (actor) — the actor: any label, key or IRI

Each ``param`` names a SPARQL variable of the query. Its value is turned into an RDF term
according to its type and bound with an inline ``VALUES`` block (``kg.store.bind_values``),
so user text is never spliced into the query. An empty default makes the parameter
optional: when it is not given, the variable stays unbound and matches anything.

``# limit: 1000`` caps the rows of a query whose full answer can run to tens of thousands
of rows on a large graph (``kg query --limit 0`` lifts it). Ranked queries order by their
counts in SPARQL, so the cap keeps the top rows; listings keep the first rows found.

Two more header lines shape the answer: ``# labels: actor other`` adds an ``actorLabel``
column after each named IRI column (one batched lookup after the query), and
``# order: -events actorLabel`` sorts the rows by those columns (``-`` for descending).
Library queries sort in Python rather than with ORDER BY when they sort by IRIs or strings:
Oxigraph decodes both terms at every comparison, which made ORDER BY cost seconds on
result sets of tens of thousands of rows, and sorting by labels reads better anyway.

Types: ``actor`` (any label of an actor in any language, its key, ``wd:Q…`` or an IRI,
resolved to the actor's IRI), ``entity`` (the same for actors, concepts and places),
``string``, ``date`` (YYYY-MM-DD), ``integer`` and ``iri`` (a full IRI, a prefixed name such
as ``gk:threatens``, or a bare relation name such as ``threatens``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import compress, count
from operator import attrgetter, eq, itemgetter
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg import paths
from kg.errors import QueryError
from kg.namespaces import GK, ID, PREFIXES, WD
from kg.store import (
    KGStore,
    QueryResult,
    _mask,
    gc_paused,
    looks_like_update,
    sparql_term,
    string_literal,
)

PARAM_TYPES = ("actor", "entity", "string", "date", "integer", "iri")

#: classes an ``actor`` / ``entity`` parameter resolves to, with their IRI folder
_ENTITY_CLASSES: dict[str, tuple[tuple[URIRef, str], ...]] = {
    "actor": ((GK.Actor, "actor"),),
    "entity": ((GK.Actor, "actor"), (GK.Concept, "concept"), (GK.Place, "place")),
}

_HEADER = re.compile(r"^#\s*(title|description|param|labels|order|limit)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<default>.*?)\s*"
    r"\((?P<type>[a-z]+)\)\s*(?:[—–-]+\s*(?P<doc>.*))?$"
)
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$")
_WIKIDATA_ID = re.compile(r"^(?:wd:)?(Q[0-9]+)$", re.IGNORECASE)
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
#: separators ignored when comparing names (ウラジーミル・プーチン = ウラジーミルプーチン)
_NAME_NOISE = re.compile(r"[\s・･·\-_.'’‐‑–—,]+")


@dataclass(frozen=True)
class Param:
    name: str
    default: str
    type: str
    description: str = ""

    @property
    def optional(self) -> bool:
        return self.default == ""


@dataclass(frozen=True)
class LibraryQuery:
    """A query with its header: from the library, a file, or text given on the command line."""

    name: str
    sparql: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    labels: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    limit: int | None = None
    path: Path | None = None
    has_header: bool = field(default=False, compare=False)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def ordered(self) -> bool:
        """True when the rows come in a fixed order: an ``order`` header or ORDER BY."""
        return bool(self.order) or bool(
            re.search(r"\bORDER\s+BY\b", _mask(self.sparql), re.IGNORECASE)
        )


def parse_query_text(text: str, name: str, path: Path | None = None) -> LibraryQuery:
    """Read the comment header (title, description, params) of a query."""
    title = description = ""
    params: list[Param] = []
    labels: list[str] = []
    order: list[str] = []
    limit: int | None = None
    has_header = False
    lines = text.splitlines(keepends=True)
    header_lines = 0
    for lineno, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        header_lines = lineno
        m = _HEADER.match(stripped)
        if not m:
            continue
        has_header = True
        key, value = m.group(1), m.group(2)
        if key == "title":
            title = value
        elif key == "description":
            description = value
        elif key == "labels":
            labels.extend(v.lstrip("?") for v in value.split())
        elif key == "order":
            order.extend(value.split())
        elif key == "limit":
            if not value.isdigit() or int(value) < 1:
                raise QueryError(
                    f"{path or name}:{lineno}: bad limit line; expected '# limit: N' (N >= 1)"
                )
            limit = int(value)
        else:
            pm = _PARAM.match(value)
            where = f"{path or name}:{lineno}"
            if not pm:
                raise QueryError(
                    f"{where}: bad param line; expected '# param: NAME = DEFAULT (TYPE) — meaning'"
                )
            if pm.group("type") not in PARAM_TYPES:
                raise QueryError(
                    f"{where}: unknown parameter type {pm.group('type')!r}; "
                    f"use one of: {', '.join(PARAM_TYPES)}"
                )
            params.append(
                Param(
                    pm.group("name"), pm.group("default"), pm.group("type"), pm.group("doc") or ""
                )
            )
    # the engine gets the header as blank lines: error positions keep their line numbers,
    # and a query whose body is ASCII reaches Oxigraph without a UTF-8 copy on every run
    body = "\n" * header_lines + "".join(lines[header_lines:]) if header_lines else text
    return LibraryQuery(
        name,
        body,
        title=title,
        description=description,
        params=tuple(params),
        labels=tuple(labels),
        order=tuple(order),
        limit=limit,
        path=path,
        has_header=has_header,
    )


def library_dir() -> Path:
    return paths.QUERIES_DIR


def load_library(directory: Path | None = None) -> dict[str, LibraryQuery]:
    """Every ``*.rq`` of the library, by name (the file stem), sorted by name."""
    folder = directory or library_dir()
    found: dict[str, LibraryQuery] = {}
    for path in sorted(folder.glob("*.rq")):
        found[path.stem] = parse_query_text(path.read_text(encoding="utf-8"), path.stem, path)
    return found


def get_query(name: str, directory: Path | None = None) -> LibraryQuery:
    """A library query by name; unknown names get a one-line error listing the names."""
    library = load_library(directory)
    if name in library:
        return library[name]
    close = difflib.get_close_matches(name, list(library), n=3, cutoff=0.5)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise QueryError(f"unknown query {name!r}{hint}; available: {', '.join(library)}")


def load_query_file(path: Path) -> LibraryQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"cannot read query file {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise QueryError(f"query file {path} is not UTF-8 text") from None
    return parse_query_text(text, path.stem, path)


# --------------------------------------------------------------------------- parameters


def normalise_name(text: str) -> str:
    """Unicode NFKC, case-folded, without spaces and name separators (・ - _ .)."""
    return _NAME_NOISE.sub("", unicodedata.normalize("NFKC", text).casefold())


def parse_iri(value: str, what: str = "value") -> URIRef:
    """A full IRI (optionally in <>), a prefixed name of the project prefixes, or a bare
    name taken as a ``gk:`` term (``threatens`` -> ``gk:threatens``)."""
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    else:
        prefix, sep, local = text.partition(":")
        if sep and prefix in PREFIXES and not local.startswith("//"):
            text = str(PREFIXES[prefix]) + local
        elif not sep and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
            text = str(GK) + text
    # isprintable: no control characters and no Unicode spaces (a pasted no-break space),
    # which RFC 3987 would accept; Oxigraph checks the rest
    if not (text.isprintable() and _valid_iri(text)):
        raise QueryError(f"{what}: {value!r} is not an IRI (give <http://...> or a prefix:name)")
    return str.__new__(URIRef, text)  # checked by Oxigraph: URIRef's own check is spare


def _valid_iri(text: str) -> bool:
    """Oxigraph's own RFC 3987 check (absolute IRIs only), so a bound IRI can never break
    the query text."""
    import pyoxigraph as ox

    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def resolve_entity(
    store: KGStore, value: str, kind: str = "actor", *, param: str = "actor"
) -> URIRef:
    """The IRI of the actor (or concept/place for ``entity``) that ``value`` names.

    Tries, in order: a full IRI or prefixed name (taken as is); a Wikidata id; an exact
    label (rdfs:label / skos:altLabel tagged ja, en or untagged) or key, with one indexed
    query; then every label compared after NFKC + casefold + dropping separators. No
    match raises a QueryError listing close matches; several raise one listing them.
    """
    text = value.strip()
    if text.startswith("<"):
        return parse_iri(text, f"parameter {param}")
    classes = _ENTITY_CLASSES[kind]
    noun = "actor" if kind == "actor" else "actor, concept or place"
    if not text:
        raise QueryError(f"parameter {param}: empty {noun} name")
    prefix, sep, rest = text.partition(":")
    is_iri = sep and (prefix in PREFIXES or rest.startswith("//") or prefix.lower() == "urn")
    if is_iri and not _WIKIDATA_ID.match(text):
        return parse_iri(text, f"parameter {param}")
    class_values = " ".join(c.n3() for c, _ in classes)
    wd = _WIKIDATA_ID.match(text)
    if wd:
        res = store.query(
            "SELECT DISTINCT ?e WHERE { ?e owl:sameAs ?wd . "
            f"FILTER EXISTS {{ VALUES ?cls {{ {class_values} }} ?e a ?cls }} }}",
            {"wd": WD[wd.group(1).upper()]},
        )
        return _one(res, text, noun, param)
    literals = " ".join(
        sparql_term(Literal(text, lang=lang) if lang else Literal(text))
        for lang in ("ja", "en", "")
    )
    keys = ""
    if _KEY.match(text):
        keys = " ".join(ID[f"{folder}/{text}"].n3() for _, folder in classes)
    sparql = (
        "SELECT DISTINCT ?e WHERE { "
        f"{{ VALUES ?l {{ {literals} }} {{ ?e rdfs:label ?l }} UNION {{ ?e skos:altLabel ?l }} }}"
        + (f" UNION {{ VALUES ?e {{ {keys} }} }}" if keys else "")
        + f" FILTER EXISTS {{ VALUES ?cls {{ {class_values} }} ?e a ?cls }} }}"
    )
    res = store.query(sparql)
    if res.rows:
        return _one(res, text, noun, param)
    return _fuzzy(store, text, classes, noun, param)


def _one(res: QueryResult, text: str, noun: str, param: str) -> URIRef:
    found = sorted({row[0] for row in res.rows if isinstance(row[0], URIRef)})
    if not found:
        raise QueryError(f"parameter {param}: no {noun} matches {text!r}")
    if len(found) > 1:
        listed = ", ".join(_short(iri) for iri in found[:8])
        raise QueryError(
            f"parameter {param}: {text!r} names several {noun}s: {listed}; give the key or IRI"
        )
    return found[0]


def _fuzzy(
    store: KGStore,
    text: str,
    classes: Sequence[tuple[URIRef, str]],
    noun: str,
    param: str,
) -> URIRef:
    class_values = " ".join(c.n3() for c, _ in classes)
    # two DISTINCT queries joined here: joining in the engine would multiply the copies of
    # the type and label triples that every document graph holds
    typed = store.query(
        f"SELECT DISTINCT ?e WHERE {{ VALUES ?cls {{ {class_values} }} ?e a ?cls }}"
    )
    wanted_entities = {row[0] for row in typed.rows}
    labelled = store.query(
        "SELECT DISTINCT ?e ?l WHERE { { ?e rdfs:label ?l } UNION { ?e skos:altLabel ?l } }"
    )
    rows = [(e, label) for e, label in labelled.rows if e in wanted_entities]
    rows += [(e, None) for e in wanted_entities]
    names: dict[str, set[URIRef]] = {}
    shown: dict[str, str] = {}
    for entity, label in rows:
        if not isinstance(entity, URIRef):
            continue
        for name in (str(label) if label is not None else "", str(entity).rsplit("/", 1)[-1]):
            norm = normalise_name(name)
            if norm:
                names.setdefault(norm, set()).add(entity)
                shown.setdefault(norm, name)
    wanted = normalise_name(text)
    hits = names.get(wanted, set())
    if len(hits) == 1:
        return next(iter(hits))
    if len(hits) > 1:
        listed = ", ".join(_short(iri) for iri in sorted(hits)[:8])
        raise QueryError(
            f"parameter {param}: {text!r} names several {noun}s: {listed}; give the key or IRI"
        )
    close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.6)
    close += [n for n in names if wanted and wanted in n and n not in close][: 5 - len(close)]
    hint = f"; close matches: {', '.join(shown[n] for n in close)}" if close else ""
    raise QueryError(f"parameter {param}: no {noun} matches {text!r}{hint}")


def _short(iri: URIRef) -> str:
    text = str(iri)
    return text[len(str(ID)) :] if text.startswith(str(ID)) else text


def convert_param(store: KGStore, param: Param, value: str) -> Node:
    """The RDF term a parameter value stands for, by the parameter's type."""
    where = f"parameter {param.name}"
    if param.type in _ENTITY_CLASSES:
        return resolve_entity(store, value, param.type, param=param.name)
    if param.type == "string":
        return Literal(value)
    if param.type == "date":
        try:
            return Literal(date.fromisoformat(value.strip()).isoformat(), datatype=XSD.date)
        except ValueError:
            raise QueryError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None
    if param.type == "integer":
        try:
            return Literal(int(value.strip()), datatype=XSD.integer)
        except ValueError:
            raise QueryError(f"{where}: {value!r} is not an integer") from None
    return parse_iri(value, where)


def bind_params(store: KGStore, query: LibraryQuery, values: Mapping[str, str]) -> dict[str, Node]:
    """Turn ``--param name=value`` strings (plus header defaults) into RDF terms.

    Queries without a header accept any parameter: ``<...>`` is an IRI, anything else a
    string literal.
    """
    extra = [n for n in values if query.param(n) is None]
    if extra and (query.has_header or query.params):
        known = ", ".join(p.name for p in query.params) or "none"
        raise QueryError(
            f"query {query.name} has no parameter {extra[0]!r}; its parameters: {known}"
        )
    bindings: dict[str, Node] = {}
    for p in query.params:
        value = values.get(p.name, p.default)
        if value == "" and p.optional:
            continue
        bindings[p.name] = convert_param(store, p, value)
    for name in extra:
        value = values[name]
        v = value.strip()
        bindings[name] = parse_iri(v, f"parameter {name}") if v.startswith("<") else Literal(value)
    return bindings


def parse_param_options(items: Sequence[str]) -> dict[str, str]:
    """``name=value`` strings from the command line into a dict (later ones win)."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise QueryError(f"bad --param {item!r}; write --param name=value")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"bad parameter name {name!r} in --param {item!r}")
        out[name] = value
    return out


_OWN_LIMIT = re.compile(r"\bLIMIT\s+\d+\s*(OFFSET\s+\d+\s*)?$", re.IGNORECASE)


def limited_text(query: LibraryQuery, limit: int | None = None) -> str:
    """The SPARQL to run: with ``LIMIT n`` appended when a row limit applies.

    ``limit`` None means the query's own ``# limit`` header; 0 means no limit. A query that
    ends in its own LIMIT keeps it; asking for another one then is an error.
    """
    wanted = query.limit if limit is None else limit
    if wanted is not None and wanted < 0:
        raise QueryError(f"--limit must be 0 (no limit) or a positive number, not {wanted}")
    if not wanted:
        return query.sparql
    if _OWN_LIMIT.search(_mask(query.sparql).rstrip()):
        if limit is None:
            return query.sparql
        raise QueryError("the query already ends in a LIMIT; drop --limit or edit the query")
    return f"{query.sparql.rstrip()}\nLIMIT {wanted}\n"


def run_query(
    store: KGStore,
    query: LibraryQuery,
    values: Mapping[str, str] | None = None,
    limit: int | None = None,
) -> QueryResult:
    """Bind the parameters and run the query (read-only: updates are refused).

    ``limit``: at most this many rows (None: the query's ``# limit`` header; 0: all).
    """
    if looks_like_update(query.sparql):
        raise QueryError(
            f"query {query.name} is an update; kg query runs it only with --allow-update"
        )
    text = limited_text(query, limit)
    bindings = bind_params(store, query, values or {})
    with gc_paused():  # one pause for the rows and their sort keys (see kg.store.gc_paused)
        return present(store, query, store.query(text, bindings))


def present(store: KGStore, query: LibraryQuery, result: QueryResult) -> QueryResult:
    """The answer as the header asks: label columns added, rows in the ``order`` given."""
    if result.kind != "select":
        return result
    with gc_paused():  # new rows and keys, no cycles: see kg.store.gc_paused
        if query.labels:
            result = add_labels(store, result, query.labels)
        if query.order:
            result = sort_rows(result, query.order, query.name)
    return result


_NUMERIC = frozenset(
    str(XSD[t])
    for t in (
        "integer",
        "decimal",
        "double",
        "float",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
    )
)
_BOOLEAN = str(XSD.boolean)
_ORDERED_BY_VALUE = _NUMERIC | {_BOOLEAN}


def _sort_key(term: Node | None) -> tuple[int, float, str]:
    """SPARQL's ORDER BY ranks: unbound, blank nodes, IRIs, then literals (numbers by value).

    Always (rank, number, text). Numbers carry no text: equal values written differently
    (1, 1.0) tie, as they do in :func:`_column_keys`, and the whole-row tie-break orders them.
    """
    if term is None:
        return (0, 0.0, "")
    kind = type(term)
    if kind is URIRef:
        return (2, 0.0, str(term))
    if kind is Literal or isinstance(term, Literal):
        datatype = term._datatype  # the slot: the property is a Python call
        if datatype is not None:
            if str(datatype) in _NUMERIC:
                try:
                    return (3, float(term), "")
                except ValueError:
                    pass
            elif str(datatype) == _BOOLEAN:
                return (4, float(str(term) in ("true", "1")), "")
        return (5, 0.0, str(term))
    if isinstance(term, URIRef):
        return (2, 0.0, str(term))
    return (1, 0.0, str(term))


def _column_keys(terms: list[Node | None]) -> list:
    """The sort keys of one column, as cheap as its terms allow: the texts when all are IRIs
    or all are non-numeric literals (one rank: the text alone orders them), the values when
    all are numbers; otherwise :func:`_sort_key` of each term. Plain strings and floats
    compare several times faster than tuples."""
    kinds = set(map(type, terms))
    if kinds == {URIRef}:
        return list(map(str, terms))
    if kinds == {Literal}:
        datatypes = {str(d) for d in set(map(_DATATYPE, terms)) if d is not None}
        if not datatypes & _ORDERED_BY_VALUE:
            return list(map(str, terms))
        if datatypes <= _NUMERIC:
            try:
                return list(map(float, terms))
            except ValueError:  # an ill-typed number: the generic ranks below
                pass
    return list(map(_sort_key, terms))


_DATATYPE = attrgetter("_datatype")  # the slot itself: the property is a Python call

#: answers up to this many rows get their sort keys row by row with :func:`_sort_key`;
#: longer ones column by column with :func:`_column_keys`. Both give the same order. On a
#: few rows the per-column checks cost more than they save: measured at 1M triples on
#: sentences-mentioning (7 rows) right after the query ran, 19 us against 26 us.
FEW_ROWS = 32


def _row_key(row: Sequence[Node | None]) -> tuple:
    return tuple(("", 0) if t is None else (str(t), 1) for t in row)


@lru_cache(maxsize=256)
def _order_columns(
    variables: tuple[str, ...], order: tuple[str, ...], name: str
) -> tuple[tuple[int, bool], ...]:
    """(column index, descending) for each ``order`` column, checked once per answer shape."""
    keys: list[tuple[int, bool]] = []
    for column in order:
        var = column.lstrip("-+?")
        if var not in variables:
            raise QueryError(f"query {name}: order column {var!r} is not in its answer")
        keys.append((variables.index(var), column.startswith("-")))
    return tuple(keys)


def sort_rows(result: QueryResult, order: Sequence[str], name: str = "query") -> QueryResult:
    """Rows sorted by the ``order`` header's columns, then by the whole row.

    The whole-row tie-break (by the terms' text) makes the order total, so every store
    backend returns the same sequence whatever order its engine produced.
    """
    keys = _order_columns(tuple(result.variables), tuple(order), name)
    rows = result.rows
    if len(rows) < 2:
        return result
    if len(rows) <= FEW_ROWS:
        indexes = [i for i, _ in keys]
        decorated = [([_sort_key(row[i]) for i in indexes], row) for row in rows]
    else:
        columns = [_column_keys(list(map(itemgetter(i), rows))) for i, _ in keys]
        row_keys = columns[0] if len(columns) == 1 else zip(*columns, strict=True)
        decorated = list(zip(row_keys, rows, strict=True))
    directions = {descending for _, descending in keys}
    if len(directions) == 1:  # one pass when every column sorts the same way
        decorated.sort(key=_FIRST, reverse=directions.pop())
    else:
        for position in reversed(range(len(keys))):
            decorated.sort(key=lambda pair, p=position: pair[0][p], reverse=keys[position][1])
    ordered_keys = [key for key, _ in decorated]
    rows = [row for _, row in decorated]
    if any(map(eq, ordered_keys, ordered_keys[1:])):  # the tie-break, only where keys tie
        for start, stop in _tied_runs(ordered_keys):
            rows[start:stop] = sorted(rows[start:stop], key=_row_key)
    return QueryResult(result.kind, result.variables, rows, result.boolean, result.triples)


_FIRST = itemgetter(0)


def _tied_runs(keys: Sequence[object]) -> Iterator[tuple[int, int]]:
    """(start, stop) of each run of equal neighbouring keys; the scan runs in C
    (``map``/``compress``), since most answers have no ties at all."""
    start = stop = -1
    for i in compress(count(), map(eq, keys, keys[1:])):  # keys[i] == keys[i + 1]
        if i != stop - 1:
            if stop > start:
                yield start, stop
            start = i
        stop = i + 2
    if stop > start:
        yield start, stop


# --------------------------------------------------------------------------- labels

_LABEL_BATCH = 5000


def fetch_labels(store: KGStore, iris: Iterable[URIRef | str]) -> dict[URIRef, str]:
    """One display label per IRI (graph id:labels; Japanese, else English, else any)."""
    unique = [URIRef(iri) for iri in sorted({str(iri) for iri in iris})]
    found: dict[URIRef, str] = {}
    for i in range(0, len(unique), _LABEL_BATCH):
        labels = store.display_labels(unique[i : i + _LABEL_BATCH])
        found.update({URIRef(iri): label for iri, label in labels.items()})
    return found


def _iris_in_text(text: str) -> list[str]:
    """The IRIs of a cell: one IRI, or a space-separated GROUP_CONCAT list of them."""
    return [t for t in text.split() if _ABSOLUTE_IRI.match(t)]


def add_labels(store: KGStore, result: QueryResult, columns: Sequence[str]) -> QueryResult:
    """Insert a ``<column>Label`` column after each IRI column named in ``columns``.

    A column may hold one IRI or a space-separated list of IRIs (``GROUP_CONCAT`` of
    ``STR(?x)``); a list is rewritten in sorted order (stable across stores) and its
    labels are joined with ", ". An entity without a label shows its key.
    """
    wanted = [c for c in columns if c in result.variables and f"{c}Label" not in result.variables]
    if not wanted:
        return result
    idx = {c: result.variables.index(c) for c in wanted}
    texts = {str(term) for row in result.rows for c in wanted if (term := row[idx[c]]) is not None}
    iris = [iri for text in texts for iri in _iris_in_text(text)]
    labels = {str(k): v for k, v in fetch_labels(store, iris).items()} if iris else {}

    def label_of(iri: str) -> str:
        return labels.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    # one label literal per distinct cell text: answers repeat the same actors many times
    shown: dict[str, tuple[Node, Node]] = {}

    def labelled(term: URIRef | Literal) -> tuple[Node, Node]:
        text = str(term)
        pair = shown.get(text)
        if pair is None:
            if isinstance(term, URIRef):
                pair = (term, string_literal(label_of(text)))
            else:
                members = sorted(set(_iris_in_text(text)))
                pair = (
                    string_literal(" ".join(members)),
                    string_literal(", ".join(sorted(label_of(m) for m in members))),
                )
            shown[text] = pair
        return pair

    variables: list[str] = []
    for v in result.variables:
        variables.append(v)
        if v in idx:
            variables.append(f"{v}Label")
    rows = []
    for row in result.rows:
        out: list[Node | None] = []
        for v, term in zip(result.variables, row, strict=True):
            if v not in idx:
                out.append(term)
            elif isinstance(term, URIRef | Literal):
                out.extend(labelled(term))
            else:
                out.extend([term, None])
        rows.append(tuple(out))
    return QueryResult(result.kind, variables, rows, result.boolean, result.triples)
