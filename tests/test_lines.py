"""The neighbouring-line helpers that cleaning, footnotes and reading share."""

from classifier.letters.lines import filled, line_before

LINES = ["Vraag 1", "", "", "Antwoord 1", "", "Ja."]


def test_filled_skips_blank_lines_both_ways() -> None:
    assert filled(LINES, 0) == 3
    assert filled(LINES, 5, -1) == 3
    assert filled(LINES, 3, -1) == 0


def test_filled_stops_at_its_limit_and_at_the_ends() -> None:
    assert filled(LINES, 0, 1, 2) is None  # two blank lines, then the text is a third line away
    assert filled(LINES, 0, 1, 3) == 3
    assert filled(LINES, 5) is None
    assert filled(LINES, 0, -1) is None


def test_line_before_is_empty_at_the_top() -> None:
    assert line_before(LINES, 3) == "Vraag 1"
    assert line_before(LINES, 0) == ""
