"""A whole build: sources in, build directory out, every source accounted for."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from kg.graph.build import GraphBuilder, process
from kg.graph.io import write_jsonl_atomic
from kg.ingest import Document, SourceError, iter_sources


@dataclass
class BuildSummary:
    built: int = 0
    skipped: list[dict] = field(default_factory=list)
    nodes: Counter = field(default_factory=Counter)
    edges: Counter = field(default_factory=Counter)


def build(sources: list[str], out: str | Path, progress: bool = False) -> BuildSummary:
    out = Path(out)
    summary = BuildSummary()
    builder = GraphBuilder()
    report, documents = [], []
    seen: dict[str, str] = {}
    for item in tqdm(iter_sources(sources), desc="documents", unit="doc", disable=not progress):
        if isinstance(item, SourceError):
            entry = {"source": item.path, "status": "skipped", "reason": item.reason}
        elif item.id in seen:
            entry = {"source": item.file, "status": "skipped", "reason": f"duplicate of {seen[item.id]}"}
        else:
            assert isinstance(item, Document)
            seen[item.id] = item.file
            record = process(item)
            builder.add(record)
            documents.append({**record["document"], "text": record["text"], "original": record["original"]})
            entry = {"source": item.file, "status": "built", "doc": item.id}
        report.append(entry)
        if entry["status"] == "built":
            summary.built += 1
        else:
            summary.skipped.append(entry)
    nodes, edges = builder.finish()
    summary.nodes.update(n["label"] for n in nodes)
    summary.edges.update(e["type"] for e in edges)
    if summary.built:
        write_jsonl_atomic(out / "documents.jsonl", sorted(documents, key=lambda d: d["id"]))
        write_jsonl_atomic(out / "edges.jsonl", edges)
        write_jsonl_atomic(out / "nodes.jsonl", nodes)
    write_jsonl_atomic(out / "report.jsonl", report)
    return summary
