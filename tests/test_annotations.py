"""Annotation files: loading, the checker, stats, and the Label Studio / Prodigy round trips."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from classifier import errors
from classifier.annotations.exchange import export_annotations, import_annotations, labelstudio_config
from classifier.annotations.files import annotation_stats, check_annotations, load_annotations
from classifier.cli import run
from classifier.config import LABELS
from classifier.letters.referrals import referral_matches

LETTER_A = "003_munitie"
LETTER_B = "016_special-forces"


def ann(letter: str, qid: str, label: str, answer: str, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": f"{letter}#{qid}",
        "letter_id": letter,
        "question_id": qid,
        "question": f"Vraag {qid}: hoeveel munitie is er op voorraad en wanneer wordt dit aangevuld?",
        "answer": answer,
        "label": label,
        "referral_to": [],
        "cues": [],
        "rationale": "Gevraagd werd naar de voorraad; het antwoord geeft die wel of niet.",
        "annotator": "tester",
    }
    data.update(extra)
    return data


def good_records() -> dict[str, list[dict[str, Any]]]:
    return {
        f"{LETTER_A}.jsonl": [
            ann(LETTER_A, "1", "substantive", "De voorraad bedraagt 1,2 miljoen patronen.", cues=["1,2 miljoen"]),
            ann(LETTER_A, "2+3", "deflecting", "De Kamer wordt voor de zomer geïnformeerd.", cues=["voor de zomer"],
                section=None, party="SP"),
            ann(LETTER_A, "4", "deflecting", "Zie het antwoord op vraag 2 en 3.", referral_to=["2", "3"],
                note={"second_reader": "agrees", "minutes": 3}),
        ],
        f"{LETTER_B}.jsonl": [
            ann(LETTER_B, "X-1", "confidential", "Om operationele redenen doe ik daarover geen uitspraken.",
                cues=["Om operationele redenen"], section="X"),
            ann(LETTER_B, "X-2.1", "partial", "Er zijn twee eenheden ingezet; de duur is niet bekend.", section="X"),
            ann(LETTER_B, "X-3", "substantive", "Ja. Zie het antwoord op vraag 2 voor de aantallen.",
                referral_to=["2"], section="X"),
        ],
    }


def write(folder: Path, files: dict[str, list[Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, records in files.items():
        lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
        (folder / name).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return folder


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return write(tmp_path / "annotations", good_records())


# ------------------------------------------------------------------ loading


def test_load_reads_files_in_name_order_then_line_order(tmp_path: Path) -> None:
    files = good_records()
    folder = write(tmp_path / "a", {"b.jsonl": files[f"{LETTER_B}.jsonl"], "a.jsonl": files[f"{LETTER_A}.jsonl"]})
    (folder / "sources").mkdir()  # letters live here; they are not annotations
    (folder / "sources" / "x.jsonl").write_text("not json\n")
    loaded = load_annotations(folder)
    expected = [r["id"] for r in files[f"{LETTER_A}.jsonl"] + files[f"{LETTER_B}.jsonl"]]
    assert [a.id for a in loaded] == expected
    assert loaded[2].model_extra == {"note": {"second_reader": "agrees", "minutes": 3}}


def test_load_single_file(good: Path) -> None:
    loaded = load_annotations(good / f"{LETTER_B}.jsonl")
    assert {a.letter_id for a in loaded} == {LETTER_B}


def test_load_names_file_and_line_of_the_first_problem(tmp_path: Path) -> None:
    records = good_records()[f"{LETTER_A}.jsonl"]
    bad = dict(records[1], label="evasive")
    folder = write(tmp_path / "a", {"x.jsonl": [records[0], bad, "{broken"]})
    with pytest.raises(errors.AnnotationError) as caught:
        load_annotations(folder)
    assert str(caught.value).startswith(f"{folder / 'x.jsonl'}:2: unknown label 'evasive'")
    assert caught.value.path == str(folder / "x.jsonl")
    assert caught.value.line == 2


def test_load_missing_path_and_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(errors.InputNotFound):
        load_annotations(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(errors.InputNotFound, match="expected \\*.jsonl files in it, found none"):
        load_annotations(tmp_path / "empty")


def test_cli_check_of_a_folder_without_annotation_files_is_not_found(tmp_path: Path, capsys) -> None:
    """It exited 4, "empty file", for a folder: like `evasion score` on a folder without letters, the files
    asked for are not there (exit 3), and the message says what was looked for."""
    empty = tmp_path / "emptydir"
    empty.mkdir()
    (empty / "notes.txt").write_text("not an annotation file\n")
    assert run(["annotations", "check", str(empty)]) == errors.InputNotFound.exit_code == 3
    assert capsys.readouterr().err.splitlines() == [
        f"error: {empty}: is a directory without annotation files; expected *.jsonl files in it, found none",
        "hint: give a *.jsonl file, or a folder that holds them"]


# ------------------------------------------------------------------ checker


def test_good_files_have_no_problems(good: Path) -> None:
    problems = check_annotations(good)
    assert list(problems) == []
    assert (problems.files, problems.annotations) == (2, 6)


def _drop(data: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != key}


BASE = ann(LETTER_A, "1", "partial", "Er zijn 40 stuks besteld; de levering volgt later.", cues=["40 stuks"])

BROKEN_LINES = [
    pytest.param("{\"id\": ", "broken JSON", id="broken-json"),
    pytest.param(json.dumps([BASE]), "expected a JSON object", id="not-an-object"),
    pytest.param(dict(BASE, label="vaag"), "unknown label 'vaag'", id="unknown-label"),
    pytest.param(dict(BASE, rationale="  "), "empty rationale", id="empty-rationale"),
    pytest.param(_drop(BASE, "rationale"), "missing field: rationale", id="missing-rationale"),
    pytest.param(_drop(BASE, "answer"), "missing field: answer", id="missing-answer"),
    pytest.param(dict(BASE, cues=["40 stuks", "niet bekend"]), "cue 'niet bekend' is not a verbatim", id="bad-cue"),
    pytest.param(dict(BASE, id=f"{LETTER_A}-1"), "should be '<letter_id>#<question_id>'", id="bad-id"),
    pytest.param(dict(BASE, referral_to=["7"]), "referral_to '7' matches no question", id="bad-referral"),
]


@pytest.mark.parametrize(("line", "message"), BROKEN_LINES)
def test_each_problem_is_reported_with_file_and_line(tmp_path: Path, line: Any, message: str) -> None:
    """The bad line sits between two good ones: it is line 2, and the check goes on after it."""
    before = ann(LETTER_A, "8", "substantive", "Ja.")
    after = dict(ann(LETTER_A, "9", "deflecting", "Dat is aan de gemeente."), label="vaag-ook")
    folder = write(tmp_path / "a", {"f.jsonl": [before, line, after]})
    problems = check_annotations(folder)
    rendered = [str(p) for p in problems]
    assert any(r.startswith(f"{folder / 'f.jsonl'}:2: ") and message in r for r in rendered), rendered
    # the line after the bad one is still checked
    assert any(r.startswith(f"{folder / 'f.jsonl'}:3: unknown label 'vaag-ook'") for r in rendered), rendered
    assert not any(":1: " in r for r in rendered)


def test_a_line_that_is_not_utf8_is_reported_and_the_rest_still_checked(tmp_path: Path) -> None:
    good_line = json.dumps(ann(LETTER_A, "1", "substantive", "Ja.")).encode()
    bad_line = json.dumps(dict(ann(LETTER_A, "2", "partial", "Deels."), label="x")).encode()
    (tmp_path / "f.jsonl").write_bytes(good_line + b"\n\xff\xfe broken\n" + bad_line + b"\n")
    rendered = [str(p) for p in check_annotations(tmp_path)]
    assert [r.split(": ")[0] for r in rendered] == [f"{tmp_path / 'f.jsonl'}:2", f"{tmp_path / 'f.jsonl'}:3"]
    assert "UTF-8" in rendered[0]


def test_a_file_saved_with_a_byte_order_mark_reads_as_without(good: Path) -> None:
    """A Windows editor puts a byte-order mark before the first line; the file was refused."""
    first = sorted(good.glob("*.jsonl"))[0]
    expected = [a.id for a in load_annotations(good)]
    first.write_bytes(b"\xef\xbb\xbf" + first.read_bytes())
    assert check_annotations(good) == []
    assert [a.id for a in load_annotations(good)] == expected


def test_duplicate_ids_within_and_across_files(tmp_path: Path) -> None:
    one = ann(LETTER_A, "1", "substantive", "Ja.")
    folder = write(tmp_path / "a", {"a.jsonl": [one, one], "b.jsonl": [one]})
    rendered = [str(p) for p in check_annotations(folder)]
    assert rendered == [
        f"{folder / 'a.jsonl'}:2: duplicate id '{LETTER_A}#1' (first at {folder / 'a.jsonl'}:1)",
        f"{folder / 'b.jsonl'}:1: duplicate id '{LETTER_A}#1' (first at {folder / 'a.jsonl'}:1)",
    ]


def test_split_sub_answer_id_with_piece_suffix_is_accepted(tmp_path: Path) -> None:
    piece = dict(ann(LETTER_A, "3", "partial", "Deels."), id=f"{LETTER_A}#3.2")
    assert list(check_annotations(write(tmp_path / "a", {"a.jsonl": [piece]}))) == []


@pytest.mark.parametrize(
    ("referral", "question_id", "matches"),
    [
        ("6", "6", True),
        ("6", "6+7", True),
        ("7", "6+7", True),
        ("6", "X-6", True),
        ("6", "VVD-6", True),
        ("6", "6.2", True),
        ("6", "X-6.1", True),
        ("6", "6a", True),
        ("X-6", "X-6", True),
        ("6a", "6a", True),
        ("6", "16", False),
        ("6", "60", False),
        ("6", "X-16", False),
        ("6a", "6b", False),
        ("1", "1.10", True),
        ("10", "1.10", False),
    ],
)
def test_referral_rule(referral: str, question_id: str, matches: bool) -> None:
    assert referral_matches(referral, question_id) is matches


def test_referral_only_counts_questions_of_the_same_letter(tmp_path: Path) -> None:
    other = ann(LETTER_B, "5", "substantive", "Ja.")
    referring = ann(LETTER_A, "1", "deflecting", "Zie vraag 5.", referral_to=["5"])
    rendered = [str(p) for p in check_annotations(write(tmp_path / "a", {"a.jsonl": [referring], "b.jsonl": [other]}))]
    assert len(rendered) == 1 and f"referral_to '5' matches no question of letter '{LETTER_A}'" in rendered[0]


# --------------------------------------------------------------------- CLI


def test_cli_check_prints_every_problem_and_exits_with_the_annotation_code(tmp_path: Path, capsys) -> None:
    other = ann(LETTER_A, "2", "partial", "Deels.")
    folder = write(tmp_path / "a", {"f.jsonl": ["{nope", dict(BASE, label="x"), other]})
    code = run(["annotations", "check", str(folder)])
    captured = capsys.readouterr()
    err = captured.err.splitlines()
    assert code == errors.AnnotationError.exit_code
    assert captured.out == "", "problems belong on stderr"
    assert err[0].startswith(f"{folder / 'f.jsonl'}:1: broken JSON")
    assert err[1].startswith(f"{folder / 'f.jsonl'}:2: unknown label 'x'")
    assert err[2:] == ["2 problems in 1 file"]


def test_a_dangling_referral_is_a_warning_not_a_refusal(tmp_path: Path, capsys) -> None:
    """Users evaluate partial files: a referral to a pair that is not in the file is only worth a warning."""
    referring = ann(LETTER_A, "2", "partial", "Zie antwoord op vraag 1.", referral_to=["1"])
    folder = write(tmp_path / "a", {"f.jsonl": [ann(LETTER_A, "3", "substantive", "Ja."), referring]})
    assert run(["annotations", "check", str(folder)]) == 0
    captured = capsys.readouterr()
    assert f"{folder / 'f.jsonl'}:2: warning: referral_to '1' matches no question" in captured.err
    assert captured.out.strip() == "OK: 2 annotations in 1 file, 1 warning"
    with pytest.warns(UserWarning, match="referral_to '1' matches no question"):
        assert [a.question_id for a in load_annotations(folder)] == ["3", "2"]


def test_cli_check_ok_uses_settings_directory_by_default(good: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("EVASION_ANNOTATIONS", str(good))
    assert run(["annotations", "check"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out == ["OK: 6 annotations in 2 files, no problems"]


def test_cli_check_missing_directory(tmp_path: Path, capsys) -> None:
    code = run(["annotations", "check", str(tmp_path / "missing")])
    assert code == errors.InputNotFound.exit_code
    assert str(tmp_path / "missing") in capsys.readouterr().err


# -------------------------------------------------------------------- stats


def expected_counts() -> tuple[dict[str, Counter[str]], Counter[str]]:
    per_letter: dict[str, Counter[str]] = {}
    for records in good_records().values():
        for r in records:
            per_letter.setdefault(r["letter_id"], Counter())[r["label"]] += 1
    return per_letter, sum(per_letter.values(), Counter())


def test_stats_counts_every_label_per_letter_and_overall(good: Path) -> None:
    stats = annotation_stats(good)
    per_letter, overall = expected_counts()
    assert list(stats.per_letter) == sorted(per_letter)
    for letter, counts in per_letter.items():
        assert stats.per_letter[letter] == {lab: counts[lab] for lab in LABELS}
    assert stats.overall == {lab: overall[lab] for lab in LABELS}
    assert stats.total == sum(overall.values())


def test_stats_refuses_broken_files(tmp_path: Path) -> None:
    with pytest.raises(errors.AnnotationError):
        annotation_stats(write(tmp_path / "a", {"a.jsonl": ["{"]}))


def test_cli_stats_formats(good: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # a wide terminal: letter ids on one line
    per_letter, overall = expected_counts()
    assert run(["annotations", "stats", str(good), "--format", "json"]) == 0
    as_json = json.loads(capsys.readouterr().out)
    assert as_json["overall"] == {lab: overall[lab] for lab in LABELS}

    assert run(["annotations", "stats", str(good), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["letter_id"] for row in rows] == [*sorted(per_letter), "ALL"]
    assert int(rows[-1]["total"]) == sum(overall.values())
    assert all(int(row[lab]) == per_letter[row["letter_id"]][lab] for row in rows[:-1] for lab in LABELS)

    assert run(["annotations", "stats", str(good)]) == 0
    table = capsys.readouterr().out
    assert LETTER_A in table and LETTER_B in table and "ALL" in table
    assert "6 annotations, 2 letters" in table


def test_cli_stats_counts_in_words_that_fit_and_takes_f(tmp_path: Path, capsys, monkeypatch) -> None:
    """The title read "1 annotations, 1 letters"; `-f` was missing though --format had it elsewhere."""
    monkeypatch.setenv("COLUMNS", "200")
    one = write(tmp_path / "one", {"a.jsonl": good_records()[f"{LETTER_A}.jsonl"][:1]})
    assert run(["annotations", "stats", str(one)]) == 0
    table = capsys.readouterr().out
    assert "1 annotation, 1 letter" in table and "annotations" not in table and "letters" not in table
    assert run(["annotations", "stats", str(one), "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1


# ------------------------------------------------------- export and import


@pytest.mark.parametrize("tool", ["labelstudio", "prodigy"])
def test_export_import_round_trip_is_lossless(good: Path, tmp_path: Path, tool: str, capsys) -> None:
    exported, back = tmp_path / f"export.{tool}", tmp_path / "back.jsonl"
    assert run(["annotations", "export", "--to", tool, str(good), "-o", str(exported)]) == 0
    assert run(["annotations", "import", "--from", tool, str(exported), "-o", str(back)]) == 0
    printed = capsys.readouterr()  # what was written is said on stderr, as by every command: stdout stays data
    assert printed.out == ""
    assert printed.err.splitlines() == [f"exported 6 annotations to {exported}", f"imported 6 annotations to {back}"]
    original = load_annotations(good)
    returned = load_annotations(back)
    assert [a.model_dump() for a in returned] == [a.model_dump() for a in original]
    # the fields that only some lines have came through: extras, party, section, referrals, cues
    by_id = {a.id: a for a in returned}
    assert by_id[f"{LETTER_A}#4"].model_extra == {"note": {"second_reader": "agrees", "minutes": 3}}
    assert by_id[f"{LETTER_A}#2+3"].party == "SP"
    assert by_id[f"{LETTER_B}#X-1"].section == "X"
    assert by_id[f"{LETTER_A}#4"].referral_to == ["2", "3"]
    assert by_id[f"{LETTER_A}#1"].cues == ["1,2 miljoen"]
    assert list(check_annotations(back)) == []


def test_round_trip_keeps_repeated_cues_and_odd_text(tmp_path: Path) -> None:
    answer = "Zie [bijlage] 1.\nZie ook  de brief; \"vertrouwelijk\" — ‘niet openbaar’."
    record = ann(LETTER_A, "1", "confidential", answer, cues=["Zie", "Zie", "\"vertrouwelijk\"", "‘niet openbaar’"],
                 question="Welke \"stukken\"?\n\nEn waarom niet?")
    folder = write(tmp_path / "a", {"a.jsonl": [record]})
    for tool in ("labelstudio", "prodigy"):
        export_annotations(folder, tool, tmp_path / f"e.{tool}")
        import_annotations(tmp_path / f"e.{tool}", tool, tmp_path / f"{tool}.jsonl")
        assert load_annotations(tmp_path / f"{tool}.jsonl") == load_annotations(folder)


def test_labelstudio_tasks_match_the_labeling_config(good: Path, tmp_path: Path) -> None:
    out, config = tmp_path / "tasks.json", tmp_path / "config.xml"
    export_annotations(good, "labelstudio", out, config_out=config)
    assert config.read_text() == labelstudio_config()
    root = ET.fromstring(config.read_text())
    names = {el.get("name"): el for el in root.iter() if el.get("name")}
    assert [c.get("value") for c in names["label"].iter("Choice")] == list(LABELS)
    tasks = json.loads(out.read_text())
    for task in tasks:
        assert set(task["data"]) >= {"question", "answer"}
        for region in task["annotations"][0]["result"]:
            assert region["from_name"] in names and region["to_name"] in names
            if region["type"] == "labels":
                value = region["value"]
                assert task["data"]["answer"][value["start"] : value["end"]] == value["text"]


def test_prodigy_examples_follow_the_choice_interface(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "prodigy.jsonl"
    export_annotations(good, "prodigy", out)
    examples = [json.loads(line) for line in out.read_text().splitlines()]
    originals = load_annotations(good)
    for example, original in zip(examples, originals, strict=True):
        assert example["answer"] == "accept"
        assert example["accept"] == [original.label] and example["label"] == original.label
        assert [o["id"] for o in example["options"]] == list(LABELS)
        assert original.question in example["text"] and original.answer in example["text"]
        assert example["meta"]["id"] == original.id
        assert [example["text"][s["start"] : s["end"]] for s in example["spans"]] == original.cues


def test_labelstudio_edits_come_back(good: Path, tmp_path: Path) -> None:
    """What an annotator changes in Label Studio is what import returns; skipped tasks are left out."""
    out = tmp_path / "tasks.json"
    export_annotations(good, "labelstudio", out)
    tasks = json.loads(out.read_text())
    first = tasks[0]["annotations"][0]
    for region in first["result"]:
        if region["type"] == "choices":
            region["value"]["choices"] = ["partial"]
        if region["type"] == "textarea":
            region["value"]["text"] = ["Aantal gegeven,", "termijn niet."]
    tasks[3]["annotations"][0]["was_cancelled"] = True  # a pair no other pair refers to
    out.write_text(json.dumps(tasks))
    result = import_annotations(out, "labelstudio", tmp_path / "back.jsonl")
    assert (result.imported, result.skipped) == (len(tasks) - 1, 1)
    back = load_annotations(tmp_path / "back.jsonl")
    assert back[0].label == "partial" and back[0].rationale == "Aantal gegeven, termijn niet."
    assert tasks[3]["data"]["meta"]["id"] not in {a.id for a in back}


def test_prodigy_choice_wins_and_rejected_examples_are_skipped(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.jsonl"
    export_annotations(good, "prodigy", out)
    examples = [json.loads(line) for line in out.read_text().splitlines()]
    examples[0]["accept"] = ["confidential"]
    examples[3]["answer"] = "ignore"
    out.write_text("".join(json.dumps(e) + "\n" for e in examples))
    result = import_annotations(out, "prodigy", tmp_path / "back.jsonl")
    assert (result.imported, result.skipped) == (len(examples) - 1, 1)
    assert load_annotations(tmp_path / "back.jsonl")[0].label == "confidential"


def test_import_refuses_invalid_results_and_writes_nothing(good: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "tasks.json"
    export_annotations(good, "labelstudio", out)
    tasks = json.loads(out.read_text())
    tasks[2]["annotations"][0]["result"] = [
        r for r in tasks[2]["annotations"][0]["result"] if r["type"] != "textarea"
    ]
    out.write_text(json.dumps(tasks))
    target = tmp_path / "back.jsonl"
    code = run(["annotations", "import", "--from", "labelstudio", str(out), "--out", str(target)])
    err = capsys.readouterr().err
    assert code == errors.AnnotationError.exit_code
    assert "task 3" in err and "rationale" in err and str(out) in err
    assert len(err.strip().splitlines()) == 1
    assert not target.exists()


def test_import_does_not_overwrite_without_force(good: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "p.jsonl"
    export_annotations(good, "prodigy", out)
    target = tmp_path / "mine.jsonl"
    target.write_text("precious\n")
    code = run(["annotations", "import", "--from", "prodigy", str(out), "--out", str(target)])
    assert code == errors.OutputError.exit_code == 17  # an output that must not be replaced, as everywhere
    assert capsys.readouterr().err.splitlines() == [
        f"error: {target}: exists; expected a new file, so as not to replace annotations",
        "hint: choose another --out, or pass --force to replace it"]
    assert target.read_text() == "precious\n"
    assert run(["annotations", "import", "--from", "prodigy", str(out), "--out", str(target), "--force"]) == 0
    assert len(load_annotations(target)) == len(load_annotations(good))
    capsys.readouterr()


def test_import_broken_json_names_the_file(tmp_path: Path) -> None:
    source = tmp_path / "p.jsonl"
    source.write_text('{"text": "a"}\n{oops\n')
    with pytest.raises(errors.AnnotationError) as caught:
        import_annotations(source, "prodigy", tmp_path / "out.jsonl")
    assert str(caught.value).startswith(f"{source}:2: broken JSON")


def test_export_refuses_files_with_problems(tmp_path: Path) -> None:
    folder = write(tmp_path / "a", {"a.jsonl": [dict(BASE, cues=["niet in het antwoord"])]})
    with pytest.raises(errors.AnnotationError):
        export_annotations(folder, "prodigy", tmp_path / "out.jsonl")
    assert not (tmp_path / "out.jsonl").exists()


# --- lines Python's JSON parser refuses with other errors than JSONDecodeError -------------------

DEEP = '{"id": "x", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}"
"""Deeper than the recursion limit: json.loads raised RecursionError."""
BIG_INT = '{"id": ' + "7" * 5_000 + "}"
"""More digits than sys.get_int_max_str_digits() (4,300): json.loads raised a plain ValueError."""


@pytest.mark.parametrize(("line", "problem"), [(DEEP, "nested too deeply"), (BIG_INT, "more than 4,300 digits")],
                         ids=["deep", "big-int"])
def test_lines_the_json_parser_cannot_take_are_one_problem_each(
    tmp_path: Path, line: str, problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    good = json.dumps(ann(LETTER_A, "1", "substantive", "Ja."))
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join([good, line, good.replace('#1"', '#2"').replace('"1"', '"2"')]) + "\n",
                    encoding="utf-8")
    problems = check_annotations(path)
    assert len(problems) == 1 and str(problems[0]).startswith(f"{path}:2: broken JSON: ")
    assert problem in problems[0].message and "\n" not in str(problems[0])

    assert run(["annotations", "check", str(path)]) == errors.AnnotationError.exit_code
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{path}:2: broken JSON") and problem in err[0] and "Traceback" not in err

    assert run(["evaluate", "--annotations", str(path)]) == errors.AnnotationError.exit_code
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}:2: broken JSON") and problem in err and "Traceback" not in err


@pytest.mark.parametrize("line", [DEEP, BIG_INT], ids=["deep", "big-int"])
def test_import_names_a_line_the_json_parser_cannot_take(tmp_path: Path, line: str) -> None:
    source = tmp_path / "prodigy.jsonl"
    source.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(errors.AnnotationError, match="broken JSON") as caught:
        import_annotations(source, "prodigy", tmp_path / "out.jsonl")
    assert str(caught.value).startswith(f"{source}:1: broken JSON")
    assert not (tmp_path / "out.jsonl").exists()


def agreement(second_file: str, folder: Path | None = None) -> tuple[list[dict], list[int], list[int], str]:
    """The second annotator's labels, the first labels (as they were before adjudication, kept in each
    adjudicated annotation's `adjudication.first_label`) and the second as label indices, and the README text
    of `folder` (default: annotations/), whose `agreement/` holds `second_file`."""
    from classifier.config import LABELS, PROJECT_DIR

    folder = folder or PROJECT_DIR / "annotations"
    first = {}
    for path in folder.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                data = json.loads(line)
                first[data["id"]] = data.get("adjudication", {}).get("first_label") or data["label"]
    second = [json.loads(line) for line in
              (folder / "agreement" / second_file).read_text(encoding="utf-8").splitlines() if line]
    a = [LABELS.index(first[s["id"]]) for s in second]
    b = [LABELS.index(s["label"]) for s in second]
    return second, a, b, (folder / "README.md").read_text(encoding="utf-8")


def stated(readme: str, name: str) -> float:
    """A figure of an agreement table in a README: the row "| <name> | <value> |"."""
    import re

    return float(re.search(rf"\| {re.escape(name)} \| ([0-9.]+) \|", readme).group(1))


def assert_agreement_stated(readme: str, prefix: str, a: list[int], b: list[int]) -> None:
    """Raw agreement, Cohen's kappa and QWK as the README states them (rows named "<prefix>raw agreement", …)."""
    from sklearn.metrics import cohen_kappa_score

    assert stated(readme, f"{prefix}raw agreement") == pytest.approx(
        sum(x == y for x, y in zip(a, b)) / len(a), abs=5e-4)
    assert stated(readme, f"{prefix}Cohen's kappa") == pytest.approx(cohen_kappa_score(a, b), abs=5e-4)
    assert stated(readme, f"{prefix}quadratic weighted kappa") == pytest.approx(
        cohen_kappa_score(a, b, weights="quadratic"), abs=5e-4)


