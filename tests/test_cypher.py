"""`kg cypher` on the embedded store, against the Bolt server (FalkorDB) for the README's queries,
and the query stores' life: built once, reused, rebuilt after a new build."""

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.export.neo4j import load_build
from kg.graph.run import build
from kg.query.cypher import CypherError, cypher_store, parse_params, run

from .bolt_server import bolt_server

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
QUERIES = re.findall(r"```cypher\n(.*?)```", README, re.S)
SMALL = dict(batch_size=20, max_batch_bytes=2500)  # the test server crashes on parameters over ~4 KB


@pytest.fixture(scope="module")
def seeds(tmp_path_factory, seed_build):
    """A copy of the seed build: the query stores are written into the build directory."""
    out = tmp_path_factory.mktemp("cy") / "seeds"
    shutil.copytree(seed_build[0], out)
    return out


@pytest.fixture(scope="module")
def bolt(tmp_path_factory, seed_build):
    with bolt_server(tmp_path_factory.mktemp("bolt")) as driver:
        with driver.session() as s:
            s.run("MATCH (n) DETACH DELETE n").consume()
        _, nodes, edges = seed_build
        assert load_build(driver, nodes, edges, **SMALL).matches
        yield driver


def test_readme_has_the_four_queries():
    assert len(QUERIES) == 4


@pytest.mark.parametrize("i", range(4))
def test_readme_query_same_rows_embedded_and_on_bolt(i, seeds, bolt):
    query = QUERIES[i]
    columns, rows = run(seeds, query)
    with bolt.session() as s:
        result = s.run(query)
        bolt_rows = [list(r.values()) for r in result]
        assert list(result.keys()) == columns
    assert rows, "the query must find something in the seeds"
    assert rows == bolt_rows


def test_readme_queries_answer_what_they_say(seeds):
    _, reported = run(seeds, QUERIES[0])
    assert ["盘锦市纪委监委", "Slogan", "三不腐"] in [r[:3] for r in reported]
    assert [r[4] for r in reported if r[4]] == sorted(r[4] for r in reported if r[4])
    _, posts = run(seeds, QUERIES[1])
    assert {(r[0], r[1]) for r in posts} == {("盘锦市纪委", "副书记"), ("盘锦市监委", "副主任")}
    _, tree = run(seeds, QUERIES[2])
    assert ["盘锦市委宣传部", "盘锦市委"] in tree


def test_params_formats_and_one_line_errors(seeds):
    assert parse_params(("name=秦忠东", "n=3")) == {"name": "秦忠东", "n": 3}
    q = "MATCH (o:Official) WHERE o.name = $name RETURN o.name AS name, o.id AS id"
    result = CliRunner().invoke(main, ["cypher", str(seeds), q, "--param", "name=秦忠东", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "name,id" and result.output.splitlines()[1].startswith("秦忠东,off:")
    for bad in ("MATCH (x RETURN x", "CREATE (n:Slogan {id: 'x'})", "MATCH (n:Nope) RETURN n"):
        result = CliRunner().invoke(main, ["cypher", str(seeds), bad])
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1 and result.output.startswith("Error: ")
    with pytest.raises(CypherError):
        parse_params(("no-equals",))


def test_stores_are_built_once_reused_and_rebuilt_after_a_new_build(tmp_path):
    from kg.export.sparql import open_store, query, sparql_store

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(ROOT / "examples" / "seeds" / "000_749d433250dc0e2e.txt", src)
    out = tmp_path / "out"
    build([str(src)], out)
    first, built = cypher_store(out)
    assert built and cypher_store(out) == (first, False)
    sp, built = sparql_store(out)
    assert built and sparql_store(out) == (sp, False)
    count = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kg:Document }"
    assert query(open_store(out), count).rows == [["1"]]
    assert run(out, "MATCH (d:Document) RETURN count(d)")[1] == [[1]]

    shutil.copy(ROOT / "tests" / "data" / "linking" / "zhuzhou_1.txt", src)
    build([str(src)], out)  # a new build: build.json changes
    second, built = cypher_store(out)
    assert built and second != first and not first.exists()
    assert run(out, "MATCH (d:Document) RETURN count(d)")[1] == [[2]]
    assert query(open_store(out), count).rows == [["2"]]
    assert sorted(p.name.split("-")[0] for p in (out / "index").iterdir()) == ["cypher", "sparql"]


def test_build_index_flag_builds_both_stores(tmp_path):
    src = ROOT / "examples" / "seeds" / "000_749d433250dc0e2e.txt"
    result = CliRunner().invoke(main, ["build", str(src), "--out", str(tmp_path / "o"), "--index", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "cypher store built" in result.output and "sparql store built" in result.output
    assert cypher_store(tmp_path / "o")[1] is False


def test_readme_queries_bind_on_a_build_whose_facts_lack_optional_fields(tmp_path):
    from kg.graph.io import write_build

    node = lambda id_, label, name: {"id": id_, "label": label, "name": name, "aliases": [], "props": {}}
    fact = {"doc": "doc:1", "evidence": "张三强调三不腐。", "start": 0, "end": 8, "date": None}
    nodes = [{**node("doc:1", "Document", "t"), "props": {"file": "t.txt", "title": "t", "date": None}}, node("off:1", "Official", "张三"), node("slo:1", "Slogan", "三不腐"),
             node("org:1", "Organ", "某市委"), node("evt:1", "Event", "某会议")]
    edges = [{"id": "e1", "type": "REPORTED", "source": "off:1", "target": "slo:1", "props": fact},
             {"id": "e2", "type": "SPOKE_AT", "source": "off:1", "target": "evt:1", "props": fact},
             {"id": "e3", "type": "HOLDS_POSITION", "source": "off:1", "target": "org:1", "props": fact}]
    write_build(tmp_path / "b", nodes, edges)   # no event, role, title, status or as_of anywhere
    for query in QUERIES:
        result = CliRunner().invoke(main, ["cypher", str(tmp_path / "b"), query])
        assert result.exit_code == 0, result.output
