"""Real corpora in: multi-story transcripts, web pages, PDF and Word, JSON Lines and CSV field
mapping, ISO dates. Every input is made here, as an analyst's archive has it."""

import json

import pytest

from kg.graph.run import build
from kg.ingest.dates import to_iso
from kg.ingest.sources import Options, iter_sources, make_document
from tests.documents import docx, pdf

TRANSCRIPT = """# 《新闻联播》 (20240315)

## 新闻摘要

本期节目主要内容：

1.淄博市召开全市宣传工作会议；

2.菏泽市委组织部召开会议；

## 详细新闻

### 淄博市召开全市宣传工作会议

<p><strong>央视网消息</strong>（新闻联播）：3月14日，淄博市召开全市宣传工作会议。淄博市委书记马东升出席会议并讲话。</p><p>会议要求各区县抓好落实。</p>

[查看原文](https://tv.cctv.com/2024/03/15/VIDEaaa240315.shtml)

### 菏泽市委组织部召开会议

<p>央视网消息（新闻联播）：菏泽市委组织部召开会议，&nbsp;部署全年组织工作。菏泽市委常委、组织部部长王建华主持会议。</p>

[查看原文](https://tv.cctv.com/2024/03/15/VIDEbbb240315.shtml)

### 国内联播快讯

<p>央视网消息（新闻联播）：长征五号遥八运载火箭运抵文昌。</p>

[查看原文](https://tv.cctv.com/2024/03/15/VIDEccc240315.shtml)



---

(更新时间戳: 1710506869959)
"""


def read_build(out):
    rows = lambda name: [json.loads(x) for x in (out / name).read_text(encoding="utf-8").splitlines()]
    return rows("documents.jsonl"), rows("report.jsonl"), rows("records.jsonl")


def test_a_three_story_transcript_is_three_documents(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "20240315.md").write_text(TRANSCRIPT, encoding="utf-8")
    summary = build([str(tmp_path / "src")], tmp_path / "out", workers=1)
    docs, report, records = read_build(tmp_path / "out")
    assert summary.built == 3 and not summary.skipped
    by_file = {d["file"]: d for d in docs}
    assert set(by_file) == {"20240315.md#1", "20240315.md#2", "20240315.md#3"}
    first, second, third = (by_file[f"20240315.md#{i}"] for i in (1, 2, 3))
    assert first["title"] == "淄博市召开全市宣传工作会议"
    assert first["url"] == "https://tv.cctv.com/2024/03/15/VIDEaaa240315.shtml"
    assert first["date"] == "2024-03-14"           # the story's own date, year from the file
    assert second["date"] == third["date"] == "2024-03-15"   # the file's
    assert "菏泽" not in first["text"] and "淄博" not in second["text"]   # each story its own
    assert third["url"].endswith("VIDEccc240315.shtml") and "更新时间戳" not in third["text"]
    # a national broadcast's story is about the place its headline begins with, else none
    assert (first["locality"], second["locality"], third["locality"]) == ("淄博市", "菏泽市", None)
    for d in docs:   # markup gone, the summary of the day no story
        assert not any(s in d["text"] for s in ("<p>", "<strong>", "&nbsp;", "###", "查看原文", "本期节目"))
    assert sorted(r["source"].rsplit("/", 1)[1] for r in report) == ["20240315.md#1", "20240315.md#2", "20240315.md#3"]
    for rec in records:   # every offset points into the normalised text
        text = by_file[rec["document"]["file"]]["text"]
        for rel in rec["relations"]:
            assert text[rel["start"]:rel["end"]] == rel["evidence"]
    build([str(tmp_path / "src")], tmp_path / "again", workers=1)
    assert (tmp_path / "again" / "documents.jsonl").read_bytes() == (tmp_path / "out" / "documents.jsonl").read_bytes()