def test_the_agreement_figures_in_the_annotations_readme_are_what_the_files_give() -> None:
    """Raw agreement, Cohen's kappa and QWK of the blind second annotation, against the first labels
    as they were before adjudication (kept in each adjudicated annotation's `adjudication.first_label`)."""
    second, a, b, readme = agreement("second_annotator.jsonl")
    assert stated(readme, "pairs") == len(second) >= 150
    assert_agreement_stated(readme, "", a, b)
    assert disagreements(second, a, b) <= adjudicated_ids()


def adjudicated_ids(folder: Path | None = None) -> set[str]:
    from classifier.config import PROJECT_DIR

    path = (folder or PROJECT_DIR / "annotations") / "agreement" / "adjudicated.jsonl"
    return {json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line}


def disagreements(second: list[dict], a: list[int], b: list[int]) -> set[str]:
    return {s["id"] for s, x, y in zip(second, a, b, strict=True) if x != y}


CHECKS = [
    ("letters4", 64),  # the second blind check: a sample of the letters4 pairs
    ("letters5", 77),  # the third
    ("holdout1", 51),  # the first held-out letters, blind-labelled in full, then moved into training
    ("letters6", 83),  # the fourth
    ("holdout2", 104),  # the second held-out letters, likewise
    ("letters7", 65),  # the fifth
    ("holdout3", 132),  # the third held-out letters, likewise
    ("letters8", 147),  # the sixth, all of its pairs
    ("holdout4", 142),  # the fourth held-out letters, blind-labelled in full, then moved into training
    ("letters9", 160),  # the seventh, all of its pairs
    ("holdout5", 153),  # the fifth held-out letters, likewise
    ("holdout6", 164),  # the sixth held-out letters, likewise
    ("letters10", 140),  # the eighth, all of its pairs
    ("holdout7", 152),  # the seventh held-out letters, blind-labelled in full, then moved into training
    ("letters11", 132),  # the ninth, all of its pairs
    ("holdout8", 144),  # the eighth held-out letters, blind-labelled in full, then moved into training
    ("letters12", 131),  # the tenth, all of its pairs
    ("holdout9", 121),  # the ninth held-out letters, blind-labelled in full, then moved into training
    ("letters13", 107),  # the eleventh, all of its pairs
    ("letters14", 122),  # the twelfth, all of its pairs
    ("letters15", 105),  # the thirteenth, all of its pairs
    ("letters16", 97),  # the fourteenth, all of its pairs
    ("letters17", 126),  # the fifteenth, all of its pairs
    ("letters18", 131),  # the sixteenth, all of its pairs
    ("letters19", 80),  # the seventeenth, all of its pairs
    ("holdout10", 132),  # the tenth held-out letters, blind-labelled in full, then moved into training
    ("letters20", 118),  # the eighteenth, all of its pairs
    ("holdout12", 167),  # the twelfth held-out letters, blind-labelled in full, then moved into training
    ("letters21", 149),  # the nineteenth, all of its pairs
    ("letters22", 135),  # the twentieth, all of its pairs
]


