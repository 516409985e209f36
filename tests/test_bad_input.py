"""Bad input through every command that reads files: one clear line, its own exit code, nothing half-written.

A corpus of awkward files (empty, binary, too large, other encodings, broken and scanned PDFs, a
.docx that is not Word, a letter without answers, an English letter, a broken annotation file) is
run through `evasion pairs`, `score`, `report`, `annotations check` and `evaluate --annotations`.
For every (command, input) that must fail the user sees one `error:` line naming the file and the
problem (a `hint:` line may follow), the exit code of the problem class from classifier/errors.py,
no traceback, and no output file or temporary file where `--out` pointed. Letters in cp1252 and
UTF-16 must work, and give the same pairs as the UTF-8 original.

The commands that score use the committed default model (models/evasion.skops); the checks of
altered models work on a copy of it.
"""

from __future__ import annotations

import builtins
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import matplotlib
import numpy as np
import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from classifier import errors
from classifier.cli import run
from classifier.config import PROJECT_DIR
from classifier.letters import bounds
from classifier.letters.read import read_document

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the headless backend)

SOURCES = PROJECT_DIR / "annotations" / "sources"
ANNOTATIONS = PROJECT_DIR / "annotations"
REAL_LETTER = "009_taalexperts-ind-asielprocedure"
"""A real written-questions letter with "ï" and "–": in cp1252 the dash is byte 0x96, a control
character if the file were wrongly decoded as Latin-1."""
PDF_LETTER = "003_munitietekort-leger"
DEFAULT_MODEL = PROJECT_DIR / "models" / "evasion.skops"
FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
HUGE_BYTES = 50 * 1024 * 1024

NO_ANSWERS = """\
Vragen van het lid Jansen (SP) aan de minister van Defensie over de munitievoorraden (ingezonden 3 maart 2024).

Vraag 1

Hoeveel geld is in 2024 uitgegeven aan munitie voor de landmacht?

Vraag 2

Welke voorraden zijn er op dit moment per munitiesoort, en wanneer worden die aangevuld?

Vraag 3

Deelt u de mening dat de voorraden te klein zijn om een oefenjaar door te komen?
"""

ENGLISH = """\
Written questions from Mr Smith to the Secretary of State for Defence about ammunition stocks.

Answer from the Secretary of State (received 12 March 2024).

1. How much money was spent on ammunition in 2024?

In 2024 the department spent three billion pounds on ammunition for the army and the navy.

2. What stocks are held at this moment for each type of ammunition?

For reasons of national security we do not comment on the size of the stocks in public.

3. When will the plan to replenish the stocks be published?

The plan will be published before the summer, after the talks with the industry are finished.
"""


# --- the corpus -----------------------------------------------------------------------------


def _letter_pdf(text: str, path: Path) -> Path:
    pdf = FPDF(format="A4")
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=9)
    pdf.add_page()
    for line in text.splitlines():
        pdf.multi_cell(0, 5, line.strip() or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _encrypted_pdf(text: str, path: Path) -> Path:
    plain = _letter_pdf(text, path.with_name("plain_for_encryption.pdf"))
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="geheim", owner_password="eigenaar")
    with path.open("wb") as handle:
        writer.write(handle)
    plain.unlink()
    return path


def _truncated_pdf(text: str, path: Path) -> Path:
    whole = _letter_pdf(text, path.with_name("whole_for_truncation.pdf")).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    path.with_name("whole_for_truncation.pdf").unlink()
    return path


def _scanned_pdf(path: Path) -> Path:
    """A page holding only an image: what a scanner without OCR produces."""
    png = path.with_suffix(".png")
    plt.imsave(png, np.random.default_rng(0).random((80, 60)), cmap="gray")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(png), x=10, y=10, w=150)
    pdf.output(str(path))
    png.unlink()
    return path


