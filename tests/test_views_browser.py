"""kg view pages in real headless Chromium (Debian's /usr/bin/chromium via Playwright).

Every request that is not for the file itself is aborted and recorded: the page must
work offline and ask for nothing. Skipped when Chromium or Playwright is missing, unless
GEOPOL_KG_REQUIRE_BROWSER=1 (CI), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from test_views import GOOD_URL, SENTENCES, XSS_LABEL, edge_of, load_test_graph

from kg.namespaces import GK
from kg.store import open_store
from kg.views import build_view, write_html

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("GEOPOL_KG_CHROMIUM", "/usr/bin/chromium")
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


def expect(locator: Any) -> Any:
    """Playwright's polling assertions (imported late: Playwright may be missing)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def _unavailable(reason: str) -> None:
    if os.environ.get("GEOPOL_KG_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required but {reason}")
    pytest.skip(reason)


@dataclass
class Browser:
    context: Any
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        _unavailable("playwright is not installed")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"no Chromium at {CHROMIUM}")
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 900},
        )
        state = Browser(context)

        def route(r: Any) -> None:
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                state.requests.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        try:
            yield state
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


@dataclass
class Page:
    page: Any
    errors: list[str]
    dialogs: list[str]

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)


def open_page(browser: Browser, path: Path) -> Page:
    page = browser.context.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def on_dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-kg-ready='1']", state="attached", timeout=60_000)
    return Page(page, errors, dialogs)


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("browser-views")
    out: dict[str, Any] = {}
    with open_store(memory=True) as store:
        load_test_graph(store)
        for kind in ("overview", "claims"):
            graph = build_view(store, kind, lang="ja")
            out[kind] = (write_html(graph, folder / f"{kind}.html"), graph)
    return out


def _edge_midpoint(p: Page, edge_id: str) -> dict[str, float]:
    """DOM coordinates of an edge's middle (edges made straight first)."""
    return p.js(
        """(id) => {
            kgNetwork.stopSimulation();
            kgNetwork.setOptions({edges: {smooth: false}});
            kgNetwork.redraw();
            const e = kgNetwork.body.data.edges.get(id);
            const pos = kgNetwork.getPositions([e.from, e.to]);
            const a = pos[e.from], b = pos[e.to];
            const dom = kgNetwork.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
            const r = document.getElementById('kg-network').getBoundingClientRect();
            return {x: dom.x + r.left, y: dom.y + r.top};
        }""",
        edge_id,
    )


def _node_point(p: Page, node_id: str) -> dict[str, float]:
    return p.js(
        """(iri) => {
            kgNetwork.stopSimulation();
            const id = kgNodeId(iri);
            const pos = kgNetwork.getPositions([id])[id];
            const dom = kgNetwork.canvasToDOM(pos);
            const r = document.getElementById('kg-network').getBoundingClientRect();
            return {x: dom.x + r.left, y: dom.y + r.top};
        }""",
        node_id,
    )


def test_overview_draws_every_node_and_edge_offline(browser: Browser, views) -> None:
    path, graph = views["overview"]
    p = open_page(browser, path)
    counts = p.js("() => [kgNetwork.body.data.nodes.length, kgNetwork.body.data.edges.length]")
    assert counts == [len(graph.nodes), len(graph.edges)]
    drawn = p.js("() => Object.keys(kgNetwork.body.nodes).length")
    assert drawn >= len(graph.nodes)
    assert p.js("() => document.getElementById('kg-counts').textContent").startswith("6 ")
    timings = p.js("() => window.kgTimings")
    assert timings["drawn"] > 0 and timings["stabilised"] > 0
    assert p.errors == [] and p.dialogs == []
    assert browser.requests == []
    p.page.close()


def test_hovering_an_edge_shows_the_evidence_sentence(browser: Browser, views) -> None:
    path, _graph = views["overview"]
    p = open_page(browser, path)
    meet = edge_of(p.js("() => kgData"), str(GK.meets))
    point = _edge_midpoint(p, meet["id"])
    p.page.mouse.move(point["x"] - 30, point["y"] - 30)
    p.page.mouse.move(point["x"], point["y"], steps=5)
    tooltip = p.page.locator("#kg-tooltip")
    expect(tooltip).to_contain_text(SENTENCES[0], timeout=5000)
    text = tooltip.inner_text()
    assert SENTENCES[0] in text
    assert "テスト記事：東アジア情勢" in text and "会談する" in text and "2025-05-08" in text
    assert tooltip.locator("a").get_attribute("href") == GOOD_URL
    assert p.errors == []
    p.page.close()


def test_hovering_a_node_and_clicking_it(browser: Browser, views) -> None:
    path, _graph = views["overview"]
    p = open_page(browser, path)
    japan = "https://w3id.org/geopol-kg/id/actor/JPN"
    point = _node_point(p, japan)
    p.page.mouse.move(point["x"], point["y"])
    tooltip = p.page.locator("#kg-tooltip")
    expect(tooltip).to_contain_text("Japan", timeout=5000)
    assert "日本" in tooltip.inner_text() and "国家" in tooltip.inner_text()
    p.page.mouse.click(point["x"], point["y"])
    assert "国家" in p.page.locator("#kg-details").inner_text()
    assert p.js("() => kgNetwork.getSelectedNodes()") == [p.js("i => kgNodeId(i)", japan)]
    p.page.close()