def test_every_disagreement_of_the_checks_is_adjudicated_and_nothing_else() -> None:
    first = disagreements(*agreement("second_annotator.jsonl")[:3])
    later = {name: disagreements(*agreement(f"second_annotator_{name}.jsonl")[:3]) for name, _ in CHECKS}
    assert adjudicated_ids() == first.union(*later.values())
    assert {name: len(found) for name, found in later.items()} == {
        "letters4": 5, "letters5": 4, "holdout1": 2, "letters6": 4, "holdout2": 4, "letters7": 4, "holdout3": 6,
        "letters8": 10, "holdout4": 6, "letters9": 5, "holdout5": 10, "holdout6": 2,
        "letters10": 7, "holdout7": 8, "letters11": 7, "holdout8": 7, "letters12": 7,
        "holdout9": 5, "letters13": 8, "letters14": 3, "letters15": 8, "letters16": 5, "letters17": 6, "letters18": 6, "letters19": 2,
        "holdout10": 4, "letters20": 5, "holdout12": 4,
        "letters21": 6, "letters22": 9}


@pytest.mark.parametrize(("name", "pairs"), CHECKS, ids=[name for name, _ in CHECKS])
def test_each_later_agreement_check_in_the_annotations_readme_is_what_its_file_gives(name: str, pairs: int) -> None:
    """Raw agreement, kappa and QWK of each later blind check, against the first labels before adjudication."""
    second, a, b, readme = agreement(f"second_annotator_{name}.jsonl")
    assert stated(readme, f"{name} pairs") == len(second) == pairs
    assert_agreement_stated(readme, f"{name} ", a, b)


