"""Gateway: the REST API (/api/v1) that validates requests, publishes scans and answers from the store."""
