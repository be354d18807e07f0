"""`kg query`: run a library query, a .rq file or SPARQL text against the store.

Output formats: ``table`` (rich, IRIs shortened to prefixed names), ``csv`` and ``tsv``
(the W3C SPARQL 1.1 CSV and TSV result formats: CSV holds plain values, TSV holds
N-Triples terms), ``json`` (the W3C SPARQL 1.1 Query Results JSON format) and ``records``
(a JSON array with one object per row, plain values, numbers and booleans as JSON
numbers and booleans). CONSTRUCT and DESCRIBE results are printed as Turtle.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import click
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.commands.common import store_option
from kg.errors import QueryError

FORMATS = ["table", "csv", "tsv", "json", "records"]


@click.command()
@click.argument("query_ref", required=False, metavar="NAME|FILE")
@click.option("--sparql", "sparql_text", default=None, metavar="TEXT", help="SPARQL text to run.")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter (repeatable); actor parameters take any label, key or IRI.",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="csv/tsv: W3C SPARQL CSV/TSV results; json: W3C SPARQL results JSON; "
    "records: a JSON array of row objects. CONSTRUCT results are always Turtle.",
)
@store_option
@click.option(
    "--memory",
    "memory_files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="Query these RDF files loaded into a temporary in-memory store (repeatable).",
)
@click.option(
    "--limit",
    type=int,
    default=None,
    metavar="N",
    help="At most N rows; 0 for all. Default: the query's own limit (see --list), else all.",
)
@click.option("--list", "list_queries", is_flag=True, help="List the library queries and exit.")
@click.option("--allow-update", is_flag=True, help="Allow SPARQL Update (INSERT, DELETE, DROP...).")
def query(
    query_ref: str | None,
    sparql_text: str | None,
    params: tuple[str, ...],
    fmt: str,
    store: str | None,
    update_url: str | None,
    memory_files: tuple[Path, ...],
    limit: int | None,
    list_queries: bool,
    allow_update: bool,
) -> None:
    """Run a library query by NAME (see --list), a .rq FILE, or --sparql TEXT.

    \b
    Examples:
      kg query --list
      kg query actor-relations --param actor=プーチン
      kg query timeline -p from=2025-05-01 -p to=2025-05-31 --format csv
      kg query --sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?e a gk:Event }'
    """
    from kg import queries

    if list_queries:
        _print_library(queries.load_library(), fmt)
        return
    if (query_ref is None) == (sparql_text is None):
        raise QueryError(
            "give one query: a library NAME, a .rq FILE or --sparql TEXT "
            "(kg query --list shows the library)"
        )
    if sparql_text is not None:
        q = queries.parse_query_text(sparql_text, "sparql")
    else:
        assert query_ref is not None
        q = _load_ref(query_ref)
    values = queries.parse_param_options(params)

    from kg.store import looks_like_update

    is_update = looks_like_update(q.sparql)
    if is_update and not allow_update:
        raise QueryError(
            f"{'the --sparql text' if sparql_text is not None else q.name} is a SPARQL update "
            "(INSERT/DELETE/DROP...); "
            "kg query refuses to change the store unless given --allow-update"
        )
    if is_update and values:
        raise QueryError("parameters cannot be bound in a SPARQL update")
    with _open(store, update_url, memory_files, writable=is_update) as kg_store:
        if is_update:
            kg_store.update(q.sparql)
            click.echo("update done", err=True)
            return
        text = queries.limited_text(q, limit)
        result = kg_store.query(text, queries.bind_params(kg_store, q, values))
        result = queries.present(kg_store, q, result)
    cap = q.limit if limit is None else limit
    if result.kind == "select" and cap and len(result.rows) == cap and text != q.sparql:
        how = "the query's default limit" if limit is None else "--limit"
        click.echo(f"note: showing the first {cap} rows ({how}); --limit 0 shows all", err=True)
    out = sys.stdout
    if result.kind == "construct":
        _write_turtle(result.triples, out)
    elif result.kind == "ask":
        _write_boolean(bool(result.boolean), fmt, out)
    else:
        write_rows(result.variables, result.rows, fmt, out, title=q.title or q.name)
    out.flush()


def _load_ref(ref: str) -> Any:
    from kg import queries

    path = Path(ref)
    if ref.endswith((".rq", ".sparql")) or "/" in ref or path.is_file():
        if not path.is_file():
            raise QueryError(f"no query file {ref}")
        return queries.load_query_file(path)
    return queries.get_query(ref)


def _open(
    store: str | None, update_url: str | None, memory_files: Sequence[Path], *, writable: bool
) -> Any:
    from kg.store import format_for_path, open_store

    if memory_files:
        kg_store = open_store(memory=True)
        for path in memory_files:
            fmt = format_for_path(path)
            if fmt is None:
                raise QueryError(f"{path}: unknown RDF file extension (use .ttl, .trig, .nq ...)")
            if not path.is_file():
                raise QueryError(f"no such file: {path}")
            kg_store.import_file(path, fmt)
        kg_store.ensure_ontology()
        return kg_store
    return open_store(store, read_only=not writable, update_url=update_url)


# --------------------------------------------------------------------------- rendering

_SHORT_PREFIXES: list[tuple[str, str]] = []


def short_iri(iri: str) -> str:
    """``gk:threatens``, ``id:actor/RUS``, ``wd:Q7747``: for people, not for machines."""
    if not _SHORT_PREFIXES:
        from kg.namespaces import PREFIXES

        pairs = [(str(ns), p) for p, ns in PREFIXES.items()]
        _SHORT_PREFIXES.extend(sorted(pairs, key=lambda x: -len(x[0])))
    for namespace, prefix in _SHORT_PREFIXES:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _plain(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _display(term: Node | None) -> str:
    if isinstance(term, URIRef):
        return short_iri(str(term))
    return _plain(term)


def _nt(term: Node | None) -> str:
    """A term in N-Triples syntax on one line (the SPARQL TSV result format)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = str(term)
        for a, b in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
            text = text.replace(a, b)
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    return str(term)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def _record_value(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal) and term.datatype is not None:
        value = term.toPython()
        if isinstance(value, bool | int | float):
            return value
        if type(value).__name__ == "Decimal":
            return float(value)
    return _plain(term)


