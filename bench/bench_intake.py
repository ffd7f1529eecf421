"""How many complete anonymous submissions a second the intake accepts, walked the way browsers walk
it, and where the server's CPU goes (DESIGN §1: bursts of hundreds a second; issue 19's targets: with
JavaScript >= 150 complete submissions/s with p95 of a whole submission < 500 ms at 32 clients, without
JavaScript >= 60/s with p95 < 1.5 s).

    make bench-intake                                    # js, nojs and floor at 8 and 32 clients + profile
    .venv/bin/python bench/bench_intake.py --modes js,nojs --clients 32 --seconds 30
    .venv/bin/python bench/bench_intake.py --app-dir /tmp/old-checkout   # the same clients, older code

Modes (every HTTP mode runs gunicorn with deploy/gunicorn.conf.py on a separate PostGIS database,
`observatory_bench`, dropped, created and migrated here, with Redis as cache and broker, database 13):
  js      what a browser with JavaScript does: one GET of the report page; if the page runs the steps in
          the page (`data-intake-steps`), one POST of every answer to reach the review step, otherwise
          the step-by-step POSTs as below; then it solves the proof of work and sends the final
          POST, urlencoded where pow.js sends it so without a file (`data-enctype-without-files`),
          multipart otherwise. A new connection for every reporter.
  nojs    what a browser without JavaScript does: the GET, then one POST per step with the answers so
          far as the page's hidden fields carry them (parsed from each page), then the final multipart
          POST without a proof of work (the server counts it on its stricter `nojs` allowance, lifted
          here). A new connection for every reporter: 7 requests per submission.
  floor   the old measure, kept only as a floor: every answer posted straight to the contact step, then
          the final POST, over one keep-alive connection per client for the whole run. No browser does this.
  direct  `reports_intake.actions.submit_report` called by worker processes with the same answers,
          without HTTP, forms or proof of work: what storing a report costs by itself.
  js-inprocess, nojs-inprocess
          the js or nojs reporter, one after another in one process, each request handed straight to
          Django's WSGI handler (no sockets, no gunicorn, no other thread): CPU ms per request and per
          submission (this thread's time, median and p95 of --submissions). It does not say how many
          a second the server takes; it says where one submission's CPU goes, and moves less with the
          machine's load than the HTTP modes (with --profile, split by part as below).

Reported per mode and client count: complete submissions a second, p50/p95 of the whole submission and
of each request, server CPU per submission, and how evenly the gunicorn workers shared it. Static files
are not fetched: nginx serves them from its cache, not gunicorn. With --profile (on by default in
`make bench-intake`), every HTTP mode runs again for a few seconds under cProfile in every gunicorn
thread, and the server's own CPU time is split into templates, forms, ORM, crypto, publish (Celery) and
the rest, by the file each function's own time was spent in (a C function's time goes to its callers).

`--server granian` runs the HTTP modes on granian (`pip install granian==2.8.9` first) with the same
workers and two threads each, to compare application servers; the deployment runs gunicorn.

Rate limits are lifted for the run (a bench settings module in a temporary directory overrides
ABUSE_RATE_LIMITS); the proof of work's difficulty is lowered by default (--difficulty 8) because the
clients solve it on the server's own cores: a real reporter's phone pays for it, not the server,
whose check is one hash at any difficulty. The clients share the server's two cores: report the
machine's load with every run.
"""

import argparse
import asyncio
import html
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DEFAULT_DATABASE = "postgis://postgres@127.0.0.1:5432/observatory_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/13"
RECEIPT = re.compile(r'id="receipt"[^>]*>\s*[0-9A-Z][0-9A-Z-]{15,}\s*<')
TOKEN = re.compile(r'name="pow_token"\s+value="([^"]+)"|value="([^"]+)"\s+name="pow_token"')
CSRF = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')
NARRATIVE = (
    "En la inmobiliaria me dijeron que el piso ya no estaba disponible cuando oyeron mi acento, "
    "pero a mi compañera se lo ofrecieron al día siguiente por el mismo precio. "
) * 4

BENCH_SETTINGS = """
from observatory.settings import *  # noqa: F403
import os

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# The production static files storage (hashed names from a manifest), collected here by prepare_database.
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
POW_DIFFICULTY = int(os.environ["BENCH_POW_DIFFICULTY"])
_UNLIMITED = 10**9
_BUCKETS = ("submit", "nojs", "receipt-login", "submit-global")
ABUSE_RATE_LIMITS = {name: (_UNLIMITED, 3600) for name in _BUCKETS}
MEDIA_ROOT = os.environ["BENCH_MEDIA_ROOT"]
# Production sits behind TLS; the bench talks plain HTTP on loopback, where Secure cookies never return.
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = False
"""


# --- Environment ---------------------------------------------------------------------------------


