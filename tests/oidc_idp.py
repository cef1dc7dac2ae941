"""A real OpenID provider for the sign-in tests: tests/oidc/provider.js (panva's oidc-provider on
Node, installed by `make test` through `npm ci --prefix tests/oidc`), and the Streamlit `[auth]`
secrets that point the app at it. Both are made for one test run, in a temporary folder: the
client secret, the cookie secret and the accounts' passwords are random and never written into
the repository.

The provider runs at `localhost` and the app at `127.0.0.1`, so the browser's trip to the
provider and back is cross-site, as with a real identity provider on another domain.
"""
from __future__ import annotations

import contextlib
import json
import secrets
import shutil
import subprocess
import urllib.request
from pathlib import Path

from tests.bench.appserver import child_process, free_port

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc"
CLIENT_ID = "sanwari-test"

# The provider's accounts: the login typed into its form, and the claims of the ID token.
# Three e-mail addresses are registered in the app's role table by the test; the fourth is a
# subject the provider knows and the app does not.
IDENTITIES = {
    "national": {"sub": "u-nat-0001", "email": "kokusei@digital.example.jp", "name": "国 担当"},
    "prefecture": {"sub": "u-pref-0035", "email": "tanaka@pref.yamaguchi.example.jp",
                   "name": "田中 山口県"},
    "municipality": {"sub": "u-org-232033", "email": "sato@city.ichinomiya.example.jp",
                     "name": "佐藤 一宮市"},
    "stranger": {"sub": "u-unknown-9999", "email": "stranger@example.org", "name": "Stranger"},
}


def node_missing_reason() -> str | None:
    """Why the provider cannot run here (no Node), or None. With Node present, missing
    node_modules is an error (`make test` installs them), not a reason to skip."""
    if shutil.which("node") is None:
        return "node is not installed (the OIDC test needs Node >= 20 and `make test`'s npm ci)"
    return None


@contextlib.contextmanager
def provider(workdir: Path, app_port: int):
    """Yield (issuer, passwords by login) of a running provider whose one client may return
    to the app at 127.0.0.1:app_port."""
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError("tests/oidc/node_modules is missing: run `make test` (npm ci --prefix tests/oidc)")
    port = free_port()
    issuer = f"http://localhost:{port}"
    passwords = {login: secrets.token_urlsafe(12) for login in IDENTITIES}
    config = {
        "issuer": issuer, "port": port, "cookie_keys": [secrets.token_urlsafe(32)],
        "client": {"client_id": CLIENT_ID, "client_secret": client_secret(workdir),
                   "redirect_uris": [f"http://127.0.0.1:{app_port}/oauth2callback"],
                   "post_logout_redirect_uris": [f"http://127.0.0.1:{app_port}/oauth2callback"]},
        "accounts": [{"login": login, "password": passwords[login],
                      "claims": {**claims, "email_verified": True}}
                     for login, claims in IDENTITIES.items()],
    }
    path = workdir / "provider.json"
    path.write_text(json.dumps(config))
    path.chmod(0o600)

    def ready(proc) -> None:
        if proc.stdout.readline().strip() != "ready":          # printed once it listens
            raise RuntimeError(f"the OIDC provider did not start (exit {proc.poll()})")
        with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=10) as r:
            assert json.load(r)["issuer"] == issuer
    with child_process(["node", str(PROVIDER_DIR / "provider.js"), str(path)], ready, grace_s=10,
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True):
        yield issuer, passwords


def client_secret(workdir: Path) -> str:
    """The client secret shared by the provider and the app for this run."""
    path = workdir / "client_secret"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text()


def write_secrets(workdir: Path, issuer: str, app_port: int) -> Path:
    """The app's secrets.toml with the `[auth]` section of README "Set-up 2", for this run."""
    path = workdir / "secrets.toml"
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(48)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{client_secret(workdir)}"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n')
    path.chmod(0o600)
    return path
