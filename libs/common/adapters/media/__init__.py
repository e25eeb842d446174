"""Facts about MP4 clips and their keyframes, learned from a few small ranged reads."""

from libs.common.adapters.media.range_reader import RangeReader

__all__ = ["RangeReader"]
