"""Named worlds: crafted data, each named for what it holds, for the tests of the features that
read it (registered by conftest.py). A world that pins the date asks for `today`: the module of
its tests sets TODAY. Worlds that one file alone reads stay in that file."""

from datetime import date

import pytest

from tests.conftest import at, improvement_by_code, person_by_email
from tracker.extensions import db
from tracker.models import (
    AreaAssessment,
    Audience,
    Decision,
    ImprovementState,
    Meeting,
    OrganisationKind,
    Role,
    Status,
)
from tracker.services import updates, versions


@pytest.fixture
def one_area_every_state(factory):
    """Area SO1 led by Lena Lead (BUF), co-owned by Olle Owner (the company SBO), with an
    improvement in each state: SO1-01 ongoing (with Dora Deputy), SO1-02 planned from 15
    October, SO1-03 starting in November, SO1-04 done, SO1-05 paused; and Otto Other, who
    owns nothing. No reports yet."""
    dep = factory.org(code="BUF", name="BUF")
    com = factory.org(code="SBO", name="SBO", kind=OrganisationKind.COMPANY)
    lead = factory.person(org=dep, email="lead@example.se", name="Lena Lead")
    owner = factory.person(org=com, email="owner@example.se", name="Olle Owner")
    deputy = factory.person(org=dep, email="deputy@example.se", name="Dora Deputy")
    other = factory.person(org=dep, email="other@example.se", name="Otto Other")
    area = factory.area(lead, code="SO1", co_owners=[owner], organisations=[dep, com])
    due = factory.improvement(
        area,
        owner,
        code="SO1-01",
        deputy=deputy,
        start=date(2026, 1, 1),
        state=ImprovementState.ONGOING,
    )
    planned = factory.improvement(
        area, owner, code="SO1-02", start=date(2026, 10, 15), state=ImprovementState.PLANNED
    )
    later = factory.improvement(area, owner, code="SO1-03", start=date(2026, 11, 1))
    done = factory.improvement(area, owner, code="SO1-04", state=ImprovementState.DONE)
    paused = factory.improvement(area, lead, code="SO1-05", state=ImprovementState.PAUSED)
    return {
        "dep": dep,
        "com": com,
        "lead": lead,
        "owner": owner,
        "deputy": deputy,
        "other": other,
        "area": area,
        "due": due,
        "planned": planned,
        "later": later,
        "done": done,
        "paused": paused,
    }


def codes(app, period):
    """The codes of the improvements due a report for ``period``."""
    with app.app_context():
        return sorted(
            i.code for i in db.session.scalars(versions.due_improvements_query(period, 10))
        )


def save(app, code, period, actor_email, today, version=None, **data):
    """Save a monthly update through the service; returns (id, version, late)."""
    with app.app_context():
        improvement = improvement_by_code(code)
        actor = person_by_email(actor_email)
        body = {"status": "on_track", "progress": 40, "comment": "", **data}
        result = updates.save_update(
            db.session,
            improvement,
            period,
            body,
            actor,
            today=today,
            deadline_day=10,
            expected_version=version,
        )
        db.session.commit()
        return result.update.id, result.update.version, result.update.late


def row_fields(key, **values):
    """The fields /my posts for the row ``key``: an on-track report at 50 % with empty texts,
    but for ``values`` (a value of None leaves that field out)."""
    base = {
        "status": "on_track",
        "version": "0",
        "progress": "50",
        "comment": "",
        "next_steps": "",
        "risks": "",
        "decision_text": "",
        "politicians_text": "",
    }
    base.update(values)
    return {f"{key}-{name}": value for name, value in base.items() if value is not None}


class FakeSMTP:
    """Stands in for smtplib.SMTP: records what would have been sent."""

    sent: list = []

    def __init__(self, host, port, timeout=None):
        self.host = host

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, message):
        FakeSMTP.sent.append(message)


