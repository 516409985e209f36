"""Saved web pages → the letter's text, one line per block, for the splitter.

Users save answers from zoek.officielebekendmakingen.nl, tweedekamer.nl and
openkamer.org as .html files. The page holds the letter inside navigation,
search forms, cookie banners and footers. lxml parses the page as a browser
would (broken markup included), the page furniture is dropped by element and by
the roles, ids and classes sites give it, and the letter's block structure is
kept: every heading, paragraph, list item and table cell becomes its own line, so
"Vraag 1" and its text stay apart as in the .txt of the same letter.

The bytes are decoded here, not by lxml: left alone, libxml2 reads a page without a
`<meta charset>` as Latin-1 ("YesilgÃ¶z", "\x80" for "€"), while pages saved by
hand are mostly UTF-8 and otherwise Windows-1252, the browsers' default. Control
characters XML does not allow (a form feed, a vertical tab) are removed or made
spaces: lxml refuses to set any text holding one, even text it parsed itself.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from classifier import errors
from classifier.letters.encoding import binary_controls, marked_codec

_DROPPED_TAGS = ("script", "style", "noscript", "template", "svg", "nav", "form", "button", "select", "iframe",
                 "object", "embed", "canvas", "head", "header", "footer", "aside", "dialog", "menu")
_DROPPED_ROLES = ("navigation", "banner", "contentinfo", "search", "menu", "menubar", "dialog", "alert")
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|skip(?:links?)?|cookie\w*|banner|footer|header|"
    r"sidebar|share|social|search\w*|zoek\w*|toolbar|pagination|paginering|feedback|print)(?:$|[\s_-])",
    re.I,
)
_MAIN = ("//main", "//*[@role='main']", "//*[@id='broodtekst']", "//*[@id='main-content']", "//*[@id='content']",
         "//article")
_BLOCKS = frozenset({"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd",
                     "tr", "td", "th", "table", "ul", "ol", "dl", "blockquote", "pre", "address", "figure",
                     "figcaption", "caption", "hr", "body", "center"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters lxml refuses in text (C0 controls other than tab and line breaks, and two noncharacters)."""
_STRAY_BYTES = re.compile("[\udc80-\udcff]+")
"""Bytes that are no UTF-8, as the "surrogateescape" error handler leaves them."""
_AS_SPACE = frozenset("\x0b\x0c")  # whitespace to a browser: a vertical tab or form feed between words
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"\s*<\?xml\b[^>]*?encoding\s*=\s*[\"']([\w.:-]+)", re.I)
_BODY = re.compile(rb"<body[\s>]", re.I)
_WESTERN = {"ascii": "cp1252", "iso8859-1": "cp1252", "cp1252": "cp1252", "iso8859-15": "iso8859-15"}
"""Declared Western charsets, as browsers read them (a page that says Latin-1 or ASCII is read as Windows-1252)."""
_NOT_WEB_PAGES = ((b"%PDF-", "a PDF document", "rename it to .pdf"),
                  (b"PK\x03\x04", "a zip archive", "a Word file is read when it is named .docx"),
                  (b"\xd0\xcf\x11\xe0", "an old Word (.doc) or other Office file", "save it as .docx in Word"),
                  (b"{\\rtf", "an RTF document", "save it as .docx in Word"),
                  (b"\x89PNG", "a PNG image", "a scan needs OCR first"),
                  (b"\xff\xd8\xff", "a JPEG image", "a scan needs OCR first"),
                  (b"GIF8", "a GIF image", "a scan needs OCR first"))
"""Files of other kinds saved under .html, by their first bytes: what they are and what to do instead."""


def html_to_text(data: bytes, path: str | Path) -> str:
    """The visible text of the page's main content, a line per block; errors name the file."""
    import lxml.html
    from lxml import etree

    page = _NOT_XML.sub(_xml_safe, _decode(data, path))
    try:  # the bytes handed over are UTF-8 whatever the page declares: it was decoded above
        root = lxml.html.document_fromstring(page.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError) as exc:
        raise errors.EmptyInput(f"holds no HTML content ({exc})", path=path) from None
    for element in root.iter():  # character references such as &#11; put the same characters back
        if element.text and _NOT_XML.search(element.text):
            element.text = _NOT_XML.sub(_xml_safe, element.text)
        if element.tail and _NOT_XML.search(element.tail):
            element.tail = _NOT_XML.sub(_xml_safe, element.tail)
    main = next((found[0] for query in _MAIN if (found := root.xpath(query))), root)
    _drop_furniture(root, main)
    lines: list[str] = []
    _collect(main, lines, [""])
    # a blank line between blocks, as between paragraphs of a .txt: the splitter never joins them
    text = "\n\n".join(line for line in (_SPACES.sub(" ", raw).strip() for raw in lines) if line)
    if not text:
        raise errors.EmptyInput("is a web page without text in its main content", path=path)
    return text + "\n"


