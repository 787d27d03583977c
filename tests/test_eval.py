import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.eval.score import evaluate, format_by_doc, format_errors
from kg.graph.build import ENTITY_LABELS, RELATION_TYPES
from kg.graph.io import write_build

ROOT = Path(__file__).resolve().parent.parent


def _write(tmp_path, gold, nodes, edges):
    g = tmp_path / "gold.jsonl"
    g.write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")
    return g, nodes, edges


def test_scores_on_a_tiny_hand_made_gold(tmp_path):
    gold = {"doc": "a.txt", "entities": [
        {"type": "Official", "name": "张三"},
        {"type": "Official", "name": "李四"},
        {"type": "Organ", "name": "淄博市委", "aliases": ["市委"]},
        {"type": "Slogan", "name": "三不腐", "aliases": ["不敢腐、不能腐、不想腐"]},
        {"type": "Slogan", "name": "零容忍", "optional": True}],
        "relations": [{"type": "HOLDS_POSITION", "head": "张三", "tail": "淄博市委", "title": "书记"},
                      {"type": "HOLDS_POSITION", "head": "李四", "tail": "淄博市委", "title": "副书记"}]}
    nodes = [
        {"id": "d", "label": "Document", "name": "t", "aliases": [], "props": {"file": "a.txt"}},
        {"id": "o1", "label": "Official", "name": "张三", "aliases": [], "props": {}},
        {"id": "o2", "label": "Official", "name": "王五", "aliases": [], "props": {}},
        {"id": "g", "label": "Organ", "name": "市委", "aliases": [], "props": {}},
        {"id": "s1", "label": "Slogan", "name": "“不敢腐、不能腐、不想腐”", "aliases": [], "props": {}},
        {"id": "s2", "label": "Slogan", "name": "零容忍", "aliases": [], "props": {}},
    ]
    edges = [{"id": f"m{n}", "type": "MENTIONED_IN", "source": n, "target": "d", "props": {}}
             for n in ("o1", "o2", "g", "s1", "s2")]
    edges.append({"id": "h", "type": "HOLDS_POSITION", "source": "o1", "target": "g",
                  "props": {"doc": "d", "title": "副书记"}})
    s = evaluate(_write(tmp_path, gold, nodes, edges)[0], nodes, edges)
    off = s.by_type["Official"]
    assert (off.tp, off.fp, off.fn) == (1, 1, 1)
    assert off.f1 == 0.5
    assert (s.by_type["Organ"].tp, s.by_type["Organ"].fp) == (1, 0)          # alias matches
    slo = s.by_type["Slogan"]
    assert (slo.tp, slo.fp, slo.fn) == (1, 0, 0)                                # optional left out
    hp = s.by_type["HOLDS_POSITION"]
    assert (hp.tp, hp.fp, hp.fn) == (1, 0, 1)
    assert s.title_accuracy == 0.0


def test_matching_is_one_to_one(tmp_path):
    gold = {"doc": "a.txt", "entities": [{"type": "Slogan", "name": "四风"}], "relations": []}
    nodes = [{"id": "d", "label": "Document", "name": "t", "aliases": [], "props": {"file": "a.txt"}},
             {"id": "a", "label": "Slogan", "name": "四风", "aliases": [], "props": {}},
             {"id": "b", "label": "Slogan", "name": "“四风”", "aliases": [], "props": {}}]
    edges = [{"id": f"m{n}", "type": "MENTIONED_IN", "source": n, "target": "d", "props": {}} for n in "ab"]
    s = evaluate(_write(tmp_path, gold, nodes, edges)[0], nodes, edges)
    t = s.by_type["Slogan"]
    assert (t.tp, t.fp, t.fn) == (1, 1, 0)


def _node(id_, label, name, **props):
    return {"id": id_, "label": label, "name": name, "aliases": [], "props": props}


def _mention(node, doc):
    return {"id": f"m{node}{doc}", "type": "MENTIONED_IN", "source": node, "target": doc, "props": {}}


def _edge(type_, source, target, doc, **props):
    return {"id": f"{type_}{source}{target}{props}", "type": type_, "source": source, "target": target,
            "props": {"doc": doc, **props}}


def _write_gold(tmp_path, records):
    g = tmp_path / "gold.jsonl"
    g.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return g


def test_two_posts_in_one_body_are_matched_to_their_own_titles(tmp_path):
    # One-pass augmenting paths: the second edge displaces the first from the first post, so edges in
    # the gold's own order (党组书记, 局长) would end up paired crosswise.
    gold = {"doc": "a.txt", "entities": [{"type": "Official", "name": "张三"},
                                         {"type": "Organ", "name": "某市财政局", "aliases": ["市财政局"]}],
            "relations": [{"type": "HOLDS_POSITION", "head": "张三", "tail": "某市财政局", "title": "党组书记"},
                          {"type": "HOLDS_POSITION", "head": "张三", "tail": "某市财政局", "title": "局长"}]}
    nodes = [_node("d", "Document", "t", file="a.txt"), _node("p", "Official", "张三"),
             _node("o", "Organ", "市财政局")]
    edges = [_mention("p", "d"), _mention("o", "d"),
             _edge("HOLDS_POSITION", "p", "o", "d", title="党组书记"),
             _edge("HOLDS_POSITION", "p", "o", "d", title="局长")]
    s = evaluate(_write_gold(tmp_path, [gold]), nodes, edges)
    hp = s.by_type["HOLDS_POSITION"]
    assert (hp.tp, hp.fp, hp.fn) == (2, 0, 0)
    assert (s.title_matched, s.title_correct) == (2, 2)
    assert s.title_accuracy == 1.0


