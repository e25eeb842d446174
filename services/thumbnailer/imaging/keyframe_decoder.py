"""Long-lived H.264/HEVC decoder that turns one Annex-B keyframe into exactly one picture."""

import os
from typing import cast

import av
from av.video.codeccontext import VideoCodecContext

from services.thumbnailer.imaging.errors import UndecodableKeyframe, UnsupportedCodec

SUPPORTED_CODECS: tuple[str, ...] = ("h264", "hevc")

# Deblocking is invisible at thumbnail size and costs ~40 % of an intra picture's decode time.
_SPEED_OPTIONS = {"skip_loop_filter": "all", "flags2": "+fast"}
# Concealment hides truncated slice data (a grey half-picture comes out as "fine"); explode turns it into
# an error. A camera whose streams trip FFmpeg's minor checks can be decoded with strict=False.
_STRICT_OPTIONS = {"err_detect": "explode"}

# Slice threads halve latency on multi-slice camera streams and cost nothing on single-slice ones;
# frame threads only add latency for a single picture (see bench/bench_keyframe_decode.py).
DEFAULT_THREADS = min(2, os.cpu_count() or 1)

_START_CODE = b"\x00\x00\x01"


class KeyframeDecoder:
    """One reusable decoder per codec: each call takes one Annex-B keyframe and returns its picture."""

    def __init__(self, codec: str, threads: int = DEFAULT_THREADS, strict: bool = True) -> None:
        """Open the codec once with `threads` slice threads; `strict` rejects pictures with damaged slices."""
        if codec not in SUPPORTED_CODECS:
            raise UnsupportedCodec(codec, SUPPORTED_CODECS)
        self.codec = codec
        self._threads = threads
        self._strict = strict
        self._context = self._open_context()

    def decode(self, annexb: bytes) -> av.VideoFrame:
        """Decode parameter sets + one keyframe's NAL units (Annex-B) into one picture."""
        _check_annexb(self.codec, annexb)
        try:
            frames = self._context.decode(av.Packet(annexb))
            frames += self._context.decode(None)
        except av.FFmpegError as error:
            # A decoder that failed mid-picture can keep that picture queued; a fresh one costs ~0.05 ms.
            self._context = self._open_context()
            raise UndecodableKeyframe(self.codec, f"the decoder rejected the bytes ({error})") from error
        self._context.flush_buffers()
        if not frames:
            raise UndecodableKeyframe(
                self.codec, "no picture came out (parameter sets or keyframe slices missing, or not a keyframe)"
            )
        if len(frames) > 1:
            raise UndecodableKeyframe(self.codec, f"{len(frames)} pictures came out; pass one keyframe per call")
        frame = frames[0]
        if frame.is_corrupt:
            raise UndecodableKeyframe(self.codec, "the picture is damaged (truncated or corrupt slice data)")
        return frame

    def _open_context(self) -> VideoCodecContext:
        """Create and open a decoder context that decodes keyframes only, as fast as it can."""
        context = cast(VideoCodecContext, av.CodecContext.create(self.codec, "r"))
        context.options = {**_SPEED_OPTIONS, **(_STRICT_OPTIONS if self._strict else {})}
        context.skip_frame = "NONKEY"
        context.thread_count = max(1, self._threads)
        context.thread_type = "SLICE"
        context.open()
        return context


def _check_annexb(codec: str, annexb: bytes) -> None:
    """Reject input that cannot be an Annex-B byte stream before it reaches the decoder."""
    if not annexb:
        raise UndecodableKeyframe(codec, "no bytes were given")
    first_start = annexb.find(_START_CODE)
    if first_start < 0 or annexb[:first_start].strip(b"\x00"):
        raise UndecodableKeyframe(codec, "the bytes do not begin with an Annex-B start code (00 00 01)")