def bench_env(args, settings_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": args.database,
            "REDIS_URL": args.redis,
            "CELERY_BROKER_URL": args.redis,
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": os.pathsep.join([str(settings_dir), str(args.app), env.get("PYTHONPATH", "")]),
            "BENCH_POW_DIFFICULTY": str(args.difficulty),
            "BENCH_MEDIA_ROOT": str(settings_dir / "media"),
            "BENCH_STATIC_ROOT": str(settings_dir / "static"),
            "SECRET_KEY": env.get("SECRET_KEY") or uuid.uuid4().hex + uuid.uuid4().hex,
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def prepare_database(args, env) -> None:
    """Drop and recreate the bench database, migrate it, collect the static files, load the boundaries and
    demo content, and install office and triage keys (their private halves are thrown away: nobody reads
    bench reports)."""
    import psycopg

    name = args.database.rsplit("/", 1)[1]
    admin_url = args.database.rsplit("/", 1)[0].replace("postgis://", "postgresql://") + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(admin_url.rsplit("/", 1)[0] + f"/{name}", autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    manage = [sys.executable, str(args.app / "manage.py")]
    run = {"env": env, "cwd": args.app, "check": True}
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], **run)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], **run)
    boundaries = args.app / "observatory" / "geography" / "data" / "valencia-barris-barrios.geojson"
    subprocess.run([*manage, "load_boundaries", str(boundaries)], stdout=subprocess.DEVNULL, **run)
    subprocess.run([*manage, "load_demo", "--quiet-login"], stdout=subprocess.DEVNULL, **run)
    subprocess.run([*manage, "shell", "-c", SETUP_SNIPPET], **run)


SETUP_SNIPPET = """
from observatory.accounts import keys
from observatory.accounts.models import Organisation
from observatory.crypto import envelope
office = Organisation.objects.filter(kind=Organisation.Kind.OFFICE).first()
if office is None:
    office = Organisation.objects.create(
        name="Bench office", slug="bench-office", kind=Organisation.Kind.OFFICE
    )
if not office.public_key:
    keys.install_keys(office, envelope.generate_keypair(), envelope.generate_keypair())
from cms.models import HomePage, ReportPage
if not ReportPage.objects.exists():
    HomePage.objects.first().add_child(instance=ReportPage(title="Informar", slug="informar"))
"""

PROBE_SNIPPET = """
import json
from observatory.geography.models import Neighbourhood
from cms.models import ReportPage
page = ReportPage.objects.live().first()
print(json.dumps({"report_url": page.url if page else None,
                  "neighbourhood": Neighbourhood.objects.order_by("code").values_list("code", flat=True)[0]}))
"""