def test_the_label_table_in_the_annotations_readme_is_what_the_files_give() -> None:
    """Every row of the README's label table (per set, per genre, all) counted again from the files."""
    import csv
    import re

    from classifier.annotations.files import load_annotations
    from classifier.config import LABELS, PROJECT_DIR

    folder = PROJECT_DIR / "annotations"
    with (folder / "sources.tsv").open(encoding="utf-8", newline="") as handle:
        index = {row["letter_id"]: row for row in csv.DictReader(handle, delimiter="\t")}
    genres = {"kamervragen": "genre: Kamervragen", "lijst_vragen_antwoorden": "genre: lijst van vragen en antwoorden"}
    rows: dict[str, list[int]] = {}
    letters: dict[str, set[str]] = {}
    for a in load_annotations(folder):
        entry = index[a.letter_id]
        seed = "set: seed documents" if entry["set"] == "seed" else f"set: {entry['set']}"
        genre = genres.get(entry["genre"], "genre: nota, verslag, memorie van antwoord, other")
        for row in (seed, genre, "**all**"):
            rows.setdefault(row, [0] * len(LABELS))[LABELS.index(a.label)] += 1
            letters.setdefault(row, set()).add(a.letter_id)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for row, counts in rows.items():
        cells = [len(letters[row]), sum(counts), *counts]
        cell = r"\*\*(\d+)\*\*" if row == "**all**" else r"(\d+)"
        pattern = rf"^\| {re.escape(row)} \| " + r" \| ".join([cell] * len(cells)) + r" \|$"
        found = re.search(pattern, readme, flags=re.MULTILINE)
        assert found, f"no row {row!r} in the label table"
        assert [int(g) for g in found.groups()] == cells, row


