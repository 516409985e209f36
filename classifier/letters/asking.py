"""How a question asks: the words a question sentence opens with ("Kunt u", "Klopt het"), also where an
excerpt cut it off before its "?", and how nota's, verslagen and memories van antwoord report the members'
questions in the third person ("De leden van de SP-fractie vragen …", "Zij vragen de regering …").

The scans read these to tell a question from an answer that names the same members or opens alike; they
are wording, where `layout` holds the structure (numbers, markers, headings)."""

from __future__ import annotations

import re

# an answer that opens by taking up what the members said ("Zoals de leden van de VVD-fractie hebben opgemerkt, …")
# or with the government as its subject ("De regering deelt …", "Het kabinet …"): it may name the members, yet
# it answers, as a question is reported with the members as its subject
GOVERNMENT_REPLY = re.compile(r"^(?:Zoals\s+(?:ook\s+)?(?:de|deze|die)\s+leden\b|De regering\s|Het kabinet\s)")
# "(de) genoemde leden" ("De genoemde leden vragen …", "Genoemde leden lezen …") are the members just named, as
# "deze leden" are
_SAID = r"(?:[Vv]oor|[Bb]oven|[Ll]aatst|[Ee]erder)?[Gg]enoemde"
MEMBERS = re.compile(rf"\b(?:(?:de|deze|die|ook de)\s+(?:{_SAID}\s+)?|{_SAID}\s+)leden\b|\bfractieleden\b|"
                     r"\bvragen de leden\b|-fractie\b", re.I)
# A fraction's members named in a paragraph's opening words ("Ik ben de leden van de fractie van …", "Ook de leden
# van de PVV-fractie …"): how a nota turns to the next question or fraction, not how an answer goes on (none of the
# 579 later paragraphs of the annotated answers opens so). "De leden van de werkgroep …" may go on an answer.
FRACTION_MEMBERS = re.compile(r"\bleden\s+van\s+de\s+fracties?\b|-fracties?\b|\bfractieleden\b", re.IGNORECASE)
QUESTION_START = re.compile(
    r"^(?:Zo (?:ja|nee)|Kunt u|Kan de|Kan u|Bent u|Deelt u|Is |Zijn |Wat |Welke |Hoe |Waarom |Wanneer |Wie |Waar |"
    r"Heeft |Hebben |Acht |Wil |Klopt |Op welke |In hoeverre |Indien )"
)
# A line cut off by the end of an excerpt before its "?" is a question when it opens with the
# verb, as only questions do: "Bestaan er op uw ministerie problemen met …", "Was er een belscript voor …"
# (checked only there: inside a letter, such openings also start conditions and answers' own lists)
CUT_QUESTION_START = re.compile(
    r"^(?:Bestaa[tn]|Zou(?:den)?|Was|Waren|Wordt|Worden|Gaat|Gaan|Kunnen|Moet(?:en)?|Valt|Vallen|Speelt|Spelen|Vindt|Vinden|"
    r"Stijg(?:t|en)|Daalt|Dalen|Neemt|Nemen|Leidt|Leiden|Blijft|Blijven|Verschil(?:t|len)|Betekent|Noopt|Nopen|"
    r"In welke?|Op welke?|Om welke?|Met welke?)\s"  # "Stijgt ook in Nederland …", "In welk opzicht verschilt h"
)
# A cut line that puts a condition first and then asks the minister: "Als u het onacceptabel vindt dat …, wilt u
# dan een onderzoek in" (the inverted "wilt u" after the comma is the ask; an answer's own conditions go on "dan …")
CUT_CONDITIONAL_ASK = re.compile(
    r"^(?:Als|Indien|Wanneer|Mocht(?:en)?)\b[^?.;]*,\s*(?:wilt|kunt|bent|zult|gaat|deelt|acht|heeft|hebt)\s+u\b"
)
# A unit that opens by asking the minister something ("Kunt u", "Deelt u", "Klopt het")
# is a question even when an excerpt cuts it off before its "?".
ADDRESSES_MINISTER = re.compile(
    r"^(?:(?:Kunt|Kan|Bent|Deelt|Heeft|Hebt|Wilt|Zou|Acht|Erkent|Herkent|Herinnert|Kent|Vindt|Weet|Gaat|Zult|Onderschrijft)\s+u\b"
    r"|(?:Wat|Hoe)\s+(?:vindt|beoordeelt|verklaart|reageert|kijkt|staat)\s+u\b|Klopt het\b|Is het (?:waar|juist)\b)"
)
# Unnumbered layouts. A question reported in the third person: "De leden van de SP-fractie vragen …",
# "Voorts vraagt de heer X …", "De heer Depla (PvdA) heeft mij … met het verzoek …", in the past tense of a
# nota ("De leden van de VVD-fractie vroegen of …", "… hebben een vraag gesteld over …"), or as the subject the
# answer takes up ("De vraag van de leden van de VVD-fractie of … kan bevestigend worden beantwoord").
_ASKER = (
    rf"(?:(?:[Dd]e|[Dd]eze|[Hh]et)\s+(?:{_SAID}\s+)?|{_SAID}\s+)(?:leden|lid)"
    r"(?:\s+(?:van|voor|de|het|der|en|deze|vaste|commissie|fracties?|"
    r"[A-ZÀ-Ý][\w’'-]*|[\w-]+-fractie)\b,?)*"
    r"|(?:[Dd]e\s+heer|[Mm]evrouw)(?:\s+[A-Z][\w’'-]*)+|[Dd]e\s+(?:[\w-]+-)?fractie(?:\s+van\s+(?:de\s+)?[A-Z][\w-]*)?"
)
_ASK_VERB = (r"(?:vragen|vraagt|vroegen|vroeg|verzoeken|verzoekt|verzochten|verzocht|willen|wil|wilden|wilde|"
             r"informeren|informeert|informeerden|informeerde|wensen|wenst|wensten|wenste)\b")