def probe(args, env) -> dict:
    out = subprocess.run(
        [sys.executable, str(args.app / "manage.py"), "shell", "-c", PROBE_SNIPPET],
        env=env,
        cwd=args.app,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


# --- Measuring -----------------------------------------------------------------------------------


class Recorder:
    """Whole submissions that ended with a receipt, and every request's latency by what it was."""

    def __init__(self):
        self.lock = threading.Lock()
        self.accepted, self.refused, self.errors = 0, 0, []
        self.whole_ms: list[float] = []
        self.request_ms: dict[str, list[float]] = {}
        self.client_cpu: float | None = None

    def ok(self, whole_ms: float, requests: list[tuple[str, float]]) -> None:
        with self.lock:
            self.accepted += 1
            self.whole_ms.append(whole_ms)
            for label, ms in requests:
                self.request_ms.setdefault(label, []).append(ms)

    def bad(self, what: str) -> None:
        with self.lock:
            self.refused += 1
            if len(self.errors) < 5:
                self.errors.append(what)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def cpu_by_pid(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds used so far by each of these processes (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return used


def cpu_seconds(pids: list[int]) -> float:
    return sum(cpu_by_pid(pids).values())


def cpu_since(before: dict[int, float], pids: list[int]) -> float:
    """CPU used since `before` by the processes alive now (new ones count from zero)."""
    return sum(now - before.get(pid, 0.0) for pid, now in cpu_by_pid(pids).items())


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def database_pids() -> list[int]:
    """PostgreSQL and Redis processes on this machine (the bench runs on the database's host)."""
    pids = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() in ("postgres", "postmaster", "redis-server"):
                pids.append(int(comm.parent.name))
        except (OSError, ValueError):
            continue
    return pids


def encryption_ms_per_submission(samples: int = 300) -> float:
    """One core, in this process: everything submit_report does with keys for one report."""
    from observatory.crypto import envelope, receipts

    office, triage = envelope.generate_keypair(), envelope.generate_keypair()
    payload = {"narrative": NARRATIVE, "grounds": ["racism"], "domains": ["housing"], "point": None}
    started = time.perf_counter()
    for _ in range(samples):
        report_id = str(uuid.uuid4())
        context = b"report:" + report_id.encode()
        receipt = receipts.new_receipt()
        reporter = envelope.generate_keypair()
        dek = envelope.new_data_key()
        for public in (office.public, triage.public, reporter.public):
            envelope.wrap_key(dek, public, context=context)
        envelope.seal_payload(dek, payload, report_id=report_id, schema_version=1)
        receipts.lookup_value(receipt)
        envelope.seal_with_key(reporter.private, receipts.reporter_wrap_key(receipt), context=context)
    return 1000 * (time.perf_counter() - started) / samples


# --- The clients ---------------------------------------------------------------------------------


# Each step's answers, in the order the steps ask for them (reports_intake/steps/forms.py).
def step_answers(neighbourhood: str) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        ("what", [("narrative", NARRATIVE)]),
        ("when", [("when_kind", "unknown")]),
        ("where", [("where_kind", "neighbourhood"), ("neighbourhood", neighbourhood)]),
        ("who", [("reporter_role", "victim"), ("grounds", "racism"), ("domains", "housing")]),
        ("contact", [("contact", ""), ("language", "es")]),
    ]


HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
IN_PAGE_STEPS = "data-intake-steps"
PLAIN_WITHOUT_FILES_TYPE = "application/x-www-form-urlencoded"
PLAIN_WITHOUT_FILES = f'data-enctype-without-files="{PLAIN_WITHOUT_FILES_TYPE}"'


def hidden_fields(page: str) -> list[tuple[str, str]]:
    """The hidden inputs of a step page's (first) form, as the browser would send them. On the review
    page that is the send form; its navigation form follows."""
    form = page.split("</form>", 1)[0]
    return [(name, html.unescape(value)) for name, value in HIDDEN.findall(form)]


def multipart(pairs: list[tuple[str, str]]) -> tuple[bytes, str]:
    """The final step's body as a browser sends it: multipart, with the empty file input's part."""
    boundary = "----observatorybench" + uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in pairs
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; filename=""\r\n'
        "Content-Type: application/octet-stream\r\n\r\n\r\n"
    )
    parts.append(f"--{boundary}--\r\n")
    return "".join(parts).encode(), f"multipart/form-data; boundary={boundary}"


class Connection:
    """A minimal HTTP/1.1 client on asyncio streams. httpx spent ~1.5 ms of CPU per request on the
    machine under test, a tenth of what the server spends; this spends a few tens of µs, so the clients
    take as little of the server's cores as a load generator on another machine would."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.reader = self.writer = None
        self.timings: list[tuple[str, float]] = []
        self.answers: list[tuple[str, str]] = []  # the floor's, kept with its connection

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def request(
        self, label: str, method: str, path: str, body=b"", content_type=None
    ) -> tuple[int, str]:
        body, content_type = encoded(body, content_type)
        headers = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        if self.cookies:
            headers.append("Cookie: " + self.cookie_header())
        if method == "POST":
            headers += [
                f"Content-Type: {content_type}",
                f"Content-Length: {len(body)}",
                f"Origin: http://{self.host}:{self.port}",
            ]
        started = time.perf_counter()
        self.writer.write(("\r\n".join(headers) + "\r\n\r\n").encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length, chunked = 0, False
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "set-cookie":
                self.keep_cookie(value)
        if chunked:
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                parts.append(await self.reader.readexactly(size + 2))
                if size == 0:
                    break
            payload = b"".join(part[:-2] for part in parts)
        else:
            payload = await self.reader.readexactly(length)
        self.timings.append((label, 1000 * (time.perf_counter() - started)))
        return status, payload.decode()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def keep_cookie(self, set_cookie: str) -> None:
        key, _, value = set_cookie.split(";", 1)[0].partition("=")
        self.cookies[key] = value


def encoded(body, content_type):
    """A list of (name, value) pairs as a browser posts a form without files; bytes as they are."""
    if isinstance(body, list):
        return urlencode(body).encode(), "application/x-www-form-urlencoded"
    return body, content_type


class Refused(Exception):
    pass


def expect(status: int, page: str, label: str, pattern: re.Pattern | None = None) -> None:
    if status != 200 or (pattern is not None and not pattern.search(page)):
        raise Refused(f"{label}: {status}")


async def send_final(conn, url, page, *, solve: bool) -> None:
    """The review page's send form, posted as the browser posts it (with the proof of work solved by
    JavaScript, or left empty without it)."""
    from reports_intake import pow

    pairs = hidden_fields(page)
    challenge = dict(pairs).get("pow_token")
    if not challenge:
        raise Refused("review page without a challenge")
    if solve:
        solution = pow.solve(challenge, pow_difficulty(challenge))
        pairs = [(n, solution if n == "pow_solution" else v) for n, v in pairs]
    if solve and PLAIN_WITHOUT_FILES in page:
        # What pow.js does when no file is chosen: the form goes as a plain urlencoded body.
        body, content_type = urlencode(pairs + [("attachments", "")]).encode(), PLAIN_WITHOUT_FILES_TYPE
    else:
        body, content_type = multipart(pairs)
    status, text = await conn.request("final POST", "POST", url, body, content_type)
    expect(status, text, "final POST", RECEIPT)


async def walk_steps(conn, url, page, steps) -> str:
    """Step by step, as a browser without JavaScript: each page's hidden fields plus its own answers."""
    for step, answers in steps:
        status, page = await conn.request(f"POST {step}", "POST", url, hidden_fields(page) + answers)
        expect(status, page, f"POST {step}")
    return page


