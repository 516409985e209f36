"""The `evasion annotate` loop, driven by scripted keys."""

from __future__ import annotations

import importlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from rich.console import Console

from classifier import errors
from classifier.annotations import annotate as annotate_mod
from classifier.annotations.annotate import annotate_letter, highlighted_answer
from classifier.annotations.files import check_annotations, load_annotations
from classifier.cli import run

cli_annotate = importlib.import_module("classifier.cli.annotate")
from classifier.types import CueSpan, Evidence, Letter, LetterMeta, Pair, PairScore

LETTER_ID = "042_munitie"


def fake_letter() -> Letter:
    def pair(pos: int, qid: str, question: str, answer: str, **kw: object) -> Pair:
        return Pair(letter_id=LETTER_ID, question_id=qid, question=question, answer=answer, position=pos, **kw)

    return Letter(
        meta=LetterMeta(letter_id=LETTER_ID),
        pairs=[
            pair(0, "1", "Hoeveel munitie ligt er op voorraad?", "De voorraad bedraagt 1,2 miljoen patronen."),
            pair(1, "2", "Wanneer wordt de voorraad aangevuld?", "De Kamer wordt voor de zomer [nader] geïnformeerd."),
            pair(2, "3", "Welke landen leveren?", "Om veiligheidsredenen doe ik daarover geen uitspraken."),
            pair(3, "4", "Klopt het dat er tekorten zijn?", "Zie het antwoord op vraag 2.", referral_to=["2"]),
        ],
    )


class Keys:
    """Scripted input: strings are typed lines; an exception class is raised at that point; a function is
    called with the prompt and types what it returns; EOF at the end."""

    def __init__(self, keys: Iterable[str | type[BaseException] | Callable[[str], str]]) -> None:
        self.keys = list(keys)
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self.keys:
            raise EOFError
        key = self.keys.pop(0)
        if isinstance(key, type):
            raise key()
        return key(prompt) if callable(key) else key


