"""Options and helpers shared by the subcommands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

STORE_HELP = (
    "Store: an Oxigraph directory (default ./kg-store or $KG_STORE) or the URL of a SPARQL 1.1 "
    "query endpoint (http://host:port for an Oxigraph server)."
)


def store_option(func: F) -> F:
    func = click.option(
        "--update-url",
        default=None,
        metavar="URL",
        help="SPARQL update endpoint of a remote store (default: derived from --store).",
    )(func)
    return click.option("--store", "store", default=None, metavar="DIR|URL", help=STORE_HELP)(func)


def echo_err(message: str) -> None:
    click.echo(message, err=True)
