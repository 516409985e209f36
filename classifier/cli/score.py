"""`evasion score FILE...`: score letters and show or write the result."""

from __future__ import annotations

import io
import os
import sys
import warnings
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from classifier.cli._app import (  # noqa: F401
    LETTER_SUFFIXES,
    annotations_app,
    app,
    file_output,
    folder_output,
    names_folder,
    typed_path,
)
from classifier.config import get_settings
from classifier.errors import BatchFailed, EvasionError, OutputError, StoreError
from classifier.io import (
    AtomicStream,
    atomic_write_text,
    output_format,
    refuse_database_as_output,
    refuse_inputs_as_output,
    refuse_same_output,
)
from classifier.outputs.wording import plural
from classifier.types import LetterScore


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


@app.command("score")
def score(
    files: Annotated[
        list[Path], typer.Argument(help="Letters to score (.txt, .pdf, .docx, .html, .htm), or a folder of them.", show_default=False)
    ],
    output_format_: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format", "-f", help="table (terminal), json, csv or html (default: from the --out extension, "
            "else table).", case_sensitive=False, show_default=False,
        ),
    ] = None,
    out_given: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            metavar="PATH",
            help="Write to this file instead of stdout; its extension (.txt, .json, .csv, .html) chooses the "
            "format. For html, a directory (one page per letter) unless the name ends in .html and one letter "
            "is scored; a name ending in / is a directory.",
            show_default=False,
        ),
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            metavar="[PATH]",
            help="Also save the scores in a SQLite store; without PATH the default store "
            "(evasion.db, env EVASION_STORE).",
            show_default=False,
        ),
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option("--model", help="Model file (default: models/evasion.skops, env EVASION_MODEL).",
                     show_default=False),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes for several letters, each loading the model "
                     "once (default: the number of CPUs; 1 scores in this process).", show_default=False),
    ] = None,
) -> int:
    """Score every question–answer pair of each letter for evasiveness."""
    from classifier.scoring.score import letter_inputs

    store_path = store_option(store)
    out_given = typed_path(out_given)
    out = Path(out_given) if out_given is not None else None
    files, sidecars, repeated = letter_inputs(files, LETTER_SUFFIXES, outputs=[out, store_path])
    refuse_inputs_as_output(out, [*files, *sidecars])
    refuse_inputs_as_output(store_path, [*files, *sidecars])
    refuse_same_output(out, store_path, "store")
    chosen = OutputFormat(output_format(out, output_format_.value if output_format_ else None,
                                        [f.value for f in OutputFormat]))
    if chosen is OutputFormat.html and len(files) > 1 and out is None:
        raise typer.BadParameter("scoring several letters to html needs --out DIRECTORY", param_hint="--out")
    pages = _check_out(chosen, out_given, files)
    say_repeated(repeated)
    return _run(files, chosen, out, store_path, model, jobs, pages)


def _check_out(chosen: OutputFormat, out_given: str | None, files: list[Path]) -> bool:
    """Refuse, before any work, an `--out` that cannot take what is written; returns whether it is a
    folder of html pages."""
    if out_given is not None and not out_given.strip():
        raise OutputError("expected a file or folder name for --out, found an empty one")
    out = Path(out_given) if out_given is not None else None
    pages = _writes_pages(chosen, out, files, names_folder(out_given))
    if pages:
        from classifier.outputs.render import page_paths

        assert out is not None
        folder_output(out, f"html pages{' of several letters' if len(files) > 1 else ''} go into a folder")
        for page in page_paths(out, files):  # a page named after a saved page would replace that input
            refuse_inputs_as_output(page, files)
    else:
        what = "a table goes" if chosen is OutputFormat.table else f"{chosen.value} scores go"
        file_output(out_given, f"{what} into one file (only html writes a folder of pages)")
        refuse_database_as_output(out)
    return pages


