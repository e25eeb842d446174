"""Digits of other scripts that `\\d` or `str.isdigit()` accept but that are not the ASCII digits 0-9."""

from __future__ import annotations

# The zero of each decimal script; its nine successors are the script's 1-9
_ZEROS = {
    "arabic-indic": "\u0660",
    "extended-arabic-indic": "\u06f0",
    "devanagari": "\u0966",
    "bengali": "\u09e6",
    "thai": "\u0e50",
    "full-width": "\uff10",
    "mathematical-bold": "\U0001d7ce",
}
_SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"  # isdigit() is true, int() fails
SCRIPTS = [*_ZEROS, "superscript"]


def in_script(script: str, text: str) -> str:
    """text with every ASCII digit written in the script's digits."""
    digits = _SUPERSCRIPTS if script == "superscript" else "".join(chr(ord(_ZEROS[script]) + n) for n in range(10))
    return text.translate(str.maketrans("0123456789", digits))


def first_digit_swapped(script: str, text: str) -> str:
    """text with only its first ASCII digit written in the script (the rest stays ASCII)."""
    position = min(index for index, char in enumerate(text) if char in "0123456789")
    return text[:position] + in_script(script, text[position]) + text[position + 1:]
