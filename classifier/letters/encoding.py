"""How a file's bytes are told apart as text: one place for the .txt reader and the web page reader."""

from __future__ import annotations


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
