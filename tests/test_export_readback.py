"""Every export format, after a build of hostile text, read back by a real parser with its text intact.

The text carries what broke exports before: Unicode line separators (U+2028, U+2029, U+0085),
vertical tab, form feed, FS/GS/RS, C0 controls, U+FFFE, `]]>`, `</script>`, quotes and
backslashes, and a lone surrogate (replaced by the build).
"""

import csv
import io
import json
import subprocess
import sys

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from lxml import etree

from kg.cli import main
from kg.export.rdf import quads, to_rdflib, union_graph
from kg.export.xmltext import xml_safe
from kg.graph.io import read_build
from kg.graph.run import build

LINE_BREAKS = "A\u2028B\u2029C\x85D\x0bE\x0cF\x1cG\x1dH\x1eI"
HOSTILE = LINE_BREAKS + "\x01J\ufffeK]]>L</script>M\"N'O\\P\ud800Q\tR"
TITLE = dcterms_title = rdflib.URIRef("http://purl.org/dc/terms/title")
EVIDENCE = rdflib.URIRef("https://kg.example.org/ontology#evidence")
RDF_FORMATS = [("turtle", "turtle", ox.RdfFormat.TURTLE), ("nt", "nt", ox.RdfFormat.N_TRIPLES),
               ("json-ld", "json-ld", ox.RdfFormat.JSON_LD), ("nquads", "nquads", ox.RdfFormat.N_QUADS),
               ("trig", "trig", ox.RdfFormat.TRIG), ("xml", "xml", ox.RdfFormat.RDF_XML)]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    inner = "\x01]]></script>\"'\\\ufffe"  # inside one sentence: kept in the evidence
    record = {"id": "a\u2028b\x01]]>", "title": "标题" + HOSTILE, "url": "http://e.org/a\u2028b", "date": "2024-05-01",
              "text": f"中共盘锦市委副书记王大明{inner}出席会议并讲话。{HOSTILE}会议强调,要持续推进“三不腐”。"}
    src = tmp / "h.jsonl"
    src.write_text(json.dumps(record, ensure_ascii=True) + "\n", encoding="utf-8")
    out = tmp / "out"
    build([str(src)], out, workers=1)
    nodes, edges = read_build(out)
    title = next(n["name"] for n in nodes if n["label"] == "Document")
    assert LINE_BREAKS in title and "\ufffe" in title and "\ud800" not in title and "\ufffd" in title
    assert any(inner in e["props"].get("evidence", "") for e in edges)
    return out, nodes, edges, title


def _export(out, tmp_path, *args):
    result = CliRunner().invoke(main, ["export", *args[:1], str(out), *args[1:]])
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("fmt, rdflib_name, ox_format", RDF_FORMATS)
def test_rdf_read_back_by_rdflib_and_oxigraph(hostile, tmp_path, fmt, rdflib_name, ox_format):
    out, nodes, edges, title = hostile
    path = tmp_path / "graph.out"
    _export(out, tmp_path, "rdf", "--format", fmt, "-o", str(path))
    data = path.read_bytes()
    for sep in ("\u2028", "\u2029", "\x85"):  # escaped: no line-splitting reader breaks a statement
        assert sep.encode("utf-8") not in data or fmt == "xml"
    expected = union_graph(to_rdflib(quads(nodes, edges)))
    if fmt in ("nquads", "trig"):
        back = rdflib.Dataset()
        back.parse(data=data, format=rdflib_name)
        graph = union_graph(back)
        assert len(list(back.graphs())) > 1  # a named graph per document, beside the default graph
    else:
        graph = rdflib.Graph()
        graph.parse(data=data, format=rdflib_name)
    want = xml_safe(title).replace("\r", "\n") if fmt == "xml" else title
    assert {str(o) for o in graph.objects(None, TITLE)} == {want}
    assert len(graph) == len(expected)
    if fmt != "xml":
        assert set(graph) == set(expected)
    oxi = list(ox.parse(data, ox_format))
    assert len({(q.subject, q.predicate, q.object) for q in oxi}) == len(expected)
    assert {q.object.value for q in oxi if q.predicate.value == str(TITLE)} == {want}
    assert any(str(o) == e["props"]["evidence"] for o in graph.objects(None, EVIDENCE) for e in edges
               if "\x01]]>" in e["props"].get("evidence", "")) or fmt == "xml"


def test_rdf_lines_are_statements(hostile, tmp_path):
    """N-Triples split with str.splitlines(): each piece is one whole statement."""
    out, *_ = hostile
    path = tmp_path / "g.nt"
    _export(out, tmp_path, "rdf", "-o", str(path))
    for line in path.read_text(encoding="utf-8").splitlines():
        assert line.endswith(" .") and len(list(ox.parse(line.encode("utf-8"), ox.RdfFormat.N_TRIPLES))) == 1


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_read_back_by_lxml_and_networkx(hostile, tmp_path, fmt):
    out, nodes, edges, title = hostile
    path = tmp_path / f"g.{fmt}"
    _export(out, tmp_path, fmt, "-o", str(path))
    etree.parse(str(path))  # well-formed XML
    g = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert g.number_of_nodes() == len(nodes) and g.number_of_edges() == len(edges)
    labels = {d.get("label") for _, d in g.nodes(data=True)}
    assert xml_safe(title).replace("\r", "\n") in labels
    assert LINE_BREAKS.replace("\x0b", "\ufffd").replace("\x0c", "\ufffd").replace("\x1c", "\ufffd") \
        .replace("\x1d", "\ufffd").replace("\x1e", "\ufffd") in xml_safe(title)


def test_neo4j_csv_read_back_by_the_csv_module(hostile, tmp_path):
    out, nodes, _, title = hostile
    result = CliRunner().invoke(main, ["export", "neo4j-csv", str(out), "--out", str(tmp_path / "csv")])
    assert result.exit_code == 0, result.output
    path = next((tmp_path / "csv").glob("nodes_Document*.csv"))
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["name"] for r in rows] == [title]


def test_sparql_json_and_csv_read_back(hostile):
    out, _, _, title = hostile
    q = "SELECT ?t WHERE { ?d a kg:Document ; dcterms:title ?t }"
    result = CliRunner().invoke(main, ["sparql", str(out), q, "--format", "json"])
    assert json.loads(result.output) == [{"t": title}]
    result = CliRunner().invoke(main, ["sparql", str(out), q, "--format", "csv"])
    assert list(csv.reader(io.StringIO(result.output, newline=""))) == [["t"], [title]]


def test_rdf_output_is_byte_identical_across_processes(hostile, tmp_path):
    out, *_ = hostile
    runs = []
    for i in range(2):
        path = tmp_path / f"g{i}.trig"
        code = ("import sys; from kg.cli import main; "
                f"main(['export', 'rdf', {str(out)!r}, '-o', {str(path)!r}])")
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        runs.append(path.read_bytes())
    assert runs[0] == runs[1]
