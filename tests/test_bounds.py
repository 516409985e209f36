"""Decompression bombs: a small PDF or DOCX that expands past its bounds is refused quickly, with one line.

The PDFs are written by hand (a few objects, a hand-made xref), because the point is what no
PDF library would write: streams that inflate a thousandfold, twice over, pages that all
draw one stream, forms that draw each other. The bounds are lowered through the settings,
so no test inflates more than a few megabytes; one test keeps the default bound, to show it
holds for a file of a few kilobytes that would inflate to 40 MB.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import docx
import pytest

from classifier import errors
from classifier.cli import run
from classifier.letters import bounds
from classifier.letters.read import read_document

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
LINE = b"Vraag 1 Hoeveel kost het? "


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", filters: int = 1) -> bytes:
    for _ in range(filters):
        data = zlib.compress(data, 9)
    names = b" ".join([b"/FlateDecode"] * filters)
    return b"<< /Length %d /Filter [%s]%s >>\nstream\n" % (len(data), names, extra) + data + b"\nendstream"


def _text(chars: int) -> bytes:
    return b"BT /F1 8 Tf 10 700 Td (" + LINE * (chars // len(LINE) + 1) + b") Tj ET"


def _page(contents: int, xobjects: bytes = b"") -> bytes:
    return (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >>%s >> "
            b"/Contents %d 0 R >>" % (xobjects, contents))


def one_page_pdf(content: bytes, filters: int = 1) -> bytes:
    """Objects: 1 catalog, 2 pages, 3 the page, 4 a font, 5 the content stream."""
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", _page(5),
                 FONT, _stream(content, filters=filters)])


def shared_pages_pdf(pages: int, content: bytes) -> bytes:
    """`pages` pages that all draw the one content stream 5 (it is stored, and inflated, once)."""
    kids = b" ".join(b"%d 0 R" % (6 + i) for i in range(pages))
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
                 b"<< >>", FONT, _stream(content)] + [_page(5)] * pages)


def nested_forms_pdf(depth: int, fan: int, leaf: bytes) -> bytes:
    """The page draws form 6; each form draws the next one `fan` times; the last one draws `leaf`."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               _page(5, b" /XObject << /X 6 0 R >>"), FONT, _stream(b"/X Do")]
    for level in range(depth):
        last = level == depth - 1
        body = leaf if last else b"/X Do " * fan
        resources = b"" if last else b" /XObject << /X %d 0 R >>" % (7 + level)
        objects.append(_stream(body, b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                                     b"/Resources << /Font << /F1 4 0 R >>%s >>" % resources))
    return _pdf(objects)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _refused(path: Path, *words: str) -> str:
    with pytest.raises(errors.InputTooLarge) as caught:
        read_document(path)
    message = str(caught.value)
    assert caught.value.exit_code == 10 and "\n" not in message
    assert message.startswith(f"{path}: ") and "too large to read" in message
    assert all(word in message for word in words), message
    return message


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("EVASION_MAX_EXPANDED_BYTES", str(1_000_000))
    monkeypatch.setenv("EVASION_MAX_TEXT_CHARS", str(20_000))
    monkeypatch.setenv("EVASION_MAX_PAGES", "20")
    return monkeypatch


# --- PDF ------------------------------------------------------------------------------------------

def test_a_few_kilobytes_inflating_past_the_default_bound_are_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "bom.pdf", one_page_pdf(b" " * 40_000_000))
    assert path.stat().st_size < 60_000
    _refused(path, "33,554,432 bytes", "EVASION_MAX_EXPANDED_BYTES", "decompression bomb")


def test_a_stream_inflated_twice_is_counted_at_every_layer(tmp_path: Path, limits: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "dubbel.pdf", one_page_pdf(b" " * 3_000_000, filters=2))
    assert path.stat().st_size < 5_000
    _refused(path, "1,000,000 bytes", "EVASION_MAX_EXPANDED_BYTES")


def test_pages_that_all_draw_one_stream_count_its_characters_every_time(
    tmp_path: Path, limits: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, "pagina's.pdf", shared_pages_pdf(15, _text(2_000)))
    _refused(path, "20,000 characters", "EVASION_MAX_TEXT_CHARS")


def test_too_many_pages(tmp_path: Path, limits: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "dik.pdf", shared_pages_pdf(21, b"q Q"))
    _refused(path, "20 pages", "EVASION_MAX_PAGES")


def test_one_page_drawing_more_characters_than_any_page_holds(tmp_path: Path) -> None:
    path = _write(tmp_path, "vol.pdf", one_page_pdf(_text(bounds.PAGE_CHARS + 1_000)))
    _refused(path, f"{bounds.PAGE_CHARS:,} characters on a page", "page 1")


