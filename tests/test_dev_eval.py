"""The development set shipped in eval/ builds, and `kg eval` scores it in full: every gold
document is found in the build and every type is scored (the values themselves move with the
extraction, so they are the README's business, not this test's)."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.eval.gold import read_gold
from kg.graph.build import ENTITY_LABELS, RELATION_TYPES
from kg.graph.run import build

EVAL = Path(__file__).resolve().parent.parent / "eval"
SUBSETS = {"seeds": 5, "pages": 22, "xwlb": 5}


@pytest.fixture(scope="module")
def dev_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("dev")
    summary = build([str(EVAL / "corpus")], out, workers=1)
    assert summary.built == sum(SUBSETS.values()) and not summary.skipped
    return out


def test_the_dev_gold_covers_the_shipped_corpus():
    every = []
    for subset, n in SUBSETS.items():
        docs = [g["doc"] for g in read_gold(EVAL / "gold" / f"{subset}.jsonl")]
        assert len(docs) == n
        assert sorted(docs) == sorted(p.name for p in (EVAL / "corpus" / subset).iterdir())
        every += docs
    assert sorted(g["doc"] for g in read_gold(EVAL / "gold" / "dev.jsonl")) == sorted(every)


@pytest.mark.parametrize("subset", [*SUBSETS, "dev"])
def test_kg_eval_scores_every_gold_document_of_the_dev_set(dev_build, subset):
    gold = EVAL / "gold" / f"{subset}.jsonl"
    run = CliRunner().invoke(main, ["eval", "--gold", str(gold), str(dev_build), "--json", "--by-doc"])
    assert run.exit_code == 0, run.output
    scores = json.loads(run.output)
    assert scores["missing_documents"] == []
    assert sorted(scores["by_doc"]) == sorted(g["doc"] for g in read_gold(gold))
    assert set(scores["entities"]) == set(ENTITY_LABELS) and set(scores["relations"]) == set(RELATION_TYPES)
    for group in ("entities", "relations"):
        t = scores["overall"][group]
        assert t["tp"] > 0 and 0 < t["f1"] <= 1
    table = CliRunner().invoke(main, ["eval", "--gold", str(gold), str(dev_build)]).output
    assert [line.split()[0] for line in table.splitlines() if line.startswith(("entities ", "relations "))] \
        == ["entities", "relations"]
