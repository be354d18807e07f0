"""`kg validate`: check RDF files or the store against the SHACL shapes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.commands.common import store_option


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report as readable lines or as JSON.",
)
def validate(
    files: tuple[Path, ...],
    store: str | None,
    update_url: str | None,
    fmt: str,
) -> None:
    """Validate FILES (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML by extension;
    folders are searched for such files) or, without FILES, the store, against the SHACL
    shapes of the ontology. FILES and --store together are checked as one graph.

    Exit status: 0 when the graph conforms, 1 when there are violations, 2 for bad input.
    """
    from rdflib import Graph

    from kg.validate import format_report, read_rdf_files, summary_line, validate_graph

    graph = read_rdf_files(files) if files else Graph()
    if store is not None or not files:
        from kg.store import open_store

        with open_store(store, read_only=True, update_url=update_url) as kg_store:
            result = kg_store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            for triple in result.triples:
                graph.add(triple)
    report = validate_graph(graph)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(summary_line(report))
        if report.violations:
            click.echo(format_report(report))
    if not report.conforms:
        # sys.exit, not ctx.exit: the CLI runs click with standalone_mode=False, which
        # turns ctx.exit codes into a return value that is not passed on.
        sys.exit(1)
