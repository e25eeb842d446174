"""The `sdb` command: the REST API from a shell or a CI job, with progress bars, exit codes and JSON."""
