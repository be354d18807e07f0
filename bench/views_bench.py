"""How long `kg view` takes for big graphs: build (SPARQL projection + layout), render
(HTML) and draw in headless Chromium (time until vis-network has drawn / stabilised).

    python -m bench.views_bench --nodes 1000 5000 [--physics] [--json out.json]

Synthetic graphs come from ``bench.synth`` (records mapped by ``kg.rdf`` into an
in-memory Oxigraph store), so the projection runs the same queries as on real data.
Chromium is Debian's (/usr/bin/chromium) driven by Playwright, with every non-file
request aborted and counted.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from bench.synth import make_actors, make_concepts, make_document
from kg import rdf
from kg.store import KGStore, open_store
from kg.views import build_view, render_html

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def synthetic_store(nodes: int, seed: int = 11) -> KGStore:
    """An in-memory store whose overview has about ``nodes`` actors and concepts."""
    rng = random.Random(seed)
    actors = make_actors(rng, int(nodes * 0.8))
    concepts = make_concepts(max(10, nodes // 5))
    store = open_store(memory=True)
    store.ensure_ontology()
    docs = max(4, nodes // 2)
    batch: dict = {}
    for i in range(docs):
        ex = make_document(rng, i, actors, concepts)
        batch[rdf.graph_name(ex)] = list(rdf.extraction_triples(ex))
        if len(batch) >= 200:
            store.replace_graphs(batch)
            batch = {}
    if batch:
        store.replace_graphs(batch)
    return store


def draw_in_chromium(html_path: Path, timeout_s: float = 300.0) -> dict[str, float]:
    """Open the page offline; seconds until drawn and stabilised (from navigation start)."""
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    errors: list[str] = []
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        ctx = pw.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 900},
        )
        try:

            def route(r):  # type: ignore[no-untyped-def]
                if r.request.url.startswith("file:"):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort()

            ctx.route("**/*", route)
            page = ctx.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            started = time.perf_counter()
            page.goto(html_path.resolve().as_uri())
            page.wait_for_selector(
                "body[data-kg-ready='1']", state="attached", timeout=timeout_s * 1000
            )
            wall = time.perf_counter() - started
            timings = page.evaluate("() => window.kgTimings")
            counts = page.evaluate(
                "() => [kgNetwork.body.data.nodes.length, kgNetwork.body.data.edges.length]"
            )
        finally:
            ctx.close()
    return {
        "drawn_s": round(timings["drawn"] / 1000, 2),
        "stabilised_s": round(timings["stabilised"] / 1000, 2),
        "wall_s": round(wall, 2),
        "nodes_drawn": counts[0],
        "edges_drawn": counts[1],
        "blocked_requests": len(blocked),
        "console_errors": len(errors),
    }


def measure(nodes: int, physics: bool | None, out_dir: Path) -> dict[str, object]:
    t0 = time.perf_counter()
    store = synthetic_store(nodes)
    load_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    graph = build_view(store, "overview", max_nodes=0, physics=physics, layout=False)
    project_s = time.perf_counter() - t1
    from kg.views import apply_layout

    t2 = time.perf_counter()
    apply_layout(graph)
    layout_s = time.perf_counter() - t2
    t3 = time.perf_counter()
    page = render_html(graph)
    render_s = time.perf_counter() - t3
    path = out_dir / f"view-{nodes}.html"
    path.write_text(page, encoding="utf-8")
    result: dict[str, object] = {
        "nodes": len(graph.nodes),
        "edges": len(graph.edges),
        "physics": physics,
        "store_load_s": round(load_s, 2),
        "projection_s": round(project_s, 2),
        "layout_s": round(layout_s, 2),
        "render_html_s": round(render_s, 2),
        "build_total_s": round(project_s + layout_s + render_s, 2),
        "html_mb": round(len(page.encode("utf-8")) / 1e6, 2),
    }
    store.close()
    result.update(draw_in_chromium(path))
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, nargs="+", default=[1000, 5000])
    ap.add_argument("--physics", action="store_true", help="force physics on in the page")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    ap.add_argument("--keep", type=Path, default=None, help="folder to keep the pages in")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.keep or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        results = [measure(n, True if args.physics else None, out_dir) for n in args.nodes]
    keys = list(results[0])
    print("\t".join(keys))
    for r in results:
        print("\t".join(str(r[k]) for k in keys))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