async def reporter_nojs(conn, url, steps) -> None:
    status, page = await conn.request("GET", "GET", url)
    expect(status, page, "GET", CSRF)
    page = await walk_steps(conn, url, page, steps)
    await send_final(conn, url, page, solve=False)


async def reporter_js(conn, url, steps) -> None:
    status, page = await conn.request("GET", "GET", url)
    expect(status, page, "GET", CSRF)
    if IN_PAGE_STEPS in page:
        # The steps ran in the page; what it posts is the first form's hidden fields, every answer and
        # the last answer step as `step`.
        pairs = [(n, "contact" if n == "step" else v) for n, v in hidden_fields(page)]
        pairs += [pair for _step, answers in steps for pair in answers]
        status, page = await conn.request("POST review", "POST", url, pairs)
        expect(status, page, "POST review", TOKEN)
    else:
        page = await walk_steps(conn, url, page, steps)
    await send_final(conn, url, page, solve=True)


async def reporter_floor(conn, url, steps) -> None:
    """The old measure, a floor no browser reaches: every answer posted straight to the contact step, then
    the final POST (urlencoded), on a connection kept for the whole run (its GET only once)."""
    from reports_intake import pow

    if not conn.answers:
        status, page = await conn.request("GET", "GET", url)
        expect(status, page, "GET", CSRF)
        conn.answers = [("csrfmiddlewaretoken", CSRF.search(page).group(1))]
        conn.answers += [pair for _step, pairs in steps for pair in pairs]
    status, page = await conn.request("POST review", "POST", url, conn.answers + [("step", "contact")])
    expect(status, page, "POST review", TOKEN)
    match = TOKEN.search(page)
    challenge = match.group(1) or match.group(2)
    solution = pow.solve(challenge, pow_difficulty(challenge))
    final = conn.answers + [("step", "review"), ("pow_token", challenge), ("pow_solution", solution)]
    status, page = await conn.request("final POST", "POST", url, final)
    expect(status, page, "final POST", RECEIPT)


REPORTERS = {"js": reporter_js, "nojs": reporter_nojs, "floor": reporter_floor}


async def client(mode, host, port, url, steps, deadline, rec) -> None:
    """One reporter after another, each on a new connection as different phones are; `floor` keeps one
    keep-alive connection for the whole run (a new one only if it breaks)."""
    reporter, keep_alive = REPORTERS[mode], mode == "floor"
    conn = None
    while time.monotonic() < deadline:
        conn = conn or Connection(host, port)
        conn.timings = []
        started = time.perf_counter()
        broken = False
        try:
            if conn.writer is None:
                await conn.open()
            await reporter(conn, url, steps)
            rec.ok(1000 * (time.perf_counter() - started), conn.timings)
        except Refused as refused:
            rec.bad(str(refused))
        except (OSError, asyncio.IncompleteReadError) as error:
            rec.bad(f"connection: {error!r}")
            broken = True
        if broken or not keep_alive:
            conn.close()
            conn = None
    if conn is not None:
        conn.close()


def pow_difficulty(token: str) -> int:
    import base64

    body = token.split(".")[0]
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))[1]


def run_clients(mode, base, url, steps, clients, seconds, rec) -> None:
    host, port = base.removeprefix("http://").split(":")
    deadline = time.monotonic() + seconds

    async def all_clients():
        await asyncio.gather(
            *(client(mode, host, int(port), url, steps, deadline, rec) for _ in range(clients))
        )

    asyncio.run(all_clients())


# --- The server ----------------------------------------------------------------------------------

# Loaded by gunicorn instead of deploy/gunicorn.conf.py for a profile: the same settings, and every
# request's own thread under its own cProfile (thread CPU time), merged and written when the worker exits.
PROFILE_CONFIG = """
import os
exec(open(os.environ["BENCH_GUNICORN_CONFIG"]).read())
import cProfile, pstats, threading, time
_local, _profiles, _lock = threading.local(), [], threading.Lock()

def post_worker_init(worker):
    app = worker.wsgi
    def profiled(environ, start_response):
        # A thread's first requests import modules and fill caches: a warm-up, left out of the profile.
        seen = _local.__dict__.setdefault("requests", 0)
        _local.requests = seen + 1
        if seen < 30:
            return app(environ, start_response)
        profile = getattr(_local, "profile", None)
        if profile is None:
            # This thread's CPU time: waits on the database, Redis or the GIL are not the server's work.
            profile = _local.profile = cProfile.Profile(time.thread_time)
            with _lock:
                _profiles.append(profile)
        profile.enable()
        try:
            return app(environ, start_response)
        finally:
            profile.disable()
    worker.wsgi = profiled

def worker_exit(server, worker):
    if _profiles:
        stats = pstats.Stats(*_profiles)
        stats.dump_stats(os.path.join(os.environ["BENCH_PROFILE_DIR"], f"worker-{os.getpid()}.prof"))
"""


