"""`kg build` options that say how sources are read."""

import json
import subprocess
import sys


def kg(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_field_options_and_a_bad_split_pattern(tmp_path):
    (tmp_path / "e.jsonl").write_text(json.dumps({"正文x": "淄博市委书记马东升出席会议。", "发布": "2024年3月15日",
                                                  "名": "r1"}, ensure_ascii=False) + "\n", encoding="utf-8")
    run = kg("build", str(tmp_path / "e.jsonl"), "--out", str(tmp_path / "o"), "-j1",
             "--text-field", "正文x", "--date-field", "发布", "--id-field", "名")
    assert run.returncode == 0, run.stderr
    doc = json.loads((tmp_path / "o" / "documents.jsonl").read_text(encoding="utf-8"))
    assert (doc["file"], doc["date"]) == ("r1", "2024-03-15")

    bad = kg("build", str(tmp_path / "e.jsonl"), "--out", str(tmp_path / "p"), "--split", "([")
    assert bad.returncode != 0 and "--split" in bad.stderr and "Traceback" not in bad.stderr
    unmapped = kg("build", str(tmp_path / "e.jsonl"), "--out", str(tmp_path / "q"), "-j1")
    assert unmapped.returncode == 1 and "--text-field" in unmapped.stdout
