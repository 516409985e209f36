"""Annotations to and from Label Studio and Prodigy.

Exported tasks carry every field of our JSONL, so an import gives the file back with
every field kept (also ones we do not know); cues travel as answer spans."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from classifier import errors
from classifier.annotations.files import NOT_UTF8, BrokenJSON, json_type, line_problems, loads_json, valid_records
from classifier.config import LABELS
from classifier.io import atomic_write_text, refuse_same_output, resolve_output

# ------------------------------------------------------ export and import

Tool = Literal["labelstudio", "prodigy"]
TOOLS: tuple[str, ...] = ("labelstudio", "prodigy")

_NATIVE = ("question", "answer", "label", "rationale", "cues")
"""Fields that live in the tool's own places; every other field travels in `meta`."""

CUE_LABEL = "cue"
PRODIGY_CUE_LABEL = "CUE"
_PRODIGY_SEPARATOR = "\n\n"


def labelstudio_config() -> str:
    """The Label Studio labeling config that matches `export --to labelstudio` tasks."""
    choices = "\n".join(f'    <Choice value="{lab}"/>' for lab in LABELS)
    return f"""<View>
  <Style>.htx-text {{ white-space: pre-wrap; }}</Style>
  <Header value="Vraag"/>
  <Text name="question" value="$question"/>
  <Header value="Antwoord"/>
  <Text name="answer" value="$answer"/>
  <Labels name="cues" toName="answer">
    <Label value="{CUE_LABEL}"/>
  </Labels>
  <Choices name="label" toName="answer" choice="single-radio" showInline="true" required="true">
{choices}
  </Choices>
  <Header value="Rationale: what was asked, what was given"/>
  <TextArea name="rationale" toName="answer" rows="2" maxSubmissions="1" editable="true" required="true"/>
</View>
"""


def _cue_offsets(answer: str, cues: list[str]) -> list[tuple[int, int, str]]:
    """Character spans for the cues: the first occurrence of each; a repeated cue takes the next one."""
    spans: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for cue in cues:
        start = answer.find(cue)
        while start >= 0 and start in taken:
            start = answer.find(cue, start + 1)
        start = answer.find(cue) if start < 0 else start
        taken.add(start)
        spans.append((start, start + len(cue), cue))
    return spans


def _meta(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in _NATIVE}


def _to_labelstudio(data: dict[str, Any], task_id: int) -> dict[str, Any]:
    result: list[dict[str, Any]] = [
        {
            "id": f"label-{task_id}",
            "from_name": "label",
            "to_name": "answer",
            "type": "choices",
            "value": {"choices": [data["label"]]},
        },
        {
            "id": f"rationale-{task_id}",
            "from_name": "rationale",
            "to_name": "answer",
            "type": "textarea",
            "value": {"text": [data["rationale"]]},
        },
    ]
    for n, (start, end, cue) in enumerate(_cue_offsets(data["answer"], data.get("cues", [])), start=1):
        result.append(
            {
                "id": f"cue-{task_id}-{n}",
                "from_name": "cues",
                "to_name": "answer",
                "type": "labels",
                "value": {"start": start, "end": end, "text": cue, "labels": [CUE_LABEL]},
            }
        )
    return {
        "data": {"question": data["question"], "answer": data["answer"], "meta": _meta(data)},
        "annotations": [{"result": result, "was_cancelled": False}],
    }


def _to_prodigy(data: dict[str, Any]) -> dict[str, Any]:
    """A choice-interface example; Prodigy owns the "answer" key, so our answer text is in "text"."""
    offset = len(data["question"]) + len(_PRODIGY_SEPARATOR)
    spans = [
        {"start": start + offset, "end": end + offset, "text": cue, "label": PRODIGY_CUE_LABEL}
        for start, end, cue in _cue_offsets(data["answer"], data.get("cues", []))
    ]
    return {
        "text": data["question"] + _PRODIGY_SEPARATOR + data["answer"],
        "answer_start": offset,
        "options": [{"id": lab, "text": lab} for lab in LABELS],
        "accept": [data["label"]],
        "label": data["label"],
        "answer": "accept",
        "rationale": data["rationale"],
        "spans": spans,
        "meta": _meta(data),
    }


