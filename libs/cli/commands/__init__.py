"""One module per `sdb` subcommand."""
