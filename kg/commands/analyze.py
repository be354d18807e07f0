"""`kg analyze`: centrality, communities, CAMEO QuadClass profiles and Goldstein scores."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from kg.commands.common import store_option

QUAD_SHORT = {
    "verbal_cooperation": "VC",
    "material_cooperation": "MC",
    "verbal_conflict": "VX",
    "material_conflict": "MX",
}


@click.command()
@store_option
@click.option(
    "--memory",
    "memory_files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    metavar="FILE",
    help="Analyse these RDF files in a temporary in-memory store instead (repeatable).",
)
@click.option(
    "--focus", default=None, metavar="ACTOR", help="Show one actor in detail (any label)."
)
@click.option("--top", default=15, show_default=True, type=click.IntRange(min=1), metavar="N")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--write", is_flag=True, help="Store the measures in graph id:analysis (replaced atomically)."
)
@click.option("--export-graphml", type=click.Path(path_type=Path, dir_okay=False), default=None)
@click.option("--export-gexf", type=click.Path(path_type=Path, dir_okay=False), default=None)
@click.option(
    "--export-csv",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Edge list: one row per agent, target, relation and CAMEO code.",
)
@click.option(
    "--all-moods",
    is_flag=True,
    help="Also count negated, conditional, hypothetical and requested events.",
)
@click.option("--seed", default=0, show_default=True, help="Seed of Louvain and sampling.")
def analyze(
    store: str | None,
    update_url: str | None,
    memory_files: tuple[Path, ...],
    focus: str | None,
    top: int,
    fmt: str,
    write: bool,
    export_graphml: Path | None,
    export_gexf: Path | None,
    export_csv: Path | None,
    all_moods: bool,
    seed: int,
) -> None:
    """Network measures of the actor graph (agent -> target of factual events).

    Degree and PageRank centrality, betweenness (sampled on large graphs), Louvain
    communities, per-actor counts by CAMEO QuadClass (VC verbal cooperation, MC material
    cooperation, VX verbal conflict, MX material conflict; out = as agent, in = as target)
    and the Goldstein score (sum of the Goldstein values of the actor's events as agent
    and as target).
    """
    from kg import analysis
    from kg.store import open_store

    if memory_files:
        from kg.errors import InputError
        from kg.store import format_for_path

        kg_store = open_store(memory=True)
        for path in memory_files:
            fmt_name = format_for_path(path)
            if fmt_name is None:
                raise InputError(f"{path}: unknown RDF file extension")
            kg_store.import_file(path, fmt_name)
        kg_store.ensure_ontology()
    else:
        kg_store = open_store(store, read_only=not write, update_url=update_url)
    with kg_store:
        result = analysis.analyze(kg_store, factual_only=not all_moods, seed=seed)
        focus_iri = None
        if focus:
            from kg.queries import resolve_entity

            focus_iri = str(resolve_entity(kg_store, focus, "actor", param="--focus"))
        if write:
            n = analysis.write_analysis(kg_store, result)
            click.echo(f"wrote {n} triples to graph id:analysis", err=True)
    simple = analysis.collapse(result.network)
    for path, writer, graph in (
        (export_graphml, analysis.write_graphml, simple),
        (export_gexf, analysis.write_gexf, simple),
        (export_csv, analysis.write_edge_csv, result.network),
    ):
        if path is not None:
            writer(graph, path)
            click.echo(f"wrote {path}", err=True)
    if fmt == "json":
        _print_json(result, focus_iri, top)
    else:
        _print_tables(result, focus_iri, top)


def _focus_edges(result: Any, iri: str) -> list[dict[str, Any]]:
    g = result.network
    rows = []
    for direction, edges in (
        ("out", g.out_edges(iri, data=True)),
        ("in", g.in_edges(iri, data=True)),
    ):
        for u, v, data in edges:
            other = v if direction == "out" else u
            rows.append(
                {
                    "direction": direction,
                    "relation": data["relation"],
                    "cameo": data["cameo"],
                    "other": other,
                    "other_label": g.nodes[other].get("label", ""),
                    "count": data["count"],
                    "goldstein": round(data["goldstein"], 3),
                }
            )
    return sorted(rows, key=lambda r: (r["direction"] != "out", -r["count"], r["relation"]))


def _print_json(result: Any, focus_iri: str | None, top: int) -> None:
    from kg.analysis import measures_as_dict

    data: dict[str, Any] = {
        "betweenness_exact": result.betweenness_exact,
        "actors": [measures_as_dict(m) for m in result.actors[:top]],
        "communities": result.communities,
    }
    if focus_iri:
        m = result.by_actor().get(focus_iri)
        data["focus"] = {
            "measures": measures_as_dict(m) if m else None,
            "relations": _focus_edges(result, focus_iri) if m else [],
        }
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def _profile_cell(profile: dict[str, int], direction: str) -> str:
    return " ".join(
        f"{short}{profile.get(f'{name}_{direction}', 0)}" for name, short in QUAD_SHORT.items()
    )


def _print_tables(result: Any, focus_iri: str | None, top: int) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    out = sys.stdout
    console = Console(file=out, width=None if out.isatty() else 200)
    table = Table(title=f"Actors by PageRank (top {top})", header_style="bold")
    for col in (
        "#",
        "actor",
        "type",
        "degree",
        "pagerank",
        "betweenness",
        "community",
        "goldstein",
        "out (VC MC VX MX)",
        "in (VC MC VX MX)",
    ):
        table.add_column(col, overflow="fold")
    for i, m in enumerate(result.actors[:top], start=1):
        table.add_row(
            str(i),
            escape(m.label),
            m.type,
            f"{m.degree:.3f}",
            f"{m.pagerank:.4f}",
            f"{m.betweenness:.3f}",
            str(m.community),
            f"{m.goldstein_score:+.1f}",
            _profile_cell(m.profile, "out"),
            _profile_cell(m.profile, "in"),
        )
    console.print(table)
    labels = {m.actor: m.label for m in result.actors}
    shown = [c for c in result.communities if len(c) > 1][:top]
    if shown:
        ctable = Table(title="Communities (Louvain)", header_style="bold")
        ctable.add_column("#")
        ctable.add_column("members", overflow="fold")
        for i, members in enumerate(result.communities):
            if members in shown:
                ctable.add_row(str(i), escape(", ".join(labels.get(a, a) for a in members)))
        console.print(ctable)
    if not result.betweenness_exact:
        console.print("betweenness estimated from a seeded sample of pivot nodes", style="dim")
    if focus_iri:
        m = result.by_actor().get(focus_iri)
        if m is None:
            console.print(f"{escape(focus_iri)}: not in the actor network")
            return
        ftable = Table(title=f"Relations of {escape(m.label)}", header_style="bold")
        for col in ("direction", "relation", "cameo", "other", "events", "goldstein"):
            ftable.add_column(col, overflow="fold")
        for r in _focus_edges(result, focus_iri):
            ftable.add_row(
                r["direction"],
                r["relation"],
                r["cameo"],
                escape(r["other_label"]),
                str(r["count"]),
                f"{r['goldstein']:+.1f}",
            )
        console.print(ftable)
        console.print(
            f"Goldstein as agent {m.goldstein_out:+.1f}, as target {m.goldstein_in:+.1f}; "
            f"QuadClass out {_profile_cell(m.profile, 'out')}, in {_profile_cell(m.profile, 'in')}"
        )