def export_annotations(path: str | Path, tool: Tool, out: str | Path, *, config_out: str | Path | None = None) -> int:
    """Write the annotations at `path` as Label Studio tasks (JSON) or Prodigy examples (JSONL).

    Only valid annotations are exported (`load_annotations` rules), so what comes back
    from the tool is checked against a clean start. Returns the number exported.
    """
    if tool not in TOOLS:
        raise errors.UnsupportedFormat(f"unknown tool {tool!r}; expected one of {', '.join(TOOLS)}")
    if config_out is not None:  # before the export is written: the config written second replaced it
        refuse_same_output(config_out, out, "--out")
        resolve_output(config_out)  # a folder, refused now rather than after the export is written
    records = [record.data for record in valid_records(path)]
    if tool == "labelstudio":
        tasks = [_to_labelstudio(data, n) for n, data in enumerate(records, start=1)]
        atomic_write_text(out, json.dumps(tasks, ensure_ascii=False, indent=2) + "\n")
    else:
        lines = [json.dumps(_to_prodigy(data), ensure_ascii=False) for data in records]
        atomic_write_text(out, "".join(line + "\n" for line in lines))
    if config_out is not None:
        atomic_write_text(config_out, labelstudio_config())
    return len(records)


def _listed(value: Any, what: str) -> list[Any]:
    """A list the tool's format has at `what` (absent: empty); anything else is a ValueError saying so."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"expected {what} to be an array, found {json_type(value)}")
    return value


def _object(value: Any, what: str) -> dict[str, Any]:
    """An object the tool's format has at `what` (absent: empty); anything else is a ValueError saying so."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"expected {what} to be an object, found {json_type(value)}")
    return value


def _labelstudio_region(fields: dict[str, Any], region: Any, cues: list[str], where: str) -> None:
    """Read one region of a Label Studio result into `fields` (label, rationale) or `cues`."""
    region = _object(region, f"each region of {where}'s result")
    value = _object(region.get("value"), f"the 'value' of each region of {where}")
    kind, name = region.get("type"), region.get("from_name")
    if kind == "choices" and name == "label":
        choices = _listed(value.get("choices"), f"the label's 'choices' in {where}")
        if len(choices) != 1:
            raise ValueError(f"{where}: expected one label chosen, found {len(choices)} ({choices!r})")
        fields["label"] = choices[0]
    elif kind == "textarea" and name == "rationale":
        text = value.get("text")
        parts = [text] if isinstance(text, str) else _listed(text, f"the rationale's 'text' in {where}")
        if not all(isinstance(part, str) for part in parts):
            raise ValueError(f"{where}: expected the rationale's 'text' to hold strings, found {parts!r}")
        fields["rationale"] = " ".join(parts)
    elif kind == "labels" and name == "cues":
        answer = fields["answer"] if isinstance(fields["answer"], str) else ""
        start, end = value.get("start", 0), value.get("end", 0)
        if not isinstance(value.get("text"), str) and not (isinstance(start, int) and isinstance(end, int)):
            raise ValueError(f"{where}: expected a cue region with a 'text' or whole-number 'start' and 'end', "
                             f"found {value!r}")
        cues.append(value.get("text") or answer[start:end])


