"""Sessions in a real browser: after sign-out, Back does not show a signed-in page from the
browser's back/forward cache (Playwright turns that cache off by default; this test turns it on
again, as an ordinary browser has it)."""

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, sign_in_by_keyboard
from tests.conftest import PASSWORD
from tracker.models import Role

pytestmark = pytest.mark.browser


def test_back_after_sign_out_does_not_show_the_page_with_its_personal_data(
    browser, live_server, factory
):
    admin = factory.person(role=Role.ADMIN, name="Karin Lind")
    factory.person(role=Role.MEMBER, name="Per Holm")
    # A second browser from the suite's Playwright, with the cache an ordinary browser has.
    ordinary = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    try:
        page = ordinary.new_page(base_url=live_server.url, locale="sv-SE")
        page.set_default_timeout(30_000)
        sign_in_by_keyboard(page, admin.email, PASSWORD)
        page.goto("/people")
        assert page.get_by_text("Per Holm").count() == 1
        with page.expect_navigation():
            page.locator("form[action$='/logout'] button").click()
        assert "/login" in page.url
        page.go_back(wait_until="commit")
        page.wait_for_url("**/login?next=*")
        assert page.get_by_text("Per Holm").count() == 0
        assert page.locator("form[action$='/logout']").count() == 0
        page.wait_for_load_state("networkidle")  # no request left open when the server stops
        page.close()
    finally:
        ordinary.close()
