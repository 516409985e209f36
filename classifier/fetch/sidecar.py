"""The API's metadata of a fetched letter, for scoring and reports to prefer over the text's.

`read_sidecar(letter_path)` reads the JSON that `evasion fetch` wrote next to the letter
(same stem, `.json`) into `ApiMetadata`: the askers' parties, the dates asked and answered,
the ministry and ministers, and the postponement notices. `apply_sidecar(letter, metadata)`
returns the Letter with the API's values in its LetterMeta (and, for Kamervragen, in the
pairs' party), so the caller needs one line:

    letter = apply_sidecar(letter, read_sidecar(path))

A letter without a sidecar, or with a JSON next to it that is not one, keeps its own metadata
(the second with a one-line warning).
"""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from classifier.fetch.models import DOC_TYPES, SIDECAR_SCHEMA, Minister, Postponement, Sidecar
from classifier.types import Letter, Signatory


class ApiMetadata(BaseModel):
    """What the Tweede Kamer API says about one answer letter (see classifier.fetch.models.Sidecar)."""

    model_config = ConfigDict(frozen=True)

    document_number: str
    kind: str
    """Document.Soort, e.g. "Antwoord schriftelijke vragen"."""
    doc_type: str | None = None
    """The project's LetterMeta.doc_type for that kind: "kamervragen" or "lijst_vragen_antwoorden"."""
    title: str | None = None
    """The Zaak's subject: what the questions are about."""
    zaak_number: str | None = None
    askers: list[str] = Field(default_factory=list)
    """The submitting members as "name (party)", first submitter first."""
    asker_parties: list[str] = Field(default_factory=list)
    """Their parties, each once, as this project names them ("GroenLinks-PvdA" → "GL-PvdA")."""
    date_asked: dt.date | None = None
    date_answered: dt.date | None = None
    date_received: dt.date | None = None
    ministry: str | None = None
    """The ministry of the first minister the questions were addressed to."""
    ministers: list[Signatory] = Field(default_factory=list)
    """The members of government the questions were addressed to (ZaakActor "Gericht aan")."""
    answered_by: list[Signatory] = Field(default_factory=list)
    """Members of government the API names on the answer document itself (DocumentActor); often empty."""
    postponements: list[Postponement] = Field(default_factory=list)
    """"Mededeling (uitstel antwoord)" notices in the Zaak: each says the answer would be late."""

    @property
    def postponement_count(self) -> int:
        return len(self.postponements)


def sidecar_path(letter: str | Path) -> Path:
    """Where `evasion fetch` put a letter's sidecar: same folder, same stem, `.json`."""
    return Path(letter).with_suffix(".json")