def test_split_by_a_users_marker(tmp_path):
    (tmp_path / "day.txt").write_text("2023年5月6日 简报\n【一】淄博市召开全市宣传工作会议。\n马东升出席。\n"
                                      "【二】菏泽市召开全市组织工作会议。\n【三】潍坊市召开会议。\n", encoding="utf-8")
    docs = list(iter_sources([str(tmp_path / "day.txt")], Options(split=r"^【[一二三四五六七八九十]+】")))
    assert [d.file for d in docs] == ["day.txt#0", "day.txt#1", "day.txt#2", "day.txt#3"]
    assert docs[1].title == "【一】淄博市召开全市宣传工作会议。" and "马东升出席" in docs[1].text
    assert "菏泽" not in docs[1].text and docs[2].title.startswith("【二】菏泽市")


def test_a_file_of_one_story_stays_one_document(tmp_path):
    (tmp_path / "a.md").write_text("# 淄博市召开全市宣传工作会议\n\n## 会议内容\n\n淄博市委书记马东升出席会议。\n\n"
                                   "## 会议要求\n\n各区县抓好落实。\n", encoding="utf-8")
    docs = list(iter_sources([str(tmp_path / "a.md")]))
    assert len(docs) == 1 and docs[0].title == "淄博市召开全市宣传工作会议" and "#" not in docs[0].text


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>淄博市召开全市宣传工作会议_淄博市人民政府_淄博新闻网</title>
<meta property="og:title" content="淄博市召开全市宣传工作会议">
<meta name="PubDate" content="2024-03-15 10:20"><meta name="ContentSource" content="淄博日报">
</head><body>
<div class="top"><a href="/">首页</a> | <a href="/en">English</a> | 无障碍版</div>
<nav><ul><li><a href="/news">新闻中心</a></li><li><a href="/gov">政务公开</a></li></ul></nav>
<div class="crumb">您当前的位置：<a href="/">首页</a> &gt; <a href="/news">新闻中心</a> &gt; 淄博要闻</div>
<div class="main"><div class="article">
 <h1>淄博市召开全市宣传工作会议</h1>
 <div class="info">发布时间：2024-03-15 10:20　来源：淄博日报　字号：[大 中 小]</div>
 <div class="content">
  <p>3月14日，淄博市召开全市宣传工作会议。淄博市委书记马东升出席会议并讲话。</p>
  <p>会议指出，要坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，扎实做好全年宣传思想文化工作。</p>
  <p>市委常委、宣传部部长王建华主持会议。各区县党委宣传部部长参加会议。</p>
 </div>
 <div class="share">分享到：微信 微博 QQ空间</div>
</div>
<div class="sidebar"><h3>相关新闻</h3>
 <ul><li><a href="/a1">青岛市委书记陆治原调研宣传工作</a></li><li><a href="/a2">济南市委常委会召开会议研究部署宣传工作</a></li></ul>
