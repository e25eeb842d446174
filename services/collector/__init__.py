"""Collector: scans a camera's card over SSH and stores what is on it."""
