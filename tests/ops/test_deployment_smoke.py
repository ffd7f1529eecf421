"""The deployment as shipped (deploy/), started here without Docker: Debian's nginx with deploy/nginx.conf
and a self-signed certificate, gunicorn with deploy/gunicorn.conf.py, a triage worker holding the triage
key (and nobody else), Redis for the broker with an append-only file and Redis for the cache without, all
on loopback. A reporter submits through nginx and the report is triaged; the proxy's headers and body
limit hold; and the two proxy mistakes of issue 13 (finding 3) fail safe:

(a) behind the proxy with TRUSTED_PROXY_COUNT unset, the application does not start (BEHIND_TLS_PROXY set)
    or refuses every request (neither set), instead of putting every reporter in the proxy's one
    rate-limit bucket; with the shipped settings each client has its own bucket;
(b) with TRUSTED_PROXY_COUNT=1 and gunicorn reachable without the proxy, a client writing its own
    X-Forwarded-For is still counted by its own address.
"""

import re
import socket
import ssl

import pytest
from django.conf import settings

from observatory.accounts import keys
from observatory.casework.models import Case
from reports_intake import pow
from reports_intake.models import Report
from tests.factories import create_office
from tests.ops import stack
from tests.waiting import wait_until

RECEIPT = re.compile(r'id="receipt"[^>]*>\s*([0-9A-Z]{4}(?:-[0-9A-Z]{1,4}){5,7})\s*<')
POW_TOKEN = re.compile(r'name="pow_token"\s+value="([^"]+)"|value="([^"]+)"\s+name="pow_token"')
CSRF = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')
NARRATIVE = "En la entrada de la discoteca el portero nos dijo que con ese pañuelo no podía entrar."
ANSWERS = {
    "narrative": NARRATIVE,
    "when_kind": "unknown",
    "where_kind": "online",
    "reporter_role": "victim",
    "grounds": ["anti_muslim"],
    "domains": ["goods_services"],
    "contact": "",
    "language": "es",
}
POW_DIFFICULTY = 8  # stack.app_env
RATE_LIMIT_KEY = "smoke-rate-limit-key-0123456789abcdef"
MAILBOX_LIMIT = 3
# Browsers under Referrer-Policy: no-referrer send `Origin: null` with every form POST.
FORM_HEADERS = {"Origin": "null"}


class Deployment:
    """The two Redis servers of the layout, and every process a test starts, to stop by pid."""

    def __init__(self, log_dir, report_path: str):
        self.log_dir, self.report_path = log_dir, report_path
        self.broker = stack.Redis(log_dir, persistent=True)
        self.cache = stack.Redis(log_dir, persistent=False)
        self.started: list[stack.Process] = [self.broker, self.cache]

    def env(self, **overrides):
        return stack.app_env(self.broker, self.cache, self.log_dir / "media", **overrides)

    def start(self, process):
        self.started.append(process)
        return process

    def stop(self):
        for process in reversed(self.started):
            process.stop()


@pytest.fixture
def deployment(transactional_db, tmp_path, triage_key_file):
    """The office and its triage key and the report page in the test database, and the two Redis
    servers; each test starts the processes with the settings it is about."""
    create_office(triage_key=keys.read_private_key_file(triage_key_file))
    running = Deployment(tmp_path, stack.report_page_path())
    yield running
    running.stop()


SHIPPED = {  # what deploy/compose.yaml sets for the web service, besides secrets and addresses
    "BEHIND_TLS_PROXY": "1",
    "TRUSTED_PROXY_COUNT": "1",
    "RATE_LIMIT_KEY": RATE_LIMIT_KEY,
    "MAILBOX_LOGINS_PER_CLIENT_15MIN": str(MAILBOX_LIMIT),
}


