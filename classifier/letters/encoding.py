"""How a file's bytes are told apart as text: one place for the .txt reader and the web page reader."""

from __future__ import annotations

import codecs
import re


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for UTF-16 text without a byte-order mark, else None.

    Letter text is almost all below U+0100, so in UTF-16 one byte of nearly every pair is
    NUL, always the same one of the two (the second in little-endian); the other byte is
    almost never NUL. Binary data has its NUL bytes in both places, or in neither.
    """
    units = len(data) // 2
    if units < 2 or len(data) % 2:
        return None
    high_le, high_be = data[1::2].count(0), data[0::2].count(0)
    for codec, high, low in (("utf-16-le", high_le, high_be), ("utf-16-be", high_be, high_le)):
        if high >= 0.5 * units and low <= 0.02 * units:
            return codec
    return None


BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
"""Byte-order marks and the codec each names; UTF-32's first, as its little-endian mark begins with UTF-16's."""

CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
"""Control characters other than tab and line breaks (\t \n \v \f \r are \x09-\x0d): binary data in a text."""


def marked_codec(data: bytes) -> str | None:
    """The codec a byte-order mark names, else UTF-16 told by its NUL bytes, else None (not said by the bytes)."""
    return next((name for bom, name in BOMS if data.startswith(bom)), None) or utf16_without_bom(data)


def binary_controls(text: str) -> int:
    """How many control characters `text` holds, when they are too many for text (binary data); else 0."""
    controls = len(CONTROL.findall(text))
    return controls if controls > max(2, len(text) // 50) else 0
