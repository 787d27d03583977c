"""A curation file: one namesake pair confirmed (one node), one rejected (its candidate edge
goes), an alias added; shown by `kg explain` and `kg person` with the line that decided."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.graph.io import read_build

ROOT = Path(__file__).resolve().parent.parent
LINKING = str(ROOT / "tests" / "data" / "linking")
CURATION = """# 王建华 of Tai'an and of Zhuzhou are one person; the two 刘志刚 are not
[[same]]
nodes = ["{wang_a}", "{wang_b}"]

[[different]]
nodes = ["{liu_a}", "{liu_b}"]

[[alias]]
node = "{wang_b}"
alias = "王建华同志"
"""


def _build(*args):
    result = CliRunner().invoke(main, ["build", LINKING, "-q", "-j", "1", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    out = tmp_path_factory.mktemp("plain") / "out"
    _build("--out", out)
    return out


@pytest.fixture(scope="module")
def ids(plain):
    nodes, edges = read_build(plain)
    name = {n["id"]: n["name"] for n in nodes}
    pairs = {name[e["source"]]: (e["source"], e["target"]) for e in edges if e["type"] == "SAME_AS_CANDIDATE"}
    assert set(pairs) == {"王建华", "刘志刚"}  # the build alone keeps both pairs apart
    return {"wang_a": pairs["王建华"][0], "wang_b": pairs["王建华"][1],
            "liu_a": pairs["刘志刚"][0], "liu_b": pairs["刘志刚"][1]}


@pytest.fixture(scope="module")
def curated(tmp_path_factory, ids):
    d = tmp_path_factory.mktemp("cur")
    (d / "curation.toml").write_text(CURATION.format(**ids), encoding="utf-8")
    _build("--out", d / "out", "--curation", d / "curation.toml")
    return d


def test_confirmed_pair_is_one_node_rejected_pair_loses_its_edge(curated, ids, plain):
    nodes, edges = read_build(curated / "out")
    by_id = {n["id"]: n for n in nodes}
    head = min(ids["wang_a"], ids["wang_b"])
    assert sum(n["name"] == "王建华" for n in nodes) == 1
    assert head in by_id and max(ids["wang_a"], ids["wang_b"]) not in by_id
    wang = by_id[head]
    assert "王建华同志" in wang["aliases"]
    assert any(line.endswith("(curation.toml:2)") for line in wang["props"]["curation"])
    organs = {by_id[e["target"]]["name"] for e in edges if e["type"] == "HOLDS_POSITION" and e["source"] == head}
    assert {"泰安市委宣传部", "株洲市委宣传部"} <= organs  # the posts of both, on the one node
    assert not [e for e in edges if e["type"] == "SAME_AS_CANDIDATE"]
    assert sum(n["name"] == "刘志刚" for n in nodes) == 2  # rejected: still two people
    before = read_build(plain)[0]
    assert len(nodes) == len(before) - 1


def test_explain_and_person_show_the_deciding_line(curated, ids):
    out = str(curated / "out")
    explained = CliRunner().invoke(main, ["explain", out, "刘志刚"]).output
    assert f"curation: not the same as {ids['liu_b']} (curation.toml:5)" in explained
    person = CliRunner().invoke(main, ["person", out, "王建华"]).output
    assert "王建华: 1 official(s)" in person
    assert "are one person (curation.toml:2)" in person and "alias 王建华同志 (curation.toml:8)" in person


def test_curated_build_is_deterministic(curated, tmp_path):
    _build("--out", tmp_path / "again", "--curation", curated / "curation.toml")
    for name in ("nodes.jsonl", "edges.jsonl"):
        assert (tmp_path / "again" / name).read_bytes() == (curated / "out" / name).read_bytes()


@pytest.mark.parametrize("text, message", [
    ('[[same]]\nnodes = ["off:0000000000000000", "off:0000000000000001"]\n', "c.toml:1: no node off:0000000000000000"),
    ('[[same]]\nnodes = ["off:1"]\n', "c.toml:1: [[same]] needs nodes"),
    ("[[merge]]\n", "unknown section 'merge'"),
    ("[[same]\n", "c.toml: "),
])
def test_bad_curation_is_one_line_and_keeps_the_previous_build(tmp_path, plain, text, message):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(plain, out)
    before = (out / "nodes.jsonl").read_bytes()
    (tmp_path / "c.toml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", LINKING, "-q", "-j", "1", "--out", str(out),
                                       "--curation", str(tmp_path / "c.toml")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1 and message in result.output, result.output
    assert (out / "nodes.jsonl").read_bytes() == before
