"""The ownership map flags each case on crafted data, and nothing on a clean portfolio."""

from datetime import date

from tests.conftest import csrf_token_from
from tracker.extensions import db
from tracker.models import ImprovementState, OrganisationKind, Person, Role
from tracker.services import ownership

TODAY = date(2026, 11, 15)


def flags(app):
    with app.app_context():
        result = ownership.build(db.session, TODAY)
        return sorted(
            (f.kind, getattr(f.subject, "code", None) or f.subject.email) for f in result.flags
        )


def clean(factory):
    dep = factory.org(code="BUF")
    com = factory.org(code="SBO", kind=OrganisationKind.COMPANY)
    lead = factory.person(org=dep, email="lead@example.se")
    co = factory.person(org=com, email="co@example.se")
    admin = factory.person(role=Role.ADMIN, org=dep, email="admin@example.se")
    factory.person(role=Role.POLITICIAN, email="politiker@example.se")
    area = factory.area(lead, code="SO1", co_owners=[co], organisations=[dep, com])
    factory.improvement(area, co, code="SO1-01", due=date(2027, 1, 31))
    factory.improvement(
        area, lead, code="SO1-02", due=date(2026, 1, 31), state=ImprovementState.DONE
    )
    return dep, com, lead, co, admin


def test_a_clean_portfolio_has_no_flags(app, factory):
    clean(factory)
    assert flags(app) == []


def test_each_case_is_flagged(app, factory):
    dep, com, lead, _co, _admin = clean(factory)
    # An area owned within a single organisation only.
    lonely = factory.person(org=dep, email="lonely@example.se")
    area = factory.area(lead, code="SO2", co_owners=[lonely])
    # A group member who carries nothing.
    factory.person(org=com, email="idle@example.se")
    # An improvement past its due date and still to do: overdue by the one rule (models.
    # is_overdue), as everywhere else; paused and cancelled ones are not.
    factory.improvement(
        area, lonely, code="SO2-01", due=date(2026, 10, 31), state=ImprovementState.ONGOING
    )
    factory.improvement(
        area, lonely, code="SO2-04", due=date(2026, 10, 31), state=ImprovementState.PAUSED
    )
    factory.improvement(
        area, lonely, code="SO2-02", due=date(2026, 10, 31), state=ImprovementState.CANCELLED
    )
    # An improvement without an active owner, whose owner has been deactivated.
    gone = factory.person(org=com, email="gone@example.se")
    factory.improvement(area, gone, code="SO2-03", due=date(2027, 6, 30))
    with app.app_context():
        db.session.get(Person, gone.id).active = False
        db.session.commit()
    assert flags(app) == [
        ("idle_member", "idle@example.se"),
        ("inactive_owner", "gone@example.se"),
        ("overdue", "SO2-01"),
        ("ownerless", "SO2-03"),
        ("single_org_area", "SO2"),
    ]


def test_the_map_page_shows_the_flags_with_a_way_to_act(app, client, factory, login_as):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    _dep, com, _lead, _co, _admin = clean(factory)
    factory.person(org=com, email="idle@example.se", name="Ida Idle")
    login_as(Role.MEMBER, org=com)
    html = client.get("/ownership").get_data(as_text=True)
    assert "Ida Idle carries no strategic area or improvement." in html
    assert "L C B" not in html  # the lead's and the co-owner's organisations differ
    assert "Strategic areas and organisations" in html


def test_the_map_says_its_marks_in_words_and_names_every_organisation(
    app, factory, login_as, client
):
    dep, com, _lead, _co, admin = clean(factory)
    login_as(person=admin)
    html = client.get("/ownership").get_data(as_text=True)
    # Swedish words, no letters to decode.
    for words in ("Huvudansvarig", "Medansvarig", "Bidrar", "Ansvarig för 1 åtgärd", "1 åtgärd"):
        assert words in html, words
    assert '<span class="mark">L</span>' not in html and ">Ä1<" not in html
    # Every organisation's abbreviation has its name, in the cells' heads and in a key.
    with app.app_context():
        names = {o.code: o.name for o in (db.session.merge(dep), db.session.merge(com))}
    for code, name in names.items():
        assert f'<abbr title="{name}">{code}</abbr>' in html
        assert f"<dt>{code}</dt><dd>{name}</dd>" in html
    client.post("/language", data={"locale": "en", "csrf_token": csrf_token_from(html)})
    html = client.get("/ownership").get_data(as_text=True)
    for words in ("Lead owner", "Co-owner", "Contributing", "Owns 1 improvement"):
        assert words in html, words


def test_the_first_address_of_the_map_leads_to_it(client, factory, login_as):
    login_as(Role.MEMBER)
    response = client.get("/map")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/ownership")
