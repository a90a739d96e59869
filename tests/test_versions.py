"""The portfolio as it stood: nothing done today changes a month whose deadline has passed,
one count of what is missing on every page, owners as they were."""

from datetime import date

import pytest
from flask import render_template
from sqlalchemy import select

from tests.conftest import csrf_token_from, improvement_by_code, person_by_email, pin_today
from tests.pages import figures
from tracker.extensions import db
from tracker.i18n import missing_sentence
from tracker.models import (
    AgendaKind,
    AreaAssessment,
    AreaVersion,
    Improvement,
    ImprovementVersion,
    Meeting,
    OrganisationKind,
    Role,
    Status,
    StrategicArea,
)
from tracker.services import (
    agenda,
    areas,
    completeness,
    improvements,
    people,
    reminders,
    updates,
)

TODAY = date(2026, 11, 29)  # October closed on 10 November; November is open
CLOSED = ["2026-07", "2026-08", "2026-09", "2026-10"]
DAY = 10


@pytest.fixture
def closed_months(app, factory, today):
    """Area SO1 (KFF and SBO) led by Lena Lead, co-owned by Cora Co (SBO); three improvements
    from March and September, SO1-01 and SO1-02 owned by Olle Owner and Cora Co, SO1-03 by Olle
    Owner with Otto Other (BUF) as deputy; reports with gaps from July to October and the
    lead's assessments; Ada Admin (BUF). Returns the people the tests sign in as."""
    kff = factory.org(code="KFF", name="Kultur- och fritidsförvaltningen")
    sbo = factory.org(code="SBO", name="Sjöviksbostäder AB", kind=OrganisationKind.COMPANY)
    buf = factory.org(code="BUF", name="Barn- och utbildningsförvaltningen")
    admin = factory.person(role=Role.ADMIN, org=buf, email="admin@example.se", name="Ada Admin")
    lead = factory.person(org=kff, email="lead@example.se", name="Lena Lead")
    co = factory.person(org=sbo, email="co@example.se", name="Cora Co")
    owner = factory.person(org=kff, email="owner@example.se", name="Olle Owner")
    other = factory.person(org=buf, email="other@example.se", name="Otto Other")
    area = factory.area(
        lead,
        code="SO1",
        co_owners=[co],
        organisations=[kff, sbo],
        order=1,
        plan_from=date(2026, 1, 1),
    )
    one = factory.improvement(area, owner, code="SO1-01", start=date(2026, 3, 1))
    two = factory.improvement(area, co, code="SO1-02", start=date(2026, 3, 1))
    three = factory.improvement(area, owner, code="SO1-03", start=date(2026, 9, 1), deputy=other)
    # Reports with gaps, so that some are missing in every closed month.
    for period in ["2026-07", "2026-08", "2026-10"]:
        factory.update(one, period, Status.ON_TRACK, 40)
    for period in ["2026-07", "2026-09"]:
        factory.update(two, period, Status.AT_RISK, 20)
    factory.update(three, "2026-09", Status.OFF_TRACK, 5)
    # The lead owner's assessments decide the area's status in the summary.
    with app.app_context():
        for period, status in [("2026-09", Status.AT_RISK), ("2026-10", Status.ON_TRACK)]:
            db.session.add(
                AreaAssessment(
                    area_id=area.id,
                    period=period,
                    person_id=lead.id,
                    organisation_id=kff.id,
                    status=status,
                )
            )
        db.session.commit()
    return {"admin": admin, "co": co, "owner": owner, "other": other}


def everything(app, wanted):
    with app.app_context():
        return {period: figures(period, TODAY) for period in wanted}


def report(code, period, values, email):
    """The person reports on the improvement on TODAY, and it is committed (in an app context)."""
    updates.save_update(
        db.session,
        improvement_by_code(code),
        period,
        values,
        person_by_email(email),
        today=TODAY,
        deadline_day=DAY,
    )
    db.session.commit()


def new_area(closed_months):
    areas.create(
        db.session,
        {
            "code": "SO9",
            "title": "Ny",
            "lead": "lead@example.se",
            "co_owners": ["other@example.se"],
            "organisations": ["KFF", "BUF"],
            "order": 9,
        },
        person_by_email("admin@example.se"),
    )