def _submit(client, report_path: str) -> str:
    """A reporter's whole submission, as a browser with JavaScript sends it; returns the receipt."""
    page = client.get(report_path)
    assert page.status_code == 200, page.status_code
    answers = {**ANSWERS, "csrfmiddlewaretoken": CSRF.search(page.text).group(1)}
    review = client.post(report_path, data={**answers, "step": "contact"}, headers=FORM_HEADERS)
    assert review.status_code == 200, review.text[:2000]
    match = POW_TOKEN.search(review.text)
    assert match, "the review step handed out no proof-of-work challenge"
    token = match.group(1) or match.group(2)
    solution = pow.solve(token, POW_DIFFICULTY)
    sent = client.post(
        report_path,
        data={**answers, "step": "review", "pow_token": token, "pow_solution": solution},
        headers=FORM_HEADERS,
    )
    assert sent.status_code == 200, sent.text[:2000]
    receipt = RECEIPT.search(sent.text)
    assert receipt, "no receipt shown after sending"

    return receipt.group(1)


def _mailbox_login_statuses(client, times: int, **headers) -> list[int]:
    """POST a wrong receipt `times` times; the per-client limit is counted before anything else."""
    login = client.get("/es/mailbox/")
    token = CSRF.search(login.text).group(1)
    return [
        client.post(
            "/es/mailbox/",
            data={"csrfmiddlewaretoken": token, "receipt": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG"},
            headers={**FORM_HEADERS, **headers},
        ).status_code
        for _ in range(times)
    ]


def _distinct_client_addresses(count: int) -> list[str]:
    """Loopback addresses whose 16-bit rate-limit ids differ today (ids are shared on purpose, so two
    addresses can collide; the test must not take a collision for a shared bucket)."""
    from reports_intake import abuse

    chosen, ids = [], set()
    for last in range(2, 250):
        address = f"127.0.0.{last}"
        client_id = abuse._client_id(abuse._daily_secret(), address)
        if client_id not in ids:
            chosen.append(address)
            ids.add(client_id)
        if len(chosen) == count:
            return chosen
    raise AssertionError("no distinct client ids")


def _raw_tls_request(nginx: stack.Nginx, head: str) -> tuple[int, dict[str, list[str]]]:
    context = ssl.create_default_context(cafile=str(nginx.ca_file))
    with socket.create_connection(("127.0.0.1", nginx.https_port), timeout=15) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as sock:
            sock.sendall(head.encode())
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
    lines = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers: dict[str, list[str]] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return int(lines[0].split()[1]), headers


SECURITY_HEADERS = (
    "strict-transport-security",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "content-security-policy",
)


def test_a_report_sent_through_nginx_is_triaged_and_the_proxy_holds(deployment, triage_key_file, settings):
    settings.RATE_LIMIT_KEY = RATE_LIMIT_KEY  # this process computes the same client ids as gunicorn
    web = deployment.start(stack.Gunicorn(deployment.env(**SHIPPED), deployment.log_dir, workers=2))
    triage_env = deployment.env(TRIAGE_PRIVATE_KEY_FILE=str(triage_key_file))
    worker = deployment.start(stack.Worker(triage_env, deployment.log_dir, queues="triage", name="triage"))
    web.wait_ready()
    nginx = deployment.start(stack.Nginx(web.port, deployment.log_dir))

    # A report through the proxy, over TLS, triaged by the worker that holds the key.
    with nginx.client() as browser:
        receipt = _submit(browser, deployment.report_path)
        page = browser.get(deployment.report_path)
    assert receipt
    report = wait_until(
        lambda: Report.objects.filter(status=Report.Status.TRIAGED).first(), 90, what="report triaged"
    )
    assert Report.objects.count() == 1 and report.triage.model_version
    assert Case.objects.filter(report=report).count() == 1
    assert "casework.triage_report" in worker.log()
    # The web tier never had the triage key.
    assert "TRIAGE_PRIVATE_KEY_FILE" not in web.env and worker.env["TRIAGE_PRIVATE_KEY_FILE"]

    # Each security header exactly once on the app's pages (the app's own, not doubled by the proxy).
    for name in SECURITY_HEADERS:
        assert len(page.headers.get_list(name)) == 1, (name, page.headers.get_list(name))
    assert page.headers["strict-transport-security"].startswith("max-age=")
    assert (
        page.headers["x-frame-options"] == "DENY"
        and "script-src 'self'" in page.headers["content-security-policy"]
    )
    assert page.headers["server"] == "nginx"  # no version

    # A body over the limit is refused by nginx before gunicorn reads any of it, with the headers too.
    status, headers = _raw_tls_request(
        nginx,
        f"POST {deployment.report_path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: {60 * 1024 * 1024}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n",
    )
    assert status == 413
    for name in SECURITY_HEADERS:
        assert len(headers.get(name, [])) == 1, (name, headers)

    # Readiness and metrics are for the monitoring host (loopback here), not for the public.
    with nginx.client("127.0.0.3") as outsider:
        assert outsider.get("/readyz").status_code == 403 and outsider.get("/metrics").status_code == 403
        assert outsider.get("/healthz").status_code == 200

    # Plain HTTP is sent to HTTPS.
    plain = stack.httpx.get(f"http://127.0.0.1:{nginx.http_port}/es/", follow_redirects=False, timeout=10)
    assert plain.status_code == 301 and plain.headers["location"].startswith("https://")

    # (a) as shipped: each client has its own bucket, and a client cannot choose another one.
    first, second = _distinct_client_addresses(2)
    with nginx.client(first) as one, nginx.client(second) as other:
        assert _mailbox_login_statuses(one, MAILBOX_LIMIT) == [400] * MAILBOX_LIMIT
        assert _mailbox_login_statuses(one, 1) == [429]
        # The proxy replaces X-Forwarded-For: naming another address does not open a new bucket.
        assert _mailbox_login_statuses(one, 1, **{"X-Forwarded-For": "198.51.100.9"}) == [429]
        assert _mailbox_login_statuses(other, 1) == [400]  # another reporter is not locked out


def test_behind_the_proxy_without_counting_it_the_site_fails_loudly(deployment):
    # BEHIND_TLS_PROXY without TRUSTED_PROXY_COUNT: gunicorn's workers refuse to boot.
    half = deployment.start(
        stack.Gunicorn(deployment.env(BEHIND_TLS_PROXY="1", TRUSTED_PROXY_COUNT=None), deployment.log_dir)
    )
    wait_until(lambda: not half.alive(), 60, what="gunicorn giving up")
    assert "ImproperlyConfigured" in half.log() and "TRUSTED_PROXY_COUNT" in half.log()

    # Neither set, nginx in front: every request is refused and the log says why, instead of one bucket
    # for everybody.
    env = deployment.env(BEHIND_TLS_PROXY=None, TRUSTED_PROXY_COUNT=None, RATE_LIMIT_KEY=RATE_LIMIT_KEY)
    web = deployment.start(stack.Gunicorn(env, deployment.log_dir))
    web.wait_ready()  # /healthz straight to gunicorn (no proxy header) still answers
    nginx = deployment.start(stack.Nginx(web.port, deployment.log_dir))
    with nginx.client("127.0.0.2") as browser:
        statuses = [browser.get("/es/mailbox/").status_code for _ in range(3)]
    assert statuses == [503] * 3
    assert "TRUSTED_PROXY_COUNT=0" in web.log() and "127.0.0.2" not in web.log()


def test_counting_a_proxy_that_is_not_there_lets_no_one_spoof_an_address(deployment):
    # Shipped settings, but gunicorn reached directly (no nginx), from an address that is not the proxy's.
    web = deployment.start(stack.Gunicorn(deployment.env(**SHIPPED), deployment.log_dir))
    web.wait_ready()
    transport = stack.httpx.HTTPTransport(local_address="127.0.0.7")
    with stack.httpx.Client(base_url=web.url, transport=transport, timeout=30) as attacker:
        login = attacker.get("/es/mailbox/")
        token = CSRF.search(login.text).group(1)
        cookie = login.headers["set-cookie"].split(";", 1)[0]  # Secure: sent by hand over plain HTTP
        statuses = [
            attacker.post(
                "/es/mailbox/",
                data={"csrfmiddlewaretoken": token, "receipt": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG"},
                headers={
                    **FORM_HEADERS,
                    "Cookie": cookie,
                    "X-Forwarded-For": f"203.0.113.{attempt}",  # a new address every time
                    "X-Forwarded-Proto": "https",
                },
            ).status_code
            for attempt in range(MAILBOX_LIMIT + 2)
        ]
    assert statuses[MAILBOX_LIMIT:] == [429, 429], statuses
    assert "outside TRUSTED_PROXY_ADDRESSES" in web.log() and "127.0.0.7" not in web.log()
    assert settings.TRUSTED_PROXY_COUNT == 0  # this process's own settings were not touched
