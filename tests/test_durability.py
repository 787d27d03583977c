"""Nothing lost, nothing corrupt: failed builds, damaged builds, the publish step, --update against a
full rebuild, concurrent writers, JSON Lines with Unicode line separators, folders that are not
builds, a full disk, the CSV export's publish. Every case is made here, on real files."""

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.graph import publish as publish_mod
from kg.graph.io import BuildError, read_build, read_jsonl
from kg.graph.run import OUTPUTS, build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "examples" / "seeds").iterdir())
EVERYTHING = [*OUTPUTS, "build.json"]


def _corpus(path: Path, names=range(3), extra: str = "") -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for i in names:
        (path / f"{i:02d}.txt").write_text(SEEDS[i % len(SEEDS)].read_text(encoding="utf-8") + extra + f"\n第{i}号。",
                                           encoding="utf-8")
    return path


def _snapshot(out: Path) -> dict[str, bytes | str]:
    """Every file and link under `out`, with its bytes or its target."""
    snap = {}
    for root, dirs, files in os.walk(out):
        for name in dirs + files:
            p = Path(root) / name
            rel = str(p.relative_to(out))
            if p.is_symlink():
                snap[rel] = "-> " + os.readlink(p)
            elif p.is_file():
                snap[rel] = p.read_bytes()
    return snap


def _outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in EVERYTHING}


def _cli(*args, **kw):
    result = CliRunner().invoke(main, [str(a) for a in args], **kw)
    assert "Traceback" not in result.output, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result


