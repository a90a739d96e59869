"""POST /api/v1/import: the plan's workbook through the API (admins), answered with the same
preview as the page, as JSON; errors and refusals as problems that name them."""

import io

from flask_babel import force_locale
from sqlalchemy import func, select

from tests.test_plan_import import count, plan, xlsx
from tracker.extensions import db
from tracker.models import AuditEvent, Organisation, Person, Role


def _send(client, token, content, name="plan.xlsx", query="", language="en"):
    return client.post(
        f"/api/v1/import{query}",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": language},
    )


def test_a_dry_run_answers_the_preview_and_writes_nothing(app, client, token_for):
    token = token_for(Role.ADMIN)
    response = _send(client, token, xlsx(plan()), query="?dry_run=true")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["dry_run"], body["written"], body["rows"]) == (True, False, 7)
    sheets = {s["sheet"]: s for s in body["sheets"]}
    assert sheets["Organisationer"]["created"] == ["BUF", "SOC"]
    assert sheets["Uppföljning"]["created"] == ["SO1-01 2026-02"]
    assert body["errors"] == [] and body["notes"] == []
    with app.app_context():
        assert count(Organisation) == 0


def test_an_import_writes_and_a_changed_cell_is_old_and_new(app, client, token_for):
    token = token_for(Role.ADMIN)
    response = _send(client, token, xlsx(plan()))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["written"] is True
    with app.app_context():
        assert count(Organisation) == 2
    changed = plan(organisations=[["BUF", "Barn och skola", "Förvaltning"]])
    body = _send(client, token, xlsx(changed)).get_json()
    sheet = body["sheets"][0]
    assert sheet["changed"] == [
        {"key": "BUF", "row": 2, "fields": [
            {"column": "Namn", "old": "Barn- och utbildning", "new": "Barn och skola"}]}
    ]  # fmt: skip
    assert sheet["unchanged"] == []  # SOC is not in this workbook: left alone
    with app.app_context():
        assert count(Organisation) == 2


def test_a_member_is_refused(app, client, token_for):
    response = _send(client, token_for(Role.MEMBER), xlsx(plan()))
    assert response.status_code == 403
    with app.app_context():
        assert count(Organisation) == 0


def test_errors_are_a_problem_naming_each_at_its_sheet_row_and_column(app, client, token_for):
    token = token_for(Role.ADMIN)
    bad = plan(organisations=[["BUF", "Barn", "Okänd"], ["SOC", "Social", "Förvaltning"]])
    response = _send(client, token, xlsx(bad))
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    problems = body["problems"]
    assert f"{len(problems)} errors: nothing was imported" in body["detail"]
    assert "Okänd is not one of" in body["errors"]["Organisationer.2.Typ"]
    first = problems[0]
    assert (first["sheet"], first["row"], first["column"]) == ("Organisationer", 2, "Typ")
    # The rows that name BUF say that it is in error, at their own cells.
    assert "BUF has errors at row 2" in body["errors"]["Personer.2.Organisation"]
    assert len(body["errors"]) == len(problems)
    with app.app_context():
        assert count(Organisation) == 0 and count(Person) == 1  # the token's admin


def test_a_file_that_is_not_a_workbook_is_refused_with_its_reason(app, client, token_for):
    token = token_for(Role.ADMIN)
    response = _send(client, token, b"Kod;Namn\nBUF;Barn\n", "plan.xlsx")
    assert response.status_code == 422
    assert "not what its name says" in response.get_json()["detail"]
    response = _send(client, token, b"hello", "plan.xlsx", language="sv")
    assert response.status_code == 422
    assert "inte" in response.get_json()["detail"]
    no_file = client.post(
        "/api/v1/import",
        data={},
        content_type="multipart/form-data",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert no_file.status_code == 422
    assert no_file.get_json()["errors"] == {"file": "Missing data for required field."}


def test_a_body_over_the_limit_is_413_naming_it(app, client, token_for):
    token = token_for(Role.ADMIN)
    app.config["IMPORT_MAX_BYTES"] = 100_000
    # Over the file's limit but within the room the form may take: read, then refused.
    response = _send(client, token, b"x" * 100_001, "plan.csv")
    assert response.status_code == 413
    assert "larger than 0.095" in response.get_json()["detail"]
    # Over the request's limit: refused before it is read.
    response = _send(client, token, b"x" * 300_000, "plan.csv")
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"
    assert "the largest the import reads" in response.get_json()["detail"]
    with app.app_context():
        assert count(Organisation) == 0


def test_a_page_upload_over_the_limit_names_it_in_the_readers_language(app, client, login_as, csrf):
    login_as(Role.ADMIN)
    app.config["IMPORT_MAX_BYTES"] = 100_000
    data = {"csrf_token": csrf("/import"), "file": (io.BytesIO(b"x" * 300_000), "plan.csv")}
    response = client.post("/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    with app.test_request_context(), force_locale("sv"):
        from tracker.services import plan_workbook

        expected = str(plan_workbook.too_large(plan_workbook.Limits(bytes=100_000)))
    assert expected in html.replace("&nbsp;", " ")
    assert "MB" in expected and "0,095" in expected  # as Swedish writes numbers


def test_the_admins_import_is_theirs_in_the_history(app, client, token_for, factory):
    admin = factory.person(role=Role.ADMIN)
    token = token_for(person=admin)
    with app.app_context():
        before = db.session.scalar(select(func.max(AuditEvent.id)))
    assert _send(client, token, xlsx(plan())).status_code == 200
    with app.app_context():
        query = select(AuditEvent.actor_id).where(AuditEvent.id > before)
        assert set(db.session.scalars(query)) == {admin.id}
