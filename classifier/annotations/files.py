"""Annotation files: load, check, summarise, and convert to and from annotation tools.

Annotations are JSON Lines, one file per letter, one object per pair, with the
fields ANNOTATION_GUIDE.md lists. Training and evaluation read them through
`load_annotations`, which refuses a file with any problem, because a model trained
on a mislabelled or duplicated pair is wrong without saying so. `check_annotations`
runs the same checks but reports every problem at once, so an annotator can fix a
file in one go.

Label Studio and Prodigy are supported as round trips: export → edit in the tool →
import gives our JSONL back, with every field (also ones we do not know) kept,
because annotators' extra notes must never be lost on the way through a tool.
"""

from __future__ import annotations

import csv
import io
import json
import re
import stat
import sys
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from rich.table import Table

from classifier import errors
from classifier.config import LABELS, get_settings
from classifier.letters.referrals import referral_matches
from classifier.types import Annotation

REQUIRED_FIELDS: tuple[str, ...] = (
    "id",
    "letter_id",
    "question_id",
    "question",
    "answer",
    "label",
    "rationale",
    "annotator",
)
"""Fields without which a line is not an annotation (ANNOTATION_GUIDE.md)."""


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    """1-based line number; 0 when the problem is about the file as a whole."""
    message: str
    warning: bool = False
    """A warning does not stop training or evaluation: a referral to a pair that is not in the file."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {'warning: ' if self.warning else ''}{self.message}"


@dataclass(frozen=True)
class _Record:
    """A parsed line, kept with where it came from so later checks can point at it."""

    file: str
    line: int
    data: dict[str, Any]
    annotation: Annotation | None
    """None when the line failed a schema check; it still takes part in the id checks."""


# ---------------------------------------------------------------- reading


def annotation_files(path: str | Path) -> list[Path]:
    """The *.jsonl files at `path` (a file, or a directory's top level), sorted by name.

    Only the top level of a directory: annotations/sources/ holds the letters, not labels.
    """
    target = Path(path)
    try:
        mode = target.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise errors.InputNotFound("no such annotation file or directory", path=target) from None
    except OSError as exc:
        raise errors.InputNotFound(f"cannot be read: {exc.strerror or exc}", path=target) from None
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # a FIFO would block, /dev/zero never ends
        raise errors.InputNotFound("is not a regular file or a directory; expected annotation files (JSONL)",
                                   path=target)
    if target.is_file():
        if target.stat().st_size == 0:  # in a directory an empty file is one just started, and is skipped
            raise errors.EmptyInput("is empty (0 bytes); expected annotation lines (JSONL)", path=target)
        files = [target]
    else:
        files = sorted(p for p in target.glob("*.jsonl") if p.is_file())
    if not files:  # like `evasion score` on a folder without letters: the files asked for are not there
        raise errors.InputNotFound("is a directory without annotation files; expected *.jsonl files in it, found none",
                                   path=target, hint="give a *.jsonl file, or a folder that holds them")
    limit = get_settings().max_input_bytes
    for file in files:  # from the size alone, before a line of it is read
        if (size := file.stat().st_size) > limit:
            raise errors.InputTooLarge(
                f"is {size:,} bytes, over the limit of {limit:,} (EVASION_MAX_INPUT_BYTES)", path=file)
    return files


NOT_UTF8 = "expected UTF-8 text, found bytes that do not decode"
NOT_UTF8_FILE = "expected UTF-8 text, found UTF-16 (its byte-order mark opens the file); save it as UTF-8"
_JSON_TYPES = {bool: "true or false", dict: "an object", list: "an array", str: "a string", (int, float): "a number"}


def json_type(value: Any) -> str:
    """What a parsed JSON value is, in JSON's words ("an array", not Python's "list")."""
    return "null" if value is None else next((name for kind, name in _JSON_TYPES.items() if isinstance(value, kind)),
                                             type(value).__name__)


class BrokenJSON(ValueError):
    """A line that does not parse, with the one-line message an annotator sees."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def loads_json(text: str) -> Any:
    """json.loads, with every way a text can fail to parse as one BrokenJSON.

    Besides malformed JSON, Python's parser refuses arrays or objects nested deeper than its
    recursion limit (RecursionError) and integers of more than sys.get_int_max_str_digits()
    digits (a plain ValueError); both reached users as tracebacks.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BrokenJSON(f"broken JSON: {exc.msg} at column {exc.colno}", exc.lineno) from None
    except RecursionError:
        raise BrokenJSON("broken JSON: arrays or objects nested too deeply to read") from None
    except ValueError as exc:
        if "digits" in str(exc):
            raise BrokenJSON(f"broken JSON: a number with more than {sys.get_int_max_str_digits():,} digits, "
                              "too long to read") from None
        raise BrokenJSON(f"broken JSON: {' '.join(str(exc).split())[:200]}") from None


def _read_lines(file: Path) -> Iterator[tuple[int, str | None]]:
    """Non-blank lines with their numbers; None for a line that is not UTF-8, so the rest is still read."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise errors.InputNotFound(f"cannot be read: {exc.strerror or exc}", path=file) from None
    if data.startswith(b"\xef\xbb\xbf"):  # the byte-order mark a Windows editor puts before the first line
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 (Notepad's "Unicode", PowerShell 5's `>`)
        yield 0, None
        return
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8").rstrip("\r")
        except UnicodeDecodeError:
            yield number, None
            continue
        if line.strip():
            yield number, line


