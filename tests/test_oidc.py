"""Single sign-on against a real OpenID Connect provider on loopback (the oidc-provider-mock
package, started once for the module): the service's decisions without HTTP, the flow through
the test client (the provider's own pages answered with requests) and through the browser."""

import functools
import logging
import threading
import time
import warnings
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.conftest import PASSWORD, csrf_token_from, person_by_email, rows
from tracker import create_app, oidc
from tracker.extensions import db
from tracker.models import AuditEvent, Person, Role
from tracker.services import single_sign_on

with warnings.catch_warnings():
    # The provider (test code only) still uses Authlib's older JOSE module.
    warnings.simplefilter("ignore", DeprecationWarning)
    import oidc_provider_mock

# The provider's own deprecated calls, in its threads while a test runs.
pytestmark = [
    pytest.mark.filterwarnings("ignore::authlib.deprecate.AuthlibDeprecationWarning"),
    pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning"),
]

CLIENT_ID = "koncernportfoljen"
NO_ACCOUNT = "gives no access to this service"
NOT_COMPLETED = "could not be completed"


class Provider:
    """An OpenID Connect provider served on 127.0.0.1 in a thread of the test process."""

    def __init__(self, **options):
        self.server = make_server(
            "127.0.0.1", 0, oidc_provider_mock.app(require_nonce=True, **options), threaded=True
        )
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def user(self, sub, **claims):
        """The claims the provider gives ``sub`` from now on."""
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=10)
        assert response.status_code == 204, response.text

    def authorize(self, url, sub):
        """Sign ``sub`` in on the provider's page at ``url``: where it sends the browser back."""
        response = requests.post(url, data={"sub": sub}, allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def provider():
    provider = Provider()
    yield provider
    provider.stop()


@pytest.fixture(autouse=True)
def single_sign_on_config(app_config, provider):
    app_config.update(
        OIDC_ISSUER=provider.issuer,
        OIDC_CLIENT_ID=CLIENT_ID,
        OIDC_CLIENT_SECRET="a-secret-the-mock-accepts",
        BABEL_DEFAULT_LOCALE="en",
    )
    return app_config


class Logged(logging.Handler):
    """What the app's logger said during a test (the suite runs with pytest's logging off)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())

    @property
    def text(self):
        return "\n".join(self.lines)


@pytest.fixture
def logged():
    handler = Logged()
    logger = logging.getLogger("tracker")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def begin(client, next_page=None):
    """Press "Sign in with ...": the provider's authorization address the app sends to."""
    page = client.get("/login").get_data(as_text=True)
    assert "Sign in with the municipality&#39;s account" in page
    response = client.get("/login/oidc", query_string={"next": next_page} if next_page else {})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def sign_in(client, provider, sub, next_page=None):
    """The whole flow: the app's answer to the provider sending the browser back."""
    back = provider.authorize(begin(client, next_page), sub)
    return client.get(back)


def signed_in_as(client):
    page = client.get("/profile")
    return page.get_data(as_text=True) if page.status_code == 200 else None


def refused(response, message):
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html, html[:2000]
    assert 'role="alert"' in html


# --- The flow through the test client -------------------------------------------------------


def test_the_sign_in_page_offers_the_provider_with_a_label(app, client):
    html = client.get("/login").get_data(as_text=True)
    assert 'href="/login/oidc"' in html
    assert 'name="password"' in html  # passwords stay on unless turned off
    app.config["OIDC_LABEL"] = "Sjöviks konto"
    assert "Sign in with Sjöviks konto" in client.get("/login").get_data(as_text=True)


def test_the_label_is_swedish_by_default(app, client):
    app.config["BABEL_DEFAULT_LOCALE"] = "sv"
    assert "Logga in med kommunens konto" in client.get("/login").get_data(as_text=True)


def test_the_authorization_request_has_pkce_state_and_nonce(client, provider):
    url = begin(client)
    assert url.startswith(f"{provider.issuer}/")
    query = parse_qs(urlsplit(url).query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert set(query["scope"][0].split()) == {"openid", "email", "profile"}
    assert query["redirect_uri"] == ["http://localhost/login/oidc/callback"]


def test_a_known_person_signs_in_and_lands_on_their_start_page(app, client, factory, provider):
    person = factory.person(role=Role.MEMBER, email="karin.lind@sjovik.se", name="Karin Lind")
    provider.user("karin-sub", email="Karin.Lind@sjovik.se", email_verified=True)
    before = rows(app, AuditEvent)
    response = sign_in(client, provider, "karin-sub")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").headers["Location"] == "/dashboard"  # a member's start page
    assert "Karin Lind" in signed_in_as(client)
    with app.app_context():
        linked = db.session.get(Person, person.id)
        assert (linked.external_id, linked.external_issuer) == ("karin-sub", provider.issuer)
        event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (event.action, event.field, event.entity_id) == ("update", "external_id", person.id)
        assert event.old_value is None and event.new_value is None  # the subject is not kept
    assert rows(app, AuditEvent) == before + 1


def test_sign_in_leads_back_to_the_page_asked_for(client, factory, provider):
    factory.person(role=Role.ADMIN, email="admin@sjovik.se")
    provider.user("admin-sub", email="admin@sjovik.se", email_verified=True)
    assert sign_in(client, provider, "admin-sub", "/people").headers["Location"] == "/people"
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/profile").text)})
    # Not a path of this site: the start page.
    response = sign_in(client, provider, "admin-sub", "https://elsewhere.example/")
    assert response.headers["Location"] == "/"


def test_a_changed_email_at_the_provider_still_finds_the_person_by_subject(
    app, client, factory, provider
):
    factory.person(email="per.holm@sjovik.se", name="Per Holm")
    provider.user("per-sub", email="per.holm@sjovik.se", email_verified=True)
    assert sign_in(client, provider, "per-sub").status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/profile").text)})
    provider.user("per-sub", email="per.holm@nya.sjovik.se", email_verified=False)
    assert sign_in(client, provider, "per-sub").status_code == 302
    assert "Per Holm" in signed_in_as(client)


def test_a_subject_set_by_an_administrator_gets_the_issuer(app, client, factory, provider):
    person = factory.person(email="anna@sjovik.se", external_id="anna-sub")
    provider.user("anna-sub", email="other@elsewhere.se")  # the email plays no part
    assert sign_in(client, provider, "anna-sub").status_code == 302
    with app.app_context():
        assert db.session.get(Person, person.id).external_issuer == provider.issuer


@pytest.mark.parametrize(
    ("claims", "person"),
    [
        ({"email": "nobody@sjovik.se", "email_verified": True}, None),  # unknown email
        ({"email": "eva@sjovik.se", "email_verified": False}, {}),  # unverified
        ({"email": "eva@sjovik.se"}, {}),  # not said to be verified
        ({"email": "eva@sjovik.se", "email_verified": True}, {"active": False}),  # deactivated
        ({"name": "Eva"}, {}),  # no email at all
    ],
    ids=["unknown", "unverified", "unsaid", "deactivated", "no-email"],
)
def test_no_account_is_refused_with_one_message(app, client, factory, provider, claims, person):
    if person is not None:
        factory.person(email="eva@sjovik.se", **person)
    sub = f"sub-{len(claims)}-{claims.get('email_verified')}-{person}"
    provider.user(sub, **claims)
    before = rows(app, AuditEvent)
    refused(sign_in(client, provider, sub), NO_ACCOUNT)
    assert signed_in_as(client) is None
    assert rows(app, AuditEvent) == before
    with app.app_context():
        assert db.session.scalar(select(Person).where(Person.external_id == sub)) is None


def test_a_linked_person_is_never_linked_to_another_subject(app, client, factory, provider):
    factory.person(email="olle@sjovik.se", external_id="olle-first", external_issuer="x")
    provider.user("olle-second", email="olle@sjovik.se", email_verified=True)
    refused(sign_in(client, provider, "olle-second"), NO_ACCOUNT)
    with app.app_context():
        assert person_by_email("olle@sjovik.se").external_id == "olle-first"


def test_a_subject_of_another_issuer_is_refused(app, client, factory, provider):
    factory.person(email="lisa@sjovik.se", external_id="lisa-sub", external_issuer="https://x")
    provider.user("lisa-sub", email="lisa@sjovik.se", email_verified=True)
    refused(sign_in(client, provider, "lisa-sub"), NO_ACCOUNT)


def test_a_deactivated_linked_person_is_refused(app, client, factory, provider):
    factory.person(email="bo@sjovik.se", active=False, external_id="bo-sub")
    provider.user("bo-sub", email="bo@sjovik.se", email_verified=True)
    refused(sign_in(client, provider, "bo-sub"), NO_ACCOUNT)
    assert signed_in_as(client) is None


def test_a_replayed_code_is_refused(client, factory, provider, logged):
    factory.person(email="ida@sjovik.se")
    provider.user("ida-sub", email="ida@sjovik.se", email_verified=True)
    back = provider.authorize(begin(client), "ida-sub")
    assert client.get(back).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/profile").text)})
    # The same answer again: its state was used up with it.
    refused(client.get(back), NOT_COMPLETED)
    # The same code with a fresh state of this browser: the provider refuses the used code.
    url = begin(client)
    state = parse_qs(urlsplit(url).query)["state"][0]
    code = parse_qs(urlsplit(back).query)["code"][0]
    refused(client.get(f"/login/oidc/callback?code={code}&state={state}"), NOT_COMPLETED)
    assert "single sign-on refused: invalid_grant" in logged.text
    assert signed_in_as(client) is None


def test_a_wrong_state_is_refused(client, factory, provider):
    factory.person(email="ida@sjovik.se")
    provider.user("ida-sub", email="ida@sjovik.se", email_verified=True)
    back = provider.authorize(begin(client), "ida-sub")
    refused(client.get(back.replace("state=", "state=x")), NOT_COMPLETED)
    # A sign-in begun in another browser cannot be finished in this one.
    other = provider.authorize(begin(client.application.test_client()), "ida-sub")
    refused(client.get(other), NOT_COMPLETED)
    assert signed_in_as(client) is None


def test_a_wrong_nonce_is_refused(client, factory, provider, logged):
    """Two sign-ins begun in one browser: the code of the second delivered with the state of
    the first carries the second's nonce, not the one the first expects."""
    factory.person(email="ida@sjovik.se")
    provider.user("ida-sub", email="ida@sjovik.se", email_verified=True)
    first = parse_qs(urlsplit(begin(client)).query)
    second = provider.authorize(begin(client), "ida-sub")
    code = parse_qs(urlsplit(second).query)["code"][0]
    refused(
        client.get(f"/login/oidc/callback?code={code}&state={first['state'][0]}"), NOT_COMPLETED
    )
    assert "nonce" in logged.text
    assert signed_in_as(client) is None


def handed_a_token(app, client, monkeypatch, provider, client_id):
    """Begin a sign-in, then hand the app's token exchange a genuine token of ``provider``
    made for ``client_id`` with this sign-in's nonce, in place of its own: the callback's
    answer."""
    ours = parse_qs(urlsplit(begin(client)).query)
    redirect_uri = "http://other.example/cb"
    back = provider.authorize(
        f"{provider.issuer}/oauth2/authorize?client_id={client_id}&response_type=code"
        f"&scope=openid+email&redirect_uri={redirect_uri}&nonce={ours['nonce'][0]}&state=s",
        "ida-sub",
    )
    code = parse_qs(urlsplit(back).query)["code"][0]
    token = requests.post(
        f"{provider.issuer}/oauth2/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri},
        auth=(client_id, "its-secret"),
        timeout=10,
    ).json()
    assert "id_token" in token
    monkeypatch.setattr(oidc_client(app), "fetch_access_token", lambda **_kw: dict(token))
    return client.get(f"/login/oidc/callback?code=x&state={ours['state'][0]}")


def test_a_token_for_another_audience_is_refused(
    app, client, factory, provider, monkeypatch, logged
):
    """Signed by the provider with the right nonce, but made for another client."""
    factory.person(email="ida@sjovik.se")
    provider.user("ida-sub", email="ida@sjovik.se", email_verified=True)
    refused(handed_a_token(app, client, monkeypatch, provider, "another-service"), NOT_COMPLETED)
    assert "single sign-on refused: ID token refused: InvalidClaimError" in logged.text
    assert "aud" in logged.text
    assert signed_in_as(client) is None


def test_a_token_from_another_provider_is_refused(
    app, client, factory, provider, monkeypatch, logged
):
    """Made for this app, by another issuer, signed with another key: refused."""
    factory.person(email="ida@sjovik.se")
    impostor = Provider()
    try:
        impostor.user("ida-sub", email="ida@sjovik.se", email_verified=True)
        response = handed_a_token(app, client, monkeypatch, impostor, CLIENT_ID)
    finally:
        impostor.stop()
    refused(response, NOT_COMPLETED)
    assert "ID token refused" in logged.text
    assert signed_in_as(client) is None


@pytest.fixture
def app_with(app, app_config):
    """Another app on the same database with other settings; its connections closed after."""
    made = []

    def make(**settings):
        made.append(create_app({**app_config, **settings}))
        return made[-1]

    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def test_an_expired_token_is_refused(app_with, factory, provider, logged):
    """A provider whose tokens expired ten minutes before they were made."""
    expired = Provider(access_token_max_age=timedelta(minutes=-10))
    try:
        client = app_with(OIDC_ISSUER=expired.issuer).test_client()
        factory.person(email="ida@sjovik.se")
        expired.user("ida-sub", email="ida@sjovik.se", email_verified=True)
        refused(sign_in(client, expired, "ida-sub"), NOT_COMPLETED)
    finally:
        expired.stop()
    assert "ExpiredTokenError" in logged.text
    assert signed_in_as(client) is None


def test_an_error_from_the_provider_is_shown(client, provider, logged):
    url = begin(client)
    state = parse_qs(urlsplit(url).query)["state"][0]
    response = client.get(f"/login/oidc/callback?error=access_denied&state={state}")
    refused(response, "was cancelled or refused there")
    assert "single sign-on refused: the provider answered access_denied" in logged.text


def test_a_provider_that_is_down_gets_a_clear_message(app_with, logged):
    closed = make_server("127.0.0.1", 0, None)
    port = closed.server_port
    closed.server_close()  # nothing listens there now
    client = app_with(OIDC_ISSUER=f"http://127.0.0.1:{port}").test_client()
    response = client.get("/login/oidc")
    refused(response, "The service cannot reach the sign-in service just now")
    assert "single sign-on refused: discovery failed" in logged.text


def test_unfinished_sign_ins_do_not_fill_the_cookie(client, factory, provider):
    """A browser sent to start single sign-on again and again (by another site, or by
    impatience) keeps a cookie a browser accepts, and the next sign-in works."""
    factory.person(email="ida@sjovik.se", name="Ida Berg")
    provider.user("ida-sub", email="ida@sjovik.se", email_verified=True)
    for _ in range(30):
        begin(client)
    cookie = client.get_cookie("session")
    assert len(cookie.value) < 2000
    assert sign_in(client, provider, "ida-sub").status_code == 302
    assert "Ida Berg" in signed_in_as(client)


def test_a_second_tab_begun_later_does_not_spoil_the_first(client, factory, provider):
    factory.person(email="ida@sjovik.se", name="Ida Berg")
    provider.user("ida-sub", email="ida@sjovik.se", email_verified=True)
    first = begin(client)
    begin(client)
    assert client.get(provider.authorize(first, "ida-sub")).status_code == 302


def test_an_issuer_written_otherwise_than_the_providers_is_a_setting_to_mend(
    app_with, provider, logged
):
    """Found before anyone is sent to the provider, and said to be a setting, not an outage."""
    other = app_with(OIDC_ISSUER=provider.issuer + "/other-tenant")
    # The discovery document as fetched from the configured address: the provider's own.
    metadata = requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=10)
    oidc_client(other).server_metadata = {**metadata.json(), "_loaded_at": time.time()}
    client = other.test_client()
    response = client.get("/login/oidc")
    refused(response, "Single sign-on is not set up correctly here")
    assert "names another issuer" in logged.text


def test_a_subject_an_administrator_sets_anew_is_found_at_the_next_sign_in(
    app, client, factory, provider
):
    """After a move to another tenant: the admin sets the new subject; the old issuer goes
    with the old subject."""
    from tracker.services import people

    person = factory.person(
        email="ida@sjovik.se", name="Ida Berg", external_id="old", external_issuer="https://old"
    )
    with app.app_context():
        people.update(
            db.session, db.session.get(Person, person.id), {"external_id": "ida-sub"}, None
        )
        db.session.commit()
    provider.user("ida-sub", email="someone.else@sjovik.se")
    assert sign_in(client, provider, "ida-sub").status_code == 302
    with app.app_context():
        assert db.session.get(Person, person.id).external_issuer == provider.issuer


def test_the_client_settings_are_read_as_written(app_config, monkeypatch):
    """JSON would read a client id "0.10" as the number 0.1."""
    monkeypatch.setenv("TRACKER_OIDC_CLIENT_ID", "0.10")
    monkeypatch.setenv("TRACKER_OIDC_CLIENT_SECRET", "1e3")
    settings = {k: v for k, v in app_config.items() if not k.startswith("OIDC_CLIENT")}
    other = create_app(settings)
    assert other.config["OIDC_CLIENT_ID"] == "0.10"
    assert other.config["OIDC_CLIENT_SECRET"] == "1e3"
    with other.test_request_context():
        assert oidc.client().client_id == "0.10"
    with other.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("sso", "passwords", "told"),
    [
        (True, True, "can sign in with single sign-on, or choose a password"),
        (True, False, "signs in with single sign-on."),
        (False, True, "once they have chosen a password through an invitation"),
        (False, False, "give them a sign-in link with the command line"),
    ],
)
def test_an_admin_adding_a_person_is_told_how_they_will_get_in(
    app_with, provider, factory, sso, passwords, told
):
    other = app_with(OIDC_ISSUER=provider.issuer if sso else None)
    client = other.test_client()
    factory.person(role=Role.ADMIN, email="boss@sjovik.se")
    page = client.get("/login").get_data(as_text=True)
    client.post(
        "/login",
        data={"email": "boss@sjovik.se", "password": PASSWORD, "csrf_token": csrf_token_from(page)},
    )
    other.config["PASSWORD_LOGIN"] = passwords
    form = client.get("/people/new").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(form), "email": "ny@sjovik.se", "name": "Ny Person"}
    answer = client.post("/people/new", data={**data, "role": "member"}, follow_redirects=True)
    assert told in answer.get_data(as_text=True)


