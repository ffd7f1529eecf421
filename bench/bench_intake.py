"""How many complete anonymous submissions a second the intake accepts, and how fast (DESIGN §1: bursts
of hundreds a second; target >= 150/s with p95 < 250 ms at 32 concurrent clients).

    make bench-intake                      # both modes, 32 clients, 20 s each
    .venv/bin/python bench/bench_intake.py --mode http --clients 32 --seconds 30 --difficulty 8

Modes:
  http    gunicorn (deploy/gunicorn.conf.py) on a separate PostGIS database, `observatory_bench`
          (dropped, created and migrated here), with Redis as cache and broker (database 13, flushed).
          Each client (a coroutine with its own keep-alive connection and CSRF cookie; a lean
          HTTP/1.1 client, so that the clients take little of the cores the server runs on) sends
          complete submissions the way a browser without state does: POST every answer to reach
          the review step (which hands out a proof-of-work challenge), solve it, POST the final
          step, check the receipt. The clients run on the same machine and share its cores.
  direct  `reports_intake.actions.submit_report` called by worker processes with the same answers,
          without HTTP, forms or proof of work: the floor the web tier adds to.

Reported: accepted submissions a second, latency percentiles (the final POST, and the whole cycle),
and the share of the server's CPU time spent on encryption — the per-submission cost of
generating the reporter keypair, sealing the payload, three HPKE key wraps, the receipt derivations
and sealing the reporter's key, measured here on one core, times the accepted rate, divided by the CPU
time the gunicorn workers (or direct workers) used.

Rate limits are lifted for the run (a bench settings module in a temporary directory overrides
ABUSE_RATE_LIMITS); the proof of work's difficulty is lowered by default (--difficulty 8) because the
clients solve it on the server's own cores: a real reporter's phone pays for it, not the server,
whose check is one hash at any difficulty.
"""

import argparse
import asyncio
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
RECEIPT = re.compile(r'id="receipt">\s*[0-9A-Z]{4}(?:-[0-9A-Z]{1,4}){5,7}\s*<')
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
            "PYTHONPATH": os.pathsep.join([str(settings_dir), str(REPO), env.get("PYTHONPATH", "")]),
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
    manage = [sys.executable, str(REPO / "manage.py")]
    run = {"env": env, "cwd": REPO, "check": True}
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], **run)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], **run)
    boundaries = REPO / "observatory" / "geography" / "data" / "valencia-barris-barrios.geojson"
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


def probe(env) -> dict:
    out = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "shell", "-c", PROBE_SNIPPET],
        env=env,
        cwd=REPO,
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
    def __init__(self):
        self.lock = threading.Lock()
        self.accepted, self.refused, self.errors = 0, 0, []
        self.final_ms: list[float] = []
        self.cycle_ms: list[float] = []
        self.client_cpu: float | None = None

    def ok(self, final_ms: float, cycle_ms: float) -> None:
        with self.lock:
            self.accepted += 1
            self.final_ms.append(final_ms)
            self.cycle_ms.append(cycle_ms)

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


# --- HTTP mode -----------------------------------------------------------------------------------


def answers(neighbourhood: str) -> dict:
    return {
        "narrative": NARRATIVE,
        "when_kind": "unknown",
        "where_kind": "neighbourhood",
        "neighbourhood": neighbourhood,
        "reporter_role": "victim",
        "grounds": ["racism"],
        "domains": ["housing"],
        "contact": "",
        "language": "es",
    }


