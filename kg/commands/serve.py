"""`kg serve`: the store as a read-only SPARQL 1.1 endpoint."""

from __future__ import annotations

from pathlib import Path

import click

from kg.serve import DEFAULT_HOST, DEFAULT_MAX_BYTES, DEFAULT_PORT, DEFAULT_TIMEOUT_S


@click.command()
@click.option(
    "--store",
    default=None,
    metavar="DIR",
    help="Oxigraph store directory (default ./kg-store or $KG_STORE).",
)
@click.option(
    "--host",
    default=DEFAULT_HOST,
    show_default=True,
    help="Address to listen on. Anything but loopback exposes the graph to the network.",
)
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--timeout",
    "timeout_s",
    default=DEFAULT_TIMEOUT_S,
    show_default=True,
    type=click.IntRange(1, 86400),
    help="Query time limit in seconds.",
)
@click.option(
    "--max-bytes",
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    type=click.IntRange(1024),
    help="Largest result sent; bigger ones get HTTP 413.",
)
def serve(store: str | None, host: str, port: int, timeout_s: int, max_bytes: int) -> None:
    """Serve the store as a read-only SPARQL 1.1 Protocol endpoint at /query (GET or POST),
    with a browser query page at /. Standard clients (SPARQLWrapper, rdflib SPARQLStore,
    curl) work against it. Updates are refused; query time and result size are capped."""
    from kg.serve import Server
    from kg.store import default_store_location

    location = Path(store or default_store_location())
    server = Server(location, host, port, timeout_s, max_bytes)
    click.echo(
        f"serving {location} read-only at {server.url}/query (query page: {server.url}/)"
        " — Ctrl-C stops",
        err=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