def _one_line_error(result, *words):
    assert result.exit_code != 0, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    error = [line for line in lines if line.startswith("Error:")]
    assert len(error) == 1, result.output
    for word in words:
        assert word.lower() in error[0].lower(), error[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A small build, copied for each test that may damage it."""
    base = tmp_path_factory.mktemp("built")
    out = base / "out"
    build([str(_corpus(base / "src"))], out, workers=1)
    return out


@pytest.fixture
def out(built, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(built, copy, symlinks=True)
    return copy


# ------------------------------------------------------------------ a failed build changes nothing
@pytest.mark.parametrize("case", ["typo", "empty glob", "empty folder", "nothing readable", "broken kb", "kb not toml"])
def test_a_build_that_builds_nothing_leaves_the_previous_build_as_it_was(out, tmp_path, case):
    before = _snapshot(out)
    bad = tmp_path / "bad"
    bad.mkdir()
    args = {"typo": [tmp_path / "no-such-corpus"],
            "empty glob": [str(tmp_path / "*.nothing")],
            "empty folder": [bad],
            "nothing readable": [bad],
            "broken kb": [_corpus(tmp_path / "src2")],  # TOML, but not a knowledge base
            "kb not toml": [_corpus(tmp_path / "src2")]}[case]
    if case == "nothing readable":
        (bad / "empty.txt").write_bytes(b"")
        (bad / "binary.txt").write_bytes(bytes(range(256)) * 4)
        (bad / "records.jsonl").write_text("{not json\n[1, 2]\n", encoding="utf-8")
    kb = []
    if case in ("broken kb", "kb not toml"):
        kb_file = tmp_path / "kb.toml"
        kb_file.write_text("[[Organ]\nname = " if case == "kb not toml" else 'Organ = 5\n',
                           encoding="utf-8")
        kb = ["--kb", kb_file]
    result = _cli("build", *args, "--out", out, "-q", "-j", "1", *kb)
    assert result.exit_code != 0
    assert _snapshot(out) == before
    nodes, edges = read_build(out)
    assert nodes and edges


def test_a_failed_first_build_leaves_no_folder(tmp_path):
    result = _cli("build", tmp_path / "typo", "--out", tmp_path / "new", "-q", "-j", "1")
    assert result.exit_code == 1
    assert not (tmp_path / "new").exists()


# ------------------------------------------------------------------ reading checks the manifest
@pytest.mark.parametrize("damage", ["flip a byte", "truncate", "remove", "swap in another build's file"])
@pytest.mark.parametrize("name", ["nodes.jsonl", "edges.jsonl", "documents.jsonl"])
def test_a_damaged_build_is_refused_by_every_reader(out, tmp_path, damage, name):
    path = out / ".kg" / "current" / name
    data = path.read_bytes()
    if damage == "flip a byte":
        i = data.index(b'"id"') + 8
        path.write_bytes(data[:i] + bytes([data[i] ^ 1]) + data[i + 1:])  # same size
    elif damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "remove":
        path.unlink()
    else:
        other = tmp_path / "other"
        build([str(_corpus(tmp_path / "src-other", names=[3]))], other, workers=1)
        shutil.copyfile(other / name, path)
    with pytest.raises(BuildError, match=f"{name} does not match build.json"):
        read_build(out)
    for command in (["stats", out], ["explain", out, "习近平"], ["export", "graphml", out, "-o", tmp_path / "g.xml"]):
        _one_line_error(_cli(*command), "does not match build.json")
    assert not (tmp_path / "g.xml").exists()


# ------------------------------------------------------------------ the publish step
def test_readers_take_one_generation_whatever_the_links_at_the_top_say(out, tmp_path):
    nodes, edges = read_build(out)
    other = tmp_path / "other"
    build([str(_corpus(tmp_path / "src-other", names=[3, 4]))], other, workers=1)
    (out / "edges.jsonl").unlink()  # a mixed set at the top, as a crash between renames would leave
    shutil.copyfile(other / "edges.jsonl", out / "edges.jsonl")
    assert read_build(out) == (nodes, edges)


@pytest.mark.parametrize("crash_at", ["pointer", "cleanup"])
def test_a_crash_inside_the_publish_leaves_the_old_build_or_the_new(out, tmp_path, monkeypatch, crash_at):
    old = read_build(out)
    src = _corpus(tmp_path / "src-new", names=[3])
    fresh = tmp_path / "fresh"
    build([str(src)], fresh, workers=1)
    new = read_build(fresh)
    real_replace, real_clean = os.replace, publish_mod.clean

    def replace(a, b):
        if crash_at == "pointer" and Path(b).name == "current":
            raise KeyboardInterrupt  # the process dies here
        return real_replace(a, b)

    def clean(*a, **kw):
        raise KeyboardInterrupt

    monkeypatch.setattr(publish_mod.os, "replace", replace)
    monkeypatch.setattr(publish_mod, "clean", clean if crash_at == "cleanup" else real_clean)
    with pytest.raises(KeyboardInterrupt):
        build([str(src)], out, workers=1)
    monkeypatch.undo()
    assert read_build(out) == (old if crash_at == "pointer" else new)
    # the next build removes what the crashed one left, and nothing else
    build([str(src)], out, workers=1)
    assert read_build(out) == new
    assert len([p for p in (out / ".kg").iterdir() if p.is_dir() and not p.is_symlink()]) == 1


def test_kg_removes_only_what_it_made(out, tmp_path):
    mine = {".staging-mine/notes.txt": b"keep", ".kg-mine/a": b"keep", "notes.txt": b"keep",
            "sub/.staging-x/b": b"keep"}
    for rel, data in mine.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    leftover = out / ".kg" / "build-killed"  # what a killed build leaves
    leftover.mkdir()
    (leftover / "records.spool").write_bytes(b"x")
    build([str(_corpus(tmp_path / "src-new", names=[3]))], out, workers=1)
    build([str(_corpus(tmp_path / "src-new", names=[3, 4]))], out, workers=1)
    for rel, data in mine.items():
        assert (out / rel).read_bytes() == data
    assert not leftover.exists()
    assert sorted(p.name for p in out.iterdir()) == sorted([*EVERYTHING, ".kg", ".staging-mine", ".kg-mine",
                                                            "notes.txt", "sub"])


def test_a_build_in_the_layout_of_files_is_read_and_replaced(tmp_path):
    """Builds made before the generations (plain files with build.json) stay readable."""
    src = _corpus(tmp_path / "src", names=[0])
    fresh = tmp_path / "fresh"
    build([str(src)], fresh, workers=1)
    flat = tmp_path / "flat"
    shutil.copytree(fresh / ".kg" / "current", flat)
    assert read_build(flat) == read_build(fresh)
    src2 = _corpus(tmp_path / "src2", names=[1])
    again = tmp_path / "again"
    build([str(src2)], again, workers=1)
    real_replace = os.replace

    def dies_at_the_edges(a, b):  # the process dies after the pointer, while links replace the files
        if Path(b) == flat / "edges.jsonl":
            raise KeyboardInterrupt
        return real_replace(a, b)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(publish_mod.os, "replace", dies_at_the_edges)
        with pytest.raises(KeyboardInterrupt):
            build([str(src2)], flat, workers=1)
    assert read_build(flat) == read_build(again)  # the new set, whole, though the old edges.jsonl is at the top
    build([str(src2)], flat, workers=1)
    assert all((flat / name).is_symlink() for name in EVERYTHING)
    assert _cli("stats", flat).exit_code == 0


# ------------------------------------------------------------------ --update is a full rebuild
KB = '[[Organ]]\nname = "国家发展改革委"\naliases = ["国家发改委"]\nlevel = "national"\n'


def _update_case(tmp_path: Path, case: str):
    """(first build's args, the update's args, the full rebuild's args) for one case."""
    a, b = _corpus(tmp_path / "a", names=[0, 1]), _corpus(tmp_path / "b", names=[2, 3])
    kb = tmp_path / "kb.toml"
    kb.write_text(KB, encoding="utf-8")
    (a / "ndrc.txt").write_text("国家发改委印发《关于推进县城建设的意见》。国家发展改革委召开新闻发布会。", encoding="utf-8")
    if case == "new folder":
        return ([a], {}), ([b], {}), ([a, b], {})
    if case == "edited file":
        def edit():
            (a / "01.txt").write_text("中共中央政治局召开会议。会议由总书记主持。", encoding="utf-8")
        return ([a], {}), ([a], {"before": edit}), ([a], {})
    if case == "removed file":
        return ([a], {}), ([b], {"before": lambda: (a / "00.txt").unlink()}), ([a, b], {})
    if case == "kb the first build lacked":
        return ([a], {}), ([b], {"kb": [kb]}), ([a, b], {"kb": [kb]})
    if case == "edited kb":
        def edit_kb():
            kb.write_text(KB.replace('"national"', '"provincial"'), encoding="utf-8")
        return ([a], {"kb": [kb]}), ([b], {"before": edit_kb}), ([a, b], {"kb": [kb]})
    if case == "same source again":
        return ([a, b], {}), ([b], {}), ([a, b], {})
    if case == "jsonl records edited":
        j = tmp_path / "j.jsonl"
        rows = [{"id": f"r{i}", "text": SEEDS[i].read_text(encoding="utf-8")} for i in range(3)]
        j.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))

        def edit_jsonl():
            rows[1]["text"] = "国务院常务会议召开。"
            j.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
        return ([j], {}), ([b], {"before": edit_jsonl}), ([j, b], {})
    raise AssertionError(case)


