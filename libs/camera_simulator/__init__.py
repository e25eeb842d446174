"""SSH camera simulator: builds a card of real H.264 clips and serves it like a camera (SFTP or shell)."""
