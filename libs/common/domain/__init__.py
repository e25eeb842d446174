"""Domain rules with no I/O: ids, schedule, coverage, spans, aggregates, retention."""
