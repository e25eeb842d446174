"""A typed async client of the SD Card Browser REST API (/api/v1), answers as the shared pydantic models."""
