"""Settings from the environment: a value that is not valid is one line and exit code 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier import errors
from classifier.cli import run
from classifier.config import get_settings

NUMERIC = ["EVASION_MAX_INPUT_BYTES", "EVASION_MAX_EXPANDED_BYTES", "EVASION_MAX_TEXT_CHARS", "EVASION_MAX_PAGES",
           "EVASION_REPORT_MIN_PAIRS"]


@pytest.mark.parametrize("name", NUMERIC)
@pytest.mark.parametrize("value", ["abc", "x", "1.5", "-1", "0", "9" * 5000])
def test_a_setting_that_is_no_valid_number_is_refused_with_one_line(
    name: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(errors.SettingsError) as caught:
        get_settings()
    message = str(caught.value)
    assert caught.value.exit_code == 2
    assert message.startswith(f"{name}: expected a whole number") and "\n" not in message
    assert len(message) < 200, "a 5000-digit value is not echoed whole"


@pytest.mark.parametrize(
    ("name", "value", "command"),
    [("EVASION_MAX_INPUT_BYTES", "abc", "pairs"), ("EVASION_MAX_INPUT_BYTES", "-5", "pairs"),
     ("EVASION_REPORT_MIN_PAIRS", "x", "report"), ("EVASION_MAX_PAGES", "-1", "score")],
)
def test_the_cli_says_which_setting_is_wrong_and_exits_2(
    name: str, value: str, command: str, letter_file: Path, use_fake_model: object,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(name, value)
    assert run([command, str(letter_file)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert "Traceback" not in captured.err and captured.out == ""
    assert lines[0].startswith(f"error: {name}: expected a whole number") and value[:3] in lines[0]
    assert all(line.startswith("hint: ") for line in lines[1:]) and len(lines) <= 2


def test_valid_numbers_and_empty_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVASION_MAX_INPUT_BYTES", " 1000 ")
    monkeypatch.setenv("EVASION_REPORT_MIN_PAIRS", "3")
    monkeypatch.setenv("EVASION_MAX_PAGES", "")  # empty: the default
    monkeypatch.setenv("EVASION_SPACY_MODEL", "")
    settings = get_settings()
    assert (settings.max_input_bytes, settings.report_min_pairs, settings.max_pages) == (1000, 3, 2000)
    assert settings.spacy_model == "nl_core_news_sm"
