"""All four services in one process with the in-process broker and a local-folder store."""