_ASKED_WHAT = r"(?:of|hoe|waarom|wat|welke?|wanneer|waar|wie|in hoeverre|naar)\b"  # the question a report goes on with
_FEW = (r"(?:(?:ook|tevens|nog|verder|daarnaast|een|enkele|twee|drie|aantal|de|deze|volgende|aanvullende|nadere)"
        r"\s+){0,3}")  # "een", "nog enkele", "een aantal": the words between "hebben" and "vragen gesteld"
_HAVE = r"(?:heeft|hebben|had|hadden)\s+"
# an ask put as a deed: "hebben een vraag gesteld over", "stelden enkele vragen", "hebben (de regering) gevraagd
# of/naar …" (not "hebben gevraagd om te reageren": a request, which a nota's introduction takes up)
_ASKED = (rf"{_HAVE}{_FEW}(?:(?:de regering|het kabinet|mij|de minister)\s+)?gevraagd\s+{_ASKED_WHAT}"
          rf"|{_HAVE}{_FEW}vra(?:ag|gen)\s+gesteld\b|(?:stellen|stelt|stelden|stelde)\s+{_FEW}vra(?:ag|gen)\b"
          r"|(?:openden|openen|opent|opende|begonnen|beginnen|begint|begon)\s+met\s+de\s+vraag\b")
