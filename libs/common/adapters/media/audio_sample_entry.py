"""Audio codec, sample rate and channel count from an audio sample entry (mp4a + esds and others)."""

import struct

from libs.common.adapters.media.clip_facts import AudioFacts
from libs.common.adapters.media.mp4_boxes import Box, find_child, iter_boxes

_AUDIO_ENTRY_FIELDS = 28
_QUICKTIME_EXTRA_FIELDS = {1: 16, 2: 36}
_AAC_SAMPLE_RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350)
_MPEG4_OBJECT_CODECS = {0x40: "aac", 0x66: "aac", 0x67: "aac", 0x68: "aac", 0x69: "mp3", 0x6B: "mp3", 0xA5: "ac3"}
_FOURCC_CODECS = {
    "ac-3": "ac3",
    "ec-3": "eac3",
    "Opus": "opus",
    "fLaC": "flac",
    "alaw": "pcm_alaw",
    "ulaw": "pcm_mulaw",
    "samr": "amr_nb",
    "sawb": "amr_wb",
    ".mp3": "mp3",
    "sowt": "pcm_s16le",
    "twos": "pcm_s16be",
}
_ES_DESCRIPTOR = 0x03
_DECODER_CONFIG_DESCRIPTOR = 0x04
_DECODER_SPECIFIC_INFO = 0x05


def _descriptor(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, payload start, payload end) of the MPEG-4 descriptor at pos."""
    tag = data[pos]
    length = 0
    pos += 1
    for _ in range(4):
        byte = data[pos]
        pos += 1
        length = (length << 7) | (byte & 0x7F)
        if not byte & 0x80:
            break
    return tag, pos, min(pos + length, len(data))


def _esds_codec_and_config(esds: bytes) -> tuple[str | None, bytes]:
    """(codec from objectTypeIndication, AudioSpecificConfig bytes) from an esds payload after version/flags."""
    tag, pos, end = _descriptor(esds, 0)
    if tag != _ES_DESCRIPTOR:
        return None, b""
    flags = esds[pos + 2]
    pos += 3
    if flags & 0x80:
        pos += 2
    if flags & 0x40:
        pos += 1 + esds[pos]
    if flags & 0x20:
        pos += 2
    tag, pos, end = _descriptor(esds, pos)
    if tag != _DECODER_CONFIG_DESCRIPTOR:
        return None, b""
    codec = _MPEG4_OBJECT_CODECS.get(esds[pos], f"mpeg4_object_0x{esds[pos]:02x}")
    pos += 13
    if pos >= end:
        return codec, b""
    tag, pos, config_end = _descriptor(esds, pos)
    return codec, esds[pos:config_end] if tag == _DECODER_SPECIFIC_INFO else b""


def _aac_rate_and_channels(config: bytes) -> tuple[int | None, int | None]:
    """(sample rate, channels) from an AudioSpecificConfig, None where it defers to the sample entry."""
    if len(config) < 2:
        return None, None
    bits = int.from_bytes(config[:5].ljust(5, b"\0"), "big")
    pos = 40 - 5
    if (bits >> pos) & 0x1F == 31:
        pos -= 6
    pos -= 4
    rate_index = (bits >> pos) & 0x0F
    rate: int | None = None
    if rate_index == 0x0F:
        pos -= 24
        rate = (bits >> pos) & 0xFFFFFF
    elif rate_index < len(_AAC_SAMPLE_RATES):
        rate = _AAC_SAMPLE_RATES[rate_index]
    pos -= 4
    channels = (bits >> pos) & 0x0F if pos >= 0 else 0
    return rate, channels or None


def parse_audio_sample_entry(buf: bytes, entry: Box) -> AudioFacts:
    """The facts of an audio sample entry box (children like esds follow the fixed fields)."""
    version, channels, _, _, _, rate_fixed = struct.unpack_from(">H6xHHHHI", buf, entry.payload + 8)
    children_start = entry.payload + _AUDIO_ENTRY_FIELDS + _QUICKTIME_EXTRA_FIELDS.get(version, 0)
    sample_rate = rate_fixed >> 16
    codec = _FOURCC_CODECS.get(entry.type, entry.type)
    if entry.type == "mp4a" and children_start <= entry.end:
        holder = Box(entry.type, entry.start, children_start, entry.end)
        esds = find_child(buf, holder, "esds") or _esds_inside_wave(buf, holder)
        if esds is not None:
            found, config = _esds_codec_and_config(buf[esds.payload + 4 : esds.end])
            codec = found or codec
            config_rate, config_channels = _aac_rate_and_channels(config) if found == "aac" else (None, None)
            sample_rate = config_rate or sample_rate
            channels = config_channels or channels
    return AudioFacts(codec=codec, sample_rate=sample_rate, channels=channels)


def _esds_inside_wave(buf: bytes, holder: Box) -> Box | None:
    """QuickTime files nest esds inside a 'wave' box."""
    wave = find_child(buf, holder, "wave")
    if wave is None:
        return None
    return next((b for b in iter_boxes(buf, wave.payload, wave.end) if b.type == "esds"), None)
