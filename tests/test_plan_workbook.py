"""The plan as a workbook: the format's closed values and headers, the export of the whole
portfolio, the template, who may download them, and the command line."""

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import (
    AreaAssessment,
    Audience,
    Improvement,
    ImprovementState,
    Organisation,
    Person,
    Role,
    Status,
    StatusUpdate,
    StrategicArea,
)
from tracker.services import plan_workbook as pw

TODAY = date(2026, 11, 20)
READ = [
    (pw.STATUSES, "Enligt plan", "on_track"),
    (pw.STATUSES, "  risk för  AVVIKELSE ", "at_risk"),
    (pw.STATUSES, "Avvikelse", "off_track"),
    (pw.STATUSES, "off_track", "off_track"),
    (pw.STATUSES, "On track", "on_track"),
    (pw.STATUSES, "Grön", "on_track"),
    (pw.STATUSES, " gul", "at_risk"),
    (pw.STATUSES, "RÖD ", "off_track"),
    (pw.STATUSES, "Green", "on_track"),
    (pw.STATUSES, "amber", "at_risk"),
    (pw.STATUSES, "Red", "off_track"),
    (pw.STATUSES, "Ej rapporterad", None),
    (pw.STATUSES, "blå", None),
    (pw.STATUSES, "", None),
    (pw.STATUSES, None, None),
    (pw.STATES, "Pågår", "ongoing"),
    (pw.STATES, "CANCELLED", "cancelled"),
    (pw.STATES, " avbruten ", "cancelled"),
    (pw.STATES, "Done", "done"),
    (pw.STATES, "Klar", "done"),
    (pw.ROLES, "Ledamot i KLG", "member"),
    (pw.ROLES, "member", "member"),
    (pw.ROLES, "administratör", "admin"),
    (pw.ROLES, "Politician", "politician"),
    (pw.KINDS, "Bolag", "company"),
    (pw.KINDS, "central", "central"),
    (pw.KINDS, "Kommunledningskontor", "central"),
    (pw.KINDS, "Department", "department"),
    (pw.AUDIENCES, "Endast KLG", "group"),
    (pw.AUDIENCES, "politicians", "politicians"),
    (pw.AUDIENCES, "klg och politiken", "politicians"),
    (pw.AUDIENCES, "Affärssekretess (endast KLG)", "confidential"),
    (pw.AUDIENCES, "Commercially confidential (the group only)", "confidential"),
    (pw.YES_NO, "Ja", True),
    (pw.YES_NO, " nej", False),
    (pw.YES_NO, "Yes", True),
    (pw.YES_NO, "FALSE", False),
    (pw.YES_NO, "kanske", None),
]


@pytest.mark.parametrize(("vocabulary", "cell", "value"), READ)
def test_a_closed_value_is_read_in_swedish_english_and_by_its_name(app, vocabulary, cell, value):
    with app.app_context():
        assert vocabulary.read(cell) == value


def test_a_closed_value_is_written_as_the_swedish_word_whatever_the_language(app):
    with app.test_request_context(), force_locale("en"):
        assert pw.STATUSES.label(Status.AT_RISK) == "Risk för avvikelse"
        assert pw.STATES.label(ImprovementState.ONGOING) == "Pågår"
        assert pw.AUDIENCES.label(Audience.POLITICIANS) == "KLG och politiken"
        assert pw.YES_NO.label(False) == "Nej"
        assert pw.STATUSES.choices() == ["Enligt plan", "Risk för avvikelse", "Avvikelse"]


def test_a_header_is_found_in_swedish_or_english_whatever_the_case():
    due = pw.IMPROVEMENTS.column(" klart  SENAST ")
    assert due is not None and due.field == "due"
    assert pw.IMPROVEMENTS.column("Due") is due
    assert pw.IMPROVEMENTS.column("Contributing organisations").field == "organisations"
    assert pw.UPDATES.column("who may read the risks").field == "risks_audience"
    assert pw.IMPROVEMENTS.column("Förfallodag") is None


def test_a_sheet_is_found_by_its_swedish_or_english_name():
    assert pw.sheet_named(" uppföljning") is pw.UPDATES
    assert pw.sheet_named("IMPROVEMENTS") is pw.IMPROVEMENTS
    assert pw.sheet_named("Area  assessments") is pw.ASSESSMENTS
    assert pw.sheet_named("Läs mig") is None


