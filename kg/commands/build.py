"""`kg build`: the main job — ingest, then write the Turtle, TriG, HTML view and summary."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder for graph.ttl, graph.trig, index.html and summary.",
)
@click.option(
    "--store",
    default=None,
    metavar="DIR|URL",
    help="Store to ingest into (default: OUT/store, so each build is self-contained).",
)
@click.option(
    "--update-url", default=None, metavar="URL", help="Update endpoint of a remote store."
)
@click.option(
    "--jobs",
    "-j",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes for the GiNZA parse.",
)
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def build(
    paths: tuple[Path, ...],
    out: Path,
    store: str | None,
    update_url: str | None,
    jobs: int,
    lang: str,
    quiet: bool,
) -> None:
    """Ingest articles (files or folders), then write OUT/graph.ttl (merged graph),
    OUT/graph.trig (one named graph per document, with provenance), the interactive
    offline view OUT/index.html and OUT/summary.json / summary.txt."""
    from kg.commands.ingest import run_ingest
    from kg.errors import OutputError
    from kg.ingest import collect_inputs
    from kg.stats import collect_stats, format_stats
    from kg.store import atomic_output, open_store
    from kg.views import write_view

    collect_inputs(list(paths))  # bad paths fail before anything is created
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {out}: {exc.strerror}") from None
    location = store or str(out / "store")
    with open_store(location, create=True, update_url=update_url) as kg_store:
        summary = run_ingest(kg_store, list(paths), jobs=jobs, force=False, quiet=quiet)
        ttl, trig, html = out / "graph.ttl", out / "graph.trig", out / "index.html"
        with atomic_output(ttl) as fh:
            kg_store.export(fh, "turtle")
        with atomic_output(trig) as fh:
            kg_store.export(fh, "trig")
        view = write_view(kg_store, html, kind="overview", lang=lang)
        stats = collect_stats(kg_store)
    lines = [*summary.lines(), *format_stats(stats)]
    with atomic_output(out / "summary.txt") as fh:
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    with atomic_output(out / "summary.json") as fh:
        payload = {"ingest": summary.__dict__, "store": stats.as_dict(), "store_location": location}
        fh.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str).encode("utf-8"))
    for line in lines:
        click.echo(line)
    click.echo(f"store:   {location}")
    click.echo(f"view:    {html}  ({view.nodes} nodes, {view.edges} edges)")
    click.echo(f"summary: {out / 'summary.txt'}")
    click.echo(f"trig:    {trig}")
    click.echo(f"turtle:  {ttl}")
