"""Adapters to the outside: broker, object store, cameras over SSH, MP4 media parsing; chosen in factory."""
