"""One case per kind of bad input: each is reported with its reason, the good document beside
it is still built, and the run's summary counts equal the report's."""

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from kg.graph.run import build

GOOD = "淄博市召开全市宣传工作会议。淄博市委书记马东升出席会议并讲话。"


def run_with(tmp_path, make, **kw):
    """A folder with good.txt and what `make` adds; returns (report by file name, summary)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    make(src)
    summary = build([str(src)], tmp_path / "out", workers=1, **kw)
    report = [json.loads(x) for x in (tmp_path / "out" / "report.jsonl").read_text(encoding="utf-8").splitlines()]
    assert summary.built == sum(r["status"] == "built" for r in report)
    assert len(summary.skipped) == sum(r["status"] == "skipped" for r in report)
    by_name = {Path(r["source"].rsplit(":", 1)[0] if r["source"].endswith(tuple("0123456789")) and ".jsonl:" in r["source"]
                    else r["source"]).name + (":" + r["source"].rsplit(":", 1)[1] if ".jsonl:" in r["source"] else ""): r
               for r in report}
    assert by_name["good.txt"]["status"] == "built"
    return by_name, summary


def skipped(report, name, *words):
    entry = report[name]
    assert entry["status"] == "skipped", entry
    assert all(w in entry["reason"] for w in words), entry
    return entry


def test_binary_file(tmp_path):
    r, _ = run_with(tmp_path, lambda d: (d / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50))
    skipped(r, "image.png", "binary")


def test_empty_file(tmp_path):
    r, _ = run_with(tmp_path, lambda d: (d / "empty.txt").write_bytes(b""))
    skipped(r, "empty.txt", "empty file")


def test_whitespace_and_zero_width_only(tmp_path):
    def make(d):
        (d / "blank.txt").write_text(" \n\t\u3000\n  ", encoding="utf-8")
        (d / "zw.txt").write_text("\u200b\u200c\u200d\ufeff\u200b", encoding="utf-8")
    r, _ = run_with(tmp_path, make)
    skipped(r, "blank.txt")
    skipped(r, "zw.txt", "no text")


@pytest.mark.parametrize("encoding", ["gbk", "big5", "utf-16"])
def test_legacy_and_wide_encodings_are_built(tmp_path, encoding):
    text = "菏泽市召开新闻发布会。菏泽市委宣传部副部长王建华主持发布会,介绍全市宣传思想工作情况。" * 3
    if encoding == "big5":
        from opencc import OpenCC
        text = OpenCC("s2t").convert(text)
    r, summary = run_with(tmp_path, lambda d: (d / f"{encoding}.txt").write_bytes(text.encode(encoding)))
    assert r[f"{encoding}.txt"]["status"] == "built"
    docs = [json.loads(x) for x in (tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert any("菏泽市委宣传部副部长王建华" in d["text"] for d in docs)  # decoded, and simplified


def test_broken_and_mixed_encodings(tmp_path):
    def make(d):
        good = "菏泽市委宣传部召开会议,部署全年工作。".encode("utf-8") * 20
        (d / "few-bad-bytes.txt").write_bytes(good[:90] + b"\xff\xfe" + good[90:])  # UTF-8 with a broken byte
        (d / "mixed.txt").write_bytes("前半部分是UTF-8。".encode("utf-8") + "后半部分是GBK编码的文字。".encode("gbk") * 30)
        (d / "noise.txt").write_bytes(bytes(range(128, 256)) * 40)
    r, summary = run_with(tmp_path, make)
    assert r["few-bad-bytes.txt"]["status"] == "built" and "replaced" in r["few-bad-bytes.txt"]["warning"]
    assert r["mixed.txt"]["status"] in ("built", "skipped")  # decoded as best it can be, or refused with a reason
    assert r["mixed.txt"].get("reason") or r["mixed.txt"].get("doc")
    assert r["noise.txt"]["status"] in ("built", "skipped")
    assert summary.warnings and summary.warnings[0]["source"].endswith("few-bad-bytes.txt")


def test_a_50_mb_document(tmp_path):
    def make(d):
        line = ("菏泽市委宣传部召开会议,部署全年工作。" * 50 + "\n").encode("utf-8")
        with open(d / "huge.txt", "wb") as fh:
            for _ in range(50 * 1024 * 1024 // len(line) + 1):
                fh.write(line)
    r, _ = run_with(tmp_path, make)
    skipped(r, "huge.txt", "too large", "--max-chars")


def test_100000_tiny_documents(tmp_path):
    def make(d):
        with open(d / "tiny.jsonl", "w", encoding="utf-8") as fh:
            for i in range(100_000):
                fh.write(json.dumps({"text": f"第{i}号。"}, ensure_ascii=False) + "\n")
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    make(src)
    summary = build([str(src)], tmp_path / "out", workers=2)
    assert summary.built == 100_001 and not summary.skipped
    with open(tmp_path / "out" / "report.jsonl", encoding="utf-8") as fh:
        assert sum(1 for _ in fh) == 100_001


def test_deeply_nested_and_malformed_html(tmp_path):
    def make(d):
        deep = "<html><body>" + "<div>" * 20000 + "<p>菏泽市委宣传部召开会议。</p>" + "</div>" * 20000 + "</body></html>"
        (d / "deep.html").write_text(deep, encoding="utf-8")
        (d / "broken.html").write_text("<html><body><p>菏泽市委组织部召开会议。<div><span><b>未闭合的标签<table><tr><td>",
                                       encoding="utf-8")
    r, _ = run_with(tmp_path, make)
    assert r["deep.html"]["status"] == "built" and r["broken.html"]["status"] == "built"


def test_malformed_jsonl_lines_and_non_string_text(tmp_path):
    def make(d):
        (d / "docs.jsonl").write_text('{"text": "菏泽市委宣传部召开会议。"}\n{broken\n{"text": 5}\n[1, 2]\n\n'
                                      '{"text": "菏泽市委组织部召开会议。", "date": 7}\n', encoding="utf-8")
    r, summary = run_with(tmp_path, make)
    assert r["docs.jsonl:1"]["status"] == "built" and r["docs.jsonl:6"]["status"] == "built"
    skipped(r, "docs.jsonl:2", "malformed JSON")
    skipped(r, "docs.jsonl:3", "text")
    skipped(r, "docs.jsonl:4", "text")


def test_broken_symlink_and_special_files(tmp_path):
    def make(d):
        (d / "dangling.txt").symlink_to(d / "nowhere.txt")
        os.mkfifo(d / "pipe.txt")
    r, _ = run_with(tmp_path, make)
    skipped(r, "dangling.txt", "broken symbolic link")
    skipped(r, "pipe.txt", "not a regular file")


def _build_as(uid, src, out):
    """Child process: drop to `uid` (when root) and build; exit status 0 on success."""
    if uid is not None:
        os.setgid(uid)
        os.setuid(uid)
    build([str(src)], out, workers=1)


def test_unreadable_file(tmp_path):
    # Root reads every file, so there the build runs in a forked child that has dropped to
    # an unprivileged user (modules and data are loaded before the fork).
    import multiprocessing

    build([str(tmp_path / "warm-up-missing")], tmp_path / "warm")  # load data and pipelines now
    tmp = Path(tempfile.mkdtemp())
    try:
        os.chmod(tmp, 0o777)
        src = tmp / "src"
        src.mkdir(mode=0o755)
        (src / "good.txt").write_text(GOOD, encoding="utf-8")
        (src / "secret.txt").write_text(GOOD + "机密。", encoding="utf-8")
        os.chmod(src / "good.txt", 0o644)
        os.chmod(src / "secret.txt", 0o000)
        out = tmp / "out"
        child = multiprocessing.get_context("fork").Process(
            target=_build_as, args=(65534 if os.geteuid() == 0 else None, src, out))
        child.start()
        child.join(120)
        assert child.exitcode == 0
        report = {Path(r["source"]).name: r for r in map(json.loads, (out / "report.jsonl").read_text("utf-8").splitlines())}
        assert report["good.txt"]["status"] == "built"
        skipped(report, "secret.txt", "cannot read", "Permission denied")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_names_with_spaces_and_non_ascii(tmp_path):
    def make(d):
        (d / "新闻 发布会 (第1场).txt").write_text("菏泽市委宣传部召开新闻发布会。", encoding="utf-8")
        (d / "sub dir").mkdir()
        (d / "sub dir" / "ü ñ 文件.txt").write_text("菏泽市委组织部召开会议。", encoding="utf-8")
    r, _ = run_with(tmp_path, make)
    assert r["新闻 发布会 (第1场).txt"]["status"] == "built" and r["ü ñ 文件.txt"]["status"] == "built"


def test_extremely_long_line(tmp_path):
    r, _ = run_with(tmp_path, lambda d: (d / "long.txt").write_text(
        "菏泽市委宣传部副部长王建华出席会议并讲话," * 20000, encoding="utf-8"))
    assert r["long.txt"]["status"] == "built"
