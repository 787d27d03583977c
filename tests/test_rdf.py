"""RDF export: formats round-trip, SHACL shapes, and the README's SPARQL queries."""

from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import main
from kg.export.rdf import format_for, node_iri, quads, serialise, to_rdflib
from kg.export.sparql import run, store_for
from kg.export.validate import validate

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_query(name: str) -> str:
    return README.split(f"<!-- sparql:{name} -->")[1].split("```sparql")[1].split("```")[0]


def _union(ds) -> rdflib.Graph:
    g = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


@pytest.mark.parametrize("fmt, parser, quads_", [("ttl", "turtle", False), ("nt", "nt", False),
                                                  ("jsonld", "json-ld", False), ("nquads", "nquads", True),
                                                  ("trig", "trig", True), ("xml", "xml", False)])
def test_each_format_parses_back_to_the_same_triples(seed_build, fmt, parser, quads_):
    _, nodes, edges = seed_build
    ds = to_rdflib(quads(nodes, edges))
    expected = set(ds.quads((None, None, None, None))) if quads_ else set(_union(ds))
    data = serialise(nodes, edges, fmt)
    if quads_:
        back = rdflib.Dataset()
        back.parse(data=data, format=parser)
        got = set(back.quads((None, None, None, None)))
        graphs = {str(c.identifier) for c in back.graphs() if "/graph/" in str(c.identifier)}
        assert len(graphs) == sum(n["label"] == "Document" for n in nodes)
    else:  # one graph, read whole by a plain rdflib Graph
        back = rdflib.Graph()
        back.parse(data=data, format=parser)
        got = set(back)
    assert len(got) == len(expected) > 1000
    if not quads_:
        assert got == expected
    assert data == serialise(nodes, edges, fmt)  # byte-identical


@pytest.mark.parametrize("name, path, fmt", [("TTL", None, "turtle"), ("n-triples", None, "nt"),
                                             ("ntriples", None, "nt"), ("JSON-LD", None, "json-ld"),
                                             ("jsonld", None, "json-ld"), (None, "g.jsonld", "json-ld"),
                                             (None, "g.nq", "nquads"), (None, "g.TRIG", "trig"),
                                             (None, "g.rdf", "xml"), (None, "g.txt", "turtle"),
                                             ("nt", "g.jsonld", "nt")])
def test_formats_as_users_name_them(name, path, fmt):
    assert format_for(name, path) == fmt


def test_export_format_from_the_extension_and_errors(seed_build, tmp_path):
    out = seed_build[0]
    result = CliRunner().invoke(main, ["export", "rdf", str(out), "-o", str(tmp_path / "g.jsonld")])
    assert result.exit_code == 0 and "(json-ld)" in result.output
    g = rdflib.Graph()
    g.parse(tmp_path / "g.jsonld", format="json-ld")
    assert len(g) == len(_union(to_rdflib(quads(seed_build[1], seed_build[2]))))
    for args, message in ((["--format", "owl"], "unknown RDF format 'owl'"),
                          (["--base", "not an iri"], "not an absolute IRI"),
                          (["--base", "https://x.org/a b/"], "not a valid IRI"),
                          (["--base", "https://x.org/id"], "must end with / or #")):
        result = CliRunner().invoke(main, ["export", "rdf", str(out), "-o", str(tmp_path / "bad.ttl"), *args])
        assert result.exit_code != 0 and message in result.output, result.output
        assert "Traceback" not in result.output and not (tmp_path / "bad.ttl").exists()


def test_base_iri_is_the_users_and_ids_are_safe():
    assert node_iri("https://example.com/kg/", "off:0123abcd").value == "https://example.com/kg/off/0123abcd"
    assert node_iri("https://x/", "doc:a b<>\"{}").value == "https://x/doc/a%20b%3C%3E%22%7B%7D"


def test_seed_export_conforms_to_the_shapes(seed_build):
    _, nodes, edges = seed_build
    conforms, problems = validate(_union(to_rdflib(quads(nodes, edges))))
    assert conforms, problems[:5]


def test_deliberate_violations_fail_with_clear_messages(seed_build):
    _, nodes, edges = seed_build
    g = _union(to_rdflib(quads(nodes, edges)))
    FOAF, ORG = rdflib.Namespace("http://xmlns.com/foaf/0.1/"), rdflib.Namespace("http://www.w3.org/ns/org#")
    person = next(g.subjects(FOAF.name, None))
    g.remove((person, FOAF.name, None))
    membership = next(g.subjects(rdflib.RDF.type, ORG.Membership))
    g.remove((membership, ORG.organization, None))
    conforms, problems = validate(g)
    assert not conforms
    assert any(str(person) in p and "foaf:name" in p and "exactly one name" in p for p in problems)
    assert any(str(membership) in p and "org:organization" in p and "one organization" in p for p in problems)


