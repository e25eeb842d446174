"""Response and query models of the REST API (/api/v1), one module per resource."""
