"""`kg stats`: what the store holds."""

from __future__ import annotations

import json

import click

from kg.commands.common import store_option


@click.command()
@store_option
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--top",
    default=10,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="How many of the most connected actors to list.",
)
def stats(store: str | None, update_url: str | None, fmt: str, top: int) -> None:
    """Count documents, sentences, actors by type, events by relation, claims by modality
    and triples in the store."""
    from kg.stats import collect_stats, format_stats
    from kg.store import open_store

    with open_store(store, read_only=True, update_url=update_url) as kg_store:
        result = collect_stats(kg_store, top=top)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        for line in format_stats(result):
            click.echo(line)
