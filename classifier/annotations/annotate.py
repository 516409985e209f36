"""`evasion annotate`: label the pairs of one letter in the terminal.

Annotators label in short sittings and get interrupted, so every decision is
written the moment it is made (atomically, classifier.io), a re-run resumes at the
first pair without a decision, and Ctrl-C or end of input never costs a decision
already made. When a trained model exists its suggestion and the cue spans it found
are shown, so the annotator can accept with Enter, or start with the pairs the
model is least sure of (`uncertain_first`), where a human label teaches it most.

One session at a time may hold an annotation file (a lock next to it): a second session
on the same file would keep a stale copy of its lines and erase the first one's decisions
when it rewrites them. The file is checked before the first question is shown, so a
decision is never typed into a session that cannot save it. Pairs whose answer is cut
off or empty (`Pair.complete` is False) are not offered: a label would judge an answer
the annotator cannot see.

Keys are read one line at a time through `input_fn`, so a session can be scripted
and tested; everything is shown on a rich Console handed in by the caller.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from classifier import errors
from classifier.annotations.files import read_annotation_lines
from classifier.config import get_settings
from classifier.io import (
    atomic_append_lines,
    atomic_write_text,
    exclusive_output_lock,
    refuse_inputs_as_output,
    resolve_output,
)
from classifier.letters.pairs import read_letter
from classifier.letters.referrals import referred_indices, score_as_read
from classifier.types import Annotation, Pair, PairScore, PairScorer

KEYS: dict[str, str] = {"s": "substantive", "p": "partial", "d": "deflecting", "c": "confidential"}
HELP = ("s/p/d/c (or the word) = substantive/partial/deflecting/confidential, Enter = keep the current decision "
        "or accept the suggestion, n = skip, b = back, q = quit, ? = help")
FULL_HELP = """At the label prompt:
  s or substantive, p or partial, d or deflecting, c or confidential: label this pair
  Enter: keep the pair's current decision if it has one, else accept the model's suggestion
  n: leave this pair as it is (open, or with its current decision) and go on
  b: back to the previous pair, to change its decision
  q: quit; every decision saved so far stays saved, a pair under way is not saved
  ? or h: this help
A label is followed by one line of rationale and the cues (verbatim from the answer, ';'-separated).
Referral answers ("Zie antwoord vraag 2.") are judged by what the referred answers give to this
question (guide rule 5); the referred answers are shown under "refers to"."""
CUE_STYLE = "bold black on yellow"
QUIT = "q"
RATIONALE_PROMPT = "rationale (what was asked, what was given; q = quit without saving this pair)> "
CUES_PROMPT = "cues (verbatim from the answer, ';'-separated, Enter for none, q = quit without saving this pair)> "
SHOWN_CHARS = 300
"""How much of a referred answer is shown under "refers to": enough to judge it by (guide rule 5)."""
BUSY = "is being annotated in another session; quit that one first (q), or choose another --out"

Stopped = Literal["done", "quit", "interrupted", "eof"]


@dataclass(frozen=True)
class SessionResult:
    out: Path
    written: int
    """Decisions written in this session, replacements included."""
    decided: int
    """Pairs of the letter that now have a decision in `out`."""
    total: int
    """Pairs offered for labelling: the letter's complete pairs."""
    stopped: Stopped
    skipped: tuple[str, ...] = ()
    """Ids of the pairs not offered because their answer is cut off or empty."""
    relabelled: int = 0
    """Of `written`, the decisions that replaced one already in `out` (a pair relabelled, not a new one)."""


ScorerLoader = Callable[[Path], PairScorer]
"""Loads the model file at a path; the caller hands it in (the CLI gives classifier.model's
loader), so labelling never imports the model stage and works without a model."""


def _suggestions(letter_pairs: list[Pair], model_path: Path | None,
                 load_scorer: ScorerLoader | None) -> list[PairScore | None]:
    """One model score per complete pair, or all None when no model file exists (or no loader was given).

    The whole letter is scored as `evasion score` scores it (`score_as_read`: a referral answer is read as
    the answers it points to), so a suggestion is the label `score` gives, and a referral to a cut-off
    pair reads that pair too."""
    offered = [pair for pair in letter_pairs if pair.complete]
    path = model_path or get_settings().model_path
    if not path.exists():
        if model_path is not None:
            raise errors.InputNotFound("no model file here", path=path, hint="train one with `evasion train`")
        return [None] * len(offered)
    if load_scorer is None:
        if model_path is not None:
            raise errors.UsageError("a model file was given but no loader for it (load_scorer)")
        return [None] * len(offered)
    scores = score_as_read(load_scorer(path), letter_pairs)
    if len(scores) == len(letter_pairs):
        return [score for score, pair in zip(scores, letter_pairs, strict=True) if pair.complete]
    by_id = {score.question_id: score for score in scores}
    return [by_id.get(pair.question_id) for pair in offered]


