"""Shared settings, message schemas, ports and adapters of the SD Card Browser services."""