def test_the_callback_without_single_sign_on_says_so(app_with):
    client = app_with(OIDC_ISSUER=None).test_client()
    assert "/login/oidc" not in client.get("/login").get_data(as_text=True)
    refused(client.get("/login/oidc/callback"), "Single sign-on is not set up")
    refused(client.get("/login/oidc"), "Single sign-on is not set up")


def test_an_unknown_link_claim_stops_the_app_at_start(app_config):
    with pytest.raises(RuntimeError, match="OIDC_LINK_CLAIM"):
        create_app({**app_config, "OIDC_LINK_CLAIM": "name"})


def test_sign_out_offers_the_providers_end_session(client, factory, provider):
    factory.person(email="ida@sjovik.se")
    provider.user("ida-sub", email="ida@sjovik.se", email_verified=True)
    sign_in(client, provider, "ida-sub")
    response = client.post(
        "/logout", data={"csrf_token": csrf_token_from(client.get("/profile").text)}
    )
    assert response.headers["Location"] == "/login"
    html = client.get("/login").get_data(as_text=True)
    assert "Sign out of the municipality&#39;s account too" in html
    assert f'href="{provider.issuer}/oauth2/end_session?client_id={CLIENT_ID}' in html
    assert "post_logout_redirect_uri=http%3A%2F%2Flocalhost%2Flogin" in html
    # Once: the next visit to the sign-in page does not offer it again.
    assert "Sign out of" not in client.get("/login").get_data(as_text=True)


