"""The fleet at a glance: one row per camera from stored documents, for the home page, `sdb fleet` and /metrics."""
