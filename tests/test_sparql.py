"""`kg sparql` on its on-disk store: ASK, CONSTRUCT and DESCRIBE, and bad queries as one line."""

import shutil

import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import main


@pytest.fixture(scope="module")
def seeds(tmp_path_factory, seed_build):
    out = tmp_path_factory.mktemp("sp") / "seeds"
    shutil.copytree(seed_build[0], out)
    return out


def _sparql(out, query, *extra):
    return CliRunner().invoke(main, ["sparql", str(out), query, *extra])


def test_ask(seeds):
    assert _sparql(seeds, 'ASK { ?p foaf:name "秦忠东"@zh }').output == "true\n"
    assert _sparql(seeds, 'ASK { ?p foaf:name "无此人"@zh }').output == "false\n"


def test_construct_writes_turtle_that_parses_back(seeds, seed_build):
    q = "CONSTRUCT { ?m org:member ?p ; kg:title ?t } WHERE { ?m a org:Membership ; org:member ?p ; kg:title ?t }"
    result = _sparql(seeds, q)
    assert result.exit_code == 0, result.output
    g = rdflib.Graph().parse(data=result.output, format="turtle")
    posts = sum(e["type"] == "HOLDS_POSITION" for e in seed_build[2])
    assert len(set(g.subjects(rdflib.URIRef("http://www.w3.org/ns/org#member")))) == posts
    assert "@prefix org: <http://www.w3.org/ns/org#> ." in result.output
    assert _sparql(seeds, q).output == result.output  # same store, same bytes


def test_describe(seeds):
    result = _sparql(seeds, 'DESCRIBE ?p WHERE { ?p foaf:name "秦忠东"@zh }')
    g = rdflib.Graph().parse(data=result.output, format="turtle")
    names = {str(o) for o in g.objects(None, rdflib.URIRef("http://xmlns.com/foaf/0.1/name"))}
    assert names == {"秦忠东"}


@pytest.mark.parametrize("query, expected", [
    ("SELECT ?x WHERE {\n  ?x a kg:Official .\n  ?x foo:name ?n }", "Error: line 3, column 14: unknown prefix foo:"),
    ("SELECT ?x WHERE { ?x ?y }", "Error: line 1, column "),
    ("\n\nSELECT ?x WHERE { ?x ?y ?z", "Error: line 3, column "),
])
def test_bad_query_is_one_line_with_the_users_line_number(seeds, query, expected):
    result = _sparql(seeds, query)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith(expected), result.output


def test_not_a_build_is_one_line(tmp_path):
    result = _sparql(tmp_path, "ASK {}")
    assert result.exit_code == 1 and result.output.startswith("Error: ") and "build.json" in result.output
