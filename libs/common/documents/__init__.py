"""Stored documents read and written by several services: scans, the day index, focus."""
