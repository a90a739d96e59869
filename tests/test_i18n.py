"""Swedish first, English complete: catalogues, the switch and locale formats."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from tracker.extensions import db
from tracker.models import Person, Role

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "tracker" / "translations"


def _catalogue(locale):
    with open(CATALOGUES / locale / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=locale)


def test_the_swedish_catalogue_translates_every_string(tmp_path):
    """Extract the strings afresh: each one is in the Swedish catalogue with a translation."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "--no-location", "--omit-header",
         "--ignore-dirs=.* node_modules", "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with open(pot, "rb") as f:
        extracted = {(m.id, m.context) for m in read_po(f) if m.id}
    swedish = _catalogue("sv")
    # A catalogue whose header is marked fuzzy is silently not compiled at all.
    assert not swedish.fuzzy and not _catalogue("en").fuzzy
    missing = sorted(
        str(i) for i, context in extracted
        if swedish.get(i, context) is None or not swedish.get(i, context).string
    )  # fmt: skip
    assert missing == [], "untranslated: " + "; ".join(map(str, missing[:20]))
    fuzzy = [m.id for m in swedish if m.id and m.fuzzy]
    assert fuzzy == []
    assert len(extracted) > 100


def test_pages_are_swedish_by_default_and_switch_to_english(client, csrf):
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="sv">' in html and "Logga in" in html
    response = client.post(
        "/language", data={"locale": "en", "next": "/login", "csrf_token": csrf()}
    )
    assert response.headers["Location"] == "/login"
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in html and "Sign in" in html
    # An unknown language changes nothing.
    client.post("/language", data={"locale": "xx", "csrf_token": csrf()})
    assert '<html lang="en">' in client.get("/login").get_data(as_text=True)


def test_a_signed_in_persons_choice_is_remembered_on_their_profile(app, client, csrf, login_as):
    person = login_as(Role.MEMBER)
    client.post("/language", data={"locale": "en", "csrf_token": csrf("/profile")})
    with app.app_context():
        assert db.session.get(Person, person.id).locale == "en"
    # A new browser session: the person's choice still holds once signed in.
    client.delete_cookie("session")
    login_as(person=person)
    assert "Your profile" in client.get("/profile").get_data(as_text=True)


def test_dates_and_periods_follow_the_locale(app):
    from flask_babel import force_locale

    from tracker.i18n import format_period

    with app.test_request_context():
        with force_locale("sv"):
            assert format_period("2026-10") == "oktober 2026"
        with force_locale("en"):
            assert format_period("2026-10") == "October 2026"
