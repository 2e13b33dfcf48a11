"""Signing in through an organisation's identity provider (Streamlit's ``st.login``, OIDC).

The browser tests run the real app (``streamlit run``, headless) with an ``[auth]`` section in
``.streamlit/secrets.toml`` pointing at a real local OIDC provider (``oidc_provider.py``), and
drive Debian's chromium through the whole exchange: the app's button, the provider's form, the
code-for-token swap (PKCE, client secret, RS256 ID token with the nonce), back to the app. The
page must make no request outside the app and the provider. The other tests check the provider
against Authlib itself and the account matching in ``engage.oidc`` without a browser.
"""

from __future__ import annotations

import re
import secrets
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from engage import oidc, users
from engage.models import User
from engage.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_support import (  # noqa: E402
    CHROMIUM,
    chromium_browser,
    free_port,
    needs_browser,
    running_app,
    settle,
)
from oidc_provider import OIDCProvider  # noqa: E402

SHOTS = Path(__file__).resolve().parent / "screenshots"
ADMIN, PASSWORD = "Alex Admin", "a long e2e password"
REVIEWER = "jo.bloggs@nhs.example"
TEAM = "sam.team@nhs.example"
SWITCHED_OFF = "gone@nhs.example"
STRANGER = "stranger@nhs.example"
ORG_BUTTON = "Sign in with your organisation account"

# --- the provider, checked with Authlib's own client (no browser) ---------------------------


def _sign_in_without_browser(idp: OIDCProvider, email: str, redirect_uri: str) -> dict:
    """Run the code flow the way Streamlit does (Authlib client, PKCE S256, nonce), posting
    the provider's form by hand. Returns what the callback URL carried."""
    import httpx
    from authlib.integrations.httpx_client import OAuth2Client

    meta = httpx.get(idp.metadata_url).json()
    client = OAuth2Client(
        idp.client_id,
        idp.client_secret,
        scope="openid email profile",
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
    )
    verifier, nonce = secrets.token_urlsafe(48), secrets.token_urlsafe(16)
    url, state = client.create_authorization_url(
        meta["authorization_endpoint"], code_verifier=verifier, nonce=nonce
    )
    form = httpx.get(url)
    assert form.status_code == 200, form.text
    request = re.search(r'name="request" value="([^"]+)"', form.text).group(1)
    back = httpx.post(meta["authorization_endpoint"], data={"request": request, "email": email})
    assert back.status_code == 302
    location = back.headers["Location"]
    assert location.startswith(redirect_uri)
    return dict(
        client=client, meta=meta, location=location, state=state, verifier=verifier, nonce=nonce
    )


def test_provider_completes_the_code_flow_for_authlib() -> None:
    from authlib.oidc.core import CodeIDToken
    from joserfc import jwt
    from joserfc.jwk import KeySet

    redirect = "http://localhost:9/oauth2callback"
    with OIDCProvider(redirect_uris=[redirect]) as idp:
        run = _sign_in_without_browser(idp, REVIEWER, redirect)
        client, meta = run["client"], run["meta"]
        assert f"state={run['state']}" in run["location"]
        token = client.fetch_token(
            meta["token_endpoint"],
            authorization_response=run["location"],
            code_verifier=run["verifier"],
        )
        keys = KeySet.import_key_set(client.get(meta["jwks_uri"]).json())
        decoded = jwt.decode(token["id_token"], keys, algorithms=["RS256"])
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {"iss": {"values": [idp.issuer]}},
            {
                "nonce": run["nonce"],
                "client_id": idp.client_id,
                "access_token": token["access_token"],
            },
        )
        claims.validate()  # iss, aud, exp, iat, nonce and at_hash
        assert claims["email"] == REVIEWER and claims["email_verified"] is True
        assert claims["name"] == "Jo Bloggs" and claims["sub"]
        info = client.get(meta["userinfo_endpoint"]).json()
        assert info["email"] == REVIEWER
        assert idp.errors == []


