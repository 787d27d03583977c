"""The HTML view in a real headless Chromium; GraphML and GEXF read back with networkx."""

import json
import re
import time
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from kg.cli import main
from kg.graph.io import read_build
from kg.graph.run import build
from kg.viz.html import render, safe_json
from kg.viz.overview import overview, rank

from .browser import errors, open_view, start_browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    driver = start_browser()
    yield driver
    driver.quit()


def _write_view(tmp_path, nodes, edges, name="view.html"):
    path = tmp_path / name
    path.write_text(render(nodes, edges), encoding="utf-8")
    return path


def test_view_renders_searches_and_shows_evidence(browser, tmp_path, seed_build):
    _, nodes, edges = seed_build
    page = _write_view(tmp_path, nodes, edges)
    html = page.read_text(encoding="utf-8")
    assert "http://" not in html.split('id="kg-data"')[0].split("<script>")[0]  # nothing fetched
    assert "<script src" not in html and "<link" not in html
    open_view(browser, page)
    assert errors(browser) == []
    drawn = sum(n["label"] != "Document" for n in nodes)
    assert int(browser.execute_script("return document.body.dataset.renderedNodes")) == drawn

    box = browser.find_element(By.ID, "search")
    box.send_keys("朱雷")
    results = browser.find_elements(By.CSS_SELECTOR, "#results li")
    assert results and results[0].text.startswith("朱雷")

    # a real click on the canvas, at the node's position on screen
    zhu = next(n["id"] for n in nodes if n["name"] == "朱雷")
    browser.execute_script("window.kgView.renderer.getCamera().setState({x: 0.5, y: 0.5, ratio: 1, angle: 0});"
                           "window.kgView.renderer.refresh();")
    x, y = browser.execute_script(
        "var r = window.kgView.renderer, d = r.getNodeDisplayData(arguments[0]);"
        "var p = r.framedGraphToViewport(d); return [p.x, p.y];", zhu)
    container = browser.find_element(By.ID, "graph")
    size = container.size
    ActionChains(browser).move_to_element_with_offset(container, x - size["width"] / 2, y - size["height"] / 2) \
        .click().perform()
    heading = browser.find_element(By.CSS_SELECTOR, "#details h2").text
    assert heading == "朱雷"
    evidence = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#details .fact .evidence")]
    sources = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#details .fact .source")]
    assert evidence and any("朱雷" in e for e in evidence)
    assert any("新闻发布会" in s and "2024-01-02" in s for s in sources)  # the document's title and date
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "view-seeds.png"))
    assert errors(browser) == []


def test_filters_hide_nodes(browser, tmp_path, seed_build):
    _, nodes, edges = seed_build
    open_view(browser, _write_view(tmp_path, nodes, edges))
    browser.find_element(By.CSS_SELECTOR, "input[data-label='Slogan']").click()
    hidden = browser.execute_script(
        "var r = window.kgView.renderer, n = 0;"
        "window.kgView.graph.forEachNode(function (k) { var d = r.getNodeDisplayData(k); if (d && d.hidden) n++; });"
        "return n;")
    assert hidden == sum(n["label"] == "Slogan" for n in nodes)


def test_text_that_looks_like_html_runs_no_script(browser, tmp_path):
    src = tmp_path / "evil.txt"
    src.write_text("2024年5月6日,市委宣传部副部长王建华出席会议并讲话<script>alert(1)</script>"
                   "<img src=x onerror=\"window.__pwned=1\">。\n王建华强调,要坚定拥护“两个确立”。\n", encoding="utf-8")
    build([str(src)], tmp_path / "out")
    nodes, edges = read_build(tmp_path / "out")
    page = _write_view(tmp_path, nodes, edges, "evil.html")
    open_view(browser, page)
    wang = next(n["id"] for n in nodes if n["name"] == "王建华")
    browser.execute_script("window.kgView.select(arguments[0])", wang)
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text
    assert browser.execute_script("return window.__pwned") is None
    shown = " ".join(e.text for e in browser.find_elements(By.CSS_SELECTOR, "#details .fact .evidence"))
    assert "<script>alert(1)</script>" in shown  # shown as text
    assert errors(browser) == []


def test_safe_json_cannot_close_its_script_element():
    text = safe_json({"t": "</script><script>alert(1)</script>&\u2028"})
    assert "<" not in text and ">" not in text and json.loads(text)["t"].startswith("</script>")


def test_focus_draws_a_neighbourhood(seed_build, tmp_path):
    out, nodes, _ = seed_build
    result = CliRunner().invoke(main, ["viz", str(out), "-o", str(tmp_path / "f.html"), "--focus", "朱雷", "--depth", "1"])
    assert result.exit_code == 0, result.output
    shown = int(result.output.split(":")[-1].split()[0])
    assert 1 < shown < sum(n["label"] != "Document" for n in nodes)
    result = CliRunner().invoke(main, ["viz", str(out), "-o", str(tmp_path / "g.html"), "--focus", "无此人"])
    assert result.exit_code != 0 and "no node is called 无此人" in result.output


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_read_back(seed_build, tmp_path, fmt, reader):
    out, nodes, edges = seed_build
    path = tmp_path / f"g.{fmt}"
    result = CliRunner().invoke(main, ["export", fmt, str(out), "-o", str(path)])
    assert result.exit_code == 0, result.output
    g = reader(path)
    assert g.number_of_nodes() == len(nodes) and g.number_of_edges() == len(edges)
    zhu = next(n["id"] for n in nodes if n["name"] == "朱雷")
    assert g.nodes[zhu]["label"] == "朱雷" and g.nodes[zhu]["kind"] == "Official"


