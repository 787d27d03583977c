import json

from click.testing import CliRunner

from kg.cli import main
from kg.graph.run import build
from tests.conftest import ROOT, SEEDS


def test_build_is_byte_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build([str(SEEDS)], a)
    build([str(SEEDS)], b)
    for name in ("nodes.jsonl", "edges.jsonl", "documents.jsonl", "report.jsonl"):
        assert (a / name).read_bytes() == (b / name).read_bytes()


def test_every_line_is_canonical_json(tmp_path):
    """Edge lines are rendered in the workers and re-rendered when linking merges nodes: each must
    still be what one canonical serialisation (sorted keys, compact, UTF-8) gives."""
    from kg.graph.io import dumpb

    out = tmp_path / "out"
    build([str(SEEDS), str(ROOT / "tests" / "data" / "linking")], out, workers=2)
    edges = (out / "edges.jsonl").read_bytes().splitlines()
    assert any(b'"SAME_AS_CANDIDATE"' in line for line in edges)  # cross-document linking ran
    for name in ("nodes.jsonl", "edges.jsonl", "documents.jsonl", "records.jsonl", "report.jsonl"):
        for line in (out / name).read_bytes().splitlines():
            assert dumpb(json.loads(line)) == line, name


def test_output_format_and_provenance(seed_build):
    out, nodes, edges = seed_build
    docs = [n for n in nodes if n["label"] == "Document"]
    assert sorted(d["props"]["file"] for d in docs) == sorted(p.name for p in SEEDS.iterdir())
    texts = {json.loads(l)["id"]: json.loads(l)["text"] for l in (out / "documents.jsonl").read_text("utf-8").splitlines()}
    ids = {n["id"] for n in nodes}
    for e in edges:
        assert e["source"] in ids and e["target"] in ids
        if e["type"] == "MENTIONED_IN":
            assert e["props"]["count"] == len(e["props"]["spans"])
        else:
            p = e["props"]
            assert texts[p["doc"]][p["start"]:p["end"]] == p["evidence"]


def test_one_leader_node_and_local_bodies_apart(seed_build):
    _, nodes, _ = seed_build
    assert [n["name"] for n in nodes if n["label"] == "Official"].count("习近平") == 1
    names = [n["name"] for n in nodes if n["label"] == "Organ"]
    assert "盘锦市委宣传部" in names and "市委宣传部" in names


def test_bad_input_is_reported_and_the_rest_built(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text("淄博市召开会议。淄博市委书记马东升出席。", encoding="utf-8")
    (src / "gbk.txt").write_bytes("淄博市委召开全体会议,研究部署工作。".encode("gb18030"))
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.bin").write_bytes(b"\x00\x01\x02binary")
    (src / "docs.jsonl").write_text('{"text": "淄博市委宣传部召开会议。"}\n{broken\n{"text": 5}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(src), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    report = [json.loads(l) for l in (tmp_path / "out" / "report.jsonl").read_text("utf-8").splitlines()]
    status = {r["source"].split("/")[-1]: r for r in report}
    assert status["good.txt"]["status"] == "built"
    assert status["gbk.txt"]["status"] == "built"
    assert status["empty.txt"]["reason"] == "empty file"
    assert "binary" in status["binary.bin"]["reason"]
    assert status["docs.jsonl:2"]["reason"].startswith("malformed JSON")
    assert "text" in status["docs.jsonl:3"]["reason"]
    assert "documents built: 3   skipped: 4" in result.output
    strict = CliRunner().invoke(main, ["build", str(src), "--out", str(tmp_path / "o2"), "--strict"])
    assert strict.exit_code == 1


def test_nothing_built_is_an_error(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert not (tmp_path / "o" / "nodes.jsonl").exists()


def test_html_source(tmp_path):
    page = ("<html><head><title>会议</title><script>var x='市委书记王五';</script></head><body>"
            "<nav>首页 &gt; 要闻</nav><p>淄博市委书记马东升出席淄博市委全体会议。</p></body></html>")
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    build([str(tmp_path / "p.html")], tmp_path / "o")
    nodes = [json.loads(l) for l in (tmp_path / "o" / "nodes.jsonl").read_text("utf-8").splitlines()]
    names = {n["name"] for n in nodes}
    assert "马东升" in names and "王五" not in names

