"""Read the text of a Word letter as Word shows it: paragraphs and table cells in reading order.

python-docx reads the runs directly in a paragraph or a hyperlink, and a document's paragraphs
and tables. Word also keeps text in content controls (w:sdt: ministries' templates put the whole
body in one), in tracked insertions (w:ins), simple fields and smart tags, and draws list
numbers ("1.", "Vraag 5") from numbering definitions that are no text at all. A letter whose
questions are numbered by Word lost its numbers, and one inside a content control lost its text.
All of it is read here, as with every change accepted: tracked deletions (w:del) stay out.
"""

from __future__ import annotations

import io
from typing import Any

from classifier.letters import bounds

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NOT_TEXT = {f"{_W}{tag}" for tag in ("del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr")} | {
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}  # the same text as mc:Choice
_SUFFIX = {"tab": "\t", "space": " ", "nothing": ""}
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def docx_text(data: bytes, budget: bounds.Budget) -> str:
    """The letter's lines; raises bounds.TooLarge, or whatever python-docx raises for a file that is no DOCX."""
    import docx

    bounds.check_zip(data, budget)  # before python-docx inflates every part into memory
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    _walk(document.element.body, document, _Numbering(document), budget, lines)
    return "\n".join(lines)


def _walk(container: Any, document: Any, numbering: _Numbering, budget: bounds.Budget, lines: list[str]) -> None:
    """Paragraphs, tables and content controls of a body, a cell or a control, in document order."""
    from docx.table import Table

    for child in container:
        if child.tag == f"{_W}p":
            label = numbering.label(child)
            text = _run_text(child)
            line = f"{label}{text}" if text.strip() else label.rstrip() or text
            lines.append(line)
            budget.spend_text(len(line) + 1)
        elif child.tag == f"{_W}tbl":
            # A merged cell is repeated in every row and column it spans: read it once, keyed on its w:tc
            # element. The set holds the elements themselves, which keeps each lxml proxy alive and so
            # unique; the id() of a proxy that was already freed is reused by the next cell's proxy.
            seen: set[object] = set()
            for row in Table(child, document._body).rows:
                for cell in row.cells:
                    if cell._tc not in seen:
                        seen.add(cell._tc)
                        _walk(cell._tc, document, numbering, budget, lines)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                _walk(content, document, numbering, budget, lines)
        elif child.tag == f"{_W}customXml":
            _walk(child, document, numbering, budget, lines)


def _run_text(element: Any) -> str:
    """The text of the runs in a paragraph, also those nested in insertions, controls, fields and links."""
    parts = []
    for child in element:
        if child.tag == f"{_W}r":
            parts.append(child.text or "")  # python-docx's CT_R.text: w:t, tabs and breaks, not w:delText
        elif isinstance(child.tag, str) and child.tag not in _NOT_TEXT:
            parts.append(_run_text(child))
    return "".join(parts)


