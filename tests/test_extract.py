"""Each extractor on short sentences written for the purpose (not from the example corpus)."""

from tests.conftest import extract


def test_compound_post_gives_two_positions():
    nodes, triples, _ = extract("淄博市召开会议。\n出席:区纪委副书记、区监委副主任王建国\n淄博市委宣传部部长张伟讲话。")
    assert ("Official", "王建国") in nodes
    assert ("HOLDS_POSITION", "张伟", "淄博市委宣传部") in triples


def test_locality_qualifies_organs_and_part_of():
    text = "淄博市召开会议。淄博市委组织部介绍情况。\n市委宣传部副部长刘洋:\n市委宣传部将深入开展“文化惠民”行动。"
    nodes, triples, _ = extract(text)
    assert ("Organ", "淄博市委宣传部") in nodes
    assert ("HOLDS_POSITION", "刘洋", "淄博市委宣传部") in triples
    assert ("PART_OF", "淄博市委宣传部", "淄博市委") in triples


def test_quoted_campaign_with_tail_and_numbered_slogan():
    nodes, triples, _ = extract("县委决定在全县开展“能力提升年”活动,坚决做到“两个维护”,推进“三不腐”。")
    assert ("Campaign", "能力提升年活动") in nodes
    assert ("Slogan", "两个维护") in nodes
    assert ("Slogan", "三不腐") in nodes


def test_formula_variants_merge():
    nodes, _, _ = extract("一体推进不敢腐、不能腐、不想腐,坚持“三不腐”。")
    assert [n for n in nodes if n[0] == "Slogan"] == [("Slogan", "三不腐")]


def test_policy_document_and_issued():
    _, triples, _ = extract("淄博市召开会议。淄博市委印发《关于加强基层治理的实施意见》。")
    assert ("ISSUED", "淄博市委", "关于加强基层治理的实施意见") in triples


def test_speaker_headers_attribute_reported():
    text = "\n".join([
        "淄博市召开淄博市乡村振兴工作新闻发布会。",
        "发布人",
        "市农业农村局局长赵明",
        "记者提问",
        "问",
        "请介绍一下今年的工作?",
        "市农业农村局局长赵明:",
        "我们坚持“产业兴旺、生态宜居”,深入实施“千村示范”工程。",
    ])
    nodes, triples, _ = extract(text)
    assert ("REPORTED", "赵明", "千村示范工程") in triples
    assert ("REPORTED", "赵明", "产业兴旺、生态宜居") in triples
    assert ("SPOKE_AT", "赵明", "淄博市乡村振兴工作新闻发布会") in triples
    assert ("HOLDS_POSITION", "赵明", "淄博市农业农村局") in triples


def test_surname_title_coreference():
    nodes, _, _ = extract("淄博市召开会议。市委书记马东升出席。马书记强调,要抓好落实。")
    officials = [n for n in nodes if n[0] == "Official"]
    assert officials == [("Official", "马东升")]


def test_general_secretary_resolves_to_leader():
    nodes, triples, _ = extract("深入学习总书记重要讲话精神。")
    assert ("Official", "习近平") in nodes
    assert ("HOLDS_POSITION", "习近平", "党中央") in triples


def test_provenance_offsets_point_at_evidence():
    from kg.ingest.sources import make_document
    text = "淄博市召开会议。\n淄博市委宣传部部长张伟出席会议。"
    _, _, edges = extract(text)
    normalised = make_document("t.txt", text).text
    for e in edges:
        if e["type"] != "MENTIONED_IN":
            p = e["props"]
            assert normalised[p["start"]:p["end"]] == p["evidence"]
            assert p["doc"].startswith("doc:")


def test_knowledge_base_label_wins_and_tail_variants_merge():
    nodes, _, _ = extract("推进“两学一做”常态化。严格落实“第一议题”制度,把第一议题作为首要任务。")
    assert ("Campaign", "两学一做学习教育") in nodes
    assert [n for n in nodes if n[0] == "Slogan"] == [("Slogan", "第一议题制度")]


def test_a_short_quotation_after_a_verb_that_takes_a_formula_is_one():
    from tests.conftest import extract

    nodes, _, _ = extract("淄博市召开会议。开展巡视是胸怀“国之大者”、情系“民之关切”的具体行动，不搞“一刀切”。")
    slogans = {n for label, n in nodes if label == "Slogan"}
    assert {"国之大者", "民之关切"} <= slogans


def test_a_campaign_name_begins_after_the_aspect_particle_and_a_count_names_none():
    from kg.extract.mentions import find_unquoted_campaigns

    found = {m.text for m in find_unquoted_campaigns(
        "全市开展了老旧小区改造提升三年行动。今年共实施了27个水系治理工程,举办了1万余场招聘活动,组织多轮联合检查行动。")}
    assert "老旧小区改造提升三年行动" in found
    assert not any(n.startswith(("了", "27个", "1万", "多轮")) for n in found)


def test_a_doubled_counter_or_a_copula_after_it_is_no_numbered_formula():
    from kg.extract.mentions import find_numbered

    found = {m.text for m in find_numbered("要落实“两个责任”,三张清单要推行,一个个村庄变了样,一项项难题得到解决,一个是产业,一个为人才。")}
    assert "三张清单" in found
    assert not any(n.startswith(("一个个", "一项项", "一个是", "一个为")) for n in found)
