"""The REST API's answers (/api/v1) as pydantic models, shared by the gateway, the typed client and the CLI."""