def test_sign_out_after_a_password_does_not_offer_the_provider(client, login_as):
    login_as(Role.MEMBER)
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/profile").text)})
    assert "Sign out of" not in client.get("/login").get_data(as_text=True)


def test_passwords_turned_off_hide_and_refuse_the_form(app, client, factory, csrf, provider):
    app.config["PASSWORD_LOGIN"] = False
    person = factory.person(email="ida@sjovik.se")
    html = client.get("/login").get_data(as_text=True)
    assert 'name="password"' not in html
    assert "Sign in with the municipality&#39;s account" in html
    response = client.post(
        "/login", data={"email": person.email, "password": PASSWORD, "csrf_token": csrf()}
    )
    assert response.status_code == 403
    assert "Sign-in with a password is turned off here." in response.get_data(as_text=True)
    assert signed_in_as(client) is None
    # Signed in by single sign-on, the profile offers no password to change.
    provider.user("ida-sub", email="ida@sjovik.se", email_verified=True)
    sign_in(client, provider, "ida-sub")
    assert "current_password" not in signed_in_as(client)
    token = csrf_token_from(client.get("/profile").text)
    response = client.post(
        "/profile/password",
        data={
            "csrf_token": token,
            "current_password": PASSWORD,
            "password": "tranbär-kanot-fönster-glädje",
            "password_again": "tranbär-kanot-fönster-glädje",
        },
    )
    assert response.status_code == 404


