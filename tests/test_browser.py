"""The pages in a real browser: sign in by keyboard as each role, visit every page the role may
see, and let axe-core find no WCAG 2.1 A/AA violation. Also at 320 px width."""

import pytest
from playwright.sync_api import expect

from tests.browser import ARTIFACTS, axe_violations, sign_in_by_keyboard
from tests.pages import role_pages
from tracker.extensions import db
from tracker.models import Improvement, Meeting, Person, Role

pytestmark = pytest.mark.browser


@pytest.mark.rendering
@pytest.mark.parametrize("who", ["admin", "member", "politician"])
def test_each_role_signs_in_by_keyboard_and_every_page_passes_axe(app, page, demo_people, who):
    email, role, landing = demo_people[who]
    sign_in_by_keyboard(page, email, app.config["DEMO_PASSWORD"])
    assert page.url.endswith(landing), page.url

    ARTIFACTS.mkdir(exist_ok=True)
    visited = []
    for path in role_pages(app, role):
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        violations = axe_violations(page)
        assert violations == [], f"{path}: {violations}"
        name = path.replace("/", "_").replace("?", "_").replace("=", "_")
        page.screenshot(path=str(ARTIFACTS / f"{who}{name}.png"), full_page=True)
        visited.append(path)
    assert "/profile" in visited and "/accessibility" in visited
    if role == Role.POLITICIAN:
        assert page.goto("/portfolio").status == 403
        assert axe_violations(page) == []
    else:
        assert "/portfolio" in visited and "/my" in visited


def test_sign_in_page_and_errors_pass_axe(page):
    page.goto("/login")
    assert axe_violations(page) == []
    page.fill("#email", "nobody@example.se")
    page.fill("#password", "wrong-password")
    page.get_by_role("button", name="Logga in", exact=True).click()
    # expect() waits for the answer to the post: a busy machine may still be loading it.
    expect(page.get_by_role("alert")).to_have_count(1)
    assert axe_violations(page) == []
    page.fill("#email", "")
    page.fill("#password", "")
    page.get_by_role("button", name="Logga in", exact=True).click()
    expect(page.locator("#email[aria-invalid=true]")).to_have_count(1)
    assert axe_violations(page) == []
    page.goto("/no-such-page")
    assert axe_violations(page) == []


WIDER_THAN_THE_PAGE = """() => {
    const root = document.documentElement;
    const overflow = root.scrollWidth - root.clientWidth;
    if (overflow <= 0) return null;
    // Name the widest elements that stick out, to say what to fix.
    const out = [...document.body.querySelectorAll("*")]
        .filter(e => e.getBoundingClientRect().right > root.clientWidth + 0.5)
        .filter(e => !e.closest(".table-scroll"))
        .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
             + (e.className && typeof e.className === "string"
                ? "." + e.className.trim().split(/\\s+/).join(".") : ""));
    return overflow + "px: " + [...new Set(out)].slice(0, 6).join(", ");
}"""


# Long words as users write them: a Swedish compound, a meeting link, a double-barrelled name.
LONG_WORD = "Kompetensförsörjningsstrategiarbetsgruppen"
LONG_LINK = "https://teams.example.se/l/meetup-join/19%3ameeting_" + "NmQ4ZTc5" * 8


def make_texts_long(app, member_email):
    """The demo's first area, improvement, meeting and admin, and the member's own improvement,
    with long words in them; returns the member's improvement's code."""
    with app.app_context():
        first = db.session.scalars(db.select(Improvement).order_by(Improvement.code)).first()
        member = db.session.scalar(db.select(Person).filter_by(email=member_email))
        own = db.session.scalars(
            db.select(Improvement).filter_by(owner_id=member.id).order_by(Improvement.code)
        ).first()
        for item in (first, own):
            item.title = f"{LONG_WORD} för äldreomsorgen"
        first.area.title = f"Attraktiv arbetsgivare och {LONG_WORD}"
        meeting = db.session.scalars(db.select(Meeting).order_by(Meeting.date.desc())).first()
        meeting.place = LONG_LINK
        admin = db.session.scalars(db.select(Person).filter_by(role=Role.ADMIN)).first()
        admin.name = "Karin Wennerström-Håkanssonsdotter"
        db.session.commit()
        return own.code


