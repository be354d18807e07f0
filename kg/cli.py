"""The ``kg`` command. Thin: each subcommand lives in ``kg.commands.<name>`` and is
imported only when it runs, so commands that only query never import spaCy/GiNZA."""

from __future__ import annotations

import importlib
import os
import sys

import click

from kg import __version__
from kg.errors import KGError

#: command name -> "module:attribute" of a click command; order is the --help order.
COMMANDS: dict[str, str] = {
    "build": "kg.commands.build:build",
    "extract": "kg.commands.extract:extract",
    "ingest": "kg.commands.ingest:ingest",
    "query": "kg.commands.query:query",
    "analyze": "kg.commands.analyze:analyze",
    "view": "kg.commands.view:view",
    "export": "kg.commands.export:export",
    "validate": "kg.commands.validate:validate",
    "stats": "kg.commands.stats:stats",
    "eval": "kg.commands.evaluate:evaluate",
    "serve": "kg.commands.serve:serve",
}

#: one-line help shown by ``kg --help`` without importing the command modules
SHORT_HELP: dict[str, str] = {
    "build": "Ingest articles, then write graph.ttl, graph.trig, index.html and a summary.",
    "extract": "Extract actors, events and claims from files and print RDF.",
    "ingest": "Add articles or RDF files to the store (idempotent, incremental).",
    "query": "Run a library query, a .rq file or SPARQL text against the store.",
    "analyze": "Network measures: centrality, communities, CAMEO QuadClass profiles.",
    "view": "Write an interactive, offline HTML network view.",
    "export": "Export the store as Turtle, TriG, N-Triples, N-Quads or JSON-LD.",
    "validate": "Check a graph or the store against the SHACL shapes.",
    "stats": "Count documents, actors, events, claims and triples in the store.",
    "eval": "Score extraction against a gold annotation (precision, recall, F1).",
    "serve": "Serve the store as a read-only SPARQL 1.1 endpoint.",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SHORT_HELP.get(name, "")) for name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=__version__, prog_name="kg")
def cli() -> None:
    """geopol-kg: Japanese geopolitical commentary as an RDF knowledge graph of actors,
    CAMEO-coded events and attributed claims."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: user errors become one line on stderr and exit status 2."""
    debug = bool(os.environ.get("KG_DEBUG"))
    try:
        # make_context + invoke rather than cli.main: click's main turns Ctrl-C into Abort
        # after writing an empty line, which made the one-line error two lines
        args = sys.argv[1:] if argv is None else argv
        with cli.make_context("kg", list(args)) as ctx:
            rc = cli.invoke(ctx)
        if isinstance(rc, int) and rc:
            sys.exit(rc)
    except KGError as exc:
        if debug:
            raise
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("error: aborted", err=True)
        sys.exit(130)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
        sys.exit(0)
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("error: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:
        if debug:
            raise
        msg = " ".join(str(exc).split()) or type(exc).__name__
        click.echo(
            f"error: internal error ({type(exc).__name__}): {msg} (set KG_DEBUG=1 for a traceback)",
            err=True,
        )
        sys.exit(1)