def test_the_sign_in_pages_of_single_sign_on_pass_the_nu_html_checker(
    app, client, factory, provider, tmp_path
):
    from tests.test_html import nu_errors, require_vnu

    java = require_vnu()
    factory.person(email="ida@sjovik.se")
    provider.user("ida-sub", email="ida@sjovik.se", email_verified=True)
    pages = {"button": client.get("/login?next=/my")}
    pages["refused"] = client.get("/login/oidc/callback?code=x&state=y")
    sign_in(client, provider, "ida-sub")
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/profile").text)})
    pages["signed-out"] = client.get("/login")
    app.config["PASSWORD_LOGIN"] = False
    pages["passwords-off"] = client.get("/login")
    assert "Sign out of" in pages["signed-out"].text
    for name, response in pages.items():
        (tmp_path / f"{name}.html").write_bytes(response.data)
    assert nu_errors(java, tmp_path.glob("*.html")) == []


def oidc_client(app):
    with app.test_request_context():
        return oidc.client()


# --- The service without HTTP ---------------------------------------------------------------


def claims(sub="s1", **more):
    return {"iss": "https://idp.example", "sub": sub, **more}


def test_preferred_username_links_by_the_email_lower_cased(app, factory):
    person = factory.person(email="kim@sjovik.se")
    with app.app_context():
        found = single_sign_on.find(
            db.session,
            claims(preferred_username="Kim@Sjovik.se"),
            link_claim="preferred_username",
        )
        assert found.id == person.id and found.external_id == "s1"


