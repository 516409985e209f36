"""The scan of numbered layouts: "Vraag 1" / "Antwoord 1" markers, lists of
questions and answers ("12 Welke …?" then the answer), all questions first and
all answers after one heading, and a committee letter repeated before the answers."""

from __future__ import annotations

import re

from classifier.letters.asking import QUESTION_START
from classifier.letters.layout import (
    ANSWER_NUMBER,
    BUDGET_SECTION,
    LIST_ITEM,
    NUMBERED,
    NUMBERED_TIGHT,
    NUMBERS_ALONE,
    PARTY_SECTION,
    REQUEST_END,
    SUBITEM,
    Item,
    Segment,
    antwoord_marker,
    ends_question,
    ends_sentence,
    inline_answer,
    is_double_spaced,
    norm,
    numbers_questions,
    opens_question,
    parse_numbers,
    vraag_marker,
)
from classifier.letters.partial import asks_below, opens_partial_lijst
from classifier.letters.parties import cells_party, find_party, header_cell, heading_party, pop_cells

# "Vraag" alone on its line: the label of a question whose number stands apart (before it, in a table
# cell) or was cut off. Where a question's first words are read, "Vragen" is such a label too ("2 Vragen").
_BARE_VRAAG = re.compile(r"Vraag\s*:?")
_BARE_LABEL = re.compile(r"Vra(?:ag|gen)\s*:?")
_LABELLED = re.compile(r"Vraag\s*:\s*(?P<rest>\S.*)")  # "1" / "Vraag: Is de …": the label before the question's words


