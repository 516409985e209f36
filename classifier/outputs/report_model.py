"""What a report is, as data: its groups, months and quoted answers, and the words for the groups that are
no person, ministry, party or month. Kept apart from how a report is built (classifier.outputs.report), which
re-exports these names, so the writers and the builder read one definition."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

GroupBy = Literal["minister", "ministry", "party", "month"]
Format = Literal["table", "json", "csv", "html"]
GROUP_BY: tuple[str, ...] = ("minister", "ministry", "party", "month")
FORMATS: tuple[str, ...] = ("table", "json", "csv", "html")

LABEL_HEX: dict[str, str] = {
    "substantive": "#2e7d32",
    "partial": "#b28704",
    "deflecting": "#e65100",
    "confidential": "#c62828",
}
"""The label palette of the letter page (templates/letter.html.j2), reused by the charts."""

NO_SIGNATORY = "(geen ondertekenaar gevonden)"
NO_MINISTRY = "(ministerie onbekend)"
NO_PARTY = "(partij onbekend)"
NO_DATE = "(datum onbekend)"

QUOTE_CHARS = 500
QUESTION_CHARS = 300
MAX_CHART_GROUPS = 40


class QuotedAnswer(BaseModel):
    letter_id: str
    letter_title: str | None = None
    """The letter's subject (metadata `title`), so a reader knows what was asked about; its first letter upper
    case, as the letter's page heads it ("Het bericht …", where the metadata has "het bericht …")."""
    letter_date: dt.date | None = None
    """The answer's date, to find the letter on the Tweede Kamer's site."""
    source: str | None = None
    """The file the letter was scored from, as it was given: ids repeat across folders."""
    question_id: str
    label: str
    score: float
    question: str
    answer: str
    """Shortened to about 500 characters, ending in "…" when cut."""

    @property
    def ref(self) -> str:
        return f"{self.letter_id}#{self.question_id}"


class MonthPoint(BaseModel):
    month: str
    pairs: int
    mean_score: float
    ci_low: float
    ci_high: float


class PeriodPoint(BaseModel):
    """The mean of all pairs answered in one period of the trend: a month ("2015-08"), a quarter ("2015-Q3") or a
    year ("2015"), as Report.trend_period says."""

    period: str
    pairs: int
    mean_score: float
    ci_low: float
    ci_high: float


class GroupReport(BaseModel):
    key: str
    letters: int
    pairs: int
    mean_score: float
    ci_low: float
    ci_high: float
    label_counts: dict[str, int]
    label_shares: dict[str, float]
    few_pairs: bool
    """Fewer pairs than Report.min_pairs: the interval is too wide to compare this group."""
    few_letters: bool = False
    """Fewer letters than Report.min_letters: one long letter is one answer on one subject, whatever its pairs."""
    unnamed: bool = False
    """The group is no person, ministry, party or month: the letters whose signatory, ministry, party or date is
    unknown. Every writer flags it ("not a ministry: ministry unknown"), so that no one reads it as one."""
    shared_letters: int = 0
    """Letters of this group that also count, in full, for another signatory or ministry."""
    via_office_table: int = 0
    """Letters attributed to this person through the office-holder table, not a printed name."""
    delay_days_mean: float | None = None
    delay_days_median: float | None = None
    delay_letters: int = 0
    """Letters whose question and answer dates are both known."""
    postponements: int = 0
    """Postponement notices ("Mededeling (uitstel antwoord)") the API lists for this group's letters."""
    postponed_letters: int = 0
    by_month: dict[str, float] = Field(default_factory=dict)
    """Mean score per answer month (YYYY-MM)."""
    by_period: dict[str, float] = Field(default_factory=dict)
    """Mean score per period of the trend (Report.trend_period), for the group's small trend chart."""
    most_evasive: list[QuotedAnswer] = Field(default_factory=list)
    """The group's answers labelled partial or worse, most evasive label first, then by score; empty when
    every answer was substantive."""
    letter_ids: list[str] = Field(default_factory=list)


class Report(BaseModel):
    by: GroupBy
    first_signatory: bool
    letters: int
    pairs: int
    """Pairs scored; with shared letters the group totals add up to more."""
    groups: list[GroupReport]
    months: list[MonthPoint]
    """All pairs per answer month, each pair once."""
    trend_period: Literal["month", "quarter", "year"] = "month"
    """What the trend is drawn per: months, or quarters or years when the answers span more than a few years
    (classifier.outputs.stats.trend_period)."""
    trend: list[PeriodPoint] = Field(default_factory=list)
    """All pairs per trend_period, each pair once: the overall trend."""
    notes: list[str]
    confidence: float
    resamples: int
    seed: int
    min_pairs: int
    min_letters: int = 1
    model_versions: list[str]