def test_forms_drawing_each_other_count_every_drawing(tmp_path: Path, limits: pytest.MonkeyPatch) -> None:
    with_text = _write(tmp_path, "vormen.pdf", nested_forms_pdf(4, 10, _text(100)))  # 1,000 × 100 characters
    _refused(with_text, "EVASION_MAX_TEXT_CHARS")
    empty = _write(tmp_path, "leeg.pdf", nested_forms_pdf(6, 10, b"q Q"))  # 100,000 drawings of nothing
    _refused(empty, "draw at most 1,000,000 bytes", "a form counts each time")


def test_a_huge_string_token_and_a_pile_of_operands_are_refused_before_they_are_parsed(tmp_path: Path) -> None:
    """pdfminer copies a token at each step: a string of nested parentheses takes the square of its length."""
    nested = _write(tmp_path, "haakjes.pdf", one_page_pdf(b"BT /F1 8 Tf (" + b"a()" * 200_000 + b") Tj ET"))
    _refused(nested, f"at most {bounds.TOKEN_BYTES:,} bytes")
    operands = _write(tmp_path, "stapel.pdf", one_page_pdf(b"1 " * 5_000 + b"1 w " * 10_000))
    _refused(operands, f"at most {bounds.MAX_OPERANDS:,} operands")


def test_the_cli_refuses_a_pdf_bomb_with_one_line_and_exit_10(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "bom.pdf", one_page_pdf(b" " * 40_000_000))
    assert run(["pairs", str(path)]) == errors.InputTooLarge.exit_code
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert captured.err.splitlines() == [captured.err.strip()] and captured.err.startswith(f"error: {path}: ")


def test_a_pdf_within_the_bounds_reads_and_decoding_outside_a_read_is_unbounded(
    tmp_path: Path, limits: pytest.MonkeyPatch
) -> None:
    from pdfminer import pdftypes

    path = _write(tmp_path, "brief.pdf", shared_pages_pdf(3, _text(500)))
    doc = read_document(path)
    assert doc.raw.count("Vraag 1 Hoeveel kost het?") >= 3 * 18
    big = zlib.compress(b" " * 2_000_000)  # over the lowered bound, but no document is being read
    assert len(pdftypes.zlib.decompress(big)) == 2_000_000


def test_a_damaged_stream_still_decodes_as_far_as_it_goes(tmp_path: Path) -> None:
    """pdfminer's fallback for a stream cut short must keep working under the bounded decoder."""
    whole = zlib.compress(_text(300), 9)
    cut = whole[:-6]
    body = (b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(cut)) + cut + b"\nendstream"
    path = _write(tmp_path, "beschadigd.pdf", _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                                     b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", _page(5), FONT,
                                                     body]))
    assert "Vraag 1 Hoeveel" in read_document(path).raw


# --- DOCX -----------------------------------------------------------------------------------------

def _docx_with_paragraphs(path: Path, count: int) -> Path:
    """A Word file whose document.xml repeats one paragraph `count` times: it compresses a thousandfold."""
    base = docx.Document()
    base.add_paragraph("Vraag 1")
    buffer = io.BytesIO()
    base.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    paragraph = b"<w:p><w:r><w:t>Vraag 1 Hoeveel kost het?</w:t></w:r></w:p>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>", 1)
                data = head + b"<w:body>" + paragraph * count + tail
            out.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return path


def test_a_docx_whose_parts_inflate_past_the_bound_is_refused_before_it_is_parsed(
    tmp_path: Path, limits: pytest.MonkeyPatch
) -> None:
    path = _docx_with_paragraphs(tmp_path / "bom.docx", 40_000)  # 2.3 MB of XML
    assert path.stat().st_size < 50_000
    _refused(path, "1,000,000 bytes", "declared", "EVASION_MAX_EXPANDED_BYTES")


def test_a_docx_with_more_text_than_the_bound_is_refused(tmp_path: Path, limits: pytest.MonkeyPatch) -> None:
    path = _docx_with_paragraphs(tmp_path / "lang.docx", 1_000)  # 26,000 characters, 58 KB of XML
    _refused(path, "20,000 characters", "EVASION_MAX_TEXT_CHARS")
    limits.setenv("EVASION_MAX_TEXT_CHARS", "30000")
    assert read_document(path).raw.count("Vraag 1 Hoeveel kost het?") == 1_000


def test_zip_members_are_counted_by_what_they_declare_and_by_what_comes_out() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(3):
            archive.writestr(f"deel{n}.xml", b" " * 400_000)
    data = buffer.getvalue()
    with pytest.raises(bounds.TooLarge, match="found 1,200,000 declared"):
        bounds.check_zip(data, bounds.Budget(max_bytes=1_000_000, max_chars=10, max_pages=1))
    # the declared sizes fit, but with what was inflated before, what comes out does not
    with pytest.raises(bounds.TooLarge, match="expected its parts to expand to at most 1,300,000 bytes"):
        bounds.check_zip(data, bounds.Budget(max_bytes=1_300_000, max_chars=10, max_pages=1, decoded=200_000))
    budget = bounds.Budget(max_bytes=1_300_000, max_chars=10, max_pages=1)
    bounds.check_zip(data, budget)
    assert budget.decoded == 1_200_000