class Scanner:
    def __init__(self, lines: list[str], reference: str) -> None:
        self.lines = lines
        # compared without spaces: the committee letter may hyphenate a word at a line end
        # ("basis-" / "paraatheidsvaardigheden") that the answer letter prints whole
        self.reference = reference.replace(" ", "")
        self.double_spaced = is_double_spaced(lines)
        self.items: list[Item] = []
        self.section: str | None = None
        self.section_party: dict[str | None, str | None] = {}
        self.last_num = 0
        self.skipping = False
        self.ref_pos = 0
        self.gap = False  # a blank line since the last content line
        self.tail: Segment | None = None  # the segment the text ends in
        self.skipped = ""  # the last line skipped before the first question (its table cells, perhaps)
        # "Vraag 1" markers number the questions; other numbered lines are then lists or footnotes
        self.marked = numbers_questions(lines)
        self.number_lines: set[bool] = set()  # whether each numbered question so far stood alone on its line

    # -- classification helpers
    def _in_reference(self, line: str, near: bool = False) -> bool:
        """Does this line repeat the committee's question text (near the last repeated line, for a new piece)?"""
        text = norm(line)
        if not self.reference or len(text.split()) < 3:
            return False
        text = text.replace(" ", "")
        pos = self.reference.find(text, max(0, self.ref_pos - 200) if near else 0)
        if pos < 0 or (near and pos - self.ref_pos > 2500):
            return False
        self.ref_pos = pos + len(text)
        return True

    def _section_heading(self, line: str) -> bool:
        budget = BUDGET_SECTION.match(line)
        if budget:
            self._new_section(budget.group("code"), None)
            return True
        party = PARTY_SECTION.match(line)
        if party and not line.rstrip().endswith("?") and len(line) < 140:
            who = party.group("who") or party.group("fraction")
            short = find_party(line) or who.strip().removesuffix("-fractie").removesuffix(" fractie")
            self._new_section(short, short)
            return True
        speaker = heading_party(line)  # "Van Dijk (SP):", "1. Vragen en opmerkingen vanuit de VVD-fractie"
        if speaker:
            self._new_section(speaker, speaker)
            return True
        return False

    def _skips_ahead(self, num: int, rest: str | None, lines: list[str], index: int) -> bool:
        """"45" alone on its line after answer 1, above a line that asks: a lijst printed in part skips numbers
        (see `partial`); after the first, only where every question so far stood alone on its line."""
        if rest or num <= self.last_num or num >= 1000:
            return False
        if not self.items:
            return opens_partial_lijst(num, lines, index)
        return self.number_lines == {True} and self.items[-1].has_answer and asks_below(lines, index)

    def _new_section(self, name: str, party: str | None) -> None:
        self.section = name
        self.section_party[name] = party
        self.last_num = 0
        self.skipping = True  # an intro paragraph after a heading belongs to no question

    def _accept_number(self, num: int, rest: str | None) -> bool:
        current = self.items[-1] if self.items else None
        if num == self.last_num + 1:
            return True
        if num >= 1000:
            return False  # a year opening a line ("2024 …") is a question number only in sequence
        if current and current.has_answer and str(num) not in current.nums and num == int(re.match(r"\d+", current.nums[0]).group()) + 1:
            return True  # after "1" and "11" answered together, "2" comes next
        if num == 1 and (current is None or current.section != self.section):
            return True
        # two questions followed by one answer: "1" … "11" … answer (combined)
        return bool(current and not current.has_answer and num > self.last_num and (rest is None or ends_question(rest)))

    def _continues_answer_list(self, num: int) -> bool:
        """ "3. Juba (Zuid-Soedan)" after "1. Bujumbura" and "2. Havanna" in an answer, in a lijst whose
        questions have so far stood alone on their lines ("3"): the answer's own list goes on."""
        if not self.items or self.number_lines != {True}:
            return False
        answer = [line for seg in self.items[-1].segments if seg.kind == "A" for line in seg.lines]
        return any(re.match(rf"\s*{num - 1}[.)]\s", line) for line in answer)

    def _start(self, nums: list[str], first: str | None, sub: str | None = None, marker: bool = False) -> None:
        current = self.items[-1] if self.items else None
        if current is not None and not current.has_answer and current.section == self.section and current.segments:
            current.nums.extend(n for n in nums if n not in current.nums)  # asked separately, answered together
            current.segments.append(Segment("Q", [], sub))  # the lines after "Vraag 3" are question 3, not an answer to 2
        else:
            current = Item(nums=list(nums), section=self.section)
            self.items.append(current)
        current.marks.extend((n, max(0, len(current.segments) - 1)) for n in nums)
        if first and _BARE_LABEL.fullmatch(first):
            first = None  # "2 Vraag": the number, then the label over the question's words
        if first:
            self._in_reference(first)
            question, answer = inline_answer(first)
            current.add("Q", question, sub)
            if answer:
                current.add("A", answer)
        elif not current.segments:
            current.segments.append(Segment("Q", [], sub))
        nums_int = [int(re.match(r"\d+", n).group()) for n in nums if re.match(r"\d+", n)]
        if nums_int:
            self.last_num = max(nums_int)
        self.skipping = False

    def _cells_before_marker(self, line: str) -> bool:
        """"1.  CDA  Rouwe, de  Vraag:": a numbered table row whose cells came out as the question's text.
        The cells give the party; the question follows the "Vraag:" marker."""
        seg = self.items[-1].segments[-1] if self.items and self.items[-1].segments else None
        if not _BARE_VRAAG.fullmatch(line) or seg is None or seg.kind != "Q":
            return False
        cells = [cell for cell in seg.lines if cell]
        if not cells:
            return True  # "1" alone on its line, then "Vraag:": a label over the question, not its words
        if not all(header_cell(cell) for cell in cells):
            return False
        self.items[-1].party = self.items[-1].party or cells_party(cells)
        seg.lines.clear()
        return True

    def _cells_above(self) -> list[str]:
        """Name and party cells printed above a "Vraag" marker ("Rouwe, S. de  CDA"): taken off the answer before."""
        if not self.items:
            return [self.skipped] if self.skipped and header_cell(self.skipped) else []
        seg = self.items[-1].segments[-1] if self.items[-1].segments else None
        return pop_cells(seg.lines) if seg is not None and seg.kind == "A" else []

    def _answer_marker(self, answered: list[str]) -> Item:
        """The item an "Antwoord" marker answers, after letting the marker settle what was asked.

        Between a "Vraag" marker and the first "Antwoord" marker everything is question text, also
        a second paragraph that reads like an answer ("Vraag 3, 4" with a paragraph per question).
        The marker's numbers name the pair: "Antwoord 2, 3 en 4" under "Vraag 2" answers three
        questions printed as one, and "Antwoord 4 en 5" after "Vraag 3" and "Vraag 4" leaves
        question 3 unanswered. Numbers that share nothing with the questions are a misprint and
        are ignored.
        """
        item = self.items[-1]
        if item.marks and not item.explicit_answer and not any(seg.sub for seg in item.segments):
            earlier = {n for other in self.items[:-1] if other.section == item.section for n in other.nums}
            answered = [n for n in answered if n not in earlier]
            first = next((k for k, (num, _) in enumerate(item.marks) if num in answered), None)
            if first is not None:
                cut = item.marks[first][1]
                if first > 0 and cut > 0:  # the questions before it get no answer
                    unanswered = Item([n for n, _ in item.marks[:first]], item.section, item.segments[:cut])
                    self.items.insert(len(self.items) - 1, unanswered)
                    item.segments = item.segments[cut:]
                item.nums = answered
                item.marks = [(n, i - cut) for n, i in item.marks[first:]]
            starts = [i for _, i in item.marks]
            if not answered and len(starts) > 1 and starts == sorted(set(starts)):
                item.answered_at = len(item.segments)  # perhaps all questions first, then all answers
            else:
                item.segments = [Segment("Q", [line for seg in item.segments for line in seg.lines])]
        item.explicit_answer = True
        return item

    def _series(self, item: Item) -> list[Item]:
        """Questions printed first and their answers after one "Antwoord" heading, numbered again.

        "1" … "6" (questions), "Antwoord", "1" "Ja." "2" …: each answer goes to its question.
        A joint answer may take questions out of order ("3, 5 en 6" before "4"); its first
        number is the next question not yet answered. Without such a second numbering the
        questions were answered together.
        """
        if item.answered_at is None:
            return [item]
        questions, answers = item.segments[: item.answered_at], item.segments[item.answered_at :]
        lines = [line for seg in answers for line in seg.lines]
        nums = [n for n, _ in item.marks]
        starts: list[tuple[int, str | None, list[str]]] = []  # line, text after the number, questions answered
        answered: set[str] = set()
        expected = 0  # index in nums of the next question not yet answered
        for i, line in enumerate(lines):
            while expected < len(nums) and nums[expected] in answered:
                expected += 1
            if expected >= len(nums):
                break
            stripped = line.strip()
            joint = NUMBERS_ALONE.match(stripped)  # "2 en 3": one answer to two questions
            group = parse_numbers(joint.group("nums")) if joint else []
            if (group and group[0] == nums[expected] and len(set(group)) == len(group)
                    and set(group) <= set(nums[expected:]) - answered):
                starts.append((i, None, group))
                answered.update(group)
                continue
            numbered = NUMBERED.match(stripped)
            if numbered and numbered.group("num") == nums[expected]:
                starts.append((i, numbered.group("rest"), [nums[expected]]))
                answered.add(nums[expected])
        if len(starts) < 2:
            item.segments = [Segment("Q", [line for seg in questions for line in seg.lines]), *answers]
            return [item]
        pieces: list[Item] = []
        ends = [i for i, _, _ in starts[1:]] + [len(lines)]
        ends_here = any(self.tail is seg for seg in answers)
        groups = [group for _, _, group in starts] + [[num] for num in nums if num not in answered]
        position = {num: k for k, (num, _) in enumerate(item.marks)}
        for k, group in enumerate(groups):
            segments = self._question_segments(item, group, position)
            piece = Item(list(group), item.section, [questions[j] for j in segments])
            if k < len(starts):
                i, rest, _ = starts[k]
                piece.segments.append(Segment("A", ([rest] if rest else []) + lines[i + 1 : ends[k]]))
                piece.explicit_answer = True
                if ends_here:
                    self.tail = piece.segments[-1]  # the last answer holds the end of the text
            pieces.append(piece)
        return pieces

    @staticmethod
    def _question_segments(item: Item, group: list[str], position: dict[str, int]) -> list[int]:
        """The question segments of the numbers in `group`, in document order: from each number's mark to the next
        (`position`: each number's index in item.marks)."""
        taken: set[int] = set()
        for num in group:
            after = position[num] + 1
            first = item.marks[position[num]][1]
            last = item.marks[after][1] if after < len(item.marks) else item.answered_at
            taken.update(range(first, last))
        return sorted(taken)

    # -- main loop
    def scan(self) -> list[Item]:
        lines = self.lines
        for index, raw in enumerate(lines):
            line = raw.strip()
            if not line:
                if self.items and not self.double_spaced:
                    self._blank()
                    self.gap = True
                continue
            if self._section_heading(line):
                continue
            if not self.marked and self._cells_before_marker(line):
                continue
            vraag = vraag_marker(line, lines[index - 1].strip() if index else "")
            if vraag or (self.marked and self.items and _BARE_VRAAG.fullmatch(line)):  # "Vraag" cut off its number
                cells = self._cells_above()
                nums = parse_numbers(vraag.group("nums")) if vraag else [str(self.last_num + 1)]
                self._start(nums, (vraag.group("rest") or None) if vraag else None, marker=True)
                self.items[-1].party = self.items[-1].party or cells_party(cells)
                continue
            antwoord = antwoord_marker(line)
            if antwoord and (antwoord.group("nums") or not antwoord.group("rest") or antwoord.group("rest")[:1].isupper()):
                if self.items:
                    item = self._answer_marker(parse_numbers(antwoord.group("nums") or ""))
                    item.segments.append(Segment("A", []))
                    if antwoord.group("rest"):
                        item.add("A", antwoord.group("rest"))
                continue
            numbered = None if self.marked else NUMBERED.match(line) or NUMBERED_TIGHT.match(line)
            if numbered and (numbered.group("rest") or "")[:1].islower():
                numbered = None  # "3 april 2024 …": a wrapped sentence, questions open with a capital
            if numbered and numbered.group("rest") and self._continues_answer_list(int(numbered.group("num"))):
                numbered = None
            if numbered and (self._accept_number(int(numbered.group("num")), numbered.groupdict().get("rest"))
                             or self._skips_ahead(int(numbered.group("num")), numbered.group("rest"), lines, index)):
                self.number_lines.add(not numbered.group("rest"))
                self._start([numbered.group("num")], numbered.group("rest"))
                continue
            joint = None if self.marked else NUMBERS_ALONE.match(line)  # "1 en 2": one heading, one answer
            if joint and self._accept_number(int(parse_numbers(joint.group("nums"))[0]), None):
                self._start(parse_numbers(joint.group("nums")), None)
                continue
            if not self.items or self.skipping:
                self.skipped = line
                continue
            if self._answer_number(line):
                continue
            self._content(line)
            self.gap = False
        self.tail = self.items[-1].segments[-1] if self.items and self.items[-1].segments else None
        self.items = [piece for item in self.items for piece in self._series(item)]
        return self.items

    def _answer_number(self, line: str) -> bool:
        """A number line that repeats the question's numbers right after the question has ended heads the
        answer: the answer starts here, without the number in its text."""
        item = self.items[-1]
        if not ANSWER_NUMBER.match(line) or not item.segments or item.has_answer:
            return False
        seg = item.segments[-1]
        asked = [text for text in seg.lines if text]
        if seg.kind != "Q" or not asked or not ends_question(asked[-1]):
            return False
        if set(re.findall(r"\d{1,4}[a-z]?", line)) != set(item.nums):
            return False
        item.segments.append(Segment("A", []))
        return True

    def _blank(self) -> None:
        item = self.items[-1]
        if item.segments and item.segments[-1].kind == "Q" and item.segments[-1].lines and not item.explicit_answer:
            item.segments[-1].lines.append("")  # a paragraph break inside question text; decides below

    def _content(self, line: str) -> None:
        item = self.items[-1]
        seg = item.segments[-1] if item.segments else None
        if seg is not None and seg.kind == "Q" and not any(seg.lines) and (label := _LABELLED.fullmatch(line)):
            line = label.group("rest")
        sub = SUBITEM.match(line)
        if item.explicit_answer:
            item.add("A", line)
            return
        if self.reference:
            goes_on = seg is not None and seg.kind == "A" and seg.lines and not ends_sentence(seg.lines[-1])
            if goes_on and not self.gap and not sub:
                item.add("A", line)  # the answer's sentence goes on, even where its words echo the question
                return
            is_q = self._in_reference(line, near=seg is not None and seg.kind == "A")
            if sub and (is_q or ends_question(line)):
                item.add("Q", line, sub.group("sub"))
            elif is_q or (seg is not None and seg.kind == "Q" and len(norm(line).split()) < 3 and not ends_question(seg.lines[-1] if seg.lines else "")):
                item.add("Q", line)
            else:
                item.add("A", line)
            return
        # no reference: question text runs until it ends
        if seg is None or seg.kind == "A":
            if sub and seg is not None and ends_question(line):
                item.add("Q", line, sub.group("sub"))
            else:
                item.add("A", line)
            return
        if sub and seg.lines and seg.lines[-1] != "":
            item.add("Q", line, sub.group("sub"))
            return
        if self._question_ended(seg.lines, line, asked_for=len(item.nums)):
            item.add("A", line)
        elif not any(seg.lines) and (inline := inline_answer(line))[1]:
            seg.lines[:] = [inline[0]]
            item.add("A", inline[1])
        else:
            if seg.lines and seg.lines[-1] == "":
                seg.lines.pop()
            seg.lines.append(line)

    def _question_ended(self, qlines: list[str], line: str, asked_for: int = 1) -> bool:
        """Has the question already ended before this line?

        Under a heading that numbers several questions ("1 en 2") a new paragraph that opens
        as a question is the next of them, as long as fewer questions than that have been asked.
        """
        content = [q for q in qlines if q != ""]
        if not content:
            return False
        last = content[-1]
        if len(content) > 1 and re.fullmatch(r"\([^()]{1,40}\)\.?", last):
            last = f"{content[-2]} {last}"  # "…rapporteren?" + "(TZ202307-053)": the question still ended
        paragraph_break = bool(qlines) and qlines[-1] == ""
        continuation = (
            line[:1].islower()
            or bool(QUESTION_START.match(line))
            or ("?" in line and not paragraph_break)
            or bool(re.fullmatch(r"\([^()]{1,40}\)\.?", line))  # a reference code wrapped onto its own line
        )
        if ends_question(last) or REQUEST_END.search(last):
            asked = sum(1 for q in content if ends_question(q))
            if paragraph_break and asked < asked_for and opens_question(line):
                return False
            return not continuation or paragraph_break
        if re.search(r"[:;,]$", last) and LIST_ITEM.match(line):
            return False  # "… een overzicht geven van:" / "- het aandeel …": the question goes on in a list
        if (paragraph_break and not ends_sentence(last) and opens_question(content[0]) and not opens_question(line)
                and all(len(q.split()) <= 8 for q in content) and (ends_question(line) or not ends_sentence(line))):
            # "Kent u het bericht dat het" / "Nederlands Koningshuis het op één": a PDF that double-spaces the short
            # lines of a question; a whole sentence after an unfinished question ("Het ligt op schema.") answers it
            return False
        if paragraph_break:
            return not line[:1].islower()
        return False
