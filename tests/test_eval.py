import json

from kg.eval.score import evaluate


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
