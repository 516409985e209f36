"""Saved web pages → the letter's text, one line per block, for the splitter.

Users save answers from zoek.officielebekendmakingen.nl, tweedekamer.nl and
openkamer.org as .html files. The page holds the letter inside navigation,
search forms, cookie banners and footers. lxml parses the page as a browser
would (broken markup included, the charset from the page's own `<meta>`), the
page furniture is dropped by element and by the roles, ids and classes sites give
it, and the letter's block structure is kept: every heading, paragraph, list item
and table cell becomes its own line, so "Vraag 1" and its text stay apart as in
the .txt of the same letter.
"""

from __future__ import annotations

import re
from pathlib import Path

from classifier import errors

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


def html_to_text(data: bytes, path: str | Path) -> str:
    """The visible text of the page's main content, a line per block; errors name the file."""
    import lxml.html
    from lxml import etree

    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise errors.NotText("contains NUL bytes: a binary file, not a web page", path=path)
    try:
        root = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        raise errors.EmptyInput(f"holds no HTML content ({exc})", path=path) from None
    main = next((found[0] for query in _MAIN if (found := root.xpath(query))), root)
    _drop_furniture(root, main)
    lines: list[str] = []
    _collect(main, lines, [""])
    # a blank line between blocks, as between paragraphs of a .txt: the splitter never joins them
    text = "\n\n".join(line for line in (_SPACES.sub(" ", raw).strip() for raw in lines) if line)
    if not text:
        raise errors.EmptyInput("is a web page without text in its main content", path=path)
    return text + "\n"


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
