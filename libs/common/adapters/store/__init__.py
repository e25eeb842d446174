"""Object store port and its adapters (local folder and S3 via the minio client)."""
