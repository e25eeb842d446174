"""Keyframes as Annex-B bytes a bare decoder can turn into one picture each."""

from collections.abc import Sequence

from libs.common.adapters.media.errors import ClipIncomplete, ClipUnreadable
from libs.common.adapters.media.mp4_probe import ClipProbe, KeyframeRef
from libs.common.adapters.media.range_reader import BatchReader, RangeReader, SingleReads

_START_CODE = b"\x00\x00\x00\x01"


def length_prefixed_to_annexb(sample: bytes, nal_length_size: int) -> bytes:
    """Replace each NAL unit's big-endian length prefix with an Annex-B start code."""
    out = bytearray()
    pos = 0
    while pos < len(sample):
        if pos + nal_length_size > len(sample):
            raise ClipUnreadable(f"corrupt keyframe: {len(sample) - pos} stray bytes after its last NAL unit")
        length = int.from_bytes(sample[pos : pos + nal_length_size], "big")
        pos += nal_length_size
        if length == 0 or pos + length > len(sample):
            raise ClipUnreadable(f"corrupt keyframe: NAL unit of {length} bytes does not fit the sample")
        out += _START_CODE + sample[pos : pos + length]
        pos += length
    return bytes(out)


async def read_keyframe_annexb(read: RangeReader, probe: ClipProbe, keyframe: KeyframeRef) -> bytes:
    """Parameter sets plus the keyframe's NAL units with start codes; raises ClipIncomplete/ClipUnreadable."""
    (annexb,) = await read_keyframes_annexb(SingleReads(read), probe, [keyframe])
    return annexb


async def read_keyframes_annexb(clip: BatchReader, probe: ClipProbe, keyframes: Sequence[KeyframeRef]) -> list[bytes]:
    """Each keyframe as parameter sets plus its NAL units, all read in ONE batch (touching samples merge, every
    request in flight); raises ClipIncomplete/ClipUnreadable."""
    if probe.nal_length_size not in (1, 2, 4):
        raise ClipUnreadable(f"keyframes of '{probe.video_codec}' video cannot be turned into Annex-B NAL units")
    samples = await clip.read_ranges([(keyframe.offset, keyframe.size) for keyframe in keyframes])
    frames = []
    for keyframe, sample in zip(keyframes, samples, strict=True):
        if len(sample) < keyframe.size:
            raise ClipIncomplete(
                f"keyframe at byte {keyframe.offset} cut off: read {len(sample)} of {keyframe.size} bytes"
            )
        frames.append(probe.parameter_sets_annexb + length_prefixed_to_annexb(sample, probe.nal_length_size))
    return frames
