"""What a journalist sees: output that is right at first glance.

Tables at 80 columns (a default terminal, and any pipe), what `score` and `report` say about
the files they write, --out extensions, --store, help and --version, the letter and report
pages in a browser (also on a 420-pixel phone), the trend charts, the most evasive answers,
and the example letter outside the training data.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sqlite3
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import assert_nonblank_png, make_letter_score
from rich.console import Console
from test_report import MINISTER_ONLY, OLLONGREN, VAN_DER_MAAT, letter, store_path  # noqa: F401 (a fixture)

from classifier.cli import run
from classifier.config import LABELS, PROJECT_DIR
from classifier.letters.officeholders import OfficeHolders, load_office_holders
from classifier.outputs import render, tables
from classifier.outputs.report import LABEL_HEX, Report, build_report
from classifier.outputs.report_page import charts, month_series, to_html
from classifier.outputs.report_text import format_table
from classifier.types import LetterScore, Signatory

USAGE = 2


def printed(renderable: object, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def flat(text: str) -> str:
    """The text with every run of whitespace (line breaks of a wrapped table) as one space."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def holders() -> OfficeHolders:
    return load_office_holders()


@pytest.fixture
def mixed_report(holders: OfficeHolders, monkeypatch: pytest.MonkeyPatch) -> Report:
    """Groups with every caveat: shared letters, few pairs, a name from the office table, a delay."""
    monkeypatch.setenv("EVASION_REPORT_MIN_PAIRS", "4")
    monkeypatch.setenv("EVASION_REPORT_MIN_LETTERS", "1")  # these groups are one letter each; "few letters" has its own test
    long_name = Signatory(role="De minister van Defensie", name="Dilan Yeşilgöz-Zegerius")
    letters = [
        letter("joint", [0.1, 0.9, 0.4, 0.8, 0.7], signatories=[OLLONGREN, VAN_DER_MAAT], date=dt.date(2024, 4, 12),
               asked=dt.date(2024, 3, 1), received=dt.date(2024, 4, 12)),
        letter("stand", [0.7, 0.6, 1.0], signatories=[MINISTER_ONLY], date=dt.date(2026, 1, 27)),
        letter("long", [0.2, 0.3, 0.5, 0.6], signatories=[long_name], date=dt.date(2015, 8, 31)),
    ]
    return build_report(letters, holders=holders)


# -- 1. tables at 80 columns -------------------------------------------------------------------


def test_report_table_at_80_columns_keeps_headers_caveats_and_legend(mixed_report: Report) -> None:
    text = printed(render_report_table(mixed_report), 80)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if "Pairs" in line and "Mean" in line)
    for column in ("Signatory", "Pairs", "Mean [95% CI]", "subs", "part", "defl", "conf"):
        assert column in header, header
    assert "…" not in header
    # the caveats are in the table, under the group's name, never dropped
    shared = {g.key: g.shared_letters for g in mixed_report.groups if g.shared_letters}
    assert shared and "1 shared letter" in text
    assert "few pairs" in text and "1 letter via office table" in flat(text)
    assert "delay 42 (n=1)" in flat(text)
    # the legend wraps between words and is complete
    legend = flat(text).split("Mean: the evasion score", 1)[1].split("Most evasive answers", 1)[0]
    assert "0 = substantive … 1 = confidential, with its 95% bootstrap interval (letters resampled)." in legend
    assert "Few pairs: fewer than 4 pairs, too few to rank." in legend
    assert legend.strip().endswith("Via office table: letters that print only the office, whose signatory was found "
                                   "by the date in the table of office holders.")
    for line in lines:  # no word of the legend is cut at the edge of the terminal
        assert not re.search(r"\b(?:sha|bootst|interv)$", line.rstrip()), line


def test_report_table_on_a_wide_terminal_has_every_column(mixed_report: Report) -> None:
    text = printed(render_report_table(mixed_report), 140)
    header = next(line for line in text.splitlines() if "Letters" in line)
    for column in ("Letters", "Pairs", "Mean [95% CI]", "Delay", "Notes"):
        assert column in header
    assert "42 (n=1)" in text and "few pairs" in text and "shared letter" in text


