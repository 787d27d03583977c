"""The Neo4j exporter against a real Bolt server (FalkorDB), and the bulk-import CSV files."""

import csv
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from kg.export.neo4j import LABELS, Neo4jLoader, batches, index_fallback, load_build, schema_statements
from kg.export.neo4j_csv import ARRAY_DELIMITER, export_csv
from kg.graph.io import read_build
from kg.graph.run import build

from .bolt_server import bolt_server

ROOT = Path(__file__).resolve().parent.parent
SMALL = dict(batch_size=20, max_batch_bytes=2500)  # the test server crashes on parameters over ~4 KB

WHO_REPORTED_WHAT = Path(ROOT / "README.md").read_text(encoding="utf-8").split("<!-- who-reported-what -->")[1] \
    .split("```cypher")[1].split("```")[0]


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    with bolt_server(tmp_path_factory.mktemp("bolt")) as d:
        yield d


def _clear(driver):
    with driver.session() as s:
        s.run("MATCH (n) DETACH DELETE n").consume()


def _ids(driver):
    with driver.session() as s:
        nodes = {r["id"] for r in s.run("MATCH (n) RETURN n.id AS id")}
        rels = {r["id"] for r in s.run("MATCH ()-[r]->() RETURN r.id AS id")}
    return nodes, rels


def _build_ids(out):
    nodes, edges = read_build(out)
    return {n["id"] for n in nodes}, {e["id"] for e in edges}


def test_load_is_counted_idempotent_and_incremental(driver, tmp_path, seed_build):
    _clear(driver)
    out, nodes, edges = seed_build
    report = load_build(driver, nodes, edges, **SMALL)
    assert report.matches, report.lines()
    assert report.found_nodes == Counter(n["label"] for n in nodes)
    first = _ids(driver)
    assert first == _build_ids(out)

    again = load_build(driver, nodes, edges, **SMALL)
    assert again.matches and _ids(driver) == first  # loading twice changes nothing

    src = tmp_path / "src"
    shutil.copytree(ROOT / "examples" / "seeds", src)
    shutil.copy(ROOT / "tests" / "data" / "linking" / "zhuzhou_1.txt", src)
    build([str(src)], tmp_path / "bigger")
    big_nodes, big_edges = read_build(tmp_path / "bigger")
    load_build(driver, big_nodes, big_edges, **SMALL)
    after = _ids(driver)
    new_nodes, new_rels = _build_ids(tmp_path / "bigger")
    assert after == (first[0] | new_nodes, first[1] | new_rels)
    assert len(after[0]) - len(first[0]) == len(new_nodes - first[0]) > 0  # exactly the additions


def test_who_reported_what_query_of_the_readme(driver, seed_build):
    _clear(driver)
    _, nodes, edges = seed_build
    load_build(driver, nodes, edges, **SMALL)
    with driver.session() as s:
        rows = s.run(WHO_REPORTED_WHAT).data()
    got = {(r["speaker"], r["what"], r["event"]) for r in rows}
    assert ("盘锦市纪委监委", "三不腐", "贯彻落实市委八届六次全会精神系列新闻发布会第五场") in got
    assert any(r["speaker"] == "朱雷" and r["kind"] in ("Campaign", "Slogan") for r in rows)
    assert all(r["evidence"] for r in rows) and len(rows) == sum(e["type"] == "REPORTED" and e["target"].startswith(("cmp:", "slo:")) for e in edges)