def test_the_committed_and_the_held_out_annotations_pass_the_check_and_do_not_overlap() -> None:
    """Training reads only the top level of annotations/; the held-out letters must stay out of it, pair for pair."""
    import csv

    from classifier.config import PROJECT_DIR
    from classifier.model.modelfile import pair_fingerprint

    folder = PROJECT_DIR / "annotations"
    holdout = folder / "holdout"
    assert list(check_annotations(folder)) == [] and list(check_annotations(holdout)) == []
    trained = {pair_fingerprint(a.question, a.answer) for a in load_annotations(folder)}
    held = load_annotations(holdout)
    assert len(held) >= 50 and not any(pair_fingerprint(a.question, a.answer) in trained for a in held)
    assert not {a.letter_id for a in held} & {a.letter_id for a in load_annotations(folder)}
    with (holdout / "sources.tsv").open(encoding="utf-8", newline="") as handle:
        index = {row["letter_id"]: row for row in csv.DictReader(handle, delimiter="\t")}
    for letter in {a.letter_id for a in held}:
        assert index[letter]["url"].startswith("http") and (holdout / "sources" / f"{letter}.txt").is_file()


def test_the_holdout_agreement_figures_in_its_readme_are_what_the_files_give() -> None:
    """The blind second annotation of every held-out pair, against the first labels before adjudication."""
    from classifier.config import PROJECT_DIR

    folder = PROJECT_DIR / "annotations" / "holdout"
    second, a, b, readme = agreement("second_annotator.jsonl", folder)
    assert stated(readme, "holdout pairs") == len(second) == len(load_annotations(folder))
    assert_agreement_stated(readme, "holdout ", a, b)
    assert adjudicated_ids(folder) == disagreements(second, a, b)


