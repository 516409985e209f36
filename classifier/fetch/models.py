"""What `evasion fetch` knows about one answer document, as the Tweede Kamer API says it.

`AnswerRecord` is built from one Document of the OData API with its Zaak (case) expanded:
who submitted the questions (ZaakActor "Indiener"/"Medeindiener", with their party), whom
they were addressed to (ZaakActor "Gericht aan": a minister or staatssecretaris and the
office), when the questions were submitted (the "Schriftelijke vragen" or "Lijst van vragen"
document of the Zaak, else the Zaak's start) and answered (the answer document's own date),
and every "Mededeling (uitstel antwoord)" (a notice that the answer comes later) in the Zaak.

`Sidecar` is that record with where and when it was fetched: the JSON written next to the
downloaded file (`2024D36411.docx` → `2024D36411.json`). `classifier.fetch.sidecar` reads it
back into the small `ApiMetadata` that scoring and reports can prefer over the letter's text.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

SIDECAR_SCHEMA = 1
"""The sidecar layout's version; a reader refuses others rather than misread them."""

ANSWER_KINDS: dict[str, tuple[str, ...]] = {
    "kamervragen": ("Antwoord schriftelijke vragen", "Antwoord schriftelijke vragen (nader)"),
    "lijsten": ("Lijst van vragen en antwoorden",),
}
"""`--kind` → the API's Document.Soort values (tkapi's DocumentSoort.ANTWOORD_SCHRIFTELIJKE_VRAGEN,
ANTWOORD_SCHRIFTELIJKE_VRAGEN_NADER, LIJST_VAN_VRAGEN_EN_ANTWOORDEN); "all" is both."""

DOC_TYPES: dict[str, str] = {
    "Antwoord schriftelijke vragen": "kamervragen",
    "Antwoord schriftelijke vragen (nader)": "kamervragen",
    "Lijst van vragen en antwoorden": "lijst_vragen_antwoorden",
}
"""Document.Soort → this project's LetterMeta.doc_type."""

POSTPONEMENT = "Mededeling (uitstel antwoord)"
"""tkapi's DocumentSoort.MEDEDELING_UITSTEL_ANTWOORD."""

QUESTION_KINDS = ("Schriftelijke vragen", "Lijst van vragen")
"""Documents of a Zaak that hold the questions: their date is the date asked."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Member(_Frozen):
    """A member of parliament who submitted the questions."""

    name: str
    party: str | None = None
    """As the API gives it (ZaakActor.ActorFractie, else the expanded Fractie's Afkorting)."""
    relation: str
    """"Indiener" (first submitter) or "Medeindiener" (co-submitter)."""


class Minister(_Frozen):
    """A member of government the questions were addressed to, or who is named on the answer."""

    name: str | None = None
    office: str | None = None
    """As the API gives it, e.g. "minister van Justitie en Veiligheid"."""
    ministry: str | None = None
    """The ministry the office names ("Justitie en Veiligheid"); None for a "minister voor …"."""
    relation: str | None = None


class Postponement(_Frozen):
    """A "Mededeling (uitstel antwoord)": the notice that the answer will take longer."""

    id: str
    number: str | None = None
    date: dt.date | None = None
    title: str | None = None


class ZaakInfo(_Frozen):
    """The case a document belongs to: for Kamervragen, the questions and everything about them."""

    id: str
    number: str | None = None
    """Zaak.Nummer, e.g. "2024Z12128"."""
    kind: str | None = None
    """Zaak.Soort, e.g. "Schriftelijke vragen"."""
    subject: str | None = None
    started: dt.date | None = None
    """Zaak.GestartOp: for written questions, the day they were submitted."""


class AnswerRecord(_Frozen):
    """One answer document of the API, with what its Zaak says about it."""

    id: str
    """Document.Id (a GUID)."""
    number: str
    """Document.DocumentNummer, e.g. "2024D36411"; the downloaded file is named after it."""
    kind: str
    """Document.Soort, e.g. "Antwoord schriftelijke vragen"."""
    date: dt.date | None = None
    """Document.Datum: the date of the answer."""
    received: dt.date | None = None
    """Document.DatumOntvangst, when the API gives it."""
    title: str | None = None
    subject: str | None = None
    session_year: str | None = None
    annex_number: str | None = None
    """Document.Aanhangselnummer (the Aanhangsel van de Handelingen the answer is printed in)."""
    content_type: str | None = None
    content_length: int | None = None
    resource_url: str | None = None
    """Where the file is: the `#TK.DA.GGM.OData.Resource` target (tkapi's `Document.bestand_url`)."""
    zaak: ZaakInfo | None = None
    """The Zaak of the questions (the first of kind "Schriftelijke vragen", else the first)."""
    related_zaken: list[ZaakInfo] = Field(default_factory=list)
    """Any other Zaak the document belongs to (a list of answers can cover several)."""
    submitters: list[Member] = Field(default_factory=list)
    addressed_to: list[Minister] = Field(default_factory=list)
    """ZaakActor "Gericht aan": the minister(s) or staatssecretaris(sen) the questions were put to."""
    document_actors: list[Minister] = Field(default_factory=list)
    """The answer document's own DocumentActor entries for members of government, as the API gives them."""
    committees: list[str] = Field(default_factory=list)
    """ZaakActor "Voortouwcommissie", e.g. "vaste commissie voor Defensie": a list of questions is put by a
    committee to no minister in particular, so its committee says which ministry it concerns."""
    date_asked: dt.date | None = None
    date_answered: dt.date | None = None
    postponements: list[Postponement] = Field(default_factory=list)

    @property
    def parties(self) -> list[str]:
        """The submitters' parties, each once, in the order the API lists the submitters."""
        seen: list[str] = []
        for member in self.submitters:
            if member.party and member.party not in seen:
                seen.append(member.party)
        return seen

    @property
    def ministry(self) -> str | None:
        return next((m.ministry for m in self.addressed_to if m.ministry), None)

    @property
    def stem(self) -> str:
        """The file name without extension: the document number, or the Id when there is none."""
        return safe_stem(self.number or self.id)


class Sidecar(AnswerRecord):
    """The JSON next to a downloaded document: its AnswerRecord, and where and when it was fetched."""

    schema_version: int = SIDECAR_SCHEMA
    file: str
    """The downloaded file's name, next to this sidecar."""
    api_root: str
    fetched_at: dt.datetime
    asker_parties: list[str] = Field(default_factory=list)
    """The submitters' parties (`AnswerRecord.parties`), written out for readers of the JSON."""


def safe_stem(text: str) -> str:
    """A file name stem from a document number: letters, digits, "-" and "_" only."""
    cleaned = "".join(c if c.isalnum() or c in "-_" else "_" for c in text.strip())
    return cleaned.strip("._") or "document"
