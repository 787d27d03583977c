"""HTML view benchmark: write the view of a generated graph and time it in headless Chromium
(load until first render, a search, a selection, and frames while the camera moves).

    python scripts/bench_viz.py [--nodes 20000] [--build DIR] [--max-nodes N | --all] [--screenshot PNG]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import errors, open_view, start_browser  # noqa: E402
from synthetic_graph import synthetic_graph  # noqa: E402

from kg.graph.io import read_build  # noqa: E402
from kg.viz.html import render  # noqa: E402

FPS = """
var done = arguments[arguments.length - 1], r = window.kgView.renderer, cam = r.getCamera(), frames = 0, moves = 0;
r.on("afterRender", function () { frames++; });
var t0 = performance.now();
function step() {
  moves++; cam.setState({x: 0.5 + 0.2 * Math.sin(moves / 10), y: 0.5, ratio: 0.8, angle: 0});
  if (performance.now() - t0 < 3000) requestAnimationFrame(step); else done(frames / 3);
}
requestAnimationFrame(step);
"""
SELECT = """
var t = performance.now(), hits = window.kgView.search(arguments[0]);
window.kgView.select(arguments[1]);
return [hits.length, performance.now() - t];
"""

def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=20_000, help="drawn nodes (documents come on top)")
    ap.add_argument("--build", help="a build directory instead of a generated graph")
    ap.add_argument("--max-nodes", type=int, default=1000, help="the view's cap (kg viz --max-nodes)")
    ap.add_argument("--all", action="store_true", help="draw every node (kg viz --all)")
    ap.add_argument("--screenshot", help="save the rendered page as this PNG")
    args = ap.parse_args()
    if args.build:
        nodes, edges = read_build(args.build)
    else:
        nodes, edges = synthetic_graph(int(args.nodes / 0.9) + 1)
    t = time.perf_counter()
    html = render(nodes, edges, max_nodes=None if args.all else args.max_nodes)
    t_write = time.perf_counter() - t
    entities = sum(n["label"] != "Document" for n in nodes)
    drawn = entities if args.all else min(entities, args.max_nodes)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "view.html"
        page.write_text(html, encoding="utf-8")
        driver = start_browser()
        try:
            driver.set_script_timeout(30)
            t_load = open_view(driver, page, timeout=300)
            rendered = int(driver.execute_script("return document.body.dataset.renderedNodes"))
            if args.screenshot:
                driver.save_screenshot(args.screenshot)
            last = driver.execute_script("var g = window.kgView.graph; return [g.getNodeAttribute(g.nodes()[g.order - 1], 'label'), g.nodes()[g.order - 1]]")
            hits, ms = driver.execute_script(SELECT, *last)
            fps = driver.execute_async_script(FPS)
            severe = errors(driver)
        finally:
            driver.quit()
    print(f"view: {drawn:,} of {entities:,} nodes drawn, {len(edges):,} edges in the build; HTML {len(html) / 1e6:.1f} MB written in {t_write:.1f} s")
    print(f"browser: first render {t_load:.1f} s; rendered {rendered:,}; search+select {ms:.0f} ms "
          f"({hits} hit); {fps:.0f} frames/s while panning; console errors {len(severe)}")


if __name__ == "__main__":
    main()
