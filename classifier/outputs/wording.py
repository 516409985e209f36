"""Words for counts in messages, so the CLI and the pages say "1 letter" and "2 letters"."""

from __future__ import annotations

_IRREGULAR = {"was": "were", "is": "are", "has": "have", "this": "these"}


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """`n` and the noun in the form that fits it: plural(1, "letter") → "1 letter", plural(0, "pair") → "0 pairs"."""
    return f"{n} {noun(n, singular, plural_form)}"


def noun(n: int, singular: str, plural_form: str | None = None) -> str:
    """The noun (or verb: "was"/"were") alone, in the form that fits `n`."""
    if n == 1:
        return singular
    if plural_form is not None:
        return plural_form
    if singular in _IRREGULAR:
        return _IRREGULAR[singular]
    if singular.endswith(("s", "x", "ch", "sh")):
        return singular + "es"
    if singular.endswith("y") and singular[-2:-1] not in "aeiou":
        return singular[:-1] + "ies"
    return singular + "s"