def test_provider_refuses_bad_requests() -> None:
    import httpx

    redirect = "http://localhost:9/oauth2callback"
    with OIDCProvider(redirect_uris=[redirect]) as idp:
        meta = httpx.get(idp.metadata_url).json()
        # An address that was not registered gets no form.
        wrong = {
            "client_id": idp.client_id, "redirect_uri": "http://evil.example/cb",
            "response_type": "code", "scope": "openid",
        }  # fmt: skip
        assert httpx.get(meta["authorization_endpoint"], params=wrong).status_code == 400

        run = _sign_in_without_browser(idp, REVIEWER, redirect)
        code = re.search(r"code=([^&]+)", run["location"]).group(1)
        swap = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect}
        token_url = meta["token_endpoint"]
        assert httpx.post(token_url, data=swap, auth=(idp.client_id, "wrong")).status_code == 401
        no_pkce = httpx.post(token_url, data=swap, auth=(idp.client_id, idp.client_secret))
        assert no_pkce.status_code == 400  # the code was sent with a challenge
        # ... and a failed attempt used up the code, as the client secret did not.
        good = dict(swap, code_verifier=run["verifier"])
        again = httpx.post(token_url, data=good, auth=(idp.client_id, idp.client_secret))
        assert again.json() == {"error": "invalid_grant"}

        run = _sign_in_without_browser(idp, REVIEWER, redirect)
        code = re.search(r"code=([^&]+)", run["location"]).group(1)
        good = dict(swap, code=code, code_verifier=run["verifier"])
        # client_secret_post works too; a code works once.
        post = dict(good, client_id=idp.client_id, client_secret=idp.client_secret)
        assert httpx.post(token_url, data=post).status_code == 200
        assert httpx.post(token_url, data=post).status_code == 400


# --- matching a provider's sign-in to a local account (no browser) --------------------------


def test_match_account(sqlite_store: Store) -> None:
    with sqlite_store.session() as s, s.begin():
        users.add_user(s, REVIEWER, "reviewer", PASSWORD)
        users.add_user(s, "Pat.Lee@NHS.example", "team", PASSWORD)
        users.add_user(s, SWITCHED_OFF, "reviewer", PASSWORD)
        users.set_active(s, SWITCHED_OFF, False)
        users.add_user(s, "twin@nhs.example", "team", PASSWORD)
        # Names differing only by case are refused now; a store made before may hold them.
        s.add(User(name="Twin@nhs.example", role="team", active=True,
                   password_hash=s.scalar(select(User.password_hash).where(
                       User.name == "twin@nhs.example"))))

    with sqlite_store.session() as s:
        match = oidc.match_account(s, {"email": REVIEWER, "email_verified": True})
        assert match.account is not None and match.account.name == REVIEWER
        assert match.problem is None and match.message is None
        # Letter case in the address does not matter ...
        match = oidc.match_account(s, {"email": " pat.lee@nhs.example "})
        assert match.account is not None and match.account.name == "Pat.Lee@NHS.example"
        # ... unless two accounts differ only by case: then only an exact match counts.
        assert oidc.match_account(s, {"email": "TWIN@nhs.example"}).problem == oidc.NO_ACCOUNT
        assert oidc.match_account(s, {"email": "Twin@nhs.example"}).account.name == (
            "Twin@nhs.example"
        )
        assert oidc.match_account(s, {"email": STRANGER}).problem == oidc.NO_ACCOUNT
        assert "no access yet" in oidc.match_account(s, {"email": STRANGER}).message
        switched_off = oidc.match_account(s, {"email": SWITCHED_OFF})
        assert switched_off.account is None and switched_off.problem == oidc.INACTIVE
        for claims in [{}, {"email": ""}, {"email": None}, {"name": "Jo"}]:
            assert oidc.match_account(s, claims).problem == oidc.NO_EMAIL
        # An address the provider says it has not verified is not trusted.
        for flag in [False, "false", "False"]:
            unverified = oidc.match_account(s, {"email": REVIEWER, "email_verified": flag})
            assert unverified.account is None and unverified.problem == oidc.UNVERIFIED
        # Providers that never send email_verified (e.g. Entra ID) are trusted on the address.
        assert oidc.match_account(s, {"email": REVIEWER, "email_verified": "true"}).account


def test_missing_settings() -> None:
    full = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "s" * 32,
        "client_id": "id",
        "client_secret": "secret",
        "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
    }
    assert oidc.missing_settings(full) == []
    assert oidc.missing_settings(dict(full, client_secret=" ")) == ["client_secret"]
    assert oidc.missing_settings(None) == list(oidc.REQUIRED_SETTINGS)
    partial = {k: v for k, v in full.items() if k != "server_metadata_url"}
    assert oidc.missing_settings(partial) == ["server_metadata_url"]


# --- the real app in a real browser ---------------------------------------------------------