def _from_labelstudio(task: Any, where: str) -> dict[str, Any] | None:
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise ValueError(f"{where}: expected a task object with a 'data' object")
    data = task["data"]
    annotations = _listed(task.get("annotations"), f"{where}'s 'annotations'")
    done = [a for a in annotations if isinstance(a, dict) and not a.get("was_cancelled")]
    chosen = done[-1] if done else (_listed(task.get("predictions"), f"{where}'s 'predictions'") or [None])[-1]
    if not isinstance(chosen, dict):
        return None
    fields: dict[str, Any] = dict(_object(data.get("meta"), f"{where}'s data.meta"))
    fields["question"], fields["answer"] = data.get("question"), data.get("answer")
    cues: list[str] = []
    for region in _listed(chosen.get("result"), f"{where}'s result"):
        _labelstudio_region(fields, region, cues, where)
    fields["cues"] = cues
    if "annotator" not in fields and chosen.get("completed_by") is not None:
        by = chosen["completed_by"]
        fields["annotator"] = str(by.get("email", by.get("id")) if isinstance(by, dict) else f"labelstudio:{by}")
    return fields


def _prodigy_label(example: dict[str, Any], where: str) -> Any:
    """The option the annotator accepted; the example's own "label" only when it has no "accept" list.

    An "accept" of none or of several options was a decision the file cannot hold: the exported label
    would come back as if it had been chosen."""
    accepted = example.get("accept")
    if not isinstance(accepted, list):
        return example.get("label")
    if len(accepted) != 1:
        raise ValueError(f"{where}: expected one accepted option, found {len(accepted)} ({accepted!r})")
    return accepted[0]


def _prodigy_cues(example: dict[str, Any], text: str, where: str) -> list[str]:
    cues = []
    for span in _listed(example.get("spans"), f"{where}'s 'spans'"):
        span = _object(span, f"each span of {where}")
        if span.get("label") != PRODIGY_CUE_LABEL:
            continue
        start, end = span.get("start"), span.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
            raise ValueError(f"{where}: expected a cue span's 'start' and 'end' to be character offsets in its "
                             f"text (0 to {len(text)}), found {start!r} and {end!r}")
        cues.append(text[start:end])
    return cues


def _from_prodigy(example: Any, where: str) -> dict[str, Any] | None:
    if not isinstance(example, dict) or not isinstance(example.get("text"), str):
        raise ValueError(f"{where}: expected a Prodigy example with a 'text' string")
    if example.get("answer") != "accept":
        return None
    text = example["text"]
    offset = example.get("answer_start")
    if isinstance(offset, int) and not 0 <= offset <= len(text):
        raise ValueError(f"{where}: expected 'answer_start' to be an offset in its text (0 to {len(text)}), "
                         f"found {offset}")
    if not isinstance(offset, int):
        cut = text.find(_PRODIGY_SEPARATOR)
        offset = cut + len(_PRODIGY_SEPARATOR) if cut >= 0 else 0
    fields: dict[str, Any] = dict(_object(example.get("meta"), f"{where}'s 'meta'"))
    fields["question"] = text[: max(offset - len(_PRODIGY_SEPARATOR), 0)]
    fields["answer"] = text[offset:]
    fields["label"] = _prodigy_label(example, where)
    if "rationale" in example:
        fields["rationale"] = example["rationale"]
    fields["cues"] = _prodigy_cues(example, text, where)
    return fields


@dataclass(frozen=True)
class ImportResult:
    imported: int
    skipped: int
    """Tasks without an annotation (Label Studio) or answered reject/ignore (Prodigy)."""
    out: Path


def _refuse_target(target: Path, force: bool) -> None:
    """Refuse, before reading anything, an --out that import would harm: an existing file (an annotator's work,
    unless `force`) or a folder. A device or pipe (`/dev/stdout`) holds no file to replace: it is written to."""
    real = Path(os.path.realpath(target))
    if real.is_dir():
        raise errors.OutputError("is a folder; expected the annotation file to write (NAME.jsonl)", path=target)
    if real.exists() and stat.S_ISREG(real.stat().st_mode) and not force:
        raise errors.OutputError("exists; expected a new file, so as not to replace annotations", path=target,
                                 hint="choose another --out, or pass --force to replace it")