def _fake_docx(path: Path) -> Path:
    """A ZIP archive named .docx that holds a text file and a picture, not a Word document."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("brief.txt", "Vraag 1\nWaarom?\nAntwoord 1\nDaarom.\n")
        archive.writestr("foto.jpg", bytes(random.Random(1).randrange(256) for _ in range(512)))
    return path


def _word_file(extra: dict[str, bytes] | None = None, document_xml: Callable[[bytes], bytes] = lambda xml: xml,
               compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A real Word file from python-docx, its document.xml rewritten, with extra parts added."""
    base = docx.Document()
    base.add_paragraph("Vraag 1")
    buffer = io.BytesIO()
    base.save(buffer)
    source, out = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            archive.writestr(item.filename, document_xml(data) if item.filename == "word/document.xml" else data)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def _patch_zip(data: bytes, name: bytes, local_offset: int, value: int) -> bytes:
    """Overwrite a 4-byte field of one member in its local header and (2 bytes further on) its directory entry.

    local_offset 14 is the CRC-32, 22 the uncompressed size.
    """
    patched = bytearray(data)
    for signature, length_at, name_at, field_at in ((b"PK\x03\x04", 26, 30, local_offset),
                                                    (b"PK\x01\x02", 28, 46, local_offset + 2)):
        start = 0
        while (start := patched.find(signature, start)) >= 0:
            length = int.from_bytes(patched[start + length_at:start + length_at + 2], "little")
            if patched[start + name_at:start + name_at + length] == name:
                patched[start + field_at:start + field_at + 4] = value.to_bytes(4, "little")
            start += 4
    return bytes(patched)


def _lying_docx(path: Path) -> Path:
    """A 60 KB Word file whose document.xml inflates to 42 MB while the zip's directory says 1,000 bytes.

    zipfile stops at the declared size, so the bound saw 1,000 bytes; python-docx then inflated all
    42 MB (2 GB and 9 s for a larger one) and failed on the CRC: exit 7 instead of 10.
    """
    def pad(xml: bytes) -> bytes:
        head, tail = xml.split(b"<w:body>", 1)
        return head + b"<w:body>" + b"<w:p/>" * 7_000_000 + tail

    path.write_bytes(_patch_zip(_word_file(document_xml=pad), b"word/document.xml", 22, 1_000))
    return path


