"""One bad source never sinks the build: encodings told by every signal a file gives, broken
escapes and names reported, the build's own output, hidden files and linked folders handled."""

import json
import os

from kg.graph.run import build
from kg.ingest.sources import iter_sources
from kg.ingest.walk import HIDDEN

GOOD = "淄博市召开全市宣传工作会议。淄博市委书记马东升出席会议并讲话。"


def report_of(out):
    return {e["source"]: e for e in map(json.loads, (out / "report.jsonl").read_text(encoding="utf-8").splitlines())}


def texts(out):
    return [json.loads(x)["text"] for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]


def test_encodings_from_every_signal(tmp_path):
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>会议</title></head>' \
           '<body><p>菏泽市委书记张伦出席会议。</p></body></html>'
    (tmp_path / "declared.html").write_bytes(page.encode("gbk"))
    (tmp_path / "meta.html").write_bytes("<meta charset=\"big5\"><p>淄博市委書記出席會議。</p>".encode("big5"))
    (tmp_path / "wide.txt").write_bytes("潍坊市召开全市组织工作会议。".encode("utf-16-le"))     # no BOM, no ASCII
    (tmp_path / "wide-ascii.txt").write_bytes("2024年 潍坊市委 meeting\n".encode("utf-16-be"))
    (tmp_path / "short-gbk.txt").write_bytes("淄博市委书记出席会议".encode("gbk"))
    (tmp_path / "short-big5.txt").write_bytes("淄博市委書記馬東升出席會議".encode("big5"))
    docs = {d.file: d for d in iter_sources([str(tmp_path)])}
    assert "菏泽市委书记张伦出席会议" in docs["declared.html"].text
    assert "淄博市委书记出席会议" in docs["meta.html"].text
    assert docs["wide.txt"].text == "潍坊市召开全市组织工作会议。"
    assert "潍坊市委" in docs["wide-ascii.txt"].text
    assert docs["short-gbk.txt"].text == "淄博市委书记出席会议" and not docs["short-gbk.txt"].meta.get("warning")
    assert docs["short-big5.txt"].text == "淄博市委书记马东升出席会议"


def test_bad_escapes_and_names_are_reported_and_the_rest_built(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    (src / "docs.jsonl").write_text(
        '{"text": "菏泽市委书记张伦出席会议。", "url": "https://x.org/\\ud800", "date": "2024-03-1\\udfff", "id": "a\\ud83d"}\n'
        '{"text": "潍坊市委书记出席会议。", "title": "\\udc00标题"}\n', encoding="utf-8")
    with open(os.path.join(os.fsencode(src), "新闻.txt".encode("gbk")), "wb") as fh:
        fh.write("烟台市委书记出席会议。".encode("utf-8"))
    summary = build([str(src)], tmp_path / "out", workers=1)
    report = report_of(tmp_path / "out")
    assert summary.built == 3
    bad_name = report[str(src / "新闻.txt")]
    assert bad_name["status"] == "skipped" and "not UTF-8" in bad_name["reason"]
    rows = (tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8")   # valid UTF-8 throughout
    assert "\ufffd" in rows and not any(0xD800 <= ord(c) <= 0xDFFF for c in rows)
    record = next(json.loads(x) for x in rows.splitlines() if "张伦" in x)
    assert record.get("date") is None and record["url"] == "https://x.org/\ufffd"


def test_output_inside_or_equal_to_the_source_is_never_read(tmp_path):
    for name, out in (("inside", "src/build"), ("equal", "src")):
        src = tmp_path / name / "src"
        src.mkdir(parents=True)
        (src / "good.txt").write_text(GOOD, encoding="utf-8")
        for _ in range(2):   # the second time the first build's files are there
            summary = build([str(src)], tmp_path / name / out, workers=1)
            assert summary.built == 1 and not summary.skipped, summary
        assert len(texts(tmp_path / name / out)) == 1


def test_hidden_files_skipped_and_counted_linked_folders_followed(tmp_path):
    src = tmp_path / "src"
    (src / ".git").mkdir(parents=True)
    (src / ".git" / "HEAD").write_text("ref: refs/heads/main", encoding="utf-8")
    (src / ".notes.txt").write_text(GOOD, encoding="utf-8")
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "linked.txt").write_text("菏泽市委书记张伦出席会议。", encoding="utf-8")
    (src / "link").symlink_to(other, target_is_directory=True)
    (other / "back").symlink_to(src, target_is_directory=True)          # a loop
    summary = build([str(src)], tmp_path / "out", workers=1)
    report = report_of(tmp_path / "out")
    assert summary.built == 2 and any("张伦" in t for t in texts(tmp_path / "out"))
    assert report[str(src / ".git")]["reason"] == HIDDEN and report[str(src / ".notes.txt")]["reason"] == HIDDEN
    assert str(src / ".git" / "HEAD") not in report
    assert "loop" in report[str(src / "link" / "back")]["reason"]
    assert len(summary.skipped) == 3
