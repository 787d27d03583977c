"""SHACL validation of the RDF export (pyshacl), with violations reported one per line."""

from __future__ import annotations

from importlib import resources

from rdflib import Graph, Namespace
from rdflib.namespace import RDF

SH = Namespace("http://www.w3.org/ns/shacl#")


def shapes() -> Graph:
    g = Graph()
    g.parse(data=resources.files("kg").joinpath("schemas/shapes.ttl").read_text(encoding="utf-8"), format="turtle")
    return g


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
