"""Real servers started locally on free ports (SeaweedFS S3, service processes) for tests and the dev stack."""