def _read_export(src: Path, tool: Tool) -> list[tuple[int, Any]]:
    """The tasks (Label Studio, numbered from 1) or examples (Prodigy, by line) in the tool's export file."""
    what = "a Label Studio JSON export or a Prodigy JSONL file"
    if not src.exists():
        raise errors.InputNotFound("no such file to import", path=src)
    if not src.is_file():  # a folder; a device or pipe, which could block or never end
        found = "a folder" if src.is_dir() else "not a regular file"
        raise errors.InputNotFound(f"is {found}; expected {what}", path=src)
    try:
        text = src.read_bytes().decode("utf-8-sig")  # a byte-order mark, as Windows tools write, is no JSON
    except OSError as exc:
        raise errors.InputNotFound(f"cannot be read: {exc.strerror or exc}", path=src) from None
    except UnicodeDecodeError:
        raise errors.AnnotationError(NOT_UTF8, path=src) from None
    if not text.strip():
        raise errors.EmptyInput(f"is empty; expected {what}", path=src)
    if tool == "prodigy":
        chunks = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    else:
        chunks = [(1, text)]
    parsed: list[tuple[int, Any]] = []
    for n, chunk in chunks:
        try:
            parsed.append((n, loads_json(chunk)))
        except BrokenJSON as exc:
            raise errors.AnnotationError(str(exc), path=src, line=exc.line if tool == "labelstudio" else n) from None
    if tool == "prodigy":
        return parsed
    tasks = parsed[0][1]
    if not isinstance(tasks, list):
        raise errors.AnnotationError("expected a JSON list of Label Studio tasks (the JSON export), "
                                     f"found {json_type(tasks)}", path=src)
    return list(enumerate(tasks, start=1))


def import_annotations(source: str | Path, tool: Tool, out: str | Path, *, force: bool = False) -> ImportResult:
    """Convert a Label Studio JSON export or Prodigy JSONL back into our annotation JSONL.

    Every converted annotation is checked like a line of our own files; on any problem
    nothing is written, and neither is a file without annotations, which `check` would
    refuse. An existing `out` is only replaced with `force`, because it is usually an
    annotator's work.
    """
    if tool not in TOOLS:
        raise errors.UnsupportedFormat(f"unknown tool {tool!r}; expected one of {', '.join(TOOLS)}")
    src, target = Path(source), Path(out)
    items = _read_export(src, tool)
    _refuse_target(target, force)
    convert = _from_labelstudio if tool == "labelstudio" else _from_prodigy
    kind = "task" if tool == "labelstudio" else "line"
    converted: list[dict[str, Any]] = []
    skipped = 0
    for n, item in items:
        try:
            fields = convert(item, f"{kind} {n}")
        except ValueError as exc:
            if tool == "labelstudio":
                raise errors.AnnotationError(str(exc), path=src) from None
            raise errors.AnnotationError(str(exc).removeprefix(f"{kind} {n}: "), path=src, line=n) from None
        if fields is None:
            skipped += 1
            continue
        found, annotation = line_problems(fields)
        if found or annotation is None:
            raise errors.AnnotationError(f"{kind} {n} ({fields.get('id')}): {found[0]}", path=src)
        # Written in canonical form (guide's field order, defaults filled in, extra fields after).
        converted.append(annotation.model_dump(mode="json"))
    if not converted:
        unused = f" ({skipped} unannotated, cancelled or rejected)" if skipped else ""
        raise errors.AnnotationError(f"expected annotated {kind}s to import, found none{unused}; nothing written",
                                     path=src)
    seen: set[str] = set()
    for fields in converted:
        if fields["id"] in seen:
            raise errors.AnnotationError(f"duplicate id {fields['id']!r}", path=src)
        seen.add(fields["id"])
    atomic_write_text(target, "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in converted))
    return ImportResult(imported=len(converted), skipped=skipped, out=target)