def test_preferred_username_alone_does_not_link_by_email(app, factory):
    factory.person(email="kim@sjovik.se")
    with app.app_context(), pytest.raises(single_sign_on.Refused, match="preferred_username"):
        single_sign_on.find(
            db.session,
            claims(email="kim@sjovik.se", email_verified=True),
            link_claim="preferred_username",
        )


def test_a_pseudonymised_person_is_refused(app, factory):
    person = factory.person(email="kim@sjovik.se", external_id="s1", external_issuer=None)
    with app.app_context():
        db.session.get(Person, person.id).pseudonymised_at = datetime.now(UTC)
        db.session.commit()
        with pytest.raises(single_sign_on.Refused, match="pseudonymised"):
            single_sign_on.find(db.session, claims(), link_claim="email")


def test_claims_without_a_subject_are_refused(app):
    with app.app_context(), pytest.raises(single_sign_on.Refused, match="subject"):
        single_sign_on.find(
            db.session, {"iss": "https://idp.example", "sub": ""}, link_claim="email"
        )


# --- The browser ----------------------------------------------------------------------------


@pytest.mark.browser
def test_signing_in_by_single_sign_on_in_the_browser(page, live_server, factory, provider):
    from tests.browser import axe_violations

    factory.person(role=Role.ADMIN, email="karin@sjovik.se", name="Karin Lind")
    provider.user("karin-browser", email="karin@sjovik.se", email_verified=True)
    page.goto("/login")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Sign in with the municipality's account").click()
    page.wait_for_url(f"{provider.issuer}/**")
    page.locator("input[name='sub']").fill("karin-browser")
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{live_server.url}/dashboard")
    assert page.get_by_text("Karin Lind").count() >= 1
    # Sign out: the provider's end-session is offered.
    page.locator("form[action$='/logout'] button").click()
    page.wait_for_url("**/login")
    link = page.get_by_role("link", name="Sign out of the municipality's account too")
    assert link.get_attribute("href").startswith(f"{provider.issuer}/oauth2/end_session?")
    assert axe_violations(page) == []


