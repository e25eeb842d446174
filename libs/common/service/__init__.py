"""Process plumbing every service shares: start-up, logging, the API token guard."""
