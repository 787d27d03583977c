"""Organs as the genre writes them: parents spelled inside a name, short forms of bodies, party
groups, career chains. Sentences written for the purpose (invented people, real places)."""

from tests.conftest import extract
from tests.test_posts import named_edges


def mentioned(text: str) -> set[str]:
    """The names of the nodes the document mentions (a MENTIONED_IN edge)."""
    return {e["source_name"] for e in named_edges(text) if e["type"] == "MENTIONED_IN"}


def test_a_parent_spelled_inside_a_name_is_part_of_and_mentioned():
    text = "淄博市召开会议。市人大常委会主任王立群出席，市委宣传部负责同志参加。"
    _, triples, _ = extract(text)
    assert ("PART_OF", "淄博市人大常委会", "淄博市人大") in triples
    assert ("PART_OF", "淄博市委宣传部", "淄博市委") in triples
    assert {"淄博市人大", "淄博市委"} <= mentioned(text)


def test_short_forms_of_courts_and_procuratorates_are_organs():
    nodes, _, _ = extract("淄博市召开会议。县法院、县检察院负责同志参加会议。")
    names = {n for label, n in nodes if label == "Organ"}
    assert any(n.endswith("法院") for n in names) and any(n.endswith("检察院") for n in names)


def test_a_party_group_before_its_posts_is_the_body():
    nodes, triples, _ = extract("淄博市召开会议。市商务局党组书记、局长陈立明发言。")
    organs = {n for label, n in nodes if label == "Organ"}
    assert "淄博市商务局" in organs and not any(n.endswith("党组") for n in organs)
    assert ("HOLDS_POSITION", "陈立明", "淄博市商务局") in triples


def test_the_spirit_of_a_meeting_is_a_formulation_named_with_the_meeting():
    nodes, _, _ = extract("淄博市召开会议。会议要求，深入学习贯彻党的二十届五中全会精神和省委十二届八次全会精神，"
                          "传达学习会议精神。")
    slogans = {n for label, n in nodes if label == "Slogan"}
    assert {"党的二十届五中全会精神", "省委十二届八次全会精神"} <= slogans
    assert not any("学习" in s or s == "会议精神" for s in slogans)


def test_the_spirit_of_a_named_speech_keeps_its_leader():
    nodes, _, _ = extract("淄博市召开会议。会议强调，要认真贯彻习近平总书记考察山东重要讲话精神，"
                          "贯彻习近平总书记重要讲话精神。")
    slogans = {n for label, n in nodes if label == "Slogan"}
    assert "习近平总书记考察山东重要讲话精神" in slogans
    assert "习近平总书记重要讲话精神" not in slogans      # no one speech named
    assert ("Official", "习近平") in nodes


def test_a_unit_of_a_national_body_is_part_of_it():
    _, triples, _ = extract("北京举行见面会。中央统战部研究室主任王立新、中央台办新闻局副局长李红出席。")
    assert ("PART_OF", "中央统战部研究室", "中央统战部") in triples
    assert ("PART_OF", "中央台办新闻局", "中央台办") in triples


def test_a_quoted_body_name_is_the_body_not_a_formula():
    nodes, _, _ = extract("背景板上写的是“国务院新闻办公室”，今天更换为“中共中央对外宣传办公室”。")
    assert ("Organ", "国务院新闻办公室") in nodes
    assert not any(label == "Slogan" and "办公室" in n for label, n in nodes)


def test_a_level_body_takes_the_one_place_of_that_level_the_page_names():
    _, triples, _ = extract("楚雄州召开发布会。中共武定县委书记李明、县委副书记、县长王强发布新闻。")
    assert ("HOLDS_POSITION", "王强", "武定县人民政府") in triples
    assert ("HOLDS_POSITION", "王强", "武定县委") in triples


