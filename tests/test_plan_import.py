"""Importing the plan's workbook: the preview, the errors at their sheet, row and column, all
or nothing, the re-import that changes nothing, the round trip of the demo through an empty
database, the one-cell edit, the files refused before they are read, and messy cells."""

import io
import re
import struct
import threading
import time
import zipfile
from datetime import date, datetime

import pytest
from flask_babel import force_locale
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select, text
from sqlalchemy import update as sql_update

from tests.conftest import PASSWORD, csrf_token_from, pin_today, together
from tests.pages import sign_in
from tracker.extensions import db
from tracker.models import (
    AreaAssessment,
    AuditEvent,
    ImportUpload,
    Improvement,
    ImprovementState,
    Organisation,
    Person,
    Role,
    Status,
    StatusUpdate,
    StrategicArea,
)
from tracker.services import (
    Errors,
    NotAllowed,
    completeness,
    dashboard,
    keys,
    my,
    periods,
    updates,
    validate,
    versions,
)
from tracker.services import plan_workbook as pw

ADMIN = "admin@example.se"
HEADERS = {
    "Organisationer": ["Kod", "Namn", "Typ"],
    "Personer": ["E-post", "Namn", "Roll", "Organisation"],
    "Områden": [
        "Kod",
        "Titel",
        "Huvudansvarig",
        "Medverkande organisationer",
        "I portföljen sedan",
    ],
    "Åtgärder": [
        *("Kod", "Område", "Titel", "Ansvarig", "Start", "Klart senast", "Läge"),
        "I portföljen sedan",
    ],
    "Uppföljning": ["Åtgärd", "Period", "Status", "Framdrift (%)", "Vad som har hänt"],
}


def plan(**rows):
    """The rows of a small plan, each sheet's rows replaceable by a keyword (its name without
    the Swedish letters)."""
    sheets = {
        "Organisationer": [
            ["BUF", "Barn- och utbildning", "Förvaltning"],
            ["SOC", "Social", "Förvaltning"],
        ],
        "Personer": [
            ["anna@example.se", "Anna Berg", "Ledamot i KLG", "BUF"],
            ["olle@example.se", "Olle Ek", "Ledamot i KLG", "SOC"],
        ],
        "Områden": [
            ["SO1", "Attraktiv arbetsgivare", "anna@example.se", "BUF, SOC", date(2026, 1, 1)]
        ],
        "Åtgärder": [
            [
                "SO1-01",
                "SO1",
                "Introduktion",
                "olle@example.se",
                date(2026, 2, 1),
                date(2026, 12, 31),
                "Pågår",
                date(2026, 1, 1),
            ],
        ],
        "Uppföljning": [["SO1-01", "2026-02", "Grön", 10, "Planerad."]],
    }
    for name, replaced in rows.items():
        sheets[
            {
                "organisations": "Organisationer",
                "people": "Personer",
                "areas": "Områden",
                "improvements": "Åtgärder",
                "updates": "Uppföljning",
            }[name]
        ] = replaced
    return sheets  # fmt: skip


def xlsx(sheets, headers=None):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        out = workbook.create_sheet(name)
        out.append((headers or HEADERS)[name])
        for row in rows:
            out.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def admin(app):
    person = db.session.scalar(select(Person).where(Person.email == ADMIN))
    if person is None:
        person = Person(email=ADMIN, name="Admin", role=Role.ADMIN)
        db.session.add(person)
        db.session.commit()
    return person


def imported(app, content, name="plan.xlsx", *, dry_run=False, limits=None):
    """Read and import ``content`` as the admin; committed unless a dry run or in error."""
    book = pw.read(io.BytesIO(content), name, limits or pw.Limits())
    preview = pw.run(db.session, book, admin(app), today=date(2026, 11, 20), deadline_day=10)
    if dry_run or not preview.ok:
        db.session.rollback()
    else:
        db.session.commit()
    return preview


def where(preview):
    with force_locale("en"):
        return {(e.sheet, e.row, e.column): str(e.message) for e in preview.errors}


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_preview_says_what_is_created_and_writes_nothing(app):
    with app.app_context():
        history = count(AuditEvent)
        preview = imported(app, xlsx(plan()), dry_run=True)
        assert preview.ok, where(preview)
        assert [(o.name, len(o.created)) for o in preview.sheets] == [
            ("Organisationer", 2), ("Personer", 2), ("Områden", 1), ("Åtgärder", 1),
            ("Uppföljning", 1),
        ]  # fmt: skip
        assert preview.rows == 7
        assert count(Organisation) == 0 and count(Person) == 1
        assert count(AuditEvent) == history


def test_an_import_writes_the_plan_as_the_admins_with_its_history(app):
    with app.app_context():
        preview = imported(app, xlsx(plan()))
        assert preview.ok, where(preview)
        item = db.session.scalar(select(Improvement).where(Improvement.code == "SO1-01"))
        assert item.owner.email == "olle@example.se"
        assert item.organisation.code == "SOC"  # the owner's
        assert item.state == ImprovementState.ONGOING
        assert item.due == date(2026, 12, 31)
        area = item.area
        assert {o.code for o in area.organisations} == {"BUF", "SOC"}
        assert area.created_at.astimezone(periods.STOCKHOLM).date() == date(2026, 1, 1)
        report = db.session.scalar(select(StatusUpdate))
        assert (report.status, report.progress, report.imported) == (Status.ON_TRACK, 10, True)
        actors = set(db.session.scalars(select(AuditEvent.actor_id).distinct()))
        assert actors == {admin(app).id}


def test_the_same_workbook_twice_changes_nothing_the_second_time(app):
    with app.app_context():
        content = xlsx(plan())
        assert imported(app, content).ok
        history = count(AuditEvent)
        again = imported(app, content)
        assert again.ok
        assert [len(o.created) + len(o.changed) for o in again.sheets] == [0, 0, 0, 0, 0]
        assert [len(o.unchanged) for o in again.sheets] == [2, 2, 1, 1, 1]
        assert count(AuditEvent) == history


def test_a_changed_row_says_old_and_new_and_what_is_missing_is_left_alone(app):
    with app.app_context():
        assert imported(app, xlsx(plan())).ok
        changed = plan(
            organisations=[["BUF", "Barn- och utbildningsförvaltningen", "Förvaltning"]],
            improvements=[
                ["SO1-01", "SO1", "Introduktion", "olle@example.se", date(2026, 2, 1),
                 date(2027, 3, 31), "Pågår"],
            ],
        )  # fmt: skip
        preview = imported(app, xlsx(changed))
        assert preview.ok
        organisations = preview.sheets[0]
        assert [(c.key, c.fields) for c in organisations.changed] == [
            ("BUF", [("Namn", "Barn- och utbildning", "Barn- och utbildningsförvaltningen")])
        ]
        assert preview.sheets[3].changed[0].fields == [("Klart senast", "2026-12-31", "2027-03-31")]
        assert (
            db.session.scalar(select(Organisation).where(Organisation.code == "SOC")).archived
            is False
        )