def test_cypher_in_data_is_stored_as_text(driver, tmp_path):
    # FalkorDB's Bolt endpoint cannot carry a single quote or backslash inside a string
    # parameter (its own defect: it rejects the query); the double-quote form of the attack
    # crosses it intact. The queries themselves never contain data: they are recorded here.
    _clear(driver)
    evil = '"}) DETACH DELETE n //'
    src = tmp_path / "evil.jsonl"
    src.write_text(json.dumps({"title": evil, "text": f"市委宣传部召开会议,部署“{evil}”专项行动。"}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    build([str(src)], tmp_path / "out")
    nodes, edges = read_build(tmp_path / "out")
    sent = []
    loader = Neo4jLoader(driver, **SMALL)
    real_write = loader._write
    loader._write = lambda query, **params: (sent.append(query), real_write(query, **params))
    loader.load(nodes, edges)
    assert sent and not any("DETACH" in q or "市委" in q for q in sent)
    with driver.session() as s:
        titles = [r["t"] for r in s.run("MATCH (d:Document) RETURN d.name AS t")]
        total = s.run("MATCH (n) RETURN count(n) AS c").single()["c"]
    assert titles == [evil] and total == len(nodes)


def test_schema_statements_are_one_constraint_per_label():
    stmts = schema_statements()
    constraints = [s for s in stmts if s.startswith("CREATE CONSTRAINT")]
    for label in LABELS:
        assert sum(f"FOR (n:{label}) REQUIRE n.id IS UNIQUE" in s for s in constraints) == 1, label
    assert all("IF NOT EXISTS" in s for s in stmts)
    assert index_fallback(constraints[0]).startswith("CREATE INDEX FOR (n:")
    with pytest.raises(ValueError):
        index_fallback("CREATE CONSTRAINT x FOR (n:Evil) REQUIRE n.id IS UNIQUE")


def test_batches_bound_rows_and_bytes():
    rows = [{"id": str(i), "text": "字" * 100} for i in range(10)]
    out = list(batches(rows, size=4, max_bytes=700))
    assert [r for b in out for r in b] == rows
    assert all(len(b) <= 4 for b in out) and len(out) >= 5


def _read_csv_dir(out):
    """Read the files back by neo4j-admin's header rules."""
    nodes, rels = {}, []
    for path in sorted(Path(out).glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            for row in reader:
                rec = {}
                for col, cell in zip(header, row):
                    name, _, kind = col.partition(":")
                    if cell == "":
                        continue
                    if kind.startswith(("ID", "START_ID", "END_ID", "LABEL", "TYPE")):
                        rec[col] = cell
                    elif kind == "int":
                        rec[name] = int(cell)
                    elif kind == "float":
                        rec[name] = float(cell)
                    elif kind == "boolean":
                        rec[name] = cell == "true"
                    elif kind == "string[]":
                        rec[name] = cell.split(ARRAY_DELIMITER)
                    else:
                        rec[name] = cell
                if path.name.startswith("nodes_"):
                    id_col = next(c for c in header if ":ID(" in c)
                    nodes[rec[id_col]] = rec
                else:
                    rels.append(rec)
    return nodes, rels


def test_bulk_csv_reads_back_by_the_header_rules(tmp_path, seed_build):
    _, nodes, edges = seed_build
    command = export_csv(nodes, edges, tmp_path / "csv")
    lines = command.splitlines()
    assert lines[2:5] == ["docker compose stop neo4j", lines[3], "docker compose start neo4j"]
    assert lines[3].startswith("docker compose run --rm neo4j neo4j-admin database import full neo4j ")
    assert "--overwrite-destination" not in lines[3] and "--overwrite-destination" in command
    assert "--nodes=/import/nodes_Official.csv" in lines[3]
    assert all(a.split("=", 1)[1].startswith("/import/") for a in lines[3].split() if a.startswith("--nodes"))
    assert "./csv" in (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert command.count("--nodes=") == len({n["label"] for n in nodes})
    got_nodes, got_rels = _read_csv_dir(tmp_path / "csv")
    assert set(got_nodes) == {n["id"] for n in nodes}
    assert Counter(r[":TYPE"] for r in got_rels) == Counter(e["type"] for e in edges)
    by_id = {n["id"]: n for n in nodes}
    for n in nodes:
        rec = got_nodes[n["id"]]
        assert rec[":LABEL"] == n["label"] and rec["name"] == n["name"]
        assert rec.get("aliases", []) == n["aliases"]
    edge_by_id = {e["id"]: e for e in edges}
    for r in got_rels:
        e = edge_by_id[r["id"]]
        start = next(v for k, v in r.items() if k.startswith(":START_ID("))
        assert start == e["source"] and by_id[e["source"]]["label"] in next(k for k in r if k.startswith(":START_ID("))
        if "start" in e["props"]:
            assert r["start"] == e["props"]["start"] and r["evidence"] == e["props"]["evidence"]