def test_the_documentation_names_every_sheet_and_column():
    text = (Path(__file__).resolve().parent.parent / "docs" / "workbook.md").read_text("utf-8")
    for sheet in pw.SHEETS:
        assert f"### `{sheet.swedish}` ({sheet.english})" in text
        for column in sheet.columns:
            assert f"| {column.swedish} | {column.english} |" in text, column.swedish


def test_the_format_names_each_field_once_per_sheet():
    for sheet in pw.SHEETS:
        fields = [c.field for c in sheet.columns]
        assert len(fields) == len(set(fields)), sheet.english
        for headers in ([c.swedish for c in sheet.columns], [c.english for c in sheet.columns]):
            assert len({pw.normal(h) for h in headers}) == len(headers), sheet.english
        required = {c.field for c in sheet.columns if c.required}
        assert set(sheet.key) <= required, sheet.english


def _read(data: bytes):
    return load_workbook(io.BytesIO(data))


def _exported(app):
    with app.app_context():
        return _read(pw.saved(pw.export(db.session)))


def _table(sheet):
    """The rows of a sheet as {header: value}."""
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_demo_is_exported_whole_in_the_format(app, demo_people):
    book = _exported(app)
    assert book.sheetnames == [
        *("Organisationer", "Personer", "Områden", "Åtgärder", "Uppföljning"),
        "Områdesbedömningar",
    ]
    for sheet in pw.SHEETS:
        header = [c.value for c in book[sheet.swedish][1]]
        assert header == [c.swedish for c in sheet.columns]
        assert book[sheet.swedish][1][0].font.b and book[sheet.swedish].freeze_panes == "A2"
    with app.app_context():
        count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
        for name, model in [
            ("Organisationer", Organisation),
            ("Personer", Person),
            ("Områden", StrategicArea),
            ("Åtgärder", Improvement),
            ("Uppföljning", StatusUpdate),
            ("Områdesbedömningar", AreaAssessment),
        ]:
            assert book[name].max_row - 1 == count(model), name
        item = db.session.scalars(
            select(Improvement)
            .where(Improvement.deputy_id.is_not(None), Improvement.due.is_not(None))
            .order_by(Improvement.code)
        ).first()
        owner, deputy, due = item.owner.email, item.deputy.email, item.due
        contributing = ", ".join(o.code for o in item.organisations)
        code, area, state, organisation = item.code, item.area.code, item.state, item.organisation
        organisation = organisation.code
        update = db.session.scalars(
            select(StatusUpdate)
            .where(StatusUpdate.comment_audience == Audience.POLITICIANS, StatusUpdate.risks != "")
            .order_by(StatusUpdate.id)
        ).first()
        report = {
            "code": update.improvement.code,
            "period": update.period,
            "status": update.status,
            "progress": update.progress,
            "comment": update.comment,
            "risks": update.risks,
            "risks_audience": update.risks_audience,
            "author": update.author.email,
        }
    improvements = {row["Kod"]: row for row in _table(book["Åtgärder"])}
    row = improvements[code]
    assert row["Ansvarig"] == owner and row["Ersättare"] == deputy
    assert row["Område"] == area and row["Organisation"] == organisation
    assert (row["Medverkande organisationer"] or "") == contributing
    assert row["Läge"] == {ImprovementState.ONGOING: "Pågår"}.get(state, row["Läge"])
    assert isinstance(row["Klart senast"], datetime) and row["Klart senast"].date() == due
    assert isinstance(row["I portföljen sedan"], datetime)
    reports = [
        r
        for r in _table(book["Uppföljning"])
        if r["Åtgärd"] == report["code"] and r["Period"] == report["period"]
    ]
    assert len(reports) == 1
    (r,) = reports
    with app.app_context():
        assert r["Status"] == pw.STATUSES.label(report["status"])
        assert r["Vem får läsa riskerna"] == pw.AUDIENCES.label(report["risks_audience"])
    assert r["Framdrift (%)"] == report["progress"]
    assert r["Vad som har hänt"] == report["comment"] and r["Risker och hinder"] == report["risks"]
    assert r["Vem får läsa vad som hänt"] == "KLG och politiken"
    assert r["Rapporterad av"] == report["author"]
    # The people: the politicians too, and everyone named in the other sheets.
    emails = {p["E-post"] for p in _table(book["Personer"])}
    assert {email for email, _role, _home in demo_people.values()} <= emails
    named = {i["Ansvarig"] for i in improvements.values()} | {
        i["Ersättare"] for i in improvements.values() if i["Ersättare"]
    }
    assert named <= emails