class Server:
    """gunicorn with the deployment's configuration (or that configuration under the profiler), or
    granian for comparison (`--server`)."""

    def __init__(self, args, env, *, profile_dir: Path | None = None):
        config = args.app / "deploy" / "gunicorn.conf.py"
        server_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{args.port}", "GUNICORN_WORKERS": str(args.workers)}
        if profile_dir is not None:
            server_env.update({"BENCH_GUNICORN_CONFIG": str(config), "BENCH_PROFILE_DIR": str(profile_dir)})
            config = profile_dir / "gunicorn_profiled.py"
            config.write_text(PROFILE_CONFIG)
        self.base = f"http://127.0.0.1:{args.port}"
        if args.server == "granian":  # an experiment beside the deployment's gunicorn (see --server)
            command = [
                str(Path(sys.executable).parent / "granian"),
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
            ]
            command += ["--port", str(args.port), "--workers", str(args.workers), "--blocking-threads", "2"]
            command += ["--runtime-threads", "1", "--no-ws", "--http", "1", "--log-level", "warning"]
            server_env["OBSERVATORY_WEB"] = "1"  # what deploy/gunicorn.conf.py sets for the web tier
        else:
            command = [sys.executable, "-m", "gunicorn", "-c", str(config), "--max-requests", "0"]
        command.append("observatory.wsgi:application")
        self.process = subprocess.Popen(
            command,
            env=server_env,
            cwd=args.app,
            start_new_session=True,
        )
        wait_for(self.base + "/")

    def workers(self) -> list[int]:
        return children(self.process.pid)

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=60)


def wait_for(url: str, seconds: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer on {url}")


def measure_http(server, args, mode, clients, url, steps) -> dict:
    # Warm up every worker (imports, connections, template caches), then measure.
    run_clients(mode, server.base, url, steps, clients, 3.0, Recorder())
    workers = server.workers()
    rec = Recorder()
    db_before, workers_before = cpu_by_pid(database_pids()), cpu_by_pid(workers)
    client_before, wall_before = time.process_time(), time.perf_counter()
    run_clients(mode, server.base, url, steps, clients, args.seconds, rec)
    wall = time.perf_counter() - wall_before
    per_worker = [now - workers_before.get(pid, 0.0) for pid, now in cpu_by_pid(workers).items()]
    rec.client_cpu = time.process_time() - client_before
    return summarise(mode, clients, rec, wall, per_worker, args, cpu_since(db_before, database_pids()))


# --- Profile -------------------------------------------------------------------------------------

# Where a function's own time is counted, by the first fragment of its file's path that matches.
PROFILE_PARTS = [
    ("crypto", ("/cryptography/", "/observatory/crypto/", "/hpke", "/nacl/")),
    (
        "templates",
        ("/django/template/", "/django/templatetags/", "/jinja2/", "/templatetags/", "/markupsafe/"),
    ),
    (
        "forms",
        (
            "/django/forms/",
            "/reports_intake/steps/forms",
            "/reports_intake/form_base",
            "/reports_intake/upload_fields",
        ),
    ),
    ("ORM", ("/django/db/", "/psycopg", "/django/contrib/gis/")),
    ("publish (Celery)", ("/celery/", "/kombu/", "/amqp/", "/vine/", "/reports_intake/outbox")),
    (
        "cache and limits (Redis)",
        ("/redis/", "/django/core/cache/", "/reports_intake/abuse", "/reports_intake/pow"),
    ),
    ("translation", ("/django/utils/translation/", "/gettext")),
    ("Wagtail routing", ("/wagtail/",)),
    ("Django request, middleware, CSRF", ("/django/",)),
    ("gunicorn", ("/gunicorn/",)),
]


def _part(filename: str) -> str | None:
    for part, fragments in PROFILE_PARTS:
        if any(fragment in filename for fragment in fragments):
            return part
    return None if filename == "~" else "intake views and the rest"


def profile_split(profile_dir: Path, pattern: str = "worker-*.prof") -> dict[str, float]:
    """Share of the profiled CPU time by part. A built-in (C) function's own time is shared among its
    callers' parts in proportion to the time each caller spent in it."""
    import pstats

    files = sorted(profile_dir.glob(pattern))
    if not files:
        return {}
    stats = pstats.Stats(*map(str, files)).stats
    totals: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, own, _cum, callers) in stats.items():
        part = _part(filename)
        if part is not None:
            totals[part] = totals.get(part, 0.0) + own
            continue
        spent = {caller: edge[2] for caller, edge in callers.items()} or {("?", 0, "?"): own}
        edge_total = sum(spent.values()) or 1.0
        for caller, share in spent.items():
            caller_part = _part(caller[0]) or "intake views and the rest"
            totals[caller_part] = totals.get(caller_part, 0.0) + own * share / edge_total
    whole = sum(totals.values()) or 1.0
    return {
        part: round(100 * seconds / whole, 1)
        for part, seconds in sorted(totals.items(), key=lambda kv: -kv[1])
    }


