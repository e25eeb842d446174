"""Tests of the typed API client at its boundary: errors, event streams, downloads."""
