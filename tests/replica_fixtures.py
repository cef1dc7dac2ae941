"""nginx with the deploy/ configuration in front of app replicas, and the browser steps of
tests/test_replicas.py (`make stress-replicas`).

nginx runs deploy/nginx/sanwari.conf as the file is deployed: only its listen port and the
replica ports are changed (the file is included into a minimal http block that gives this
run its own pid, logs and temp folders, as Debian's /etc/nginx/nginx.conf would).
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.bench import appserver
from tests.concurrency_fixtures import ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOY_CONF = ROOT / "deploy" / "nginx" / "sanwari.conf"
PASSWORD = "replica-test-password-1"
THROTTLED = "試行回数が多すぎます"
WRONG = "ユーザー名またはパスワードが違います"


def nginx_site(listen: int, ports: tuple[int, int]) -> str:
    """deploy/nginx/sanwari.conf with its listen port and replica ports changed, nothing else."""
    text = DEPLOY_CONF.read_text(encoding="utf-8")
    for old, new in (("listen 8080;", f"listen 127.0.0.1:{listen};"),
                     ("server 127.0.0.1:8601 ", f"server 127.0.0.1:{ports[0]} "),
                     ("server 127.0.0.1:8602 ", f"server 127.0.0.1:{ports[1]} ")):
        assert text.count(old) == 1, f"deploy/nginx/sanwari.conf no longer has {old!r} once"
        text = text.replace(old, new)
    return text


def start_nginx(work: Path, listen: int, ports: tuple[int, int]) -> subprocess.Popen:
    (work / "site.conf").write_text(nginx_site(listen, ports), encoding="utf-8")
    # The access log names the route cookie and the replica that served each request.
    # Run as root (CI), nginx's workers would drop to `nobody`, who cannot write the temp
    # folders inside pytest's private tmp folder (an upload's body is spooled there).
    user = "user root;" if os.getuid() == 0 else ""
    (work / "nginx.conf").write_text(f"""
{user}
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    log_format routes '$cookie_sanwari_route $upstream_addr $status $request_uri';
    access_log {work}/access.log routes;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/site.conf;
}}
""", encoding="utf-8")
    proc = subprocess.Popen([NGINX, "-p", str(work), "-c", str(work / "nginx.conf"),
                             "-e", str(work / "error.log")], preexec_fn=appserver._die_with_parent)
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{listen}/_stcore/health", timeout=2)
            return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError((work / "error.log").read_text())
            time.sleep(0.2)
    raise RuntimeError("nginx did not answer")


@contextlib.contextmanager
def replicas(db: Path, env: dict, count: int = 2):
    """`count` app servers on `db` started at the same time (each warms before it listens);
    yields their (url, process) pairs and stops them all."""
    cms = [appserver.app_server(db, env=env) for _ in range(count)]
    with ThreadPoolExecutor(count) as pool, contextlib.ExitStack() as stack:
        futures = [pool.submit(cm.__enter__) for cm in cms]
        started, failed = [], None
        for cm, future in zip(cms, futures):
            try:
                started.append(future.result())
                stack.push(cm.__exit__)
            except Exception as exc:  # noqa: BLE001 - stop the others, then raise
                failed = exc
        if failed:
            raise failed
        yield started


def served_by(access_log: Path) -> dict[str, set[str]]:
    """route cookie → the replica addresses nginx sent its requests to."""
    out: dict[str, set[str]] = {}
    for line in access_log.read_text().splitlines():
        route, upstream, *_ = line.split(" ") + ["", ""]
        if route and route != "-" and upstream and upstream != "-":
            out.setdefault(route, set()).update(u.strip(",") for u in upstream.split(", "))
    return out


def say(text: str) -> None:
    print(f"replicas {time.strftime('%H:%M:%S')}: {text}", flush=True)


async def progress(counts, every_s: float = 20.0) -> None:
    """Every `every_s` seconds: sessions signed in, page loads, errors and the load average,
    so that a slow run shows where it stalled."""
    while True:
        await asyncio.sleep(every_s)
        signed_in, loads, errors = counts()
        say(f"{signed_in} signed in, {loads} page loads, {errors} errors, "
            f"load average {os.getloadavg()[0]:.1f}")


# ---------------------------------------------------------------- browser steps
async def submit_sign_in(page, url: str, name: str, password: str = PASSWORD) -> None:
    await page.goto(url + "/", wait_until="domcontentloaded")
    await page.wait_for_selector("text=ログインが必要", timeout=120_000)
    await page.get_by_label("ユーザー名 / User name").fill(name)
    await page.get_by_label("パスワード / Password").fill(password)
    await page.get_by_role("button", name="ログイン / Sign in").click()


async def sign_in(page, url: str, name: str) -> None:
    """Sign in and wait until the first page is drawn; an error shown instead fails."""
    from tests.test_concurrency import _ready
    await submit_sign_in(page, url, name)
    done = page.locator('[data-testid="stSidebar"] >> text=ログアウト').or_(
        page.locator('[data-testid="stAlertContentError"]'))
    await done.first.wait_for(timeout=120_000)
    if await page.locator('[data-testid="stAlertContentError"]').count():
        raise RuntimeError("sign-in refused: " + await page.inner_text(
            '[data-testid="stAlertContentError"]'))
    await page.wait_for_function("() => !document.body.innerText.includes('ログインが必要')",
                                 timeout=120_000)
    await _ready(page)


async def answer(page) -> str:
    """The sign-in form's answer: the error shown, or 'signed in'."""
    done = page.locator('[data-testid="stAlertContentError"]').or_(
        page.locator('[data-testid="stSidebar"] >> text=ログアウト'))
    await done.first.wait_for(timeout=120_000)
    errors = page.locator('[data-testid="stAlertContentError"]')
    return await errors.first.inner_text() if await errors.count() else "signed in"


async def throttle_across(browser, url_a: str, url_b: str, name: str, client: str) -> list[str]:
    """Wrong passwords on replica A until the account waits 64 s (failures 1..7: 0, 2, 4,
    8, 16, 32, 64 s), then the right password on replica B. Returns every answer, B's last.

    B's sign-in form is opened and filled before the last failure, so only the click is left
    to do inside the wait: on a loaded machine, loading a page can take longer than the
    wait itself, and the right password would then (rightly) go through.

    The attacker is its own client: it talks to the replicas directly with the header
    nginx would set (X-Real-IP), so its failures do not hold back the test's other browsers,
    which all reach nginx from 127.0.0.1."""
    context = await browser.new_context(extra_http_headers={"X-Real-IP": client})
    context.set_default_timeout(120_000)
    context.set_default_navigation_timeout(120_000)
    page, page_b = await context.new_page(), await context.new_page()
    await page_b.goto(url_b + "/", wait_until="domcontentloaded")
    await page_b.wait_for_selector("text=ログインが必要", timeout=120_000)
    await page_b.get_by_label("ユーザー名 / User name").fill(name)
    await page_b.get_by_label("パスワード / Password").fill(PASSWORD)
    answers, failures = [], 0
    while failures < 7:
        await submit_sign_in(page, url_a, name, "wrong-password-0")
        answers.append(await answer(page))
        if WRONG in answers[-1]:
            failures += 1
        elif THROTTLED in answers[-1]:   # a lock from the failures before: wait it out
            await asyncio.sleep(1.0)
        else:
            break
    await page_b.get_by_role("button", name="ログイン / Sign in").click()
    answers.append(await answer(page_b))
    await context.close()
    return answers