def _run(sources, out, update=False, kb=(), before=None):
    if before:
        before()
    return build([str(s) for s in sources], out, workers=1, update=update, kb_files=tuple(str(k) for k in kb))


@pytest.mark.parametrize("case", ["new folder", "edited file", "removed file", "kb the first build lacked",
                                  "edited kb", "same source again", "jsonl records edited"])
def test_update_equals_a_full_rebuild_byte_for_byte(tmp_path, case):
    (first, first_kw), (more, update_kw), (full, full_kw) = _update_case(tmp_path, case)
    inc = tmp_path / "inc"
    _run(first, inc, **first_kw)
    summary = _run(more, inc, update=True, **update_kw)
    rebuilt = tmp_path / "full"
    _run(full, rebuilt, **full_kw)
    assert _outputs(inc) == _outputs(rebuilt)
    report = read_jsonl(inc / "report.jsonl")
    assert len({e["source"] for e in report}) == len(report)  # every source listed once
    if case in ("new folder", "same source again", "removed file"):
        assert summary.kept > 0  # unchanged documents were not extracted again
    if case == "edited file":
        assert summary.built == 1


def test_update_of_a_build_made_elsewhere_finds_its_relative_sources(tmp_path, monkeypatch):
    _corpus(tmp_path / "a", names=[0])
    _corpus(tmp_path / "b", names=[1])
    monkeypatch.chdir(tmp_path)
    build(["a"], tmp_path / "inc", workers=1)
    monkeypatch.chdir(ROOT)
    summary = build([str(tmp_path / "b")], tmp_path / "inc", workers=1, update=True)
    assert summary.kept == 1 and summary.built == 1


