"""The plan's import in a real browser: an admin downloads the template, fills it in (here with
openpyxl), uploads it on /import by keyboard, is told how far the upload got, sees the preview,
imports it and finds the new improvement in the portfolio; the page and its preview pass axe."""

from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser import ARTIFACTS, axe_violations, sign_in_by_keyboard
from tests.conftest import PASSWORD
from tracker.models import Role

pytestmark = pytest.mark.browser

ROWS = {
    "Organisationer": {"Kod": "KSF", "Namn": "Kommunstyrelseförvaltningen", "Typ": "Förvaltning"},
    "Personer": {
        "E-post": "sara@example.se",
        "Namn": "Sara Holm",
        "Organisation": "KSF",
        "Roll": "Ledamot i KLG",
    },
    "Områden": {"Kod": "SO9", "Titel": "Hållbar ekonomi", "Huvudansvarig": "sara@example.se"},
    "Åtgärder": {
        "Kod": "SO9-01",
        "Område": "SO9",
        "Titel": "Gemensam upphandling av el",
        "Ansvarig": "sara@example.se",
        "Start": date(2026, 1, 1),
        "Klart senast": date(2026, 12, 31),
        "Läge": "Pågår",
    },
}


def _filled(template, out):
    """The template with its example rows replaced by ROWS (no monthly updates nor area
    assessments)."""
    workbook = load_workbook(template)
    for sheet in workbook.worksheets:
        if sheet.title not in {*ROWS, "Uppföljning", "Områdesbedömningar"}:
            continue
        headers = [c.value for c in sheet[1]]
        if sheet.max_row > 1:
            sheet.delete_rows(2, sheet.max_row - 1)
        row = ROWS.get(sheet.title)
        if row:
            assert set(row) <= set(headers), (sheet.title, headers)
            sheet.append([row.get(h) for h in headers])
    workbook.save(out)


def test_an_admin_imports_a_filled_template_through_the_page(page, factory, tmp_path):
    admin = factory.person(role=Role.ADMIN, name="Karin Lind")
    sign_in_by_keyboard(page, admin.email, PASSWORD)

    page.goto("/import")
    expect(page.locator("h1")).to_have_text("Importera planen")
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ned mallen (Excel)").press("Enter")
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    assert template.name.endswith(".xlsx")
    assert "Läs mig" in load_workbook(template).sheetnames
    filled = tmp_path / "planen.xlsx"
    _filled(template, filled)

    page.get_by_label("Arbetsbok").set_input_files(filled)
    page.get_by_label("Arbetsbok").focus()
    page.keyboard.press("Tab")  # to the button
    # What the page says while the file is sent and checked, as it says it.
    page.evaluate(
        """() => {
          window.said = [];
          const status = document.getElementById("import-progress-status");
          new MutationObserver(() => window.said.push(status.textContent))
            .observe(status, {childList: true, characterData: true, subtree: true});
        }"""
    )
    page.keyboard.press("Enter")
    # The preview takes the page's place, and the keyboard is at its heading.
    expect(page.locator("#preview")).to_have_text("Vad importen gör")
    expect(page.locator("#preview")).to_be_focused()
    said = page.evaluate("window.said")
    assert said[0] == "Skickar filen: 0 %."
    assert said[-1] == (
        "Filen har kommit fram. Raderna läses och kontrolleras: en stor fil tar upp till en minut."
    )
    counts = page.locator("#import-counts").locator("xpath=ancestor::table")
    expect(counts).to_contain_text("Åtgärder")
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "import_preview.png"), full_page=False)

    button = page.get_by_role("button", name="Importera", exact=True)
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".flash")).to_contain_text("4 rader importerades.")
    page.goto("/portfolio")
    expect(page.get_by_text("Gemensam upphandling av el")).to_have_count(1)


def test_a_refused_file_is_said_where_the_keyboard_is(page, factory, tmp_path):
    admin = factory.person(role=Role.ADMIN, name="Karin Lind")
    sign_in_by_keyboard(page, admin.email, PASSWORD)
    page.goto("/import")
    text = tmp_path / "planen.xlsx"
    text.write_text("Kod;Namn\nBUF;Barn\n", encoding="utf-8")
    page.get_by_label("Arbetsbok").set_input_files(text)
    page.get_by_role("button", name="Visa vad som skulle ändras").press("Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Rätta följande")
    # Again, from the answer that took the page's place: the upload still works.
    page.get_by_label("Arbetsbok").set_input_files(text)
    page.get_by_role("button", name="Visa vad som skulle ändras").press("Enter")
    expect(page.locator(".error-summary")).to_be_focused()
    assert axe_violations(page) == []


def test_an_answer_that_is_not_the_services_page_is_said(page, factory, tmp_path):
    """A proxy's own page (a gateway's 504, no <main>): the page says the service did not
    answer and the keyboard is back at the button, not reloaded to an empty form."""
    admin = factory.person(role=Role.ADMIN, name="Karin Lind")
    sign_in_by_keyboard(page, admin.email, PASSWORD)
    page.goto("/import")
    gateway = "<html><body><h1>504 Gateway Time-out</h1></body></html>"
    page.route(
        "**/import",
        lambda route: (
            route.fulfill(status=504, body=gateway, content_type="text/html")
            if route.request.method == "POST"
            else route.continue_()
        ),
    )
    text = tmp_path / "planen.xlsx"
    text.write_text("Kod;Namn\nBUF;Barn\n", encoding="utf-8")
    page.get_by_label("Arbetsbok").set_input_files(text)
    button = page.get_by_role("button", name="Visa vad som skulle ändras")
    button.press("Enter")
    expect(page.get_by_role("status")).to_have_text(
        "Tjänsten svarade inte på uppladdningen. Försök igen om en stund."
    )
    expect(button).to_be_focused()
    expect(button).to_be_enabled()


def test_a_file_over_the_limit_is_said_before_it_is_sent(app, page, factory, tmp_path):
    app.config["IMPORT_MAX_BYTES"] = 1024 * 1024  # 1 MB
    admin = factory.person(role=Role.ADMIN, name="Karin Lind")
    sign_in_by_keyboard(page, admin.email, PASSWORD)
    page.goto("/import")
    large = tmp_path / "planen.xlsx"
    large.write_bytes(b"x" * (1024 * 1024 + 1))
    posted = []
    page.on(
        "request", lambda request: posted.append(request.url) if request.method == "POST" else None
    )
    page.get_by_label("Arbetsbok").set_input_files(large)
    page.get_by_role("button", name="Visa vad som skulle ändras").press("Enter")
    expect(page.locator("#import-progress-status")).to_have_text(
        "Filen är för stor: importen läser högst 1 MB."
    )
    expect(page.get_by_label("Arbetsbok")).to_be_focused()
    assert posted == []
    assert axe_violations(page) == []
    # A smaller file is sent: here one the server refuses, and says so.
    small = tmp_path / "liten.xlsx"
    small.write_text("Kod;Namn\n", encoding="utf-8")
    page.get_by_label("Arbetsbok").set_input_files(small)
    page.get_by_role("button", name="Visa vad som skulle ändras").press("Enter")
    expect(page.locator(".error-summary")).to_be_focused()
    assert len(posted) == 1
