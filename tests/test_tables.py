"""`kg table` read back with the csv module and pyarrow; `kg person` on the linking documents."""

import csv
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.graph.io import read_build
from kg.graph.run import build
from kg.tables import TABLES, columns

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def linking(tmp_path_factory):
    out = tmp_path_factory.mktemp("lk") / "out"
    build([str(ROOT / "tests" / "data" / "linking")], out)
    return out


def _csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_posts_table_reads_back_with_the_csv_module(linking, tmp_path):
    result = CliRunner().invoke(main, ["table", "posts", str(linking), "-o", str(tmp_path / "posts.csv")])
    assert result.exit_code == 0, result.output
    rows = _csv(tmp_path / "posts.csv")
    nodes, edges = read_build(linking)
    posts = [e for e in edges if e["type"] == "HOLDS_POSITION"]
    assert len(rows) == len(posts) and list(rows[0]) == columns("posts")
    by_id = {n["id"]: n for n in nodes}
    docs = {n["id"]: n for n in nodes if n["label"] == "Document"}
    for r in rows:  # provenance: the evidence is the document's text at the offsets
        assert r["official"] == by_id[r["official_id"]]["name"] and r["status"] in ("current", "former", "candidate")
        assert r["as_of"] == docs[r["doc"]]["props"]["date"] == r["date"]
        assert int(r["end"]) - int(r["start"]) == len(r["evidence"])
    wang = [(r["organ"], r["title"], r["as_of"]) for r in rows if r["official"] == "王建华"]
    assert ("泰安市委宣传部", "副部长", "2024-03-12") in wang
    assert [r["as_of"] for r in rows] == sorted(r["as_of"] for r in rows)


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_as_parquet(linking, tmp_path, table):
    out = tmp_path / f"{table}.parquet"
    result = CliRunner().invoke(main, ["table", table, str(linking), "-o", str(out)])
    assert result.exit_code == 0, result.output
    t = pq.read_table(out)
    _, edges = read_build(linking)
    assert t.column_names == columns(table)
    assert t.num_rows == sum(e["type"] == TABLES[table][0] for e in edges)
    assert t.schema.field("start").type == "int64"


def test_bad_table_output_is_one_line(linking, tmp_path):
    result = CliRunner().invoke(main, ["table", "posts", str(linking), "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 1 and result.output.startswith("Error: ") and len(result.output.splitlines()) == 1
    assert not (tmp_path / "x.xlsx").exists()


def test_person_shows_posts_speeches_and_the_candidates(linking):
    result = CliRunner().invoke(main, ["person", str(linking), "王建华"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "王建华: 2 official(s)" in out
    assert "2024-03-12  泰安市委宣传部 副部长 [current]" in out
    assert "全面从严治党工作新闻发布会 (presenter)" in out
    assert "(株洲市) score" in out and "(泰安市) score" in out and "same name 王建华" in out
    result = CliRunner().invoke(main, ["person", str(linking), "无此人"])
    assert result.exit_code == 1 and "no official is called 无此人" in result.output