def test_an_edge_with_a_wrong_title_is_still_matched_by_its_ends(tmp_path):
    gold = {"doc": "a.txt", "entities": [{"type": "Official", "name": "张三"}, {"type": "Organ", "name": "某局"}],
            "relations": [{"type": "HOLDS_POSITION", "head": "张三", "tail": "某局", "title": "党组书记"},
                          {"type": "HOLDS_POSITION", "head": "张三", "tail": "某局", "title": "局长"}]}
    nodes = [_node("d", "Document", "t", file="a.txt"), _node("p", "Official", "张三"), _node("o", "Organ", "某局")]
    edges = [_edge("HOLDS_POSITION", "p", "o", "d", title="“党组书记”"),    # normalised before comparing
             _edge("HOLDS_POSITION", "p", "o", "d", title="副局长")]
    s = evaluate(_write_gold(tmp_path, [gold]), nodes, edges)
    hp = s.by_type["HOLDS_POSITION"]
    assert (hp.tp, hp.fp, hp.fn) == (2, 0, 0)
    assert s.title_accuracy == 0.5                  # 党组书记 right, 副局长 paired with 局长 in the second pass


def _two_docs(tmp_path):
    """a.txt found in full; b.txt with one official missed, one spurious organ and edges of both kinds."""
    golds = [
        {"doc": "a.txt", "entities": [{"type": "Official", "name": "李四"}], "relations": []},
        {"doc": "b.txt", "entities": [
            {"type": "Official", "name": "张三"}, {"type": "Official", "name": "王五"},
            {"type": "Organ", "name": "某市委"}, {"type": "Slogan", "name": "零容忍", "optional": True}],
         "relations": [{"type": "HOLDS_POSITION", "head": "张三", "tail": "某市委", "title": "书记"},
                       {"type": "HOLDS_POSITION", "head": "王五", "tail": "某市委", "title": "副书记"},
                       {"type": "REPORTED", "head": "张三", "tail": "零容忍"}]},
    ]
    nodes = [_node("da", "Document", "A", file="a.txt"), _node("db", "Document", "B", file="b.txt"),
             _node("l", "Official", "李四"), _node("z", "Official", "张三"), _node("c", "Organ", "某市委"),
             _node("x", "Organ", "某某"), _node("y", "Slogan", "某口号")]
    edges = [_mention("l", "da"), *(_mention(n, "db") for n in "zcxy"),
             _edge("HOLDS_POSITION", "z", "c", "db", title="书记"),
             _edge("HOLDS_POSITION", "z", "x", "db", title="主任"),
             _edge("REPORTED", "z", "y", "db")]
    return _write_gold(tmp_path, golds), nodes, edges


def test_by_doc_lists_the_weakest_document_first(tmp_path):
    s = evaluate(*_two_docs(tmp_path))
    assert s.weakest_first() == ["b.txt", "a.txt"]
    lines = format_by_doc(s).splitlines()
    assert [line.split()[0] for line in lines] == ["doc", "b.txt", "a.txt"]
    b = s.by_doc["b.txt"]
    assert (b.overall(ENTITY_LABELS).tp, b.overall(ENTITY_LABELS).fp, b.overall(ENTITY_LABELS).fn) == (2, 2, 1)
    assert (b.overall(RELATION_TYPES).tp, b.overall(RELATION_TYPES).fp, b.overall(RELATION_TYPES).fn) == (1, 2, 1)
    assert lines[1].split()[-4:] == ["3", "4", "2", f"{b.overall(ENTITY_LABELS + RELATION_TYPES).f1:.3f}"]
    total = s.overall(ENTITY_LABELS + RELATION_TYPES)
    assert (total.tp, total.fp, total.fn) == (4, 4, 2)           # the sum of the documents
    by_doc = s.as_dict(by_doc=True)["by_doc"]
    assert by_doc["a.txt"]["all"]["f1"] == 1.0
    assert (by_doc["b.txt"]["relations"]["tp"], by_doc["b.txt"]["relations"]["fp"]) == (1, 2)
    assert "missed" not in by_doc["b.txt"]


