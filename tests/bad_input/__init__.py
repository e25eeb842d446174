"""Bad input: every refusal is a 4xx with a string detail, and nothing is published or read."""
