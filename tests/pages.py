"""Every page of the app, with the demo's values for its arguments: the list the HTML check and
the narrow-screen test walk for each role."""

import io

from flask import current_app, url_for

from tests.conftest import csrf_token_from
from tracker import sessions
from tracker.access import allowed, rule_of
from tracker.extensions import db
from tracker.models import (
    Improvement,
    Meeting,
    Organisation,
    Person,
    PublishedReport,
    Role,
    StatusUpdate,
    StrategicArea,
)
from tracker.schemas import AreaSchema, ImprovementSchema, OrganisationSchema, PersonSchema, values
from tracker.services import (
    completeness,
    dashboard,
    periods,
    plan_workbook,
    sign_in_links,
    summary,
)

# Not pages: JSON, files, scripts and the redirects out of the app.
NOT_PAGES = ("/api/", "/vendor/", "/static/")
NOT_PAGE_ENDPOINTS = {
    "home.health",
    "summary.export",
    "plan_workbook.export",
    "plan_workbook.template",
    "people.personal_data_export",
    "reports.pdf",
    "reports.styles",
    "status_css",
    "auth.logout",
    "auth.alive",
}


def sample_arguments(app) -> dict[str, dict]:
    """One real value for each argument of each page route, from the demo."""
    with app.app_context():
        area = db.session.scalars(db.select(StrategicArea).order_by(StrategicArea.code)).first()
        improvement = db.session.scalars(db.select(Improvement).order_by(Improvement.code)).first()
        person = db.session.scalars(db.select(Person).order_by(Person.id)).first()
        meeting = db.session.scalars(db.select(Meeting).order_by(Meeting.date.desc())).first()
        report = db.session.scalars(db.select(PublishedReport).order_by(PublishedReport.id)).first()
        update = db.session.scalars(db.select(StatusUpdate).order_by(StatusUpdate.id)).first()
        # A sign-in link's page: an invitation of the first active person (opening it does not
        # use it; a newer one made later replaces it).
        invitation = _link(sign_in_links.INVITATION)
        return {
            "areas": {"code": area.code},
            "improvements": {"code": improvement.code, "update_id": update.id},
            "people": {"person_id": person.id},
            "team_roles": {"person_id": person.id},
            "organisations": {"code": area.organisations[0].code},
            "meetings": {"meeting_id": meeting.id},
            "agenda": {"meeting_id": meeting.id},
            "reports": {"report_id": report.id},
            "sign_in_links": {"token": invitation},
            # An endpoint's own values, where its blueprint's do not fit it.
            "sign_in_links.login": {"token": _link(sign_in_links.LOGIN)},
        }


def _link(purpose: str) -> str:
    """A new sign-in link of ``purpose`` for the first active person (in an app context)."""
    person = db.session.scalars(
        db.select(Person).where(Person.active.is_(True)).order_by(Person.id)
    ).first()
    token = sign_in_links.make(
        db.session, person, purpose, sessions.clock(), secret_key=current_app.secret_key
    )
    db.session.commit()
    return token


def page_paths(app) -> list[str]:
    """Every GET page of the app, with the demo's values for its arguments."""
    samples = sample_arguments(app)
    paths = []
    for rule in app.url_map.iter_rules():
        if (
            "GET" not in rule.methods
            or rule.endpoint in NOT_PAGE_ENDPOINTS
            or rule.rule.startswith(NOT_PAGES)
            or rule.rule.endswith(".xlsx")
        ):
            continue
        values = samples.get(rule.endpoint) or samples.get(rule.endpoint.split(".")[0], {})
        missing = rule.arguments - values.keys()
        assert not missing, f"{rule.rule}: no sample value for {missing}; add one above"
        with app.test_request_context():
            paths.append(url_for(rule.endpoint, **{k: values[k] for k in rule.arguments}))
    return sorted(set(paths))


def sign_in(client, email, password):
    """Sign a test client in through the form."""
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302


def publish_two_reports(client):
    """Two published reports (as an admin's test client), so that comparing them is a page."""
    for note in ("Första", "Andra"):
        token = csrf_token_from(client.get("/reports/publish").get_data(as_text=True))
        response = client.post("/reports/publish", data={"csrf_token": token, "note": note})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]


def all_pages(app) -> list[str]:
    """page_paths, plus the pages reached with a query string, an error page and sign-in."""
    with app.app_context():
        reports = db.session.scalars(db.select(PublishedReport.id).order_by(PublishedReport.id))
        reports = reports.all()
    with app.app_context():
        left = db.session.scalar(db.select(Person.id).where(Person.active.is_(False)).limit(1))
    # A person who has left: their page offers the admin the pseudonymisation form.
    extra = ["/improvements?status=off_track", "/no-such-page", "/login", f"/people/{left}"]
    # The sign-in links' other pages: a reset, and a link that does not work.
    with app.app_context():
        extra += [f"/password/{_link(sign_in_links.RESET)}", "/password/not-a-link"]
    if len(reports) >= 2:
        extra.append(f"/reports/compare?a={reports[0]}&b={reports[1]}")
    return page_paths(app) + extra


# The deadline day the figures are read with (the app's default).
DEADLINE_DAY = 10