# ------------------------------------------------------------------ one writer at a time
def test_a_second_writer_is_refused_with_a_clear_message(out, tmp_path):
    before = _snapshot(out)
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as a running build holds it
        for args in (["build", _corpus(tmp_path / "src2"), "--update", out],
                     ["build", _corpus(tmp_path / "src2"), "--out", out]):
            _one_line_error(_cli(*args, "-q", "-j", "1"), "another kg process is writing")
    finally:
        os.close(fd)
    assert _snapshot(out) == before


def test_two_updates_at_once_lose_no_document(out, tmp_path):
    sources = [_corpus(tmp_path / f"s{k}", names=[3 + k]) for k in range(2)]
    procs = [subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(s), "--update", str(out), "-q", "-j", "1"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for s in sources]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    for code, err in results:
        assert "Traceback" not in err
        assert code == 0 or "another kg process is writing" in err
    done = [s for s, (code, _) in zip(sources, results) if code == 0]
    assert done
    built = {Path(e["source"]).parent for e in read_jsonl(out / "report.jsonl") if e["status"] == "built"}
    assert set(done) <= built  # whatever succeeded is in the build


# ------------------------------------------------------------------ JSON Lines split on "\n" only
SEPARATORS = ["\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\r"]


def test_jsonl_records_with_unicode_line_separators_are_whole(tmp_path):
    texts = [f"中共中央政治局召开会议{sep}会议由总书记主持。第{i}号。" for i, sep in enumerate(SEPARATORS)]
    rows = [orjson.dumps({"id": f"r{i}", "title": f"标题{sep}", "text": t}) for i, (sep, t) in
            enumerate(zip(SEPARATORS, texts))]
    assert all(s.encode() in r for s, r in zip(SEPARATORS[:3], rows))  # raw, not escaped (the rest must be)
    src = tmp_path / "records.jsonl"
    src.write_bytes(b"\n".join(rows) + b"\n")
    out = tmp_path / "out"
    summary = build([str(src)], out, workers=1)
    assert summary.built == len(rows) and not summary.skipped
    report = read_jsonl(out / "report.jsonl")
    assert [e["source"] for e in report] == [f"{src}:{i}" for i in range(1, len(rows) + 1)]
    docs = read_jsonl(out / "documents.jsonl")
    assert len(docs) == len(rows)
    # what kg writes, kg reads back: a record is one line of the file however its text looks
    for name in ("documents.jsonl", "records.jsonl", "report.jsonl"):
        assert len(read_jsonl(out / name)) == (out / name).read_bytes().count(b"\n")
    result = _cli("build", src, "--update", out, "-q", "-j", "1")
    assert result.exit_code == 0


def test_gold_linking_file_with_a_line_separator_is_read_whole(tmp_path):
    from kg.graph.io import jsonl_lines

    text = '{"a": "x\u2028y"}\n\n{"a": "z\u0085"}\r\n'
    assert [(n, orjson.loads(line)["a"]) for n, line in jsonl_lines(text)] == [(1, "x\u2028y"), (3, "z\u0085")]


# ------------------------------------------------------------------ folders that are not builds
def _not_a_build(tmp_path: Path) -> Path:
    d = tmp_path / "notes"
    d.mkdir()
    (d / "nodes.jsonl").write_text('{"id": 1}\n', encoding="utf-8")  # looks like one, is not
    return d


@pytest.mark.parametrize("command", [
    ["stats"], ["eval", "--gold", "{gold}"], ["eval", "--linking", "{gold}"], ["explain", "{dir}", "王建华"],
    ["export", "rdf", "-o", "{tmp}/x.ttl"], ["export", "graphml", "-o", "{tmp}/x.graphml"],
    ["export", "gexf", "-o", "{tmp}/x.gexf"], ["export", "neo4j-csv", "-o", "{tmp}/csv"],
    ["viz", "-o", "{tmp}/x.html"], ["validate"], ["sparql", "{dir}", "SELECT * WHERE {{ ?s ?p ?o }}"],
])
@pytest.mark.parametrize("folder", ["not a build", "empty", "missing"])
def test_any_command_on_a_folder_that_is_not_a_build_is_one_line(tmp_path, command, folder):
    d = {"not a build": _not_a_build(tmp_path), "empty": tmp_path / "empty", "missing": tmp_path / "missing"}[folder]
    if folder == "empty":
        d.mkdir()
    gold = tmp_path / "gold.jsonl"
    gold.write_text("", encoding="utf-8")
    args = [a.format(gold=gold, dir=d, tmp=tmp_path) for a in command]
    if "{dir}" not in command:
        args.insert(2 if command[0] == "export" else len(args), str(d))
    result = _cli(*args)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.output.strip().count("\n") == 0 or folder == "missing", result.output
    assert not list(tmp_path.glob("x.*")) and not (tmp_path / "csv").exists()