def test_a_large_build_opens_on_an_overview_with_a_note(browser, tmp_path, seed_build):
    _, nodes, edges = seed_build
    total = sum(n["label"] != "Document" for n in nodes)
    page = tmp_path / "overview.html"
    page.write_text(render(nodes, edges, max_nodes=100), encoding="utf-8")
    open_view(browser, page)
    assert errors(browser) == []
    assert int(browser.execute_script("return document.body.dataset.renderedNodes")) == 100
    note = browser.find_element(By.ID, "note").text
    assert note.startswith(f"Overview: the 100 nodes mentioned in the most documents, of {total}")
    left = re.findall(r"(Campaign|Event|Official|Organ|PolicyDocument|Slogan) (\d+)", note.split("Left out:")[1])
    assert sum(int(n) for _, n in left) == total - 100
    # the most mentioned node of all is in, and the communities can be chosen one at a time
    top = rank(nodes, edges)[0]["id"]
    assert browser.execute_script("return window.kgView.graph.hasNode(arguments[0])", top)
    options = browser.find_elements(By.CSS_SELECTOR, "#community-filter option")
    assert len(options) > 2
    options[1].click()
    shown = browser.execute_script(
        "var r = window.kgView.renderer, n = 0;"
        "window.kgView.graph.forEachNode(function (k) { var d = r.getNodeDisplayData(k); if (d && !d.hidden) n++; });"
        "return n;")
    assert 1 < shown < 100
    # below the cap nothing is left out, and no note is shown
    page.write_text(render(nodes, edges), encoding="utf-8")
    open_view(browser, page)
    assert int(browser.execute_script("return document.body.dataset.renderedNodes")) == total
    assert browser.find_element(By.ID, "note").text == ""


def test_the_focus_view_labels_its_whole_neighbourhood(browser, seed_build, tmp_path):
    out, _, _ = seed_build
    page = tmp_path / "focus.html"
    result = CliRunner().invoke(main, ["viz", str(out), "-o", str(page), "--focus", "朱雷"])
    assert result.exit_code == 0, result.output
    open_view(browser, page)
    drawn = int(browser.execute_script("return document.body.dataset.renderedNodes"))
    assert drawn > 10
    assert browser.execute_script("return window.kgView.renderer.displayedNodeLabels.size") == drawn


def test_a_selection_labels_its_neighbours_and_shows_dates_and_urls(browser, tmp_path):
    src = tmp_path / "docs.jsonl"
    src.write_text(json.dumps({"id": "a", "title": "淄博市宣传工作会议", "date": "2024-05-06",
                               "url": "https://www.example.gov.cn/a.html",
                               "text": "淄博市召开全市宣传工作会议。淄博市委书记马东升出席会议并讲话。"},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    build([str(src)], tmp_path / "out", workers=1)
    nodes, edges = read_build(tmp_path / "out")
    page = _write_view(tmp_path, nodes, edges)
    open_view(browser, page)
    ma = next(n["id"] for n in nodes if n["name"] == "马东升")
    browser.execute_script("window.kgView.select(arguments[0])", ma)
    time.sleep(0.6)                                   # the camera's move to the node
    labelled = browser.execute_script("return Array.from(window.kgView.renderer.displayedNodeLabels)")
    neighbours = browser.execute_script("return window.kgView.graph.neighbors(arguments[0])", ma)
    assert neighbours and set(neighbours) | {ma} <= set(labelled)
    links = browser.find_elements(By.CSS_SELECTOR, "#details a.url")
    assert links and all(a.get_attribute("href") == "https://www.example.gov.cn/a.html" for a in links)
    assert all(a.get_attribute("rel") == "noopener noreferrer" for a in links)
    sources = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#details .source")]
    assert sources and all(s.startswith("2024-05-06 · 淄博市宣传工作会议") for s in sources)
    assert errors(browser) == []


def test_chinese_labels_are_drawn_with_real_glyphs(browser, tmp_path, seed_build):
    # Without a CJK font every character is the same empty box: two different characters drawn
    # with the labels' font must give different pixels.
    _, nodes, edges = seed_build
    open_view(browser, _write_view(tmp_path, nodes, edges))
    font = browser.execute_script("return window.kgView.renderer.getSetting('labelFont')")
    assert "WenQuanYi Micro Hei" in font and "Microsoft YaHei" in font and "PingFang SC" in font
    same = browser.execute_script("""
        function draw(ch) {
          var c = document.createElement("canvas"); c.width = c.height = 40;
          var g = c.getContext("2d"); g.font = "32px " + arguments[1]; g.fillText(ch, 2, 34);
          return Array.from(g.getImageData(0, 0, 40, 40).data).join(",");
        }
        var f = arguments[0];
        return [draw("盘", f) === draw("锦", f), draw("盘", f) === draw("盘", f)];""", font)
    assert same == [False, True]


def test_the_overview_draws_a_fact_once_and_caps_each_nodes_documents(seed_build):
    _, nodes, edges = seed_build
    kept, kept_edges, note = overview(nodes, edges, 50)
    ids = {n["id"] for n in kept if n["label"] != "Document"}
    assert ids == {n["id"] for n in rank(nodes, edges)[:50]}
    pairs = [(e["type"], e["source"], e["target"], e["props"].get("title")) for e in kept_edges
             if e["type"] != "MENTIONED_IN"]
    assert len(pairs) == len(set(pairs)) == note["edges_drawn"] and note["statements_shown"] >= len(pairs)
    per_node = Counter(e["source"] for e in kept_edges if e["type"] == "MENTIONED_IN")
    assert max(per_node.values()) <= note["documents_per_node"]
    assert overview(nodes, edges, 50) == (kept, kept_edges, note)           # the same choice every run