@pytest.fixture
def earlier_reports(app, factory):
    """An owner (of a company) with two improvements and a co-owned area. SO1-01 was reported
    in August and September, not in October; SO1-02 never. The owner assessed the area in
    August; the lead in October. Someone else owns SO1-09."""
    dep = factory.org(code="BUF", name="BUF")
    com = factory.org(code="SBO", name="SBO", kind=OrganisationKind.COMPANY)
    lead = factory.person(org=dep, email="lead@example.se", name="Lena Lead")
    owner = factory.person(org=com, email="owner@example.se", name="Olle Owner")
    other = factory.person(org=dep, email="other@example.se", name="Otto Other")
    area = factory.area(lead, code="SO1", title="Attraktiv arbetsgivare", co_owners=[owner])
    first = factory.improvement(
        area, owner, code="SO1-01", title="Heltid som norm", start=date(2026, 1, 1)
    )
    second = factory.improvement(
        area, owner, code="SO1-02", title="Gemensam rekrytering", start=date(2026, 1, 1)
    )
    theirs = factory.improvement(area, other, code="SO1-09", start=date(2026, 1, 1))
    factory.update(first, "2026-08", status=Status.OFF_TRACK, progress=10, comment="Augusti")
    factory.update(
        first,
        "2026-09",
        status=Status.AT_RISK,
        progress=35,
        comment="September & mer",
        next_steps="Anställa två",
        risks="Budgeten",
        needs_decision=True,
        decision_text="Mer pengar?",
        comment_audience=Audience.CONFIDENTIAL,
        risks_audience=Audience.POLITICIANS,
    )
    with app.app_context():
        db.session.add_all(
            [
                AreaAssessment(
                    area_id=area.id,
                    period="2026-08",
                    person_id=owner.id,
                    organisation_id=com.id,
                    status=Status.AT_RISK,
                    comment="Min bedömning",
                ),
                AreaAssessment(
                    area_id=area.id,
                    period="2026-10",
                    person_id=lead.id,
                    organisation_id=dep.id,
                    status=Status.ON_TRACK,
                    comment="Ledarens",
                ),
            ]
        )
        db.session.commit()
    keys = {
        "first_oct": f"i{first.id}-2026-10", "first_nov": f"i{first.id}-2026-11",
        "second_oct": f"i{second.id}-2026-10", "second_nov": f"i{second.id}-2026-11",
        "area_oct": f"a{area.id}-2026-10", "area_nov": f"a{area.id}-2026-11",
        "theirs_nov": f"i{theirs.id}-2026-11", "first_aug": f"i{first.id}-2026-08",
    }  # fmt: skip
    return {
        "owner": owner,
        "lead": lead,
        "other": other,
        "area": area,
        "first": first,
        "second": second,
        "theirs": theirs,
        "keys": keys,
    }


