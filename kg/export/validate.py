"""SHACL validation of the RDF export (pyshacl), with violations reported one per line."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.namespace import RDF

SH = Namespace("http://www.w3.org/ns/shacl#")


def shapes() -> Graph:
    g = Graph()
    g.parse(data=resources.files("kg").joinpath("schemas/shapes.ttl").read_text(encoding="utf-8"), format="turtle")
    return g


def read_rdf(path: str | Path) -> Graph:
    """Every triple of an RDF file (named graphs merged), its format from the extension; a file
    that does not parse raises ValueError with one line saying where and why."""
    from rdflib import Dataset

    from kg.export.rdf import format_for, union_graph

    fmt = format_for(None, path)
    ds = Dataset()
    try:
        ds.parse(str(path), format=fmt)
    except Exception as exc:  # rdflib's parsers raise many kinds; all mean "not this format"
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise ValueError(f"{path}: does not parse as {fmt}: {reason[:300]}") from exc
    return union_graph(ds)


def validate(data: Graph) -> tuple[bool, list[str]]:
    """(conforms, readable violations: focus node, path, message)."""
    from pyshacl import validate as shacl

    conforms, report, _ = shacl(data, shacl_graph=shapes(), inference="none", advanced=False)
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        path_s = path.n3(report.namespace_manager) if path is not None else "-"
        problems.append(f"{focus}: {path_s}: {message}")
    return bool(conforms), sorted(problems)
