"""Reading H.264/HEVC parameter sets bit by bit: fixed-width fields and Exp-Golomb codes."""

from libs.common.adapters.media.errors import ClipUnreadable


def strip_emulation_prevention(nal: bytes) -> bytes:
    """The raw payload of a NAL unit: every 00 00 03 sequence with its 03 removed."""
    out = bytearray()
    zeros = 0
    for byte in nal:
        if zeros >= 2 and byte == 3:
            zeros = 0
            continue
        out.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes(out)


class BitReader:
    """Most-significant-bit-first reader over a byte string."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0

    def bits(self, count: int) -> int:
        """The next count bits as an unsigned integer."""
        if self._pos + count > len(self._data) * 8:
            raise ClipUnreadable("corrupt parameter set: it ends in the middle of a field")
        value = 0
        for _ in range(count):
            byte = self._data[self._pos >> 3]
            value = (value << 1) | ((byte >> (7 - (self._pos & 7))) & 1)
            self._pos += 1
        return value

    def skip(self, count: int) -> None:
        """Skip count bits."""
        self.bits(count)

    def ue(self) -> int:
        """An unsigned Exp-Golomb code."""
        leading_zeros = 0
        while self.bits(1) == 0:
            leading_zeros += 1
            if leading_zeros > 31:
                raise ClipUnreadable("corrupt parameter set: Exp-Golomb code longer than 32 bits")
        return (1 << leading_zeros) - 1 + self.bits(leading_zeros)

    def se(self) -> int:
        """A signed Exp-Golomb code."""
        code = self.ue()
        return (code + 1) // 2 if code & 1 else -(code // 2)