_OPENER = r"(?:Voorts|Ook|Tevens|Daarnaast|Verder|Vervolgens|Ten slotte|Tot slot|Tenslotte|Eveneens|Bovendien|Allereerst)"
_ITEM_LABEL = r"(?:\[\d{1,3}\]\s*)?"  # "[2] De leden …": a memorie van antwoord that numbers the questions it answers
# the askers as a sentence's subject: "Ook de leden van de SP-fractie", "De heer Depla (PvdA)"
_ASKERS_SUBJECT = rf"(?:{_OPENER}\s+)?(?:ook\s+)?(?:{_ASKER})(?:\s*\([^()]{{1,30}}\))?\s+"
REPORTED_ASK = re.compile(
    rf"^{_ITEM_LABEL}(?:{_ASKERS_SUBJECT}"
    rf"(?:(?:ook|tevens|voorts|daarnaast|nog|verder)\s+)?(?:{_ASK_VERB}|{_ASKED})"
    rf"|{_OPENER}\s+{_ASK_VERB}\s+(?:{_ASKER})"
    rf"|(?:Op\s+)?[Dd]e\s+(?:(?:eerste|tweede|derde|volgende|laatste)\s+)?vra(?:ag|gen)\s+van\s+(?:{_ASKER})"
    rf"(?:\s*\([^()]{{1,30}}\))?\s+(?:(?:is|was|luidt|luidde)\s+)?{_ASKED_WHAT}"
    rf"|(?:{_OPENER}\s+)?(?:heeft|hebben)\s+(?:{_ASKER})[^.?!]{{0,250}}\bverzoek\b"
    # "De leden van de VVD-fractie begrepen dat … en vroegen of …": the ask after a first verb of the askers
    rf"|{_ASKERS_SUBJECT}[^.?!]{{1,250}}?\sen\s+(?:vragen|vraagt|vroegen|vroeg)\s+{_ASKED_WHAT})"
)
# "De leden van de VVD-fractie lezen dat … Zij vragen de regering …": an ask that refers back to the members of the
# sentence before it. Only after such a sentence: "Zij" alone may be anyone (gemeenten, in an answer).
ASKERS_OPEN = re.compile(rf"^{_ITEM_LABEL}{_ASKERS_SUBJECT}")
PRONOUN_ASK = re.compile(
    rf"^(?:(?:Zij|Ze|Hij)\s+(?:(?:ook|tevens|voorts|daarnaast|nog|verder)\s+)?(?:{_ASK_VERB}|{_ASKED})"
    rf"|(?:{_OPENER}|Daarbij|Hierbij|In (?:dat|dit) verband)\s+{_ASK_VERB}\s+(?:zij|ze|hij)\b"
    # "Zij kijken uit naar het actieplan … en vragen hoe breed de strekking daarvan is."
    rf"|(?:Zij|Ze|Hij)\s+[^.?!]{{1,200}}?\sen\s+(?:vragen|vraagt|vroegen|vroeg)\s+{_ASKED_WHAT})"
)
REPORTED_HINT = re.compile(r"leden|lid|heer|mevrouw|fractie", re.I)
# "Als zorgverzekeraars dit nu al mogen doen, wat zijn dan redenen dat zij het niet doen, zo vragen zij.":
# a sentence that names its askers at its end asks as well
ASKED_AT_END = re.compile(r",\s*zo\s+(?:vragen|vraagt|vroegen|vroeg)\s+(?:zij|ze|hij|(?:deze|de|die)\s+leden\b[^.?!]*)\s*[.?]\s*$")
ASKERS_GO_ON = re.compile(
    rf"^(?:Zij|Ze|Hij|Deze leden|Die leden|De leden|(?:De )?{_SAID} leden|"
    r"(?:Daarbij|Hierbij|In dat verband|In dit verband) vragen)\b"
)


def reports_ask(sentence: str) -> bool:
    """"De leden van de SP-fractie vragen …", "De heer Depla (PvdA) verzoekt mij …": a reported question."""
    return bool(REPORTED_ASK.match(sentence.strip()))


def asks_after_askers(sentence: str) -> bool:
    """"Zij vragen de regering …": an ask that reports a question when the sentence before named the askers."""
    return bool(PRONOUN_ASK.match(sentence.strip()))


def names_askers(sentence: str) -> bool:
    """"De leden van de VVD-fractie lezen dat …": a sentence with the askers as its subject."""
    return bool(ASKERS_OPEN.match(sentence.strip()))