def profile_http(args, env, mode, url, steps) -> dict:
    if args.profile_dir:  # kept, one folder per mode, for reading with pstats
        profile_dir = args.profile_dir / mode
        shutil.rmtree(profile_dir, ignore_errors=True)
        profile_dir.mkdir(parents=True)
    else:
        profile_dir = Path(tempfile.mkdtemp(prefix="observatory-profile-"))
    server = Server(args, env, profile_dir=profile_dir)
    rec = Recorder()
    try:
        run_clients(mode, server.base, url, steps, 8, args.profile_seconds, rec)
    finally:
        server.stop()
    split = profile_split(profile_dir)
    if not args.profile_dir:
        shutil.rmtree(profile_dir, ignore_errors=True)
    return {"mode": mode, "profiled_submissions": rec.accepted, "server_cpu_percent": split}


# --- Direct mode ---------------------------------------------------------------------------------

DIRECT_WORKER = """
import json, os, sys, threading, time
import django
django.setup()
from django.db import connection
from reports_intake.actions import NewReport, submit_report
clients, seconds, neighbourhood, narrative = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
new = NewReport(narrative=narrative, incident_date=None, incident_month=None, location_kind="neighbourhood",
                neighbourhood_code=neighbourhood, point=None, reporter_role="victim", grounds=["racism"],
                domains=["housing"], contact=None, contact_consent=False, language="es", attachments=[])
submit_report(new)  # warm up
latencies, lock = [], threading.Lock()
def loop(deadline):
    mine = []
    while time.monotonic() < deadline:
        started = time.perf_counter()
        submit_report(new)
        mine.append(1000 * (time.perf_counter() - started))
    with lock:
        latencies.extend(mine)
    connection.close()
sys.stdin.readline()  # start together
started = time.monotonic()
threads = [threading.Thread(target=loop, args=(started + seconds,)) for _ in range(clients)]
[t.start() for t in threads]
[t.join() for t in threads]
print(json.dumps({"latencies": latencies, "elapsed": time.monotonic() - started}))
"""


def run_direct(args, env, probed, clients) -> dict:
    processes = max(1, args.workers)
    per_process = [clients // processes + (i < clients % processes) for i in range(processes)]
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                DIRECT_WORKER,
                str(n),
                str(args.seconds),
                probed["neighbourhood"],
                NARRATIVE,
            ],
            env=env,
            cwd=args.app,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in per_process
        if n
    ]
    time.sleep(8)  # django.setup and the warm-up submission in every process
    cpu_before, db_before = cpu_by_pid([w.pid for w in workers]), cpu_by_pid(database_pids())
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    # Read the CPU time before the processes exit, at the end of the window.
    time.sleep(args.seconds)
    per_worker = [now - cpu_before.get(pid, 0.0) for pid, now in cpu_by_pid([w.pid for w in workers]).items()]
    database_cpu = cpu_since(db_before, database_pids())
    rec, elapsed = Recorder(), []
    for worker in workers:
        out, _ = worker.communicate(timeout=120)
        result = json.loads(out.strip().splitlines()[-1])
        elapsed.append(result["elapsed"])
        for ms in result["latencies"]:
            rec.ok(ms, [("submit_report", ms)])
    return summarise("direct", clients, rec, max(elapsed), per_worker, args, database_cpu)


# --- In-process mode ------------------------------------------------------------------------------


class InProcessConnection(Connection):
    """The same reporters, their requests handed straight to Django's WSGI handler in this process: no
    sockets, no gunicorn, no other thread. Each request's CPU is this thread's own (time.thread_time), so
    the figure holds on a noisy machine where the HTTP modes' throughput swings."""

    def __init__(self, app, address: str, profile=None):
        super().__init__("127.0.0.1", 8000)
        self.app, self.address, self.profile = app, address, profile

    async def open(self) -> None:
        self.writer = True  # nothing to open; marks the connection as usable for client()

    def close(self) -> None:
        self.writer = None

    async def request(self, label, method, path, body=b"", content_type=None):
        import io

        body, content_type = encoded(body, content_type)
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": self.host,
            "SERVER_PORT": str(self.port),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": f"{self.host}:{self.port}",
            "REMOTE_ADDR": self.address,
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            "wsgi.version": (1, 0),
        }
        if self.cookies:
            environ["HTTP_COOKIE"] = self.cookie_header()
        if method == "POST":
            environ.update(
                CONTENT_TYPE=content_type,
                CONTENT_LENGTH=str(len(body)),
                HTTP_ORIGIN=f"http://{self.host}:{self.port}",
            )
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"], answer["headers"] = int(status.split(" ", 1)[0]), headers

        started = time.thread_time()
        if self.profile is not None:
            self.profile.enable()
        response = self.app(environ, start_response)
        payload = b"".join(response)
        if hasattr(response, "close"):
            response.close()
        if self.profile is not None:
            self.profile.disable()
        self.timings.append((label, 1000 * (time.thread_time() - started)))
        for name, value in answer["headers"]:
            if name.lower() == "set-cookie":
                self.keep_cookie(value)
        return answer["status"], payload.decode()