class Connection:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams. httpx spent ~1.5 ms of CPU per request
    on the machine under test, a tenth of what the server spends; this spends a few tens of µs, so the
    clients take as little of the server's cores as a load generator on another machine would."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.reader = self.writer = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, str]:
        headers = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        if self.cookies:
            headers.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if method == "POST":
            headers += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
                f"Origin: http://{self.host}:{self.port}",
            ]
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
                cookie = value.split(";", 1)[0]
                key, _, val = cookie.partition("=")
                self.cookies[key] = val
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
        return status, payload.decode()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def http_client(host, port, report_url, fields, deadline, rec) -> None:
    """One reporter after another on one keep-alive connection, as a reverse proxy keeps its upstream
    connections to gunicorn (a new connection per report measured ~10 % less on this machine)."""
    from reports_intake import pow

    conn = Connection(host, port)
    try:
        await conn.open()
        status, text = await conn.request("GET", report_url)
        csrf = CSRF.search(text)
        if status != 200 or not csrf:
            rec.bad(f"GET {report_url}: {status}")
            return
        answers_body = urlencode({**fields, "csrfmiddlewaretoken": csrf.group(1)}, doseq=True)
        review_body = (answers_body + "&step=contact").encode()
        while time.monotonic() < deadline:
            started = time.perf_counter()
            status, text = await conn.request("POST", report_url, review_body)
            match = TOKEN.search(text)
            if status != 200 or not match:
                rec.bad(f"review step: {status}")
                continue
            challenge = match.group(1) or match.group(2)
            solution = pow.solve(challenge, pow_difficulty(challenge))
            final_body = (
                answers_body + "&step=review&" + urlencode({"pow_token": challenge, "pow_solution": solution})
            ).encode()
            sent = time.perf_counter()
            status, text = await conn.request("POST", report_url, final_body)
            done = time.perf_counter()
            if status == 200 and RECEIPT.search(text):
                rec.ok(1000 * (done - sent), 1000 * (done - started))
            else:
                rec.bad(f"final step: {status}")
    except (OSError, asyncio.IncompleteReadError) as error:
        rec.bad(f"connection: {error!r}")
    finally:
        conn.close()


def pow_difficulty(token: str) -> int:
    import base64

    body = token.split(".")[0]
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))[1]


def wait_for(url: str, seconds: float = 30) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer on {url}")


def run_http(args, env, probed) -> dict:
    if not probed["report_url"]:
        return {"mode": "http", "skipped": "no live ReportPage in the demo content yet"}
    port = args.port
    server_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(args.workers)}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(REPO / "deploy" / "gunicorn.conf.py"),
            "--max-requests",
            "0",
            "observatory.wsgi:application",
        ],
        env=server_env,
        cwd=REPO,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/")
        report_url = probed["report_url"].replace("http://localhost", "").replace("http://127.0.0.1:8000", "")
        fields = answers(probed["neighbourhood"])
        # Warm up every worker (imports, connections, template caches), then measure.
        warm = Recorder()
        run_clients(base, report_url, fields, args.clients, 3.0, warm)
        workers = children(server.pid)
        rec = Recorder()
        db_before = cpu_by_pid(database_pids())
        cpu_before, client_before = cpu_seconds(workers), time.process_time()
        wall_before = time.perf_counter()
        run_clients(base, report_url, fields, args.clients, args.seconds, rec)
        wall = time.perf_counter() - wall_before
        server_cpu = cpu_seconds(workers) - cpu_before
        rec.client_cpu = time.process_time() - client_before
        database_cpu = cpu_since(db_before, database_pids())
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return summarise("http", rec, wall, server_cpu, args, database_cpu)


def run_clients(base, report_url, fields, clients, seconds, rec) -> None:
    host, port = base.removeprefix("http://").split(":")
    deadline = time.monotonic() + seconds

    async def all_clients():
        await asyncio.gather(
            *(http_client(host, int(port), report_url, fields, deadline, rec) for _ in range(clients))
        )

    asyncio.run(all_clients())


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


