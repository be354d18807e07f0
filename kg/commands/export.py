"""`kg export`: the store as an RDF file (written atomically) or to stdout."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.commands.common import store_option

FORMATS = ["turtle", "trig", "nt", "nquads", "jsonld"]


@click.command()
@store_option
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Default: from the --out extension, else turtle.",
)
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="Output file (written to a temporary file, then renamed). Default: stdout.",
)
def export(store: str | None, update_url: str | None, fmt: str | None, out: Path | None) -> None:
    """Export the store. Turtle and N-Triples hold the merged graph; TriG, N-Quads and
    JSON-LD keep one named graph per document, hence the provenance."""
    from kg.store import atomic_output, format_for_path, open_store

    if fmt is None:
        fmt = (format_for_path(out) if out else None) or "turtle"
    with open_store(store, read_only=True, update_url=update_url) as kg_store:
        if out is None:
            kg_store.export(sys.stdout.buffer, fmt)
            sys.stdout.flush()
            return
        with atomic_output(out) as fh:
            kg_store.export(fh, fmt)
    click.echo(f"wrote {out}", err=True)
