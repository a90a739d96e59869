"""People through the pages: a deactivated person keeps their history and cannot sign in."""

import re

from tests.conftest import improvement_by_code, person_by_email, post
from tracker.extensions import db
from tracker.models import Person, Role


def test_a_deactivated_person_keeps_their_history_and_cannot_sign_in(
    app, client, csrf, login_as, one_improvement
):
    login_as(person=one_improvement["admin"])
    assert post(client, csrf, f"/people/{one_improvement['co'].id}/active", {}).status_code == 302
    with app.app_context():
        assert db.session.get(Person, one_improvement["co"].id).active is False
        assert improvement_by_code("SO1-01").owner_id == one_improvement["co"].id
    client.post("/logout", data={"csrf_token": csrf("/profile")})
    from tests.conftest import PASSWORD

    client.post(
        "/login", data={"email": "co@example.se", "password": PASSWORD, "csrf_token": csrf()}
    )
    assert client.get("/profile").status_code == 302


def test_admins_see_how_each_person_signs_in_and_when_they_last_did(
    app, client, csrf, login_as, factory, clock, count_queries
):
    """The people list tells an admin who has a password, single sign-on, an open invitation
    or no way in yet, and when each last signed in; a member sees none of it."""
    from datetime import timedelta

    from tests.conftest import CLOCK_START
    from tracker.models import SignInLink

    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    factory.person(name="Sigrid Sso", password=None, external_id="sub-1")
    invited = factory.person(name="Ingrid Invited", password=None)
    factory.person(name="Ulf Unlinked", password=None)
    member = factory.person(name="Maja Member")
    with app.app_context():
        db.session.add_all(
            [
                # An older invitation used up, the newest open for a week.
                SignInLink(
                    person_id=invited.id,
                    purpose="invitation",
                    token_hash="a" * 64,
                    expires_at=CLOCK_START + timedelta(days=1),
                    used_at=CLOCK_START,
                ),
                SignInLink(
                    person_id=invited.id,
                    purpose="invitation",
                    token_hash="b" * 64,
                    expires_at=CLOCK_START + timedelta(days=7),
                ),
            ]
        )
        db.session.commit()
    admin = login_as(Role.ADMIN, name="Anna Admin")
    with app.app_context():
        assert person_by_email(admin.email).last_signed_in_at == CLOCK_START

    def rows():
        page = client.get("/people").get_data(as_text=True)
        return {
            " ".join(re.sub(r"<[^>]+>", " ", row).split())
            for row in re.findall(r"<tr.*?</tr>", page, re.S)
        }

    seen = rows()
    assert any(r.startswith("Sigrid Sso") and "single sign-on Never" in r for r in seen), seen
    assert any(r.startswith("Ingrid Invited") and "invited, until" in r for r in seen), seen
    assert any(r.startswith("Ulf Unlinked") and "no way yet Never" in r for r in seen), seen
    assert any(
        r.startswith("Anna Admin") and r.endswith("password 2026-11-05 09:00") for r in seen
    ), seen
    with count_queries() as few:
        client.get("/people")
    for n in range(5):
        factory.person(name=f"Extra {n}", password=None, external_id=f"sub-extra-{n}")
    with count_queries() as many:
        client.get("/people")
    assert many.count == few.count

    client.post("/logout", data={"csrf_token": csrf("/profile")})
    login_as(person=member)
    page = client.get("/people").get_data(as_text=True)
    assert "Sigrid Sso" in page and "Signs in with" not in page and "Last signed in" not in page


def test_the_people_list_shows_an_open_invitation_only_for_an_active_person(
    app, client, login_as, factory, clock
):
    """A deactivated person's links never work: the list does not call them invited, even
    for a link left open from before deactivation ended open links."""
    from datetime import timedelta

    from tests.conftest import CLOCK_START
    from tracker.models import SignInLink

    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(Role.ADMIN)
    invited = factory.person(name="Ingrid Invited", password=None)
    gone = factory.person(name="Gone Person", password=None)
    with app.app_context():
        for person in (invited, gone):
            db.session.add(
                SignInLink(
                    person_id=person.id,
                    purpose="invitation",
                    token_hash=f"{person.id:064d}",
                    expires_at=CLOCK_START + timedelta(days=7),
                )
            )
        db.session.get(Person, gone.id).active = False
        db.session.commit()
    page = client.get("/people").get_data(as_text=True)
    rows = {
        name: " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr.*?</tr>", page, re.S)
        for name in ("Ingrid Invited", "Gone Person")
        if name in row
    }
    assert "invited, until" in rows["Ingrid Invited"], rows
    assert "invited" not in rows["Gone Person"], rows
