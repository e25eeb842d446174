"""The fleet table, /metrics and `sdb fleet`."""
