"""Picture size from an HEVC sequence parameter set, as ffprobe shows it."""

from libs.common.adapters.media.bit_reader import BitReader, strip_emulation_prevention

_PROFILE_NAMES = {1: "Main", 2: "Main 10", 3: "Main Still Picture", 4: "Rext", 9: "SCC"}
_PROFILE_FIELD_BITS = 88
_LEVEL_FIELD_BITS = 8


def hevc_profile_name(profile_idc: int) -> str | None:
    """ffprobe's name for an HEVC general_profile_idc."""
    return _PROFILE_NAMES.get(profile_idc)


def _skip_profile_tier_level(reader: BitReader, max_sub_layers_minus1: int) -> None:
    reader.skip(_PROFILE_FIELD_BITS + _LEVEL_FIELD_BITS)
    present = [(reader.bits(1), reader.bits(1)) for _ in range(max_sub_layers_minus1)]
    if max_sub_layers_minus1 > 0:
        reader.skip(2 * (8 - max_sub_layers_minus1))
    for profile_present, level_present in present:
        reader.skip(_PROFILE_FIELD_BITS * profile_present + _LEVEL_FIELD_BITS * level_present)


def hevc_picture_size(sps_nal: bytes) -> tuple[int, int]:
    """(width, height) after the conformance window, from an SPS NAL unit (with its 2-byte header)."""
    reader = BitReader(strip_emulation_prevention(sps_nal[2:]))
    reader.skip(4)  # sps_video_parameter_set_id
    max_sub_layers_minus1 = reader.bits(3)
    reader.skip(1)  # sps_temporal_id_nesting_flag
    _skip_profile_tier_level(reader, max_sub_layers_minus1)
    reader.ue()  # sps_seq_parameter_set_id
    chroma_format_idc = reader.ue()
    if chroma_format_idc == 3 and reader.bits(1):
        chroma_format_idc = 0
    width = reader.ue()
    height = reader.ue()
    if reader.bits(1):
        left, right, top, bottom = reader.ue(), reader.ue(), reader.ue(), reader.ue()
        sub_width = 2 if chroma_format_idc in (1, 2) else 1
        sub_height = 2 if chroma_format_idc == 1 else 1
        width -= sub_width * (left + right)
        height -= sub_height * (top + bottom)
    return width, height
