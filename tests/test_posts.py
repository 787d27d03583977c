"""Posts as a grammar, on sentences written for the purpose (invented names and places of the genre)."""

from tests.conftest import extract


def named_edges(text: str) -> list[dict]:
    """The edges of one text's graph, with the names of their ends."""
    from kg.graph.build import GraphBuilder, process
    from kg.ingest.sources import make_document

    builder = GraphBuilder()
    builder.add(process(make_document("t.txt", text)))
    nodes, edges = builder.finish()
    by_id = {n["id"]: n for n in nodes}
    for e in edges:
        e["source_name"], e["target_name"] = by_id[e["source"]]["name"], by_id[e["target"]]["name"]
    return edges


def posts_of(text: str) -> set[tuple[str, str, str]]:
    return {(e["source_name"], e["target_name"], e["props"]["title"]) for e in named_edges(text)
            if e["type"] == "HOLDS_POSITION"}


def test_body_carries_over_and_party_group_posts_sit_on_the_body():
    posts = posts_of("淄博市召开会议。淄博市委常委、宣传部部长张立新讲话。市农业局党组书记、局长孙海波发言。")
    assert ("张立新", "淄博市委", "常委") in posts
    assert ("张立新", "淄博市委宣传部", "部长") in posts
    assert ("孙海波", "淄博市农业局", "党组书记") in posts
    assert ("孙海波", "淄博市农业局", "局长") in posts


def test_government_title_is_a_post_in_the_peoples_government():
    posts = posts_of("淄博市召开会议。淄博市委副书记、市长周建军主持。自治区党委常委、自治区常务副主席韩立明出席。")
    assert ("周建军", "淄博市委", "副书记") in posts
    assert ("周建军", "淄博市人民政府", "市长") in posts
    assert ("韩立明", "自治区人民政府", "常务副主席") in posts


def test_fused_unit_title_and_open_class_unit():
    posts = posts_of("淄博市召开会议。市委常委、宣传部长 刘海涛:\n市科学技术局党组成员、副局长赵文静介绍情况。")
    assert ("刘海涛", "淄博市委宣传部", "部长") in posts
    assert ("赵文静", "淄博市科学技术局", "党组成员") in posts
    assert ("赵文静", "淄博市科学技术局", "副局长") in posts


def test_former_and_candidate_posts_are_marked():
    edges = named_edges("淄博市召开会议。原市委书记王德胜出席。市委副书记、市长候选人李东升讲话。")
    status = {(e["source_name"], e["props"]["title"]): e["props"].get("status") for e in edges
              if e["type"] == "HOLDS_POSITION"}
    assert status[("王德胜", "书记")] == "former"
    assert status[("李东升", "市长")] == "candidate"
    assert status[("李东升", "副书记")] is None


def test_name_ends_before_the_verb_that_follows():
    nodes, _, _ = extract("淄博市召开会议。市委书记李强强调,要抓落实。副市长刘喆通报情况。县长张志强说,要干实事。")
    officials = {n for label, n in nodes if label == "Official"}
    assert {"李强", "刘喆", "张志强"} <= officials
    assert "刘喆通" not in officials


def test_name_first_roster_and_listed_names_share_the_chain():
    posts = posts_of("淄博市召开会议。\n发布人\n王春来 市商务局党组书记、局长\n"
                     "中共中央政治局常委李强、赵乐际出席会议。")
    assert ("王春来", "淄博市商务局", "局长") in posts
    assert ("李强", "中共中央政治局", "常委") in posts
    assert ("赵乐际", "中共中央政治局", "常委") in posts


def test_autonomous_prefecture_and_banner_organs_take_their_short_form():
    nodes, _, _ = extract("文山壮族苗族自治州召开会议。文山州召开全州大会。州委书记杨建华讲话。")
    assert ("Organ", "文山州委") in nodes


def test_a_unit_outside_the_closed_list_carries_the_body_over():
    posts = posts_of("淄博市召开发布会。市委副秘书长、政研室主任、改革办常务副主任赵立新作发布。"
                     "中宣部副秘书长、全国宣传干部学院常务副院长钱明出席。")
    assert ("赵立新", "淄博市委改革办", "常务副主任") in posts
    assert ("钱明", "全国宣传干部学院", "常务副院长") in posts     # a national body of its own
    _, triples, _ = extract("淄博市召开发布会。市委副秘书长、改革办常务副主任赵立新作发布。")
    assert ("PART_OF", "淄博市委改革办", "淄博市委") in triples


