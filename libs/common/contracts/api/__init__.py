"""The REST API's answers and query models (/api/v1) as pydantic models, one module per resource, shared by the gateway,
the typed client and the CLI."""
