import json
from pathlib import Path

import pytest

from kg.graph.run import build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "seeds"


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    build([str(SEEDS)], out)
    nodes = [json.loads(line) for line in (out / "nodes.jsonl").read_text(encoding="utf-8").splitlines()]
    edges = [json.loads(line) for line in (out / "edges.jsonl").read_text(encoding="utf-8").splitlines()]
    return out, nodes, edges


def extract(text: str):
    """Run the real pipeline on one text and return (nodes by name, edges as name triples)."""
    from kg.graph.build import GraphBuilder, process
    from kg.ingest.sources import make_document

    doc = make_document("t.txt", text)
    builder = GraphBuilder()
    builder.add(process(doc))
    nodes, edges = builder.finish()
    by_id = {n["id"]: n for n in nodes}
    triples = {(e["type"], by_id[e["source"]]["name"], by_id[e["target"]]["name"]) for e in edges
               if e["type"] != "MENTIONED_IN"}
    return {(n["label"], n["name"]) for n in nodes}, triples, edges