def test_update_into_a_folder_that_is_not_a_build_is_an_error(tmp_path):
    d = _not_a_build(tmp_path)
    before = _snapshot(d)
    _one_line_error(_cli("build", _corpus(tmp_path / "src"), "--update", d, "-q"), "not a kg build")
    assert _snapshot(d) == before
    _one_line_error(_cli("build", _corpus(tmp_path / "src"), "--update", tmp_path / "missing", "-q"))
    assert not (tmp_path / "missing").exists()


def test_update_with_a_source_that_does_not_exist_changes_nothing(out, tmp_path):
    before = _snapshot(out)
    _one_line_error(_cli("build", tmp_path / "typo", "--update", out, "-q"), "no such file or folder")
    assert _snapshot(out) == before


def test_dask_scheduler_that_is_not_running_is_one_line(tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = _cli("build", _corpus(tmp_path / "src", names=[0]), "--out", tmp_path / "out", "-q",
                  "--dask-scheduler", f"tcp://127.0.0.1:{port}")
    _one_line_error(result, "no Dask scheduler answers")
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ file systems that refuse
def _mount_tmpfs(path: Path, options: str) -> None:
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    _mount_tmpfs(disk, "size=1m")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=True)


def test_a_full_disk_is_one_line_and_leaves_no_staging(small_disk, tmp_path):
    out = small_disk / "out"
    summary = build([str(_corpus(tmp_path / "small", names=[0]))], out, workers=1)
    assert summary.built == 1
    before = _snapshot(out)
    result = _cli("build", _corpus(tmp_path / "big", names=range(12)), "--out", out, "-q", "-j", "1")
    _one_line_error(result, "no space left")
    assert _snapshot(out) == before  # the staging removed, the previous build whole
    assert read_build(out)


def test_a_read_only_out_is_one_line(out, tmp_path):
    ro = tmp_path / "ro"
    _mount_tmpfs(ro, "size=1m,ro")
    try:
        for target in (ro, ro / "sub"):
            result = _cli("build", _corpus(tmp_path / "src", names=[0]), "--out", target, "-q", "-j", "1")
            _one_line_error(result, str(ro))
        for command in (["export", "rdf", out, "-o", ro / "x.ttl"], ["export", "neo4j-csv", out, "-o", ro / "csv"],
                        ["viz", out, "-o", ro / "x.html"]):
            _one_line_error(_cli(*command), "read-only")
    finally:
        subprocess.run(["umount", "-l", str(ro)], check=True)


# ------------------------------------------------------------------ neo4j-csv publishes as a whole
def test_an_interrupted_csv_export_leaves_the_previous_set_whole(out, tmp_path, monkeypatch):
    from kg.export import neo4j_csv

    csv_dir = tmp_path / "csv"
    assert _cli("export", "neo4j-csv", out, "-o", csv_dir).exit_code == 0
    (csv_dir / "README.txt").write_text("mine", encoding="utf-8")
    before = _snapshot(csv_dir)
    calls = []
    real = neo4j_csv._write_csv

    def dies_on_the_third(*a, **kw):
        calls.append(a[0])
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*a, **kw)

    monkeypatch.setattr(neo4j_csv, "_write_csv", dies_on_the_third)
    other = tmp_path / "other"
    build([str(_corpus(tmp_path / "src-other", names=[3, 4]))], other, workers=1)
    with pytest.raises(KeyboardInterrupt):
        neo4j_csv.export_csv(*read_build(other), csv_dir)
    assert _snapshot(csv_dir) == before
    monkeypatch.undo()
    neo4j_csv.export_csv(*read_build(other), csv_dir)
    assert (csv_dir / "README.txt").read_text(encoding="utf-8") == "mine"
    names = {p.name for p in csv_dir.iterdir() if p.name.endswith(".csv")}
    assert names and all((csv_dir / n).is_symlink() for n in names)
    assert len([p for p in (csv_dir / ".kg").iterdir() if p.is_dir() and not p.is_symlink()]) == 1


