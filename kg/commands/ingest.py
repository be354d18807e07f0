"""`kg ingest`: articles (files or folders) and RDF files into the store."""

from __future__ import annotations

from pathlib import Path

import click

from kg.commands.common import store_option


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option(
    "--jobs",
    "-j",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes for the GiNZA parse.",
)
@click.option("--force", is_flag=True, help="Re-extract files even when their hash is unchanged.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def ingest(
    paths: tuple[Path, ...],
    store: str | None,
    update_url: str | None,
    jobs: int,
    force: bool,
    quiet: bool,
) -> None:
    """Ingest articles (.txt/.md files or folders of them) into the store.

    Idempotent and incremental: unchanged files (same content hash) are skipped, a changed
    file replaces the named graphs of its articles. RDF files (.ttl, .trig, .nt, .nq,
    .jsonld) are imported as they are. Each batch is written in one transaction.
    """
    from kg.ingest import collect_inputs
    from kg.store import open_store

    collect_inputs(list(paths))  # bad paths fail before a store is created or opened
    with open_store(store, create=True, update_url=update_url) as kg_store:
        summary = run_ingest(kg_store, list(paths), jobs=jobs, force=force, quiet=quiet)
    for line in summary.lines():
        click.echo(line, err=line.startswith("warning"))


def run_ingest(kg_store, paths: list[Path], *, jobs: int, force: bool, quiet: bool):
    """Ingest with a rich progress bar (documents/s and ETA) on a terminal."""
    from rich.console import Console

    from kg.ingest import ingest_paths

    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        # no bar when stderr is a pipe or a file: it would only leave blank lines there
        return ingest_paths(kg_store, paths, jobs=jobs, force=force)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        transient=True,
        console=console,
    ) as bar:
        task = bar.add_task("ingest", total=None, rate="")
        import time

        start = time.perf_counter()

        def progress(done: int, total: int) -> None:
            elapsed = max(time.perf_counter() - start, 1e-9)
            bar.update(task, completed=done, total=total, rate=f"{done / elapsed:.1f} files/s")

        return ingest_paths(kg_store, paths, jobs=jobs, force=force, progress=progress)