@pytest.mark.rendering
def test_every_page_of_every_role_fits_320_px_without_sideways_scrolling(app, page, demo_people):
    from tests.pages import all_pages, publish_two_reports, sign_in

    own = make_texts_long(app, demo_people["member"][0])
    admin = app.test_client()
    sign_in(admin, demo_people["admin"][0], app.config["DEMO_PASSWORD"])
    publish_two_reports(admin)
    paths = all_pages(app)
    page.set_viewport_size({"width": 320, "height": 720})
    too_wide, measured = [], 0
    for who, locale in (
        ("signed-out", "sv"),
        ("admin", "sv"),
        ("member", "sv"),
        ("politician", "sv"),
        ("admin", "en"),
    ):
        page.context.clear_cookies()
        if who != "signed-out":
            with app.app_context():
                person = db.session.scalar(db.select(Person).filter_by(email=demo_people[who][0]))
                person.locale = locale
                db.session.commit()
            sign_in_by_keyboard(page, demo_people[who][0], app.config["DEMO_PASSWORD"])
            assert page.evaluate("document.documentElement.lang") == locale
        extra = [f"/improvements/{own}", f"/improvements/{own}/edit"] if who == "member" else []
        for path in paths + extra:
            response = page.goto(path)
            if response.url.rstrip("/").endswith("/login") and path != "/login":
                continue  # signed out: the sign-in page, measured once
            found = page.evaluate(WIDER_THAN_THE_PAGE)
            measured += 1
            if found:
                too_wide.append(f"{who} ({locale}) {path}: {found}")
    assert measured > 200
    assert too_wide == [], f"{len(too_wide)} of {measured} pages scroll sideways:\n" + "\n".join(
        too_wide
    )
    page.goto("/portfolio")
    page.screenshot(path=str(ARTIFACTS / "narrow_portfolio.png"), full_page=False)


def test_language_switch_by_keyboard_is_remembered(app, page, demo_people):
    email, _role, _landing = demo_people["member"]
    sign_in_by_keyboard(page, email, app.config["DEMO_PASSWORD"])
    page.goto("/profile")
    assert page.locator("h1").inner_text() == "Din profil"
    page.get_by_role("button", name="English").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Your profile"
    assert page.evaluate("document.documentElement.lang") == "en"
    page.goto("/portfolio")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert axe_violations(page) == []


def test_a_person_creates_and_revokes_a_token_by_keyboard(app, page, demo_people):
    email, _role, _landing = demo_people["member"]
    sign_in_by_keyboard(page, email, app.config["DEMO_PASSWORD"])
    page.goto("/profile")
    page.get_by_label("Vad ska nyckeln användas till?").focus()
    page.keyboard.type("BI-rapporten")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    secret = page.locator("#new-token").input_value()
    assert secret.startswith("kp_")
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "profile_new_token.png"), full_page=True)
    # The token works for the API, and is gone from the page on the next visit.
    response = page.request.get("/api/v1/areas", headers={"Authorization": f"Bearer {secret}"})
    assert response.status == 200 and response.json()["total"] == 6
    page.goto("/profile")
    assert secret not in page.content()
    page.get_by_role("button", name="Återkalla BI-rapporten").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "är återkallad" in page.locator(".flash").inner_text()
    response = page.request.get("/api/v1/areas", headers={"Authorization": f"Bearer {secret}"})
    assert response.status == 401


