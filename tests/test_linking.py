"""Cross-document linking on documents written for the purpose (tests/data/linking)."""

import json
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.eval.linking import evaluate_linking
from kg.graph.run import build
from kg.ingest.normalise import normalise_name
from kg.link.corpus import similar_names

DATA = Path(__file__).parent / "data" / "linking"


def _read(out):
    nodes = [json.loads(x) for x in (out / "nodes.jsonl").read_text(encoding="utf-8").splitlines()]
    edges = [json.loads(x) for x in (out / "edges.jsonl").read_text(encoding="utf-8").splitlines()]
    docs = {json.loads(x)["id"]: json.loads(x) for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()}
    return nodes, edges, docs


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    out = tmp_path_factory.mktemp("linking")
    build([str(DATA)], out)
    return (out, *_read(out))


def _named(nodes, label, name):
    return [n for n in nodes if n["label"] == label and n["name"] == name]


def _files(node, edges, docs):
    return sorted(docs[e["target"]]["file"] for e in edges if e["type"] == "MENTIONED_IN" and e["source"] == node["id"])


def test_same_body_name_in_two_cities_is_two_nodes(linked):
    _, nodes, edges, docs = linked
    taian, = _named(nodes, "Organ", "泰安市委宣传部")
    zhuzhou, = _named(nodes, "Organ", "株洲市委宣传部")
    unqualified, = _named(nodes, "Organ", "市委宣传部")
    assert taian["props"]["locality"] == "泰安市" and zhuzhou["props"]["locality"] == "株洲市"
    assert _files(taian, edges, docs) == ["taian_1.txt", "taian_2.txt", "taian_3.txt", "taian_4.html"]
    assert _files(unqualified, edges, docs) == ["unnamed_1.txt"]  # no locality: never merged


def test_official_in_four_documents_of_one_city_is_one_node(linked):
    _, nodes, edges, docs = linked
    wang = [n for n in _named(nodes, "Official", "王建华") if n["props"]["locality"] == "泰安市"]
    assert len(wang) == 1
    assert _files(wang[0], edges, docs) == ["taian_1.txt", "taian_2.txt", "taian_3.txt", "taian_4.html"]


def test_namesakes_elsewhere_are_candidates_not_merged(linked):
    _, nodes, edges, _ = linked
    wang = {n["props"]["locality"]: n["id"] for n in _named(nodes, "Official", "王建华")}
    liu = {n["props"]["locality"]: n["id"] for n in _named(nodes, "Official", "刘志刚")}
    assert set(wang) == {"泰安市", "株洲市"} and set(liu) == {"泰安市", "济南市"}
    cands = {frozenset((e["source"], e["target"])): e["props"] for e in edges if e["type"] == "SAME_AS_CANDIDATE"}
    w, l_ = cands[frozenset(wang.values())], cands[frozenset(liu.values())]
    assert "株洲市" in w["reason"] and "no organ in common" in w["reason"]
    assert "山东省" in l_["reason"]  # same province: a more plausible pair
    assert 0 < w["score"] < l_["score"] <= 1


def test_national_bodies_and_formulation_variants_merge(linked):
    _, nodes, edges, docs = linked
    centre, = _named(nodes, "Organ", "党中央")
    assert "中共中央" in centre["aliases"]
    assert len(_files(centre, edges, docs)) == 4
    three, = _named(nodes, "Slogan", "三不腐")
    assert any(normalise_name(a).startswith("不敢腐、不能腐、不想腐") for a in three["aliases"])
    assert len(_files(three, edges, docs)) == 2  # taian_1 and jinan_1 write it out in full


def test_combined_body_linked_to_its_parts(linked):
    _, nodes, edges, _ = linked
    by_id = {n["id"]: n["name"] for n in nodes}
    parts = {by_id[e["source"]] for e in edges if e["type"] == "PART_OF" and by_id[e["target"]] == "泰安市纪委监委"}
    assert parts == {"泰安市纪委", "泰安市监委"}


def test_linking_score_on_the_gold_clustering(linked):
    out = linked[0]
    scores = evaluate_linking(DATA.parent / "linking_gold.jsonl", out)
    assert scores.gold_pairs > 30
    assert scores.precision >= 0.98
    assert scores.recall >= 0.9


def test_no_two_nodes_share_name_and_locality(linked, seed_build):
    for nodes in (linked[1], seed_build[1]):
        seen = defaultdict(list)
        for n in nodes:
            if n["label"] != "Document" and n["props"].get("locality"):
                seen[(n["label"], normalise_name(n["name"]), n["props"]["locality"])].append(n["id"])
        assert all(len(v) == 1 for v in seen.values()), [k for k, v in seen.items() if len(v) > 1]


