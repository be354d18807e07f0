"""SHACL validation of extracted graphs against ``ontology/shapes.ttl`` (pySHACL).

The shapes check ``rdf:type`` directly, so validation runs without a reasoner
(``inference='none'``) and without the ontology. Results of severity ``sh:Warning`` or
``sh:Info`` are reported but do not make a graph non-conforming.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from kg import paths
from kg.errors import InputError
from kg.namespaces import PREFIXES

#: file extension -> pyoxigraph format name (attribute of ``pyoxigraph.RdfFormat``)
RDF_FILE_FORMATS: dict[str, str] = {
    ".ttl": "TURTLE",
    ".turtle": "TURTLE",
    ".trig": "TRIG",
    ".nt": "N_TRIPLES",
    ".ntriples": "N_TRIPLES",
    ".nq": "N_QUADS",
    ".nquads": "N_QUADS",
    ".jsonld": "JSON_LD",
    ".json-ld": "JSON_LD",
    ".json": "JSON_LD",
    ".rdf": "RDF_XML",
    ".owl": "RDF_XML",
}

_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result."""

    focus: Node  # the node that failed (an event, actor, sentence ...)
    path: str | None  # the property path, prefixed ("gk:agent"), None for node constraints
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    value: Node | None = None  # the offending value, when the constraint names one
    shape: Node | None = None  # the shape that produced the result
    component: str = ""  # constraint component local name, e.g. "MinCountConstraintComponent"


@dataclass
class ValidationReport:
    """The outcome of :func:`validate_graph`. ``conforms`` ignores warnings and infos."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0  # size of the validated graph

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "Violation"]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity != "Violation"]

    @property
    def focus_nodes(self) -> set[Node]:
        return {v.focus for v in self.errors}

    def as_dict(self) -> dict[str, Any]:
        return {
            "conforms": self.conforms,
            "triples": self.triples,
            "violations": len(self.errors),
            "warnings": len(self.warnings),
            "results": [
                {
                    "severity": v.severity,
                    "focus": shorten(v.focus),
                    "path": v.path,
                    "value": None if v.value is None else shorten(v.value),
                    "message": v.message,
                    "component": v.component,
                }
                for v in self.violations
            ],
        }


@contextlib.contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Silence rdflib's per-literal tracebacks for ill-typed values ("2025-13-45"^^xsd:date):
    the shapes report those as violations, one readable line each."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The parsed shapes (cached: pySHACL does not modify its shapes graph)."""
    g = Graph()
    try:
        g.parse(paths.SHAPES_FILE, format="turtle")
    except (OSError, SyntaxError) as exc:
        raise InputError(f"cannot read SHACL shapes {paths.SHAPES_FILE}: {exc}") from exc
    return g


def union_graph(data: Graph | Dataset) -> Graph:
    """One in-memory Graph holding every triple of ``data`` (all graphs of a Dataset).

    Literals typed ``xsd:string`` become simple literals: RDF 1.1 makes them the same
    term, but rdflib (and so pySHACL's ``sh:in`` / ``sh:hasValue``) compares them as
    different, and Oxigraph-backed graphs return the typed form.
    """
    triples = data.quads((None, None, None, None)) if isinstance(data, Dataset) else data
    union = Graph()
    for s, p, o, *_ in triples:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        union.add((s, p, o))
    return union


def validate_graph(data: Graph | Dataset, *, ont_graph: Graph | None = None) -> ValidationReport:
    """Validate ``data`` (for a Dataset: the union of its graphs) against the shapes."""
    import pyshacl

    graph = union_graph(data)
    with quiet_rdflib():
        _conforms, results, _text = pyshacl.validate(
            graph,
            shacl_graph=shapes_graph(),
            ont_graph=ont_graph,
            inference="none",
            abort_on_first=False,
            allow_infos=True,
            allow_warnings=True,
            meta_shacl=False,
            advanced=False,
        )
    violations = sorted(_results(results), key=_sort_key)
    return ValidationReport(
        conforms=not any(v.severity == "Violation" for v in violations),
        violations=violations,
        triples=len(graph),
    )


def _results(report: Graph) -> Iterator[Violation]:
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        component = report.value(result, SH.sourceConstraintComponent)
        yield Violation(
            focus=report.value(result, SH.focusNode),
            path=None if path is None else render_path(report, path),
            message=str(message) if message is not None else _local(component),
            severity=_local(severity) or "Violation",
            value=report.value(result, SH.value),
            shape=report.value(result, SH.sourceShape),
            component=_local(component),
        )


def _sort_key(v: Violation) -> tuple[int, str, str, str, str]:
    value = "" if v.value is None else str(v.value)
    return (_SEVERITY_ORDER.get(v.severity, 3), str(v.focus), v.path or "", v.message, value)


