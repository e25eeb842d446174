"""Property-based checks of the gateway against its own OpenAPI document (schemathesis)."""