def test_shared_organ_merges_namesakes_without_locality(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("国务院副总理张国华出席全国安全生产工作会议并讲话。", encoding="utf-8")
    (src / "b.txt").write_text("国务院副总理张国华在全国防汛抗旱工作会议上强调,要压实责任。", encoding="utf-8")
    (src / "c.txt").write_text("市教育局局长张国华出席开学典礼。", encoding="utf-8")
    build([str(src)], tmp_path / "out")
    nodes, edges, docs = _read(tmp_path / "out")
    zhang = _named(nodes, "Official", "张国华")
    assert len(zhang) == 2  # the vice-premier of a.txt and b.txt, and the bureau chief of c.txt
    files = sorted(_files(z, edges, docs) for z in zhang)
    assert files == [["a.txt", "b.txt"], ["c.txt"]]
    assert sum(e["type"] == "SAME_AS_CANDIDATE" for e in edges) == 1


@pytest.mark.parametrize("a, b, same", [
    ("让党中央放心、让人民群众满意", "让党中央放心 让人民群众满意", True),          # spacing variant
    ("学思想、强党性、重实践、建新功", "学思想，强党性，重实践，建新功", True),      # punctuation variant
    ("坚持以人民为中心的发展思想", "坚持以人民为中心发展思想", True),              # 的 dropped
    ("以学铸魂、以学增智、以学正风、以学促干", "以学铸魂、以学增智、以学正风、以学促行", False),  # one clause changed
    ("两个确立", "两个维护", False),                                               # short: never fuzzy
    ("三个万件专项清理行动", "四个万件专项清理行动", False),                         # numerals differ
    ("作风建设年活动", "能力作风建设年活动", False),
])
def test_fuzzy_threshold(a, b, same):
    assert similar_names(a, b) is same


def test_user_knowledge_base_file_merges_aliases(tmp_path):
    import subprocess
    import sys

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("国家发改委印发《关于推进县城建设的意见》。", encoding="utf-8")
    (src / "b.txt").write_text("国家发展改革委召开新闻发布会,介绍有关情况。", encoding="utf-8")
    kb = tmp_path / "my_kb.toml"
    kb.write_text('[[Organ]]\nname = "国家发展改革委"\naliases = ["国家发改委"]\nlevel = "national"\n', encoding="utf-8")
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(src), "--out", str(tmp_path / "out"),
                    "--kb", str(kb), "-q"], check=True)
    nodes, edges, docs = _read(tmp_path / "out")
    ndrc, = _named(nodes, "Organ", "国家发展改革委")
    assert ndrc["aliases"] == ["国家发改委"] and ndrc["props"]["level"] == "national"
    assert _files(ndrc, edges, docs) == ["a.txt", "b.txt"]


def test_explain_shows_nodes_evidence_and_reasons(linked):
    out = linked[0]
    result = CliRunner().invoke(main, ["explain", str(out), "王建华"])
    assert result.exit_code == 0, result.output
    assert "王建华: 2 node(s)" in result.output
    assert "kept apart from" in result.output and "score" in result.output
    assert "“市委宣传部副部长王建华主持会议并讲话。”" in result.output  # the evidence sentence
    assert "one official per name and locality" in result.output
    result = CliRunner().invoke(main, ["explain", str(out), "王健华"])
    assert "did you mean: 王建华" in result.output


def test_similar_names_are_found_without_comparing_every_pair():
    """link_similar compares only pairs that can pass; on names with every kind of small edit
    (a character inserted, dropped or changed, at the start, middle or end) it groups exactly as
    comparing every pair does."""
    import random
    from itertools import combinations

    from kg.link.corpus import _UnionFind, link_similar

    rng = random.Random(7)
    alphabet = "坚持人民中心发展思想深化改革全面从严治党建设现代化强国高质量"
    names = {}
    for n in range(120):
        base = "".join(rng.choice(alphabet) for _ in range(rng.randint(10, 30)))
        names[f"b{n}"] = base
        for k in range(3):
            chars, at = list(base), rng.randrange(len(base))
            edit = rng.choice(("insert", "drop", "change"))
            if edit == "insert":
                chars.insert(at, rng.choice(alphabet))
            elif edit == "drop":
                del chars[at]
            else:
                chars[at] = rng.choice(alphabet)
            names[f"b{n}e{k}"] = "".join(chars)
    uf = _UnionFind(sorted(names))
    for a, b in combinations(sorted(names), 2):
        if similar_names(names[a], names[b]):
            uf.union(a, b)
    expected = {m: members[0] for members in uf.groups() for m in members}
    assert link_similar(names) == expected
    assert sum(k != v for k, v in expected.items()) > 100   # the edits do make groups


@pytest.mark.parametrize("text, word", [("程猛强调，程猛指出", "程猛"), ("总书记总书记", "总书记"), ("aaaa", "aa"),
                                        ("没有", "程猛"), ("abc", "")])
def test_occurrences_are_what_a_literal_pattern_finds(text, word):
    import re

    from kg.link.document import occurrences

    assert list(occurrences(text, word)) == [m.start() for m in re.finditer(re.escape(word), text)]