def write_rows(
    variables: Sequence[str],
    rows: Sequence[Sequence[Node | None]],
    fmt: str,
    out: IO[str],
    *,
    title: str = "",
) -> None:
    """Write SELECT results in one of :data:`FORMATS`."""
    if fmt == "json":
        data = {
            "head": {"vars": list(variables)},
            "results": {
                "bindings": [
                    {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
                    for row in rows
                ]
            },
        }
        json.dump(data, out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "records":
        records = [
            {v: _record_value(t) for v, t in zip(variables, row, strict=True)} for row in rows
        ]
        json.dump(records, out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_plain(t) for t in row] for row in rows)
        out.write(buf.getvalue())
    elif fmt == "tsv":
        out.write("\t".join(f"?{v}" for v in variables) + "\n")
        for row in rows:
            out.write("\t".join(_nt(t) for t in row) + "\n")
    else:
        _write_table(variables, rows, out, title)


def _write_table(
    variables: Sequence[str], rows: Sequence[Sequence[Node | None]], out: IO[str], title: str
) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title or None, show_lines=False, header_style="bold")
    for v in variables:
        table.add_column(v, overflow="fold")
    for row in rows:
        table.add_row(*(_display(t) for t in row))
    console = Console(file=out, width=None if out.isatty() else 200, soft_wrap=False)
    console.print(table)
    console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", style="dim")


def _write_boolean(value: bool, fmt: str, out: IO[str]) -> None:
    if fmt in ("json", "records"):
        json.dump({"head": {}, "boolean": value}, out)
        out.write("\n")
    else:
        out.write(("true" if value else "false") + "\n")


def _write_turtle(triples: Sequence[tuple[Node, Node, Node]], out: IO[str]) -> None:
    from rdflib import Graph

    from kg.namespaces import PREFIXES

    g = Graph()
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace, override=True)
    for t in triples:
        g.add(t)
    out.write(g.serialize(format="turtle"))


def _print_library(library: dict[str, Any], fmt: str) -> None:
    if fmt in ("json", "records"):
        data = [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "params": [
                    {
                        "name": p.name,
                        "default": p.default,
                        "type": p.type,
                        "description": p.description,
                    }
                    for p in q.params
                ],
                "limit": q.limit,
            }
            for q in library.values()
        ]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    if fmt in ("csv", "tsv"):
        sep = "," if fmt == "csv" else "\t"
        writer = csv.writer(sys.stdout, delimiter=sep, lineterminator="\n")
        writer.writerow(["name", "title", "params", "description"])
        for q in library.values():
            writer.writerow([q.name, q.title, _param_summary(q), q.description])
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="kg query library", header_style="bold", show_lines=True)
    for col in ("name", "title / description", "params"):
        table.add_column(col, overflow="fold")
    for q in library.values():
        table.add_row(
            escape(q.name),
            f"{escape(q.title)}\n[dim]{escape(q.description)}[/dim]",
            escape(_param_summary(q, "\n")),
        )
    out = sys.stdout
    Console(file=out, width=None if out.isatty() else 160).print(table)


def _param_summary(q: Any, sep: str = "; ") -> str:
    parts = []
    for p in q.params:
        default = p.default if p.default else "(optional)"
        parts.append(
            f"{p.name}={default} ({p.type})" + (f": {p.description}" if p.description else "")
        )
    if q.limit:
        parts.append(f"at most {q.limit} rows unless --limit is given")
    return sep.join(parts)