ERRORS = {
    ("Organisationer", 3, "Kod"): "BUF is at row 2 too.",
    ("Personer", 2, "E-post"): "Enter a valid email address.",
    ("Personer", 3, "Organisation"): "There is no organisation with this code.",
    ("Områden", 2, "Huvudansvarig"): "Pelle Politiker is a politician: only group members and admins can lead, co-own, own or deputise.",
    ("Områden", 3, "Huvudansvarig"): "not-an-email has errors at row 2 of the sheet Personer.",
    ("Åtgärder", 2, "Klart senast"): "The due date cannot be before the start.",
    ("Åtgärder", 3, "Läge"): "Halvklar is not one of: Planerad, Pågår, Klar, Pausad, Avbruten.",
    ("Åtgärder", 4, "Område"): "There is no strategic area with the code SO9.",
    ("Åtgärder", 5, "Område"): "SO2 has errors at row 3 of the sheet Områden.",
    ("Uppföljning", 2, "Status"): "Blå is not one of: Enligt plan, Risk för avvikelse, Avvikelse.",
    ("Uppföljning", 3, "Åtgärd"): "SO1-02 has errors at row 3 of the sheet Åtgärder.",
}  # fmt: skip


def test_every_error_is_named_at_its_sheet_row_and_column_and_nothing_is_written(app):
    with app.app_context():
        history = count(AuditEvent)
        content = xlsx(plan(
            organisations=[["BUF", "Barn", "Förvaltning"], ["BUF", "Igen", "Bolag"]],
            people=[
                ["not-an-email", "Nils", "Ledamot i KLG", "BUF"],
                ["eva@example.se", "Eva", "Ledamot i KLG", "XYZ"],
                ["pelle@example.se", "Pelle Politiker", "Politiker", "BUF"],
                ["anna@example.se", "Anna Berg", "Ledamot i KLG", "BUF"],
            ],
            areas=[["SO1", "Ett", "pelle@example.se", "BUF", None],
                   ["SO2", "Två", "not-an-email", "", None],
                   ["SO3", "Tre", "anna@example.se", "", None]],
            improvements=[
                ["SO1-01", "SO3", "A", "anna@example.se", date(2026, 5, 1), date(2026, 4, 1), "Pågår"],
                ["SO1-02", "SO3", "B", "anna@example.se", None, None, "Halvklar"],
                ["SO1-03", "SO9", "C", "anna@example.se", None, None, "Pågår"],
                ["SO1-04", "SO2", "D", "anna@example.se", None, None, "Pågår"],
            ],
            updates=[["SO1-01", "2026-02", "Blå", 10, ""], ["SO1-02", "2026-02", "Gul", 10, ""]],
        ))  # fmt: skip
        preview = imported(app, content)
        found = where(preview)
        for place, message in ERRORS.items():
            assert found.get(place) == message, (place, found)
        assert count(Organisation) == 0 and count(Person) == 1
        assert count(AuditEvent) == history


def test_a_missing_required_column_is_named(app):
    with app.app_context():
        headers = {**HEADERS, "Organisationer": ["Kod", "Namn"]}
        content = xlsx(plan(organisations=[["BUF", "Barn"]]), headers)
        found = where(imported(app, content))
        assert found[("Organisationer", 1, "Typ")] == "The required column Typ is missing."
        assert found[("Personer", 2, "Organisation")].startswith("BUF has errors at row 2")


def test_one_bad_row_and_nothing_is_written(app):
    with app.app_context():
        assert imported(app, xlsx(plan())).ok
        history = count(AuditEvent)
        content = xlsx(plan(
            organisations=[["BUF", "Nytt namn", "Förvaltning"], ["SOC", "Social", "Okänd"]]
        ))  # fmt: skip
        preview = imported(app, content)
        assert not preview.ok
        assert db.session.scalar(select(Organisation.name).where(Organisation.code == "BUF")) == (
            "Barn- och utbildning"
        )
        assert count(AuditEvent) == history


def test_a_report_fills_only_a_month_without_one(app):
    with app.app_context():
        assert imported(app, xlsx(plan())).ok
        content = xlsx(plan(updates=[["SO1-01", "2026-02", "Röd", 90, "Annat"],
                                     ["SO1-01", "2026-03", "Gul", 20, "Mars"]]))  # fmt: skip
        preview = imported(app, content)
        assert preview.ok
        assert (preview.sheets[4].created, preview.sheets[4].unchanged) == (
            ["SO1-01 2026-03"],
            ["SO1-01 2026-02"],
        )
        reports = dict(db.session.execute(select(StatusUpdate.period, StatusUpdate.status)).all())
        assert reports == {"2026-02": Status.ON_TRACK, "2026-03": Status.AT_RISK}


def _emptied(backend):
    """The database without any row (as the test's teardown leaves it)."""
    db.session.remove()
    if backend == "sqlite":
        db.drop_all()
        db.create_all()
        return
    history = AuditEvent.__table__
    history.drop(db.engine)
    kept = [t for t in db.metadata.sorted_tables if t is not history]
    db.session.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in kept) + " CASCADE"))
    db.session.commit()
    history.create(db.engine)


def _every_month(session):
    """Every month the portfolio has, from the first an area entered or was reported on or
    assessed, to this one."""
    entered = session.scalar(select(func.min(StrategicArea.created_at)))
    reported = [
        session.scalar(select(func.min(StatusUpdate.period))),
        session.scalar(select(func.min(AreaAssessment.period))),
    ]
    first = min(periods.of(entered.astimezone(periods.STOCKHOLM).date()), *filter(None, reported))
    months, now = [first], periods.of(periods.today_local())
    while months[-1] < now:
        months.append(periods.shift(months[-1], 1))
    return months


def _figures(session, month, day):
    """A month's figures as the dashboard and the completeness page count them, by code and
    email (ids differ in a new database): the improvements due and their reports by area and
    organisation, the areas' owners then and their assessments, reported against due (in all,
    per organisation and per person) and what is missing."""
    codes = {o.id: o.code for o in session.scalars(select(Organisation))}
    emails = {p.id: p.email for p in session.scalars(select(Person))}
    areas = {a.id: a.code for a in session.scalars(select(StrategicArea))}
    complete = completeness.completeness(session, month, day)
    tally = lambda t: (t.due, t.reported, t.late)  # noqa: E731
    missing = complete.what_is_missing
    return {
        "rows": sorted(
            ({k: v for k, v in r.items() if k != "id"}
             for r in dashboard.period_rows(session, month, day)),
            key=repr,
        ),
        "progress": sorted(dashboard.progress_rows(session, month), key=repr),
        "owners": {
            areas[a]: (emails[people[0]], sorted(emails[p] for p in people[1:]))
            for a, people in versions.area_owners_then(session, month, day).items()
        },
        "assessments": sorted(
            (areas[a.area_id], emails[a.person_id], a.status, codes.get(a.organisation_id))
            for found in my.area_assessments(session, list(areas), month).values()
            for a in found
        ),
        "total": tally(complete.total),
        "organisations": [(o.code if o else None, tally(t)) for o, t in complete.by_organisation],
        "people": [(p.email, tally(t)) for p, t in complete.by_person],
        "missing": sorted(
            (m.area.code, m.improvement.code if m.improvement else "", emails[m.person_id],
             codes.get(m.organisation_id) or "")
            for m in [*missing.reports, *missing.assessments]
        ),
    }  # fmt: skip