# --- The ID token's checks, each on a token made here ---------------------------------------


def _forged(app, client, monkeypatch, provider, make_claims, *, key, header=None):
    """Begin a sign-in, then let the token exchange answer an ID token made here (claims from
    ``make_claims(nonce)``), with the provider's published keys replaced by ``key``'s."""
    from joserfc import jwt
    from joserfc.jwk import KeySet, RSAKey

    ours = parse_qs(urlsplit(begin(client)).query)
    claims = make_claims(ours["nonce"][0])
    id_token = jwt.encode(header or {"alg": "RS256", "kid": "k1"}, claims, key)
    exchange = oidc_client(app)
    exchange.load_server_metadata()
    public = KeySet([RSAKey.import_key(SIGNING_KEY().as_dict(private=False))]).as_dict()
    monkeypatch.setitem(exchange.server_metadata, "jwks", public)
    token = {"access_token": "at", "token_type": "Bearer", "id_token": id_token}
    monkeypatch.setattr(exchange, "fetch_access_token", lambda **_kw: dict(token))
    return client.get(f"/login/oidc/callback?code=x&state={ours['state'][0]}")


def _key():
    from joserfc.jwk import RSAKey

    return RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig", "alg": "RS256"})


SIGNING_KEY = functools.cache(_key)
NOW = int(time.time())
ID_TOKENS = {
    "as-it-should-be": ({}, True),
    "two-audiences-no-azp": ({"aud": [CLIENT_ID, "other"]}, False),
    "two-audiences-azp-other": ({"aud": [CLIENT_ID, "other"], "azp": "other"}, False),
    "two-audiences-azp-us": ({"aud": [CLIENT_ID, "other"], "azp": CLIENT_ID}, True),
    "another-audience-azp-us": ({"aud": "other", "azp": CLIENT_ID}, False),
    "another-issuer": ({"iss": "https://elsewhere.example"}, False),
    "no-expiry": ({"exp": ...}, False),
    "no-issued-at": ({"iat": ...}, False),
    "expired-ten-minutes-ago": ({"exp": NOW - 600}, False),
    "no-nonce": ({"nonce": ...}, False),
    "another-nonce": ({"nonce": "abc"}, False),
    "email-verified-True-as-text": ({"email_verified": "True"}, False),
}