def new_improvement_with_a_past_start(closed_months):
    improvements.create(
        db.session,
        {
            "code": "SO1-09",
            "area": "SO1",
            "title": "Ny åtgärd",
            "owner": "other@example.se",
            "start": date(2026, 6, 1),
        },
        person_by_email("admin@example.se"),
    )


def new_co_owner(closed_months):
    area = db.session.scalar(select(StrategicArea).where(StrategicArea.code == "SO1"))
    areas.update(
        db.session,
        area,
        {"co_owners": ["co@example.se", "other@example.se"]},
        person_by_email("admin@example.se"),
    )


def reassigning(code):
    """The admin gives the improvement to other@example.se, and to BUF, today."""
    improvements.update(
        db.session,
        improvement_by_code(code),
        {"owner": "other@example.se", "organisation": "BUF"},
        person_by_email("admin@example.se"),
    )


def reassignment(closed_months):
    reassigning("SO1-01")


def new_lead(closed_months):
    area = db.session.scalar(select(StrategicArea).where(StrategicArea.code == "SO1"))
    areas.update(
        db.session, area, {"lead": "other@example.se"}, person_by_email("admin@example.se")
    )


def closing(closed_months):
    improvements.close(
        db.session,
        improvement_by_code("SO1-02"),
        "done",
        "Klart.",
        person_by_email("co@example.se"),
    )


def pausing(closed_months):
    improvements.close(
        db.session,
        improvement_by_code("SO1-03"),
        "paused",
        "Vilar.",
        person_by_email("owner@example.se"),
    )


def archiving(closed_months):
    improvements.update(
        db.session,
        improvement_by_code("SO1-03"),
        {"archived": True},
        person_by_email("admin@example.se"),
    )


def archiving_the_area(closed_months):
    area = db.session.scalar(select(StrategicArea).where(StrategicArea.code == "SO1"))
    areas.update(db.session, area, {"archived": True}, person_by_email("admin@example.se"))


def an_owner_moves_to_another_organisation(closed_months):
    people.update(
        db.session,
        person_by_email("co@example.se"),
        {"organisation": "BUF"},
        person_by_email("admin@example.se"),
    )


CHANGES = [
    new_area,
    new_improvement_with_a_past_start,
    new_co_owner,
    reassignment,
    new_lead,
    closing,
    pausing,
    archiving,
    archiving_the_area,
    an_owner_moves_to_another_organisation,
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.__name__)
def test_a_change_made_today_leaves_every_closed_month_as_it_was(app, closed_months, change):
    before = everything(app, [*CLOSED, "2026-11"])
    with app.app_context():
        change(closed_months)
        db.session.commit()
    after = everything(app, [*CLOSED, "2026-11"])
    for period in CLOSED:
        assert after[period] == before[period], period
    # The open month follows the portfolio as it stands: the change is real.
    assert after["2026-11"] != before["2026-11"]


def test_a_closed_month_is_the_portfolio_as_it_stood_at_its_deadline(
    app, closed_months, monkeypatch
):
    """A change made before a month's deadline is part of that month; one made after it
    is not."""
    pin_today(monkeypatch, date(2026, 11, 6))  # October is still open
    with app.app_context():
        closing(closed_months)
        db.session.commit()
        october = completeness.missing(db.session, "2026-10", DAY)
    # SO1-02 was done before October's deadline: it is no longer due for October.
    assert "SO1-02" not in [m.improvement.code for m in october.reports]
    pin_today(monkeypatch, TODAY)
    with app.app_context():
        pausing(closed_months)
        db.session.commit()
        october = completeness.missing(db.session, "2026-10", DAY)
    assert "SO1-03" in [m.improvement.code for m in october.reports]


