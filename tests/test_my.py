"""The monthly report page (/my): rows start unchosen, "Unchanged since last month" copies the
latest earlier report without saving, a refused save keeps everything typed under an error
summary, and the confirmation names each report saved; on crafted data with a fixed today."""

import re
from datetime import date
from html import unescape
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from tests.worlds import row_fields, save
from tracker.extensions import db
from tracker.models import AreaAssessment, Audience, Person, Status, StatusUpdate
from tracker.services import my

TODAY = date(2026, 11, 5)  # before the 10th: October has ended but is still open


class _Form(HTMLParser):
    """What a browser would send for the report form as served (without any button)."""

    def __init__(self):
        super().__init__()
        self.fields, self.inside, self._select, self._textarea = [], False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "report-form" in (a.get("class") or ""):
            self.inside = True
        if not self.inside or ("name" not in a and tag != "option"):
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
        elif tag == "select":
            self._select = [a["name"], None, None]  # name, first, selected
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in a:
                self._select[2] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            text = unescape(text).replace("\r\n", "\n")  # as a browser reads it
            self.fields.append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, first, chosen = self._select
            self.fields.append((name, chosen if chosen is not None else first))
            self._select = None


def served(html: str) -> dict:
    parser = _Form()
    parser.feed(html)
    return dict(parser.fields)


def row(form: dict, key: str) -> dict:
    """The fields of one row of a served form, by their names without the row's key."""
    return {
        name.removeprefix(f"{key}-"): v for name, v in form.items() if name.startswith(f"{key}-")
    }


