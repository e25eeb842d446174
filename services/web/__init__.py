"""Web: the dashboard, Server-Sent Events to browsers, and the /api/v1 forwarder to the gateway."""