def test_validate_command(seed_build, tmp_path):
    out = seed_build[0]
    result = CliRunner().invoke(main, ["validate", str(out)])
    assert result.exit_code == 0 and "conforms" in result.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix kg: <https://kg.example.org/ontology#> .\n<urn:x> a kg:Official .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1 and "urn:x: foaf:name: an official needs exactly one name" in result.output


@pytest.fixture(scope="module")
def store(seed_build):
    _, nodes, edges = seed_build
    return store_for(nodes, edges)


def test_readme_query_who_reported_which_slogan(store):
    variables, rows = run(store, readme_query("reported"))
    assert variables == ["who", "slogan", "event"]
    assert ["盘锦市纪委监委", "三不腐", "贯彻落实市委八届六次全会精神系列新闻发布会第五场"] in rows


def test_readme_query_posts_of_an_official(store):
    _, rows = run(store, readme_query("posts"))
    assert [(r[0], r[1]) for r in rows] == [("盘锦市监委", "副主任"), ("盘锦市纪委", "副书记")]
    assert all("秦忠东" in r[3] for r in rows)


def test_readme_query_organ_tree(store):
    _, rows = run(store, readme_query("tree"))
    assert ["盘锦市委宣传部", "盘锦市委"] in rows and all(r[1] == "盘锦市委" for r in rows)


def test_readme_query_first_appearance(store):
    _, rows = run(store, readme_query("first"))
    dates = [r[0] for r in rows if r[0]]
    assert rows and dates == sorted(dates)
    assert any("新闻发布会" in r[1] for r in rows)  # the Panjin discipline-inspection press conference


def test_sparql_command_formats(seed_build):
    out = seed_build[0]
    q = "SELECT ?n WHERE { ?o a kg:Official ; foaf:name ?n } ORDER BY ?n"
    result = CliRunner().invoke(main, ["sparql", str(out), q, "--format", "csv"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "n" and "习近平" in lines and len(lines) - 1 == sum(n["label"] == "Official" for n in seed_build[1])


def test_text_that_looks_like_sparql_or_html_stays_a_literal(tmp_path):
    import json

    from kg.graph.io import read_build
    from kg.graph.run import build

    evil = '"}; DROP ALL ; INSERT DATA { <urn:x> <urn:y> "z" } #"> <script>'
    src = tmp_path / "evil.jsonl"
    src.write_text(json.dumps({"id": "a b/../<c>", "title": evil, "text": "市委宣传部召开会议,部署工作。"},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    build([str(src)], tmp_path / "out", workers=1)
    nodes, edges = read_build(tmp_path / "out")
    for fmt, parser in (("ttl", "turtle"), ("nquads", "nquads")):
        back = rdflib.Dataset()
        back.parse(data=serialise(nodes, edges, fmt), format=parser)
        titles = {str(o) for _, p, o, _ in back.quads((None, rdflib.URIRef("http://purl.org/dc/terms/title"), None, None))}
        assert titles == {evil}
    _, rows = run(store_for(nodes, edges), "SELECT ?t ?f WHERE { ?d a kg:Document ; dcterms:title ?t ; kg:file ?f }")
    assert rows == [[evil, "a b/../<c>"]]


@pytest.mark.parametrize("name, content", [("bad.ttl", b"<urn:a> <urn:b> \"unterminated .\n"),
                                           ("bad.nt", b"<urn:a> <urn:b> <urn:c>\n"),
                                           ("bad.jsonld", b"{\"@id\": "),
                                           ("bad.rdf", b"<rdf:RDF><unclosed>"),
                                           ("bad.trig", b"<urn:g> { <urn:a> <urn:b> "),
                                           ("binary.ttl", b"\xff\xfe\x00\x01garbage")])
def test_validate_on_a_file_that_does_not_parse_is_one_line(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}: does not parse as ")


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld", ".nq", ".trig", ".rdf"])
def test_validate_reads_every_export_format(seed_build, tmp_path, suffix):
    out = seed_build[0]
    path = tmp_path / f"g{suffix}"
    assert CliRunner().invoke(main, ["export", "rdf", str(out), "-o", str(path)]).exit_code == 0
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0 and "conforms" in result.output, result.output
