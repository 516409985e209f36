"""Annotations to and from Label Studio and Prodigy.

Exported tasks carry every field of our JSONL, so an import gives the file back with
every field kept (also ones we do not know); cues travel as answer spans."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from classifier import errors
from classifier.annotations.files import NOT_UTF8, BrokenJSON, loads_json, line_problems, valid_records
from classifier.config import LABELS
from classifier.io import atomic_write_text

# ------------------------------------------------------ export and import

Tool = Literal["labelstudio", "prodigy"]
TOOLS: tuple[str, ...] = ("labelstudio", "prodigy")

_NATIVE = ("question", "answer", "label", "rationale", "cues")

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


def _from_labelstudio(task: Any, where: str) -> dict[str, Any] | None:
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise ValueError(f"{where}: expected a task object with a 'data' object")
    data = task["data"]
    done = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    chosen = done[-1] if done else (task.get("predictions") or [None])[-1]
    if not isinstance(chosen, dict):
        return None
    fields: dict[str, Any] = dict(data.get("meta") or {})
    fields["question"], fields["answer"] = data.get("question"), data.get("answer")
    cues: list[str] = []
    for region in chosen.get("result") or []:
        value = region.get("value") or {}
        if region.get("type") == "choices" and region.get("from_name") == "label":
            fields["label"] = (value.get("choices") or [None])[0]
        elif region.get("type") == "textarea" and region.get("from_name") == "rationale":
            fields["rationale"] = " ".join(value.get("text") or [])
        elif region.get("type") == "labels" and region.get("from_name") == "cues":
            answer = fields["answer"] or ""
            cues.append(value.get("text") or answer[value.get("start", 0) : value.get("end", 0)])
    fields["cues"] = cues
    if "annotator" not in fields and chosen.get("completed_by") is not None:
        by = chosen["completed_by"]
        fields["annotator"] = str(by.get("email", by.get("id")) if isinstance(by, dict) else f"labelstudio:{by}")
    return fields


def _from_prodigy(example: Any, where: str) -> dict[str, Any] | None:
    if not isinstance(example, dict) or not isinstance(example.get("text"), str):
        raise ValueError(f"{where}: expected a Prodigy example with a 'text' string")
    if example.get("answer") != "accept":
        return None
    text = example["text"]
    offset = example.get("answer_start")
    if not isinstance(offset, int):
        cut = text.find(_PRODIGY_SEPARATOR)
        offset = cut + len(_PRODIGY_SEPARATOR) if cut >= 0 else 0
    fields: dict[str, Any] = dict(example.get("meta") or {})
    fields["question"] = text[: max(offset - len(_PRODIGY_SEPARATOR), 0)]
    fields["answer"] = text[offset:]
    accepted = example.get("accept")
    fields["label"] = accepted[0] if isinstance(accepted, list) and len(accepted) == 1 else example.get("label")
    if "rationale" in example:
        fields["rationale"] = example["rationale"]
    spans = [span for span in example.get("spans") or [] if span.get("label") == PRODIGY_CUE_LABEL]
    fields["cues"] = [text[span["start"] : span["end"]] for span in spans]
    return fields


@dataclass(frozen=True)
class ImportResult:
    imported: int
    skipped: int
    """Tasks without an annotation (Label Studio) or answered reject/ignore (Prodigy)."""
    out: Path


def import_annotations(source: str | Path, tool: Tool, out: str | Path, *, force: bool = False) -> ImportResult:
    """Convert a Label Studio JSON export or Prodigy JSONL back into our annotation JSONL.

    Every converted annotation is checked like a line of our own files; on any problem
    nothing is written. An existing `out` is only replaced with `force`, because it is
    usually an annotator's work.
    """
    if tool not in TOOLS:
        raise errors.UnsupportedFormat(f"unknown tool {tool!r}; expected one of {', '.join(TOOLS)}")
    src, target = Path(source), Path(out)
    if not src.is_file():
        raise errors.InputNotFound("no such file to import", path=src)
    if target.exists() and not force:
        raise errors.OutputError("exists; expected a new file, so as not to replace annotations", path=target,
                                 hint="choose another --out, or pass --force to replace it")
    try:
        text = src.read_text(encoding="utf-8")
    except OSError as exc:
        raise errors.InputNotFound(f"cannot be read: {exc.strerror or exc}", path=src) from None
    except UnicodeDecodeError:
        raise errors.AnnotationError(NOT_UTF8, path=src) from None
    if tool == "labelstudio":
        chunks = [(1, text)]
    else:
        chunks = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    parsed: list[tuple[int, Any]] = []
    for n, chunk in chunks:
        try:
            parsed.append((n, loads_json(chunk)))
        except BrokenJSON as exc:
            line = exc.line if tool == "labelstudio" else n
            raise errors.AnnotationError(str(exc), path=src, line=line) from None
    if tool == "labelstudio":
        tasks = parsed[0][1]
        if not isinstance(tasks, list):
            raise errors.AnnotationError("expected a JSON list of Label Studio tasks (the JSON export)", path=src)
        items = list(enumerate(tasks, start=1))
    else:
        items = parsed
    convert = _from_labelstudio if tool == "labelstudio" else _from_prodigy
    kind = "task" if tool == "labelstudio" else "line"
    converted: list[dict[str, Any]] = []
    skipped = 0
    for n, item in items:
        try:
            fields = convert(item, f"{kind} {n}")
        except ValueError as exc:
            raise errors.AnnotationError(str(exc), path=src, line=n if tool == "prodigy" else None)
        if fields is None:
            skipped += 1
            continue
        found, annotation = line_problems(fields)
        if found or annotation is None:
            raise errors.AnnotationError(f"{kind} {n} ({fields.get('id')}): {found[0]}", path=src)
        # Written in canonical form (guide's field order, defaults filled in, extra fields after).
        converted.append(annotation.model_dump(mode="json"))
    seen: set[str] = set()
    for fields in converted:
        if fields["id"] in seen:
            raise errors.AnnotationError(f"duplicate id {fields['id']!r}", path=src)
        seen.add(fields["id"])
    atomic_write_text(target, "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in converted))
    return ImportResult(imported=len(converted), skipped=skipped, out=target)