@pytest.mark.parametrize("case", ID_TOKENS)
def test_the_id_tokens_claims_are_checked(app, client, factory, provider, monkeypatch, case):
    factory.person(email="ida@sjovik.se")
    changed, accepted = ID_TOKENS[case]

    def make(nonce):
        now = int(time.time())
        claims = {"iss": provider.issuer, "sub": "ida-sub", "aud": CLIENT_ID, "exp": now + 300,
                  "iat": now, "nonce": nonce, "email": "ida@sjovik.se", "email_verified": True}  # fmt: skip
        claims.update(changed)
        return {name: value for name, value in claims.items() if value is not ...}

    response = _forged(app, client, monkeypatch, provider, make, key=SIGNING_KEY())
    assert (response.status_code == 302) is accepted, response.get_data(as_text=True)[:300]
    assert (signed_in_as(client) is not None) is accepted


def test_a_token_signed_with_another_key_of_the_same_id_is_refused(
    app, client, factory, provider, monkeypatch
):
    factory.person(email="ida@sjovik.se")

    def make(nonce):
        now = int(time.time())
        return {"iss": provider.issuer, "sub": "ida-sub", "aud": CLIENT_ID, "exp": now + 300,
                "iat": now, "nonce": nonce, "email": "ida@sjovik.se", "email_verified": True}  # fmt: skip

    refused(_forged(app, client, monkeypatch, provider, make, key=_key()), NOT_COMPLETED)
    assert signed_in_as(client) is None
