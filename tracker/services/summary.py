"""The politicians' summary (sammanfattning): each strategic area in plain words, with only what
a politician may read.

A month, a tertial or a year (tracker.services.periods.Span); a tertial or a year shows each
improvement's latest report within it. Only texts marked for the politicians reach the summary
(what happened, next steps, risks), and the questions raised to them; the text that asks the
group for a decision, group-only and commercially confidential texts never do, whoever reads
it. A fixed number of queries.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Row, Select, and_, func, select
from sqlalchemy.orm import Session

from tracker import access
from tracker.models import (
    AreaAssessment,
    AreaVersion,
    Improvement,
    ImprovementState,
    Role,
    Status,
    StatusUpdate,
)
from tracker.services import completeness, periods, versions
from tracker.status import NOT_REPORTED, rank

ReportRow = Row[*tuple[Any, ...]]
"""A report's figures and texts with its improvement's code, title, state and area id then
(``_reports``); SQLAlchemy types a row's named columns no closer."""


@dataclass
class Text:
    code: str
    title: str
    text: str


@dataclass
class AreaSummary:
    code: str
    title: str
    goal: str
    status: Status | None
    assessed: bool  # the status is the lead owner's assessment (else the improvements' worst)
    trend: str | None  # "better", "unchanged", "worse", or None without an earlier status
    progress: int | None
    counts: dict[str, int]  # status or state value, or NOT_REPORTED -> improvements
    achieved: list[Text] = field(default_factory=list)
    next_steps: list[Text] = field(default_factory=list)
    risks: list[Text] = field(default_factory=list)
    questions: list[Text] = field(default_factory=list)


@dataclass
class Summary:
    span: periods.Span
    areas: list[AreaSummary]
    missing: completeness.Missing  # the reports due and not made within the span


def _latest(months: list[str]) -> Select[int]:
    """Each improvement's latest report within ``months`` (a subquery of ids)."""
    ranked = (
        select(
            StatusUpdate.id,
            func.row_number()
            .over(partition_by=StatusUpdate.improvement_id, order_by=StatusUpdate.period.desc())
            .label("rank"),
        )
        .where(StatusUpdate.period >= months[0], StatusUpdate.period <= months[-1])
        .subquery()
    )
    return select(ranked.c.id).where(ranked.c.rank == 1)


def _reports(session: Session, months: list[str], deadline_day: int) -> Sequence[ReportRow]:
    """Each improvement's latest report within ``months``, under its area as it stood at the
    last month's deadline; none of an improvement archived by then."""
    when = versions.then(months[-1], deadline_day)
    return session.execute(
        when.join(
            select(
                StatusUpdate.status,
                StatusUpdate.period,
                StatusUpdate.progress,
                StatusUpdate.comment,
                StatusUpdate.comment_audience,
                StatusUpdate.next_steps,
                StatusUpdate.next_steps_audience,
                StatusUpdate.risks,
                StatusUpdate.risks_audience,
                StatusUpdate.raise_to_politicians,
                StatusUpdate.politicians_text,
                Improvement.code,
                Improvement.title,
                # The state as it stood at the last month's deadline: closing an improvement
                # today does not move it in a closed month's summary.
                func.coalesce(when.iv.state, Improvement.state).label("state"),
                func.coalesce(when.iv.area_id, Improvement.area_id).label("area_id"),
            )
            .select_from(Improvement)
            .join(StatusUpdate, StatusUpdate.improvement_id == Improvement.id)
        )
        .where(
            StatusUpdate.id.in_(_latest(months)),
            func.coalesce(when.iv.archived, Improvement.archived).is_(False),
        )
        .order_by(Improvement.code)
    ).all()


def _assessments(
    session: Session, months: list[str], deadline_day: int
) -> dict[int, tuple[Status, str]]:
    """The lead owner's latest assessment of each area within ``months``: (status, period).
    The lead owner as the area stood at the last month's deadline."""
    instant = versions.moment(months[-1], deadline_day)
    rows = session.execute(
        select(AreaAssessment.area_id, AreaAssessment.status, AreaAssessment.period)
        .join(
            AreaVersion,
            and_(AreaVersion.area_id == AreaAssessment.area_id, versions.at(AreaVersion, instant)),
        )
        .where(
            AreaAssessment.person_id == AreaVersion.lead_id,
            AreaAssessment.period >= months[0],
            AreaAssessment.period <= months[-1],
        )
        .order_by(AreaAssessment.period)
    ).all()
    return {r.area_id: (r.status, r.period) for r in rows}  # the latest period wins