@pytest.mark.parametrize("width", [110, 121, 130, 131, 140])
def test_a_long_delay_cell_does_not_squeeze_names_into_dots(mixed_report: Report, width: int) -> None:
    # Postponement notices make the no-wrap Delay cell long; the wide layout then needs more than 110 columns.
    groups = [g.model_copy(update={"postponements": 12}) for g in mixed_report.groups]
    report = mixed_report.model_copy(update={"groups": groups})
    text = printed(render_report_table(report), width)
    assert "…" not in text.split("Mean: the evasion score", 1)[0], text
    for group in groups:
        assert group.key in flat(text), group.key


def render_report_table(report: Report) -> object:
    from classifier.outputs.report_text import to_table

    return to_table(report)


def test_cli_report_at_80_columns_drops_nothing(store_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert run(["report", "--store", str(store_path)]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "few pairs" in out and "1 shared letter" in flat(out) and "Mean [95% CI]" in out


LONG_QUESTION = ("Kunt u per munitiesoort aangeven hoeveel voorraad er op 1 januari 2024 was, hoeveel daarvan "
                 "is geleverd aan Oekraïne en wanneer de voorraden weer op peil zijn?")


def test_score_table_at_80_columns_shows_whole_lines_of_the_question() -> None:
    letter_score = make_letter_score("long", [(LONG_QUESTION, "Dat wordt om veiligheidsredenen niet gemeld."),
                                              ("Deelt u die mening?", "Zie antwoord op vraag 1.")])
    letter_score.pairs[1].complete = False
    text = printed(tables.to_table(letter_score), 80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert LONG_QUESTION in flat(text)  # all of it, not cut to a few characters
    question_lines = [line for line in text.splitlines() if "munitiesoort" in line]
    assert len(question_lines[0].split("Kunt u", 1)[1]) >= 35, question_lines  # a column, not a sliver
    assert "“om veiligheidsredenen”" in text  # the top cues, under the question
    assert "cut off, not" in text and "scored" in text and "→ 1" in text
    # a pair cut off shows no label or score, as on its page and in the CSV
    cut_row = next(line for line in text.splitlines() if "Deelt u die mening?" in line)
    assert not any(label in cut_row for label in LABELS) and not re.search(r"\d\.\d\d", cut_row), cut_row


def test_score_on_a_pipe_of_80_columns(letter_file: Path, use_fake_model, capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert run(["score", str(letter_file)]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Welke voorraden zijn er op dit moment per munitiesoort?" in flat(out)


# -- 2. score --out and --store say what they wrote -------------------------------------------------


def test_score_out_and_store_say_what_was_written_where(letter_file: Path, use_fake_model, tmp_path: Path,
                                                        capsys) -> None:
    out, store = tmp_path / "scores.json", tmp_path / "s.db"
    assert run(["score", str(letter_file), "--out", str(out), f"--store={store}"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"wrote json scores of 1 letter (4 pairs) to {out}",
        f"saved the scores of 1 letter (4 pairs) in the store {store}",
    ]
    pages, copy = tmp_path / "pages", tmp_path / "kopie.txt"
    copy.write_bytes(letter_file.read_bytes())
    assert run(["score", str(letter_file), str(copy), "--format", "html", "--out", str(pages)]) == 0
    assert capsys.readouterr().err.splitlines() == [f"wrote 2 html pages of 2 letters (8 pairs) to {pages}"]


def test_a_letter_edited_and_scored_again_counts_once_in_the_store(letter_file: Path, use_fake_model,
                                                                   tmp_path: Path, capsys) -> None:
    store = tmp_path / "s.db"
    assert run(["score", str(letter_file), f"--store={store}"]) == 0
    letter_file.write_text(letter_file.read_text(encoding="utf-8").replace("€ 3 miljard", "€ 3,1 miljard"), encoding="utf-8")
    capsys.readouterr()
    assert run(["score", str(letter_file), f"--store={store}"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"saved the scores of 1 letter (4 pairs) in the store {store}, replacing the earlier scores of 1 file "
        "changed since"]
    assert run(["report", f"--store={store}", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["letters"] == 1


# -- 3. --out extensions and plural forms -------------------------------------------------------------


def test_report_out_json_writes_json(store_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "r.json"
    assert run(["report", "--store", str(store_path), "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["by"] == "minister" and {g["key"] for g in data["groups"]} >= {"Kajsa Ollongren"}
    assert capsys.readouterr().err.splitlines() == [
        f"wrote json report on 2 letters (5 pairs, 3 groups) to {out}"
    ]


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "--store", "{store}", "--out", "{tmp}/r.json", "--format", "csv"],
        ["report", "--store", "{store}", "--out", "{tmp}/r.html", "-f", "table"],
        ["report", "--store", "{store}", "--out", "{tmp}/r.jsonl"],
        ["score", "{letter}", "--out", "{tmp}/s.csv", "--format", "json"],
        ["score", "{letter}", "--out", "{tmp}/s.jsonl"],
        ["pairs", "{letter}", "--out", "{tmp}/p.html"],
        ["pairs", "{letter}", "--out", "{tmp}/p.json", "--format", "jsonl"],
    ],
    ids=["report-json-csv", "report-html-table", "report-jsonl", "score-csv-json", "score-jsonl", "pairs-html",
         "pairs-json-jsonl"],
)
def test_an_out_extension_that_contradicts_the_format_is_exit_2(
    argv: list[str], store_path: Path, letter_file: Path, use_fake_model, tmp_path: Path, capsys
) -> None:
    args = [a.format(store=store_path, tmp=tmp_path, letter=letter_file) for a in argv]
    assert run(args) == USAGE
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "hint: " in err
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".json", ".html", ".csv", ".jsonl")]


def test_the_out_extension_chooses_the_format(letter_file: Path, use_fake_model, tmp_path: Path) -> None:
    assert run(["score", str(letter_file), "--out", str(tmp_path / "s.csv")]) == 0
    assert (tmp_path / "s.csv").read_text(encoding="utf-8").startswith(",".join(render.CSV_COLUMNS))
    assert run(["score", str(letter_file), "--out", str(tmp_path / "s.html")]) == 0
    assert (tmp_path / "s.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert run(["pairs", str(letter_file), "--out", str(tmp_path / "p.jsonl")]) == 0
    assert len((tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()) == 4
    assert run(["score", str(letter_file), "--out", str(tmp_path / "s.out")]) == 0  # no format named: a table
    assert "Hoeveel geld" in (tmp_path / "s.out").read_text(encoding="utf-8")


@pytest.mark.parametrize(("argv", "writes"), [
    (["score", "{letter}"], "a table goes into one file (only html writes a folder of pages)"),
    (["score", "{letter}", "-f", "json", "--store={tmp}/s.db"],
     "json scores go into one file (only html writes a folder of pages)"),
    (["report", "{letter}"], "a report is one file"),
    (["pairs", "{letter}"], "the pairs of a letter go into one file"),
], ids=["score", "score-json-store", "report", "pairs"])
@pytest.mark.parametrize("exists", [False, True], ids=["new", "existing"])
def test_an_out_that_names_a_folder_is_refused_before_any_work(
    argv: list[str], writes: str, exists: bool, letter_file: Path, use_fake_model, tmp_path: Path, capsys
) -> None:
    """`--out newdir/` wrote a file called newdir (the slash was lost); an existing folder was refused
    only after the letters were scored and stored."""
    folder = tmp_path / "newdir"
    if exists:
        folder.mkdir()
    out = f"{folder}/" if not exists else str(folder)
    args = [a.format(letter=letter_file, tmp=tmp_path) for a in argv]
    assert run([*args, "--out", out]) == 17
    what = "is a folder" if exists else "names a folder (it ends in /)"
    assert capsys.readouterr().err.splitlines() == [f"error: {out}: {what}, but {writes}; give a file name"]
    assert folder.is_dir() == exists and not (tmp_path / "s.db").exists()
    assert use_fake_model.calls == 0


def test_html_into_a_name_ending_in_a_slash_is_a_folder_of_pages(letter_file: Path, use_fake_model,
                                                                  tmp_path: Path, capsys) -> None:
    """`--out pages.html/` for one letter wrote one page as the file pages.html."""
    out = tmp_path / "pages.html"
    assert run(["score", str(letter_file), "-f", "html", "--out", f"{out}/"]) == 0
    assert [p.name for p in out.iterdir()] == ["munitie.html"]


@pytest.mark.parametrize("several", [False, True], ids=["one letter, --out notes/", "two letters, --out notes"])
def test_html_pages_into_a_name_that_is_a_file_are_refused_before_any_work(
    several: bool, letter_file: Path, use_fake_model, tmp_path: Path, capsys
) -> None:
    """A folder of pages named like an existing file scored the first letter, saved it in the store, and then
    failed writing 'notes/…html' (exit 17), the store changed and not a word about it."""
    notes = tmp_path / "notes"
    notes.write_text("my notes")
    other = tmp_path / "other.txt"
    other.write_bytes(letter_file.read_bytes() + b"\n")
    letters = [str(letter_file), str(other)] if several else [str(letter_file)]
    out = str(notes) if several else f"{notes}/"
    assert run(["score", *letters, "-f", "html", "--out", out, "--store", str(tmp_path / "s.db")]) == 17
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"error: {notes}: is a file, not a folder, but html pages")
    assert notes.read_text() == "my notes" and not (tmp_path / "s.db").exists() and use_fake_model.calls == 0


@pytest.mark.parametrize("argv", [["score", "{letter}"], ["score", "{letter}", "-f", "html"], ["report", "{letter}"],
                                  ["pairs", "{letter}"]], ids=["score", "score-html", "report", "pairs"])
def test_an_empty_out_is_refused_before_any_work(argv: list[str], letter_file: Path, use_fake_model,
                                                 tmp_path: Path, capsys, monkeypatch) -> None:
    """`--out ""` (an unset shell variable) said "error: is a folder", naming nothing, and with -f html
    wrote the pages into the folder the command ran in."""
    monkeypatch.chdir(tmp_path)
    assert run([*(a.format(letter=letter_file) for a in argv), "--out", ""]) == 17
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("error: expected a file") and line.endswith("for --out, found an empty one")
    assert list(tmp_path.iterdir()) == [letter_file] and use_fake_model.calls == 0


@pytest.mark.parametrize("command", [["score", "{letter}"], ["report"]])
def test_a_store_that_names_a_folder_is_refused(command: list[str], letter_file: Path, use_fake_model,
                                               tmp_path: Path, capsys) -> None:
    """`--store stores/` made a SQLite file called stores; `report --store FOLDER` said "found nothing there"."""
    args = [a.format(letter=letter_file) for a in command]
    assert run([*args, f"--store={tmp_path}/stores/"]) == 15
    assert run([*args, f"--store={tmp_path}"]) == 15
    assert capsys.readouterr().err.splitlines() == [
        f"error: {tmp_path}/stores/: expected a SQLite file for the store, found a folder name (it ends in /); "
        f"give a file name, such as {tmp_path}/stores/evasion.db",
        f"error: {tmp_path}: expected a SQLite file for the store, found a folder; give a file name, such as "
        f"{tmp_path}/evasion.db"]
    assert not (tmp_path / "stores").exists() and use_fake_model.calls == 0


def test_counts_in_messages_and_notes_use_the_singular_for_one(holders: OfficeHolders, monkeypatch) -> None:
    from classifier.outputs.wording import plural

    assert [plural(1, "letter"), plural(2, "letter"), plural(0, "pair")] == ["1 letter", "2 letters", "0 pairs"]
    monkeypatch.setenv("EVASION_REPORT_MIN_PAIRS", "3")
    report = build_report([letter("joint", [0.1, 0.9], signatories=[OLLONGREN, VAN_DER_MAAT])], holders=holders)
    notes = " ".join(report.notes)
    assert "1 letter was signed by several people and counts in full" in notes
    assert "2 groups rest on fewer than 3 pairs and are marked" in notes
    assert "(s)" not in notes and "(s)" not in format_table(report) and "(s)" not in to_html(report)


# -- 4. --store behaves the same in score and report ---------------------------------------------------------


def test_store_without_a_path_is_the_default_store_in_both_commands(
    letter_file: Path, use_fake_model, tmp_path: Path, monkeypatch, capsys
) -> None:
    default = tmp_path / "default.db"
    monkeypatch.setenv("EVASION_STORE", str(default))
    other_letter = tmp_path / "brief2.txt"
    other_letter.write_text(letter_file.read_text(encoding="utf-8").replace("Jansen (SP)", "Pietersen (VVD)"),
                            encoding="utf-8")
    # a bare --store before a letter file, and after the files before another option
    assert run(["score", "--store", str(letter_file), "--format", "json"]) == 0
    assert run(["score", str(other_letter), "--store", "--format", "json"]) == 0
    assert default.is_file()
    with sqlite3.connect(default) as db:
        assert db.execute("SELECT count(*) FROM letters").fetchone() == (2,)
    capsys.readouterr()
    # report: --store followed by an option is the default store, and --by is read as --by
    assert run(["report", "--store", "--by", "party", "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].startswith("by,group") and all(row.startswith("party,") for row in rows[1:])
    assert run(["report", "--by", "party", "--store"]) == 0
    assert run(["report", f"--store={default}", "-f", "csv"]) == 0
    assert run(["report", "--store", str(default), "-f", "csv"]) == 0


def test_store_and_letters_together_is_still_a_usage_error(letter_file: Path, tmp_path: Path, monkeypatch,
                                                           capsys) -> None:
    monkeypatch.setenv("EVASION_STORE", str(tmp_path / "default.db"))
    assert run(["report", "--store", str(letter_file)]) == USAGE
    assert "not both" in capsys.readouterr().err


# -- 5. help, --version and bad values as Click programs show them ------------------------------------------


@pytest.mark.parametrize("command", [[], ["score"], ["report"], ["pairs"], ["annotate"], ["evaluate"], ["train"],
                                     ["annotations", "check"], ["annotations", "import"]])
def test_help_uses_click_placeholders(command: list[str], capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert run([*command, "--help"]) == 0
    text = capsys.readouterr().out
    for wrong in ("<bool>", "<path>", "<list[", "{file", "{letter", "{source", "<table", "<str>"):
        assert wrong not in text, (wrong, text)
    expected_usage = {
        "score": "Usage: evasion score [OPTIONS] FILES...",
        "report": "Usage: evasion report [OPTIONS] [FILES...]",
        "pairs": "Usage: evasion pairs [OPTIONS] FILE",
        "annotate": "Usage: evasion annotate [OPTIONS] LETTER",
        "check": "Usage: evasion annotations check [OPTIONS] [PATH]",
    }.get(command[-1] if command else "", "Usage: evasion")
    assert expected_usage in text


def test_option_values_are_named_as_click_names_them(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    assert run(["report", "--help"]) == 0
    text = capsys.readouterr().out
    assert "[minister|ministry|party|month]" in text and "[table|json|csv|html]" in text
    assert re.search(r"--out\s+-o\s+PATH", text) and re.search(r"--store\s+\[PATH\]", text)
    assert re.search(r"--first-signatory\s+Count", text)  # a flag: no placeholder


def test_version_prints_the_package_version(capsys) -> None:
    assert run(["--version"]) == 0
    assert capsys.readouterr().out == f"evasion, version {version('evasion-classifier')}\n"


def test_a_bad_choice_is_worded_as_click_words_it(capsys) -> None:
    assert run(["report", "--by", "foo", "x.txt"]) == USAGE
    err = capsys.readouterr().err
    assert "Invalid value for '--by': 'foo' is not one of 'minister', 'ministry', 'party', 'month'." in err
    assert "Value error" not in err
    assert run(["pairs"]) == USAGE
    assert "Missing argument 'FILE'." in capsys.readouterr().err


# -- 6. the letter page: label colours, languages, a phone ------------------------------------------------

_MEASURE = """
(() => {
  const out = {width: window.innerWidth, scroll: document.documentElement.scrollWidth, bars: [], overflow: []};
  for (const bar of document.querySelectorAll('.pbar')) {
    out.bars.push([bar.getAttribute('aria-label'), getComputedStyle(bar.firstElementChild).backgroundColor]);
  }
  for (const el of document.querySelectorAll('td, th, h1, h2, h3, p, blockquote, dd, li, svg')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && (box.right > window.innerWidth + 1 || box.left < -1)) {
      out.overflow.push(el.tagName + ': ' + el.textContent.trim().slice(0, 40));
    }
  }
  return out;
})()
"""


def measured(chromium, page: str, path: Path, size: str) -> dict:
    """Lay `page` out in a viewport of `size` and measure it: the viewport and page widths, the
    colour of each probability bar, and every element that reaches past the viewport's edge."""
    path.write_text(page, encoding="utf-8")
    rendered = chromium(path, size, evaluate=_MEASURE)
    assert_nonblank_png(rendered.screenshot)
    assert isinstance(rendered.value, dict)
    return rendered.value


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_probability_bars_have_the_label_colours(chromium, tmp_path: Path, scored_letter: LetterScore) -> None:
    data = measured(chromium, render.to_html(scored_letter), tmp_path / "letter.html", "1200,2000")
    assert len(data["bars"]) == 4 * len(scored_letter.pairs)
    for label, colour in data["bars"]:
        assert colour == _rgb(LABEL_HEX[label]), (label, colour)


def test_letter_page_declares_dutch_for_the_letter_and_english_for_itself(scored_letter: LetterScore) -> None:
    page = render.to_html(scored_letter)
    assert '<html lang="en">' in page
    assert f'<h1 lang="nl">{render.heading(scored_letter.letter)}</h1>' in page
    assert page.count('<p class="question" lang="nl">') == len(scored_letter.pairs)
    assert page.count('<p class="answer" lang="nl">') == len(scored_letter.pairs)
    assert '<dd lang="nl">Defensie</dd>' in page


def test_letter_page_fits_a_phone(chromium, tmp_path: Path) -> None:
    letter_score = make_letter_score(
        "004_91c9aa3440a3762b-a-long-file-name",
        [(LONG_QUESTION, "Dat wordt om veiligheidsredenen niet gemeld. " * 8), ("Kort?", "Zie antwoord op vraag 1.")],
    )
    data = measured(chromium, render.to_html(letter_score), tmp_path / "phone.html", "420,2000")
    assert data["width"] == 420
    assert data["scroll"] <= data["width"], data
    assert data["overflow"] == []


def test_report_page_fits_a_phone_with_every_figure_of_every_group(
    chromium, tmp_path: Path, mixed_report: Report
) -> None:
    data = measured(chromium, to_html(mixed_report), tmp_path / "report.html", "420,3000")
    assert data["width"] == 420
    assert data["scroll"] <= data["width"], data
    assert data["overflow"] == [], data["overflow"]


_CELL_LABELS = """
(() => Array.from(document.querySelectorAll('table.groups td.num')).map(td => {
  const label = td.querySelector('.cell-label');
  if (!label) return {label: null, text: td.textContent.trim()};
  const box = label.getBoundingClientRect(), cell = td.getBoundingClientRect();
  return {label: label.textContent.trim(), whole: label.scrollWidth <= label.clientWidth + 1
          && box.width > 0 && box.right <= cell.right + 1 && getComputedStyle(label).textOverflow !== 'ellipsis'};
}))()
"""


def test_on_a_phone_every_figure_has_its_whole_label(chromium, tmp_path: Path, mixed_report: Report) -> None:
    """On a phone the table's rows become cards, each figure under a label; "Delay (days)" was cut to
    "Delay (…" beside a long delay ("42 (n=1), 12 postponements")."""
    groups = [g.model_copy(update={"postponements": 12}) for g in mixed_report.groups]
    page = to_html(mixed_report.model_copy(update={"groups": groups}))
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    cells = chromium(path, "420,3000", evaluate=_CELL_LABELS).value
    assert isinstance(cells, list) and len(cells) == 9 * len(groups), cells  # 9 figures a group
    assert all(cell["label"] and cell["whole"] for cell in cells), [c for c in cells if not c.get("whole")]
    assert [cell["label"] for cell in cells[:9]] == ["Letters", "Pairs", "Mean", "95% interval", "substantive",
                                                     "partial", "deflecting", "confidential", "Delay (days)"]


def test_the_label_columns_are_headed_by_the_labels_names(mixed_report: Report) -> None:
    """"subst.", "parti.", "defle.", "confi." read awkwardly: the page spells the labels out under one heading,
    and so does a terminal wide enough; a narrow one keeps "subs" … "conf", which its legend spells out."""
    head = to_html(mixed_report).split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert "Share of pairs labelled" in head
    for label in ("substantive", "partial", "deflecting", "confidential"):
        assert f'<th class="num">{label}</th>' in head
    assert not re.search(r">(?:subst|parti|defle|confi)\.<", head)
    wide = printed(render_report_table(mixed_report), 200)
    header = next(line for line in wide.splitlines() if "Letters" in line)
    assert re.search(r"substantive\s+partial\s+deflecting\s+confidential", header), header
    assert "substantive, partial, deflecting, confidential: the share of pairs with that label, in %" in flat(wide)
    narrow = printed(render_report_table(mixed_report), 80)
    assert "subs, part, defl, conf (substantive, partial, deflecting, confidential): the share of pairs" in flat(narrow)


def test_report_page_marks_dutch_content(mixed_report: Report) -> None:
    page = to_html(mixed_report)
    assert '<html lang="en">' in page
    assert '<td class="name" lang="nl">Kajsa Ollongren</td>' in page
    assert '<p class="question" lang="nl">' in page and '<blockquote class="label-confidential" lang="nl">' in page


# -- 7. the trend and the most evasive answers ----------------------------------------------------------


def test_month_series_has_a_gap_where_there_is_no_data() -> None:
    days, values = month_series({"2015-08": 0.2, "2015-09": 0.3, "2024-04": 0.5, "(datum onbekend)": 0.9})
    assert days[:2] == [dt.date(2015, 8, 1), dt.date(2015, 9, 1)] and days[-1] == dt.date(2024, 4, 1)
    assert values[:2] == [0.2, 0.3] and values[-1] == 0.5
    assert len(values) == 4 and values[2] != values[2]  # NaN: the line breaks between 2015-09 and 2024-04
    assert dt.date(2015, 9, 1) < days[2] < dt.date(2024, 4, 1)


def test_trend_is_on_a_time_axis_and_every_group_has_its_own_chart(holders: OfficeHolders) -> None:
    letters = [
        letter("a", [0.2, 0.4], date=dt.date(2015, 8, 31)),
        letter("b", [0.6], signatories=[VAN_DER_MAAT], date=dt.date(2024, 4, 12)),
        letter("c", [0.5], signatories=[Signatory(role="De minister van Defensie", name="Ruben Brekelmans")],
               date=dt.date(2025, 2, 3)),
    ]
    report = build_report(letters, holders=holders)
    svg = charts(report)
    trend = svg["trend"]
    years = re.findall(r">(20\d\d)<", trend) or re.findall(r"\b(20(?:1[5-9]|2[0-5]))\b", trend)
    assert {"2016", "2020", "2024"} <= set(years), "the x axis counts years, not one category per month"
    assert "2015-08" not in trend  # months are not categories on the axis
    for group in report.groups:
        assert group.key in svg["trend_groups"], group.key
    by_month = build_report(letters, by="month", holders=holders)
    assert "trend" in charts(by_month) and "trend_groups" not in charts(by_month)


def test_bar_charts_show_every_group_and_the_page_says_where_the_panels_stop(
    holders: OfficeHolders, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small trend charts stop at MAX_CHART_GROUPS panels (40; 3 here, to draw few); the bar charts do not.
    monkeypatch.setattr("classifier.outputs.report_page.MAX_CHART_GROUPS", 3)
    months = [dt.date(2020, i + 1, 15) for i in range(5)]
    by_month = build_report([letter(f"m{i}", [0.3], date=day) for i, day in enumerate(months)], by="month",
                            holders=holders)
    svg = charts(by_month)
    for group in by_month.groups:
        assert group.key in svg["means"] and group.key in svg["shares"], group.key
    signed = [letter(f"s{i}", [0.3], date=day, signatories=[Signatory(role="De minister", name=f"Jan Lid{i:02d}")])
              for i, day in enumerate(months)]
    by_minister = build_report(signed, holders=holders)
    assert len(by_minister.groups) == 5
    svg = charts(by_minister)
    assert all(group.key in svg["means"] for group in by_minister.groups)
    assert sum(group.key in svg["trend_groups"] for group in by_minister.groups) == 3
    assert "the first 3 of the 5 groups, in the table's order" in flat(to_html(by_minister))


def test_most_evasive_lists_only_partial_or_worse_most_evasive_first(holders: OfficeHolders) -> None:
    # pair("…", score) labels by score: 0.0 substantive, 0.34 partial, 0.66 deflecting, 1.0 confidential
    letters = [
        letter("mixed", [0.0, 0.1, 0.34, 0.45, 1.0, 0.66], signatories=[OLLONGREN]),
        letter("clean", [0.0, 0.1, 0.15], signatories=[VAN_DER_MAAT]),
    ]
    report = build_report(letters, holders=holders)
    mixed = next(g for g in report.groups if g.key == "Kajsa Ollongren")
    assert [(q.label, q.ref) for q in mixed.most_evasive] == [
        ("confidential", "mixed#5"), ("deflecting", "mixed#6"), ("partial", "mixed#4"),
    ]
    clean = next(g for g in report.groups if g.key == "Christophe van der Maat")
    assert clean.most_evasive == []
    text = flat(format_table(report))
    assert "Most evasive answers: Christophe van der Maat none: every answer was labelled substantive" in text
    page = to_html(report)
    assert "None: every answer of this group was labelled substantive." in page
    assert "labelled partial or worse, the most evasive first" in page


def test_a_label_outranks_a_score_in_the_most_evasive_list(holders: OfficeHolders) -> None:
    # a model's label and its expected-value score need not agree: a deflecting 0.40 outranks a partial 0.55
    quoted = build_report([_with_labels(letter("l", [0.4, 0.5, 0.55]), ["deflecting", "partial", "partial"])],
                          holders=holders).groups[0].most_evasive
    assert [(q.label, q.score) for q in quoted] == [("deflecting", 0.4), ("partial", 0.55), ("partial", 0.5)]


def _with_labels(letter_score: LetterScore, labels: list[str]) -> LetterScore:
    for pair, label in zip(letter_score.pairs, labels, strict=True):
        pair.label = label  # type: ignore[assignment]
    return letter_score


# -- 8. the letter's title heads the table and the page --------------------------------------------------------


def test_the_title_heads_the_table_and_the_page(scored_letter: LetterScore) -> None:
    title = scored_letter.letter.title
    assert title
    for width in (80, 160):
        lines = [line for line in printed(tables.to_table(scored_letter), width).splitlines() if line.strip()]
        assert lines[0].strip() == title
        assert any(line.startswith("Letter") and scored_letter.letter.letter_id in line for line in lines)
    page = render.to_html(scored_letter)
    assert f"<title>Evasion: {title}</title>" in page and f'<h1 lang="nl">{title}</h1>' in page
    assert f"<dd>{scored_letter.letter.letter_id}</dd>" in page


def test_without_a_title_the_id_heads_them() -> None:
    letter_score = make_letter_score("brief-zonder-titel")
    letter_score.letter.title = None
    first = printed(tables.to_table(letter_score), 80).splitlines()[0]
    assert first.strip() == "brief-zonder-titel"
    assert '<h1 lang="nl">brief-zonder-titel</h1>' in render.to_html(letter_score)


def test_a_lower_case_subject_is_capitalised_as_a_heading() -> None:
    letter_score = make_letter_score("x")
    letter_score.letter.title = "het bericht «Bureaucratie binnen de Rijksoverheid»"
    assert render.heading(letter_score.letter) == "Het bericht «Bureaucratie binnen de Rijksoverheid»"


# -- 9. the example letter outside the training data ------------------------------------------------------------

EXAMPLE = PROJECT_DIR / "examples" / "kamervragen_overhead_rijksoverheid"


def test_the_example_letter_is_annotated_and_not_in_the_training_data(capsys) -> None:
    annotations = EXAMPLE.with_suffix(".jsonl")
    assert run(["annotations", "check", str(annotations)]) == 0
    records = [json.loads(line) for line in annotations.read_text(encoding="utf-8").splitlines()]
    assert [r["question_id"] for r in records] == ["1", "2"] and all(r["rationale"] for r in records)
    text = EXAMPLE.with_suffix(".txt").read_text(encoding="utf-8")
    for record in records:  # the annotated texts are the letter's, as the splitter reads them
        assert all(cue in record["answer"] for cue in record["cues"])
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    url = re.search(r"<!-- example letter: (\S+) -->", readme)
    assert url, "the README keeps the example letter's source URL in a comment"
    sources = (PROJECT_DIR / "annotations" / "sources.tsv").read_text(encoding="utf-8")
    assert url.group(1) not in sources
    assert "zeldzame proporties" in text
    for source in (PROJECT_DIR / "annotations" / "sources").glob("*.txt"):
        assert "zeldzame proporties" not in source.read_text(encoding="utf-8"), source


def test_evaluate_on_the_example_letter_sees_no_training_pair(capsys) -> None:
    annotations = EXAMPLE.with_suffix(".jsonl")
    assert run(["evaluate", "--annotations", str(annotations), "--format", "json"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["n"] == 2 and report["seen_in_training"] == 0
    assert "training data" not in captured.err


def test_pages_and_tables_name_the_document_type_as_a_reader_does_and_files_keep_the_type() -> None:
    """The letter page and the table printed "nota_naar_aanleiding_van_verslag"; scripts match on it in the
    JSON and CSV, which keep it."""
    scored = make_letter_score()
    scored = scored.model_copy(update={"letter": scored.letter.model_copy(
        update={"doc_type": "nota_naar_aanleiding_van_verslag"})})
    assert '<dt>Type</dt><dd lang="nl">Nota naar aanleiding van het verslag</dd>' in render.to_html(scored)
    console = Console(file=io.StringIO(), width=120)
    console.print(tables.to_table(scored))
    assert "Nota naar aanleiding van het verslag" in console.file.getvalue()  # type: ignore[attr-defined]
    assert render.letter_record(scored)["letter"]["doc_type"] == "nota_naar_aanleiding_van_verslag"
    assert ",nota_naar_aanleiding_van_verslag," in render.to_csv([scored])
