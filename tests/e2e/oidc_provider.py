"""A tiny but real OpenID Connect identity provider for tests (authorisation code flow).

It runs on 127.0.0.1 on a free port in a background thread and serves:

* ``/.well-known/openid-configuration`` - the discovery document;
* ``/authorize`` - a small sign-in form (an email box and a button); submitting it redirects to
  the client's ``redirect_uri`` with ``code`` and ``state``;
* ``/token`` - swaps the code (once, within a minute, with the client's secret by HTTP Basic or
  in the form, and the PKCE verifier when a challenge was sent) for an access token and an
  ``id_token`` signed RS256 with a key made at start;
* ``/jwks`` - that key's public half; ``/userinfo`` - the claims, for the access token;
* ``/logout`` - the end-session endpoint: records the sign-out and redirects to
  ``post_logout_redirect_uri``.

Nothing is fetched from anywhere. Anyone may sign in as any address: the email typed in the
form is what the ID token says (``email_verified`` is true unless ``unverified`` is ticked).
Run it by hand with ``python tests/e2e/oidc_provider.py`` to try the app's sign-in.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlencode, urlsplit, urlunsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

CODE_LIFETIME = 60
TOKEN_LIFETIME = 300

FORM = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body>
<h1>Test identity provider</h1>
<p>Signing in to <strong>{client}</strong>.</p>
<form method="post" action="/authorize">
  <input type="hidden" name="request" value="{request}">
  <p><label for="email">Email address</label>
  <input id="email" name="email" type="email" autocomplete="email" required></p>
  <p><label><input type="checkbox" name="unverified" value="1"> Email not verified</label></p>
  <p><button type="submit">Continue</button></p>
</form>
</body></html>
"""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _with_query(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = "&".join(q for q in [parts.query, urlencode(params)] if q)
    return urlunsplit(parts._replace(query=query))


@dataclass
class Grant:
    """An authorisation code waiting to be swapped at ``/token``."""

    client_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    challenge: str | None
    method: str | None
    email: str
    verified: bool
    issued: float = field(default_factory=time.time)


class OIDCProvider:
    """The provider; use as a context manager, or call :meth:`start` and :meth:`stop`."""

    def __init__(
        self,
        client_id: str = "engage-test",
        client_secret: str | None = None,
        redirect_uris: list[str] | None = None,
    ) -> None:
        """``redirect_uris``: the only addresses codes may be sent to (None: any)."""
        self.client_id = client_id
        self.client_secret = client_secret or secrets.token_urlsafe(24)
        self.redirect_uris = redirect_uris
        self.key = RSAKey.generate_key(
            2048, parameters={"kid": secrets.token_hex(8), "use": "sig", "alg": "RS256"}
        )
        self.pending: dict[str, dict[str, str]] = {}  # sign-in forms shown, by request id
        self.grants: dict[str, Grant] = {}  # codes not yet used
        self.tokens: dict[str, dict[str, Any]] = {}  # access token -> claims
        self.issued: list[dict[str, Any]] = []  # every ID token's claims, in order
        self.logouts: list[dict[str, str]] = []  # every end-session request's parameters
        self.errors: list[str] = []  # every request refused, and why
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- running ----------------------------------------------------------------------------

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def start(self) -> OIDCProvider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)

    def __enter__(self) -> OIDCProvider:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the protocol -----------------------------------------------------------------------

    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256", "plain"],
            "claims_supported": [
                "iss", "sub", "aud", "exp", "iat", "nonce", "email", "email_verified", "name",
            ],
        }  # fmt: skip

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.key.as_dict(private=False)]}

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], str]:
        """Check an authorisation request; show the sign-in form (status, headers, body)."""
        if query.get("client_id") != self.client_id:
            return self._refuse("authorize: unknown client_id")
        redirect_uri = query.get("redirect_uri", "")
        if not redirect_uri.startswith(("http://", "https://")):
            return self._refuse("authorize: redirect_uri missing or not absolute")
        if self.redirect_uris is not None and redirect_uri not in self.redirect_uris:
            return self._refuse(f"authorize: redirect_uri not registered: {redirect_uri}")
        if query.get("response_type") != "code":
            return self._refuse("authorize: response_type must be code")
        if "openid" not in query.get("scope", "").split():
            return self._refuse("authorize: scope must include openid")
        if query.get("code_challenge") and query.get("code_challenge_method", "plain") not in (
            "S256",
            "plain",
        ):
            return self._refuse("authorize: unsupported code_challenge_method")
        request = secrets.token_urlsafe(16)
        with self.lock:
            self.pending[request] = query
        body = FORM.format(client=html.escape(self.client_id), request=html.escape(request))
        return 200, {"Content-Type": "text/html; charset=utf-8"}, body

    def approve(self, form: dict[str, str]) -> tuple[int, dict[str, str], str]:
        """The sign-in form was sent: redirect back to the client with a code."""
        with self.lock:
            query = self.pending.pop(form.get("request", ""), None)
        if query is None:
            return self._refuse("authorize: unknown or used sign-in request")
        email = form.get("email", "").strip()
        if not email:
            return self._refuse("authorize: no email given")
        code = secrets.token_urlsafe(24)
        with self.lock:
            self.grants[code] = Grant(
                client_id=query["client_id"],
                redirect_uri=query["redirect_uri"],
                scope=query.get("scope", ""),
                nonce=query.get("nonce"),
                challenge=query.get("code_challenge"),
                method=query.get("code_challenge_method", "plain")
                if query.get("code_challenge")
                else None,
                email=email,
                verified=form.get("unverified") != "1",
            )
        back = {"code": code}
        if "state" in query:
            back["state"] = query["state"]
        return 302, {"Location": _with_query(query["redirect_uri"], back)}, ""

    def _client_ok(self, headers: Any, form: dict[str, str]) -> bool:
        auth = headers.get("Authorization", "")
        if auth.startswith("Basic "):
            try:
                raw = base64.b64decode(auth[6:]).decode("utf-8")
            except ValueError:
                return False
            client_id, _, secret = raw.partition(":")
            client_id, secret = unquote_plus(client_id), unquote_plus(secret)
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        return client_id == self.client_id and secrets.compare_digest(secret, self.client_secret)

    def token(self, headers: Any, form: dict[str, str]) -> tuple[int, dict[str, str], str]:
        """Swap an authorisation code for tokens."""
        if not self._client_ok(headers, form):
            return self._token_error(401, "invalid_client", "token: client authentication failed")
        if form.get("grant_type") != "authorization_code":
            return self._token_error(400, "unsupported_grant_type", "token: wrong grant_type")
        with self.lock:
            grant = self.grants.pop(form.get("code", ""), None)
        if grant is None or time.time() - grant.issued > CODE_LIFETIME:
            return self._token_error(400, "invalid_grant", "token: unknown, used or old code")
        if form.get("redirect_uri") != grant.redirect_uri:
            return self._token_error(400, "invalid_grant", "token: redirect_uri differs")
        if grant.challenge:
            verifier = form.get("code_verifier", "")
            made = (
                _b64(hashlib.sha256(verifier.encode("ascii")).digest())
                if grant.method == "S256"
                else verifier
            )
            if not verifier or not secrets.compare_digest(made, grant.challenge):
                return self._token_error(400, "invalid_grant", "token: PKCE verifier mismatch")
        access = secrets.token_urlsafe(32)
        now = int(time.time())
        local = grant.email.split("@", 1)[0]
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": hashlib.sha256(grant.email.lower().encode()).hexdigest()[:24],
            "aud": grant.client_id,
            "iat": now,
            "exp": now + TOKEN_LIFETIME,
            "auth_time": now,
            "email": grant.email,
            "email_verified": grant.verified,
            "name": local.replace(".", " ").title(),
            "at_hash": _b64(hashlib.sha256(access.encode("ascii")).digest()[:16]),
        }
        if grant.nonce:
            claims["nonce"] = grant.nonce
        id_token = jwt.encode({"alg": "RS256", "kid": self.key.kid, "typ": "JWT"}, claims, self.key)
        with self.lock:
            self.tokens[access] = claims
            self.issued.append(claims)
        body = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": TOKEN_LIFETIME,
            "scope": grant.scope,
            "id_token": id_token,
        }
        headers_out = {"Content-Type": "application/json", "Cache-Control": "no-store"}
        return 200, headers_out, json.dumps(body)

    def userinfo(self, headers: Any) -> tuple[int, dict[str, str], str]:
        auth = headers.get("Authorization", "")
        claims = self.tokens.get(auth[7:]) if auth.startswith("Bearer ") else None
        if claims is None:
            self.errors.append("userinfo: no valid access token")
            return 401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}, ""
        keep = ("sub", "email", "email_verified", "name")
        return 200, {"Content-Type": "application/json"}, json.dumps({k: claims[k] for k in keep})

    def logout(self, query: dict[str, str]) -> tuple[int, dict[str, str], str]:
        with self.lock:
            self.logouts.append(query)
        back = query.get("post_logout_redirect_uri")
        if back:
            extra = {"state": query["state"]} if "state" in query else {}
            return 302, {"Location": _with_query(back, extra)}, ""
        return 200, {"Content-Type": "text/plain; charset=utf-8"}, "You have signed out."

    def _refuse(self, why: str) -> tuple[int, dict[str, str], str]:
        self.errors.append(why)
        return 400, {"Content-Type": "text/plain; charset=utf-8"}, why

    def _token_error(self, status: int, error: str, why: str) -> tuple[int, dict[str, str], str]:
        self.errors.append(why)
        return status, {"Content-Type": "application/json"}, json.dumps({"error": error})

    # --- HTTP -------------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
                pass

            def _send(self, reply: tuple[int, dict[str, str], str]) -> None:
                status, headers, body = reply
                data = body.encode("utf-8")
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _query(self) -> tuple[str, dict[str, str]]:
                parts = urlsplit(self.path)
                return parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}

            def _form(self) -> dict[str, str]:
                size = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(size).decode("utf-8") if size else ""
                return {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                path, query = self._query()
                json_type = {"Content-Type": "application/json"}
                if path == "/.well-known/openid-configuration":
                    self._send((200, json_type, json.dumps(provider.metadata())))
                elif path == "/jwks":
                    self._send((200, json_type, json.dumps(provider.jwks())))
                elif path == "/authorize":
                    self._send(provider.authorize(query))
                elif path == "/userinfo":
                    self._send(provider.userinfo(self.headers))
                elif path == "/logout":
                    self._send(provider.logout(query))
                else:
                    self._send((404, {"Content-Type": "text/plain"}, "not found"))

            def do_POST(self) -> None:  # noqa: N802
                path, _ = self._query()
                form = self._form()
                if path == "/authorize":
                    self._send(provider.approve(form))
                elif path == "/token":
                    self._send(provider.token(self.headers, form))
                elif path == "/userinfo":
                    self._send(provider.userinfo(self.headers))
                else:
                    self._send((404, {"Content-Type": "text/plain"}, "not found"))

        return Handler


if __name__ == "__main__":
    with OIDCProvider() as idp:
        print(
            "[auth]\n"
            'redirect_uri = "http://localhost:8501/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
            f'client_id = "{idp.client_id}"\n'
            f'client_secret = "{idp.client_secret}"\n'
            f'server_metadata_url = "{idp.metadata_url}"\n'
        )
        print("Serving; press Ctrl+C to stop.")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