def owners_form(app, client, login_as, earlier_reports):
    """The owner signed in, the page in English: the row keys and /my's form as served."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(person=earlier_reports["owner"])
    return earlier_reports["keys"], served(client.get("/my").get_data(as_text=True))


def checked(html, key, field="status"):
    inputs = re.findall(rf'<input[^>]*name="{key}-{field}"[^>]*>', html)
    return [re.search(r'value="([^"]*)"', i).group(1) for i in inputs if " checked" in i]


def counts(app):
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(StatusUpdate)),
            db.session.scalar(select(func.count()).select_from(AreaAssessment)),
        )


BEFORE = (2, 2)  # the world's own reports


def test_every_row_starts_unchosen_and_saving_the_page_as_served_files_nothing(
    app, client, login_as, earlier_reports, today
):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(person=earlier_reports["owner"])
    html = client.get("/my").get_data(as_text=True)
    form = served(html)
    keys = earlier_reports["keys"]
    for key in ("first_oct", "first_nov", "second_oct", "second_nov", "area_oct", "area_nov"):
        assert form[f"{keys[key]}-status"] == "", key  # "Not now"
        assert form[f"{keys[key]}-comment"] == "", key
    assert form[f"{keys['first_oct']}-progress"] == ""
    assert f"{keys['first_oct']}-needs_decision" not in form
    assert "September &amp; mer" not in html and "Min bedömning" not in html
    response = client.post("/my", data=form)
    assert response.status_code == 302
    assert counts(app) == BEFORE
    html = client.get("/my").get_data(as_text=True)
    assert "Nothing was saved: every row was at “Not now”, or nothing had changed." in html


def test_an_owner_saves_only_this_months_row_and_the_ended_months_rows_stay_unfiled(
    app, client, login_as, earlier_reports, today
):
    keys, form = owners_form(app, client, login_as, earlier_reports)
    form.update(
        {
            f"{keys['first_nov']}-status": "on_track",
            f"{keys['first_nov']}-progress": "40",
            f"{keys['first_nov']}-comment": "November",
        }
    )
    assert client.post("/my", data=form).status_code == 302
    with app.app_context():
        new = db.session.scalars(select(StatusUpdate).where(StatusUpdate.period >= "2026-10")).all()
        assert [(u.improvement.code, u.period, u.progress) for u in new] == [
            ("SO1-01", "2026-11", 40)
        ]
    assert counts(app) == (BEFORE[0] + 1, BEFORE[1])
    html = client.get("/my").get_data(as_text=True)
    for key in ("first_oct", "second_oct", "area_oct"):
        block = html[html.index(f'id="{keys[key]}"') :]
        assert "Not reported" in block[: block.index("</legend>")], key
    assert "1 report saved." in html and "SO1-01 Heltid som norm, November 2026." in html


def test_unchanged_copies_the_latest_earlier_report_and_saves_nothing_by_itself(
    app, client, login_as, earlier_reports, today
):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(person=earlier_reports["owner"])
    keys = earlier_reports["keys"]
    page = client.get("/my").get_data(as_text=True)
    nov, area_nov = keys["first_nov"], keys["area_nov"]
    # The button is there only where an earlier report is: SO1-02 has none.
    assert f'name="unchanged" value="{nov}"' in page
    assert f'name="unchanged" value="{area_nov}"' in page
    assert f'name="unchanged" value="{keys["second_nov"]}"' not in page
    assert f'formaction="/my#{nov}-copied"' in page
    form = served(page)
    form[f"{keys['second_oct']}-comment"] = "Mitt utkast"
    form[f"{keys['second_oct']}-status"] = "at_risk"
    response = client.post("/my", data={**form, "unchanged": nov})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert counts(app) == BEFORE  # nothing saved
    # November has no October report to copy: September's, not August's, is the latest.
    assert "Copied from September 2026." in html
    again = served(html)
    copied = row(again, nov)
    assert "raise_to_politicians" not in copied
    expected = {
        "status": "at_risk",
        "progress": "35",
        "comment": "September & mer",
        "next_steps": "Anställa två",
        "risks": "Budgeten",
        "needs_decision": "y",
        "decision_text": "Mer pengar?",
        "comment_audience": "confidential",
        "risks_audience": "politicians",
        "next_steps_audience": "group",
    }
    assert {name: copied.get(name) for name in expected} == expected
    # What was typed elsewhere is kept, and the other rows are untouched.
    typed = row(again, keys["second_oct"])
    assert (typed["comment"], typed["status"]) == ("Mitt utkast", "at_risk")
    assert row(again, keys["first_oct"])["status"] == ""
    # The area: this person's own latest assessment (August), not the lead's October one.
    response = client.post("/my", data={**again, "unchanged": area_nov})
    html = response.get_data(as_text=True)
    assert "Copied from August 2026." in html and "Copied from September 2026." in html
    third = served(html)
    assert (third[f"{area_nov}-status"], third[f"{area_nov}-comment"]) == (
        "at_risk",
        "Min bedömning",
    )
    assert third[f"{nov}-comment"] == "September & mer"
    assert counts(app) == BEFORE
    # The owner saves: now it is filed, with the texts and who may read them.
    third[f"{keys['second_oct']}-progress"] = "5"
    assert client.post("/my", data=third).status_code == 302
    with app.app_context():
        update = db.session.scalar(select(StatusUpdate).where(StatusUpdate.period == "2026-11"))
        assert (update.status, update.progress, update.comment, update.decision_text) == (
            Status.AT_RISK,
            35,
            "September & mer",
            "Mer pengar?",
        )
        assert update.comment_audience == Audience.CONFIDENTIAL
        assert update.risks_audience == Audience.POLITICIANS
        assessment = db.session.scalar(
            select(AreaAssessment).where(AreaAssessment.period == "2026-11")
        )
        assert assessment.comment == "Min bedömning"
    assert counts(app) == (BEFORE[0] + 2, BEFORE[1] + 1)


def test_the_unchanged_button_is_in_swedish(app, client, login_as, earlier_reports, today):
    login_as(person=earlier_reports["owner"])
    html = client.get("/my").get_data(as_text=True)
    assert "Oförändrat sedan förra månaden" in html
    form = served(html)
    html = client.post(
        "/my", data={**form, "unchanged": earlier_reports["keys"]["first_nov"]}
    ).get_data(as_text=True)
    assert "Kopierat från september 2026." in html


@pytest.mark.parametrize("target", ["second_nov", "theirs_nov", "first_aug", "nonsense"])
def test_a_forged_unchanged_is_refused_and_keeps_what_was_typed(
    app, client, login_as, earlier_reports, today, target
):
    keys, form = owners_form(app, client, login_as, earlier_reports)
    form[f"{keys['second_nov']}-comment"] = "Skrivet för hand"
    form[f"{keys['first_oct']}-risks"] = "En risk"
    key = keys.get(target, target)
    response = client.post("/my", data={**form, "unchanged": key})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was saved" in html and 'id="error-summary"' in html
    if target == "second_nov":  # mine, but nothing earlier to copy: said at the row
        assert f'id="{key}-notice"' in html and f'href="#{key}-notice"' in html
        assert "There is no earlier report to copy for this row." in html
    else:  # not mine, not open, not a row: said for the page
        assert "Something on the page is not yours to report on" in html
    assert "Copied from" not in html
    again = served(html)
    assert again[f"{keys['second_nov']}-comment"] == "Skrivet för hand"
    assert again[f"{keys['first_oct']}-risks"] == "En risk"
    assert counts(app) == BEFORE


def test_a_refused_save_shows_a_summary_linking_to_each_field_and_keeps_everything(
    app, client, login_as, earlier_reports, today
):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(person=earlier_reports["owner"])
    keys = earlier_reports["keys"]
    nov, oct_ = keys["first_nov"], keys["second_oct"]
    form = served(client.get("/my").get_data(as_text=True))
    typed = {
        f"{nov}-status": "at_risk",
        f"{nov}-progress": "150",
        f"{nov}-comment": "Texten <b>",
        f"{nov}-next_steps": "Steget",
        f"{nov}-risks": "Risken",
        f"{nov}-comment_audience": "confidential",
        f"{nov}-risks_audience": "politicians",
        f"{nov}-next_steps_audience": "politicians",
        f"{nov}-raise_to_politicians": "y",
        f"{nov}-politicians_text": "Därför",
        # A valid form, refused by the service: a decision flagged without its text.
        f"{oct_}-status": "off_track",
        f"{oct_}-progress": "20",
        f"{oct_}-needs_decision": "y",
        f"{keys['area_nov']}-status": "on_track",
        f"{keys['area_nov']}-comment": "Området",
    }
    form.update(typed)
    response = client.post("/my", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    summary = html[
        html.index('id="error-summary"') : html.index("</ul>", html.index("error-summary"))
    ]
    assert "Nothing was saved" in summary and 'tabindex="-1"' in html
    assert f'href="#{nov}-progress"' in summary
    assert "SO1-01 Heltid som norm, November 2026. Progress (%): From 0 to 100." in summary
    assert f'href="#{oct_}-decision_text"' in summary
    assert "Say what the group must decide." in summary
    assert summary.count("<li>") == 2
    for name in (f"{nov}-progress", f"{oct_}-decision_text"):
        assert f'id="{name}"' in html  # the link's target exists
    assert counts(app) == BEFORE
    again = served(html)
    for name, value in typed.items():
        assert again.get(name) == value, name
    assert f"{nov}-needs_decision" not in again  # an unticked box stays unticked
    assert "Texten &lt;b&gt;" in html  # user text is never marked safe
    # The page sent back holds unsaved text: the script warns before leaving it.
    assert "data-unsaved" in html


def test_a_forged_row_on_save_is_refused_for_the_whole_page(
    app, client, login_as, earlier_reports, today
):
    keys, form = owners_form(app, client, login_as, earlier_reports)
    form.update({f"{keys['first_nov']}-status": "on_track", f"{keys['first_nov']}-progress": "40"})
    for forged in (keys["theirs_nov"], keys["first_aug"]):  # not mine; a period not open
        data = {
            **form,
            f"{forged}-status": "on_track",
            f"{forged}-progress": "1",
            f"{forged}-version": "0",
        }
        response = client.post("/my", data=data)
        html = response.get_data(as_text=True)
        assert response.status_code == 422, forged
        assert "Something on the page is not yours to report on" in html
        assert served(html)[f"{keys['first_nov']}-progress"] == "40"
        assert counts(app) == BEFORE


def test_the_confirmation_names_each_report_and_period_and_which_were_late(
    app, client, login_as, earlier_reports, today
):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    today(date(2026, 11, 20))  # October's deadline has passed: its reports are late now
    login_as(person=earlier_reports["owner"])
    keys = earlier_reports["keys"]
    form = served(client.get("/my").get_data(as_text=True))
    form.update(
        {
            f"{keys['second_oct']}-status": "on_track",
            f"{keys['second_oct']}-progress": "10",
            f"{keys['first_nov']}-status": "at_risk",
            f"{keys['first_nov']}-progress": "45",
            f"{keys['area_nov']}-status": "on_track",
        }
    )
    assert client.post("/my", data=form).status_code == 302
    html = client.get("/my").get_data(as_text=True)
    box = html[html.index('class="saved-reports"') :]
    box = box[: box.index("</div>")]
    assert "3 reports saved." in box
    assert (
        "SO1-02 Gemensam rekrytering, October 2026: saved after the deadline, a late report." in box
    )
    assert "SO1-01 Heltid som norm, November 2026." in box
    assert "Your assessment of Attraktiv arbetsgivare, November 2026." in box
    assert box.count("late report") == 1
    # The message is shown once, and not again.
    assert "reports saved" not in client.get("/my").get_data(as_text=True)


def test_the_latest_earlier_report_is_found_with_a_fixed_number_of_queries(
    app, factory, earlier_reports, count_queries
):
    def rows():
        with app.app_context():
            owner = db.session.get(Person, earlier_reports["owner"].id)
            with count_queries() as queries:
                found = my.commitments(db.session, owner, ["2026-10", "2026-11"], 10)
            by_key = {r.key: r for r in found.all()}
            summary = {k: (r.previous.period if r.previous else None) for k, r in by_key.items()}
            return summary, queries.count

    keys = earlier_reports["keys"]
    found, small = rows()
    assert found[keys["first_oct"]] == "2026-09"
    assert found[keys["first_nov"]] == "2026-09"  # October has none: two months back
    assert found[keys["second_nov"]] is None
    assert found[keys["area_nov"]] == "2026-08"  # the owner's own, not the lead's October
    # An October report becomes November's latest earlier; more history costs no query.
    factory.update(earlier_reports["first"], "2026-10", comment="Oktober")
    area = earlier_reports["area"]
    for n in range(6):
        item = factory.improvement(
            area, earlier_reports["owner"], code=f"SO1-2{n}", start=date(2026, 1, 1)
        )
        for period in ("2026-05", "2026-06", "2026-07"):
            factory.update(item, period)
    with app.app_context():
        db.session.add(
            AreaAssessment(
                area_id=area.id,
                period="2026-09",
                person_id=earlier_reports["owner"].id,
                status=Status.ON_TRACK,
            )
        )
        db.session.commit()
    found, large = rows()
    assert found[keys["first_nov"]] == "2026-10" and found[keys["first_oct"]] == "2026-09"
    assert found[keys["area_nov"]] == "2026-09"
    assert large == small


def test_one_submit_reports_on_everything(app, client, csrf, login_as, one_area_every_state, today):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(person=one_area_every_state["owner"])
    html = client.get("/my").get_data(as_text=True)
    due, planned, area = (
        one_area_every_state["due"],
        one_area_every_state["planned"],
        one_area_every_state["area"],
    )
    # October and November: the two due improvements and the area assessment, each month.
    for key in (
        f"i{due.id}-2026-10",
        f"i{planned.id}-2026-10",
        f"a{area.id}-2026-10",
        f"i{due.id}-2026-11",
    ):
        assert f'id="{key}"' in html, key
    assert f'id="i{one_area_every_state["done"].id}-2026-10"' not in html  # done: not due
    form = {"csrf_token": csrf("/my")}
    form.update(row_fields(f"i{due.id}-2026-10", comment="Allt enligt plan", progress="60"))
    form.update(
        row_fields(
            f"i{planned.id}-2026-10",
            status="at_risk",
            comment="Sen start",
            progress="5",
            needs_decision="y",
            decision_text="Mer resurser?",
        )
    )
    form.update(row_fields(f"a{area.id}-2026-10", comment="Bra läge", progress=None))
    form.update(row_fields(f"i{due.id}-2026-11", status=""))  # not now
    response = client.post("/my", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        updates = db.session.scalars(select(StatusUpdate).order_by(StatusUpdate.id)).all()
        assert [(u.improvement.code, u.period, u.status, u.progress) for u in updates] == [
            ("SO1-01", "2026-10", Status.ON_TRACK, 60),
            ("SO1-02", "2026-10", Status.AT_RISK, 5),
        ]
        assert updates[1].needs_decision and updates[1].decision_text == "Mer resurser?"
        assert updates[0].organisation.code == "SBO"
        assessment = db.session.scalar(select(AreaAssessment))
        assert (assessment.person.email, assessment.status, assessment.comment) == (
            "owner@example.se",
            Status.ON_TRACK,
            "Bra läge",
        )
    html = client.get("/my").get_data(as_text=True)
    assert html.count("✓</span> Reported") == 3
    assert "3 reports saved." in html


def test_the_double_submit_makes_one_update(
    app, client, csrf, login_as, one_area_every_state, today
):
    login_as(person=one_area_every_state["owner"])
    form = {
        "csrf_token": csrf("/my"),
        **row_fields(f"i{one_area_every_state['due'].id}-2026-10", comment="En gång"),
    }
    assert client.post("/my", data=form).status_code == 302
    assert client.post("/my", data=form).status_code == 302  # the same again
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == 1
        assert db.session.scalar(select(StatusUpdate.version)) == 1


def test_two_people_editing_the_same_update_get_a_conflict_page(
    app, client, csrf, login_as, one_area_every_state, today
):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    save(app, "SO1-01", "2026-10", "owner@example.se", TODAY, comment="Ägarens text")
    # The deputy read version 1; meanwhile the owner saved version 2.
    save(app, "SO1-01", "2026-10", "owner@example.se", TODAY, version=1, comment="Ägarens nya text")
    login_as(person=one_area_every_state["deputy"])
    key = f"i{one_area_every_state['due'].id}-2026-10"
    form = {"csrf_token": csrf("/my"), **row_fields(key, comment="Ersättarens text", version="1")}
    response = client.post("/my", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Nothing has been overwritten." in html
    assert "Ägarens nya text" in html and "Ersättarens text" in html
    with app.app_context():
        assert db.session.scalar(select(StatusUpdate.comment)) == "Ägarens nya text"
    # Saving again, having seen theirs, replaces it.
    form[f"{key}-version"] = "2"
    assert client.post("/my", data=form).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(StatusUpdate.comment)) == "Ersättarens text"


def test_bad_rows_are_shown_at_their_fields_and_nothing_is_saved(
    app, client, csrf, login_as, one_area_every_state, today
):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(person=one_area_every_state["owner"])
    form = {"csrf_token": csrf("/my")}
    form.update(row_fields(f"i{one_area_every_state['due'].id}-2026-10", comment="Bra"))
    form.update(
        row_fields(
            f"i{one_area_every_state['planned'].id}-2026-10",
            progress="140",
            raise_to_politicians="y",
        )
    )
    response = client.post("/my", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "From 0 to 100." in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == 0


def test_a_deputy_reports_for_an_absent_owner(
    app, client, csrf, login_as, one_area_every_state, today
):
    login_as(person=one_area_every_state["deputy"])
    key = f"i{one_area_every_state['due'].id}-2026-10"
    html = client.get("/my").get_data(as_text=True)
    assert (
        f'id="{key}"' in html and f'id="i{one_area_every_state["planned"].id}-2026-10"' not in html
    )
    response = client.post(
        "/my", data={"csrf_token": csrf("/my"), **row_fields(key, comment="Av ersättaren")}
    )
    assert response.status_code == 302
    with app.app_context():
        update = db.session.scalar(select(StatusUpdate))
        assert (
            update.author.email == "deputy@example.se"
            and update.improvement.owner.email == "owner@example.se"
        )


def test_every_row_starts_at_not_now_with_nothing_filled_in(
    app, client, login_as, one_area_every_state, today
):
    save(app, "SO1-01", "2026-09", "owner@example.se", date(2026, 10, 2), comment="Septembers")
    login_as(person=one_area_every_state["owner"])
    html = client.get("/my").get_data(as_text=True)
    key_oct, key_nov = (
        f"i{one_area_every_state['due'].id}-2026-10",
        f"i{one_area_every_state['due'].id}-2026-11",
    )

    def checked(key):
        inputs = re.findall(rf'<input[^>]*name="{key}-status"[^>]*>', html)
        return [re.search(r'value="([^"]*)"', i).group(1) for i in inputs if " checked" in i]

    # An ended month and this month alike: "Not now" until the owner chooses, and no text
    # carried over from September (only "Unchanged since last month" copies it).
    assert checked(key_oct) == [""]
    assert checked(key_nov) == [""]
    assert "Septembers" not in html
    assert re.search(rf'<input[^>]*name="{key_oct}-progress"[^>]*value="50"', html) is None
