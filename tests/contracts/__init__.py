"""Contract tests: the same behaviour checked against every adapter of a port."""
