"""`kg extract`: extraction of files printed as RDF, without touching any store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

FORMATS = ["turtle", "trig", "nt", "nquads", "jsonld"]


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default="turtle",
    show_default=True,
    help="turtle/nt: the merged graph; trig/nquads/jsonld: one named graph per document.",
)
@click.option(
    "--jobs",
    "-j",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes for the GiNZA parse.",
)
def extract(files: tuple[Path, ...], fmt: str, jobs: int) -> None:
    """Extract actors, CAMEO-coded events and attributed claims from article files and print
    the graph (actors, relations, events, claims and provenance) to stdout."""
    from kg.documents import load_paths
    from kg.extract import extract_documents
    from kg.rdf import extraction_triples, graph_name
    from kg.store import open_store

    documents = load_paths(list(files))
    extractions = extract_documents(documents, n_process=jobs)
    with open_store(memory=True) as mem:
        mem.replace_graphs({graph_name(ex): list(extraction_triples(ex)) for ex in extractions})
        mem.export(sys.stdout.buffer, fmt)
    sys.stdout.flush()