def test_an_admin_builds_a_portfolio_through_the_pages(factory, page):
    """An organisation, a person, an area owned from two organisations, an improvement."""
    from tests.conftest import PASSWORD

    factory.person(role=Role.ADMIN, email="chef@example.se", name="Kim Chef")
    sign_in_by_keyboard(page, "chef@example.se", PASSWORD)

    def save():
        with page.expect_navigation():
            page.get_by_role("button", name="Spara").press("Enter")

    for code, name, kind in (
        ("SOC", "Socialförvaltningen", "department"),
        ("SBO", "Sjöviksbostäder AB", "company"),
    ):
        page.goto("/organisations/new")
        page.get_by_label("Kod").fill(code)
        page.get_by_label("Namn").fill(name)
        page.get_by_label("Typ").select_option(kind)
        save()
        assert page.url.endswith("/organisations")
    assert axe_violations(page) == []

    for email, name, org in (
        ("elin@example.se", "Elin Åberg", "SOC"),
        ("tomas@example.se", "Tomas Wikström", "SBO"),
    ):
        page.goto("/people/new")
        page.get_by_label("Namn", exact=True).fill(name)
        page.get_by_label("E-post").fill(email)
        page.get_by_label("Organisation").select_option(org)
        save()
        assert page.locator("h1").inner_text() == name

    page.goto("/areas/new")
    page.get_by_label("Kod").fill("SO4")
    page.get_by_label("Titel").fill("Trygghet och social hållbarhet")
    page.get_by_label("Målbild").fill("Alla känner sig trygga i Sjövik.")
    page.get_by_label("Huvudansvarig").select_option("elin@example.se")
    page.get_by_role("group", name="Medansvariga").get_by_label("Tomas Wikström").check()
    page.get_by_role("group", name="Medverkande organisationer").get_by_label(
        "Sjöviksbostäder AB"
    ).check()
    assert axe_violations(page) == []
    save()
    assert "Trygghet och social hållbarhet" in page.locator("h1").inner_text()

    page.get_by_role("link", name="Lägg till en åtgärd").click()
    page.get_by_label("Kod").fill("SO4-01")
    page.get_by_label("Titel").fill("Trygga trapphus")
    page.get_by_label("Ansvarig", exact=True).select_option("tomas@example.se")
    page.get_by_label("Ersättare").select_option("elin@example.se")
    page.get_by_label("Klart senast").fill("2027-06-30")
    save()
    assert "Trygga trapphus" in page.locator("h1").inner_text()
    assert "Sjöviksbostäder AB" in page.content()  # the owner's organisation answers for it
    assert axe_violations(page) == []

    page.goto("/ownership")
    assert "har ansvariga från bara en organisation" not in page.content()
    assert axe_violations(page) == []


def report_everything_by_keyboard(page):
    """On /my: give every row that says "not now" a status (and a progress: rows start empty)
    with the keyboard, then save."""
    page.goto("/my")
    rows = page.locator("fieldset.report-row")
    assert rows.count() > 0
    for i in range(rows.count()):
        row = rows.nth(i)
        if row.locator("input[type=radio][value='']").is_checked():
            row.locator("input[type=radio][value='on_track']").focus()
            page.keyboard.press("Space")
            progress = row.locator("input[name$='-progress']")
            if progress.count():
                progress.focus()
                page.keyboard.type("50")
    page.get_by_role("button", name="Spara alla rapporter").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_an_owner_reports_on_all_items_in_one_submit_by_keyboard(app, page, demo_people):
    email, _role, _landing = demo_people["member"]
    sign_in_by_keyboard(page, email, app.config["DEMO_PASSWORD"])
    page.goto("/my")
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "my_before.png"), full_page=True)
    report_everything_by_keyboard(page)
    assert page.locator(".saved-reports li").count() > 0
    assert page.locator("fieldset.report-row.state-not_reported").count() == 0
    for i in range(page.locator("fieldset.state-late").count()):
        assert page.locator("fieldset.state-late").nth(i).locator("input[value='']").count() == 1
    assert page.locator("fieldset.state-reported").count() > 0
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "my_after.png"), full_page=True)


