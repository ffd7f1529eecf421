"""A real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against pytest-django's
live server. Every request the browser makes and every Content-Security-Policy complaint it logs is
recorded, so tests can assert that a reporter's browser talks to nobody but us and that our pages
work under the strict policy.

Never `playwright install`: the tests use the distribution's Chromium, which gets security updates.
"""

import shutil
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from wagtail.models import Site

from tests.factories import create_office, wagtail_roots

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    if shutil.which(CHROMIUM) is None:
        skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def chromium(transactional_db, live_server, monkeypatch):
    """One browser per test. Playwright's sync API leaves an asyncio loop marked as running in this
    thread for as long as it is open, and Django refuses ORM calls under a running loop; so the browser
    starts after the database and the live server, stops before them, and the ORM calls the test makes
    meanwhile are allowed explicitly (they are plain synchronous calls in the test's own thread)."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class Visit:
    """A fresh browser profile (no cookies, no cache) and what it did."""

    page: object
    origin: str
    requests: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed_responses: list[tuple[int, str]] = field(default_factory=list)
    # (method, path) of every page the browser loaded, form posts included.
    documents: list[tuple[str, str]] = field(default_factory=list)
    # The Content-Type of every form the browser posted as a page load, in order.
    posted_as: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.origin + path

    def foreign_requests(self) -> list[str]:
        """Every request to anything but our own origin (data: URLs never leave the browser)."""
        own = urlsplit(self.origin)
        return [
            url
            for url in self.requests
            if not url.startswith("data:") and urlsplit(url)[:2] != (own.scheme, own.netloc)
        ]


def new_visit(browser, origin: str, **context_options) -> tuple[object, Visit]:
    """A fresh browser context on ``origin`` whose requests, console errors and failed responses are
    recorded; returns (context, visit). The caller closes the context."""
    context = browser.new_context(**{"locale": "es-ES", "java_script_enabled": True, **context_options})
    page = context.new_page()
    session = Visit(page=page, origin=origin)
    context.on("request", lambda request: _request(session, request))
    page.on("console", lambda message: _console(session, message))
    page.on("pageerror", lambda error: session.errors.append(str(error)))
    page.on("response", lambda response: _response(session, response))
    page.set_default_timeout(20_000)
    return context, session


@pytest.fixture
def visit(chromium, live_server):
    context, session = new_visit(chromium, live_server.url)
    yield session
    context.close()


def _request(session: Visit, request) -> None:
    session.requests.append(request.url)
    if request.resource_type == "document":
        url = urlsplit(request.url)
        session.documents.append((request.method, url.path + (f"?{url.query}" if url.query else "")))
        if request.method == "POST":
            session.posted_as.append(request.headers.get("content-type", "").split(";")[0])


def _console(session: Visit, message) -> None:
    if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
        session.csp_violations.append(message.text)
    elif message.type == "error" and not message.text.startswith("Failed to load resource"):
        session.errors.append(message.text)  # failed loads are in failed_responses, with their URL


def _response(session: Visit, response) -> None:
    # Browsers ask for /favicon.ico on their own; the site ships none (see the abuse engineer's report).
    if response.status >= 400 and urlsplit(response.url).path != "/favicon.ico":
        session.failed_responses.append((response.status, response.url))


@pytest.fixture
def home_page(transactional_db):
    """The public front page as the site root, committed so the live server sees it."""
    from cms.models import HomePage

    page = wagtail_roots().add_child(
        instance=HomePage(title="Observatorio", slug="browser-home", report_call="Cuéntanos qué pasó")
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": page, "hostname": "localhost", "port": 80}
    )
    return page


@pytest.fixture
def report_page(home_page):
    """The intake form under the home page, as the demo places it."""
    from cms.models import ReportPage

    return home_page.add_child(instance=ReportPage(title="Informar de un incidente", slug="informar"))


@pytest.fixture
def submission_keys(transactional_db):
    """The office's and the triage public keys every report is wrapped to (private halves discarded)."""
    from observatory.accounts import keys

    create_office()
    yield
    keys.clear_cache()


@pytest.fixture
def journey_settings(settings):
    settings.POW_DIFFICULTY = 8
    # The live server sees every test's requests as 127.0.0.1: keep earlier runs from tripping limits.
    settings.ABUSE_RATE_LIMITS = {name: (1000, 3600) for name in ("submit", "nojs", "receipt-login")}