# ------------------------------------------------------- review: encodings, JSON names, tool files


def test_a_utf16_file_is_named_as_utf16_not_as_no_annotation_file(tmp_path: Path) -> None:
    """Notepad's "Unicode" and PowerShell 5's `>` save UTF-16: every line failed as "not UTF-8", and the
    file was called "not an annotation file … expected JSONL", which it is, in another encoding."""
    text = json.dumps(ann(LETTER_A, "1", "substantive", "Ja.")) + "\n"
    (tmp_path / "f.jsonl").write_bytes(text.encode("utf-16"))
    rendered = [str(p) for p in check_annotations(tmp_path)]
    assert len(rendered) == 1 and "found UTF-16" in rendered[0] and "save it as UTF-8" in rendered[0], rendered
    with pytest.raises(errors.AnnotationError, match="found UTF-16"):
        load_annotations(tmp_path)


@pytest.mark.parametrize(("line", "found"), [("null", "found null"), ("[1]", "found an array"), ('"x"', "found a string")])
def test_a_line_that_is_no_object_names_what_it_is_in_json_words(tmp_path: Path, line: str, found: str) -> None:
    (tmp_path / "f.jsonl").write_text(line + "\n", encoding="utf-8")
    assert [p.message for p in check_annotations(tmp_path)] == [f"expected a JSON object, {found}"]