def test_a_spokesperson_roster_makes_each_the_spokesperson_of_their_department():
    text = ("中共淄博市委新闻发言人集体亮相。市委6个工作部门的8位新闻发言人分别是:市委组织部秘书长赵明、副巡视员钱红;"
            "市委统战部机关党委书记孙立;市档案局副局长李华、副局长周强。\n"
            "中央9部门新闻人鱼贯而入。他们分别是:中央外宣办新闻局局长吴刚,中组部秘书长郑伟。")
    posts = posts_of(text)
    assert ("钱红", "淄博市委组织部", "副巡视员") in posts            # the body of the official listed before
    assert ("周强", "淄博市档案局", "副局长") in posts
    for who, body in (("赵明", "淄博市委组织部"), ("钱红", "淄博市委组织部"), ("孙立", "淄博市委统战部"),
                      ("周强", "淄博市档案局"), ("吴刚", "中央外宣办"), ("郑伟", "中央组织部")):
        assert (who, body, "新闻发言人") in posts


def test_a_date_word_after_a_name_is_no_part_of_it():
    nodes, _, _ = extract("国务院副总理刘强日前作出批示。市委书记王海近日到基层调研。")
    officials = {n for label, n in nodes if label == "Official"}
    assert {"刘强", "王海"} <= officials
    assert not any(n.endswith(("日", "近")) for n in officials)


def test_envoys_commanders_and_chief_executives_are_officials():
    nodes, _, _ = extract("中国驻南洋国大使陈海涛到机场迎接。特别行政区行政长官林国栋陪同。外交部驻东海特派员公署特派员刘国华出席。"
                          "驻军部队司令员王立军出席。东洋国驻华大使约翰·史密斯表示欢迎。自治区主席艾力·买买提讲话。外交部副部长马克·约翰逊出席。")
    officials = {n for label, n in nodes if label == "Official"}
    assert {"陈海涛", "林国栋", "王立军", "刘国华", "艾力·买买提", "马克·约翰逊"} <= officials
    assert not {"艾力", "马克", "公署"} & officials


def test_a_title_that_goes_on_into_a_committee_is_no_title():
    nodes, _, _ = extract("会议表决通过了财政与经济委员会、农业与农村委员会分别提出的报告。")
    assert not {n for label, n in nodes if label == "Official"}


def test_a_chain_is_read_post_by_post_with_its_joining_words():
    from kg.extract.posts import chain_at

    text = "会上，原市委常委、宣传部部长兼市文联主席王某某讲话。"
    c = chain_at(text, 3)
    assert c.former and text[c.posts_start:c.end] == "市委常委、宣传部部长兼市文联主席" and c.text == "原" + text[c.posts_start:c.end]
    # a joining word with no post after it is not part of the chain
    text = "市委书记、全市干部参加。"
    c = chain_at(text, 0)
    assert not c.former and c.text == "市委书记"
    assert chain_at("全市干部参加。", 0) is None


def test_a_place_written_short_before_a_government_title_takes_its_official_name():
    from tests.conftest import extract

    assert ("HOLDS_POSITION", "王小明", "广州市人民政府") in extract("广州市长王小明出席会议。")[1]
    assert ("HOLDS_POSITION", "王小明", "海南省人民政府") in extract("海南省长王小明出席会议。")[1]


def test_a_title_made_of_the_ends_of_place_names_is_no_post():
    """州长 in 泸州长江, 省长 in 湖南省长沙市: the characters belong to the places around them."""
    from tests.conftest import extract

    for text in ("今天凌晨，泸州长江大桥顺利合龙。", "湖南省长沙市望城区举行活动。", "上海市长宁区新华路街道举办活动。"):
        nodes, triples, _ = extract(text)
        assert not [n for n in nodes if n[0] == "Official"], text
    # a title whose last character begins a place (长|武), with no place ending before it, is still a post
    assert ("HOLDS_POSITION", "武小明", "全国人大常委会") in extract("全国人大常委会副委员长武小明出席。")[1]  # 长武 is a county


def test_a_chain_goes_on_only_where_a_post_can_begin():
    """After a post, the next is tried only at a word of the post grammar (or a unit), or anywhere
    after 、,， (a unit outside the closed list): the chain reads the same as trying everywhere."""
    from kg.extract.posts import chain_at

    everywhere = set(range(100))
    for text in ("市委常委宣传部部长王某讲话", "市委常委、网信办主任王某讲话", "市委副书记兼市长王某讲话",
                 "省委常委，省纪委书记、省监委主任王某讲话", "县委书记王某讲话"):
        assert chain_at(text, 0) == chain_at(text, 0, everywhere), text