def _status(
    area_id: int, assessments: dict[int, tuple[Status, str]], reports: Sequence[ReportRow]
) -> tuple[Status | None, bool]:
    """The lead owner's assessment, if it is as recent as the area's latest report; else the
    least favourable of the improvements' latest reports."""
    latest = max((r.period for r in reports), default="")
    if area_id in assessments and assessments[area_id][1] >= latest:
        return assessments[area_id][0], True
    if reports:
        return max((r.status for r in reports), key=rank), False
    return None, False


def build(session: Session, span: periods.Span, today: date, deadline_day: int) -> Summary:
    """The summary of ``span``: the areas in the portfolio as it stood at the deadline of its
    last month so far, each with its figures and the texts marked for the politicians."""
    last = min(span.last, periods.of(today))
    areas = versions.areas_then(session, last, deadline_day)
    reports = _reports(session, span.months, deadline_day)
    assessments = _assessments(session, span.months, deadline_day)
    try:
        before = span.previous()
    except ValueError:
        before = None
    earlier = _reports(session, before.months, deadline_day) if before else ()
    earlier_assessments = _assessments(session, before.months, deadline_day) if before else {}
    # Due in the span's last month so far and not reported within the span: the one count of
    # what is missing (completeness.missing), over the span.
    missing = completeness.missing(session, last, deadline_day, first=span.first)
    due_by_area = missing.by_area()

    out: list[AreaSummary] = []
    # What the politicians read, whoever reads the summary.
    audiences = access.audiences_read_by(Role.POLITICIAN)

    def by_area(rows: Iterable[ReportRow]) -> defaultdict[int, list[ReportRow]]:
        grouped: defaultdict[int, list[ReportRow]] = defaultdict(list)
        for row in rows:
            grouped[row.area_id].append(row)
        return grouped

    reports_of, earlier_of = by_area(reports), by_area(earlier)
    for area in areas:
        mine = reports_of[area.id]
        # Done and paused improvements are counted apart, not as on track or at risk.
        apart = {ImprovementState.DONE: 0, ImprovementState.PAUSED: 0}
        statuses: list[Status] = []
        for r in mine:
            if r.state in apart:
                apart[r.state] += 1
            else:
                statuses.append(r.status)
        status, assessed = _status(area.id, assessments, mine)
        old, _ = _status(area.id, earlier_assessments, earlier_of[area.id])
        trend: str | None = None
        if status is not None and old is not None:
            change = rank(status) - rank(old)
            trend = "better" if change < 0 else "worse" if change > 0 else "unchanged"
        counts = {s.value: statuses.count(s) for s in Status}
        counts[NOT_REPORTED] = len(due_by_area.get(area.id, []))
        counts.update({state.value: n for state, n in apart.items()})

        def marked(
            text_field: str, audience_field: str, rows: list[ReportRow] = mine
        ) -> list[Text]:
            return [
                Text(r.code, r.title, getattr(r, text_field))
                for r in rows
                if getattr(r, audience_field) in audiences and getattr(r, text_field).strip()
            ]

        out.append(
            AreaSummary(
                code=area.code,
                title=area.title,
                goal=area.goal,
                status=status,
                assessed=assessed,
                trend=trend,
                progress=round(sum(r.progress for r in mine) / len(mine)) if mine else None,
                counts=counts,
                achieved=marked("comment", "comment_audience"),
                next_steps=marked("next_steps", "next_steps_audience"),
                risks=marked("risks", "risks_audience"),
                questions=[
                    Text(r.code, r.title, r.politicians_text)
                    for r in mine
                    if r.raise_to_politicians and r.politicians_text.strip()
                ],
            )
        )
    return Summary(span=span, areas=out, missing=missing)
