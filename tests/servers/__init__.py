"""Helpers that start or find the real servers tests run against (SeaweedFS S3, RabbitMQ)."""