def line_problems(data: Any) -> tuple[list[str], Annotation | None]:
    """Schema problems of one parsed line, in the order an annotator would fix them."""
    if not isinstance(data, dict):
        return [f"expected a JSON object, found {json_type(data)}"], None
    found: list[str] = []
    missing = [name for name in REQUIRED_FIELDS if name not in data]
    if missing:
        found.append(f"missing {'field' if len(missing) == 1 else 'fields'}: {', '.join(missing)}")
    label = data.get("label")
    if "label" in data and label not in LABELS:
        found.append(f"unknown label {label!r}; expected one of {', '.join(LABELS)}")
    rationale = data.get("rationale")
    if "rationale" in data and (not isinstance(rationale, str) or not rationale.strip()):
        found.append("empty rationale: say what was asked and what was given")
    for name in ("letter_id", "question_id", "annotator"):
        value = data.get(name)
        if name in data and (not isinstance(value, str) or not value.strip()):
            found.append(f"{name} must be a non-empty string, found {value!r}")
    answer = data.get("answer")
    cues = data.get("cues", [])
    if not isinstance(cues, list) or not all(isinstance(c, str) for c in cues):
        found.append(f"cues must be a list of strings, found {cues!r}")
    elif isinstance(answer, str):
        for cue in cues:
            if not cue or cue not in answer:
                found.append(f"cue {cue!r} is not a verbatim substring of the answer")
    referral = data.get("referral_to", [])
    if not isinstance(referral, list) or not all(isinstance(r, str) and r for r in referral):
        found.append(f"referral_to must be a list of question ids (strings), found {referral!r}")
    if isinstance(data.get("letter_id"), str) and isinstance(data.get("question_id"), str):
        expected = f"{data['letter_id']}#{data['question_id']}"
        ident = data.get("id")
        # The guide allows a ".n" on the id for a split sub-answer whose question_id is the whole number.
        if ident != expected and not (isinstance(ident, str) and re.fullmatch(re.escape(expected) + r"\.\d+", ident)):
            found.append(f"id {ident!r} should be '<letter_id>#<question_id>' = {expected!r}")
    if found:
        return found, None
    try:
        return [], Annotation.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return [f"{where}: {first['msg']}"], None