def test_a_deputy_reports_for_an_absent_owner(app, page, demo_people):
    from sqlalchemy import select

    from tracker.models import Improvement, StatusUpdate
    from tracker.services import periods, versions

    this_month = periods.of(periods.today_local())
    with app.app_context():
        due = db.session.scalars(versions.due_improvements_query(this_month, 10)).all()
        item = next(i for i in due if i.deputy is not None and i.deputy.active)
        deputy_email, owner_id, code = item.deputy.email, item.owner_id, item.code
    sign_in_by_keyboard(page, deputy_email, app.config["DEMO_PASSWORD"])
    report_everything_by_keyboard(page)
    with app.app_context():
        update = db.session.scalar(
            select(StatusUpdate)
            .join(Improvement)
            .where(Improvement.code == code, StatusUpdate.period == this_month)
        )
        assert update is not None and update.author.email == deputy_email
        assert update.improvement.owner_id == owner_id


def test_the_dashboard_draws_every_chart_beside_its_table(app, page, demo_people):
    email, _role, _landing = demo_people["member"]
    sign_in_by_keyboard(page, email, app.config["DEMO_PASSWORD"])
    page.goto("/dashboard")
    page.wait_for_selector(".chart[data-drawn='true']", timeout=20_000)
    expect(page.locator(".chart[data-drawn='true']")).to_have_count(4)
    for chart in page.locator(".chart").all():
        assert chart.locator("svg.main-svg").count() >= 1
        # The chart is one picture named by its sentence; what plotly draws inside is not read.
        assert chart.get_attribute("role") == "img" and chart.get_attribute("aria-label")
        assert chart.locator("[role]").count() == 0
        # The table with the same figures follows the chart.
        assert chart.locator("xpath=following::table[1]").count() == 1
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)


# Every text plotly drew in each chart: whole inside the chart, and none over another (axis
# labels, the legend). Bar labels inside the bars are not counted: they sit on their bar.
TEXTS_CUT_OR_CROWDED = """() => {
  const problems = [];
  document.querySelectorAll(".chart[data-drawn]").forEach((chart, n) => {
    const box = chart.getBoundingClientRect();
    const texts = [...chart.querySelectorAll("svg text")]
      .filter((t) => t.textContent.trim() && !t.closest(".barlayer, .hoverlayer"))
      .map((t) => ({ text: t.textContent.trim(), r: t.getBoundingClientRect() }));
    for (const t of texts) {
      if (t.r.left < box.left - 0.5 || t.r.right > box.right + 0.5
          || t.r.top < box.top - 0.5 || t.r.bottom > box.bottom + 0.5)
        problems.push(`${chart.id}: "${t.text}" is cut off`);
    }
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i].r, b = texts[j].r;
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
        problems.push(`${chart.id}: "${texts[i].text}" overlaps "${texts[j].text}"`);
    }
  });
  return problems;
}"""


@pytest.mark.parametrize(
    ("width", "locale"), [(320, "sv"), (375, "en"), (768, "sv"), (1024, "en"), (1366, "sv")]
)
def test_no_chart_text_is_cut_off_or_overlaps_at_a_phone_a_projector_and_a_desktop(
    app, page, demo_people, width, locale
):
    email, _role, _landing = demo_people["admin"]
    with app.app_context():
        db.session.scalar(db.select(Person).filter_by(email=email)).locale = locale
        db.session.commit()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_by_keyboard(page, email, app.config["DEMO_PASSWORD"])
    for path, charts in (("/dashboard", 4), ("/team-roles", 1)):
        page.goto(path)
        expect(page.locator(".chart[data-drawn='true']")).to_have_count(charts)
        texts = page.evaluate("document.querySelectorAll('.chart svg text').length")
        assert texts > 10 * charts, (path, texts)  # the check has something to check
        assert page.evaluate(TEXTS_CUT_OR_CROWDED) == [], (path, width)
        # On a phone the bars and lines are named by their codes, in full in the table.
        narrow = page.locator(".chart[data-narrow]").count()
        assert narrow == (charts if width < 560 else 0), (path, width)
    # Resized (or zoomed) across the breakpoint, the charts are drawn again for the new width.
    other = 1024 if width < 560 else 375
    page.set_viewport_size({"width": other, "height": 900})
    narrow = 1 if other < 560 else 0
    expect(page.locator(".chart[data-narrow]")).to_have_count(narrow)
    page.wait_for_timeout(400)
    assert page.evaluate(TEXTS_CUT_OR_CROWDED) == [], ("/team-roles", other)