@pytest.fixture
def two_meetings(app, factory, today):
    """Two organisations, two areas; a meeting on 20 October with decisions, and the next one
    on 24 November whose agenda is proposed."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    dep = factory.org(code="BUF", name="Barn- och utbildning")
    com = factory.org(code="SBO", name="Sjöviksbostäder", kind=OrganisationKind.COMPANY)
    lead = factory.person(org=dep, email="lead@example.se", name="Lena Lead")
    owner = factory.person(org=com, email="owner@example.se", name="Olle Owner")
    a1 = factory.area(lead, code="SO1", co_owners=[owner], order=1)
    a2 = factory.area(owner, code="SO2", co_owners=[lead], order=2)
    start = date(2026, 1, 1)
    items = {
        # Newly off track: on track before the meeting, off track after it.
        "a": factory.improvement(a1, owner, code="SO1-01", title="Rekrytering", start=start),
        # Flagged for a group decision in its latest report; off track all along; past due too.
        "b": factory.improvement(
            a1, lead, code="SO1-02", title="Heltid", start=start, due=date(2026, 11, 5)
        ),
        # Past due and open.
        "c": factory.improvement(
            a2, owner, code="SO2-01", title="Detaljplan", start=start, due=date(2026, 11, 1)
        ),
        # Past due but done: not on the agenda.
        "d": factory.improvement(
            a2,
            owner,
            code="SO2-02",
            title="Klar sak",
            start=start,
            due=date(2026, 10, 1),
            state=ImprovementState.DONE,
        ),
        # Flagged, but archived: not on the agenda.
        "e": factory.improvement(
            a2, owner, code="SO2-03", title="Arkiverad", start=start, archived=True
        ),
        # Flagged only in a report five months old: not on the agenda.
        "f": factory.improvement(a2, lead, code="SO2-04", title="Gammal flagga", start=start),
    }
    before, after = at(date(2026, 10, 3)), at(date(2026, 11, 3))
    reports = [
        # item, period, status, made, the decision it asks for ("": none)
        ("a", "2026-09", Status.ON_TRACK, before, ""),
        ("a", "2026-10", Status.OFF_TRACK, after, ""),
        ("b", "2026-09", Status.OFF_TRACK, before, ""),
        ("b", "2026-10", Status.OFF_TRACK, after, "Besluta om bemanningen."),
        ("e", "2026-10", Status.AT_RISK, after, "Arkiverad fråga."),
        ("f", "2026-06", Status.AT_RISK, at(date(2026, 7, 3)), "Gammal fråga."),
        ("f", "2026-10", Status.ON_TRACK, after, ""),
    ]
    for key, period, status, made, decision in reports:
        factory.update(
            items[key],
            period,
            status=status,
            created_at=made,
            needs_decision=bool(decision),
            decision_text=decision,
        )
    # SO2-01 (c) has no October report: a missing report for Sjöviksbostäder.
    with app.app_context():
        first = Meeting(
            date=date(2026, 10, 20), title="KLG oktober", kind="group_meeting", place="Stadshuset"
        )
        upcoming = Meeting(date=date(2026, 11, 24), title="KLG november", kind="group_meeting")
        open_one = Decision(
            meeting=first,
            text="Ta fram en rekryteringsplan.",
            responsible_id=owner.id,
            due=date(2026, 11, 15),
        )
        closed_one = Decision(
            meeting=first,
            text="Stängt beslut.",
            responsible_id=lead.id,
            due=date(2026, 11, 10),
            closed_at=at(date(2026, 11, 11)),
        )
        own = Decision(meeting=upcoming, text="Dagens beslut.", responsible_id=lead.id)
        db.session.add_all([first, upcoming, open_one, closed_one, own])
        db.session.commit()
        ids = {
            "first": first.id,
            "upcoming": upcoming.id,
            "open": open_one.id,
            "closed": closed_one.id,
        }
    return {"dep": dep, "com": com, "lead": lead, "owner": owner, "items": items, **ids}


MARKER = "HEMLIGT-7Q"  # in every text a politician must never read


SHOWN = "FÖR-POLITIKEN"  # in the texts marked for them


@pytest.fixture
def audience_texts(app, factory, today):
    """Two areas of two improvements each, reported in September and October, with texts for
    the politicians (marked SHOWN), for the group only and confidential (marked MARKER)."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    dep = factory.org(code="BUF", name="Barn- och utbildning")
    com = factory.org(code="SBO", name="Sjöviksbostäder", kind=OrganisationKind.COMPANY)
    lead = factory.person(org=dep, email="lead@example.se", name="Lena Lead")
    owner = factory.person(org=com, email="owner@example.se", name="Olle Owner")
    a1 = factory.area(lead, code="SO1", co_owners=[owner], order=1, goal="Fler behöriga lärare")
    a2 = factory.area(owner, code="SO2", co_owners=[lead], order=2, goal="Fler bostäder")
    start = date(2026, 1, 1)
    items = {
        "a": factory.improvement(a1, lead, code="SO1-01", title="Rekrytering", start=start),
        "b": factory.improvement(a1, lead, code="SO1-02", title="Heltid", start=start),
        "c": factory.improvement(a2, owner, code="SO2-01", title="Lärkan", start=start),
        "d": factory.improvement(a2, owner, code="SO2-02", title="Norra Strand", start=start),
    }
    secret = {
        "comment": f"Gruppens kommentar {MARKER}",
        "next_steps": f"Gruppens nästa steg {MARKER}",
        "risks": f"Gruppens risk {MARKER}",
        "needs_decision": True,
        "decision_text": f"KLG-beslut {MARKER}",
    }
    # September: SO1-01 off track, SO2-01 on track.
    factory.update(items["a"], "2026-09", status=Status.OFF_TRACK, created_at=at(date(2026, 10, 3)))
    factory.update(items["c"], "2026-09", status=Status.ON_TRACK, created_at=at(date(2026, 10, 3)))
    # October: texts for the politicians, for the group only, and confidential (the company).
    factory.update(
        items["a"],
        "2026-10",
        status=Status.AT_RISK,
        progress=40,
        **secret,
        comment_audience=Audience.GROUP,
    )
    factory.update(
        items["b"],
        "2026-10",
        status=Status.ON_TRACK,
        progress=60,
        comment=f"Klart steg 1 {SHOWN}",
        comment_audience=Audience.POLITICIANS,
        next_steps=f"Steg 2 {SHOWN}",
        next_steps_audience=Audience.POLITICIANS,
        risks=f"Risk {SHOWN}",
        risks_audience=Audience.POLITICIANS,
        raise_to_politicians=True,
        politicians_text=f"Fråga {SHOWN}",
        decision_text=f"Dold {MARKER}",
    )
    factory.update(
        items["c"],
        "2026-10",
        status=Status.OFF_TRACK,
        progress=20,
        comment=f"Affärshemlighet {MARKER}",
        comment_audience=Audience.CONFIDENTIAL,
        risks=f"Konfidentiell risk {MARKER}",
        risks_audience=Audience.CONFIDENTIAL,
        next_steps=f"Internt {MARKER}",
    )
    # SO2-02 (d) is not reported for October: a missing report.
    return {"lead": lead, "owner": owner, "items": items, "com": com}


