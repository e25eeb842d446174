"""Contracts between services: message and event payloads, stored records, settings, store keys."""
