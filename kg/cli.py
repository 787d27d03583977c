"""The `kg` command line."""

from __future__ import annotations

import json
import sys
from collections import Counter

import click

from kg import __version__


class _Commands(click.Group):
    """Every command: a build that cannot be read or written, or a file system that refuses
    (no space, read-only, no permission), is one line on stderr and exit 1, not a traceback."""

    def invoke(self, ctx):
        from kg.graph.io import BuildError

        try:
            return super().invoke(ctx)
        except BuildError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kg builds a knowledge graph of officials, organs, campaigns and slogans from Chinese
    party-state text, with the sentence behind every fact."""


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--out", "-o", type=click.Path(file_okay=False),
              help="Build directory: nodes.jsonl, edges.jsonl, documents.jsonl, records.jsonl, report.jsonl.")
@click.option("--update", "update_dir", type=click.Path(file_okay=False),
              help="Add SOURCES to the existing build in this directory (same result as a full rebuild).")
@click.option("--kb", "kb_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra knowledge-base file (TOML, same format as kg/data/kb.toml). Repeatable.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None,
              help="Processes for the per-document stage [default: the machine's cores].")
@click.option("--dask-scheduler", default=None, metavar="ADDRESS",
              help="Run the per-document stage on a Dask cluster (tcp://host:8786).")
@click.option("--max-chars", type=click.IntRange(min=1), default=2_000_000, show_default=True,
              help="Documents longer than this are reported and skipped.")
@click.option("--split", metavar="REGEX",
              help="A line matching REGEX starts a new document (files holding several stories).")
@click.option("--text-field", metavar="NAME", help="JSON Lines/CSV field of the text [text, content, body …].")
@click.option("--title-field", metavar="NAME", help="… of the title.")
@click.option("--date-field", metavar="NAME", help="… of the date (kept only if it is one).")
@click.option("--url-field", metavar="NAME", help="… of the URL.")
@click.option("--id-field", metavar="NAME", help="… of the record's name.")
@click.option("--strict", is_flag=True, help="Exit non-zero if any source was skipped.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option("--curation", type=click.Path(exists=True, dir_okay=False),
              help="Curation file (TOML): namesakes confirmed or rejected, aliases added.")
@click.option("--index", "make_index", is_flag=True,
              help="Also build the Cypher and SPARQL query stores now (else on first query).")
def build(sources, out, update_dir, kb_files, workers, dask_scheduler, max_chars, split, text_field,
          title_field, date_field, url_field, id_field, strict, quiet, curation, make_index):
    """Build the graph of SOURCES (files, folders, globs, .txt, .md, .html, .pdf, .docx, .jsonl,
    .csv, .tsv) into --out. A Markdown file of headed stories with links to their originals is
    one document per story.

    Sources that cannot be read are reported with their path and reason and skipped; the rest
    is built. The exit code is non-zero only when nothing could be built, or with --strict when
    anything was skipped.
    """
    import os
    import re
    from pathlib import Path

    from kg.graph.run import build as run_build
    from kg.ingest.sources import Options

    if bool(out) == bool(update_dir):
        raise click.UsageError("give exactly one of --out DIR and --update DIR")
    if split:
        try:
            re.compile(split)
        except re.error as exc:
            raise click.BadParameter(f"not a regular expression: {exc}", param_hint="--split") from exc
    fields = (("text", text_field), ("title", title_field), ("date", date_field), ("url", url_field), ("id", id_field))
    options = Options(split=split, fields=tuple((role, name) for role, name in fields if name))
    kb_files = tuple(str(Path(f).resolve()) for f in kb_files)
    try:
        summary = run_build(list(sources), out or update_dir, progress=not quiet and sys.stderr.isatty(),
                            workers=workers or os.cpu_count() or 1, scheduler=dask_scheduler,
                            update=bool(update_dir), kb_files=kb_files, max_chars=max_chars,
                            curation=curation, options=options)
    except (RuntimeError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if not quiet:
        kept = f"   kept from before: {summary.kept}" if update_dir else ""
        click.echo(f"documents built: {summary.built}   skipped: {len(summary.skipped)}{kept}")
        for s in summary.skipped:
            click.echo(f"  skipped {s['source']}: {s['reason']}")
        for w in summary.warnings:
            click.echo(f"  warning {w['source']}: {w['warning']}")
    if not quiet and summary.built + summary.kept:
        click.echo("nodes: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.nodes.items())))
        click.echo("edges: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.edges.items())))
        click.echo(f"output: {out or update_dir}")
    if summary.built + summary.kept == 0:
        first = f": {summary.skipped[0]['source']}: {summary.skipped[0]['reason']}" if summary.skipped else ""
        raise click.ClickException(f"nothing was built ({len(summary.skipped)} source(s) skipped{first}); "
                                   f"{out or update_dir} is unchanged")
    if strict and summary.skipped:
        sys.exit(1)
    if make_index:
        from kg.query.index import index_build

        for line in index_build(Path(out or update_dir)):
            if not quiet:
                click.echo(line)


@main.command("eval")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False),
              help="Gold records (JSON Lines, one document a line): P, R, F1 per type.")
@click.option("--linking", type=click.Path(exists=True, dir_okay=False),
              help="Gold clustering of mentions (JSON Lines, one mention a line): pairwise P, R of merges.")
@click.argument("build_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
@click.option("--by-doc", is_flag=True, help="With --gold: also score each document, weakest first.")
@click.option("--errors", is_flag=True,
              help="With --gold: list each document's missed (-) and spurious (+) items, weakest first.")
def eval_(gold, linking, build_dir, as_json, by_doc, errors):
    """Score BUILD_DIR against gold records (--gold) or a gold clustering (--linking)."""
    if bool(gold) == bool(linking):
        raise click.UsageError("give exactly one of --gold and --linking")
    if linking and (by_doc or errors):
        raise click.UsageError("--by-doc and --errors go with --gold")
    from kg.eval.gold import GoldError

    if linking:
        from kg.eval.linking import evaluate_linking

        try:
            scores = evaluate_linking(linking, build_dir)
        except GoldError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(json.dumps(scores.as_dict(), ensure_ascii=False, indent=2, sort_keys=True)
                   if as_json else scores.table())
        return
    from kg.eval.score import evaluate, format_by_doc, format_errors, format_table
    from kg.graph.io import read_build

    nodes, edges = read_build(build_dir)
    try:
        scores = evaluate(gold, nodes, edges)
    except GoldError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(scores.as_dict(by_doc=by_doc, errors=errors), ensure_ascii=False, indent=2,
                              sort_keys=True))
        return
    parts = [format_table(scores)]
    if by_doc:
        parts.append(format_by_doc(scores))
    if errors:
        parts.append(format_errors(scores))
    click.echo("\n\n".join(p for p in parts if p))


@main.command()
@click.argument("build_dir", type=click.Path(exists=True, file_okay=False))
def stats(build_dir):
    """Count the nodes and edges of BUILD_DIR by label and type."""
    from kg.graph.io import read_build

    nodes, edges = read_build(build_dir)
    for title, counts in (("nodes", Counter(n["label"] for n in nodes)), ("edges", Counter(e["type"] for e in edges))):
        click.echo(f"{title}: {sum(counts.values())}")
        for k, v in sorted(counts.items()):
            click.echo(f"  {k:<16}{v:>8}")


@main.group()
def export():
    """Export a build: Neo4j (live or bulk CSV), RDF, GraphML, GEXF."""


@export.command("neo4j")
@click.argument("build_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--uri", envvar="NEO4J_URI", default="bolt://localhost:7687", show_default=True,
              help="Bolt URI (env NEO4J_URI).")
@click.option("--user", envvar="NEO4J_USER", default="neo4j", show_default=True, help="User (env NEO4J_USER).")
@click.option("--password", envvar="NEO4J_PASSWORD", default=None,
              help="Password (env NEO4J_PASSWORD). Without one, no authentication.")
@click.option("--database", envvar="NEO4J_DATABASE", default=None, help="Database (default: the server's).")
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Rows per UNWIND batch [default: 1000 on Neo4j; 20 on a server without constraints].")
@click.option("--max-batch-bytes", type=click.IntRange(min=1), default=None,
              help="Upper bound on a batch's parameters, in bytes [default: 4000000 on Neo4j; 2500 otherwise].")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds to wait for the connection and for each transaction.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def export_neo4j(build_dir, uri, user, password, database, batch_size, max_batch_bytes, timeout, quiet):
    """Load BUILD_DIR into Neo4j: schema, nodes, relationships; idempotent; counts checked."""
    from kg.export.neo4j import ExportFailed, connect, load_build
    from kg.graph.io import read_build

    try:
        driver = connect(uri, (user, password) if password else None, timeout)
        nodes, edges = read_build(build_dir)
        report = load_build(driver, nodes, edges, database, batch_size, max_batch_bytes,
                            progress=not quiet and sys.stderr.isatty(), timeout=timeout)
    except ExportFailed as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        click.echo("interrupted; the transactions committed so far stay (loading again is safe)", err=True)
        sys.exit(130)
    driver.close()
    for line in report.lines():
        click.echo(line)
    if not report.matches:
        sys.exit(1)


@export.command("neo4j-csv")
@click.argument("build_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False), help="Directory for the CSV files.")
@click.option("--database", default="neo4j", show_default=True, help="Database named in the import command.")
def export_neo4j_csv(build_dir, out, database):
    """Write CSV files for `neo4j-admin database import full` and print the command."""
    from kg.export.neo4j_csv import export_csv
    from kg.graph.io import read_build

    nodes, edges = read_build(build_dir)
    click.echo(export_csv(nodes, edges, out, database))


@export.command("rdf")
@click.argument("build_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--format", "fmt", default=None, metavar="FORMAT",
              help="turtle|ttl, nt|ntriples|n-triples, json-ld|jsonld, nquads, trig (a graph per document), "
                   "xml [default: from -o's extension (.ttl .nt .jsonld .nq .trig .rdf), else turtle].")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Output file.")
@click.option("--base", default=None, help="Base IRI of the nodes (default https://kg.example.org/id/).")
def export_rdf(build_dir, fmt, output, base):
    """Write BUILD_DIR as RDF on W3C ORG, FOAF, schema.org, SKOS and PROV-O (streamed)."""
    from kg.export.rdf import DEFAULT_BASE, base_error, export, format_for

    try:
        fmt = format_for(fmt, output)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--format") from exc
    if base and (problem := base_error(base)):
        raise click.ClickException(problem)
    export(build_dir, fmt, output, base or DEFAULT_BASE)
    click.echo(f"wrote {output} ({fmt})")


def _graph_file_command(fmt: str, title: str, for_whom: str) -> None:
    @export.command(fmt, help=f"Write BUILD_DIR as {title} (for {for_whom}).")
    @click.argument("build_dir", type=click.Path(exists=True, file_okay=False))
    @click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
    def command(build_dir, output):
        from kg.export.networkx_io import export_graph
        from kg.graph.io import read_build

        export_graph(*read_build(build_dir), fmt, output)
        click.echo(f"wrote {output}")


_graph_file_command("graphml", "GraphML", "Gephi, yEd, Cytoscape")
_graph_file_command("gexf", "GEXF", "Gephi")


@main.command()
@click.argument("build_dir", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
@click.option("--focus", default=None, help="Draw only the neighbourhood of the node(s) with this name.")
@click.option("--depth", default=1, show_default=True, help="With --focus: how many relations away.")
@click.option("--max-nodes", default=1000, show_default=True, type=click.IntRange(min=1),
              help="Above this, draw an overview: the nodes in the most documents, and a note of the rest.")
@click.option("--all", "draw_all", is_flag=True, help="Draw every node, however many.")
def viz(build_dir, output, focus, depth, max_nodes, draw_all):
    """Write an interactive, self-contained HTML view of BUILD_DIR (opens offline)."""
    from pathlib import Path

    from kg.graph.io import read_build, write_bytes_atomic
    from kg.viz.html import focus as focus_on
    from kg.viz.html import render

    nodes, edges = read_build(build_dir)
    if focus:
        try:
            nodes, edges = focus_on(nodes, edges, focus, depth)
        except ValueError as exc:
            raise click.ClickException(str(exc))
    title = f"kg · {focus}" if focus else f"kg · {Path(build_dir).name}"
    page = render(nodes, edges, title, max_nodes=None if draw_all else max_nodes)
    write_bytes_atomic(Path(output), page.encode("utf-8"))
    total = sum(n["label"] != "Document" for n in nodes)
    shown = total if draw_all else min(total, max_nodes)
    click.echo(f"wrote {output}: {shown} nodes" + (f" of {total} (an overview; --all draws every node)" if shown < total else ""))


@main.command()
@click.argument("source", type=click.Path(exists=True))
def validate(source):
    """Check a build directory (or an RDF file) against the SHACL shapes of kg."""
    from pathlib import Path

    from kg.export.rdf import quads, to_rdflib, union_graph
    from kg.export.validate import read_rdf
    from kg.export.validate import validate as run_validate
    from kg.graph.io import read_build

    try:
        graph = union_graph(to_rdflib(quads(*read_build(source)))) if Path(source).is_dir() else read_rdf(source)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    conforms, problems = run_validate(graph)
    for line in problems:
        click.echo(line)
    click.echo("conforms to the shapes" if conforms else f"{len(problems)} violation(s)")
    if not conforms:
        sys.exit(1)


@main.command()
@click.argument("build_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def sparql(build_dir, query, fmt):
    """Run SPARQL (SELECT, ASK; CONSTRUCT and DESCRIBE print Turtle) over BUILD_DIR: embedded
    Oxigraph, its store kept in BUILD_DIR/index; standard prefixes predeclared."""
    from kg.export.sparql import open_store
    from kg.export.sparql import query as run_query
    from kg.query.rows import format_rows

    with _one_line_errors():
        answer = run_query(open_store(build_dir), query)
    if answer.turtle is not None:
        click.echo(answer.turtle.decode("utf-8"), nl=False)
    elif answer.boolean is not None:
        click.echo(str(answer.boolean).lower())
    else:
        click.echo(format_rows(answer.variables, answer.rows, fmt))


@main.command()
@click.argument("build_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("query")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Query parameter $NAME (VALUE read as JSON if it is JSON, else as text). Repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def cypher(build_dir, query, params, fmt):
    """Run Cypher over BUILD_DIR, no server: embedded ladybug, its store kept in BUILD_DIR/index."""
    from kg.query.cypher import parse_params, run
    from kg.query.rows import format_rows

    with _one_line_errors():
        columns, rows = run(build_dir, query, parse_params(params))
    click.echo(format_rows(columns, rows, fmt))


class _one_line_errors:
    """Bad queries and bad build directories: one line on stderr, exit 1, no traceback."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is not None and isinstance(exc, (ValueError, RuntimeError, OSError)):
            raise click.ClickException(" ".join(str(exc).split())) from None
        return False


@main.command()
@click.argument("table", type=click.Choice(["posts", "reported", "events", "organs"]))
@click.argument("build_dir", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="FILE.csv or FILE.parquet.")
def table(table, build_dir, output):
    """Write one table of BUILD_DIR, a fact a row with its provenance, as CSV or Parquet."""
    from kg.tables import write_table

    with _one_line_errors():
        n = write_table(table, build_dir, output)
    click.echo(f"wrote {output}: {n} rows")


@main.command()
@click.argument("build_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("name")
def person(build_dir, name):
    """One official's career: posts, speeches, reports, namesakes and candidates, curation."""
    from kg.person import career

    with _one_line_errors():
        text, found = career(build_dir, name)
    click.echo(text)
    if not found:
        sys.exit(1)


@main.command()
@click.argument("build_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("name")
def explain(build_dir, name):
    """Show the node(s) called NAME: aliases, documents and sentences, and why the linker
    merged their mentions or kept them apart."""
    from kg.link.explain import explain as run_explain

    click.echo(run_explain(build_dir, name))


if __name__ == "__main__":
    main()
