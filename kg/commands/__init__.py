"""One module per `kg` subcommand; each exposes a click command."""