def load_sidecar(path: str | Path) -> Sidecar:
    """The sidecar at `path`; ValueError (with the reason) when it is not one this version can read."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read it: {exc}") from None
    try:
        sidecar = Sidecar.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())) or "the file"
        raise ValueError(f"not a sidecar of `evasion fetch` ({where}: {first.get('msg')})") from None
    if sidecar.schema_version != SIDECAR_SCHEMA:
        raise ValueError(f"sidecar schema {sidecar.schema_version}, this version reads {SIDECAR_SCHEMA}")
    return sidecar


def is_sidecar(path: str | Path) -> bool:
    """A JSON `evasion fetch` wrote, not any file of that name (`score brief.txt --out brief.json` wrote one):
    only a sidecar is an input that no output may replace."""
    if not Path(path).is_file():
        return False
    try:
        load_sidecar(path)
    except ValueError:
        return False
    return True


def read_sidecar(letter: str | Path) -> ApiMetadata | None:
    """The API's metadata for the letter at `letter`, or None when there is no sidecar next to it.

    A JSON next to the letter that is no sidecar (or of another schema version) gives one
    warning and None: the letter is still scored, with the metadata of its own text.
    """
    path = sidecar_path(letter)
    if Path(letter).suffix.lower() == ".json" or not path.is_file():
        return None
    try:
        sidecar = load_sidecar(path)
    except ValueError as exc:
        warnings.warn(f"{path}: {exc}; the letter's own metadata is used", stacklevel=2)
        return None
    return metadata_of(sidecar)


def metadata_of(sidecar: Sidecar) -> ApiMetadata:
    return ApiMetadata(
        document_number=sidecar.number,
        kind=sidecar.kind,
        doc_type=DOC_TYPES.get(sidecar.kind),
        title=sidecar.zaak.subject if sidecar.zaak and sidecar.zaak.subject else sidecar.subject,
        zaak_number=sidecar.zaak.number if sidecar.zaak else None,
        askers=[f"{m.name} ({m.party})" if m.party else m.name for m in sidecar.submitters],
        asker_parties=_parties(sidecar.parties),
        date_asked=sidecar.date_asked,
        date_answered=sidecar.date_answered,
        date_received=sidecar.received,
        ministry=sidecar.ministry,
        ministers=[_signatory(m) for m in sidecar.addressed_to],
        answered_by=[_signatory(m) for m in sidecar.document_actors],
        postponements=list(sidecar.postponements),
    )


def apply_sidecar(letter: Letter, metadata: ApiMetadata | None) -> Letter:
    """The letter with the API's metadata taking precedence over what its text gave.

    - `date` ← date answered; `date_asked` ← date asked; `date_received` ← the API's receipt
      date when it has one; `doc_type` ← from the document's kind; `askers` ← the submitters'
      parties. Each only when the API has a value.
    - `signatories`: the API's signers of the answer (DocumentActor) when it names any; else
      the text's signature; else the ministers the questions were addressed to.
    - `ministry`: that of the signatories chosen, else the addressed minister's, else the text's.
    - `title` and `kamerstuk` (the Zaak's subject and number) only fill what the text left empty.
    - Kamervragen: a pair whose party came from the askers in the header (or is unknown) gets
      the API's askers' parties; a party the question itself names stays.
    """
    if metadata is None:
        return letter
    meta = letter.meta
    update: dict[str, object] = {}
    if metadata.date_answered is not None:
        update["date"] = metadata.date_answered
    if metadata.date_asked is not None:
        update["date_asked"] = metadata.date_asked
    if metadata.date_received is not None:
        update["date_received"] = metadata.date_received
    if metadata.doc_type is not None:
        update["doc_type"] = metadata.doc_type
    if metadata.asker_parties:
        update["askers"] = list(metadata.asker_parties)
    update["postponements"] = metadata.postponement_count
    signatories = metadata.answered_by or meta.signatories or metadata.ministers
    update["signatories"] = list(signatories)
    ministry = next((s.office.split(" van ", 1)[1] for s in signatories if s.office and " van " in s.office), None)
    update["ministry"] = ministry or metadata.ministry or meta.ministry
    if not meta.title and metadata.title:
        update["title"] = metadata.title
    if not meta.kamerstuk and metadata.zaak_number:
        update["kamerstuk"] = metadata.zaak_number
    pairs = letter.pairs
    if metadata.asker_parties and (metadata.doc_type or meta.doc_type) == "kamervragen":
        printed = ", ".join(sorted({p for p in meta.askers if p})) or None
        api_party = ", ".join(sorted(set(metadata.asker_parties)))
        pairs = [pair.model_copy(update={"party": api_party}) if pair.party in (None, printed) else pair
                 for pair in pairs]
    return Letter(meta=meta.model_copy(update=update), pairs=pairs)


def _signatory(minister: Minister) -> Signatory:
    office = minister.office
    if office:
        office = office[:1].lower() + office[1:]  # "Minister van Defensie" → "minister van Defensie", as the text's
    return Signatory(role=minister.office or "", name=minister.name, office=office)


def _parties(parties: list[str]) -> list[str]:
    from classifier.letters.parties import find_party_name

    out: list[str] = []
    for party in parties:
        short = find_party_name(party) or party
        if short not in out:
            out.append(short)
    return out
