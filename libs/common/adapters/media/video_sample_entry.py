"""Video decoder configuration from a visual sample entry (avc1/avc3 + avcC, hvc1/hev1 + hvcC, others by name)."""

import struct

from libs.common.adapters.media.errors import ClipUnreadable
from libs.common.adapters.media.mp4_boxes import Box, find_child
from libs.common.adapters.media.video_codec_config import VideoCodecConfig, parse_avcc, parse_hvcc

_VISUAL_ENTRY_FIELDS = 78
_AVC_ENTRIES = {"avc1", "avc3"}
_HEVC_ENTRIES = {"hvc1", "hev1"}
_OTHER_CODECS = {"mp4v": "mpeg4", "jpeg": "mjpeg", "mjpa": "mjpeg", "av01": "av1", "vp09": "vp9"}


def parse_video_sample_entry(buf: bytes, entry: Box) -> VideoCodecConfig:
    """The decoder configuration of a visual sample entry box."""
    if entry.end - entry.payload < _VISUAL_ENTRY_FIELDS:
        raise ClipUnreadable(f"corrupt '{entry.type}' sample entry: shorter than its fixed fields")
    holder = Box(entry.type, entry.start, entry.payload + _VISUAL_ENTRY_FIELDS, entry.end)
    if entry.type in _AVC_ENTRIES or entry.type in _HEVC_ENTRIES:
        config_type = "avcC" if entry.type in _AVC_ENTRIES else "hvcC"
        config_box = find_child(buf, holder, config_type)
        if config_box is None:
            raise ClipUnreadable(f"'{entry.type}' sample entry has no {config_type} box")
        payload = buf[config_box.payload : config_box.end]
        return parse_avcc(payload) if config_type == "avcC" else parse_hvcc(payload)
    width, height = struct.unpack_from(">HH", buf, entry.payload + 24)
    return VideoCodecConfig(
        codec=_OTHER_CODECS.get(entry.type, entry.type),
        profile=None,
        level=None,
        width=width,
        height=height,
        nal_length_size=0,
        parameter_sets=(),
    )
