"""A report as one self-contained HTML page: time-axis charts of each group (SVG from
matplotlib, one small chart per group) and the report template."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import TYPE_CHECKING

import numpy as np

from classifier.config import LABELS
from classifier.outputs.render import environment
from classifier.outputs.stats import period_bounds
from classifier.outputs.tables import shorten

if TYPE_CHECKING:
    pass
from classifier.outputs.report import MAX_CHART_GROUPS, LABEL_HEX, GroupReport, Report
from classifier.outputs.report_text import display_name, group_caveats, score_meaning, unnamed_caveat, unnamed_note


def _svg(fig: object, name: str) -> str:
    """A figure as an <svg> element: text kept as text, fixed ids, no timestamp, so output is stable."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": f"evasion-{name}"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")  # type: ignore[attr-defined]
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def month_start(month: str) -> dt.date:
    """"2024-04" → 2024-04-01."""
    year, number = month.split("-")
    return dt.date(int(year), int(number), 1)


def month_series(values: dict[str, float]) -> tuple[list[dt.date], list[float]]:
    """Points per month on a time axis, with a gap (NaN) wherever a month between two points has no data.

    A line drawn through the result joins only adjacent months: 2015-08 and 2024-04 are nine
    years apart on the axis and not joined, so no trend is drawn where there was no data.
    """
    return period_series({key: value for key, value in values.items() if re.fullmatch(r"\d{4}-\d{2}", key)})


def period_series(values: dict[str, float]) -> tuple[list[dt.date], list[float]]:
    """Points per month, quarter or year ("2015-08", "2015-Q3", "2015") at the period's first day, with a gap
    (NaN) wherever a period between two points has no data, so no trend is drawn where there was none."""
    periods = sorted((bounds, values[key]) for key in values if (bounds := period_bounds(key)) is not None)
    days: list[dt.date] = []
    points: list[float] = []
    previous: dt.date | None = None
    for (start, end), value in periods:
        if previous is not None and start != previous:
            days.append(days[-1] + (start - days[-1]) / 2)
            points.append(float("nan"))
        days.append(start)
        points.append(value)
        previous = end
    return days, points


def _time_axis(ax: object, first: dt.date, last: dt.date) -> None:
    """Dates on the x axis: months when the data spans little time, years when it spans more."""
    import matplotlib.dates as mdates

    span_months = (last.year - first.year) * 12 + last.month - first.month
    if span_months <= 18:
        locator: object = mdates.MonthLocator()
        fmt = "%Y-%m"
    else:
        locator = mdates.YearLocator(base=max(1, span_months // 12 // 8 + 1))
        fmt = "%Y"
    ax.xaxis.set_major_locator(locator)  # type: ignore[attr-defined]
    ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt))  # type: ignore[attr-defined]
    pad = max(dt.timedelta(days=20), (last - first) * 0.03)  # a point on the first or last month stays whole
    ax.set_xlim(first - pad, last + pad)  # type: ignore[attr-defined]


def chart_name(report: Report, group: GroupReport, width: int) -> str:
    """A group's name on a chart, with its marks: "*" for few pairs or letters, and "(not a ministry)" for the
    letters whose ministry is unknown, which a chart would otherwise show as one ministry among the others.
    A party's full name where it fits in `width`, else its short form."""
    name = display_name(report, group)
    name = name if len(name) <= width else shorten(group.key, width)
    few = " *" if group.few_pairs or group.few_letters else ""
    return name + (f" ({unnamed_caveat(report.by)})" if group.unnamed else "") + few