def run_direct(args, env, probed) -> dict:
    processes = max(1, args.workers)
    per_process = [args.clients // processes + (i < args.clients % processes) for i in range(processes)]
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
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in per_process
        if n
    ]
    time.sleep(8)  # django.setup and the warm-up submission in every process
    cpu_before, db_before = cpu_seconds([w.pid for w in workers]), cpu_by_pid(database_pids())
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    # Read the CPU time before the processes exit, at the end of the window.
    time.sleep(args.seconds)
    server_cpu = cpu_seconds([w.pid for w in workers]) - cpu_before
    database_cpu = cpu_since(db_before, database_pids())
    rec, elapsed = Recorder(), []
    for worker in workers:
        out, _ = worker.communicate(timeout=120)
        result = json.loads(out.strip().splitlines()[-1])
        elapsed.append(result["elapsed"])
        for ms in result["latencies"]:
            rec.ok(ms, ms)
    return summarise("direct", rec, max(elapsed), server_cpu, args, database_cpu)


# --- Report --------------------------------------------------------------------------------------


def summarise(mode, rec, wall, server_cpu, args, database_cpu) -> dict:
    rate = rec.accepted / wall if wall else 0.0
    crypto_ms = args.crypto_ms
    return {
        "mode": mode,
        "clients": args.clients,
        "seconds": round(wall, 1),
        "accepted": rec.accepted,
        "refused_or_failed": rec.refused,
        "errors": rec.errors,
        "accepted_per_second": round(rate, 1),
        "final_post_ms": {
            "p50": round(percentile(rec.final_ms, 50), 1),
            "p95": round(percentile(rec.final_ms, 95), 1),
            "p99": round(percentile(rec.final_ms, 99), 1),
        },
        "whole_cycle_ms": {
            "p50": round(percentile(rec.cycle_ms, 50), 1),
            "p95": round(percentile(rec.cycle_ms, 95), 1),
        },
        "server_cpu_seconds": round(server_cpu, 2),
        "database_and_redis_cpu_seconds": round(database_cpu, 2),
        "client_cpu_seconds": round(rec.client_cpu, 2) if rec.client_cpu is not None else None,
        "cores": os.cpu_count(),
        "server_cpu_ms_per_submission": round(1000 * server_cpu / rec.accepted, 2) if rec.accepted else None,
        "encryption_ms_per_submission": round(crypto_ms, 2),
        "encryption_share_of_server_cpu": round(crypto_ms * rec.accepted / (1000 * server_cpu), 3)
        if server_cpu
        else None,
        "pow_difficulty": args.difficulty,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mode", choices=["http", "direct", "both"], default="both")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--difficulty", type=int, default=8, help="proof-of-work bits for the run")
    parser.add_argument(
        "--workers", type=int, default=(os.cpu_count() or 1) + 1, help="gunicorn workers (deploy/ default)"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    args = parser.parse_args()

    settings_dir = Path(tempfile.mkdtemp(prefix="observatory-bench-"))
    (settings_dir / "bench_settings.py").write_text(BENCH_SETTINGS)
    env = bench_env(args, settings_dir)
    try:
        flush_redis(args.redis)
        print(f"Preparing {args.database} ...", file=sys.stderr)
        prepare_database(args, env)
        probed = probe(env)
        args.crypto_ms = encryption_ms_per_submission()
        print(f"Encryption per submission on one core: {args.crypto_ms:.2f} ms", file=sys.stderr)
        results = []
        if args.mode in ("http", "both"):
            results.append(run_http(args, env, probed))
            print(json.dumps(results[-1], indent=2))
        if args.mode in ("direct", "both"):
            results.append(run_direct(args, env, probed))
            print(json.dumps(results[-1], indent=2))
        for result in results:
            if "skipped" in result:
                continue
            ok = result["accepted_per_second"] >= 150 and result["final_post_ms"]["p95"] < 250
            print(
                f"{result['mode']:>6}: {result['accepted_per_second']:.1f} accepted/s, "
                f"p50 {result['final_post_ms']['p50']} ms, p95 {result['final_post_ms']['p95']} ms, "
                f"encryption {100 * (result['encryption_share_of_server_cpu'] or 0):.1f}% of server CPU "
                f"-> target (>=150/s, p95 < 250 ms) {'met' if ok else 'NOT met'}"
            )
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