def test_the_menu_folds_behind_a_button_on_a_narrow_screen(app, page, demo_people):
    email, _role, _landing = demo_people["admin"]
    page.set_viewport_size({"width": 375, "height": 720})
    sign_in_by_keyboard(page, email, app.config["DEMO_PASSWORD"])
    page.goto("/portfolio")
    toggle = page.locator("[data-menu-toggle]")
    menu = page.get_by_role("navigation", name="Huvudmeny")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible() and not page.get_by_role("button", name="Logga ut").is_visible()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 80, header  # the first screen is the page, not the menu
    # By keyboard: skip link, brand, then the button.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hasAttribute('data-menu-toggle')")
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu.is_visible() and page.get_by_role("button", name="Logga ut").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.header-tools') !== null")
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "narrow_menu_open.png"))
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not menu.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-menu-toggle')")
    # A link in the menu goes where it says.
    toggle.click()
    with page.expect_navigation():
        menu.get_by_role("link", name="Åtgärder", exact=True).click()
    assert page.url.endswith("/improvements")
    # On a wide screen the whole menu shows and the button does not.
    page.set_viewport_size({"width": 1366, "height": 800})
    assert not toggle.is_visible() and menu.is_visible()


def test_presentation_mode_steps_through_the_areas_by_keyboard(app, page, demo_people):
    email, _role, _landing = demo_people["member"]
    sign_in_by_keyboard(page, email, app.config["DEMO_PASSWORD"])
    page.goto("/dashboard/present")
    current = "document.querySelector('.slide.current').id"
    assert page.evaluate(current) == "overview"
    assert page.locator(".slide:visible").count() == 1
    total = page.locator("[data-slide]").count()
    assert total == 7  # the overview and the six demo areas
    page.keyboard.press("ArrowRight")
    assert page.evaluate(current) == "area-SO1"
    assert page.evaluate("document.activeElement.id") == "area-SO1-title"
    assert page.locator("#present-position").inner_text().startswith(f"2 / {total}")
    assert page.url.endswith("#area-SO1")
    page.keyboard.press("PageDown")
    page.keyboard.press("ArrowRight")
    assert page.evaluate(current) == "area-SO3"
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(current) == "area-SO2"
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "present-SO2.png"))
    page.keyboard.press("End")
    assert page.evaluate(current) == "area-SO6"
    page.keyboard.press("ArrowRight")  # past the last slide: stays
    assert page.evaluate(current) == "area-SO6"
    page.keyboard.press("Home")
    assert page.evaluate(current) == "overview"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Escape")
    assert page.evaluate(current) == "overview"
    # A link on the overview goes to its area's slide; reloading keeps the place.
    page.locator("#overview a[href='#area-SO4']").focus()
    page.keyboard.press("Enter")
    assert page.evaluate(current) == "area-SO4"
    page.reload()
    assert page.evaluate(current) == "area-SO4"
    # Single letters do nothing (WCAG 2.1.4); the skip link still skips.
    page.keyboard.press("n")
    assert page.evaluate(current) == "area-SO4"
    assert page.locator("[data-keys]").is_visible()


