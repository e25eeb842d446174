"""Thumbnailer: turns stored keyframes into stills and animated previews; runs as N competing replicas."""
