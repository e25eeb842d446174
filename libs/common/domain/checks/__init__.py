"""Recording checks: pure rules that turn a camera's stored clip facts into issues and verdicts."""
