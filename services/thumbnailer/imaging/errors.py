"""Exceptions raised by the thumbnailer's image engine."""


class ImagingError(Exception):
    """Base class of every error the image engine raises on purpose."""


class UndecodableKeyframe(ImagingError):
    """The keyframe bytes did not yield exactly one clean picture (garbage, truncated, not a keyframe)."""

    def __init__(self, codec: str, reason: str) -> None:
        super().__init__(
            f"cannot decode {codec} keyframe: {reason}; re-read the keyframe's byte range from the clip, "
            "or mark the clip's thumbnail as failed (if every keyframe of a camera fails, try "
            "KeyframeDecoder(strict=False))"
        )
        self.codec = codec
        self.reason = reason


class UnsupportedCodec(ImagingError, ValueError):
    """A decoder was asked for a codec the image engine does not handle."""

    def __init__(self, codec: str, supported: tuple[str, ...]) -> None:
        super().__init__(f"codec {codec!r} is not supported; use one of {', '.join(supported)}")
        self.codec = codec


class InvalidRenderRequest(ImagingError, ValueError):
    """A render call got arguments it cannot honour (format, size, quality, empty input)."""