def _exported(good: Path, tmp_path: Path, tool: str) -> tuple[Path, Any]:
    out = tmp_path / ("tasks.json" if tool == "labelstudio" else "p.jsonl")
    export_annotations(good, tool, out)  # type: ignore[arg-type]
    text = out.read_text(encoding="utf-8")
    return out, json.loads(text) if tool == "labelstudio" else [json.loads(line) for line in text.splitlines()]


def _save(out: Path, tool: str, items: Any) -> None:
    text = json.dumps(items) if tool == "labelstudio" else "".join(json.dumps(e) + "\n" for e in items)
    out.write_text(text, encoding="utf-8")


def _first_region(tasks: Any, kind: str) -> dict[str, Any]:
    return next(r for r in tasks[0]["annotations"][0]["result"] if r["type"] == kind)


BROKEN_TOOL_FILES = [
    pytest.param("labelstudio", lambda t: t[0]["data"].update(meta=[1]), "data.meta to be an object", id="ls-meta"),
    pytest.param("labelstudio", lambda t: t[0]["annotations"][0]["result"].append("x"), "region", id="ls-region"),
    pytest.param("labelstudio", lambda t: t[0]["annotations"][0].update(result="x"), "result to be an array",
                 id="ls-result"),
    pytest.param("labelstudio", lambda t: _first_region(t, "choices").update(value="x"), "'value'", id="ls-value"),
    pytest.param("labelstudio", lambda t: t[0].update(annotations="x"), "'annotations' to be an array",
                 id="ls-annotations-not-skipped"),
    pytest.param("labelstudio", lambda t: _first_region(t, "choices")["value"].update(choices="partial"),
                 "'choices'", id="ls-choice-not-its-first-letter"),
    pytest.param("prodigy", lambda e: e[0].update(meta="x"), "'meta' to be an object", id="pr-meta"),
    pytest.param("prodigy", lambda e: e[0].update(spans=["x"]), "each span", id="pr-span"),
    pytest.param("prodigy", lambda e: e[0].update(spans=[{"label": "CUE"}]), "'start' and 'end'", id="pr-span-key"),
    pytest.param("prodigy", lambda e: e[0].update(spans=[{"label": "CUE", "start": "a", "end": 2}]),
                 "'start' and 'end'", id="pr-span-type"),
    pytest.param("prodigy", lambda e: e[0].update(accept=["partial", "deflecting"]), "one accepted option, found 2",
                 id="pr-two-options-not-the-exported-label"),
    pytest.param("prodigy", lambda e: e[0].update(accept=[]), "one accepted option, found 0", id="pr-no-option"),
    pytest.param("prodigy", lambda e: e[0].update(answer_start=10**6), "'answer_start'", id="pr-offset"),
]