@pytest.fixture
def letter(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(annotate_mod, "read_letter", lambda path: fake_letter())
    monkeypatch.setenv("EVASION_MODEL", str(tmp_path / "no-model.joblib"))
    return tmp_path / f"{LETTER_ID}.txt"


def session(letter: Path, out: Path, keys: Iterable[str | type[BaseException] | Callable[[str], str]], **kw: object):
    console = Console(file=io.StringIO(), width=100, record=True)
    script = Keys(keys)
    result = annotate_letter(letter, out, input_fn=script, console=console, annotator="tester", **kw)
    return result, console.export_text(), script


def lines(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text().splitlines()]


def test_interrupted_session_resumes_at_the_first_open_pair(letter: Path, tmp_path: Path) -> None:
    out = tmp_path / "ann" / f"{LETTER_ID}.jsonl"
    # 1: label pair 1 (with a cue typed wrong first), skip nothing, label pair 2, Ctrl-C at pair 3
    result, shown, script = session(
        letter,
        out,
        ["", "d", "Stand van zaken gegeven.", "1,3 miljoen", "1,2 miljoen", "d", "Uitstel.", "voor de zomer",
         KeyboardInterrupt],
    )
    assert result.stopped == "interrupted"
    assert (result.written, result.decided, result.total) == (2, 2, 4)
    assert "no model suggestion to accept" in shown  # Enter without a model is re-asked
    assert "not found verbatim in the answer: '1,3 miljoen'" in shown
    saved = lines(out)
    assert [(a["id"], a["label"], a["cues"]) for a in saved] == [
        (f"{LETTER_ID}#1", "deflecting", ["1,2 miljoen"]),
        (f"{LETTER_ID}#2", "deflecting", ["voor de zomer"]),
    ]
    assert all(a["annotator"] == "tester" for a in saved)
    assert [p.message for p in check_annotations(out)] == []

    # 2: resumes at pair 3; end of input in the middle of the rationale writes nothing for it
    result, shown, script = session(letter, out, ["c"])
    assert result.stopped == "eof"
    assert f"{LETTER_ID}#3" in shown and f"{LETTER_ID}#1" not in shown
    assert len(lines(out)) == 2

    # 3: label 3 and 4; pair 4 refers to 2, which is in the file: the final file passes the check
    result, shown, _ = session(letter, out, ["c", "Geheim.", "Om veiligheidsredenen", "d", "Verwijzing.", ""])
    assert result.stopped == "done" and result.decided == 4
    assert [a["label"] for a in lines(out)] == ["deflecting", "deflecting", "confidential", "deflecting"]
    assert list(check_annotations(out)) == []
    assert [a.referral_to for a in load_annotations(out)][3] == ["2"]

    # 4: nothing left to do
    result, shown, script = session(letter, out, [])
    assert result.stopped == "done" and result.written == 0 and script.prompts == []
    assert "already have a decision" in shown


def test_back_replaces_the_previous_decision_in_place(letter: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{LETTER_ID}.jsonl"
    keys = [
        "s", "Voorraad gegeven.", "",  # pair 1
        "p", "Deels.", "",  # pair 2
        "b",  # at pair 3: back to pair 2
        "d", "Alleen uitstel.", "voor de zomer",  # re-label pair 2
        "q",  # at pair 3
    ]
    result, shown, _ = session(letter, out, keys)
    assert result.stopped == "quit" and result.written == 3 and result.decided == 2 and result.relabelled == 1
    assert "current decision: partial" in shown
    saved = lines(out)
    assert [(a["id"], a["label"], a["rationale"]) for a in saved] == [
        (f"{LETTER_ID}#1", "substantive", "Voorraad gegeven."),
        (f"{LETTER_ID}#2", "deflecting", "Alleen uitstel."),
    ]


def test_back_at_the_first_pair_and_unknown_keys_are_re_asked(letter: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{LETTER_ID}.jsonl"
    result, shown, _ = session(letter, out, ["b", "x", "", "s", "", "   ", "Ja.", "", "q"])
    assert "no previous one" in shown and "unknown key 'x'" in shown
    assert "A label without a rationale" in shown
    assert [(a["label"], a["rationale"]) for a in lines(out)] == [("substantive", "Ja.")]


def test_skip_leaves_a_pair_open_for_the_next_run(letter: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{LETTER_ID}.jsonl"
    session(letter, out, ["n", "s", "Ja.", "", "q"])
    assert [a["question_id"] for a in lines(out)] == ["2"]
    _, shown, _ = session(letter, out, ["q"])
    assert f"[1/4] {LETTER_ID}#1" in shown


def test_other_lines_in_the_output_file_are_kept_byte_for_byte(letter: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{LETTER_ID}.jsonl"
    foreign = json.dumps({
        "id": "other#1", "letter_id": "other", "question_id": "1", "question": "V?", "answer": "A.",
        "label": "partial", "rationale": "r", "annotator": "someone", "extra_note": "kept"}, indent=None)
    out.write_text(foreign + "\n")
    session(letter, out, ["s", "Ja.", "", "b", "p", "Toch deels.", "", "q"])
    text = out.read_text().splitlines()
    assert text[0] == foreign
    assert [json.loads(t)["label"] for t in text[1:]] == ["partial"]


def test_a_broken_output_file_is_refused_before_anything_is_asked(letter: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{LETTER_ID}.jsonl"
    out.write_text("{broken\n")
    with pytest.raises(errors.AnnotationError) as caught:
        session(letter, out, ["s"])
    assert str(caught.value).startswith(f"{out}:1:")
    assert out.read_text() == "{broken\n"


class FakeModel:
    """Stands in for classifier.model.estimators: pair 3 is the most uncertain, pair 1 the most certain."""

    top = {"1": 0.9, "2": 0.6, "3": 0.4, "4": 0.7}

    def score_pairs(self, pairs: list[Pair]) -> list[PairScore]:
        scores = []
        for pair in pairs:
            p = self.top[pair.question_id]
            rest = (1 - p) / 3
            cues = []
            if "voor de zomer" in pair.answer:
                start = pair.answer.index("voor de zomer")
                cues = [CueSpan(family="postponement", text="voor de zomer", start=start, end=start + 13)]
            scores.append(
                PairScore(
                    question_id=pair.question_id, question=pair.question, answer=pair.answer, label="deflecting",
                    score=2 / 3, probabilities={"substantive": rest, "partial": rest, "deflecting": p, "confidential": rest},
                    evidence=Evidence(cues=cues),
                )
            )
        return scores


@pytest.fixture
def with_model(letter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    model = tmp_path / "model.joblib"
    model.write_bytes(b"stand-in")
    return model


def test_enter_accepts_the_model_suggestion_and_cues_are_highlighted(letter: Path, with_model: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{LETTER_ID}.jsonl"
    console = Console(file=io.StringIO(), width=100, record=True, force_terminal=True, color_system="truecolor")
    annotate_letter(letter, out, model_path=with_model, load_scorer=lambda path: FakeModel(), annotator="t", console=console,
                    input_fn=Keys(["n", "", "Uitstel.", "voor de zomer", "q"]))
    assert lines(out)[0]["label"] == "deflecting" and lines(out)[0]["id"] == f"{LETTER_ID}#2"
    shown = console.export_text()
    assert "model suggests: deflecting (p=0.60)" in shown and "cues: postponement" in shown
    # the cue is styled in the answer; "[nader]" is shown literally, not read as markup
    assert "[nader]" in shown

    pair = fake_letter().pairs[1]
    text = highlighted_answer(pair, FakeModel().score_pairs([pair])[0])
    assert [text.plain[span.start : span.end] for span in text.spans] == ["voor de zomer"]
    assert highlighted_answer(pair, None).spans == []


def test_uncertain_first_orders_by_lowest_top_probability(letter: Path, with_model: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{LETTER_ID}.jsonl"
    keys = ["", "r.", "", "", "r.", "", "", "r.", "", "q"]
    _, shown, _ = session(letter, out, keys, model_path=with_model, load_scorer=lambda path: FakeModel(), uncertain_first=True)
    assert [a["question_id"] for a in lines(out)] == ["3", "2", "4"]
    assert "Least certain pairs first" in shown


def test_uncertain_first_without_a_model_says_so(letter: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{LETTER_ID}.jsonl"
    _, shown, _ = session(letter, out, ["s", "Ja.", "", "q"], uncertain_first=True)
    assert "No trained model: pairs in document order" in shown
    assert lines(out)[0]["question_id"] == "1"


def test_explicit_model_path_must_exist(letter: Path, tmp_path: Path) -> None:
    with pytest.raises(errors.InputNotFound):
        session(letter, tmp_path / "o.jsonl", [], model_path=tmp_path / "missing.joblib")


def test_annotator_comes_from_user_or_is_required(letter: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "o.jsonl"
    monkeypatch.setenv("USER", "marije")
    annotate_letter(letter, out, input_fn=Keys(["s", "Ja.", "", "q"]), console=Console(file=io.StringIO()))
    assert lines(out)[0]["annotator"] == "marije"
    monkeypatch.delenv("USER")
    with pytest.raises(errors.UsageError, match="expected an annotator name, found none") as caught:
        annotate_letter(letter, tmp_path / "p.jsonl", input_fn=Keys([]), console=Console(file=io.StringIO()))
    assert caught.value.hint is not None and "--annotator" in caught.value.hint


def test_cli_annotate_without_user_or_annotator_is_a_usage_error(letter: Path, tmp_path: Path, capsys,
                                                                  monkeypatch) -> None:
    """No name to put in the annotations is a problem of how the command was called (exit 2, with the option
    to give), not of an annotation file (11), and nothing is written."""
    monkeypatch.delenv("USER", raising=False)
    out = tmp_path / "o.jsonl"
    assert run(["annotate", str(letter), "-o", str(out)]) == errors.UsageError.exit_code == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: expected an annotator name, found none (no --annotator and $USER is not set)",
        "hint: give your name with --annotator NAME"]
    assert not out.exists()


def test_annotate_help_names_every_letter_type_the_short_out_and_the_model_setting(capsys, monkeypatch) -> None:
    """The help listed .txt, .pdf and .docx, though web pages are read too; `-o` and EVASION_MODEL were missing."""
    monkeypatch.setenv("COLUMNS", "200")
    assert run(["annotate", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "(.txt, .pdf, .docx, .html, .htm)" in text
    assert "--out -o PATH" in text
    assert "(default: models/evasion.skops, env EVASION_MODEL, if it exists)" in text


def test_cli_annotate_reads_keys_from_stdin(letter: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    out = tmp_path / f"{LETTER_ID}.jsonl"
    monkeypatch.setattr("sys.stdin", io.StringIO("s\nVoorraad gegeven.\n1,2 miljoen\nq\n"))
    code = run(["annotate", str(letter), "--out", str(out), "--annotator", "cli-user"])
    printed = capsys.readouterr().out
    assert code == 0
    assert "1 decision written this session, 1 of 4 pairs decided" in printed
    assert [(a["label"], a["annotator"], a["cues"]) for a in lines(out)] == [("substantive", "cli-user", ["1,2 miljoen"])]


def test_cli_annotate_interrupt_exits_130_and_keeps_decisions(letter: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    out = tmp_path / f"{LETTER_ID}.jsonl"
    keys = Keys(["s", "Ja.", "", KeyboardInterrupt])
    monkeypatch.setattr("builtins.input", keys)
    code = run(["annotate", str(letter), "--out", str(out), "--annotator", "x"])
    assert code == 130
    assert "interrupted; every decision made is saved" in capsys.readouterr().out
    assert len(lines(out)) == 1 and list(check_annotations(out)) == []


# ------------------------------------------- the real splitter on a real-format letter


def test_real_letter_session_with_model_resumes_and_passes_the_check(
    letter_file: Path, fake_model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """conftest's four-question Kamervragen letter through classifier.letters.pairs, with conftest's FakeModel."""
    from classifier.letters.pairs import read_letter

    model = tmp_path / "model.joblib"
    model.write_bytes(b"stand-in")
    monkeypatch.setattr(cli_annotate, "load_scorer", lambda path: fake_model)
    out = tmp_path / "munitie.jsonl"
    ids = [pair.id for pair in read_letter(letter_file).pairs]

    # pair 1 by hand, pair 2 accepts the model (confidential), then the input ends
    monkeypatch.setattr("sys.stdin", io.StringIO("s\nBedrag gegeven.\n€ 3 miljard\n\nGeheim.\nom veiligheidsredenen\n"))
    assert run(["annotate", str(letter_file), "--out", str(out), "--model", str(model), "--annotator", "a"]) == 0
    first = capsys.readouterr().out
    assert "model suggests: confidential (p=0.70)" in first and "end of input" in first
    assert [(a["id"], a["label"]) for a in lines(out)] == [(ids[0], "substantive"), (ids[1], "confidential")]

    # the re-run starts at pair 3, which refers to 2; pair 4 accepts the model's postponement label
    monkeypatch.setattr("sys.stdin", io.StringIO("d\nVerwijst naar 2.\n\n\nUitstel.\nvoor de zomer\n"))
    assert run(["annotate", str(letter_file), "--out", str(out), "--model", str(model), "--annotator", "a"]) == 0
    second = capsys.readouterr().out
    assert ids[0] not in second and ids[2] in second
    assert "<script>alert('x')</script>" in second  # letter text is shown literally
    saved = load_annotations(out)
    assert [a.id for a in saved] == ids
    assert [a.label for a in saved] == ["substantive", "confidential", "deflecting", "deflecting"]
    assert saved[2].referral_to == ["2"]
    assert run(["annotations", "check", str(out)]) == 0


# ------------------------------------------- one session per file; the file checked before the first question


def test_a_second_session_on_the_same_file_is_refused_and_the_lock_goes_away(letter: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{LETTER_ID}.jsonl"
    seen: dict[str, object] = {}

    def second_session(prompt: str) -> str:  # typed at pair 2 of the first session, which holds the file
        with pytest.raises(errors.OutputError, match="is being annotated in another session") as caught:
            session(letter, out, ["s", "B.", ""])
        seen.update(error=str(caught.value), locks=[p.name for p in tmp_path.glob("*.lock*")],
                    check=list(check_annotations(tmp_path)))
        return "p"

    result, _, _ = session(letter, out, ["s", "A.", "", second_session, "A2.", "", "q"])
    assert str(seen["error"]).startswith(f"{out}: ") and seen["check"] == []  # `check` ignores the lock
    assert seen["locks"] and not list(tmp_path.glob("*.lock*"))  # held during the session, removed after
    assert [(a["label"], a["annotator"]) for a in lines(out)] == [("substantive", "tester"), ("partial", "tester")]


def test_a_session_in_another_process_holds_the_file_and_a_killed_one_does_not(letter_file: Path, tmp_path: Path, capsys,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("fcntl")
    out = tmp_path / "munitie.jsonl"
    monkeypatch.setenv("EVASION_MODEL", str(tmp_path / "no-model.skops"))
    holder = subprocess.Popen(
        [sys.executable, "-c", "from classifier.cli import main; main()", "annotate", str(letter_file), "--out", str(out),
         "--annotator", "a"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        shown = ""
        while not shown.endswith("label> "):  # the other session is waiting for its first label
            shown += holder.stdout.read(1) or pytest.fail(f"the holder ended: {shown}")
        monkeypatch.setattr("sys.stdin", io.StringIO("s\nJa.\n\nq\n"))
        assert run(["annotate", str(letter_file), "--out", str(out), "--annotator", "b"]) == 17
        assert f"{out}: is being annotated in another session" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert (tmp_path / ".munitie.jsonl.lock").exists()  # left by the kill, but locks nothing
    monkeypatch.setattr("sys.stdin", io.StringIO("s\nJa.\n\nq\n"))
    assert run(["annotate", str(letter_file), "--out", str(out), "--annotator", "b"]) == 0
    assert [a["annotator"] for a in lines(out)] == ["b"] and run(["annotations", "check", str(out)]) == 0


def test_a_relabel_keeps_lines_added_to_the_file_during_the_session(letter: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{LETTER_ID}.jsonl"
    foreign = json.dumps({"id": "other#1", "letter_id": "other", "question_id": "1", "question": "V?", "answer": "A.",
                          "label": "partial", "rationale": "r", "annotator": "editor"})

    def edit_then_back(prompt: str) -> str:  # an editor adds a line; then `b` and a new label rewrite the file
        out.write_text(out.read_text() + foreign + "\n")
        return "b"

    session(letter, out, ["s", "Ja.", "", edit_then_back, "p", "Deels.", "", "q"])
    assert out.read_text().splitlines()[1] == foreign
    assert [a["label"] for a in lines(out)] == ["partial", "partial"]


@pytest.mark.parametrize("kind", ["pipe", "stdin", "read-only", "under-a-file", "folder-not-writable"])
def test_an_out_that_cannot_be_written_is_refused_before_the_first_question(letter: Path, tmp_path: Path, kind: str) -> None:
    out = tmp_path / "o.jsonl"
    restore: list[Callable[[], None]] = []
    if kind == "pipe":  # what /dev/stdout is when piped: a link to a link to a pipe that does not exist by name
        if not Path("/proc/self/fd").is_dir():
            pytest.skip("no /proc")
        read_end, write_end = os.pipe()
        restore += [lambda: os.close(read_end), lambda: os.close(write_end)]
        out = Path(f"/proc/self/fd/{write_end}")
    elif kind == "stdin":  # `--out /dev/stdout` with the output redirected to a log: the log itself
        out.write_text("")
        saved, handle = os.dup(0), os.open(out, os.O_RDONLY)
        os.dup2(handle, 0)
        restore += [lambda: os.dup2(saved, 0), lambda: os.close(saved), lambda: os.close(handle)]
    elif kind == "read-only":
        out.write_text("")
        out.chmod(0o444)
    elif kind == "under-a-file":
        (tmp_path / "f.txt").write_text("x")
        out = tmp_path / "f.txt" / "o.jsonl"
    else:
        if os.geteuid() == 0:
            pytest.skip("root writes any folder")
        (tmp_path / "ro").mkdir(mode=0o555)
        out = tmp_path / "ro" / "o.jsonl"
    script = Keys(["s", "Ja.", "", "q"])
    try:
        with pytest.raises(errors.OutputError):
            annotate_letter(letter, out, input_fn=script, console=Console(file=io.StringIO()), annotator="t")
    finally:
        for undo in restore:
            undo()
    assert script.prompts == []
    assert not list(tmp_path.glob(".*.lock"))


def test_q_at_the_rationale_or_cues_prompt_quits_without_saving_that_pair(letter: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    result, _, _ = session(letter, out, ["s", "q", "", "q"])
    assert (result.stopped, result.written, out.exists()) == ("quit", 0, False)
    result, _, script = session(letter, out, ["s", "Ja.", "", "p", "Deels.", "Q", "q"])
    assert (result.stopped, result.written) == ("quit", 1)
    assert [a["rationale"] for a in lines(out)] == ["Ja."]
    # both prompts say what q does to the pair under way (the cues prompt said only "q = quit")
    assert all("q = quit without saving this pair" in prompt for prompt in script.prompts if not prompt.startswith("label"))


CUT_LETTER = """Klopt het dat economen een verbod hebben gekregen om onderzoek te doen naar een Brexit?
Het kabinet is hiervan niets bekend.
Kunt u bevestigen dat deze instructie afkomstig is van Jean-Claude Juncker?
Zie antwoord vraag 1.
Deelt u de mening dat de onderzoeksagenda van de Europese Commissie onafhankelijk zou moeten zijn?
[...]
"""


def test_cut_off_pairs_are_not_offered_and_the_start_says_so(tmp_path: Path, capsys, monkeypatch) -> None:
    letter_path, out = tmp_path / "cut.txt", tmp_path / "cut.jsonl"
    letter_path.write_text(CUT_LETTER, encoding="utf-8")
    monkeypatch.setenv("EVASION_MODEL", str(tmp_path / "no-model.skops"))
    monkeypatch.setattr("sys.stdin", io.StringIO("s\nJa.\n\nd\nVerwijzing.\n\n"))
    assert run(["annotate", str(letter_path), "--out", str(out), "--annotator", "a"]) == 0
    printed = " ".join(capsys.readouterr().out.split())  # rich wraps lines
    assert "Skipped 1 of 3 pairs whose answer is cut off or empty" in printed and "cut#3" in printed
    assert "reached the last pair: 2 decisions written this session, 2 of 2 pairs decided" in printed
    assert "(1 cut-off pair not offered)" in printed and "[3/" not in printed
    assert [a["id"] for a in lines(out)] == ["cut#1", "cut#2"]


def test_a_letter_with_only_cut_off_pairs_has_nothing_to_label(letter: Path, tmp_path: Path, monkeypatch) -> None:
    cut = [pair.model_copy(update={"complete": False}) for pair in fake_letter().pairs]
    monkeypatch.setattr(annotate_mod, "read_letter", lambda path: fake_letter().model_copy(update={"pairs": cut}))
    with pytest.raises(errors.NoPairs, match="all 4 answers are cut off or empty"):
        session(letter, tmp_path / "o.jsonl", ["s", "Ja.", "", "q"])
    assert not (tmp_path / "o.jsonl").exists()


# ------------------------------------------- review 5b: another letter, referrals, Enter after b, keys, closing line


def other_letter(question: str | None = None, answer: str | None = None) -> Letter:
    """fake_letter with pair 1's question or answer changed: another letter whose file has the same name."""
    letter = fake_letter()
    first = letter.pairs[0].model_copy(update={"question": question or letter.pairs[0].question,
                                               "answer": answer or letter.pairs[0].answer})
    return letter.model_copy(update={"pairs": [first, *letter.pairs[1:]]})


@pytest.mark.parametrize("changed", [{"question": "Hoeveel granaten zijn er besteld?"}, {"answer": "Nul."}])
def test_another_letter_with_the_same_id_is_refused_before_any_question(
        letter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: dict[str, str]) -> None:
    """`sub/sg.txt` after `sg.txt` into one file: matched on the id alone, its pair 1 counted as done and a
    relabel replaced the first letter's decision. Now nothing is asked and nothing is written."""
    out = tmp_path / "x.jsonl"
    session(letter, out, ["s", "Voorraad gegeven.", "", "q"])
    before = out.read_bytes()
    monkeypatch.setattr(annotate_mod, "read_letter", lambda path: other_letter(**changed))
    with pytest.raises(errors.OutputError, match=f"decision for {LETTER_ID}#1 .* another {next(iter(changed))}") as caught:
        session(letter, out, ["b", "d", "Anders.", "", "q"])
    assert str(caught.value).startswith(f"{out}: ") and "another --out" in (caught.value.hint or "")
    assert caught.value.exit_code == 17
    assert out.read_bytes() == before

    # the same letter with its text wrapped differently resumes as before
    monkeypatch.setattr(annotate_mod, "read_letter", lambda path: other_letter(question="Hoeveel munitie ligt\ner  op voorraad?"))
    result, shown, _ = session(letter, out, ["q"])
    assert result.decided == 1 and f"[2/4] {LETTER_ID}#2" in shown


class ReadingModel:
    """Labels an answer that is a referral ("Zie ...") deflecting and anything else substantive, so a suggestion
    made on a referral's own words differs from the one made on its reading."""

    version = "reading-1"

    def score_pairs(self, pairs: list[Pair]) -> list[PairScore]:
        def one(pair: Pair) -> PairScore:
            label = "deflecting" if pair.answer.startswith("Zie") else "substantive"
            probabilities = {name: (0.7 if name == label else 0.1) for name in ("substantive", "partial", "deflecting",
                                                                                 "confidential")}
            return PairScore(question_id=pair.question_id, question=pair.question, answer=pair.answer, label=label,
                             score=0.0, probabilities=probabilities, evidence=Evidence())
        return [one(pair) for pair in pairs]


def test_suggestions_are_what_score_gives_and_a_referral_shows_the_referred_answer(tmp_path: Path) -> None:
    """Suggestions came from the raw pairs, so "Zie antwoord vraag 2." was suggested on its own words while
    `evasion score` reads it as answer 2 (guide rule 5)."""
    from classifier.letters.pairs import read_letter
    from classifier.scoring.letter import score_letter

    example = Path(__file__).resolve().parent.parent / "examples" / "kamervragen_munitietekort.txt"
    model = tmp_path / "model.skops"
    model.write_bytes(b"stand-in")
    pairs = read_letter(example).pairs
    assert any(pair.referral_to for pair in pairs if pair.complete)
    suggested = annotate_mod._suggestions(pairs, model, lambda path: ReadingModel())
    scored = [s.label for s, pair in zip(score_letter(example, model=ReadingModel()).pairs, pairs) if pair.complete]
    assert [s.label for s in suggested if s is not None] == scored and None not in suggested

    console = Console(file=io.StringIO(), width=200, record=True)
    annotate_letter(example, tmp_path / "m.jsonl", model_path=model, load_scorer=lambda path: ReadingModel(),
                    annotator="t", console=console, input_fn=Keys(["n", "n", "q"]))
    shown = console.export_text()
    assert "refers to: 2" in shown and "answer 2: Munitietekorten zijn altijd onwenselijk." in shown


def test_enter_keeps_the_current_decision_after_back(letter: Path, with_model: Path, tmp_path: Path) -> None:
    """Enter on a labelled pair replaced the annotator's label with the model's (deflecting here)."""
    out = tmp_path / f"{LETTER_ID}.jsonl"
    result, shown, script = session(letter, out, ["s", "Voorraad gegeven.", "", "b", "", "q"],
                                    model_path=with_model, load_scorer=lambda path: FakeModel())
    assert [a["label"] for a in lines(out)] == ["substantive"]
    assert (result.written, result.relabelled) == (1, 0)
    assert "label (Enter keeps substantive)> " in script.prompts and f"kept: {LETTER_ID}#1 = substantive" in shown
    assert script.prompts[-1] == "label> "  # pair 2, no decision yet: Enter would accept the suggestion


def test_label_words_are_accepted_and_question_mark_shows_the_help(letter: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{LETTER_ID}.jsonl"
    keys = ["?", "partial", "Deels.", "", "h", "Confidential", "Geheim.", "", "q"]
    _, shown, _ = session(letter, out, keys)
    assert "unknown key" not in shown and shown.count("At the label prompt") == 2
    assert [a["label"] for a in lines(out)] == ["partial", "confidential"]


def test_cli_closing_line_starts_on_a_new_line_counts_relabels_and_says_when_nothing_was_written(
        letter: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    def interrupt(prompt: str) -> str:  # as input() does: the prompt is written, Ctrl-C comes before the newline
        sys.stdout.write(prompt)
        raise KeyboardInterrupt

    monkeypatch.setenv("COLUMNS", "400")  # the temporary folder's long path on one line, whatever its length
    out = tmp_path / "x.jsonl"
    monkeypatch.setattr("builtins.input", Keys(["s", "Ja.", "", "b", "p", "Deels.", "", interrupt]))
    assert run(["annotate", str(letter), "--out", str(out), "--annotator", "x"]) == 130
    printed = capsys.readouterr().out
    assert "label> \ninterrupted; every decision made is saved" in printed  # not "label> interrupted; ..."
    assert "2 decisions written this session (1 relabelled), 1 of 4 pairs decided" in " ".join(printed.split())

    never = tmp_path / "x2.jsonl"
    monkeypatch.setattr("builtins.input", Keys(["q"]))
    assert run(["annotate", str(letter), "--out", str(never), "--annotator", "x"]) == 0
    printed = " ".join(capsys.readouterr().out.split())
    assert f"quit: nothing written, {never} was not created" in printed and "0 of 4" not in printed