def _decode(data: bytes, path: str | Path) -> str:
    """The page as text; a PDF, Word file or image saved under .html is named as what it is (exit 5, as for a .txt)."""
    start = data[:1024].lstrip()
    for magic, kind, hint in _NOT_WEB_PAGES:
        if start.startswith(magic):
            raise errors.NotText(f"expected a web page, found {kind} (by its first bytes)", path=path, hint=hint)
    codec = marked_codec(data)
    if codec is None and b"\x00" in data[:4096]:
        raise errors.NotText("contains NUL bytes: a binary file, not a web page", path=path)
    text = data.decode(codec, errors="replace") if codec else _decode_bytes(data)
    controls = binary_controls(text)
    if controls:
        raise errors.NotText(f"expected a web page, found a binary file: {controls:,} of its {len(text):,} "
                             "characters are control characters", path=path)
    return text


def _decode_bytes(data: bytes) -> str:
    """The charset the page declares, else UTF-8, else Windows-1252 (the browsers' default), never Latin-1.

    Bytes that are valid UTF-8 beyond ASCII are UTF-8 even under a Western `<meta>`: an editor
    re-saved the page and kept its old declaration (Windows-1252 text is almost never valid UTF-8).
    """
    declared = _declared_charset(data)
    if declared is not None and declared != "utf-8" and declared not in _WESTERN:
        return data.decode(declared, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if declared in _WESTERN:
            return data.decode(_WESTERN[declared], errors="replace")
        if re.search(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}", data):
            return _STRAY_BYTES.sub(_as_cp1252, data.decode("utf-8", errors="surrogateescape"))
        return data.decode("cp1252", errors="replace")


def _declared_charset(data: bytes) -> str | None:
    """Python's name for the charset an XML declaration or a `<meta>` in the head declares, if it knows it.

    A page in bytes cannot be UTF-16 (a UTF-16 page has a BOM or NUL bytes, found before):
    such a declaration is read as UTF-8, as browsers do.
    """
    end = _BODY.search(data)
    found = _XML_ENCODING.match(data) or _META_CHARSET.search(data, 0, end.start() if end else len(data))
    if found is None:
        return None
    try:
        name = codecs.lookup(found.group(1).decode("ascii")).name
        b"".decode(name)  # LookupError for codecs that are no text encoding ("base64", "rot13")
    except (LookupError, UnicodeDecodeError):
        return None
    return "utf-8" if name.startswith(("utf-16", "utf-32", "utf-8")) else name


def _as_cp1252(found: re.Match[str]) -> str:
    """Bytes that were no UTF-8 in a UTF-8 page: Windows-1252 text pasted into it ("€" as 0x80)."""
    return found.group().encode("utf-8", errors="surrogateescape").decode("cp1252", errors="replace")


def _xml_safe(found: re.Match[str]) -> str:
    return " " if found.group() in _AS_SPACE else ""


def _drop_furniture(root: object, main: object) -> None:
    """Remove navigation, scripts, forms and the blocks sites mark as menus, banners or footers.

    A <header> or <footer> inside the main content is the letter's own (its title,
    its signature) and stays.
    """
    inside = set(main.iter()) if main is not root else set()  # type: ignore[attr-defined]
    doomed = []
    for element in root.iter():  # type: ignore[attr-defined]
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag:  # comments and processing instructions
            doomed.append(element)
            continue
        marks = " ".join(filter(None, (element.get("id"), element.get("class"))))
        if tag.lower() in ("header", "footer") and element in inside:
            continue
        if (tag.lower() in _DROPPED_TAGS or (element.get("role") or "").lower() in _DROPPED_ROLES
                or element.get("hidden") is not None or element.get("aria-hidden") == "true"
                or (marks and _FURNITURE.search(marks) and tag.lower() not in ("main", "article", "body", "html"))):
            doomed.append(element)
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()


def _collect(element: object, lines: list[str], current: list[str]) -> None:
    """Depth-first text with a line break around every block element and at <br>."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""  # type: ignore[attr-defined]
    block = tag in _BLOCKS
    if block or tag == "br":
        _break(lines, current)
    if element.text and tag != "br":  # type: ignore[attr-defined]
        current[0] += element.text  # type: ignore[attr-defined]
    for child in element:  # type: ignore[attr-defined]
        _collect(child, lines, current)
        if child.tail:
            current[0] += child.tail
    if block:
        _break(lines, current)


def _break(lines: list[str], current: list[str]) -> None:
    if current[0].strip():
        lines.append(current[0])
    current[0] = ""