@pytest.mark.parametrize(("tool", "spoil", "message"), BROKEN_TOOL_FILES)
def test_a_tool_file_of_another_shape_is_one_line_and_writes_nothing(good: Path, tmp_path: Path, capsys,
                                                                      tool: str, spoil: Any, message: str) -> None:
    """Tracebacks (AttributeError, KeyError, TypeError) before; or worse, a wrong label imported as if chosen:
    the first letter of a choice given as a string, the exported label for two accepted options."""
    out, items = _exported(good, tmp_path, tool)
    spoil(items)
    _save(out, tool, items)
    target = tmp_path / "back.jsonl"
    assert run(["annotations", "import", "--from", tool, str(out), "--out", str(target)]) == 11
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and message in err and str(out) in err, err
    assert not target.exists()


def test_a_rationale_given_as_one_string_comes_back_as_written(good: Path, tmp_path: Path) -> None:
    """A textarea's text as a string, not a list of lines, came back one letter apart ("J a ,   d i t")."""
    out, tasks = _exported(good, tmp_path, "labelstudio")
    _first_region(tasks, "textarea")["value"]["text"] = "Ja, dit is gegeven."
    _save(out, "labelstudio", tasks)
    import_annotations(out, "labelstudio", tmp_path / "back.jsonl")
    assert load_annotations(tmp_path / "back.jsonl")[0].rationale == "Ja, dit is gegeven."


def test_an_import_without_annotations_writes_no_file_check_would_refuse(good: Path, tmp_path: Path) -> None:
    """All examples rejected, or an empty task list: an empty annotation file was written, and replaced an
    existing one with --force; `annotations check` then refuses it as empty."""
    out, examples = _exported(good, tmp_path, "prodigy")
    _save(out, "prodigy", [dict(e, answer="reject") for e in examples])
    target = tmp_path / "mine.jsonl"
    target.write_text("precious\n", encoding="utf-8")
    with pytest.raises(errors.AnnotationError, match=f"found none \\({len(examples)} unannotated"):
        import_annotations(out, "prodigy", target, force=True)
    assert target.read_text(encoding="utf-8") == "precious\n"


def test_import_names_a_folder_as_a_folder_and_writes_to_a_device(good: Path, tmp_path: Path) -> None:
    """A folder as --out was "exists … pass --force", and --force then "is a folder"; /dev/null, which holds no
    annotations to lose, needed --force. A folder as the source was "no such file"."""
    out, _ = _exported(good, tmp_path, "prodigy")
    with pytest.raises(errors.OutputError, match="is a folder"):
        import_annotations(out, "prodigy", tmp_path)
    assert import_annotations(out, "prodigy", "/dev/null").imported == len(load_annotations(good))
    with pytest.raises(errors.InputNotFound, match="is a folder; expected a Label Studio"):
        import_annotations(tmp_path, "prodigy", tmp_path / "back.jsonl")


def test_an_export_saved_with_a_byte_order_mark_imports(good: Path, tmp_path: Path) -> None:
    out, _ = _exported(good, tmp_path, "labelstudio")
    out.write_bytes(b"\xef\xbb\xbf" + out.read_bytes())
    assert import_annotations(out, "labelstudio", tmp_path / "back.jsonl").imported == len(load_annotations(good))


def test_export_refuses_a_config_that_would_replace_the_export_before_writing(good: Path, tmp_path: Path) -> None:
    """`--out t.json --config t.json` wrote the config over the export and said both were written; a folder as
    --config failed only after the export was written."""
    same = tmp_path / "t.json"
    with pytest.raises(errors.OutputError, match="is also the --out"):
        export_annotations(good, "labelstudio", same, config_out=same)
    (tmp_path / "cfg").mkdir()
    with pytest.raises(errors.OutputError, match="is a folder"):
        export_annotations(good, "labelstudio", same, config_out=tmp_path / "cfg")
    assert not same.exists()