def _parse(files: Iterable[Path]) -> tuple[list[_Record], list[Problem]]:
    records: list[_Record] = []
    problems: list[Problem] = []
    for file in files:
        name = str(file)
        found_here: list[Problem] = []
        objects = 0
        for number, line in _read_lines(file):
            if line is None:
                found_here.append(Problem(name, number, NOT_UTF8_FILE if number == 0 else NOT_UTF8))
                continue
            try:
                data = loads_json(line)
                found, annotation = line_problems(data)
            except BrokenJSON as exc:
                found_here.append(Problem(name, number, str(exc)))
                continue
            except RecursionError:  # a value nested just below the parser's limit, too deep to check
                found_here.append(Problem(name, number, "broken JSON: arrays or objects nested too deeply to read"))
                continue
            found_here.extend(Problem(name, number, message) for message in found)
            if isinstance(data, dict):
                objects += 1
                records.append(_Record(name, number, data, annotation))
        if objects == 0 and len(found_here) > 1:  # a letter, PDF or binary file given by mistake: say so once
            found_here = [Problem(name, 0, f"not an annotation file: none of its {len(found_here)} lines is a JSON "
                                           "object (expected JSONL, one annotation per line)")]
        problems.extend(found_here)
    return records, problems


# ------------------------------------------------------- question id rule


def _cross_problems(records: list[_Record]) -> list[Problem]:
    problems: list[Problem] = []
    first_seen: dict[str, _Record] = {}
    for record in records:
        ident = record.data.get("id")
        if not isinstance(ident, str):
            continue
        if ident in first_seen:
            earlier = first_seen[ident]
            problems.append(
                Problem(record.file, record.line, f"duplicate id {ident!r} (first at {earlier.file}:{earlier.line})")
            )
        else:
            first_seen[ident] = record
    by_letter: dict[str, list[str]] = {}
    for record in records:
        letter, qid = record.data.get("letter_id"), record.data.get("question_id")
        if isinstance(letter, str) and isinstance(qid, str):
            by_letter.setdefault(letter, []).append(qid)
    for record in records:
        letter, referrals = record.data.get("letter_id"), record.data.get("referral_to")
        if not isinstance(letter, str) or not isinstance(referrals, list):
            continue
        for referral in referrals:
            if isinstance(referral, str) and not any(referral_matches(referral, q) for q in by_letter.get(letter, [])):
                # users evaluate partial files: the pair keeps the model's own output
                message = f"referral_to {referral!r} matches no question of letter {letter!r} in these files"
                problems.append(Problem(record.file, record.line, message, warning=True))
    return problems


# ----------------------------------------------------------------- public


class Problems(list[Problem]):
    """The problems found, plus how much was checked, for a one-line summary."""

    files: int = 0
    annotations: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if not p.warning]


def _check(files: list[Path]) -> tuple[list[_Record], list[Problem]]:
    records, problems = _parse(files)
    problems.extend(_cross_problems(records))
    return records, sorted(problems, key=lambda p: (p.file, p.line))


def check_annotations(path: str | Path) -> Problems:
    """Every problem in the annotation file(s) at `path`, by file and line; one run shows all there is to fix."""
    files = annotation_files(path)
    records, problems = _check(files)
    found = Problems(problems)
    found.files, found.annotations = len(files), len(records)
    return found


def valid_records(path: str | Path) -> list[_Record]:
    """The records at `path` when there is no error; else AnnotationError for the first.

    Warnings reach the caller through `warnings.warn`, one per problem.
    """
    records, problems = _check(annotation_files(path))
    refusals = [p for p in problems if not p.warning]
    if refusals:
        first = refusals[0]
        more = f" (and {len(refusals) - 1} more; run `evasion annotations check`)" if len(refusals) > 1 else ""
        raise errors.AnnotationError(f"{first.message}{more}", path=first.file, line=first.line or None)
    for problem in problems:  # the warning's own "warning: " is the one the user sees
        warnings.warn(f"{problem.file}:{problem.line}: {problem.message}", stacklevel=3)
    return records


