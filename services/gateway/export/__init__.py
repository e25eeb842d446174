"""Range export: the recorded media of a time range as one streamed MP4 (stream copy), or its clips as a zip."""
