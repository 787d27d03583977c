"""The knowledge base (kg/data/kb.toml): national bodies and leaders, on sentences written for the
purpose and run through the real pipeline, and the soundness of the data itself."""

import re
from collections import defaultdict

import pytest

from kg.ingest.normalise import normalise_name
from kg.link.kb import knowledge_base
from tests.conftest import extract


def _holds(text):
    from kg.graph.build import GraphBuilder, process
    from kg.ingest.sources import make_document

    builder = GraphBuilder()
    builder.add(process(make_document("t.txt", text)))
    nodes, edges = builder.finish()
    name = {n["id"]: n["name"] for n in nodes}
    return {(name[e["source"]], name[e["target"]], e["props"].get("title"))
            for e in edges if e["type"] == "HOLDS_POSITION"}


# ------------------------------------------------------------------ national bodies
def test_short_and_full_names_of_the_politburo_are_one_node():
    nodes, _, _ = extract("中共中央政治局召开会议。会议指出,中央政治局要带头加强党性修养。")
    assert [n for n in nodes if n[0] == "Organ" and "政治局" in n[1]] == [("Organ", "中共中央政治局")]


def test_body_is_part_of_the_body_its_name_spells():
    _, triples, _ = extract("中共中央政治局召开会议。全国人大常委会举行会议。国务院新闻办公室举行新闻发布会。")
    assert ("PART_OF", "中共中央政治局", "党中央") in triples
    assert ("PART_OF", "全国人大常委会", "全国人大") in triples
    assert ("PART_OF", "国务院新闻办公室", "国务院") in triples


def test_party_centre_takes_the_guideline_name():
    nodes, _, _ = extract("各级党组织要坚决贯彻党中央决策部署,认真落实中国共产党中央委员会的要求。")
    assert [n for n in nodes if n[0] == "Organ"] == [("Organ", "党中央")]


def test_bare_centre_is_not_the_party_centre():
    # 中央 alone is an ordinary word (中央企业, 中央财政): it is no alias of 中共中央.
    nodes, _, _ = extract("推动中央企业高质量发展,用好中央财政资金。")
    assert not [n for n in nodes if n[0] == "Organ"]


def test_discipline_and_supervision_bodies_are_kept_apart():
    text = "中央纪委国家监委召开会议。中央纪委副书记、国家监委副主任王建军出席会议并讲话。"
    nodes, _, _ = extract(text)
    assert {("Organ", "中央纪委国家监委"), ("Organ", "中央纪委"), ("Organ", "国家监委")} <= nodes
    holds = _holds(text)
    assert ("王建军", "中央纪委", "副书记") in holds
    assert ("王建军", "国家监委", "副主任") in holds


def test_state_council_post_before_a_name():
    holds = _holds("国务院副总理张立群出席全国春季农业生产工作会议并讲话。")
    assert ("张立群", "国务院", "副总理") in holds


def test_leader_with_posts_from_the_text():
    holds = _holds("中共中央政治局常委、国务院总理李强出席座谈会并讲话。")
    assert ("李强", "中共中央政治局", "常委") in holds
    assert ("李强", "国务院", "总理") in holds


def test_general_secretary_post_is_in_the_party_centre():
    holds = _holds("深入学习贯彻习近平总书记重要讲话精神。")
    assert ("习近平", "党中央", "总书记") in holds


def test_leader_in_a_list_is_one_node_across_documents(tmp_path):
    import json

    from kg.graph.run import build

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("习近平、李强、赵乐际、王沪宁出席会议。", encoding="utf-8")
    (src / "b.txt").write_text("中共中央政治局常委赵乐际在会上讲话。", encoding="utf-8")
    build([str(src)], tmp_path / "out")
    out = tmp_path / "out"
    nodes = [json.loads(x) for x in (out / "nodes.jsonl").read_text(encoding="utf-8").splitlines()]
    edges = [json.loads(x) for x in (out / "edges.jsonl").read_text(encoding="utf-8").splitlines()]
    zhao, = [n for n in nodes if n["label"] == "Official" and n["name"] == "赵乐际"]
    docs = {e["target"] for e in edges if e["type"] == "MENTIONED_IN" and e["source"] == zhao["id"]}
    assert len(docs) == 2


def test_common_word_name_is_matched_only_in_a_post():
    # 汪洋 is also a word (汪洋大海): the bare name is not matched, the post pattern still links it.
    nodes, _, _ = extract("群众是汪洋大海,我们要始终依靠群众。")
    assert not [n for n in nodes if n[0] == "Official"]
    holds = _holds("国务院副总理汪洋出席会议并讲话。")
    assert ("汪洋", "国务院", "副总理") in holds


def test_doctrines_are_formulations_not_officials():
    nodes, _, _ = extract("坚持马克思列宁主义、毛泽东思想、邓小平理论。")
    assert {("Slogan", "毛泽东思想"), ("Slogan", "邓小平理论")} <= nodes
    assert not [n for n in nodes if n[0] == "Official"]


def test_newspaper_title_is_not_the_newspaper_office():
    nodes, _, _ = extract("人民日报社记者来我市采访。《人民日报》刊发评论员文章,坚持实事求是。")
    organs = {n for n in nodes if n[0] == "Organ"}
    assert organs == {("Organ", "人民日报社")}


# ------------------------------------------------------------------ the data itself
def test_no_form_names_two_entries():
    owners = defaultdict(set)
    for e in knowledge_base().entries:
        for form in e.all_forms():
            owners[(e.label, normalise_name(form))].add(e.name)
    assert not {k: v for k, v in owners.items() if len(v) > 1}


# Words that occur inside ordinary text: as substrings they would match everywhere.
_COMMON = ["中央", "中办", "国办", "央行", "求是", "最高法", "团中央", "军委", "汪洋", "人社部", "住建部", "工信部", "科技部"]


@pytest.mark.parametrize("word", _COMMON)
def test_no_common_word_is_matched(word):
    matched = {f for e in knowledge_base().entries for f in e.forms()}
    assert word not in matched


def test_national_bodies_are_national_and_parents_and_posts_are_known_bodies():
    kb = knowledge_base()
    for e in kb.entries:
        if e.label == "Organ":
            assert e.props.get("level") == "national", e.name
        if "part_of" in e.props:
            assert kb.lookup("Organ", e.props["part_of"]) is not None, e.name
        for post in e.props.get("posts", ()):
            assert kb.lookup("Organ", post["organ"]) is not None, (e.name, post)
        if "wikidata" in e.props:
            assert re.fullmatch(r"Q[1-9][0-9]*", e.props["wikidata"]), e.name


def test_labels_of_a_form_are_what_lookup_finds_under_each_label():
    kb = knowledge_base()
    labels = {e.label for e in kb.entries}
    forms = [f for e in kb.entries for f in e.all_forms()] + ["“两学一做”", "没有这个名字"]
    for form in forms:
        found = kb.labels(form)
        assert found == {label: kb.lookup(label, form) for label in labels if kb.lookup(label, form)}
    assert kb.labels("两学一做") and not kb.labels("没有这个名字")
