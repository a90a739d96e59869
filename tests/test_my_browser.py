"""The monthly report page (/my) in a real browser, by keyboard only: an owner files this
month's rows and leaves last month's unfiled, copies a row with "Unchanged since last month",
is shown the error summary after a refusal by the server, and is asked before leaving with
unsaved edits. axe-core finds no WCAG 2.1 A/AA violation in any of these states."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.browser import ARTIFACTS, axe_violations, sign_in_by_keyboard
from tests.conftest import PASSWORD
from tracker.extensions import db
from tracker.models import AreaAssessment, StatusUpdate

TODAY = date(2026, 11, 5)  # before the 10th: October has ended but is still open

pytestmark = pytest.mark.browser


def press(page, selector, key="Enter"):
    page.locator(selector).focus()
    page.keyboard.press(key)


def type_into(page, selector, text):
    page.locator(selector).focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def active(page, expression="document.activeElement.id"):
    return page.evaluate(expression)


def no_violations(page, state):
    violations = axe_violations(page)
    assert violations == [], f"{state}: {violations}"


def test_an_owner_reports_this_month_only_copies_a_row_and_is_warned_by_keyboard(
    app,
    page,
    earlier_reports,
    today,
):
    keys = earlier_reports["keys"]
    first_nov, second_nov = keys["first_nov"], keys["second_nov"]
    sign_in_by_keyboard(page, earlier_reports["owner"].email, PASSWORD)
    page.goto("/my")
    assert page.locator("a[target]").count() == 0  # no link opens a new tab
    # The owner's rows of October and November; not the other's, nor August's (closed).
    rows = [name for name, key in keys.items() if page.locator(f"#{key}").count()]
    assert rows == ["first_oct", "first_nov", "second_oct", "second_nov", "area_oct", "area_nov"]
    for name in rows:
        assert page.locator(f"#{keys[name]} input[type=radio][value='']").is_checked(), name
    no_violations(page, "as served")
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=str(ARTIFACTS / "my_1366.png"), full_page=True)

    # This month's SO1-02, typed by hand.
    press(page, f"#{second_nov}-status-0", "Space")  # On track
    type_into(page, f"#{second_nov}-progress", "20")
    type_into(page, f"#{second_nov}-comment", "Novembertext")

    # SO1-01: unchanged since the latest report (September; October has none).
    with page.expect_navigation():
        press(page, f"button[name=unchanged][value='{first_nov}']")
    assert page.url.endswith(f"/my#{first_nov}-copied")
    assert active(page) == f"{first_nov}-copied"
    assert "september 2026" in page.locator(f"#{first_nov}-copied").inner_text()
    assert page.locator(f"#{first_nov}-comment").input_value() == "September & mer"
    assert page.locator(f"#{first_nov}-risks_audience").input_value() == "politicians"
    assert page.locator(f"#{second_nov}-comment").input_value() == "Novembertext"
    assert page.locator(f"#{second_nov}-status-0").is_checked()
    no_violations(page, "after unchanged")
    with app.app_context():
        assert (
            db.session.scalar(select(StatusUpdate).where(StatusUpdate.period == "2026-11")) is None
        )

    # The server refuses a progress of 150 (past the browser's own check).
    page.evaluate(
        f"""() => {{ const f = document.getElementById("{second_nov}-progress");
        f.removeAttribute("max"); f.removeAttribute("min"); }}"""
    )
    type_into(page, f"#{second_nov}-progress", "150")
    with page.expect_navigation():
        press(page, ".sticky-actions button[type=submit]")
    assert active(page) == "error-summary"
    summary = page.locator("#error-summary")
    assert "Inget sparades" in summary.inner_text()
    assert page.locator(f"#{second_nov}-progress").input_value() == "150"
    assert page.locator(f"#{second_nov}-comment").input_value() == "Novembertext"
    assert page.locator(f"#{first_nov}-comment").input_value() == "September & mer"
    assert page.locator(f"#{first_nov}-copied").count() == 1  # still says where it came from
    no_violations(page, "refused")
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(ARTIFACTS / "my_375_refused.png"), full_page=True)
    page.set_viewport_size({"width": 320, "height": 720})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"/my scrolls sideways by {overflow}px"
    page.set_viewport_size({"width": 1366, "height": 900})
    # The summary's link takes the keyboard to the field.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"#{second_nov}-progress"
    page.keyboard.press("Enter")
    assert active(page) == f"{second_nov}-progress"
    page.keyboard.press("Control+A")
    page.keyboard.type("20")
    # Enter in a field saves the page (it does not copy a row: the first button saves).
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Saved: this month's two rows, nothing of October's.
    saved = page.locator(".saved-reports")
    assert "2 rapporter har sparats." in saved.inner_text()
    assert saved.locator("li").count() == 2
    with app.app_context():
        updates = db.session.scalars(
            select(StatusUpdate).where(StatusUpdate.period >= "2026-10")
        ).all()
        assert sorted((u.improvement.code, u.period) for u in updates) == [
            ("SO1-01", "2026-11"),
            ("SO1-02", "2026-11"),
        ]
        assert (
            db.session.scalar(
                select(AreaAssessment).where(
                    AreaAssessment.person_id == earlier_reports["owner"].id,
                    AreaAssessment.period >= "2026-10",
                )
            )
            is None
        )
    for key in ("first_oct", "second_oct", "area_oct"):
        assert page.locator(f"#{keys[key]}.state-not_reported").count() == 1, key
    no_violations(page, "saved")
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(ARTIFACTS / "my_375_saved.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    # Leaving with unsaved edits asks first; staying keeps the draft.
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    type_into(page, f"#{keys['first_oct']}-comment", "Ett utkast")
    press(page, "nav a[href='/dashboard']")
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/my")
    assert page.locator(f"#{keys['first_oct']}-comment").input_value() == "Ett utkast"
    page.remove_listener("dialog", on_dialog)
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        press(page, "nav a[href='/dashboard']")
    assert page.url.endswith("/dashboard")


def test_typing_a_long_report_keeps_the_session_alive(app, page, earlier_reports, today):
    """Typing asks for /session at most every five minutes (static/js/session.js); the
    browser's clock is moved on instead of waiting."""
    comment = f"#{earlier_reports['keys']['first_nov']}-comment"
    sign_in_by_keyboard(page, earlier_reports["owner"].email, PASSWORD)
    page.clock.install()
    page.goto("/my")
    asked = []
    page.on("request", lambda r: asked.append(r.url) if r.url.endswith("/session") else None)
    type_into(page, comment, "Ett första stycke")
    page.wait_for_timeout(300)
    assert asked == []  # just loaded: no need yet
    page.clock.fast_forward("05:01")
    with page.expect_response(lambda r: r.url.endswith("/session")) as answer:
        page.keyboard.type(" och ett andra")
    assert answer.value.status == 204
    page.keyboard.type(" och ett tredje")
    page.wait_for_timeout(300)
    assert len(asked) == 1  # not again within five minutes