def _local(node: Node | None) -> str:
    if node is None:
        return ""
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def render_path(g: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL-like syntax with prefixed names."""
    if isinstance(path, URIRef):
        return shorten(path)
    alternatives = g.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(render_path(g, p) for p in Collection(g, alternatives))
    inverse = g.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + render_path(g, inverse)
    for prop, suffix in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        inner = g.value(path, prop)
        if inner is not None:
            return f"({render_path(g, inner)}){suffix}"
    if (path, RDF.first, None) in g:
        return "/".join(render_path(g, p) for p in Collection(g, path))
    return str(path)


def shorten(node: Node) -> str:
    """A readable name: ``gk:agent``, ``id:doc/abc/e1``, ``"2025-13-01"^^xsd:date``."""
    if isinstance(node, URIRef):
        text = str(node)
        best = max(
            ((p, str(ns)) for p, ns in PREFIXES.items() if text.startswith(str(ns))),
            key=lambda item: len(item[1]),
            default=None,
        )
        return f"{best[0]}:{text[len(best[1]) :]}" if best else f"<{text}>"
    if isinstance(node, Literal):
        lexical = '"' + str(node).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if node.language:
            return f"{lexical}@{node.language}"
        if node.datatype is not None and node.datatype != XSD.string:
            return f"{lexical}^^{shorten(node.datatype)}"
        return lexical
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def format_report(report: ValidationReport) -> str:
    """One result per line: ``Violation id:doc/k/e1 gk:agent: message (value: ...)``."""
    lines = []
    for v in report.violations:
        where = shorten(v.focus) + (f" {v.path}" if v.path else "")
        value = "" if v.value is None or v.value == v.focus else f" (value: {shorten(v.value)})"
        lines.append(f"{v.severity} {where}: {v.message}{value} [{constraint_name(v)}]")
    return "\n".join(lines)


def constraint_name(v: Violation) -> str:
    """``minCount``, ``datatype``, ``sparql`` ... from the constraint component IRI."""
    name = v.component.removesuffix("ConstraintComponent")
    if not name:
        return "constraint"
    return name if name.isupper() else name[:1].lower() + name[1:]


def summary_line(report: ValidationReport) -> str:
    """``conforms`` or ``N violations`` plus warnings and the number of triples checked."""
    n, w = len(report.errors), len(report.warnings)
    head = "conforms" if report.conforms else f"{n} violation{'s' if n != 1 else ''}"
    return f"{head}, {w} warning{'s' if w != 1 else ''} ({report.triples} triples checked)"


# ---------------------------------------------------------------------------------------------
# Reading RDF files with precise syntax errors


def rdf_files(paths_: Iterable[str | Path]) -> list[Path]:
    """The RDF files named, with folders expanded to the RDF files they hold (sorted)."""
    found: list[Path] = []
    for raw in paths_:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in RDF_FILE_FORMATS
            )
            if not inside:
                raise InputError(f"{path}: folder holds no RDF files ({_extensions()})")
            found.extend(inside)
        elif not path.exists():
            raise InputError(f"{path}: no such file")
        else:
            found.append(path)
    return found


def _extensions() -> str:
    return ", ".join(sorted(set(RDF_FILE_FORMATS)))


def read_rdf_file(path: str | Path, *, blank_prefix: str = "") -> list[tuple[Node, Node, Node]]:
    """Triples of one file (all graphs of a quad format), as rdflib terms.

    The format follows the extension; malformed input raises ``InputError`` naming the
    line and column the parser reports. Blank nodes get ``blank_prefix`` so that labels
    of different files never merge.
    """
    import pyoxigraph as ox

    path = Path(path)
    fmt_name = RDF_FILE_FORMATS.get(path.suffix.lower())
    if fmt_name is None:
        raise InputError(f"{path}: unknown RDF file extension; use one of {_extensions()}")
    fmt = getattr(ox.RdfFormat, fmt_name)
    try:
        quads = list(ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri()))
    except SyntaxError as exc:
        raise InputError(f"{path}: malformed {fmt.name}: {_syntax_message(exc)}") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read {fmt.name}: {' '.join(str(exc).split())}") from None
    with quiet_rdflib():
        return [
            (
                _term(q.subject, path, blank_prefix),
                URIRef(q.predicate.value),
                _term(q.object, path, blank_prefix),
            )
            for q in quads
        ]


def _syntax_message(exc: SyntaxError) -> str:
    text = " ".join(str(exc.msg if exc.msg else exc).split())
    if exc.lineno and "line" not in text:
        return f"line {exc.lineno}, column {exc.offset or 0}: {text}"
    return text


def _term(node: Any, path: Path, blank_prefix: str) -> Node:
    import pyoxigraph as ox

    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if isinstance(node, ox.BlankNode):
        return BNode(blank_prefix + node.value)
    if isinstance(node, ox.Literal):
        if node.language:
            return Literal(node.value, lang=node.language)
        if node.datatype.value == str(XSD.string):
            return Literal(node.value)
        return Literal(node.value, datatype=URIRef(node.datatype.value))
    raise InputError(f"{path}: RDF-star quoted triples are not supported")


def read_rdf_files(paths_: Iterable[str | Path]) -> Graph:
    """The union of the triples of every file (folders expanded), as one rdflib Graph."""
    graph = Graph()
    for i, path in enumerate(rdf_files(paths_)):
        for triple in read_rdf_file(path, blank_prefix=f"f{i}"):
            graph.add(triple)
    return graph