INPROCESS_WORKER = """
import cProfile, json, sys
sys.path.insert(0, sys.argv[1])
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
import bench_intake as bench
mode, submissions, url, neighbourhood, profile_path = sys.argv[2:7]
submissions = int(submissions)
app, steps, reporter = WSGIHandler(), bench.step_answers(neighbourhood), bench.REPORTERS[mode]
rec, profile = bench.Recorder(), cProfile.Profile(bench.time.thread_time)
def finish(coroutine):
    # The reporters are coroutines that never wait here; run outside an event loop, where Django's ORM
    # refuses to be called.
    try:
        coroutine.send(None)
    except StopIteration:
        return
    raise RuntimeError("an in-process request waited")
for n in range(submissions + 30):  # the first 30 import modules and fill caches: left out
    address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
    conn = bench.InProcessConnection(app, address, profile if n >= 30 and profile_path else None)
    finish(conn.open())
    finish(reporter(conn, url, steps))
    if n >= 30:
        rec.ok(sum(ms for _label, ms in conn.timings), conn.timings)
if profile_path:
    profile.dump_stats(profile_path)
print(json.dumps({"whole": rec.whole_ms, "requests": rec.request_ms}))
"""


def run_inprocess(args, env, probed, url, mode) -> dict:
    """One reporter after another in one process; CPU milliseconds per request (median and p95)."""
    profile_path = ""
    if args.profile:
        profile_dir = args.profile_dir or Path(tempfile.mkdtemp(prefix="observatory-profile-"))
        profile_dir.mkdir(parents=True, exist_ok=True)
        profile_path = str(profile_dir / f"inprocess-{mode}.prof")
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            INPROCESS_WORKER,
            str(REPO / "bench"),
            mode,
            str(args.submissions),
            url,
            probed["neighbourhood"],
            profile_path,
        ],
        env=env,
        cwd=args.app,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    measured = json.loads(out.strip().splitlines()[-1])
    result = {
        "mode": f"{mode} in-process",
        "submissions": len(measured["whole"]),
        "cpu_ms_per_submission": _ms(measured["whole"]),
        "cpu_ms_per_request": {label: _ms(values) for label, values in measured["requests"].items()},
    }
    if profile_path:
        result["cpu_percent"] = profile_split(Path(profile_path).parent, f"inprocess-{mode}.prof")
        if not args.profile_dir:
            shutil.rmtree(Path(profile_path).parent, ignore_errors=True)
    return result


# --- Report --------------------------------------------------------------------------------------

TARGETS = {"js": (150, 500), "nojs": (60, 1500)}  # (submissions/s, p95 of a whole submission in ms) at 32


def _ms(values: list[float]) -> dict:
    return {"p50": round(percentile(values, 50), 1), "p95": round(percentile(values, 95), 1)}


def summarise(mode, clients, rec, wall, per_worker, args, database_cpu) -> dict:
    server_cpu = sum(per_worker)
    rate = rec.accepted / wall if wall else 0.0
    return {
        "mode": mode,
        "clients": clients,
        "seconds": round(wall, 1),
        "accepted": rec.accepted,
        "refused_or_failed": rec.refused,
        "errors": rec.errors,
        "submissions_per_second": round(rate, 1),
        "whole_submission_ms": _ms(rec.whole_ms),
        "requests_per_submission": round(sum(map(len, rec.request_ms.values())) / rec.accepted, 1)
        if rec.accepted
        else None,
        "request_ms": {label: _ms(values) for label, values in rec.request_ms.items()},
        "server_cpu_seconds": round(server_cpu, 2),
        # 1.0 when every worker used the same CPU; the busiest worker's share over the idlest's otherwise.
        "worker_cpu_max_over_min": round(max(per_worker) / max(min(per_worker), 0.01), 2)
        if per_worker
        else None,
        "database_and_redis_cpu_seconds": round(database_cpu, 2),
        "client_cpu_seconds": round(rec.client_cpu, 2) if rec.client_cpu is not None else None,
        "server_cpu_ms_per_submission": round(1000 * server_cpu / rec.accepted, 2) if rec.accepted else None,
        "encryption_share_of_server_cpu": round(args.crypto_ms * rec.accepted / (1000 * server_cpu), 3)
        if server_cpu
        else None,
        "pow_difficulty": args.difficulty,
        "load_average_after": os.getloadavg(),
    }