def _shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def referred_answers(letter_pairs: list[Pair]) -> dict[str, list[str]]:
    """For each referral pair's id, a shortened line per referred answer, found as scoring finds them: the
    annotator judges "Zie antwoord vraag 2." by what answer 2 gives to this question (guide rule 5)."""
    shown: dict[str, list[str]] = {}
    for i, pair in enumerate(letter_pairs):
        if pair.referral_to:
            found = referred_indices(letter_pairs, i)
            shown[pair.id] = [f"answer {letter_pairs[j].question_id}: {_shorten(letter_pairs[j].answer)}"
                              for j in found] or ["(the referred answer is not in this letter)"]
    return shown


def highlighted_answer(pair: Pair, score: PairScore | None) -> Text:
    """The answer as plain text (no markup: answers contain "[...]") with the model's cue spans marked."""
    answer = Text(pair.answer)
    if score is not None:
        for cue in score.evidence.cues:
            answer.stylize(CUE_STYLE, cue.start, cue.end)
    return answer


class _Decisions:
    """The output file as raw lines, so a replaced decision leaves every other line byte for byte."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.lines: list[str] = []
        self.index: dict[str, int] = {}
        self.labels: dict[str, str] = {}
        self.texts: dict[str, tuple[str, str]] = {}
        self.load()

    def load(self) -> None:
        """Read the file as it is on disk now."""
        self.lines, self.index, self.labels, self.texts = [], {}, {}, {}
        if self.out.exists():
            for raw, data in read_annotation_lines(self.out):
                self.index[data["id"]] = len(self.lines)
                self.labels[data["id"]] = data["label"]
                self.texts[data["id"]] = (str(data.get("question", "")), str(data.get("answer", "")))
                self.lines.append(raw)

    def __contains__(self, ident: str) -> bool:
        return ident in self.index

    def write(self, annotation: Annotation) -> bool:
        """Add or replace one decision; True when it replaced one. A replacement rewrites the whole file,
        so the file is read again first: lines added since the session started (an editor) are kept."""
        line = json.dumps(annotation.model_dump(mode="json"), ensure_ascii=False)
        if annotation.id in self.index:
            self.load()
        replaced = annotation.id in self.index
        if replaced:
            self.lines[self.index[annotation.id]] = line
            atomic_write_text(self.out, "".join(item + "\n" for item in self.lines))
        else:
            atomic_append_lines(self.out, [line])
            self.index[annotation.id] = len(self.lines)
            self.lines.append(line)
        self.labels[annotation.id] = annotation.label
        self.texts[annotation.id] = (annotation.question, annotation.answer)
        return replaced

    def refuse_another_letter(self, pairs: list[Pair]) -> None:
        """Refuse a file holding a decision under one of these pairs' ids for another text.

        A letter's id is its file name, so `sub/sg.txt` and `sg.txt` share the ids `sg#1`, `sg#2`: matched
        on the id alone, the other letter's pairs would count as done and a relabel would replace (lose)
        its decision. Spacing is not compared: an imported or hand-edited line may wrap differently."""
        for pair in pairs:
            if pair.id not in self.texts:
                continue
            for part, mine, found in zip(("question", "answer"), (pair.question, pair.answer), self.texts[pair.id]):
                if " ".join(mine.split()) != " ".join(found.split()):
                    raise errors.OutputError(
                        f"expected the decision for {pair.id} to be about this letter's {part} {pair.question_id} "
                        f"({_shorten(mine, 60)!r}), found another {part} ({_shorten(found, 60)!r}): it holds another "
                        f"letter with the same id (the file name), whose decisions a relabel here would replace",
                        path=self.out, hint="choose another --out for this letter; nothing was written")


class _Session:
    def __init__(self, pairs: list[Pair], scores: list[PairScore | None], decisions: _Decisions, annotator: str,
                 input_fn: Callable[[str], str], console: Console, referred: dict[str, list[str]] | None = None) -> None:
        self.pairs, self.scores, self.decisions = pairs, scores, decisions
        self.annotator, self.input_fn, self.console = annotator, input_fn, console
        self.referred = referred or {}
        self.written = self.relabelled = 0

    def next_open(self, after: int) -> int | None:
        """The first pair after position `after` without a decision."""
        for pos in range(after + 1, len(self.pairs)):
            if self.pairs[pos].id not in self.decisions:
                return pos
        return None

    def run(self) -> Stopped:
        pos = self.next_open(-1)
        if pos is None:
            every = "The one pair already has" if len(self.pairs) == 1 else f"All {len(self.pairs)} pairs already have"
            self.console.print(f"{every} a decision in {self.decisions.out}.", markup=False)
            return "done"
        while pos is not None:
            action = self.ask(pos)
            if action == "quit":
                return "quit"
            if action == "back":
                pos -= 1
            else:
                pos = self.next_open(pos)
        return "done"

    def show(self, pos: int) -> None:
        pair, score = self.pairs[pos], self.scores[pos]
        self.console.rule(Text(f"[{pos + 1}/{len(self.pairs)}] {pair.id}"))
        details = [f"{name}: {value}" for name, value in (("section", pair.section), ("party", pair.party)) if value]
        if pair.referral_to:
            details.append(f"refers to: {', '.join(pair.referral_to)}")
        if details:
            self.console.print(Text("  ".join(details), style="dim"))
        for line in self.referred.get(pair.id, []):
            self.console.print(Text(f"  {line}", style="dim"))
        self.console.print(Panel(Text(pair.question), title="Vraag", title_align="left"))
        self.console.print(Panel(highlighted_answer(pair, score), title="Antwoord", title_align="left"))
        if score is not None:
            probability = score.probabilities.get(score.label, 0.0)
            families = sorted({cue.family for cue in score.evidence.cues})
            line = f"model suggests: {score.label} (p={probability:.2f})"
            self.console.print(Text(line + (f"  cues: {', '.join(families)}" if families else ""), style="cyan"))
        current = self.decisions.labels.get(pair.id)
        if current:
            self.console.print(Text(f"current decision: {current} (Enter or n keeps it; a new label replaces it)",
                                    style="green"))
        self.console.print(Text(HELP, style="dim"))

    def read_label(self, pos: int) -> str:
        """A label, or "skip", "back" or "quit". Enter keeps a current decision (after `b`, Enter must not
        swap a human label for the model's guess), else takes the suggestion."""
        pair, score = self.pairs[pos], self.scores[pos]
        current = self.decisions.labels.get(pair.id)
        prompt = f"label (Enter keeps {current})> " if current else "label> "
        while True:
            key = self.input_fn(prompt).strip().lower()
            if key in (QUIT, "n", "b") or (key == "" and current):
                if key == "b" and pos == 0:
                    self.console.print("This is the first pair; there is no previous one.")
                    continue
                if key == "":
                    self.console.print(Text(f"kept: {pair.id} = {current}", style="green"))
                return {QUIT: "quit", "b": "back"}.get(key, "skip")
            if key in ("?", "h", "help"):
                self.console.print(Text(FULL_HELP), markup=False)
                continue
            if key == "" and score is not None:
                return score.label
            if key in KEYS or key in KEYS.values():
                return KEYS.get(key, key)
            reason = "no model suggestion to accept" if key == "" else f"unknown key {key!r}"
            self.console.print(Text(f"{reason}; {HELP}", style="red"))

    def ask(self, pos: int) -> Literal["labelled", "skip", "back", "quit"]:
        self.show(pos)
        pair = self.pairs[pos]
        label = self.read_label(pos)
        if label in ("skip", "back", "quit"):
            return label  # type: ignore[return-value]
        rationale = self.ask_rationale()
        if rationale is None:
            return "quit"
        cues = self.ask_cues(pair.answer)
        if cues is None:
            return "quit"
        replaced = self.decisions.write(Annotation(
            id=pair.id, letter_id=pair.letter_id, question_id=pair.question_id, question=pair.question,
            answer=pair.answer, label=label, referral_to=list(pair.referral_to), cues=cues,  # type: ignore[arg-type]
            rationale=rationale, annotator=self.annotator, section=pair.section, party=pair.party))
        self.written += 1
        self.relabelled += replaced
        self.console.print(Text(f"saved: {pair.id} = {label}" + (" (relabelled)" if replaced else ""), style="green"))
        return "labelled"

    def ask_rationale(self) -> str | None:
        """The rationale, or None for `q`: quit is quit at every prompt (README's keys), and a
        one-letter "q" is no rationale, so the pair under way is left without a decision."""
        while True:
            rationale = self.input_fn(RATIONALE_PROMPT).strip()
            if rationale.lower() == QUIT:
                return None
            if rationale:
                return rationale
            self.console.print(Text("A label without a rationale is not an annotation; one line, please.", style="red"))

    def ask_cues(self, answer: str) -> list[str] | None:
        """The cues, or None for `q` (quit, the pair under way unsaved, as the prompt says)."""
        while True:
            raw = self.input_fn(CUES_PROMPT)
            if raw.strip().lower() == QUIT:
                return None
            cues = [cue.strip() for cue in raw.split(";") if cue.strip()]
            missing = [cue for cue in cues if cue not in answer]
            if not missing:
                return cues
            quoted = "; ".join(repr(cue) for cue in missing)
            self.console.print(Text(f"not found verbatim in the answer: {quoted}; type them again", style="red"))


def annotate_letter(
    letter_path: str | Path,
    out: str | Path,
    *,
    model_path: str | Path | None = None,
    load_scorer: ScorerLoader | None = None,
    uncertain_first: bool = False,
    annotator: str | None = None,
    input_fn: Callable[[str], str] | None = None,
    console: Console | None = None,
) -> SessionResult:
    """Run the labelling loop for one letter, writing each decision to `out` at once.

    Returns how the session ended; Ctrl-C (KeyboardInterrupt) and end of input are
    normal endings here, not errors, because everything decided is already on disk.
    """
    console = console or Console()
    who = annotator or os.environ.get("USER")
    if not who:
        raise errors.UsageError("expected an annotator name, found none (no --annotator and $USER is not set)",
                                hint="give your name with --annotator NAME")
    target = resolve_output(out)
    refuse_unwritable(out, target)
    refuse_inputs_as_output(target, [letter_path])
    letter = read_letter(letter_path)
    pairs = [pair for pair in letter.pairs if pair.complete]
    skipped = tuple(pair.id for pair in letter.pairs if not pair.complete)
    if not pairs:
        raise errors.NoPairs(f"no complete pair to label: all {len(skipped)} answers are cut off or empty",
                             path=letter_path)
    with exclusive_output_lock(target, BUSY):  # also proves the folder writable before the first question
        decisions = _Decisions(target)  # read under the lock: no other session changes it from here on
        decisions.refuse_another_letter(pairs)
        if skipped:
            console.print(f"Skipped {len(skipped)} of {len(letter.pairs)} pairs whose answer is cut off or empty in "
                          f"this text (a label would judge an answer not shown): {', '.join(skipped)}", markup=False)
        scores = _suggestions(letter.pairs, Path(model_path) if model_path is not None else None, load_scorer)
        if uncertain_first:
            if any(score is not None for score in scores):
                order = sorted(range(len(pairs)), key=lambda i: (_certainty(scores[i]), i))
                pairs, scores = [pairs[i] for i in order], [scores[i] for i in order]
                console.print("Least certain pairs first (lowest model probability).")
            else:
                console.print("No trained model: pairs in document order.")
        session = _Session(pairs, scores, decisions, who, input_fn or input, console, referred_answers(letter.pairs))
        stopped: Stopped
        try:
            stopped = session.run()
        except KeyboardInterrupt:
            stopped = "interrupted"
        except EOFError:
            stopped = "eof"
    decided = sum(1 for pair in pairs if pair.id in decisions)
    return SessionResult(out=target, written=session.written, decided=decided, total=len(pairs), stopped=stopped,
                         skipped=skipped, relabelled=session.relabelled)


def refuse_unwritable(out: str | Path, target: Path) -> None:
    """Refuse, before the first question, an annotation file that the first decision could not be saved to.

    Followed through every link (`/dev/stdout` is a link to a link to a pipe), it must be a regular
    file: a device, pipe or socket cannot be resumed. It must not be one of this process's standard
    streams (`--out /dev/stdout` with output redirected to a log), which the session writes to as well,
    and it must not be read-only: the atomic write would replace it, but a file made read-only was
    frozen on purpose. A folder that cannot be written is found when the lock is created next to it.
    """
    try:
        found = os.stat(out)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise errors.OutputError(f"cannot be opened: {exc.strerror or exc}", path=out) from exc
    if not stat.S_ISREG(found.st_mode):
        raise errors.OutputError("is not a regular file (a device, pipe or socket); annotations are kept in a file "
                                 "that a later session resumes", path=out)
    for fd, name in ((0, "input"), (1, "output"), (2, "error output")):
        try:
            if os.path.samestat(found, os.fstat(fd)):
                raise errors.OutputError(f"is this session's standard {name}; give the annotation file's own name",
                                         path=out)
        except OSError:
            continue
    if not found.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise errors.OutputError("is read-only; make it writable (chmod u+w) or choose another --out", path=out)


def _certainty(score: PairScore | None) -> float:
    """The model's top probability; pairs without a score go last."""
    if score is None or not score.probabilities:
        return 2.0
    return max(score.probabilities.values())
