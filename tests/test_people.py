"""People through the pages: a deactivated person keeps their history and cannot sign in."""

from tests.conftest import improvement_by_code, post
from tracker.extensions import db
from tracker.models import Person


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