def test_every_parent_spelled_in_a_name_is_part_of_its_own_parent():
    _, triples, _ = extract("淄博市召开会议。市委网络安全和信息化委员会办公室副主任王立新、"
                            "市委统战部机关党委书记李明、中宣部人权事务局宣传处处长赵强出席。")
    assert {("PART_OF", "淄博市委网络安全和信息化委员会办公室", "淄博市委网络安全和信息化委员会"),
            ("PART_OF", "淄博市委网络安全和信息化委员会", "淄博市委"),
            ("PART_OF", "淄博市委统战部机关党委", "淄博市委统战部"),
            ("PART_OF", "淄博市委统战部", "淄博市委"),
            ("PART_OF", "中宣部人权事务局宣传处", "中宣部人权事务局")} <= triples
    assert not any(t == "PART_OF" and (h.endswith("办") or h.endswith("委") and "信息化委" in h) for t, h, _ in triples)


def test_a_body_with_its_alternative_in_brackets_names_a_class_not_a_body():
    nodes, _, _ = extract("淄博市召开会议。推动市直机关党委(党组)理论学习中心组学习规范化，市委宣传部负责同志参加。")
    organs = {n for label, n in nodes if label == "Organ"}
    assert "淄博市委宣传部" in organs
    assert not any("直机关党" in n for n in organs)


def test_a_standing_report_is_a_document_without_quotation_marks():
    nodes, triples, _ = extract("淄博市召开会议。王立新在参加审议时说，完全赞成政府工作报告。李明表示，省政府工作报告实事求是。")
    docs = {n for label, n in nodes if label == "PolicyDocument"}
    assert {"政府工作报告", "省政府工作报告"} <= docs


def test_a_document_named_by_its_body_and_subject_is_issued_by_that_body():
    nodes, triples, _ = extract("淄博市召开座谈会,就淄博市委关于全面建设美丽淄博的决定征求意见。"
                                "会议审议《中共淄博市委关于深化改革的实施方案(讨论稿)》。")
    docs = {n for label, n in nodes if label == "PolicyDocument"}
    assert "淄博市委关于全面建设美丽淄博的决定" in docs
    assert ("ISSUED", "淄博市委", "淄博市委关于全面建设美丽淄博的决定") in triples
    assert any(t == "ISSUED" and h == "淄博市委" and "实施方案" in d for t, h, d in triples)


def test_organs_are_found_however_far_their_head_word_is_from_their_start():
    """organ() is tried only where a head word (body, unit, 直 word) begins within its reach:
    the longest prefix, place and level marker still come before one that is found."""
    from kg.extract import patterns as P
    from kg.extract.mentions import find_organs
    from kg.resources import grammar

    g = grammar()["organ"]
    prefix = max(g["drop_prefixes"], key=len)
    place = max(P._place_forms(), key=len)
    for name in (f"{prefix}{place}委员会宣传部", f"{place}直属机关工委", "市直机关工委"):
        text = f"会议由{name}主办。"
        assert [m.text for m in find_organs(text)] == [name]
    assert find_organs(f"{place}的发展很快，人民生活不断改善。") == []


def test_another_countrys_bodies_and_posts_are_not_the_national_ones():
    nodes, triples, _ = extract("俄罗斯国防部7日发表声明。伊朗外交部发言人阿里表示关切。"
                                "美国务院发言人表示，将作出回应。")
    assert not {n for n in nodes if n[0] in ("Organ", "Official")}
    # the country's own spokesperson, and China's envoy to another country, stay
    nodes, triples, _ = extract("外交部发言人王小明表示，中方坚决反对。中国驻美国大使李大伟出席活动。")
    assert ("HOLDS_POSITION", "王小明", "外交部") in triples
    assert ("Official", "李大伟") in nodes


def test_another_partys_central_body_and_posts_are_not_the_communist_partys():
    nodes, triples, _ = extract("座谈会上，农工党中央主席刘文华、致公党中央主席赵红梅先后发言。")
    assert ("Organ", "党中央") not in nodes
    assert not any(t[0] == "HOLDS_POSITION" and t[2] == "党中央" for t in triples)
    nodes, triples, _ = extract("党中央主席刘文华出席会议。")
    assert ("HOLDS_POSITION", "刘文华", "党中央") in triples