def verdict(result) -> str:
    whole = result["whole_submission_ms"]
    line = (
        f"{result['mode']:>6} x{result['clients']:<3}: {result['submissions_per_second']:.1f} submissions/s, "
        f"whole submission p50 {whole['p50']} ms, p95 {whole['p95']} ms, "
        f"{result['requests_per_submission']} requests, "
        f"{result['server_cpu_ms_per_submission']} ms server CPU each"
    )
    target = TARGETS.get(result["mode"])
    if target and result["clients"] == 32:
        met = (
            result["submissions_per_second"] >= target[0] and result["whole_submission_ms"]["p95"] < target[1]
        )
        line += f" -> target (>= {target[0]}/s, p95 < {target[1]} ms) {'met' if met else 'NOT met'}"
    return line


def inprocess_line(result) -> str:
    requests = ", ".join(f"{label} {ms['p50']}" for label, ms in result["cpu_ms_per_request"].items())
    line = (
        f"{result['mode']}: {result['cpu_ms_per_submission']['p50']} ms CPU a submission (median; {requests})"
    )
    if "cpu_percent" in result:
        line += "\n    profile: " + ", ".join(
            f"{part} {share}%" for part, share in result["cpu_percent"].items()
        )
    return line


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--modes",
        default="js,nojs,floor",
        help="comma-separated: js, nojs, floor, direct, js-inprocess, nojs-inprocess",
    )
    parser.add_argument("--submissions", type=int, default=300, help="submissions in an in-process mode")
    parser.add_argument("--clients", default="8,32", help="comma-separated client counts")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--profile", action="store_true", help="also split server CPU by part (cProfile)")
    parser.add_argument("--profile-seconds", type=float, default=10.0)
    parser.add_argument("--profile-dir", type=Path, help="keep the workers' cProfile files here")
    parser.add_argument("--difficulty", type=int, default=8, help="proof-of-work bits for the run")
    parser.add_argument(
        "--workers", type=int, default=(os.cpu_count() or 1) + 1, help="gunicorn workers (deploy/ default)"
    )
    parser.add_argument("--app-dir", type=Path, default=REPO, help="the checkout whose server is measured")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--server",
        choices=("gunicorn", "granian"),
        default="gunicorn",
        help="gunicorn with deploy/gunicorn.conf.py (the deployment), or granian as an experiment "
        "(pip install granian==2.8.9 first; same workers, two threads each; not with --profile)",
    )
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    args = parser.parse_args()
    if (
        args.profile
        and args.server != "gunicorn"
        and any(mode in REPORTERS for mode in args.modes.split(","))
    ):
        parser.error(
            "the HTTP modes' profile runs inside gunicorn: leave out --profile with --server granian"
        )
    args.app = args.app_dir.resolve()
    modes = args.modes.split(",")
    client_counts = [int(n) for n in args.clients.split(",")]

    settings_dir = Path(tempfile.mkdtemp(prefix="observatory-bench-"))
    (settings_dir / "bench_settings.py").write_text(BENCH_SETTINGS)
    env = bench_env(args, settings_dir)
    try:
        flush_redis(args.redis)
        print(f"Preparing {args.database} for {args.app} ...", file=sys.stderr)
        prepare_database(args, env)
        probed = probe(args, env)
        args.crypto_ms = encryption_ms_per_submission()
        print(f"Encryption per submission on one core: {args.crypto_ms:.2f} ms", file=sys.stderr)
        print(f"Load average before: {os.getloadavg()}", file=sys.stderr)
        url = probed["report_url"].replace("http://localhost", "").replace("http://127.0.0.1:8000", "")
        steps = step_answers(probed["neighbourhood"])
        results, profiles = [], []
        http_modes = [mode for mode in modes if mode in REPORTERS]
        for mode in (m.removesuffix("-inprocess") for m in modes if m.endswith("-inprocess")):
            results.append(run_inprocess(args, env, probed, url, mode))
            print(json.dumps(results[-1], indent=2))
        if http_modes:
            server = Server(args, env)
            try:
                for mode in http_modes:
                    for clients in client_counts:
                        results.append(measure_http(server, args, mode, clients, url, steps))
                        print(json.dumps(results[-1], indent=2))
            finally:
                server.stop()
            if args.profile:
                for mode in (m for m in http_modes if m != "floor"):
                    profiles.append(profile_http(args, env, mode, url, steps))
                    print(json.dumps(profiles[-1], indent=2))
        if "direct" in modes:
            for clients in client_counts:
                results.append(run_direct(args, env, probed, clients))
                print(json.dumps(results[-1], indent=2))
        print(f"\n{args.app} at load average {os.getloadavg()}")
        for result in results:
            print(verdict(result) if "cpu_ms_per_submission" not in result else inprocess_line(result))
        for profile in profiles:
            parts = ", ".join(f"{part} {share}%" for part, share in profile["server_cpu_percent"].items())
            print(f"{profile['mode']:>6} profile: {parts}")
    finally:
        flush_redis(args.redis)
        shutil.rmtree(settings_dir, ignore_errors=True)
        if not args.keep:
            import psycopg

            name = args.database.rsplit("/", 1)[1]
            admin_url = args.database.rsplit("/", 1)[0].replace("postgis://", "postgresql://") + "/postgres"
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