def figures(period, today):
    """Every figure of a period that the pages and answers show."""
    complete = completeness.completeness(db.session, period, DEADLINE_DAY)
    tally = lambda t: (t.due, t.reported, t.late, t.missing)  # noqa: E731
    missing = complete.what_is_missing
    rows = dashboard.period_rows(db.session, period, DEADLINE_DAY)
    content = summary.build(db.session, periods.Span(period), today, DEADLINE_DAY)
    return {
        "total": tally(complete.total),
        "organisations": sorted(
            (o.code if o else None, tally(t)) for o, t in complete.by_organisation
        ),
        "people": sorted((p.email, tally(t)) for p, t in complete.by_person),
        "missing reports": sorted(
            (m.improvement.code, m.person_id, m.organisation_id) for m in missing.reports
        ),
        "missing assessments": sorted((m.area.code, m.person_id) for m in missing.assessments),
        "dashboard": sorted((r["code"], r["area"], r["organisation"], r["status"]) for r in rows),
        "summary": [(a.code, a.status, a.counts, a.progress) for a in content.areas],
        "publish warning": (
            [m.improvement.code for m in content.missing.reports],
            [(m.area.code, m.person_id) for m in content.missing.assessments],
        ),
    }


def form_of(app, model, schema, row_id) -> dict:
    """An edit form's fields as the page fills them for the row: what a browser sends back
    unchanged (without the version)."""
    with app.app_context():
        current = values(schema(), db.session.get(model, row_id))
    return {
        name: value.isoformat() if hasattr(value, "isoformat") else value
        for name, value in current.items()
        if name not in ("version", "id", "archived", "active") and value is not None
    }


# The edit pages of the things with a version: (model, schema, the field a test types in, the
# page with {key}, the row's key attribute).
VERSIONED = {
    "areas": (StrategicArea, AreaSchema, "description", "/areas/{key}/edit", "code"),
    "improvements": (
        Improvement,
        ImprovementSchema,
        "description",
        "/improvements/{key}/edit",
        "code",
    ),
    "organisations": (
        Organisation,
        OrganisationSchema,
        "name",
        "/organisations/{key}/edit",
        "code",
    ),
    "people": (Person, PersonSchema, "title", "/people/{key}/edit", "id"),
}


def conflict_pages(app, client) -> dict[str, bytes]:
    """The conflict page of each edit form with a version, as an admin's ``client`` gets it
    when it saves a form opened at a version that is not the current one: {name: HTML}."""
    pages = {}
    for kind, (model, schema, field, path, key) in VERSIONED.items():
        with app.app_context():
            row = db.session.scalars(db.select(model).order_by(model.id)).first()
            row_id, address = row.id, path.format(key=getattr(row, key))
        token = csrf_token_from(client.get(address).get_data(as_text=True))
        data = {**form_of(app, model, schema, row_id), field: "Ändrad", "version": "0"}
        response = client.post(address, data={**data, "csrf_token": token})
        assert response.status_code == 409, (address, response.status_code)
        pages[f"conflict-{kind}"] = response.data
    return pages


def import_pages(app, client) -> dict[str, bytes]:
    """The import's preview as an admin's ``client`` gets it: a change with the Import button,
    and errors (422): {name: HTML}."""
    with app.app_context():
        workbook = plan_workbook.export(db.session)
    sheet = workbook["Åtgärder"]
    sheet.cell(row=2, column=3).value = "Ändrad titel"
    good = plan_workbook.saved(workbook)
    sheet.cell(row=3, column=2).value = "INGET-OMRADE"
    bad = plan_workbook.saved(workbook)
    pages = {}
    for name, content, status in (("import-preview", good, 200), ("import-errors", bad, 422)):
        token = csrf_token_from(client.get("/import").get_data(as_text=True))
        data = {"csrf_token": token, "file": (io.BytesIO(content), "plan.xlsx")}
        response = client.post("/import", data=data, content_type="multipart/form-data")
        assert response.status_code == status, (name, response.status_code)
        pages[name] = response.data
    return pages


# Pages with an argument that each role of the demo may see, beside those without one.
DEMO_PAGES = {
    Role.ADMIN: [
        "/areas/SO1",
        "/areas/SO1/edit",
        "/improvements/SO1-01",
        "/improvements/SO1-01/edit",
        "/people/1",
        "/people/1/edit",
        "/organisations/KLK/edit",
        "/improvements?status=off_track",
        "/meetings/3",
        "/meetings/3/agenda",
        "/meetings/2/message",
        "/team-roles/1",
        "/improvements/new?decision=4",
        "/dashboard/present#area-SO2",
    ],
    Role.MEMBER: [
        "/areas/SO2",
        "/improvements/SO2-02",
        "/people/2",
        "/meetings/3/agenda",
        "/meetings/1/message",
    ],
    Role.POLITICIAN: [],
}


def pages_for(app, role):
    """The pages without an argument that ``role`` may see (its access rule allows it)."""

    class Someone:
        id, active, is_authenticated = 0, True, True

    someone = Someone()
    someone.role = role
    paths = []
    for rule in app.url_map.iter_rules():
        view_rule = rule_of(app.view_functions[rule.endpoint])
        if (
            "GET" in rule.methods
            and not rule.arguments
            and view_rule is not None
            and allowed(someone, view_rule)
            and rule.rule not in ("/health", "/login", "/", "/session")
            and not rule.rule.startswith(("/api/", "/vendor/"))
            and not rule.rule.endswith((".xlsx", ".css"))
        ):
            paths.append(rule.rule)
    return sorted(paths)


def role_pages(app, role) -> list[str]:
    """Every page of the demo a person of ``role`` may see: those without an argument, and
    DEMO_PAGES."""
    return pages_for(app, role) + DEMO_PAGES[role]
