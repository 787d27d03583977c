"""Careers as biographies write them, on sentences written for the purpose (an invented official)."""

from tests.test_posts import named_edges

BIOGRAPHY = (
    "### 讣告 张立新同志逝世\n"
    "张立新同志，1931年5月生，山东淄博人。1953年至1957年，任华东纺织工业部计划处生产科副科长。"
    "1957年至1966年，历任国家计划委员会轻工局、综合局组长，国家计委机械局综合处副处长。"
    "1978年至1983年，历任化学工业部设计院第二研究所室主任、副主任工程师。"
    "1983年，张立新同志任国务院副秘书长兼国务院生产办公室主任、党组书记。"
    "1988年至1992年，历任山东省委副书记、省长、省委书记。\n")


def edges_named(kind: str) -> set[tuple]:
    return {(e["source_name"], e["target_name"], e["props"].get("title"), e["props"].get("status"))
            for e in named_edges(BIOGRAPHY) if e["type"] == kind}


def test_every_unit_of_a_career_body_is_an_organ_inside_the_one_before():
    part_of = {(s, t) for s, t, _, _ in edges_named("PART_OF")}
    assert {("华东纺织工业部计划处", "华东纺织工业部"), ("华东纺织工业部计划处生产科", "华东纺织工业部计划处"),
            ("化学工业部设计院", "化学工业部"), ("化学工业部设计院第二研究所", "化学工业部设计院"),
            ("国务院生产办公室", "国务院")} <= part_of


def test_a_unit_listed_after_another_is_in_the_same_body():
    posts = edges_named("HOLDS_POSITION")
    assert ("张立新", "国家计委综合局", "组长", "former") in posts or \
           ("张立新", "国家计划委员会综合局", "组长", "former") in posts
    assert ("国家计划委员会综合局", "国家计委") in {(s, t) for s, t, _, _ in edges_named("PART_OF")}


def test_a_career_is_held_by_the_biographys_subject_as_former_posts():
    posts = edges_named("HOLDS_POSITION")
    assert ("张立新", "国务院生产办公室", "党组书记", "former") in posts       # a post with no body: the one before
    assert ("张立新", "山东省人民政府", "省长", "former") in posts             # a government title after 山东省委
    assert ("张立新", "山东省委", "书记", "former") in posts                  # 省委 after 山东省委
    assert all(status == "former" for *_, status in posts)


def test_words_that_end_like_units_are_not_units():
    edges = named_edges("李明同志，历任国家计委干部业余学校教员。")
    organs = {e["source_name"] for e in edges if e["type"] == "MENTIONED_IN"}
    assert "国家计委干部" not in organs and "国家计委干部业余学校" in organs


def test_an_appointment_is_current_and_ends_where_another_holder_begins():
    text = ("### 中共中央决定\n日前，中共中央决定：王国强同志任江西省委委员、常委、书记，不再担任湖南省委书记、常委；"
            "刘志明同志不再担任江西省委书记。会议在十届一中全会上当选为委员。\n")
    posts = {(e["source_name"], e["target_name"], e["props"]["title"], e["props"].get("status"))
             for e in named_edges(text) if e["type"] == "HOLDS_POSITION"}
    assert {("王国强", "江西省委", "书记", None), ("王国强", "江西省委", "常委", None)} <= posts
    assert not any("湖南" in organ or "不再" in organ for _, organ, _, _ in posts)
    assert not any(holder == "全会上" for holder, *_ in posts)


def posts_of(text: str) -> set[tuple]:
    return {(e["source_name"], e["target_name"], e["props"]["title"], e["props"].get("status"))
            for e in named_edges(text) if e["type"] == "HOLDS_POSITION"}


def test_an_appointment_notice_gives_the_appointed_their_post_and_the_removed_a_former_one():
    posts = posts_of("### 常委会闭幕\n会议经表决，决定免去张海波、刘小平的水利部副部长职务，任命王建新为水利部部长，"
                     "陈立群为全国人大财政经济委员会副主任委员；免去其国家发展改革委副主任职务。\n")
    assert ("王建新", "水利部", "部长", None) in posts
    assert ("陈立群", "全国人大财政经济委员会", "副主任委员", None) in posts
    assert {("张海波", "水利部", "副部长", "former"), ("刘小平", "水利部", "副部长", "former")} <= posts
    assert not any(holder == "王建新" and title == "副部长" for holder, _, title, _ in posts)


def test_a_removal_names_every_post_of_the_list_and_an_appointment_proposed_is_a_candidacy():
    posts = posts_of("### 人事任免\n会议决定免去周文涛兼任的商务部部长职务；免去郑立的最高人民检察院副检察长、"
                     "检察委员会委员职务。任命马晓东为商务部副部长、杜鹏为全国人大社会建设委员会副主任委员。"
                     "市长提请任命孙国华为市财政局局长。\n")
    assert ("周文涛", "商务部", "部长", "former") in posts
    assert ("郑立", "最高人民检察院", "副检察长", "former") in posts
    assert {("马晓东", "商务部", "副部长", None), ("杜鹏", "全国人大社会建设委员会", "副主任委员", None)} <= posts
    assert not any("杜鹏" in organ for _, organ, _, _ in posts)
    assert any(h == "孙国华" and t == "局长" and s == "candidate" for h, _, t, s in posts)
    assert not any(h == "孙国华" and s is None for h, _, _, s in posts)
