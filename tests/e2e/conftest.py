"""Browser fixtures: Playwright drives Debian's /usr/bin/chromium against live_server.

The browser is never downloaded (no `playwright install`); tests are skipped with a clear
reason only when Chromium is absent, and scripts/bootstrap --test installs it.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.dossiers.conftest import build_world

CHROMIUM = os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; Django's ORM calls from test
# code are still synchronous, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/bootstrap --test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


# Screenshots of failed browser tests land here (.ci/run prints the folder when tests fail).
ARTIFACTS = Path(os.environ.get("MOTCUA_E2E_ARTIFACTS", "var/e2e"))


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        for i, each in enumerate(context.pages):
            shot = ARTIFACTS / f"{name}{'' if i == 0 else f'-{i}'}.png"
            each.screenshot(path=str(shot), full_page=True)
            print(f"screenshot: {shot}")
    context.close()


@pytest.fixture
def sign_in(page, live_server):
    """sign_in(user): the browser carries a session of `user` (the sign-in form itself is
    tested once, in the accounts journey)."""

    def sign_in(user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.clear_cookies()
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return sign_in


@pytest.fixture
def world(transactional_db, django_user_model, settings):
    """The dossier tests' world (tests/dossiers/conftest.py), committed so that the live
    server's thread sees it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world(django_user_model)
