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
@click.option("--strict", is_flag=True, help="Exit non-zero if any source was skipped.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def build(sources, out, update_dir, kb_files, workers, dask_scheduler, max_chars, strict, quiet):
    """Build the graph of SOURCES (files, folders, globs, .jsonl, .html) into --out.

    Sources that cannot be read are reported with their path and reason and skipped; the rest
    is built. The exit code is non-zero only when nothing could be built, or with --strict when
    anything was skipped.
    """
    import os
    from pathlib import Path

    from kg.graph.run import build as run_build

    if bool(out) == bool(update_dir):
        raise click.UsageError("give exactly one of --out DIR and --update DIR")
    kb_files = tuple(str(Path(f).resolve()) for f in kb_files)
    try:
        summary = run_build(list(sources), out or update_dir, progress=not quiet and sys.stderr.isatty(),
                            workers=workers or os.cpu_count() or 1, scheduler=dask_scheduler,
                            update=bool(update_dir), kb_files=kb_files, max_chars=max_chars)
    except RuntimeError as exc:
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
    if linking:
        from kg.eval.linking import evaluate_linking

        scores = evaluate_linking(linking, build_dir)
        click.echo(json.dumps(scores.as_dict(), ensure_ascii=False, indent=2, sort_keys=True)
                   if as_json else scores.table())
        return
    from kg.eval.score import evaluate, format_by_doc, format_errors, format_table
    from kg.graph.io import read_build

    nodes, edges = read_build(build_dir)
    scores = evaluate(gold, nodes, edges)
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
@click.option("--batch-size", default=1000, show_default=True, help="Rows per UNWIND batch.")
@click.option("--max-batch-bytes", default=4_000_000, show_default=True,
              help="Upper bound on a batch's parameters, in bytes.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def export_neo4j(build_dir, uri, user, password, database, batch_size, max_batch_bytes, quiet):
    """Load BUILD_DIR into Neo4j: schema, nodes, relationships; idempotent; counts checked."""
    from neo4j import GraphDatabase

    from kg.export.neo4j import load_build
    from kg.graph.io import read_build

    nodes, edges = read_build(build_dir)
    auth = (user, password) if password else None
    with GraphDatabase.driver(uri, auth=auth) as driver:
        report = load_build(driver, nodes, edges, database, batch_size, max_batch_bytes,
                            progress=not quiet and sys.stderr.isatty())
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
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "jsonld", "nquads", "trig"]), default="ttl",
              show_default=True, help="Turtle, N-Triples, JSON-LD, or N-Quads/TriG with a graph per document.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Output file.")
@click.option("--base", default=None, help="Base IRI of the nodes (default https://kg.example.org/id/).")
def export_rdf(build_dir, fmt, output, base):
    """Write BUILD_DIR as RDF on W3C ORG, FOAF, schema.org, SKOS and PROV-O."""
    from pathlib import Path

    from kg.export.rdf import DEFAULT_BASE, serialise
    from kg.graph.io import read_build, write_bytes_atomic

    nodes, edges = read_build(build_dir)
    write_bytes_atomic(Path(output), serialise(nodes, edges, fmt, base or DEFAULT_BASE))
    click.echo(f"wrote {output}")


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
def viz(build_dir, output, focus, depth):
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
    write_bytes_atomic(Path(output), render(nodes, edges, title).encode("utf-8"))
    shown = sum(n["label"] != "Document" for n in nodes)
    click.echo(f"wrote {output}: {shown} nodes")


@main.command()
@click.argument("source", type=click.Path(exists=True))
def validate(source):
    """Check a build directory (or an RDF file) against the SHACL shapes of kg."""
    from pathlib import Path

    from rdflib import Dataset

    from kg.export.rdf import quads, to_rdflib, union_graph
    from kg.export.validate import validate as run_validate
    from kg.graph.io import read_build

    if Path(source).is_dir():
        nodes, edges = read_build(source)
        ds = to_rdflib(quads(nodes, edges))
    else:
        ds = Dataset()
        ds.parse(source)
    conforms, problems = run_validate(union_graph(ds))
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
    """Run a SPARQL SELECT over BUILD_DIR (embedded Oxigraph; standard prefixes predeclared)."""
    from kg.export.sparql import format_rows, run, store_for
    from kg.graph.io import read_build

    nodes, edges = read_build(build_dir)
    variables, rows = run(store_for(nodes, edges), query)
    click.echo(format_rows(variables, rows, fmt))


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
