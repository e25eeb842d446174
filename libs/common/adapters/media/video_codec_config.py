"""Decoder configuration of a video track, read from its avcC or hvcC box."""

import struct
from dataclasses import dataclass

from libs.common.adapters.media.errors import ClipUnreadable
from libs.common.adapters.media.h264_sps import h264_picture_size, h264_profile_name
from libs.common.adapters.media.hevc_sps import hevc_picture_size, hevc_profile_name

_ANNEXB_START_CODE = b"\x00\x00\x00\x01"
_HEVC_SPS_TYPE = 33


@dataclass(frozen=True)
class VideoCodecConfig:
    """Codec, profile, level, picture size, NAL length size and parameter sets of a video track."""

    codec: str
    profile: str | None
    level: float | None
    width: int
    height: int
    nal_length_size: int
    parameter_sets: tuple[bytes, ...]

    def parameter_sets_annexb(self) -> bytes:
        """The parameter sets, each preceded by an Annex-B start code."""
        return b"".join(_ANNEXB_START_CODE + nal for nal in self.parameter_sets)


def _take(data: bytes, pos: int, length: int, what: str) -> bytes:
    if pos + length > len(data):
        raise ClipUnreadable(f"corrupt {what}: a parameter set runs past the end of the box")
    return data[pos : pos + length]


def parse_avcc(avcc: bytes) -> VideoCodecConfig:
    """The configuration held in an avcC box payload."""
    if len(avcc) < 7:
        raise ClipUnreadable("corrupt avcC box: shorter than its fixed fields")
    profile_idc, constraint_flags, level_idc = avcc[1], avcc[2], avcc[3]
    nal_length_size = (avcc[4] & 0x03) + 1
    nals: list[bytes] = []
    pos = 5
    for count_mask in (0x1F, 0xFF):
        count = _take(avcc, pos, 1, "avcC box")[0] & count_mask
        pos += 1
        for _ in range(count):
            (length,) = struct.unpack(">H", _take(avcc, pos, 2, "avcC box"))
            nals.append(_take(avcc, pos + 2, length, "avcC box"))
            pos += 2 + length
    sps = [nal for nal in nals if nal and nal[0] & 0x1F == 7]
    if not sps:
        raise ClipUnreadable("corrupt avcC box: no sequence parameter set")
    width, height = h264_picture_size(sps[0])
    return VideoCodecConfig(
        codec="h264",
        profile=h264_profile_name(profile_idc, constraint_flags),
        level=level_idc / 10 if level_idc else None,
        width=width,
        height=height,
        nal_length_size=nal_length_size,
        parameter_sets=tuple(nals),
    )


def parse_hvcc(hvcc: bytes) -> VideoCodecConfig:
    """The configuration held in an hvcC box payload."""
    if len(hvcc) < 23:
        raise ClipUnreadable("corrupt hvcC box: shorter than its fixed fields")
    profile_idc = hvcc[1] & 0x1F
    level_idc = hvcc[12]
    nal_length_size = (hvcc[21] & 0x03) + 1
    nals: list[bytes] = []
    pos = 23
    for _ in range(hvcc[22]):
        (count,) = struct.unpack(">H", _take(hvcc, pos + 1, 2, "hvcC box"))
        pos += 3
        for _ in range(count):
            (length,) = struct.unpack(">H", _take(hvcc, pos, 2, "hvcC box"))
            nals.append(_take(hvcc, pos + 2, length, "hvcC box"))
            pos += 2 + length
    sps = [nal for nal in nals if nal and (nal[0] >> 1) & 0x3F == _HEVC_SPS_TYPE]
    if not sps:
        raise ClipUnreadable("corrupt hvcC box: no sequence parameter set")
    width, height = hevc_picture_size(sps[0])
    return VideoCodecConfig(
        codec="hevc",
        profile=hevc_profile_name(profile_idc),
        level=round(level_idc / 30, 2) if level_idc else None,
        width=width,
        height=height,
        nal_length_size=nal_length_size,
        parameter_sets=tuple(nals),
    )