@pytest.fixture
def probe_world(factory):
    """An admin (returned), and a member who leads area SO1 and owns improvement SO1-03, in
    organisation KS: what the input probes of issue 16 send their requests to."""
    admin = factory.person(Role.ADMIN, email="adm@x.example")
    org = factory.org(code="KS")
    lead = factory.person(Role.MEMBER, email="lead@x.example", org=org)
    area = factory.area(lead, code="SO1")
    factory.improvement(area, lead, code="SO1-03")
    return admin


@pytest.fixture
def one_improvement(factory):
    """Two organisations, an admin, a lead, a co-owner, an owner and an area with one item."""
    dep = factory.org(code="BUF", name="Barn- och utbildningsförvaltningen")
    com = factory.org(code="SBO", name="Sjöviksbostäder AB", kind=OrganisationKind.COMPANY)
    admin = factory.person(role=Role.ADMIN, org=dep, email="admin@example.se", name="Admin")
    lead = factory.person(org=dep, email="lead@example.se", name="Lena Lead")
    co = factory.person(org=com, email="co@example.se", name="Tomas Co")
    area = factory.area(
        lead, code="SO1", title="Attraktiv arbetsgivare", co_owners=[co], organisations=[dep, com]
    )
    item = factory.improvement(
        area,
        co,
        code="SO1-01",
        title="Gemensam rekrytering",
        start=date(2026, 1, 1),
        due=date(2026, 12, 31),
    )
    return {
        "dep": dep,
        "com": com,
        "admin": admin,
        "lead": lead,
        "co": co,
        "area": area,
        "item": item,
    }