def test_the_chair_reorders_and_prints_the_agenda(app, page, demo_people):
    email, _role, _landing = demo_people["admin"]
    sign_in_by_keyboard(page, email, app.config["DEMO_PASSWORD"])
    page.goto("/meetings/3/agenda")
    titles = page.locator(".agenda-list .agenda-title")
    first, second = titles.nth(0).inner_text(), titles.nth(1).inner_text()
    # Move the first item down by keyboard.
    page.locator(".agenda-list li").first.locator("form[action$='/move/down'] button").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert [titles.nth(0).inner_text(), titles.nth(1).inner_text()] == [second, first]
    # The print button prints; the printed page holds the agenda without the chair's tools.
    page.evaluate("window.printed = false; window.print = () => { window.printed = true; }")
    page.locator("button[data-print]").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    assert page.locator(".agenda-tools").first.is_hidden()
    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".agenda-list .agenda-title").first.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 3, pages
    (ARTIFACTS / "agenda.pdf").write_bytes(pdf)


def test_team_roles_draw_their_chart_beside_the_table(app, page, demo_people):
    email, _role, _landing = demo_people["member"]
    sign_in_by_keyboard(page, email, app.config["DEMO_PASSWORD"])
    page.goto("/team-roles")
    page.wait_for_selector("#chart-team-roles[data-drawn='true']", timeout=20_000)
    assert page.get_by_role("img", name="Belbins nio roller", exact=False).count() == 1
    assert page.locator("#chart-team-roles").locator("xpath=following::table[1]").count() == 1
    assert axe_violations(page) == []


def test_a_published_report_prints_to_pdf_with_a_cover_and_a_page_per_area(app, page, demo_people):
    import io

    import pypdf

    email, _role, _landing = demo_people["admin"]
    sign_in_by_keyboard(page, email, app.config["DEMO_PASSWORD"])
    page.goto("/reports/publish")
    page.locator("#registration_number").fill("KS 2026/123")
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()
    assert "/reports/" in page.url
    assert axe_violations(page) == []
    report_url = page.url
    # The published page, and the same report as a document printed by the browser.
    page.goto(report_url + "/document")
    assert axe_violations(page) == []
    pdf = page.pdf(format="A4")
    (ARTIFACTS / "report.pdf").write_bytes(pdf)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1 + 6  # a cover and one page per demo area
    cover = reader.pages[0].extract_text()
    assert "KS 2026/123" in cover
    for number, area_page in enumerate(reader.pages[1:], start=1):
        assert f"SO{number}" in area_page.extract_text()
    # The PDF the app stored says the same.
    stored = page.request.get(report_url + "/pdf")
    assert stored.headers["content-type"] == "application/pdf"
    stored_pages = pypdf.PdfReader(io.BytesIO(stored.body())).pages
    assert len(stored_pages) == 7 and "KS 2026/123" in stored_pages[0].extract_text()
    # A politician starts on it.
    page.goto("/summary")
    assert page.locator("h1").count() == 1


def test_an_admin_moves_an_area_by_keyboard_and_the_focus_stays_on_it(app, page, demo_people):
    email, _role, _landing = demo_people["admin"]
    sign_in_by_keyboard(page, email, app.config["DEMO_PASSWORD"])
    page.goto("/portfolio")
    codes = page.locator("section.area h2 .code").all_inner_texts()
    first, second = codes[0], codes[1]
    page.locator(f"#move-down-{first}").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/portfolio#move-down-{first}")
    assert page.locator("section.area h2 .code").all_inner_texts()[:2] == [second, first]
    # The focus is back on the button that was pressed: Enter again moves it once more.
    assert page.evaluate("document.activeElement.id") == f"move-down-{first}"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("section.area h2 .code").all_inner_texts()[2] == first
    assert page.evaluate("document.activeElement.id") == f"move-down-{first}"
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "portfolio_moved.png"), full_page=False)