def test_a_leaders_name_is_not_lengthened_by_the_verb_after_it():
    """李强乘包机: 李强乘 would be a name that nothing ends; the knowledge base's leader is meant.
    A longer name that the text does end (李强生说) is another person."""
    from tests.conftest import extract

    nodes, triples, _ = extract("国务院总理李强乘专机抵达。国务院副总理丁薛祥应约出席。")
    assert {n for n in nodes if n[0] == "Official"} == {("Official", "李强"), ("Official", "丁薛祥")}
    nodes, _, _ = extract("市委书记李强生说，要抓好落实。")
    assert ("Official", "李强生") in nodes


def test_the_tagger_is_not_asked_where_a_word_of_the_genre_follows_the_title():
    """主席团, 主席职务, 总统夫人, 主席强调: what follows the title is no name, and the rules know it."""
    from kg.extract import posts
    from kg.extract.mentions import _unsure

    for text in ("市政协主席团召开会议", "辞去市政协主席职务", "会上，市政协主席强调"):
        start = text.index("市政协")
        chain = posts.chain_at(text, start)
        assert chain.text == "市政协主席" and not _unsure(text, chain.end, None, chain), text
    text = "市政协主席阿卜杜拉出席"
    assert _unsure(text, 5, None, posts.chain_at(text, 0))


def test_a_title_that_names_its_own_body_takes_it_not_the_body_before():
    posts = posts_of("中共中央书记处书记、国务委员刘文华出席会议。国务委员、公安部部长赵红梅讲话。")
    assert ("刘文华", "中共中央书记处", "书记") in posts
    assert ("刘文华", "国务院", "国务委员") in posts
    assert ("赵红梅", "国务院", "国务委员") in posts and ("赵红梅", "公安部", "部长") in posts
    assert not any(body == "中共中央书记处" and title == "国务委员" for _, body, title in posts)


def test_a_state_of_another_country_before_its_governor_gives_no_post():
    posts = posts_of("得州州长刘文华表示反对。夏威夷州州长赵红梅宣布。恩施州副州长王建国出席。")
    assert not any(who in ("刘文华", "赵红梅") for who, _, _ in posts)
    assert ("王建国", "恩施州人民政府", "副州长") in posts


def test_a_word_that_begins_with_a_title_is_followed_by_no_name():
    nodes, _, _ = extract("巴西作为主席国工作积极。淄博市政协主席刘文华出席会议。")
    officials = {n[1] for n in nodes if n[0] == "Official"}
    assert officials == {"刘文华"}


def test_a_chain_reads_the_same_wherever_it_stands():
    """A chain's posts depend on the chain and the character before it only: read once, they are
    placed at each chain's own offsets."""
    from kg.extract.posts import parse

    chain = "市委常委、宣传部部长"
    for before in ("", "会上，", "出席会议的有市政协主席王某、"):
        text = before + chain + "李某讲话。"
        posts = parse(text, len(before), len(before) + len(chain))
        assert [(p.title, p.organ, text[p.start:p.end]) for p in posts] == \
            [("常委", "市委", "市委"), ("部长", "市委宣传部", "宣传部")]


def test_words_after_a_title_that_begin_no_name():
    edges = named_edges("### 会议\n会议听取了市人大常委会秘书长周启明分别作的关于市人大常委会副秘书长任命事项的说明。\n")
    holders = {e["source_name"] for e in edges if e["type"] == "HOLDS_POSITION"}
    assert "周启明" in holders and not holders & {"周启明分", "任命事"}


def test_a_title_after_bodies_listed_with_their_own_names_is_held_in_each():
    text = ("### 发布会\n会上，中共中央台办、国务院台办主任周建华介绍情况。市委办公室、市政府办公室主任李卫东主持。"
            "省委宣传部、统战部部长王成作了发言。市委、市政府主要负责同志出席。\n")
    posts = {(e["source_name"], e["target_name"], e["props"]["title"]) for e in named_edges(text)
             if e["type"] == "HOLDS_POSITION"}
    assert {("周建华", "国务院台办", "主任"), ("李卫东", "市委办公室", "主任"), ("李卫东", "市政府办公室", "主任"),
            ("王成", "省委宣传部", "部长"), ("王成", "省委统战部", "部长")} <= posts
    assert any(h == "周建华" and "中央台办" in o and "国务院" not in o for h, o, _ in posts)


def test_a_chain_with_a_long_body_before_its_first_title_is_found():
    """Chains are tried only where a title begins within reach of the start: the longest bodies
    written before a title (an autonomous prefecture's government) are within it."""
    edges = named_edges("会上，黔西南布依族苗族自治州人民政府副州长王小明讲话。")
    assert {(e["source_name"], e["props"]["title"]) for e in edges if e["type"] == "HOLDS_POSITION"} == \
        {("王小明", "副州长")}