def test_a_late_report_by_a_new_owner_counts_for_the_organisation_responsible_then(
    app, closed_months, client, login_as
):
    with app.app_context():
        reassigning("SO1-02")
        db.session.commit()
        before = {
            o.code: (t.due, t.reported)
            for o, t in completeness.completeness(db.session, "2026-10", DAY).by_organisation
        }
        report("SO1-02", "2026-10", {"status": "on_track", "progress": 30}, "other@example.se")
        after = {
            o.code: (t.due, t.reported)
            for o, t in completeness.completeness(db.session, "2026-10", DAY).by_organisation
        }
    # The report was due from SBO (Cora's then); it counts there, and BUF is untouched.
    assert after["SBO"] == (before["SBO"][0], before["SBO"][1] + 1)
    assert after.get("BUF") == before.get("BUF")


def test_owners_as_they_were(app, closed_months):
    """A reassignment today moves nothing in a closed month: the missing October report is
    still the former owner's, and the new owner answers for November."""
    with app.app_context():
        reassignment(closed_months)
        new_lead(closed_months)
        db.session.commit()
        october = completeness.completeness(db.session, "2026-10", DAY)
        november = completeness.completeness(db.session, "2026-11", DAY)
        owner, other = (
            person_by_email("owner@example.se").id,
            person_by_email("other@example.se").id,
        )
    oct_people = {p.email: t.due for p, t in october.by_person}
    nov_people = {p.email: t.due for p, t in november.by_person}
    # October: SO1-01 (reported) and SO1-03 (missing) were Olle's; the lead's assessment Lena's.
    assert oct_people["owner@example.se"] == 2 and oct_people["lead@example.se"] == 1
    assert "other@example.se" not in oct_people
    assert ("SO1", person_id_of(app, "co@example.se")) in [
        (m.area.code, m.person_id) for m in october.what_is_missing.assessments
    ]
    # November: SO1-01 and the lead's assessment are Otto's now.
    assert nov_people["other@example.se"] == 2 and nov_people["owner@example.se"] == 1
    assert "lead@example.se" not in nov_people
    assert {m.improvement.code: m.person_id for m in november.what_is_missing.reports} == {
        "SO1-01": other,
        "SO1-02": person_id_of(app, "co@example.se"),
        "SO1-03": owner,
    }


def person_id_of(app, email):
    with app.app_context():
        return person_by_email(email).id


def test_versions_are_kept_for_each_change(app, closed_months, monkeypatch):
    with app.app_context():
        reassignment(closed_months)
        db.session.commit()
        closing(closed_months)
        new_co_owner(closed_months)
        db.session.commit()
        one = db.session.scalars(
            select(ImprovementVersion)
            .join(Improvement, ImprovementVersion.improvement_id == Improvement.id)
            .where(Improvement.code == "SO1-01")
            .order_by(ImprovementVersion.valid_from)
        ).all()
        assert [(v.owner_id, v.valid_to is None) for v in one] == [
            (person_by_email("owner@example.se").id, False),
            (person_by_email("other@example.se").id, True),
        ]
        assert one[0].valid_to == one[1].valid_from
        versions = db.session.scalars(select(AreaVersion).order_by(AreaVersion.valid_from)).all()
        assert [sorted(p.email for p in v.co_owners) for v in versions] == [
            ["co@example.se"],
            ["co@example.se", "other@example.se"],
        ]
        # A change to something a version does not keep makes no new version.
        improvements.update(
            db.session,
            improvement_by_code("SO1-01"),
            {"description": "Mer text"},
            person_by_email("admin@example.se"),
        )
        db.session.commit()
        assert (
            db.session.scalar(
                select(db.func.count())
                .select_from(ImprovementVersion)
                .where(ImprovementVersion.improvement_id == improvement_by_code("SO1-01").id)
            )
            == 2
        )