def read_annotation_lines(file: str | Path) -> list[tuple[str, dict[str, Any]]]:
    """The raw lines of one annotation file with their parsed objects, for a tool that rewrites it.

    Line problems and duplicate ids raise AnnotationError; referrals are not checked,
    because a file that is still being written may refer to pairs not labelled yet.
    """
    path = Path(file)
    result: list[tuple[str, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for number, line in _read_lines(path):
        if line is None:
            raise errors.AnnotationError(NOT_UTF8 if number else NOT_UTF8_FILE, path=path, line=number or None)
        try:
            data = loads_json(line)
            found, _ = line_problems(data)
        except BrokenJSON as exc:
            raise errors.AnnotationError(str(exc), path=path, line=number) from None
        except RecursionError:
            raise errors.AnnotationError("broken JSON: arrays or objects nested too deeply to read",
                                         path=path, line=number) from None
        if found:
            raise errors.AnnotationError(found[0], path=path, line=number)
        if data["id"] in seen:
            message = f"duplicate id {data['id']!r} (first at line {seen[data['id']]})"
            raise errors.AnnotationError(message, path=path, line=number)
        seen[data["id"]] = number
        result.append((line, data))
    return result


def load_annotations(path: str | Path) -> list[Annotation]:
    """The annotations at `path` (a *.jsonl file or a directory of them), in file then line order.

    Raises errors.AnnotationError (`file:line: message`) for the first problem
    `check_annotations` would report: training on a file with any problem is refused.
    """
    return [record.annotation for record in valid_records(path) if record.annotation is not None]


# ------------------------------------------------------------------ stats


class Stats(BaseModel):
    """Label counts per letter and overall; every label is present, also with count 0."""

    labels: list[str]
    per_letter: dict[str, dict[str, int]]
    overall: dict[str, int]
    total: int
    annotators: dict[str, int]


def annotation_stats(path: str | Path) -> Stats:
    """Label distribution of the (valid) annotations at `path`, letters in sorted order."""
    annotations = load_annotations(path)
    per_letter: dict[str, Counter[str]] = {}
    for annotation in annotations:
        per_letter.setdefault(annotation.letter_id, Counter())[annotation.label] += 1
    overall = Counter(annotation.label for annotation in annotations)
    return Stats(
        labels=list(LABELS),
        per_letter={letter: {lab: per_letter[letter][lab] for lab in LABELS} for letter in sorted(per_letter)},
        overall={lab: overall[lab] for lab in LABELS},
        total=len(annotations),
        annotators=dict(sorted(Counter(a.annotator for a in annotations).items())),
    )


def stats_csv(stats: Stats) -> str:
    """One row per letter and a final "ALL" row; columns letter_id, the labels in scale order, total."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["letter_id", *stats.labels, "total"])
    for letter, counts in stats.per_letter.items():
        writer.writerow([letter, *(counts[lab] for lab in stats.labels), sum(counts.values())])
    writer.writerow(["ALL", *(stats.overall[lab] for lab in stats.labels), stats.total])
    return buffer.getvalue()


def stats_table(stats: Stats, title: str | None = None) -> Table:
    """A rich Table of `stats` with shares in the overall row, for the terminal.

    The caller words the `title` ("2 annotations, 1 letter"): counting nouns is classifier.outputs.wording's
    job, a later stage than this one."""
    table = Table(title=title)
    table.add_column("letter", overflow="fold")
    for lab in stats.labels:
        table.add_column(lab, justify="right")
    table.add_column("total", justify="right")
    for letter, counts in stats.per_letter.items():
        table.add_row(letter, *(str(counts[lab]) for lab in stats.labels), str(sum(counts.values())))
    share = [f"{stats.overall[lab]} ({stats.overall[lab] / stats.total:.0%})" if stats.total else "0" for lab in stats.labels]
    table.add_section()
    table.add_row("ALL", *share, str(stats.total), style="bold")
    return table