def test_archived_and_inactive_rows_are_exported_and_say_so(app, factory):
    org = factory.org(code="BUF")
    gone = factory.person(org=org, email="gone@example.se", active=False)
    area = factory.area(gone, code="SO1", archived=True)
    factory.improvement(area, gone, code="SO1-01", archived=True, due=date(2026, 3, 1))
    book = _exported(app)
    (person,) = _table(book["Personer"])
    assert person["E-post"] == "gone@example.se" and person["Aktiv"] == "Nej"
    assert person["Roll"] == "Ledamot i KLG" and person["Organisation"] == "BUF"
    (item,) = _table(book["Åtgärder"])
    assert item["Arkiverad"] == "Ja" and item["Ansvarig"] == "gone@example.se"
    assert _table(book["Områden"])[0]["Arkiverad"] == "Ja"
    assert _table(book["Organisationer"])[0]["Arkiverad"] == "Nej"


def test_text_that_would_run_as_a_formula_is_kept_as_text(app, factory):
    org = factory.org(code="BUF")
    owner = factory.person(org=org, title="-chef")
    area = factory.area(owner, code="SO1", goal="+1")
    item = factory.improvement(area, owner, code="SO1-01", title='=HYPERLINK("http://evil")')
    factory.update(item, "2026-10", comment="@SUM(A1)", risks="\tx")
    book = _exported(app)
    assert book["Åtgärder"]["C2"].value == '\'=HYPERLINK("http://evil")'
    assert book["Åtgärder"]["C2"].data_type == "s"
    assert _table(book["Områden"])[0]["Målbild"] == "'+1"
    assert _table(book["Personer"])[0]["Titel"] == "'-chef"
    (report,) = _table(book["Uppföljning"])
    assert report["Vad som har hänt"] == "'@SUM(A1)" and report["Risker och hinder"] == "'\tx"


def test_the_export_makes_the_same_number_of_queries_whatever_the_size(app, factory, count_queries):
    factory.portfolio(areas=1, improvements_per_area=1, periods=("2026-10",))

    def queries():
        with app.app_context(), count_queries() as counter:
            pw.export(db.session)
        return counter.count

    small = queries()
    assert small <= 9  # a query a table, two for the links
    made = factory.portfolio(areas=3, improvements_per_area=4, periods=("2026-09", "2026-10"))
    for area in made.areas:
        for person in made.people:
            _assessed(app, area, person, "2026-09")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AreaAssessment)) == 6
    assert queries() == small


def _assessed(app, area, person, period, **kw):
    """An area owner's assessment, as the page saves it."""
    with app.app_context():
        fields = {"status": Status.ON_TRACK, "comment": "", "late": False}
        fields["organisation_id"] = person.organisation_id
        assessment = AreaAssessment(
            area_id=area.id, period=period, person_id=person.id, **{**fields, **kw}
        )
        db.session.add(assessment)
        db.session.commit()


def test_every_area_assessment_is_exported_with_its_assessor_and_organisation(app, factory):
    buf, soc = factory.org(code="BUF"), factory.org(code="SOC")
    lead = factory.person(org=buf, email="lead@example.se")
    co = factory.person(org=soc, email="co@example.se")
    area = factory.area(lead, code="SO1", co_owners=[co], archived=True)
    _assessed(app, area, lead, "2026-09", status=Status.AT_RISK, comment="=1+1")
    _assessed(app, area, co, "2026-09", organisation_id=buf.id, late=True)
    _assessed(app, area, lead, "2026-08", status=Status.OFF_TRACK)
    rows = _table(_exported(app)["Områdesbedömningar"])
    assert [c.swedish for c in pw.ASSESSMENTS.columns] == list(rows[0])
    assert [(r["Område"], r["Period"], r["Bedömd av"]) for r in rows] == [
        ("SO1", "2026-08", "lead@example.se"),
        ("SO1", "2026-09", "co@example.se"),
        ("SO1", "2026-09", "lead@example.se"),
    ]
    assert [(r["Status"], r["Kommentar"], r["Bedömd för"], r["Sen"]) for r in rows] == [
        ("Avvikelse", None, "BUF", "Nej"),
        ("Enligt plan", None, "BUF", "Ja"),  # counted for another organisation, as saved
        ("Risk för avvikelse", "'=1+1", "BUF", "Nej"),
    ]