def test_the_demo_exported_and_imported_into_an_empty_database_is_the_same(
    app, demo_people, backend, client, login_as
):
    day = app.config["REPORT_DEADLINE_DAY"]
    with app.app_context():
        before = pw.rows(db.session)
        months = _every_month(db.session)
        figures = {month: _figures(db.session, month, day) for month in months}
        content = pw.saved(pw.export(db.session))
        _emptied(backend)
        preview = imported(app, content)
        assert preview.ok, where(preview)
        after = pw.rows(db.session)
        assert _every_month(db.session) == months
        figures_after = {month: _figures(db.session, month, day) for month in months}
    assert len(before["Områdesbedömningar"]) > 0
    for sheet, rows in before.items():
        got = [r for r in after[sheet] if r.get("email") != ADMIN]
        assert got == rows, sheet
    assert len(months) > 6 and any(figures[month]["assessments"] for month in months)
    for month in months:
        for name, figure in figures[month].items():
            assert figures_after[month][name] == figure, (month, name)
    with app.app_context():
        again = imported(app, content)
    assert again.ok and not any(o.created or o.changed for o in again.sheets)


def test_one_cell_edited_changes_that_one_field_and_one_history_event(app, demo_people):
    with app.app_context():
        workbook = pw.export(db.session)
        sheet = workbook["Åtgärder"]
        title = sheet.cell(row=1, column=3).value
        assert title == "Titel"
        code = sheet.cell(row=2, column=1).value
        sheet.cell(row=2, column=3).value = "En ny titel"
        history = count(AuditEvent)
        preview = imported(app, pw.saved(workbook))
        assert preview.ok, where(preview)
        changed = [(o.name, c.key, c.fields) for o in preview.sheets for c in o.changed]
        assert changed == [("Åtgärder", code, [("Titel", changed[0][2][0][1], "En ny titel")])]
        assert count(AuditEvent) == history + 1
        item = db.session.scalar(select(Improvement).where(Improvement.code == code))
        assert item.title == "En ny titel"


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _with_part(name, content):
    """The small plan's workbook with one more part (or one replaced)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx(plan())))
    entries = {n: source.read(n) for n in source.namelist()}
    entries[name] = content
    return _zip(entries)


class Unread(io.BytesIO):
    def read(self, *args):
        raise AssertionError("read although its length is known to be too large")


def refused(app, content, name, limits=None, length=None):
    with app.app_context(), force_locale("en"), pytest.raises(pw.Refused) as error:
        stream = content if isinstance(content, io.IOBase) else io.BytesIO(content)
        pw.read(stream, name, limits or pw.Limits(), length)
    return str(error.value.message)


def test_a_macro_enabled_workbook_is_refused_whatever_its_name(app):
    assert "macros" in refused(app, xlsx(plan()), "plan.xlsm")
    assert "macros" in refused(app, _with_part("xl/vbaProject.bin", b"\0" * 10), "plan.xlsx")
    types = b'<?xml version="1.0"?><Types><Default ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'
    assert "macros" in refused(app, _with_part("[Content_Types].xml", types), "plan.xlsx")


def test_an_encrypted_file_a_text_named_xlsx_and_a_zip_bomb_are_refused(app):
    assert "encrypted" in refused(
        app, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "plan.xlsx"
    )
    assert "not what its name says" in refused(app, b"Kod;Namn\nBUF;Barn\n", "plan.xlsx")
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"\0" * 200_000})
    message = refused(app, bomb, "plan.xlsx", pw.Limits(uncompressed=100_000))
    assert "larger than 0.095" in message or "Unpacked" in message


def test_xml_entity_expansion_is_refused(app):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    assert "DOCTYPE" in refused(app, _with_part("xl/worksheets/sheet1.xml", bomb), "plan.xlsx")
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML  # openpyxl parses with defusedxml as well


def test_a_file_too_large_or_too_long_is_refused_quickly_with_the_limit_named(app):
    started = time.monotonic()
    message = refused(app, Unread(b""), "plan.xlsx", length=60 * 1024 * 1024)
    assert "larger than 10 MB" in message
    assert "larger than 10 MB" in refused(app, io.BytesIO(b"x" * (10 * 1024 * 1024 + 1)), "a.csv")
    lines = b"Kod;Namn;Typ\n" + b"X;Y;Bolag\n" * 200_000
    message = refused(app, lines, "Organisationer.csv")
    assert "more than 50 000 rows" in message
    assert time.monotonic() - started < 10


def test_messy_cells_are_read(app):
    headers = {
        **HEADERS,
        "Personer": ["Email", "Name", "Role", "Organisation"],
        "Åtgärder": [
            *("Code", "Strategic area", "Title", "Owner", "Start", "Due", "State"),
            "In the portfolio since",
        ],
    }
    sheets = plan(
        people=[[" ANNA@Example.se ", " Anna Berg ", "member", "BUF"], [None, None, None, None],
                ["olle@example.se", "Olle Ek", "Ledamot i KLG", "SOC"]],
        improvements=[["SO1-01", "SO1", "Intro", "OLLE@example.se", 46054, "31/1 2027", " pågår ", "2026-01-01"],
                      ["SO1-02", "SO1", "Två", "olle@example.se", "1.2.2026", "2026-12-31", "Planned", 46023]],
        updates=[["SO1-01", "2026-02", "Gul", "10 %", ""], ["SO1-02", datetime(2026, 3, 1), "röd", 0, ""]],  # noqa: DTZ001
    )  # fmt: skip
    workbook = load_workbook(io.BytesIO(xlsx(sheets, headers)))
    people = workbook["Personer"]
    people.insert_rows(1)  # a title above the header, merged across it
    people["A1"] = "Personer i koncernen"
    people.merge_cells("A1:D1")
    buffer = io.BytesIO()
    workbook.save(buffer)
    with app.app_context():
        preview = imported(app, buffer.getvalue())
        assert preview.ok, where(preview)
        anna = db.session.scalar(select(Person).where(Person.email == "anna@example.se"))
        assert anna.name == "Anna Berg"
        one, two = db.session.scalars(select(Improvement).order_by(Improvement.code))
        assert (one.start, one.due, one.state) == (date(2026, 2, 1), date(2027, 1, 31), "ongoing")
        assert (two.start, two.state) == (date(2026, 2, 1), ImprovementState.PLANNED)
        statuses = dict(db.session.execute(select(StatusUpdate.period, StatusUpdate.status)).all())
        assert statuses == {"2026-02": Status.AT_RISK, "2026-03": Status.OFF_TRACK}


def test_csv_files_in_a_zip_with_either_separator_and_a_bom(app):
    def csv(name, separator):
        rows = [HEADERS[name], *plan()[name]]
        lines = [separator.join("" if c is None else str(c) for c in row) for row in rows]
        return ("\ufeff" + "\n".join(lines) + "\n").encode()

    content = _zip({
        "Organisationer.csv": csv("Organisationer", ";"), "People.csv": csv("Personer", ";"),
    })  # fmt: skip
    with app.app_context():
        assert "," not in "".join(HEADERS["Personer"])
        preview = imported(app, content, "plan.zip")
        assert preview.ok, where(preview)
        assert [len(o.created) for o in preview.sheets] == [2, 2]


def test_the_command_line_previews_and_exits_1_on_errors(app, runner, tmp_path):
    with app.app_context():
        admin(app)
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(xlsx(plan()))
    bad.write_bytes(xlsx(plan(organisations=[["BUF", "Barn", "Okänd"]])))
    result = runner.invoke(args=["import", str(good), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Organisationer: 2 rows, 2 new" in result.output
    assert "Nothing was written" in result.output
    with app.app_context():
        assert count(Organisation) == 0
    result = runner.invoke(args=["import", str(bad), "--as", ADMIN])
    assert result.exit_code == 1
    assert "Error: Organisationer, row 2, Typ: Okänd is not one of" in result.output
    result = runner.invoke(args=["import", str(good), "--as", ADMIN])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert count(Organisation) == 2


def _post(client, csrf, path, content, name="plan.xlsx"):
    data = {"csrf_token": csrf("/import"), "file": (io.BytesIO(content), name)}
    return client.post(path, data=data, content_type="multipart/form-data")


def test_the_page_previews_then_imports_when_the_admin_confirms(app, client, login_as, csrf):
    login_as(Role.ADMIN)
    page = client.get("/import").get_data(as_text=True)
    assert 'accept=".xlsx,.csv,.zip"' in page and "/import/template.xlsx" in page
    response = _post(client, csrf, "/import", xlsx(plan()))
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:2000]
    assert "7 rows were read" in html or "7 rader" in html
    with app.app_context():
        assert count(Organisation) == 0
        kept = db.session.scalar(select(ImportUpload.id))
    response = client.post(f"/import/{kept}", data={"csrf_token": csrf("/import")})
    assert response.status_code == 302
    with app.app_context():
        assert count(Organisation) == 2 and count(ImportUpload) == 0
    assert client.post(f"/import/{kept}", data={"csrf_token": csrf("/import")}).status_code == 404


def test_the_page_shows_errors_and_refusals_and_keeps_nothing(app, client, login_as, csrf):
    login_as(Role.ADMIN)
    response = _post(client, csrf, "/import", xlsx(plan(organisations=[["BUF", "B", "Okänd"]])))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'href="#import-errors"' in html and "Okänd" in html
    response = _post(client, csrf, "/import", b"hello", "plan.xlsx")
    assert response.status_code == 422
    with app.app_context():
        assert count(ImportUpload) == 0 and count(Organisation) == 0


def test_only_the_uploader_confirms(app, client, login_as, csrf, factory):
    login_as(Role.ADMIN)
    _post(client, csrf, "/import", xlsx(plan()))
    with app.app_context():
        kept = db.session.scalar(select(ImportUpload.id))
    other = app.test_client()
    sign_in(other, factory.person(role=Role.ADMIN).email, PASSWORD)
    token = csrf_token_from(other.get("/import").get_data(as_text=True))
    assert other.post(f"/import/{kept}", data={"csrf_token": token}).status_code == 404
    member = app.test_client()
    sign_in(member, factory.person(role=Role.MEMBER).email, PASSWORD)
    assert member.get("/import").status_code == 403
    with app.app_context():
        assert count(Organisation) == 0


def _answers(app, client, token, months):
    """What the API says of the portfolio: every list (all its pages), each month's updates and
    dashboard figures, without the ids, versions and times that a new database gives anew."""
    headers = {"Authorization": f"Bearer {token}"}

    def every(path):
        items, page = [], 1
        while True:
            join = "&" if "?" in path else "?"
            body = client.get(f"{path}{join}per_page=200&page={page}", headers=headers)
            assert body.status_code == 200, (path, body.get_data(as_text=True)[:500])
            items += body.get_json()["items"]
            if len(items) >= body.get_json()["total"]:
                return items
            page += 1

    lists = ["/api/v1/organisations", "/api/v1/people", "/api/v1/areas", "/api/v1/improvements"]
    lists += [f"/api/v1/updates?period={month}" for month in months]
    answers = {path: _api_items(every(path)) for path in lists}
    for month in months:
        for path in (f"/api/v1/dashboard?period={month}", f"/api/v1/completeness?period={month}"):
            answer = client.get(path, headers=headers)
            assert answer.status_code == 200, (path, answer.get_data(as_text=True)[:500])
            answers[path] = answer.get_json()
    return answers


# A new row's id and time, and its version: the import makes one version of each row.
DIFFERENT_IN_A_NEW_DATABASE = {"id", "version", "created_at", "updated_at"}


def _api_items(items):
    return sorted(
        ({k: v for k, v in item.items() if k not in DIFFERENT_IN_A_NEW_DATABASE} for item in items),
        key=repr,
    )


def _admin_token(app):
    from tracker.services import tokens

    with app.app_context():
        _token, secret = tokens.create(db.session, admin(app), "round trip")
        db.session.commit()
    return secret


def test_the_demo_through_an_empty_database_gives_the_same_api_answers(
    app, demo_people, backend, client
):
    with app.app_context():
        months = _every_month(db.session)
    before = _answers(app, client, _admin_token(app), months)
    with app.app_context():
        content = pw.saved(pw.export(db.session))
        _emptied(backend)
        assert imported(app, content).ok
    after = _answers(app, client, _admin_token(app), months)
    assert set(after) == set(before)
    lists = [p for p in before if "/dashboard" not in p and "/completeness" not in p]
    assert len(lists) == 4 + len(months)
    for path in lists:
        assert after[path] == before[path], path
    # Every month's figures, the whole answer: the status counts per area and per
    # organisation, reported against due (in all, per organisation, per person) and what is
    # missing, the area owners' assessments with them.
    assert any(
        before[f"/api/v1/dashboard?period={m}"]["missing"]["area_assessments"] for m in months
    )
    for path in before:
        assert after[path] == before[path], path


def test_an_imported_report_is_marked_so_on_the_improvements_page(app, client, login_as, factory):
    with app.app_context():
        assert imported(app, xlsx(plan())).ok
    member = login_as(Role.MEMBER, org=factory.org())
    item = factory.improvement(factory.area(member), member)
    factory.update(item, "2026-02")
    html = client.get("/improvements/SO1-01").get_data(as_text=True)
    assert html.count('<span class="tag muted">importerad</span>') == 1
    other = client.get(f"/improvements/{item.code}").get_data(as_text=True)
    assert "importerad" not in other


def test_a_month_reported_otherwise_is_left_alone_with_a_note(app):
    with app.app_context():
        assert imported(app, xlsx(plan())).ok
        same = imported(app, xlsx(plan()))
        assert same.ok and same.notes == []
        other = plan(updates=[["SO1-01", "2026-02", "Röd", 10, "Försenad."]])
        preview = imported(app, xlsx(other))
        assert preview.ok
        [note] = [(n.sheet, n.row, n.column, str(n.message)) for n in preview.notes]
        with force_locale("sv"):
            swedish = str(preview.notes[0].message)
        assert swedish.endswith("har redan en rapport med annat innehåll (Status, Vad som har hänt): den lämnades som den är.")  # fmt: skip
        assert note[:3] == ("Uppföljning", 2, "")
        assert note[3].startswith("SO1-01 2026-02 ")
        assert "(Status, Vad som har hänt)" in note[3]
        report = db.session.scalar(select(StatusUpdate))
        assert (report.status, report.comment) == (Status.ON_TRACK, "Planerad.")


def _set_dimension(content, part, ref):
    """A workbook whose sheet says of itself that it spans ``ref``."""
    source = zipfile.ZipFile(io.BytesIO(content))
    entries = {n: source.read(n) for n in source.namelist()}
    xml = re.sub(
        r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', entries[part].decode()
    )
    entries[part] = xml.encode()
    return _zip(entries)


def test_a_sheet_that_lies_about_its_size_is_read_as_it_is(app):
    content = _set_dimension(xlsx(plan()), "xl/worksheets/sheet1.xml", "A1:C1")
    with app.app_context():
        preview = imported(app, content, dry_run=True)
        assert preview.ok, where(preview)
        assert preview.sheets[0].read == 2
    rows = [[f"K{i}", f"Namn {i}", "Förvaltning"] for i in range(2000)]
    content = _set_dimension(
        xlsx(plan(organisations=rows)), "xl/worksheets/sheet1.xml", "A1:XFD2001"
    )
    book = pw.read(io.BytesIO(content), "plan.xlsx", pw.Limits())
    organisations = book.tables[0]
    assert len(organisations.rows) == 2000
    assert {len(cells) for _number, cells in organisations.rows} == {3}


def test_a_row_is_cut_at_its_headers(app):
    content = ("Kod;Namn;Typ\nBUF;Barn;Förvaltning;;;x;y\n").encode()
    book = pw.read(io.BytesIO(content), "Organisationer.csv", pw.Limits())
    assert book.tables[0].rows == [(2, ["BUF", "Barn", "Förvaltning"])]


def test_a_csv_cell_too_long_is_refused(app, client, login_as, csrf):
    content = ("Kod;Namn;Typ\nBUF;" + "x" * 200_000 + ";Förvaltning\n").encode()
    assert "longer than 131 072 characters" in refused(app, content, "Organisationer.csv")
    login_as(Role.ADMIN)
    response = _post(client, csrf, "/import", content, "Organisationer.csv")
    assert response.status_code == 422
    assert "131" in response.get_data(as_text=True)


def _lie_about_size(content, name, size):
    """The zip with its directory (and the part's local header) saying ``name`` is ``size``
    bytes unpacked."""
    data, encoded, i = bytearray(content), name.encode(), 0
    while (i := data.find(b"PK\x01\x02", i)) != -1:
        length = struct.unpack_from("<H", data, i + 28)[0]
        if bytes(data[i + 46 : i + 46 + length]) == encoded:
            struct.pack_into("<I", data, i + 24, size)
            struct.pack_into("<I", data, struct.unpack_from("<I", data, i + 42)[0] + 22, size)
        i += 4
    return bytes(data)


def test_a_zip_that_understates_a_parts_size_is_refused(app):
    lines = "Kod;Namn;Typ\n" + "X;Y;Bolag\n" * 100_000
    content = _lie_about_size(_zip({"Organisationer.csv": lines}), "Organisationer.csv", 20)
    assert "not an Excel workbook" in refused(app, content, "plan.zip")
    content = _lie_about_size(xlsx(plan()), "xl/worksheets/sheet1.xml", 20)
    assert "not an Excel workbook" in refused(app, content, "plan.xlsx")
    content = _lie_about_size(xlsx(plan()), "[Content_Types].xml", 20)
    assert "not an Excel workbook" in refused(app, content, "plan.xlsx")


def test_a_macro_content_type_is_refused_whatever_the_parts_name(app):
    types = (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Override PartName="/xl/other.bin" ContentType="application/'
        b'vnd.ms-office.VBAPROJECT"/></Types>'
    )
    assert "macros" in refused(app, _with_part("[Content_Types].xml", types), "plan.xlsx")


def test_a_doctype_after_a_long_prolog_is_refused(app):
    source = zipfile.ZipFile(io.BytesIO(xlsx(plan())))
    sheet = source.read("xl/worksheets/sheet1.xml").decode()
    body = sheet.split("?>", 1)[-1]
    padded = (
        '<?xml version="1.0" encoding="UTF-8"?>' + "<!-- " + "x" * 10_000 + " -->" + " " * 5000
        + '<!DOCTYPE worksheet [<!ENTITY e "e">]>' + body
    )  # fmt: skip
    message = refused(app, _with_part("xl/worksheets/sheet1.xml", padded.encode()), "plan.xlsx")
    assert "DOCTYPE" in message


def test_text_that_looks_like_a_formula_comes_back_as_it_was(app):
    with app.app_context():
        first = "Kod;Namn;Typ\nBUF;=1+1;Förvaltning\nSOC;-Social;Förvaltning\n"
        assert imported(app, first.encode(), "Organisationer.csv").ok
        db.session.add(Organisation(code="KS", name="'+x", kind="company"))
        db.session.commit()
        exported = pw.saved(pw.export(db.session))
        names = {"BUF": "=1+1", "SOC": "-Social", "KS": "'+x"}
        assert dict(db.session.execute(select(Organisation.code, Organisation.name)).all()) == names
        preview = imported(app, exported)
        assert preview.ok, where(preview)
        assert preview.sheets[0].unchanged == ["BUF", "KS", "SOC"]
        assert dict(db.session.execute(select(Organisation.code, Organisation.name)).all()) == names
        changed = "Kod;Namn;Typ\nBUF;=2+2;Förvaltning\n".encode()
        preview = imported(app, changed, "Organisationer.csv", dry_run=True)
        assert preview.sheets[0].changed[0].fields == [("Namn", "=1+1", "=2+2")]


def test_a_long_file_name_is_kept_shortened_with_its_suffix(app, client, login_as, csrf):
    login_as(Role.ADMIN)
    response = _post(client, csrf, "/import", xlsx(plan()), "p" * 300 + ".xlsx")
    assert response.status_code == 200
    with app.app_context():
        name = db.session.scalar(select(ImportUpload.name))
    assert len(name) == 255 and name.endswith("p.xlsx")


def test_the_same_file_confirmed_twice_at_once_is_imported_once(app, login_as, csrf, factory):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("row locks: PostgreSQL")
    uploader = factory.person(role=Role.ADMIN)
    first, second = app.test_client(), app.test_client()
    for one in (first, second):
        sign_in(one, uploader.email, PASSWORD)
    token = csrf_token_from(first.get("/import").get_data(as_text=True))
    data = {"csrf_token": token, "file": (io.BytesIO(xlsx(plan())), "plan.xlsx")}
    assert first.post("/import", data=data, content_type="multipart/form-data").status_code == 200
    with app.app_context():
        kept = db.session.scalar(select(ImportUpload.id))
    answers = {}

    def confirm(client, name):
        token = csrf_token_from(client.get("/import").get_data(as_text=True))
        answers[name] = client.post(f"/import/{kept}", data={"csrf_token": token})

    together(lambda: confirm(first, "first"), lambda: confirm(second, "second"))
    codes = sorted(a.status_code for a in answers.values())
    assert codes == [302, 404], codes
    gone = next(a for a in answers.values() if a.status_code == 404).get_data(as_text=True)
    assert "imported already" in gone or "importerad redan" in gone or "redan" in gone
    with app.app_context():
        assert count(Organisation) == 2 and count(ImportUpload) == 0
        assert count(StatusUpdate) == 1


def test_an_import_does_not_deactivate_or_demote_the_importing_admin(app, factory):
    headers = {**HEADERS, "Personer": ["E-post", "Namn", "Roll", "Organisation", "Aktiv"]}
    with app.app_context():
        factory.person(role=Role.ADMIN)  # not the last admin: only the self-check refuses
        admin(app)
        for role, active, column, message in (
            ("Administratör", "Nej", "Aktiv", "You cannot deactivate yourself."),
            ("Ledamot i KLG", "Ja", "Roll", "You cannot change your own role."),
        ):
            sheets = plan()
            sheets["Personer"] = [[*r, "Ja"] for r in sheets["Personer"]] + [
                [ADMIN, "Admin", role, "BUF", active]
            ]
            preview = imported(app, xlsx(sheets, headers))
            assert where(preview) == {("Personer", 4, column): message}
            person = admin(app)
            assert (person.role, person.active) == (Role.ADMIN, True)


UPDATE_HEADERS = {**HEADERS, "Uppföljning": [*HEADERS["Uppföljning"], "Rapporterad av", "Sen"]}


def test_a_report_follows_the_rules_a_report_made_on_the_page_does(app, factory):
    politician = factory.person(role=Role.POLITICIAN, email="pol@example.se")
    gone = factory.person(role=Role.MEMBER, email="gone@example.se", active=False)
    with app.app_context():
        sheets = plan(
            updates=[
                ["SO1-01", "2025-11", "Grön", 10, "", "", ""],  # due before it entered
                ["SO1-01", "2026-02", "Grön", 10, "", politician.email, ""],
                ["SO1-01", "2026-03", "Grön", 10, "", gone.email, ""],
            ]
        )
        preview = imported(app, xlsx(sheets, UPDATE_HEADERS))
        errors = where(preview)
        assert set(errors) == {
            ("Uppföljning", 2, "Period"),
            ("Uppföljning", 3, "Rapporterad av"),
            ("Uppföljning", 4, "Rapporterad av"),
        }
        assert errors["Uppföljning", 2, "Period"] == "SO1-01 is not due a report for 2025-11."
        assert "only an active group member or admin" in errors["Uppföljning", 3, "Rapporterad av"]
        assert count(StatusUpdate) == 0


def test_a_closed_month_is_late_unless_the_workbook_says_otherwise(app):
    with app.app_context():
        sheets = plan(
            updates=[
                ["SO1-01", "2026-02", "Grön", 10, "", "", ""],  # closed on 10 March
                ["SO1-01", "2026-03", "Grön", 10, "", "", "Nej"],
                ["SO1-01", "2026-10", "Grön", 10, "", "", ""],  # due on 10 November
                ["SO1-01", "2026-11", "Grön", 10, "", "", ""],  # due on 10 December
            ]
        )
        preview = imported(app, xlsx(sheets, UPDATE_HEADERS))
        assert preview.ok, where(preview)
        late = dict(db.session.execute(select(StatusUpdate.period, StatusUpdate.late)).all())
        assert late == {"2026-02": True, "2026-03": False, "2026-10": True, "2026-11": False}


def test_the_preview_names_what_is_new_and_each_change_at_its_row(app, client, login_as, csrf):
    login_as(Role.ADMIN)
    with app.app_context():
        assert imported(app, xlsx(plan())).ok
    sheets = plan(organisations=[["SOC", "Social", "Förvaltning"], ["BUF", "Barn", "Förvaltning"],
                                 ["KS", "Kommunstyrelsen", "Förvaltning"]])  # fmt: skip
    html = _post(client, csrf, "/import", xlsx(sheets)).get_data(as_text=True)
    assert "<dt>Organisationer</dt><dd>KS</dd>" in html
    assert "<td>Organisationer</td><td>3</td><td>BUF</td><td>Namn</td>" in html
    bad = plan(organisations=[["BUF", "B", "Okänd"], ["KS", "K", "Förvaltning"]])
    html = _post(client, csrf, "/import", xlsx(bad)).get_data(as_text=True)
    assert "import-counts" not in html and "<dd>KS</dd>" not in html
    assert "Inget skrivs" in html or "Nothing is written" in html


def _sized(improvements, prefix, title="Åtgärd"):
    """A plan of ``improvements`` improvements over a fifth as many areas, each improvement
    reported and each area assessed for two months, and their owners; every key begins with
    ``prefix``."""
    owners = [f"{prefix}{i}@example.se" for i in range(max(2, improvements // 4))]
    areas = [f"{prefix}{a}" for a in range(max(1, improvements // 5))]
    codes = [f"{areas[i % len(areas)]}-{i}" for i in range(improvements)]
    assessments = [
        [code, f"2026-{m:02d}", owners[a % len(owners)], "Gul", "Ok.", None, None]
        for a, code in enumerate(areas)
        for m in (2, 3)
    ]
    return xlsx(
        {
            **plan(
                people=[[e, f"Person {e}", "Ledamot i KLG", "BUF"] for e in owners],
                areas=[
                    [code, f"Område {code}", owners[a % len(owners)], "BUF, SOC", date(2026, 1, 1)]
                    for a, code in enumerate(areas)
                ],
                improvements=[
                    [
                        code,
                        areas[i % len(areas)],
                        f"{title} {i}",
                        owners[i % len(owners)],
                        date(2026, 2, 1),
                        date(2026, 12, 31),
                        "Pågår",
                        date(2026, 1, 1),
                    ]
                    for i, code in enumerate(codes)
                ],
                updates=[
                    [code, f"2026-{m:02d}", "Grön", 10 * m, "Ok."] for code in codes for m in (2, 3)
                ],
            ),
            ASSESSED: assessments,
        },
        ASSESSMENT_HEADERS,
    )


def test_the_queries_of_an_import_do_not_grow_with_its_rows(app, count_queries):
    """Every row's key is looked up in an index read once: what grows with the rows is what
    is written, never what is read."""

    def statements(content):
        with count_queries() as counted:
            preview = imported(app, content)
        assert preview.ok, where(preview)
        return counted.statements

    def reads(found):
        return sum(s.lstrip().upper().startswith("SELECT") for s in found)

    with app.app_context():
        assert imported(app, xlsx(plan())).ok  # every table holds rows: each is read
        small, large = _sized(5, "S"), _sized(40, "L")
        assert reads(statements(small)) == reads(statements(large))
        # Again: every row is unchanged, and nothing is written.
        assert len(statements(small)) == len(statements(large))
        # Every title changed: the changes are written, and still no row is read alone.
        assert reads(statements(_sized(5, "S", "Ny"))) == reads(statements(_sized(40, "L", "Ny")))


ASSESSED = "Områdesbedömningar"
ASSESSMENT_HEADERS = {
    **HEADERS,
    ASSESSED: ["Område", "Period", "Bedömd av", "Status", "Kommentar", "Bedömd för", "Sen"],
}


def assessed(rows, **plan_rows):
    """The small plan with its area assessments."""
    return xlsx({**plan(**plan_rows), ASSESSED: rows}, ASSESSMENT_HEADERS)


def assessments():
    return {
        (a.area.code, a.period, a.person.email): (
            a.status,
            a.comment,
            a.organisation.code if a.organisation else None,
            a.late,
        )
        for a in db.session.scalars(select(AreaAssessment))
    }


def test_an_assessment_fills_only_an_area_month_and_owner_without_one(app):
    with app.app_context():
        rows = [
            ["SO1", "2026-02", "anna@example.se", "Grön", "Bra start.", "", ""],
            ["SO1", "2026-10", "ANNA@example.se ", "gul", "", "SOC", "Nej"],
            ["SO1", "2026-11", "anna@example.se", "Avvikelse", "", "", ""],
        ]
        preview = imported(app, assessed(rows))
        assert preview.ok, where(preview)
        assert preview.sheets[5].name == ASSESSED
        assert preview.sheets[5].created == [
            "SO1 2026-02 anna@example.se",
            "SO1 2026-10 anna@example.se",
            "SO1 2026-11 anna@example.se",
        ]
        # Counted for the assessor's organisation unless told; late if after the deadline.
        assert assessments() == {
            ("SO1", "2026-02", "anna@example.se"): (Status.ON_TRACK, "Bra start.", "BUF", True),
            ("SO1", "2026-10", "anna@example.se"): (Status.AT_RISK, "", "SOC", False),
            ("SO1", "2026-11", "anna@example.se"): (Status.OFF_TRACK, "", "BUF", False),
        }
        same = imported(app, assessed(rows))
        assert same.ok and same.notes == [] and same.sheets[5].created == []
        assert len(same.sheets[5].unchanged) == 3
        other = [["SO1", "2026-02", "anna@example.se", "Röd", "Sämre.", "", ""], *rows[1:]]
        preview = imported(app, assessed(other))
        assert preview.ok and preview.sheets[5].created == []
        [note] = [(n.sheet, n.row, n.column, str(n.message)) for n in preview.notes]
        assert note == (
            ASSESSED,
            2,
            "",
            "SO1 2026-02 anna@example.se har redan en bedömning med annat innehåll "
            "(Status, Kommentar): den lämnades som den är.",
        )
        assert assessments()[("SO1", "2026-02", "anna@example.se")][:2] == (
            Status.ON_TRACK,
            "Bra start.",
        )


ASSESSMENT_ERRORS = {
    (ASSESSED, 2, "Område"): "There is no strategic area with the code SO9.",
    (ASSESSED, 3, "Bedömd av"): "There is no person with the email nobody@example.se.",
    (ASSESSED, 4, "Bedömd av"): "Olle Ek did not lead or co-own SO1 in 2026-02: only the area's owners assess it.",
    (ASSESSED, 5, "Period"): "SO1 is not due an assessment for 2025-11.",
    (ASSESSED, 6, "Status"): "Blå is not one of: Enligt plan, Risk för avvikelse, Avvikelse.",
    (ASSESSED, 7, "Bedömd för"): "There is no organisation with the code XYZ.",
    (ASSESSED, 8, "Område"): "SO2 has errors at row 3 of the sheet Områden.",
    (ASSESSED, 9, "Bedömd av"): "This field is required.",
}  # fmt: skip


def test_every_assessment_error_is_named_at_its_sheet_row_and_column(app):
    with app.app_context():
        history = count(AuditEvent)
        areas = [
            ["SO1", "Attraktiv arbetsgivare", "anna@example.se", "BUF", date(2026, 1, 1)],
            ["SO2", "Hållbar ekonomi", "nobody@example.se", "", date(2026, 1, 1)],
        ]
        rows = [
            ["SO9", "2026-02", "anna@example.se", "Grön", "", "", ""],
            ["SO1", "2026-02", "nobody@example.se", "Grön", "", "", ""],
            ["SO1", "2026-02", "olle@example.se", "Grön", "", "", ""],
            ["SO1", "2025-11", "anna@example.se", "Grön", "", "", ""],
            ["SO1", "2026-03", "anna@example.se", "Blå", "", "", ""],
            ["SO1", "2026-04", "anna@example.se", "Grön", "", "XYZ", ""],
            ["SO2", "2026-02", "anna@example.se", "Grön", "", "", ""],
            ["SO1", "2026-05", "", "Grön", "", "", ""],
        ]
        preview = imported(app, assessed(rows, areas=areas))
        found = {
            place: message for place, message in where(preview).items() if place[0] == ASSESSED
        }
        assert found == ASSESSMENT_ERRORS
        assert count(AreaAssessment) == count(StrategicArea) == count(Organisation) == 0
        assert count(AuditEvent) == history


def test_an_assessor_led_or_co_owned_the_area_that_month_or_does_now(app, monkeypatch):
    with app.app_context():
        assert imported(app, xlsx(plan())).ok
        pin_today(monkeypatch, date(2026, 6, 15))  # Olle leads SO1 from this day
        moved = [["SO1", "Attraktiv arbetsgivare", "olle@example.se", "BUF, SOC", date(2026, 1, 1)]]
        assert imported(app, xlsx(plan(areas=moved))).ok
        rows = [
            ["SO1", "2026-02", "anna@example.se", "Grön", "", "", ""],  # led it then
            ["SO1", "2026-02", "olle@example.se", "Gul", "", "", ""],  # leads it now
            ["SO1", "2026-08", "anna@example.se", "Grön", "", "", ""],  # neither
        ]
        preview = imported(app, assessed(rows, areas=moved))
        assert where(preview) == {
            (ASSESSED, 4, "Bedömd av"): "Anna Berg did not lead or co-own SO1 in 2026-08: only "
            "the area's owners assess it."
        }
        assert count(AreaAssessment) == 0
        assert imported(app, assessed(rows[:2], areas=moved)).ok
        assert set(assessments()) == {
            ("SO1", "2026-02", "anna@example.se"),
            ("SO1", "2026-02", "olle@example.se"),
        }


def test_only_an_admin_imports_an_assessment(app, factory):
    member = factory.person(role=Role.MEMBER)
    area = factory.area(member)
    with app.app_context():
        area, member = db.session.get(StrategicArea, area.id), db.session.get(Person, member.id)
        with pytest.raises(NotAllowed):
            updates.import_assessment(
                db.session,
                area,
                "2026-10",
                {"status": Status.ON_TRACK},
                member,
                assessor=member,
                today=date(2026, 11, 20),
                deadline_day=10,
            )


def test_a_report_without_its_improvement_says_the_cell_is_required(app):
    with app.app_context():
        preview = imported(app, xlsx(plan(updates=[[None, "2026-02", "Grön", 10, "Ok."]])))
        assert where(preview) == {("Uppföljning", 2, "Åtgärd"): "This field is required."}
        assert count(Improvement) == 0


def test_an_import_and_a_page_save_that_began_first_lock_in_the_same_order(app):
    """A page's save locks its area, then the people who hold it (validate.holders); an
    import's index locks the areas before the people, so the one waits for the other instead
    of each holding what the other waits for (PostgreSQL would end one: deadlock detected)."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("row locks: PostgreSQL")
        imported(app, xlsx(plan()))
    outcome = {}
    page_has_area = threading.Event()

    def page():
        with app.app_context():
            area = db.session.scalar(select(StrategicArea))
            db.session.refresh(area, with_for_update=True)  # audit.locked
            page_has_area.set()
            time.sleep(1.0)  # the import has locked what comes before the areas, if anything
            try:
                validate.holders(Errors(), db.session, "lead", [area.lead])
                outcome["page"] = "saved"
            except Exception as error:
                outcome["page"] = type(error).__name__
            db.session.rollback()

    def importing():
        page_has_area.wait(5)
        with app.app_context():
            try:
                with keys.indexed(db.session):
                    outcome["import"] = "indexed"
            except Exception as error:
                outcome["import"] = type(error).__name__
            db.session.rollback()

    together(page, importing)
    assert outcome == {"page": "saved", "import": "indexed"}


def _changes_meanwhile(app, column, value):
    """Whether another connection can change the row whose ``column`` (its key) is ``value``
    at once (a second's wait at most)."""
    engine = db.engine
    outcome = {}

    def change():
        with engine.connect() as other:
            other.execute(text("SET lock_timeout = '1s'"))
            try:
                other.execute(
                    sql_update(column.class_).where(column == value).values({column.key: column})
                )
                outcome["changed"] = True
            except Exception as error:
                outcome["changed"] = type(error).__name__
            other.rollback()

    together(change)
    return outcome["changed"]


def test_an_import_locks_only_what_its_sheets_may_change(app):
    """A workbook of monthly updates locks no person, area or improvement while it is previewed
    (a sign-in or a save elsewhere does not wait); a workbook of areas locks the areas, and
    the people who would hold them only against a change."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("row locks: PostgreSQL")
        imported(app, xlsx(plan()))
        updates_only = {"Uppföljning": [["SO1-01", "2026-03", "Grön", 10, "Mars."]]}
        book = pw.read(io.BytesIO(xlsx(updates_only)), "plan.xlsx", pw.Limits())
        assert pw.run(db.session, book, admin(app), today=date(2026, 11, 20), deadline_day=10).ok
        assert _changes_meanwhile(app, Person.email, "anna@example.se") is True
        assert _changes_meanwhile(app, Improvement.code, "SO1-01") is True
        db.session.rollback()

        areas_only = {"Områden": plan()["Områden"]}
        book = pw.read(io.BytesIO(xlsx(areas_only)), "plan.xlsx", pw.Limits())
        assert pw.run(db.session, book, admin(app), today=date(2026, 11, 20), deadline_day=10).ok
        assert _changes_meanwhile(app, StrategicArea.code, "SO1") == "OperationalError"
        assert _changes_meanwhile(app, Person.email, "anna@example.se") == "OperationalError"
        assert _changes_meanwhile(app, Improvement.code, "SO1-01") is True
        db.session.rollback()


def test_a_code_stored_by_someone_else_meanwhile_refuses_the_import_clearly(
    app, client, monkeypatch
):
    """The index reads the portfolio once: an organisation another admin adds with the same
    code while the file is imported makes the import's own row clash (the database refuses
    it). Nothing is imported, and the answer says why (409), not an error page."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("two writers at once: PostgreSQL (SQLite lets one writer in at a time)")
        secret = _admin_token(app)
        engine = db.engine
    read_once = keys.Index.__init__

    def then_someone_adds_buf(index, session, locks=keys.EVERY):
        read_once(index, session, locks)

        def add():
            with engine.begin() as other:
                other.execute(Organisation.__table__.insert().values(
                    code="BUF", name="Barn", kind="department", archived=False, version=1
                ))  # fmt: skip

        together(add)

    monkeypatch.setattr(keys.Index, "__init__", then_someone_adds_buf)
    response = client.post(
        "/api/v1/import",
        data={"file": (io.BytesIO(xlsx(plan())), "plan.xlsx")},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 409, response.get_data(as_text=True)
    assert "meanwhile" in response.get_json()["detail"]
    monkeypatch.undo()
    with app.app_context():
        assert count(Organisation) == 1  # the other admin's, and nothing of the file's
        assert count(Person) == 1  # the importing admin


def test_a_limit_is_written_in_whole_or_tenth_megabytes_as_the_reader_writes_numbers(app):
    with app.app_context():
        for locale, expected in (("sv", "19,1"), ("en", "19.1")):
            with force_locale(locale):
                assert pw.megabytes(20_000_000) == expected
                assert pw.megabytes(10 * 1024 * 1024) == "10"