@pytest.fixture(scope="module")
def oidc_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """The app (working directory with ``.streamlit/secrets.toml``) signing in through the
    local provider, over a fresh SQLite store with a local administrator, a reviewer whose
    account name is their email address, and a switched-off account."""
    if not Path(CHROMIUM).exists():  # only reached with ENGAGE_REQUIRE_BROWSER=1
        pytest.fail(f"ENGAGE_REQUIRE_BROWSER=1 but there is no browser at {CHROMIUM}")
    folder = tmp_path_factory.mktemp("oidc")
    url = f"sqlite:///{folder / 'engage.db'}"
    store = Store(url)
    with store.session() as s, s.begin():
        users.add_user(s, ADMIN, "admin", PASSWORD)
        users.add_user(s, REVIEWER, "reviewer", PASSWORD)
        users.add_user(s, TEAM, "team", PASSWORD)
        users.add_user(s, SWITCHED_OFF, "reviewer", PASSWORD)
        users.set_active(s, SWITCHED_OFF, False)
    store.close()

    port = free_port()
    base = f"http://localhost:{port}"
    redirect_uri = f"{base}/oauth2callback"
    idp = OIDCProvider(redirect_uris=[redirect_uri]).start()
    (folder / ".streamlit").mkdir()
    secrets_file = folder / ".streamlit" / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "{redirect_uri}"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        f'client_id = "{idp.client_id}"\n'
        f'client_secret = "{idp.client_secret}"\n'
        f'server_metadata_url = "{idp.metadata_url}"\n'
    )
    env = {
        "ENGAGE_DB": url,
        "ENGAGE_EMBEDDER": "tfidf",
        "HF_HUB_OFFLINE": "1",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
    # Only this secrets file (not ~/.streamlit/ or the project's .streamlit/, if present).
    only_these = ["--secrets.files", str(secrets_file)]
    try:
        with running_app(folder, port, env, extra_args=only_these, cwd=folder):
            yield SimpleNamespace(
                base=base, port=port, idp=idp, log=folder / "server.log", db=url
            )
    finally:
        idp.stop()


@pytest.fixture(scope="module")
def browser(oidc_app: SimpleNamespace) -> Iterator:
    with chromium_browser() as chromium:
        yield chromium


@pytest.fixture
def page(browser, oidc_app: SimpleNamespace) -> Iterator:  # noqa: ANN001
    """A fresh browser context (no cookies) whose requests may only go to the app and the
    provider; anything else is blocked and fails the test."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    outside: list[str] = []
    allowed = (
        oidc_app.base,
        f"http://127.0.0.1:{oidc_app.port}",
        oidc_app.idp.issuer,
        "data:",
        "blob:",
    )

    def guard(route) -> None:  # noqa: ANN001
        if route.request.url.startswith(allowed):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()
    assert outside == [], f"the page tried to reach the internet: {outside}"


@contextmanager
def failure_shot(page) -> Iterator[None]:  # noqa: ANN001
    """On failure, a screenshot of what the page showed (tests/e2e/screenshots/)."""
    try:
        yield
    except Exception:
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "oidc-failure.png"))
        raise


def org_sign_in(page, app: SimpleNamespace, email: str, verified: bool = True) -> None:  # noqa: ANN001
    """From the app's sign-in page, through the provider's form, back to the app."""
    from playwright.sync_api import expect

    page.goto(app.base)
    button = page.get_by_role("button", name=ORG_BUTTON)
    expect(button).to_be_visible(timeout=60_000)
    settle(page)
    button.click()
    page.wait_for_url(f"{app.idp.issuer}/authorize**", timeout=30_000)
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    page.get_by_label("Email address").fill(email)
    if not verified:
        page.get_by_label("Email not verified").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{app.base}/**", timeout=30_000)
    settle(page)


@pytest.mark.browser
@needs_browser
def test_org_sign_in_shows_the_accounts_pages_and_sign_out_ends_it(
    page, oidc_app: SimpleNamespace
) -> None:
    from playwright.sync_api import expect

    with failure_shot(page):
        idp = oidc_app.idp
        started = time.perf_counter()
        org_sign_in(page, oidc_app, REVIEWER)
        signed_in = page.get_by_text(re.compile(r"^Signed in as"))
        expect(signed_in).to_be_visible(timeout=60_000)
        assert REVIEWER in signed_in.inner_text() and "(Reviewer)" in signed_in.inner_text()
        took = time.perf_counter() - started
        # The reviewer's pages, and not the ones a reviewer cannot use.
        for title in ["What people told us", "Themes", "Review comments", "History of changes"]:
            expect(page.get_by_role("link", name=title)).to_be_visible()
        for title in ["People and passwords", "Add responses", "Download"]:
            expect(page.get_by_role("link", name=title)).to_have_count(0)
        expect(page.get_by_role("button", name=ORG_BUTTON)).to_have_count(0)
        # What the provider issued: the nonce Streamlit sent, for this app, for this person.
        claims = idp.issued[-1]
        assert claims["email"] == REVIEWER and claims["aud"] == idp.client_id
        assert claims["nonce"] and claims["iss"] == idp.issuer
        assert idp.errors == []
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "oidc-01-signed-in.png"))

        # A new tab in the same browser is signed in too (Streamlit's identity cookie).
        other = page.context.new_page()
        other.goto(oidc_app.base)
        expect(other.get_by_text(re.compile(r"^Signed in as"))).to_be_visible(timeout=60_000)
        other.close()

        logouts = len(idp.logouts)
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("button", name=ORG_BUTTON)).to_be_visible(timeout=60_000)
        settle(page)
        # st.logout went through the provider's end-session endpoint and back.
        deadline = time.monotonic() + 30
        while len(idp.logouts) == logouts and time.monotonic() < deadline:
            page.wait_for_timeout(250)
        assert len(idp.logouts) == logouts + 1
        assert idp.logouts[-1]["client_id"] == idp.client_id
        assert idp.logouts[-1]["post_logout_redirect_uri"] == f"{oidc_app.base}/oauth2callback"
        # The identity cookie is gone: a fresh load stays signed out.
        page.goto(oidc_app.base)
        expect(page.get_by_role("button", name=ORG_BUTTON)).to_be_visible(timeout=60_000)
        settle(page)
        expect(page.get_by_text(re.compile(r"^Signed in as"))).to_have_count(0)
        expect(page.get_by_role("link", name="Review comments")).to_have_count(0)
        print("seconds to sign in through the provider:", round(took, 2))


@pytest.mark.browser
@needs_browser
@pytest.mark.parametrize(
    ("email", "verified", "says"),
    [
        (STRANGER, True, "has no access yet"),
        (SWITCHED_OFF, True, "has been switched off"),
        (REVIEWER, False, "has not confirmed your email address"),
    ],
    ids=["no-account", "switched-off", "unverified-email"],
)
def test_org_sign_in_without_an_active_account_gives_no_pages(
    page, oidc_app: SimpleNamespace, email: str, verified: bool, says: str
) -> None:
    from playwright.sync_api import expect

    with failure_shot(page):
        org_sign_in(page, oidc_app, email, verified)
        expect(page.get_by_text(says)).to_be_visible(timeout=60_000)
        expect(page.get_by_text(f"You signed in as {email}")).to_be_visible()
        expect(page.get_by_text(re.compile(r"^Signed in as"))).to_have_count(0)
        for title in ["What people told us", "Review comments", "Themes"]:
            expect(page.get_by_role("link", name=title)).to_have_count(0)
        # A page address typed in shows the sign-in page, not the page.
        page.goto(f"{oidc_app.base}/review")
        expect(page.get_by_text(says)).to_be_visible(timeout=60_000)
        settle(page)
        expect(page.get_by_text(re.compile(r"^Comment number"))).to_have_count(0)
        SHOTS.mkdir(exist_ok=True)
        shot = email.split("@")[0] + ("" if verified else "-unverified")
        page.screenshot(path=str(SHOTS / f"oidc-02-{shot}.png"))
        # They can sign out of the organisation account (to try another) ...
        page.get_by_role("button", name="Sign out of your organisation account").click()
        expect(page.get_by_role("button", name=ORG_BUTTON)).to_be_visible(timeout=60_000)
        settle(page)
        expect(page.get_by_text(says)).to_have_count(0)
        # ... and still use a local account.
        expect(page.get_by_label("Your name")).to_be_visible()


@pytest.mark.browser
@needs_browser
def test_account_switched_off_while_signed_in_through_the_organisation(
    page, oidc_app: SimpleNamespace
) -> None:
    from playwright.sync_api import expect

    with failure_shot(page):
        org_sign_in(page, oidc_app, TEAM)
        signed_in = page.get_by_text(re.compile(r"^Signed in as"))
        expect(signed_in).to_be_visible(timeout=60_000)
        assert "(Engagement team)" in signed_in.inner_text()
        expect(page.get_by_role("link", name="Add responses")).to_be_visible()
        expect(page.get_by_role("link", name="Review comments")).to_have_count(0)
        # An administrator switches the account off; the next click shows no more pages.
        store = Store(oidc_app.db)
        try:
            with store.session() as s, s.begin():
                users.set_active(s, TEAM, False)
        finally:
            store.close()
        page.get_by_role("link", name="Themes").click()
        expect(page.get_by_text("has been switched off")).to_be_visible(timeout=60_000)
        settle(page)
        expect(page.get_by_text(re.compile(r"^Signed in as"))).to_have_count(0)
        expect(page.get_by_role("link", name="Add responses")).to_have_count(0)
