"""Sign-in links in a real browser: an admin invites a new member, the member opens the emailed
link, chooses a password the policy accepts and is signed in; the pages pass axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import ARTIFACTS, axe_violations, sign_in_by_keyboard
from tests.conftest import PASSWORD
from tests.worlds import FakeSMTP
from tracker.models import Role

pytestmark = pytest.mark.browser

NEW_PASSWORD = "tranbär-kanot-fönster-glädje"


def test_an_invited_member_chooses_a_password_and_signs_in(
    app, browser, live_server, page, factory, monkeypatch
):
    app.config.update(MAIL_SERVER="mail.example.se", BASE_URL=live_server.url)
    FakeSMTP.sent = []
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    admin = factory.person(role=Role.ADMIN, name="Karin Lind")
    sign_in_by_keyboard(page, admin.email, PASSWORD)

    page.goto("/people/new")
    page.get_by_label("Namn", exact=True).fill("Elin Åberg")
    page.get_by_label("E-post").fill("elin@example.se")
    expect(page.get_by_label("Skicka en inbjudan")).to_be_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").press("Enter")
    expect(page.locator(".flash")).to_contain_text("En inbjudan skickades till elin@example.se")
    expect(page.locator("#invitation-title")).to_have_text("Inbjudan")
    expect(page.get_by_text("Skickad med e-post")).to_have_count(1)
    assert axe_violations(page) == []

    (email,) = FakeSMTP.sent
    assert email["To"] == "elin@example.se"
    link = re.search(r"http://\S+/password/\S+", email.get_content()).group(0)

    member = browser.new_context(base_url=live_server.url, locale="sv-SE")
    try:
        own = member.new_page()
        own.set_default_timeout(30_000)
        own.goto(link)
        expect(own.locator("h1")).to_have_text("Välkommen, Elin Åberg")
        assert axe_violations(own) == []
        # A password the policy refuses first: the message at the field, nothing used.
        _choose(own, "elin12345678")
        expect(own.locator("#password[aria-invalid=true]")).to_have_count(1)
        assert axe_violations(own) == []
        _choose(own, NEW_PASSWORD)
        expect(own.locator(".flash")).to_contain_text("Ditt lösenord är sparat")
        expect(own.locator(".header-user")).to_have_text("Elin Åberg")
        own.screenshot(path=str(ARTIFACTS / "invitation_accepted.png"), full_page=False)
        # The link worked once; the password works from now on.
        own.goto(link)
        expect(own.locator("h1")).to_have_text("Länken fungerar inte")
        assert axe_violations(own) == []
        member.clear_cookies()
        sign_in_by_keyboard(own, "elin@example.se", NEW_PASSWORD)
        expect(own.locator(".header-user")).to_have_text("Elin Åberg")
        own.wait_for_load_state("networkidle")
        own.close()
    finally:
        member.close()

    # The admin sees it accepted.
    page.reload()
    invitation = page.locator("section[aria-labelledby=invitation-title]")
    expect(invitation).to_contain_text("Accepterad")
    expect(page.get_by_role("button", name="Skicka igen")).to_have_count(0)
    assert axe_violations(page) == []


def _choose(page, password):
    """Type the password twice on a link's page and press Enter on its button."""
    page.get_by_label("Lösenord", exact=True).fill(password)
    page.get_by_label("Upprepa lösenordet").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Spara lösenordet och logga in").press("Enter")


def _gap(page, button, link):
    """The space in pixels between a form's button and the link under it."""
    above = page.get_by_role("button", name=button).bounding_box()
    below = page.get_by_role("link", name=link).bounding_box()
    return below["y"] - (above["y"] + above["height"])


def test_the_forgot_password_page_by_keyboard(app, page, factory):
    factory.person(email="maja@example.se")
    page.goto("/login")
    assert _gap(page, "Logga in", "Glömt lösenordet?") >= 16
    page.get_by_role("link", name="Glömt lösenordet?").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Glömt lösenordet?")
    assert _gap(page, "Skicka länken", "Tillbaka till inloggningen") >= 16
    assert axe_violations(page) == []
    page.get_by_label("E-post").focus()
    page.keyboard.type("maja@example.se")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".flash")).to_contain_text("Om adressen finns hos oss")
    assert axe_violations(page) == []


def test_a_link_passed_on_by_hand_and_a_sign_in_link_by_keyboard(app, page, factory, runner):
    app.config["MAIL_SERVER"] = None
    admin = factory.person(role=Role.ADMIN, name="Karin Lind")
    factory.person(email="tomas@example.se", name="Tomas Wikström", password=None)
    sign_in_by_keyboard(page, admin.email, PASSWORD)
    page.goto("/people")
    with page.expect_navigation():
        page.get_by_role("link", name="Tomas Wikström").click()
    person_page = page.url
    expect(page.get_by_text("Inte inbjuden än.")).to_have_count(1)
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka en inbjudan").press("Enter")
    link = page.locator("#invitation-link").inner_text()
    assert "/password/" in link
    page.get_by_role("button", name="Kopiera länken").click()
    expect(page.locator("#invitation-copy-status")).not_to_be_empty()
    assert axe_violations(page) == []
    page.goto(person_page)  # shown once
    assert link not in page.content()
    expect(page.get_by_text("för att lämnas över själv")).to_have_count(1)
    # A sign-in link from the command line: a page with one button.
    result = runner.invoke(args=["users", "login-link", "tomas@example.se"])
    path = result.output.strip().splitlines()[-1].split(app.config["BASE_URL"], 1)[1]
    assert path.startswith("/login/link/")
    page.context.clear_cookies()
    page.goto(path)
    button = page.get_by_role("button", name="Logga in som Tomas Wikström")
    assert axe_violations(page) == []
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".header-user")).to_have_text("Tomas Wikström")


def test_a_reset_link_works_once_and_ends_another_open_session(
    app, browser, live_server, page, factory, monkeypatch
):
    """Maja is signed in at her desk; on her phone she asks for a new password, opens the
    emailed link and chooses one: the desk's session has ended, and the link works no more."""
    app.config.update(MAIL_SERVER="mail.example.se", BASE_URL=live_server.url)
    FakeSMTP.sent = []
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    factory.person(email="maja@example.se", name="Maja Sundberg")
    sign_in_by_keyboard(page, "maja@example.se", PASSWORD)
    expect(page.locator(".header-user")).to_have_text("Maja Sundberg")

    phone = browser.new_context(base_url=live_server.url, locale="sv-SE")
    try:
        other = phone.new_page()
        other.set_default_timeout(30_000)
        other.goto("/password/forgot")
        other.get_by_label("E-post").fill("maja@example.se")
        with other.expect_navigation():
            other.get_by_role("button", name="Skicka länken").press("Enter")
        (email,) = FakeSMTP.sent
        link = re.search(r"http://\S+/password/\S+", email.get_content()).group(0)
        other.goto(link)
        expect(other.locator("h1")).to_have_text("Välj ett nytt lösenord")
        assert axe_violations(other) == []
        _choose(other, NEW_PASSWORD)
        expect(other.locator(".header-user")).to_have_text("Maja Sundberg")
        other.goto(link)
        expect(other.locator("h1")).to_have_text("Länken fungerar inte")
    finally:
        phone.close()

    page.goto("/profile")
    expect(page).to_have_url(re.compile(r"/login"))
    sign_in_by_keyboard(page, "maja@example.se", NEW_PASSWORD)
    expect(page.locator(".header-user")).to_have_text("Maja Sundberg")
