"""`kg view`: write an interactive network view as one HTML file that works offline."""

from __future__ import annotations

from pathlib import Path

import click

from kg.commands.common import store_option


@click.command()
@store_option
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("kg-view.html"),
    show_default=True,
    help="HTML file to write (replaced atomically).",
)
@click.option(
    "--kind",
    type=click.Choice(["overview", "focus", "claims", "document", "query"]),
    default="overview",
    show_default=True,
    help="overview: actors and their relations; focus: one actor's ego network; claims: "
    "who claims what; document: one article; query: a CONSTRUCT or ?source ?relation "
    "?target SELECT result.",
)
@click.option("--focus", default=None, metavar="ACTOR", help="Actor label, key or IRI.")
@click.option(
    "--hops",
    default=2,
    show_default=True,
    type=click.IntRange(1, 10),
    help="Radius of the focus view.",
)
@click.option("--document", default=None, metavar="DOC", help="Document IRI, key or title.")
@click.option("--query", default=None, metavar="NAME|FILE", help="Library query name or .rq file.")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Parameter of the --query (repeatable).",
)
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True)
@click.option(
    "--max-nodes",
    default=2000,
    show_default=True,
    type=click.IntRange(0),
    help="Keep only the N most central nodes (0: no limit); the page lists what was left out.",
)
@click.option(
    "--physics/--no-physics",
    default=None,
    help="Live force simulation in the page (default: on up to 150 nodes, else off).",
)
def view(
    store: str | None,
    update_url: str | None,
    out: Path,
    kind: str,
    focus: str | None,
    hops: int,
    document: str | None,
    query: str | None,
    params: tuple[str, ...],
    lang: str,
    max_nodes: int,
    physics: bool | None,
) -> None:
    """Write an interactive network view (one self-contained HTML file: no network needed).

    Nodes are actors (shape and colour by type, size by degree centrality) and concepts;
    edges are relations coloured by CAMEO QuadClass. Hover for the evidence sentence,
    click for details; search, filter by node type and by relation.
    """
    from kg.queries import parse_param_options
    from kg.store import open_store
    from kg.views import write_view

    if kind == "overview" and focus:
        kind = "focus"
    with open_store(store, read_only=True, update_url=update_url) as kg_store:
        summary = write_view(
            kg_store,
            out,
            kind=kind,
            focus=focus,
            hops=hops,
            document=document,
            query=query,
            params=parse_param_options(params),
            lang=lang,
            max_nodes=max_nodes,
            physics=physics,
        )
    click.echo(
        f"wrote {summary.path} ({summary.kind}: {summary.nodes} nodes, {summary.edges} edges, "
        f"{summary.seconds:.2f} s)"
    )
    for note in summary.notes:
        click.echo(f"note: {note}")
