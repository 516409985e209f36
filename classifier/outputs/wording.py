"""Words a reader reads: counts in messages, so the CLI and the pages say "1 letter" and "2 letters"; a
letter's subject as a title; a party by the name a reader knows."""

from __future__ import annotations

import re

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


def as_title(text: str | None) -> str | None:
    """A letter's subject as a title, its first letter upper case: a subject taken from "Vragen van het lid X
    over het bericht …" starts in the middle of a sentence, and printed as it is ("het bericht …") it reads as a
    fragment. None or blank stays None."""
    text = (text or "").strip()
    return text[:1].upper() + text[1:] if text else None


def party_name(party: str) -> str:
    """A party as a reader who does not know the short forms reads it: "Groep Bontes/Van Klaveren (GrBvK)";
    "CDA, SP" (asked together) each of them; a member's "Van Klaveren (GrBvK)" keeps the name. A party
    parties.json gives no longer name for ("VVD") stays as it is."""
    from classifier.letters.parties import full_party_names  # the splitter's modules: only pages naming parties need them

    def one(text: str) -> str:
        member = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text)
        if member and member.group(2).strip() in full_party_names():
            short = member.group(2).strip()
            return f"{member.group(1)} ({full_party_names()[short]}, {short})"
        full = full_party_names().get(text.strip())
        return f"{full} ({text.strip()})" if full else text

    return ", ".join(one(part) for part in party.split(", "))