class _Numbering:
    """The list labels Word draws before numbered paragraphs, counted as Word counts them.

    Lists that share an abstract numbering continue each other's count; a list instance with a
    start override starts over. A level counts from its w:start and restarts when a higher level
    is numbered. Labels in formats other than numbers, letters and roman numerals (bullets,
    ordinals spelled out) are left out, as before.
    """

    def __init__(self, document: Any) -> None:
        styles = _part_element(document, "styles")
        self.styles = {} if styles is None else {s.get(f"{_W}styleId"): s for s in styles.findall(f"{_W}style")}
        numbering = _part_element(document, "numbering")
        self.abstract = {} if numbering is None else {
            a.get(f"{_W}abstractNumId"): a for a in numbering.findall(f"{_W}abstractNum")}
        self.nums = {} if numbering is None else {n.get(f"{_W}numId"): n for n in numbering.findall(f"{_W}num")}
        self.counts: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()

    def label(self, paragraph: Any) -> str:
        """The label and what follows it ("1.\\t", "Vraag 5 "), or "" for a paragraph without one."""
        num_id, level = self._numbering_of(paragraph)
        num = self.nums.get(num_id or "")
        abstract_id = _val(num.find(f"{_W}abstractNumId")) if num is not None else None
        if num is None or abstract_id not in self.abstract:
            return ""
        counts = self.counts.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            if num.find(f"{_W}lvlOverride/{_W}startOverride") is not None:
                counts.clear()  # this list instance starts over
        levels = self._levels(abstract_id, num)
        if level not in levels:
            return ""
        counts[level] = counts[level] + 1 if level in counts else _start(levels[level])
        for deeper in [lvl for lvl in counts if lvl > level]:
            del counts[deeper]
        text = _val(levels[level].find(f"{_W}lvlText"))
        if text is None or _format(levels[level], counts[level]) is None:  # a bullet, or a format not known here
            return ""
        for n in range(9, 0, -1):
            if f"%{n}" in text:
                number = _format(levels.get(n - 1), counts.get(n - 1))
                if number is None:
                    return ""
                text = text.replace(f"%{n}", number)
        return text + _SUFFIX.get(_val(levels[level].find(f"{_W}suff")) or "tab", "\t") if text else ""

    def _numbering_of(self, paragraph: Any) -> tuple[str | None, int]:
        """numId and level: the paragraph's own, else its style's (through the styles it is based on)."""
        num_pr = paragraph.find(f"{_W}pPr/{_W}numPr")
        style_id = _val(paragraph.find(f"{_W}pPr/{_W}pStyle"))
        style_pr = self._style_num_pr(style_id)
        num_id = _val(num_pr.find(f"{_W}numId")) if num_pr is not None else None
        num_id = num_id if num_id is not None else (_val(style_pr.find(f"{_W}numId")) if style_pr is not None else None)
        level = next((_val(pr.find(f"{_W}ilvl")) for pr in (num_pr, style_pr)
                      if pr is not None and pr.find(f"{_W}ilvl") is not None), None)
        return (None if num_id == "0" else num_id), _int(level, 0)

    def _style_num_pr(self, style_id: str | None) -> Any:
        seen: set[str] = set()
        while style_id and style_id not in seen:  # basedOn may loop in a damaged file
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                return None
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                return num_pr
            style_id = _val(style.find(f"{_W}basedOn"))
        return None

    def _levels(self, abstract_id: str, num: Any) -> dict[int, Any]:
        """The abstract numbering's levels, with the list instance's overrides of start or level."""
        levels = {_int(lvl.get(f"{_W}ilvl"), 0): lvl for lvl in self.abstract[abstract_id].findall(f"{_W}lvl")}
        for override in num.findall(f"{_W}lvlOverride"):
            level = _int(override.get(f"{_W}ilvl"), 0)
            replaced = override.find(f"{_W}lvl")
            if replaced is not None:
                levels[level] = replaced
            start = override.find(f"{_W}startOverride")
            if start is not None and level in levels:
                levels[level] = _with_start(levels[level], _val(start))
        return levels


def _with_start(level: Any, start: str | None) -> Any:
    import copy

    level = copy.deepcopy(level)
    element = level.find(f"{_W}start")
    if element is None:
        element = level.makeelement(f"{_W}start", {})
        level.insert(0, element)
    element.set(f"{_W}val", start or "0")
    return level


def _start(level: Any) -> int:
    return _int(_val(level.find(f"{_W}start")), 0)  # Word counts from 0 when w:start is absent


def _format(level: Any, count: int | None) -> str | None:
    """A count in its level's number format, or None for a format that is not a number (a bullet)."""
    if level is None:
        return None
    n = count if count is not None else _start(level)
    fmt = _val(level.find(f"{_W}numFmt")) or "decimal"
    if fmt == "decimal":
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letters = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        roman = ""
        for value, digits in _ROMAN:
            times, n = divmod(n, value)
            roman += digits * times
        return roman.upper() if fmt == "upperRoman" else roman
    return None


def _part_element(document: Any, name: str) -> Any:
    """The XML of the styles or numbering part, or None: python-docx would add an empty one to the document."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        return document.part.part_related_by(RT.STYLES if name == "styles" else RT.NUMBERING).element
    except (KeyError, AttributeError):
        return None


def _val(element: Any) -> str | None:
    return None if element is None else element.get(f"{_W}val")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