def store_option(store: str | None) -> Path | None:
    """The store `--store` names: None without the option, the default store for a bare `--store`. A folder
    (a name ending in /, of which SQLite made a file of that name, or an existing one) is refused: exit 15."""
    if store is None:
        return None
    if store == "":
        return get_settings().store_path
    store = typed_path(store)
    assert store is not None
    if names_folder(store) or os.path.isdir(store):
        raise StoreError("expected a SQLite file for the store, found a folder"
                         f"{' name (it ends in /)' if not os.path.isdir(store) else ''}; give a file name, such as "
                         f"{os.path.join(store, 'evasion.db')}", path=store)
    return Path(store)


def say_repeated(repeated: list[tuple[Path, int]]) -> None:
    """One warning line per file given more than once (`evasion score a.txt a.txt`): it is read once."""
    for path, times in repeated:
        print(f"warning: {path}: given {'twice' if times == 2 else f'{times} times'}; read and counted once",
              file=sys.stderr)


def _writes_pages(chosen: OutputFormat, out: Path | None, files: list[Path], folder: bool = False) -> bool:
    """Is `out` a folder of html pages, one per letter: several letters, an existing folder, a name
    ending in / (`folder`), or a name without .html ("pages")."""
    return chosen is OutputFormat.html and out is not None and (
        folder or len(files) > 1 or out.is_dir() or out.suffix.lower() not in (".html", ".htm"))


def _run(files: list[Path], chosen: OutputFormat, out: Path | None, store_path: Path | None,
           model: Path | None, jobs: int | None, pages: bool) -> int:
    from classifier.outputs.store import Store
    from classifier.scoring.score import score_files

    several = len(files) > 1
    opened_store = Store(store_path) if store_path is not None else None
    if opened_store is not None:
        opened_store.check_writable()
    emitter = _Emitter(chosen, out, several, files, pages)
    try:
        if several:
            result = _score_with_progress(files, emitter, model=model, store=opened_store, jobs=jobs)
        else:
            result = score_files(files, model=model, store=opened_store, jobs=jobs, on_scored=emitter.add)
            if result.failures:
                raise result.failures[0][1]
        written = emitter.close()
    except BaseException:
        emitter.discard()
        raise

    if result.letters:
        what = f"{plural(result.letters, 'letter')} ({plural(result.pairs, 'pair')})"
        if written is not None:
            print(f"wrote {written} of {what} to {out}", file=sys.stderr)
        if store_path is not None:
            print(_stored_line(result, store_path), file=sys.stderr)
    if result.failures and not result.letters:
        raise BatchFailed(f"expected letters to score, none of the {len(files)} files scored (see above)")
    if result.failures:
        raise BatchFailed(f"expected every file to score, {len(result.failures)} of {len(files)} failed (see above)")
    return 0


def _stored_line(result: Any, store_path: Path) -> str:
    """What the store got: its letters (one per content: a copy of a file scored before it in the batch
    is that letter again), the earlier versions of edited files replaced, and the copies."""
    line = (f"saved the scores of {plural(result.stored_letters, 'letter')} ({plural(result.stored_pairs, 'pair')}) "
            f"in the store {store_path}")
    if result.replaced:
        line += f", replacing the earlier scores of {plural(result.replaced, 'file')} changed since"
    if len(result.copies) == 1:
        copy, original = result.copies[0]
        line += f"; {copy} is a copy of {original}, the same letter, kept once (as {copy}, scored last)"
    elif result.copies:
        names = ", ".join(str(copy) for copy, _ in result.copies[:3]) + (", …" if len(result.copies) > 3 else "")
        line += f"; {len(result.copies)} files are copies of files before them ({names}), each letter kept once (as the file scored last)"
    return line