def test_one_count_of_what_is_missing_on_every_page_and_answer(
    app, closed_months, client, login_as, api, token_for
):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    with app.test_request_context():
        missing = completeness.missing(db.session, "2026-10", DAY)
        with_period = missing_sentence(missing, "2026-10")
        without = missing_sentence(missing)
        meeting = Meeting(date=TODAY, title="KLG")
        db.session.add(meeting)
        db.session.flush()
        proposed = agenda.propose(db.session, meeting, TODAY, DAY, "en")
        reminded = reminders.build(
            db.session,
            "2026-10",
            "https://x.example",
            "en",
            deadline_day=DAY,
            render=render_template,
        )
        db.session.rollback()
    # Both kinds are missing, so the sentence names both.
    assert (len(missing.reports), len(missing.assessments)) == (2, 1)
    assert with_period == "Missing for October 2026: 2 improvement reports and 1 area assessment."
    assert without == "Missing: 2 improvement reports and 1 area assessment."
    login_as(person=closed_months["admin"])
    assert with_period in client.get("/dashboard?period=2026-10").get_data(as_text=True)
    assert without in client.get("/completeness?period=2026-10").get_data(as_text=True)
    assert with_period in client.get("/reports/publish?period=2026-10").get_data(as_text=True)
    [item] = [p for p in proposed if p.kind == AgendaKind.MISSING_REPORTS]
    assert item.note.splitlines()[0] == without
    assert sum(m.items for m in reminded) == missing.total
    token = token_for(person=closed_months["admin"])
    counts = {"improvement_reports": 2, "area_assessments": 1, "total": 3}
    answer = api("GET", "/completeness?period=2026-10", token).get_json()
    assert answer["missing"] == counts and answer["total"]["missing"] == 3
    dashboard = api("GET", "/dashboard?period=2026-10", token).get_json()
    assert dashboard["missing"] == counts and dashboard["completeness"]["missing"] == 3


def test_the_dashboard_of_a_closed_month_keeps_an_area_archived_since(
    app, closed_months, client, login_as, api, token_for
):
    login_as(person=closed_months["admin"])
    before = client.get("/dashboard?period=2026-10").get_data(as_text=True)
    token = token_for(person=closed_months["admin"])
    answer = api("GET", "/dashboard?period=2026-10", token).get_json()
    with app.app_context():
        archiving_the_area(closed_months)
        db.session.commit()
    assert api("GET", "/dashboard?period=2026-10", token).get_json() == answer
    assert [a["code"] for a in answer["areas"]] == ["SO1"]
    after = client.get("/dashboard?period=2026-10").get_data(as_text=True)
    assert "SO1 Strategiskt" in after and after.count("SO1") == before.count("SO1")
    # This month, the area is gone.
    november = api("GET", "/dashboard?period=2026-11", token).get_json()
    assert november["areas"] == []


def test_my_offers_the_audiences_of_the_organisation_a_report_is_for(
    app, closed_months, client, login_as
):
    """SO1-02 moved today from a company (SBO) to a department (BUF): its late October report
    is SBO's and may keep a text commercially confidential; November's is BUF's and may not."""
    with app.app_context():
        reassigning("SO1-02")
        db.session.commit()
        key = f"i{improvement_by_code('SO1-02').id}"
    login_as(person=closed_months["co"])  # the owner at October's deadline
    html = client.get("/my").get_data(as_text=True)
    october = html[html.index(f'id="{key}-2026-10-risks_audience"') :]
    assert 'value="confidential"' in october[: october.index("</select>")]
    client.post("/logout", data={"csrf_token": csrf_token_from(html)})
    login_as(person=closed_months["other"])  # the owner now
    html = client.get("/my").get_data(as_text=True)
    november = html[html.index(f'id="{key}-2026-11-risks_audience"') :]
    assert 'value="confidential"' not in november[: november.index("</select>")]
    # Other's October row is there too (they own it now) and is SBO's as well.
    october = html[html.index(f'id="{key}-2026-10-risks_audience"') :]
    assert 'value="confidential"' in october[: october.index("</select>")]


def test_a_row_already_reported_offers_no_copy_of_an_earlier_report(
    app, closed_months, client, login_as
):
    login_as(person=closed_months["owner"])
    button = f'name="unchanged" value="i{item_id(app, "SO1-01")}-2026-11"'
    assert button in client.get("/my").get_data(as_text=True)
    with app.app_context():
        report("SO1-01", "2026-11", {"status": "at_risk", "progress": 45}, "owner@example.se")
    # Made this month: it is revised in place, never replaced by October's by one press.
    assert button not in client.get("/my").get_data(as_text=True)


def item_id(app, code):
    with app.app_context():
        return improvement_by_code(code).id