# ------------------------------------------------------------------ documents over spaCy's max_length
def test_mentions_found_piece_by_piece_equal_those_found_at_once():
    from kg.graph.build import mentions_of, pieces

    text = "\n".join(p.read_text(encoding="utf-8") for p in SEEDS) * 2
    cuts = list(pieces(text, 9_000))
    assert len(cuts) > 5 and cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(a[1] == b[0] and a[1] - a[0] <= 9_000 for a, b in zip(cuts, cuts[1:]))
    at_once = mentions_of(text, piece=len(text))
    by_piece = mentions_of(text, piece=9_000)
    assert [(m.label, m.start, m.end, m.text, m.attrs) for m in by_piece] == \
           [(m.label, m.start, m.end, m.text, m.attrs) for m in at_once]


def test_pieces_of_a_text_without_line_breaks_are_bounded():
    from kg.graph.build import pieces

    for text in ("甲" * 25_001, "甲乙。" * 9_000, ""):
        cuts = list(pieces(text, 1_000))
        assert "".join(text[a:b] for a, b in cuts) == text and all(b - a <= 1_000 for a, b in cuts)


def test_a_document_over_a_million_characters_is_built_with_its_offsets(tmp_path):
    from kg.ingest.normalise import normalise

    lines = [line for line in SEEDS[0].read_text(encoding="utf-8").splitlines() if line.strip()]
    size = len(normalise("".join(f"{line}00000\n" for line in lines))) + 1  # a copy as built, with its "\n"
    n = 1_000_000 // size + 2
    # every line unique (repeated lines are boilerplate), every copy of the same length
    src = tmp_path / "long.txt"
    src.write_text("".join(f"{line}{i:05d}\n" for i in range(n) for line in lines), encoding="utf-8")
    out = tmp_path / "out"
    summary = build([str(src)], out, workers=1)
    assert summary.built == 1, summary.skipped
    doc, = read_jsonl(out / "documents.jsonl")
    record, = read_jsonl(out / "records.jsonl")
    text = doc["text"]
    assert len(text) + 1 == n * size and len(text) > 1_000_000
    spans = [(s, e) for m in record["mentions"] for s, e in m["spans"]]
    first = {(s, text[s:e]) for s, e in spans if size <= s and e <= 2 * size}  # the first copy opens the text
    last = {(s - (n - 2) * size, text[s:e]) for s, e in spans if s >= (n - 1) * size}
    assert first and first == last  # the last copy, past 1,000,000, found as the first
    for rel in record["relations"]:
        assert text[rel["start"]:rel["end"]] == rel["evidence"]
    result = _cli("build", src, "--out", tmp_path / "small", "--max-chars", 500_000, "-q", "-j", "1")
    assert result.exit_code == 1 and "too large" in result.output


def test_the_edge_store_reads_back_what_was_appended(tmp_path, monkeypatch):
    from kg.graph import io
    from kg.graph.io import AppendOnlyFile

    monkeypatch.setattr(io, "READ_WHOLE", io.READ_WHOLE)   # restored after the test
    store = AppendOnlyFile(tmp_path / "store")
    lines = [f'{{"n":{i}}}\n'.encode() * (i % 3 + 1) for i in range(500)]
    wheres = [store.append(line) for line in lines]
    assert store.read(wheres[7]) == lines[7]  # a read while later bytes are still buffered
    wheres.append(store.append(b"last\n"))
    order = sorted(range(len(wheres)), key=lambda i: -i)
    expected = [(lines + [b"last\n"])[i] for i in order]
    assert list(store.read_all(wheres[i] for i in order)) == expected   # read whole, sliced
    io.READ_WHOLE = 0                                                     # …and a pread a line
    assert list(store.read_all(wheres[i] for i in order)) == expected
    store.close()