def _score_with_progress(files: list[Path], emitter: _Emitter, **options: Any) -> Any:
    """Several letters, with a progress bar on stderr and one line per letter that failed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from classifier.scoring.score import score_files

    errors = Console(stderr=True)
    with Progress(
        TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        TextColumn("{task.description}"), console=errors, transient=True,
        disable=not errors.is_terminal,  # a log or pipe gets the error lines, not a bar's leftovers
        redirect_stdout=False, redirect_stderr=False,  # scores stream to stdout while the bar runs
    ) as progress:
        task = progress.add_task("", total=len(files))
        if errors.is_terminal and emitter.to_terminal:
            emitter.pause = progress  # a table for the same terminal is printed with the bar put away

        def on_progress(done: int, total: int, path: Path, error: EvasionError | None) -> None:
            if error is not None:
                progress.console.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
            progress.update(task, completed=done, description=path.name)

        def above_the_bar(message: Warning | str, *_: Any, **__: Any) -> None:
            # printed past the bar, a warning was glued to its line ("1/4 a.docxwarning: …")
            progress.console.print(f"warning: {message}", markup=False, highlight=False, soft_wrap=True)

        with warnings.catch_warnings():
            if errors.is_terminal:
                warnings.showwarning = above_the_bar
            return score_files(files, on_progress=on_progress, on_scored=emitter.add, **options)


class _Emitter:
    """Write each scored letter where asked as it arrives: stdout, one file, or (html, several) one page each.

    Files are written through classifier.io: one file grows in an AtomicStream and is moved into
    place by `close()`; pages are written whole, one per letter. What is written is the same, byte
    for byte, as rendering all letters at the end.
    """

    def __init__(self, output_format: OutputFormat, out: Path | None, several: bool, files: list[Path],
                 pages: bool) -> None:
        from classifier.outputs import render

        self.format, self.out, self.several = output_format, out, several
        self.pages = pages
        self.namer = render.PageNamer(Path(f).stem for f in files) if self.pages else None
        self.sink = AtomicStream(out) if out is not None and not self.pages else None
        self.to_terminal = output_format is OutputFormat.table and out is None and _isatty(sys.stdout)
        self.pause = None  # a live progress bar to stop while a table is printed to the same terminal
        self.count = 0
        self._console: Console | None = None

    def add(self, letter_score: LetterScore) -> None:
        from classifier.outputs import render, tables

        first = self.count == 0
        self.count += 1
        if self.pages:
            atomic_write_text(self.out / self.namer(letter_score), render.to_html(letter_score))
            return
        if self.format is OutputFormat.table and self.out is None:
            if self._console is None:
                self._console = Console()
            if self.pause is not None:
                self.pause.stop()
            try:
                self._console.print(tables.to_table(letter_score))
            finally:
                if self.pause is not None:
                    self.pause.start()
            return
        if self.format is OutputFormat.html:
            piece = render.to_html(letter_score)
        elif self.format is OutputFormat.json:
            piece = (("[\n" if first else ",\n") + render.json_array_item(letter_score) if self.several
                     else render.to_json(letter_score))
        elif self.format is OutputFormat.csv:
            piece = (render.csv_header() if first else "") + render.csv_rows(letter_score)
        else:  # a table into a file: plain text, no colour codes
            buffer = io.StringIO()
            console = Console(file=buffer, width=tables.FILE_WIDTH, color_system=None, force_terminal=False)
            console.print(tables.to_table(letter_score))
            piece = buffer.getvalue()
        self._put(piece)

    def _put(self, piece: str) -> None:
        if self.sink is not None:
            self.sink.append(piece)
        else:
            sys.stdout.write(piece)
            sys.stdout.flush()

    def close(self) -> str | None:
        """Finish the output; returns what was written to `out` ("json scores", "3 html pages"), or None."""
        if self.count and self.format is OutputFormat.json and self.several:
            self._put("\n]\n")
        if self.sink is not None:
            self.sink.commit()
        if not self.count or self.out is None:
            return None
        if self.pages:
            return plural(self.count, "html page")
        return {"html": "the html page", "json": "json scores", "csv": "csv scores"}.get(self.format.value, "a table")

    def discard(self) -> None:
        if self.sink is not None:
            self.sink.discard()


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):  # closed, or no stream at all
        return False
