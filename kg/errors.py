"""User-facing errors: the CLI turns these into one line on stderr and exit status 2."""


class KGError(Exception):
    """A problem the user can fix (bad input, missing store, bad query...).

    The message must be one readable line; it is printed as ``error: <message>``.
    """

    exit_code = 2


class InputError(KGError):
    """An input file or folder cannot be read as articles or RDF."""


class StoreError(KGError):
    """The store is missing, locked, not an Oxigraph store, or unreachable."""


class QueryError(KGError):
    """A SPARQL query is unknown, malformed, or not allowed (e.g. an update)."""


class OutputError(KGError):
    """An output path cannot be written."""