def _broken_annotations(path: Path) -> Path:
    """Three good annotation lines from the project with a broken JSON line between them (line 3)."""
    good = (ANNOTATIONS / f"{PDF_LETTER}.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    assert len(good) == 3
    broken = good[1][: len(good[1]) // 2]  # cut off mid-object, as an editor crash would leave it
    path.write_text("\n".join([good[0], good[1], broken, good[2]]) + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class Case:
    """One bad (or awkward) input and what each kind of command must make of it.

    `letter`/`annotations`: the exit code for the letter commands (pairs, score, report) and for
    the annotation commands (annotations check, evaluate); 0 means it must work.
    `problem`: words that must appear in the error line, per kind of command.
    """

    name: str
    filename: str
    letter: int
    annotations: int
    letter_problem: tuple[str, ...] = ()
    annotation_problem: tuple[str, ...] = ("not an annotation file",)


NOT_ANNOTATIONS = errors.AnnotationError.exit_code
CASES = [
    Case("empty", "leeg.txt", errors.EmptyInput.exit_code, errors.EmptyInput.exit_code, ("empty",), ("empty",)),
    Case("binary", "plaatje.txt", errors.NotText.exit_code, NOT_ANNOTATIONS, ("binary",)),
    Case("huge", "groot.txt", errors.InputTooLarge.exit_code, errors.InputTooLarge.exit_code,
         ("limit", "52,428,800"), ("limit", "52,428,800")),
    Case("cp1252", "brief_cp1252.txt", 0, NOT_ANNOTATIONS),
    Case("utf16", "brief_utf16.txt", 0, NOT_ANNOTATIONS, (), ("expected utf-8 text, found utf-16",)),
    Case("encrypted_pdf", "versleuteld.pdf", errors.BrokenDocument.exit_code, NOT_ANNOTATIONS, ("password",)),
    Case("truncated_pdf", "afgekapt.pdf", errors.BrokenDocument.exit_code, NOT_ANNOTATIONS, ("truncated",)),
    Case("scanned_pdf", "scan.pdf", errors.NoTextLayer.exit_code, NOT_ANNOTATIONS, ("text layer", "ocr")),
    Case("zip_docx", "archief.docx", errors.BrokenDocument.exit_code, NOT_ANNOTATIONS, ("not a valid docx",)),
    Case("lying_docx", "bom.docx", errors.InputTooLarge.exit_code, NOT_ANNOTATIONS,
         ("decompression bomb", "EVASION_MAX_EXPANDED_BYTES")),
    Case("pdf_html", "brief.html", errors.NotText.exit_code, NOT_ANNOTATIONS, ("expected a web page", "pdf")),
    Case("no_answers", "zonder_antwoorden.txt", errors.NoPairs.exit_code, NOT_ANNOTATIONS,
         ("question(s) without answers",)),
    Case("english", "english.txt", errors.NoPairs.exit_code, NOT_ANNOTATIONS, ("dutch",)),
    Case("broken_annotations", "kapot.jsonl", errors.UnsupportedFormat.exit_code, NOT_ANNOTATIONS,
         ("'.jsonl'", ".txt, .pdf, .docx"), ("broken json",)),
]
CASE_BY_NAME = {case.name: case for case in CASES}


@pytest.fixture(scope="session")
def huge_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """50 MB of plausible letter text, written once per session."""
    path = tmp_path_factory.mktemp("huge") / "groot.txt"
    block = ("Vraag 1\nHoeveel geld is in 2024 uitgegeven aan munitie?\n\nAntwoord 1\nIn 2024 is € 3 miljard "
             "uitgegeven.\n\n" * 200).encode("utf-8")
    with path.open("wb") as handle:
        for _ in range(HUGE_BYTES // len(block) + 1):
            handle.write(block)
        handle.truncate(HUGE_BYTES)
    assert path.stat().st_size == HUGE_BYTES
    return path


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory, huge_file: Path) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad_input")
    letter = (SOURCES / f"{REAL_LETTER}.txt").read_text(encoding="utf-8")
    pdf_text = (ANNOTATIONS / "sources" / f"{PDF_LETTER}.txt").read_text(encoding="utf-8")
    files = {
        "empty": folder / "leeg.txt",
        "binary": folder / "plaatje.txt",
        "cp1252": folder / "brief_cp1252.txt",
        "utf16": folder / "brief_utf16.txt",
        "no_answers": folder / "zonder_antwoorden.txt",
        "english": folder / "english.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(0).randbytes(4096))
    files["cp1252"].write_bytes(letter.encode("cp1252"))
    files["utf16"].write_bytes(letter.encode("utf-16"))  # with BOM
    files["no_answers"].write_text(NO_ANSWERS, encoding="utf-8")
    files["english"].write_text(ENGLISH, encoding="utf-8")
    files["encrypted_pdf"] = _encrypted_pdf(pdf_text, folder / "versleuteld.pdf")
    files["truncated_pdf"] = _truncated_pdf(pdf_text, folder / "afgekapt.pdf")
    files["scanned_pdf"] = _scanned_pdf(folder / "scan.pdf")
    files["zip_docx"] = _fake_docx(folder / "archief.docx")
    files["lying_docx"] = _lying_docx(folder / "bom.docx")
    files["pdf_html"] = _letter_pdf(pdf_text, folder / "brief.html")  # a PDF saved under .html
    files["broken_annotations"] = _broken_annotations(folder / "kapot.jsonl")
    files["huge"] = huge_file
    assert files["utf16"].read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert b"\x96" in files["cp1252"].read_bytes()  # the en dash, as cp1252 writes it
    assert {case.name: files[case.name].name for case in CASES} == {case.name: case.filename for case in CASES}
    return files


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The committed default model (models/evasion.skops), the one a user's `evasion score` loads."""
    if not DEFAULT_MODEL.is_file():
        pytest.fail(f"{DEFAULT_MODEL} is missing: it is committed with its card (rebuild it with `evasion train`)")
    return DEFAULT_MODEL


@pytest.fixture
def model_env(trained_model: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`evasion report` has no --model: it loads the settings' model, which must be the default one here."""
    monkeypatch.delenv("EVASION_MODEL", raising=False)
    return trained_model


# --- the commands ---------------------------------------------------------------------------

Argv = Callable[[Path, Path, Path], list[str]]
LETTER_COMMANDS: dict[str, Argv] = {
    "pairs": lambda file, out, model: ["pairs", str(file), "--format", "jsonl", "--out", str(out)],
    "score": lambda file, out, model: ["score", str(file), "--format", "json", "--out", str(out),
                                       "--model", str(model)],
    "report": lambda file, out, model: ["report", str(file), "--format", "csv", "--out", str(out)],
}
ANNOTATION_COMMANDS: dict[str, Argv] = {
    "annotations check": lambda file, out, model: ["annotations", "check", str(file)],
    "evaluate": lambda file, out, model: ["evaluate", "--annotations", str(file), "--model", str(model)],
}
COMMANDS = {**LETTER_COMMANDS, **ANNOTATION_COMMANDS}


def _expected(case: Case, command: str) -> tuple[int, tuple[str, ...]]:
    if command in LETTER_COMMANDS:
        return case.letter, case.letter_problem
    return case.annotations, case.annotation_problem


def assert_one_error_line(err: str, path: Path, problem: tuple[str, ...]) -> str:
    """stderr is one `error:` line naming the file and the problem, optionally one `hint:` line."""
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, "nothing on stderr"
    assert lines[0].startswith("error: "), err
    assert str(path) in lines[0], f"the error does not name {path}: {lines[0]}"
    assert [line for line in lines[1:] if not line.startswith("hint: ")] == [], f"more than one line: {err}"
    assert len(lines) <= 2, err
    message = lines[0].lower()
    assert any(word.lower() in message for word in problem), f"expected one of {problem} in: {lines[0]}"
    return lines[0]


def assert_nothing_written(out: Path) -> None:
    assert not out.exists(), f"{out} was written although the command failed"
    assert sorted(p.name for p in out.parent.iterdir()) == [], "temporary files left behind"


@pytest.fixture
def guard_huge(huge_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail loudly if anything opens the 50 MB file: it must be refused from its size alone."""
    target = os.path.realpath(huge_file)

    def is_huge(path: object) -> bool:
        return isinstance(path, (str, os.PathLike)) and os.path.realpath(path) == target

    def refuse(name: str, original: Callable) -> Callable:
        def guarded(self_or_path: object, *args: object, **kwargs: object) -> object:
            if is_huge(self_or_path):
                raise AssertionError(f"{name}() opened the 50 MB file instead of refusing it from its size")
            return original(self_or_path, *args, **kwargs)

        return guarded

    for name in ("read_bytes", "read_text", "open"):
        monkeypatch.setattr(Path, name, refuse(f"Path.{name}", getattr(Path, name)))
    monkeypatch.setattr(builtins, "open", refuse("open", builtins.open))


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", [c for c in CASES], ids=[c.name for c in CASES])
def test_every_command_handles_every_bad_input(
    case: Case, command: str, corpus: dict[str, Path], model_env: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest,
) -> None:
    if case.name == "huge":
        request.getfixturevalue("guard_huge")
    path = corpus[case.name]
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "result.out"
    code, problem = _expected(case, command)

    got = run(COMMANDS[command](path, out, model_env))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err

    if code == 0:
        assert got == 0, captured.err
        # only `report --out` says on stderr what it wrote; nothing else may appear there
        assert all(line.startswith("wrote ") for line in captured.err.splitlines()), captured.err
        if command in LETTER_COMMANDS:
            assert out.is_file() and out.stat().st_size > 0
            assert sorted(p.name for p in out_dir.iterdir()) == [out.name], "temporary files left behind"
        return

    assert got == code, f"expected exit {code}, got {got}; stderr: {captured.err}"
    if command == "annotations check" and code == errors.AnnotationError.exit_code:
        # a linter's report on stderr: each problem as `file:line: message`, then a one-line summary;
        # a file that is not JSONL at all is one problem, not one per line
        problems, summary = captured.err.splitlines()[:-1], captured.err.splitlines()[-1]
        assert captured.out == "", captured.out
        assert len(problems) == 1 and problems[0].startswith(f"{path}:"), captured.err
        assert any(word in problems[0].lower() for word in problem), captured.err
        assert re.search(r"\b1 problem in 1 file$", summary), captured.err
        return
    assert_one_error_line(captured.err, path, problem)
    if command in LETTER_COMMANDS:
        assert_nothing_written(out)


def test_the_broken_annotation_line_is_named_with_its_number(
    corpus: dict[str, Path], trained_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus["broken_annotations"]
    assert run(["annotations", "check", str(path)]) == errors.AnnotationError.exit_code
    problems = capsys.readouterr().err.splitlines()[:-1]  # the last line is the summary
    assert len(problems) == 1 and problems[0].startswith(f"{path}:3: broken JSON"), problems
    assert run(["evaluate", "--annotations", str(path), "--model", str(trained_model)]) == NOT_ANNOTATIONS
    assert capsys.readouterr().err.startswith(f"error: {path}:3: broken JSON")


# --- letters in other encodings work, and split like the original ----------------------------


def _pairs(path: Path, tmp_path: Path) -> list[tuple[str, str, str]]:
    out = tmp_path / f"{path.stem}.jsonl"
    assert run(["pairs", str(path), "--format", "jsonl", "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return [(r["question_id"], r["question"], r["answer"]) for r in records]


@pytest.mark.parametrize("name", ["cp1252", "utf16"])
def test_other_encodings_split_exactly_like_the_utf8_letter(
    name: str, corpus: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = _pairs(SOURCES / f"{REAL_LETTER}.txt", tmp_path)
    decoded = _pairs(corpus[name], tmp_path)
    assert len(original) >= 2
    assert decoded == original
    text = " ".join(q + " " + a for _, q, a in decoded)
    assert "linguïst" in text


@pytest.mark.parametrize("name", ["cp1252", "utf16"])
def test_other_encodings_score_and_report(
    name: str, corpus: dict[str, Path], model_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scores = tmp_path / "scores.json"
    assert run(["score", str(corpus[name]), "--format", "json", "--out", str(scores), "--model", str(model_env)]) == 0
    data = json.loads(scores.read_text(encoding="utf-8"))
    assert [p["question_id"] for p in data["pairs"]] == [q for q, _, _ in _pairs(SOURCES / f"{REAL_LETTER}.txt",
                                                                                tmp_path)]
    report = tmp_path / "report.csv"
    assert run(["report", str(corpus[name]), "--format", "csv", "--out", str(report)]) == 0
    assert report.read_text(encoding="utf-8").count("\n") >= 2  # a header and at least one group


# --- the real entry point: no traceback reaches the user --------------------------------------


def _evasion() -> list[str]:
    script = Path(sys.executable).with_name("evasion")
    if script.is_file():
        return [str(script)]
    found = shutil.which("evasion")
    if found is None:
        pytest.fail("the `evasion` entry point is not installed (pip install -e .)")
    return [found]


@pytest.mark.parametrize(
    ("case", "argv"),
    [
        ("binary", lambda file, model: ["pairs", str(file)]),
        ("encrypted_pdf", lambda file, model: ["score", str(file), "--model", str(model)]),
        ("broken_annotations", lambda file, model: ["evaluate", "--annotations", str(file), "--model", str(model)]),
    ],
    ids=["pairs-binary", "score-encrypted-pdf", "evaluate-broken-annotations"],
)
def test_the_installed_command_prints_one_line_and_no_traceback(
    case: str, argv: Callable[[Path, Path], list[str]], corpus: dict[str, Path], trained_model: Path
) -> None:
    path = corpus[case]
    env = {name: value for name, value in os.environ.items() if name != "EVASION_MODEL"}
    done = subprocess.run([*_evasion(), *argv(path, trained_model)], capture_output=True, text=True, timeout=120,
                          env=env)
    kind = "annotations" if case == "broken_annotations" else "letter"
    expected = getattr(CASE_BY_NAME[case], kind)
    assert done.returncode == expected, done.stderr
    assert done.stdout == ""
    problem = CASE_BY_NAME[case].annotation_problem if kind == "annotations" else CASE_BY_NAME[case].letter_problem
    assert_one_error_line(done.stderr, path, problem)


# --- model files: altered refused, other library versions warned about ------------------------


@pytest.fixture
def model_copy(trained_model: Path, tmp_path: Path) -> Path:
    from classifier.model.modelfile import card_paths

    folder = tmp_path / "model"
    folder.mkdir()
    target = folder / trained_model.name
    for source in (trained_model, *card_paths(trained_model)):
        shutil.copy(source, folder / source.name)
    return target


def test_an_altered_model_file_is_refused_with_one_line(
    model_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with model_copy.open("ab") as handle:
        handle.write(b"\0")
    letter = SOURCES / f"{REAL_LETTER}.txt"
    assert run(["score", str(letter), "--model", str(model_copy)]) == errors.ModelError.exit_code
    captured = capsys.readouterr()
    assert captured.out == ""
    assert_one_error_line(captured.err, model_copy, ("differs from its card",))


def test_a_model_without_its_card_is_refused(model_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from classifier.model.modelfile import card_paths

    card_paths(model_copy)[0].unlink()
    letter = SOURCES / f"{REAL_LETTER}.txt"
    assert run(["score", str(letter), "--model", str(model_copy)]) == errors.ModelError.exit_code
    assert_one_error_line(capsys.readouterr().err, model_copy, ("card",))


def test_a_model_from_other_library_versions_works_with_a_warning_naming_them(
    model_copy: Path, tmp_path: Path
) -> None:
    from classifier.model.modelfile import card_paths

    card_file = card_paths(model_copy)[0]
    card = json.loads(card_file.read_text(encoding="utf-8"))
    card["versions"]["scikit-learn"] = "0.0.1"
    card["versions"]["spacy"] = "2.0.0"
    card_file.write_text(json.dumps(card), encoding="utf-8")
    out = tmp_path / "scores.json"
    letter = SOURCES / f"{REAL_LETTER}.txt"
    done = subprocess.run([*_evasion(), "score", str(letter), "--model", str(model_copy), "--format", "json",
                           "--out", str(out)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()  # the one warning, then what was written where
    assert len(lines) == 2 and lines[0].startswith(f"warning: {model_copy}: "), done.stderr
    assert "scikit-learn 0.0.1" in lines[0] and "spacy 2.0.0" in lines[0], done.stderr
    assert lines[1].startswith("wrote json scores of 1 letter") and lines[1].endswith(f"to {out}"), done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["pairs"]


# --- files that cannot be read, and files that are no regular files ---------------------------


def _deny_reading(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading `path` fails as a file with mode 000 does for a normal user (root may read it, so chmod cannot
    stand in for it when the tests run as root)."""
    target = os.path.realpath(path)

    def denied(candidate: object) -> bool:
        return isinstance(candidate, (str, os.PathLike)) and os.path.realpath(candidate) == target

    def guard(original: Callable) -> Callable:
        def guarded(self_or_path: object, *args: object, **kwargs: object) -> object:
            if denied(self_or_path):
                raise PermissionError(13, "Permission denied", str(self_or_path))
            return original(self_or_path, *args, **kwargs)

        return guarded

    for name in ("read_bytes", "read_text", "open"):
        monkeypatch.setattr(Path, name, guard(getattr(Path, name)))
    monkeypatch.setattr(builtins, "open", guard(builtins.open))


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_file_that_cannot_be_read_is_exit_3_for_every_command(
    command: str, model_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "dicht.txt"
    shutil.copy(SOURCES / f"{REAL_LETTER}.txt", path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    _deny_reading(path, monkeypatch)
    assert run(COMMANDS[command](path, out_dir / "result.out", model_env)) == errors.InputNotFound.exit_code
    assert_one_error_line(capsys.readouterr().err, path, ("cannot be read: permission denied",))
    assert_nothing_written(out_dir / "result.out")


@pytest.fixture(params=["fifo", "symlink-to-dev-zero"])
def not_a_regular_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A named pipe (opening it would wait for a writer) or a .txt symlink to /dev/zero (reading never ends)."""
    path = tmp_path / "speciaal.txt"
    if request.param == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes on this system")
        os.mkfifo(path)
    else:
        if not os.path.exists("/dev/zero"):
            pytest.skip("no /dev/zero on this system")
        path.symlink_to("/dev/zero")
    return path


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_fifo_or_device_is_not_a_file_for_every_command(
    command: str, not_a_regular_file: Path, model_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """They were "empty (0 bytes)", exit 4: their size is 0, but they are no files at all."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    got = run(COMMANDS[command](not_a_regular_file, out_dir / "result.out", model_env))
    assert got == errors.InputNotFound.exit_code, capsys.readouterr().err
    assert_one_error_line(capsys.readouterr().err, not_a_regular_file, ("not a regular file",))
    assert_nothing_written(out_dir / "result.out")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_splits_like_the_utf8_letter(
    codec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README promises UTF-16; without its BOM the NUL bytes made it "binary", exit 5."""
    letter = (SOURCES / f"{REAL_LETTER}.txt").read_text(encoding="utf-8")
    path = tmp_path / f"brief_{codec}.txt"
    path.write_bytes(letter.encode(codec))
    assert path.read_bytes()[:2] not in (b"\xff\xfe", b"\xfe\xff")
    assert _pairs(path, tmp_path) == _pairs(SOURCES / f"{REAL_LETTER}.txt", tmp_path)


def test_a_docx_part_that_cannot_be_inflated_is_a_broken_document_not_skipped() -> None:
    """The bound's `except Exception: continue` passed over a bad CRC or damaged deflate data."""
    budget = bounds.Budget(max_bytes=10_000_000, max_chars=100_000, max_pages=10)
    picture = _word_file({"word/media/image1.png": b"\x89PNG" + bytes(range(256)) * 20})
    bounds.check_zip(picture, budget)
    bad_crc = _patch_zip(picture, b"word/media/image1.png", 14, zlib.crc32(b"iets anders"))
    with pytest.raises(zipfile.BadZipFile, match=r"part 'word/media/image1.png' cannot be inflated: Bad CRC-32"):
        bounds.check_zip(bad_crc, budget)
    with pytest.raises(zipfile.BadZipFile, match=r"expected parts stored or deflated.*method 12"):
        bounds.check_zip(_word_file(compression=zipfile.ZIP_BZIP2), budget)


def test_a_broken_part_python_docx_would_never_read_still_fails_with_exit_7(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "brief.docx"
    picture = _word_file({"word/media/image1.png": b"\x89PNG" + bytes(range(256)) * 20})
    path.write_bytes(_patch_zip(picture, b"word/media/image1.png", 14, 0))
    with pytest.raises(errors.BrokenDocument, match="not a valid DOCX file: BadZipFile: part 'word/media/image1.png'"):
        read_document(path)


def test_a_docx_part_that_declares_fewer_bytes_than_it_holds_is_broken(tmp_path: Path) -> None:
    path = tmp_path / "brief.docx"
    path.write_bytes(_patch_zip(_word_file(), b"word/document.xml", 22, 100))
    with pytest.raises(errors.BrokenDocument, match="to expand to the 100 bytes its directory declares, found"):
        read_document(path)


def test_a_docx_that_understates_its_sizes_is_a_bomb_to_the_library_too(tmp_path: Path) -> None:
    # Counted as it inflates, not by what its directory declares (speed: benchmarks, not this test).
    with pytest.raises(errors.InputTooLarge, match="found more; a decompression bomb"):
        read_document(_lying_docx(tmp_path / "bom.docx"))