def test_errors_list_exactly_the_missed_and_spurious_items(tmp_path):
    s = evaluate(*_two_docs(tmp_path))
    assert format_errors(s) == "\n".join([
        "## b.txt",
        "- Official 王五",
        "- HOLDS_POSITION 王五 -> 某市委 (副书记)",     # the REPORTED of an optional end is not missed
        "+ Organ 某某",
        "+ Slogan 某口号",
        "+ HOLDS_POSITION 张三 -> 某某 (主任)",
        "+ REPORTED 张三 -> 某口号",
    ])                                                  # a.txt has nothing to list


def test_cli_by_doc_and_errors(tmp_path):
    gold, nodes, edges = _two_docs(tmp_path)
    build = tmp_path / "build"
    write_build(build, nodes, edges)
    run = CliRunner().invoke(main, ["eval", "--gold", str(gold), str(build), "--by-doc", "--errors"])
    assert run.exit_code == 0, run.output
    table, by_doc, errors = run.output.rstrip("\n").split("\n\n")[-3:]
    assert by_doc.splitlines()[1].startswith("b.txt") and by_doc.splitlines()[2].startswith("a.txt")
    assert errors.startswith("## b.txt\n- Official 王五")
    assert run.output == CliRunner().invoke(
        main, ["eval", "--gold", str(gold), str(build), "--by-doc", "--errors"]).output
    out = json.loads(CliRunner().invoke(main, ["eval", "--gold", str(gold), str(build), "--json", "--errors"]).output)
    assert out["by_doc"]["b.txt"]["spurious"] == ["Organ 某某", "Slogan 某口号", "HOLDS_POSITION 张三 -> 某某 (主任)",
                                                  "REPORTED 张三 -> 某口号"]
    assert out["by_doc"]["a.txt"]["missed"] == []


def test_a_gold_document_missing_from_the_build_is_all_missed(tmp_path):
    golds = [{"doc": "a.txt", "entities": [{"type": "Official", "name": "李四"}], "relations": []},
             {"doc": "c.txt", "entities": [{"type": "Official", "name": "赵六"}], "relations": []}]
    nodes = [_node("da", "Document", "A", file="a.txt"), _node("l", "Official", "李四")]
    s = evaluate(_write_gold(tmp_path, golds), nodes, [_mention("l", "da")])
    assert s.missing_docs == ["c.txt"]
    assert format_errors(s) == "## c.txt (not in the build)\n- Official 赵六"


def _kg(*args):
    """`kg ARGS` in its own process, as a user runs it: (exit code, stdout, stderr)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                         env=env, timeout=300)
    return run.returncode, run.stdout, run.stderr


def _one_line_error(code, out, err, *words):
    assert code != 0 and "Traceback" not in err and "Traceback" not in out, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    assert all(w in lines[0] for w in words), err


@pytest.mark.parametrize("text, words", [
    ('{"doc": "a.txt", "entities": [}\n', ["line 1", "not JSON"]),
    ("\n[1, 2]\n", ["line 2", "not a JSON object"]),
    ('{"document": "a.txt", "entities": [], "relations": []}\n', ["line 1", '"doc"']),
    ('{"doc": "a.txt", "entities": [{"type": "Official", "nom": "张三"}], "relations": []}\n',
     ["line 1", "entities item 1", '"name"']),
    ('{"doc": "a.txt", "entities": [{"type": "Person", "name": "张三"}], "relations": []}\n',
     ["unknown type 'Person'"]),
    ('{"doc": "a.txt", "entities": [], "relations": [{"type": "REPORTED", "head": "张三"}]}\n',
     ["relations item 1", '"tail"']),
    ('{"doc": "a.txt", "entities": []}\n', ['"relations"']),
    ("", ["no gold records"]),
], ids=["not-json", "not-object", "no-doc", "no-name", "bad-type", "no-tail", "no-relations", "empty"])
def test_a_bad_gold_file_is_one_line_and_a_non_zero_exit(tmp_path, text, words):
    build = tmp_path / "build"
    write_build(build, [_node("da", "Document", "A", file="a.txt")], [])
    gold = tmp_path / "gold.jsonl"
    gold.write_text(text, encoding="utf-8")
    _one_line_error(*_kg("eval", "--gold", gold, build), str(gold), *words)


def test_a_bad_linking_gold_file_is_one_line_and_a_non_zero_exit(seed_build, tmp_path):
    gold = tmp_path / "linking.jsonl"
    gold.write_text('{"doc": "a.txt", "label": "Official", "surface": "张三"}\n', encoding="utf-8")
    _one_line_error(*_kg("eval", "--linking", gold, seed_build[0]), "line 1", '"entity"')


def test_eval_on_a_build_without_the_gold_documents_is_an_error(seed_build):
    # The seeds' build holds none of the 22 pages: an error naming the cause, not a table of zeros.
    code, out, err = _kg("eval", "--gold", ROOT / "eval" / "gold" / "pages.jsonl", seed_build[0])
    _one_line_error(code, out, err, "none of the 22 documents", "pages.jsonl")
    assert out == ""
    code, out, err = _kg("eval", "--linking", ROOT / "tests" / "data" / "linking_gold.jsonl", seed_build[0])
    _one_line_error(code, out, err, "none of the documents")