def charts(report: Report) -> dict[str, str]:
    """Inline SVG charts: mean with interval, label shares, the trend per Report.trend_period on a time axis, and
    (grouped by minister, ministry or party) one small trend chart per group. The bars show every
    group, as the table does; only the small charts stop at MAX_CHART_GROUPS, and the page says so.
    """
    from matplotlib.figure import Figure

    groups = report.groups
    out: dict[str, str] = {}
    if not groups:
        return out
    names = [chart_name(report, g, 80) for g in groups]
    ys = list(range(len(groups)))[::-1]
    height = 0.9 + 0.32 * len(groups)

    fig = Figure(figsize=(8, height))
    ax = fig.add_subplot()
    means = np.array([g.mean_score for g in groups])
    err = np.array([[g.mean_score - g.ci_low for g in groups], [g.ci_high - g.mean_score for g in groups]])
    ax.errorbar(means, ys, xerr=np.clip(err, 0, None), fmt="o", color="#1d1d1f", ecolor="#5f6368", capsize=3)
    ax.set_yticks(ys, names)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"mean evasion score, {report.confidence:.0%} bootstrap interval (* = few pairs or letters)")
    ax.grid(axis="x", color="#dadce0")
    out["means"] = _svg(fig, "means")

    fig = Figure(figsize=(8, height))
    ax = fig.add_subplot()
    left = np.zeros(len(groups))
    for label in LABELS:
        shares = np.array([g.label_shares[label] for g in groups])
        ax.barh(ys, shares, left=left, color=LABEL_HEX[label], label=label)
        left += shares
    ax.set_yticks(ys, names)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of pairs per label")
    ax.legend(ncols=len(LABELS), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    out["shares"] = _svg(fig, "shares")

    if not report.trend:
        return out
    overall = {point.period: point for point in report.trend}
    days, values = period_series({key: point.mean_score for key, point in overall.items()})
    first, last = min(d for d, v in zip(days, values, strict=True) if v == v), max(days)
    at = {bounds[0]: point for key, point in overall.items() if (bounds := period_bounds(key))}
    low = [at[d].ci_low if v == v else np.nan for d, v in zip(days, values, strict=True)]
    high = [at[d].ci_high if v == v else np.nan for d, v in zip(days, values, strict=True)]

    fig = Figure(figsize=(8, 3.2))
    ax = fig.add_subplot()
    ax.errorbar(days, values, yerr=np.clip([np.subtract(values, low), np.subtract(high, values)], 0, None),
                fmt="-o", color="#1d1d1f", ecolor="#9aa0a6", markersize=4, capsize=2,
                label=f"all pairs per {report.trend_period}, with {report.confidence:.0%} interval")
    _time_axis(ax, first, last)
    ax.set_ylim(0, 1)
    ax.set_ylabel("mean evasion score")
    ax.grid(axis="y", color="#dadce0")
    ax.legend(fontsize="small", loc="upper left", frameon=False)
    fig.autofmt_xdate()
    out["trend"] = _svg(fig, "trend")

    if report.by != "month":
        panels = groups[:MAX_CHART_GROUPS]
        out["trend_groups"] = _svg(_small_multiples(report, panels, days, values, first, last), "trend-groups")
    return out


def _small_multiples(
    report: Report, groups: list[GroupReport], days: list[dt.date], overall: list[float], first: dt.date, last: dt.date
) -> object:
    """One small trend chart per group, on the same time and score axes, the overall trend in grey
    behind each: every group is visible and named, however many there are or however they overlap."""
    from matplotlib.figure import Figure

    columns = 3 if len(groups) > 4 else max(1, len(groups))
    rows = -(-len(groups) // columns)
    fig = Figure(figsize=(8, 0.4 + 1.9 * rows))
    axes = fig.subplots(rows, columns, sharex=True, sharey=True, squeeze=False)
    for index, ax in enumerate(axes.flat):
        if index >= len(groups):
            ax.set_visible(False)
            continue
        group = groups[index]
        ax.plot(days, overall, "-o", color="#bdc1c6", linewidth=1, markersize=2)
        group_days, group_values = period_series(group.by_period)
        if group_days:
            ax.plot(group_days, group_values, "-o", color="#1d1d1f", markersize=3, linewidth=1.2)
        else:
            ax.text(0.5, 0.5, "no dated letters", transform=ax.transAxes, ha="center", va="center",
                    fontsize="small", color="#5f6368")
        ax.set_title(chart_name(report, group, 34), fontsize="small", loc="left")
        ax.set_ylim(0, 1)
        ax.grid(axis="y", color="#eceff1")
        _time_axis(ax, first, last)
        ax.tick_params(labelsize="x-small")
    fig.supylabel("mean evasion score", fontsize="small")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def to_html(report: Report) -> str:
    """A self-contained page: inline CSS and SVG charts, no scripts, no external assets."""
    return render_report(report, charts(report))


def render_report(report: Report, charts: dict[str, str]) -> str:
    """The `evasion report` page (templates/report.html.j2): one self-contained HTML file.

    `charts` are SVG documents made by classifier.outputs.report.charts from matplotlib, our
    own output and not text from a letter, so they are the only values marked safe;
    every name and quote in them was escaped by matplotlib's SVG writer.
    """
    from markupsafe import Markup

    return environment().get_template("report.html.j2").render(
        report=report,
        max_chart_groups=MAX_CHART_GROUPS,
        charts={name: Markup(svg) for name, svg in charts.items()},
        caveats=[group_caveats(group, report.by) for group in report.groups],
        names=[display_name(report, group) for group in report.groups],
        meaning=score_meaning(report),
        unnamed_caveat=unnamed_caveat(report.by),
        unnamed_note=unnamed_note(report.by),
        label_hex=LABEL_HEX,
    )
