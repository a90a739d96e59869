"""Swedish first, English complete: catalogues, the switch and locale formats."""

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from tests.conftest import csrf_token_from
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
        str(i)
        for i, context in extracted
        if swedish.get(i, context) is None or not swedish.get(i, context).string
    )
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


def test_one_date_style_per_language(app):
    """Text: '30 sep. 2026' / '30 Sep 2026'; tables and exports: ISO; always 24-hour time."""
    from datetime import UTC, date, datetime

    from flask import render_template_string
    from flask_babel import force_locale

    day, moment = date(2026, 9, 30), datetime(2026, 9, 30, 14, 1, tzinfo=UTC)  # 16:01 in Stockholm
    template = (
        "{{ d | date }}|{{ d | date('short') }}|{{ m | datetime }}|{{ m | datetime('short') }}"
    )
    with app.test_request_context():
        with force_locale("sv"):
            got = render_template_string(template, d=day, m=moment)
            assert got == "30 sep. 2026|2026-09-30|30 sep. 2026 16:01|2026-09-30 16:01", got
        with force_locale("en"):
            got = render_template_string(template, d=day, m=moment)
            assert got == "30 Sep 2026|2026-09-30|30 Sep 2026 16:01|2026-09-30 16:01", got


# Not the one style: US dates and 12-hour times, "Sept", and a day with the month written out
# in full ("10 december 2026": text reads "10 dec. 2026"; mars, maj, juni, juli and May are
# the same either way).
MONTHS = (
    "januari februari april augusti september oktober november december "
    "January February March April June July August September October November December"
)
NOT_THE_STYLE = re.compile(
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}:\d{2}\s?[AP]M\b|\bSept\b"
    rf"|\b\d{{1,2}} (?:{'|'.join(MONTHS.split())}) \d{{4}}\b"
)


def test_no_page_of_any_role_strays_from_the_date_style_in_either_language(app, demo_people):
    from tests.pages import all_pages, publish_two_reports, sign_in

    assert NOT_THE_STYLE.search("Sista dag 10 december 2026.") and NOT_THE_STYLE.search("4:01 PM")
    assert not NOT_THE_STYLE.search("10 dec. 2026, december 2026, 2026-12-10 16:01")
    password = app.config["DEMO_PASSWORD"]
    admin = app.test_client()
    sign_in(admin, demo_people["admin"][0], password)
    publish_two_reports(admin)
    found, pages = [], 0
    for who in ("admin", "member", "politician"):
        client = admin if who == "admin" else app.test_client()
        if who != "admin":
            sign_in(client, demo_people[who][0], password)
        for locale in ("sv", "en"):
            token = csrf_token_from(client.get("/profile").get_data(as_text=True))
            client.post("/language", data={"locale": locale, "csrf_token": token})
            assert f'lang="{locale}"' in client.get("/profile").get_data(as_text=True)
            for path in all_pages(app):
                response = client.get(path)
                if response.mimetype != "text/html":
                    continue
                pages += 1
                text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
                found += [
                    f"{who} {locale} {path}: {m.group(0)}" for m in NOT_THE_STYLE.finditer(text)
                ]
    assert pages > 200
    assert found == []


def test_user_text_keeps_its_place_in_plain_text():
    from tracker.i18n import list_item, one_line

    assert one_line("  KLG\n\n oktober \r\nSubject: x ") == "KLG oktober Subject: x"
    assert one_line("Stadshuset") == "Stadshuset"
    assert one_line(None) == one_line("") == one_line(" \n ") == ""
    # A list item's further lines stay under its dash: never a line of their own.
    assert list_item("  Första raden\n\n   andra  raden \n\t- tredje\n") == (
        "Första raden\n  andra  raden\n  - tredje"
    )
    assert list_item("En rad.") == "En rad."
    assert list_item(None) == ""
