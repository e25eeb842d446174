"""Picture size and profile name from an H.264 sequence parameter set, as ffprobe shows them."""

from libs.common.adapters.media.bit_reader import BitReader, strip_emulation_prevention

_HIGH_PROFILES = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135}
_CONSTRAINED_BASELINE_FLAG = 0x40
_INTRA_FLAG = 0x10
_PROFILE_NAMES = {
    66: "Baseline",
    77: "Main",
    88: "Extended",
    100: "High",
    110: "High 10",
    122: "High 4:2:2",
    144: "High 4:4:4",
    244: "High 4:4:4 Predictive",
    44: "CAVLC 4:4:4",
    118: "Multiview High",
    128: "Stereo High",
}


def h264_profile_name(profile_idc: int, constraint_flags: int) -> str | None:
    """ffprobe's name for an H.264 profile (e.g. 'Constrained Baseline', 'High 10 Intra')."""
    if profile_idc == 66 and constraint_flags & _CONSTRAINED_BASELINE_FLAG:
        return "Constrained Baseline"
    if profile_idc == 244 and constraint_flags & _INTRA_FLAG:
        return "High 4:4:4 Intra"
    name = _PROFILE_NAMES.get(profile_idc)
    if name is not None and profile_idc in (110, 122) and constraint_flags & _INTRA_FLAG:
        return name + " Intra"
    return name


def _skip_scaling_list(reader: BitReader, size: int) -> None:
    last_scale = next_scale = 8
    for _ in range(size):
        if next_scale != 0:
            next_scale = (last_scale + reader.se() + 256) % 256
        last_scale = next_scale or last_scale


def h264_picture_size(sps_nal: bytes) -> tuple[int, int]:
    """(width, height) after cropping, from an SPS NAL unit (with its 1-byte header)."""
    reader = BitReader(strip_emulation_prevention(sps_nal[1:]))
    profile_idc = reader.bits(8)
    reader.skip(16)  # constraint flags, level
    reader.ue()  # seq_parameter_set_id
    chroma_format_idc = 1
    separate_colour_planes = False
    if profile_idc in _HIGH_PROFILES:
        chroma_format_idc = reader.ue()
        if chroma_format_idc == 3:
            separate_colour_planes = reader.bits(1) == 1
        reader.ue()  # bit_depth_luma_minus8
        reader.ue()  # bit_depth_chroma_minus8
        reader.skip(1)  # qpprime_y_zero_transform_bypass_flag
        if reader.bits(1):  # seq_scaling_matrix_present_flag
            for index in range(12 if chroma_format_idc == 3 else 8):
                if reader.bits(1):
                    _skip_scaling_list(reader, 16 if index < 6 else 64)
    reader.ue()  # log2_max_frame_num_minus4
    pic_order_cnt_type = reader.ue()
    if pic_order_cnt_type == 0:
        reader.ue()
    elif pic_order_cnt_type == 1:
        reader.skip(1)
        reader.se()
        reader.se()
        for _ in range(reader.ue()):
            reader.se()
    reader.ue()  # max_num_ref_frames
    reader.skip(1)  # gaps_in_frame_num_value_allowed_flag
    width_mbs = reader.ue() + 1
    height_map_units = reader.ue() + 1
    frame_mbs_only = reader.bits(1)
    if not frame_mbs_only:
        reader.skip(1)  # mb_adaptive_frame_field_flag
    reader.skip(1)  # direct_8x8_inference_flag
    crop_left = crop_right = crop_top = crop_bottom = 0
    if reader.bits(1):
        crop_left, crop_right, crop_top, crop_bottom = reader.ue(), reader.ue(), reader.ue(), reader.ue()
    chroma_array_type = 0 if separate_colour_planes else chroma_format_idc
    sub_width = 2 if chroma_array_type in (1, 2) else 1
    sub_height = 2 if chroma_array_type == 1 else 1
    crop_unit_y = (2 - frame_mbs_only) * sub_height
    width = width_mbs * 16 - sub_width * (crop_left + crop_right)
    height = (2 - frame_mbs_only) * height_map_units * 16 - crop_unit_y * (crop_top + crop_bottom)
    return width, height
