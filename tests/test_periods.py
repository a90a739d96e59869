"""Periods: the one check of a period asked for, and its one set of messages."""

from datetime import date

import pytest

from tracker.services import Errors, periods
from tracker.views.common import asked_period

TODAY = date(2026, 11, 5)  # October's reports are due by 10 November


def refusal(value, today=TODAY, **how) -> str:
    with pytest.raises(periods.Invalid) as refused:
        periods.check(value, today, **how)
    return str(refused.value.message)


def test_a_month_that_has_begun_is_a_period(app):
    assert periods.check("2026-10", TODAY).value == "2026-10"
    assert periods.check("2026-11", TODAY).months == ["2026-11"]  # this month has begun
    with app.app_context():
        assert refusal("2026-12") == "Perioden 2026-12 har inte börjat än."


@pytest.mark.parametrize(
    "bad",
    [
        "",
        None,
        "2026-13",
        "2026-1",
        "2026-10\n",
        "2026-1O",
        "\uff12\uff10\uff12\uff16-10",
        "2026",
        "2026-T3",
    ],
)
def test_anything_else_is_not_a_month(app, bad):
    with app.app_context():
        assert refusal(bad) == "Skriv perioden som ÅÅÅÅ-MM, till exempel 2026-10."


def test_a_span_is_a_month_a_tertial_or_a_year_that_has_begun(app):
    assert periods.check("2026-T3", TODAY, spans=True).months[0] == "2026-09"
    assert periods.check("2026", TODAY, spans=True).kind == "year"
    with app.app_context():
        assert refusal("2026-T4", spans=True).startswith("Skriv perioden som en månad (2026-10)")
        assert refusal("2027", spans=True) == "Perioden 2027 har inte börjat än."


def test_with_a_deadline_day_the_deadline_must_have_passed(app):
    assert periods.check("2026-10", date(2026, 11, 11), deadline_day=10).value == "2026-10"
    with app.app_context():
        message = refusal("2026-10", date(2026, 11, 10), deadline_day=10)
        assert message.startswith(
            "Sista dag för oktober 2026 har inte passerat än (10 nov. 2026)"
        ), message
        # Not begun comes first: a month to come has no deadline to speak of.
        assert refusal("2026-12", deadline_day=10) == "Perioden 2026-12 har inte börjat än."


def test_collect_adds_the_message_at_the_field(app):
    errors = Errors()
    assert periods.collect(errors, "period", "2026-10", TODAY).value == "2026-10"
    assert not errors
    assert periods.collect(errors, "when", "2027-01", TODAY) is None
    with app.app_context():
        assert [str(m) for m in errors.errors["when"]] == ["Perioden 2027-01 har inte börjat än."]


def test_a_page_shows_the_default_and_says_why(app):
    with app.test_request_context():
        assert asked_period(None, TODAY, "2026-10") == (periods.Span("2026-10"), None)
        assert asked_period("2026-09", TODAY, "2026-10") == (periods.Span("2026-09"), None)
        span, problem = asked_period("2099-01", TODAY, "2026-10")
        assert span.value == "2026-10"
        assert problem == "Perioden 2099-01 har inte börjat än. Visar oktober 2026."
        span, problem = asked_period("2026-T3", TODAY, "2026", spans=True)
        assert (span.value, problem) == ("2026-T3", None)
