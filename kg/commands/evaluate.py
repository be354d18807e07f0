"""`kg eval`: score the extraction against a gold annotation (precision, recall, F1)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command(name="eval")
@click.argument("gold", type=click.Path(path_type=Path))
@click.option(
    "--text",
    "text",
    type=click.Path(path_type=Path),
    default=None,
    help="Article file to extract (default: the gold's `source`, next to the gold file or in "
    "the shared folder $GEOPOL_KG_SHARED).",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--details",
    is_flag=True,
    help="List false positives and negatives, and the actors outside the gazetteer aligned "
    "with gold actors (nil_alignment).",
)
@click.option(
    "--min-f1",
    "min_f1",
    multiple=True,
    metavar="METRIC=VALUE",
    help="Exit 1 when a metric is below VALUE (F1, or the accuracy/recall), e.g. "
    "relations=0.85; repeatable. Metrics: actors, resolution, relations, relations_cameo, "
    "relations_sentence, mood, place, date, claim_detection, claimant, modality.",
)
def evaluate(
    gold: Path, text: Path | None, fmt: str, details: bool, min_f1: tuple[str, ...]
) -> None:
    """Run the extraction on the text a GOLD annotation describes and score actors, actor
    resolution, relations and claims. GOLD is a gold TOML file or a folder of them."""
    from kg.errors import InputError
    from kg.evaluate import (
        evaluate_file,
        format_table,
        gold_files,
        merge_reports,
        parse_thresholds,
        unmet_thresholds,
    )

    thresholds = parse_thresholds(min_f1)
    files = gold_files(gold)
    if text is not None and len(files) > 1:
        raise InputError("--text needs a single gold file, not a folder")
    report = merge_reports([evaluate_file(f, text) for f in files])
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(details=details), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(report, details=details))
    unmet = unmet_thresholds(report, thresholds)
    if unmet:
        for line in unmet:
            click.echo(f"threshold not met: {line}", err=True)
        sys.exit(1)  # SystemExit: kg.cli.main runs click with standalone_mode=False