</div></div>
<footer><p>版权所有：淄博市人民政府办公室 鲁ICP备05001234号</p></footer>
</body></html>"""


def test_a_web_page_yields_only_its_article(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    doc, = iter_sources([str(tmp_path / "page.html")])
    assert doc.title == "淄博市召开全市宣传工作会议"
    assert doc.date == "2024-03-15" and doc.source == "淄博日报"
    assert "马东升出席会议并讲话" in doc.text and "王建华主持会议" in doc.text
    for noise in ("新闻中心", "政务公开", "当前的位置", "相关新闻", "陆治原", "济南市委", "分享到", "ICP", "无障碍"):
        assert noise not in doc.text


def test_pdf_and_word_are_read_in_order(tmp_path):
    (tmp_path / "report.pdf").write_bytes(pdf([["淄博市召开全市宣传工作会议", "淄博市委书记马东升出席会议并讲话。"],
                                              ["会议要求各区县抓好落实。"]]))
    (tmp_path / "scan.pdf").write_bytes(pdf([[], []]))
    docx(tmp_path / "notice.docx", "菏泽市委组织部召开会议",
         ["菏泽市委组织部召开会议,部署全年组织工作。", "会议要求各县区组织部抓好落实。"],
         [["姓名", "职务"], ["王建华", "菏泽市委常委、组织部部长"]])
    out = {getattr(d, "file", None) or d.path.rsplit("/", 1)[1]: d for d in iter_sources([str(tmp_path)])}
    assert out["report.pdf"].text.index("马东升") < out["report.pdf"].text.index("各区县抓好落实")
    assert "no text layer" in out["scan.pdf"].reason
    word = out["notice.docx"]
    assert word.title == "菏泽市委组织部召开会议"
    assert word.text.index("部署全年") < word.text.index("王建华 菏泽市委常委") < word.text.index("各县区组织部")


def test_jsonl_and_csv_with_field_mapping(tmp_path):
    rows = [{"content": "淄博市召开全市宣传工作会议。淄博市委书记马东升出席会议并讲话。", "pub_date": "2024年3月15日",
             "headline": "淄博开会", "link": "https://example.org/1", "key": "a1"},
            {"content": "菏泽市召开全市组织工作会议。菏泽市委书记张伦出席。", "pub_date": "明年", "key": "a2"},
            {"content": "潍坊市召开会议。潍坊市委书记出席。", "pub_date": "2024-13-45", "key": "a3"}]
    (tmp_path / "export.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    options = Options(fields=(("text", "content"), ("date", "pub_date"), ("id", "key"), ("title", "headline")))
    summary = build([str(tmp_path / "export.jsonl")], tmp_path / "out", workers=1, options=options)
    docs, report, _ = read_build(tmp_path / "out")
    by_file = {d["file"]: d for d in docs}
    assert summary.built == 3 and set(by_file) == {"a1", "a2", "a3"}
    assert by_file["a1"]["date"] == "2024-03-15" and by_file["a1"]["title"] == "淄博开会"
    assert by_file["a1"]["url"] == "https://example.org/1"   # `link`: one of the usual names
    assert by_file["a2"].get("date") is None and by_file["a3"].get("date") is None
    warned = {w["source"].rsplit(":", 1)[1]: w["warning"] for w in summary.warnings}
    assert "明年" in warned["2"] and "2024-13-45" in warned["3"]

    (tmp_path / "t.tsv").write_text("标题\t正文\t日期\n会议\t淄博市委书记马东升出席会议。\t2024/3/15\n"
                                    "会\t菏泽市委书记张伦出席会议。\t2024年3月\n", encoding="utf-8")
    a, b = iter_sources([str(tmp_path / "t.tsv")])
    assert (a.file, a.title, a.date, b.date) == ("t.tsv#2", "会议", "2024-03-15", "2024-03")


@pytest.mark.parametrize("raw, year, iso", [
    ("2024年3月15日", None, "2024-03-15"), ("2024/3/15", None, "2024-03-15"), ("2024-03-15T10:20:00+08:00", None, "2024-03-15"),
    ("20240315", None, "2024-03-15"), ("2024年3月", None, "2024-03"), ("9月14日", 2024, "2024-09-14"),
    ("２０２４年３月１５日", None, "2024-03-15"), ("2024-13-45", None, None), ("2023-02-29", None, None),
    ("明年", None, None), ("9月14日", None, None), ("", None, None)])
def test_iso_dates(raw, year, iso):
    assert to_iso(raw, year) == iso


def test_dates_in_text_are_iso_and_real():
    assert make_document("a.txt", "2024年2月30日 淄博市召开会议。马东升出席。").date is None
    assert make_document("a.txt", "淄博市召开会议。\n9月14日,马东升出席。", default_date="2023-01-02").date == "2023-09-14"


@pytest.mark.parametrize("page", ["govcn.html", "people.html", "county.html", "wechat.html", "xinhua.html"])
def test_pages_built_like_real_sites_yield_their_article(page):
    from pathlib import Path

    folder = Path(__file__).parent / "data" / "pages"
    want = json.loads((folder / "expected.json").read_text(encoding="utf-8"))[page]
    doc, = iter_sources([str(folder / page)])
    assert (doc.title, doc.date, doc.source) == (want["title"], want["date"], want["source"])
    assert all(a in doc.text for a in want["article"])
    assert [n for n in want["noise"] if n in doc.text] == []