def test_filters_hide_types_and_relations(browser: Browser, views) -> None:
    path, graph = views["overview"]
    p = open_page(browser, path)
    count = "() => [kgNetwork.body.data.nodes.length, kgNetwork.body.data.edges.length]"
    states = {n.id for n in graph.nodes if n.kind == "State"}
    p.page.locator("#kg-kind-filter input[data-key='State']").uncheck()
    assert p.js(count) == [
        len(graph.nodes) - len(states),
        sum(1 for e in graph.edges if e.source not in states and e.target not in states),
    ]
    p.page.locator("#kg-kind-filter input[data-key='State']").check()
    assert p.js(count) == [len(graph.nodes), len(graph.edges)]
    threatens = str(GK.threatens)
    p.page.locator(f"#kg-rel-filter input[data-key='{threatens}']").uncheck()
    remaining = p.js(
        "() => kgNetwork.body.data.edges.get()"
        ".map(e => kgData.relations.find(r => r.index === e.rel).id)"
    )
    assert threatens not in remaining
    assert len(remaining) == len(graph.edges) - 2  # China threatens Japan, and with sanctions
    assert "8" not in p.js("() => document.getElementById('kg-counts').textContent").split("/")[1]
    p.page.close()


def test_search_finds_an_actor_by_any_label(browser: Browser, views) -> None:
    path, _graph = views["overview"]
    p = open_page(browser, path)
    p.page.fill("#kg-search-input", "中華人民共和国")  # an altLabel of China
    p.page.press("#kg-search-input", "Enter")
    china = p.js("i => kgNodeId(i)", "https://w3id.org/geopol-kg/id/actor/CHN")
    assert p.js("() => kgNetwork.getSelectedNodes()") == [china]
    p.page.fill("#kg-search-input", "火星")
    p.page.press("#kg-search-input", "Enter")
    assert p.page.locator("#kg-search-status").inner_text() != ""
    p.page.close()


def test_xss_probe_stays_text(browser: Browser, views) -> None:
    path, graph = views["overview"]
    p = open_page(browser, path)
    probe = next(n for n in graph.nodes if n.label == XSS_LABEL)
    point = _node_point(p, probe.id)
    p.page.mouse.move(point["x"], point["y"])
    expect(p.page.locator("#kg-tooltip")).to_contain_text(XSS_LABEL, timeout=5000)
    p.page.mouse.click(point["x"], point["y"])
    p.page.fill("#kg-search-input", XSS_LABEL)
    p.page.press("#kg-search-input", "Enter")
    # every tooltip the page can build, plus a forged record with a javascript: link
    hrefs = p.js(
        """() => {
            const all = kgData.nodes.concat(kgData.edges).concat([{tip: {title: 'x',
                evidence: [{text: 'y', url: 'javascript:alert(1)'}]}}]);
            const box = document.createElement('div');
            all.forEach(item => box.appendChild(kgBuildTooltip(item)));
            document.body.appendChild(box);
            return Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'));
        }"""
    )
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)
    p.page.wait_for_timeout(300)
    assert p.js("() => document.querySelectorAll('img').length") == 0
    assert p.dialogs == []
    assert p.errors == []
    assert browser.requests == []
    p.page.close()


def test_claims_view_in_the_browser(browser: Browser, views) -> None:
    path, graph = views["claims"]
    p = open_page(browser, path)
    counts = p.js("() => [kgNetwork.body.data.nodes.length, kgNetwork.body.data.edges.length]")
    assert counts == [len(graph.nodes), len(graph.edges)]
    legend = p.page.locator("#kg-legend").inner_text()
    assert "Prediction" in legend and "Assertion" in legend
    assert p.errors == [] and browser.requests == []
    p.page.close()


def test_empty_view_still_becomes_ready(browser: Browser, tmp_path: Path) -> None:
    with open_store(memory=True) as store:
        path = write_html(build_view(store, "overview"), tmp_path / "empty.html")
    p = open_page(browser, path)  # waits for the ready flag
    assert p.js("() => kgNetwork.body.data.nodes.length") == 0
    assert "表示するものがありません" in p.page.locator("#kg-notes").inner_text()
    assert p.errors == [] and browser.requests == []
    p.page.close()


def test_seed_overview_screenshot(browser: Browser, seed_path: Path, nlp, tmp_path: Path) -> None:
    """The real extraction of the seed, drawn; the PNG is kept as a test artefact."""
    from kg import rdf
    from kg.extract import extract_paths

    extractions = extract_paths([seed_path], nlp=nlp)
    with open_store(memory=True) as store:
        store.ensure_ontology()
        store.replace_graphs(
            {rdf.graph_name(ex): list(rdf.extraction_triples(ex)) for ex in extractions}
        )
        graph = build_view(store, "overview", lang="ja")
    assert len(graph.nodes) >= 10 and len(graph.edges) >= 10
    path = write_html(graph, tmp_path / "seed-overview.html")
    p = open_page(browser, path)
    assert p.js("() => kgNetwork.body.data.nodes.length") == len(graph.nodes)
    inked = p.js(
        """() => {
            const c = document.querySelector('#kg-network canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
            return n / (c.width * c.height);
        }"""
    )
    assert inked > 0.01  # the canvas is not blank
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=str(ARTIFACTS / "seed-overview.png"))
    assert (ARTIFACTS / "seed-overview.png").stat().st_size > 20_000
    assert p.errors == [] and browser.requests == []
    p.page.close()