def test_the_template_explains_every_column_and_lists_the_closed_values(app):
    with app.app_context():
        book = _read(pw.saved(pw.template("sv")))
        choices = {
            c.swedish: c.vocabulary.choices() for s in pw.SHEETS for c in s.columns if c.vocabulary
        }
    assert book.sheetnames == ["Läs mig", *(s.swedish for s in pw.SHEETS)]
    readme = _table(book["Läs mig"])
    explained = {(r["Blad"], r["Kolumn"]): r for r in readme}
    for sheet in pw.SHEETS:
        table = book[sheet.swedish]
        assert [c.value for c in table[1]] == [c.swedish for c in sheet.columns]
        assert table.max_row == 2  # one example row
        validations = {str(v.sqref).split(":")[0]: v for v in table.data_validations.dataValidation}
        for number, column in enumerate(sheet.columns, start=1):
            row = explained[(sheet.swedish, column.swedish)]
            assert row["Förklaring"], column.swedish
            assert (row["Krävs"] == "Ja") == column.required
            letter = table.cell(row=1, column=number).column_letter
            if column.vocabulary is None:
                assert f"{letter}2" not in validations
                continue
            listed = validations[f"{letter}2"]
            assert listed.type == "list"
            assert listed.formula1 == '"' + ",".join(choices[column.swedish]) + '"'
            assert table.cell(row=2, column=number).value in choices[column.swedish]
    assert explained[("Uppföljning", "Status")]["Innehåll"] == (
        "Ett av: Enligt plan, Risk för avvikelse, Avvikelse"
    )
    assert explained[("Områdesbedömningar", "Status")] == {
        **explained[("Uppföljning", "Status")],
        "Blad": "Områdesbedömningar",
    }
    assert explained[("Områdesbedömningar", "Bedömd av")]["Krävs"] == "Ja"
    assert explained[("Åtgärder", "Klart senast")]["Innehåll"] == (
        "Ett datum, till exempel 2026-01-31"
    )
    rules = [r["Förklaring"] for r in readme if r["Blad"] == "Alla blad"]
    assert any("kommatecken" in rule for rule in rules)
    assert any("arkiverar" in rule for rule in rules)
    assert any("saknar rapport" in rule for rule in rules)
    assert any("saknar bedömning" in rule for rule in rules)
    with app.app_context():
        english = _read(pw.saved(pw.template("en")))["Läs mig"]
    assert english["A1"].value == "Sheet"
    assert english.cell(row=2, column=5).value.startswith("Each sheet begins")


@pytest.mark.parametrize("path", ["/export.xlsx", "/import/template.xlsx"])
def test_the_group_downloads_and_nobody_else(client, login_as, csrf, factory, path):
    assert client.get(path).headers["Location"].startswith("/login?next=")
    login_as(Role.POLITICIAN)
    assert client.get(path).status_code == 403
    client.post("/logout", data={"csrf_token": csrf()})
    login_as(Role.MEMBER)
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "no-store"
    assert "Uppföljning" in _read(response.data).sheetnames


def test_the_export_is_named_by_the_day_and_linked_from_the_portfolio(client, login_as, today):
    login_as(Role.MEMBER)
    response = client.get("/export.xlsx")
    assert "portfoljen-2026-11-20.xlsx" in response.headers["Content-Disposition"]
    assert 'href="/export.xlsx"' in client.get("/portfolio").get_data(as_text=True)


def test_the_command_line_writes_a_new_file_and_never_overwrites(app, runner, factory, tmp_path):
    factory.portfolio(areas=1, improvements_per_area=2, periods=("2026-10",))
    file = tmp_path / "plan.xlsx"
    result = runner.invoke(args=["export", str(file)])
    assert result.exit_code == 0, result.output
    assert str(file) in result.output
    book = _read(file.read_bytes())
    assert book["Åtgärder"].max_row == 3 and book["Uppföljning"].max_row == 3
    before = file.read_bytes()
    result = runner.invoke(args=["export", str(file)])
    assert result.exit_code == 1
    assert "exists already" in result.output and "Traceback" not in result.output
    assert file.read_bytes() == before
    result = runner.invoke(args=["export", str(tmp_path / "no-such-folder" / "plan.xlsx")])
    assert result.exit_code == 1 and "could not be written" in result.output
