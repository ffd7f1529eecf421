"""The deployment's processes, started here on loopback without Docker: Debian's nginx with
deploy/nginx.conf, gunicorn with deploy/gunicorn.conf.py, Celery workers, and private redis-servers for
the broker (append-only, as compose runs it) and the cache (no persistence). Ports come from
OPS_PORT_RANGE (18000-18099 by default), never the shared Redis on 6379.

Every process is started in its own process group and stopped by its own pid only."""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
from django.conf import settings

from tests.waiting import wait_until

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
_first, _last = (int(p) for p in os.environ.get("OPS_PORT_RANGE", "18000-18099").split("-"))
_handed_out: set[int] = set()


def free_port() -> int:
    """A port of our range that nothing listens on and that this run has not handed out yet."""
    for port in range(_first, _last + 1):
        if port in _handed_out:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    raise RuntimeError(f"no free port in {_first}-{_last}")


def test_database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Process:
    """A child in its own process group, its output in a log file."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log_dir: Path):
        self.name, self.env = name, env
        self.logfile = log_dir / f"{name}.log"
        self.proc = subprocess.Popen(
            argv,
            cwd=REPO,
            env=env,
            stdout=open(self.logfile, "w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.logfile.read_text(errors="replace") if self.logfile.exists() else ""

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM to the main process (a warm shutdown: Celery lets its pool finish, gunicorn and nginx
        their requests), then SIGKILL to the whole group if it is still there."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


class Redis(Process):
    def __init__(self, log_dir: Path, *, persistent: bool):
        self.port = free_port()
        data = log_dir / f"redis-{self.port}"
        data.mkdir()
        persistence = (
            ["--appendonly", "yes", "--appendfsync", "everysec"] if persistent else ["--appendonly", "no"]
        )
        argv = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(data)]
        super().__init__(f"redis-{self.port}", [*argv, "--save", "", *persistence], dict(os.environ), log_dir)
        wait_until(self._answers, 15, what=f"redis-server on {self.port}")

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def client(self, db: int = 0):
        import redis

        return redis.Redis.from_url(self.url(db))

    def _answers(self) -> bool:
        try:
            return bool(self.client().ping())
        except Exception:  # noqa: BLE001 - not up yet
            return False


def app_env(broker: Redis, cache: Redis, media: Path, **overrides: str) -> dict[str, str]:
    """What deploy/compose.yaml gives every application service, on loopback and the test database.
    The test settings are the production settings with the test's static storage (no collectstatic) and
    cheap password hashing; DEBUG is off as in production."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "observatory.settings_test",
        "DEBUG": "0",
        "DATABASE_URL": test_database_url(),
        "CELERY_BROKER_URL": broker.url(0),
        "REDIS_URL": cache.url(0),
        "CELERY_RESULT_BACKEND": cache.url(1),
        "SECRET_KEY": "smoke-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "MEDIA_ROOT": str(media),
        "POW_DIFFICULTY": "8",
    }
    env.pop("TRIAGE_PRIVATE_KEY_FILE", None)  # given to the triage worker alone
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


class Gunicorn(Process):
    def __init__(self, env: dict[str, str], log_dir: Path, *, workers: int = 1, bind_port: int | None = None):
        self.port = bind_port or free_port()
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": str(workers)}
        argv = [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py"), "observatory.wsgi"]
        super().__init__(f"gunicorn-{self.port}", argv, env, log_dir)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self) -> None:
        def answers():
            if not self.alive():
                raise AssertionError(f"gunicorn exited:\n{self.log()[-3000:]}")
            try:
                return httpx.get(self.url + "/healthz", timeout=2).status_code == 200
            except httpx.TransportError:
                return False

        wait_until(answers, 60, what="gunicorn answering /healthz")


class Worker(Process):
    def __init__(self, env: dict[str, str], log_dir: Path, *, queues: str, name: str, concurrency: int = 1):
        argv = [
            sys.executable, "-m", "celery", "-A", "observatory", "worker", "-Q", queues,
            "-c", str(concurrency), "-n", f"{name}-{uuid.uuid4().hex[:6]}@%h", "-l", "INFO",
            "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        super().__init__(name, argv, env, log_dir)
        wait_until(lambda: "ready." in self.log() or not self.alive(), 90, what=f"worker {name} ready")
        if not self.alive():
            raise AssertionError(f"worker {name} exited:\n{self.log()[-3000:]}")


# --- TLS and nginx -------------------------------------------------------------------------------


def self_signed_certificate(directory: Path) -> Path:
    """fullchain.pem and privkey.pem for localhost/127.0.0.1, as certbot would leave them; the
    certificate is also the CA file clients verify against."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "fullchain.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (directory / "privkey.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    (directory / "privkey.pem").chmod(0o600)
    return directory / "fullchain.pem"


def _replace_once(text: str, old: str, new: str) -> str:
    """The shipped file, changed only where loopback needs it; a line that moved fails here loudly."""
    count = text.count(old)
    if count != 1:
        raise AssertionError(f"deploy/nginx.conf: expected {old!r} once, found it {count} times")
    return text.replace(old, new)


def nginx_config(upstream_port: int, http_port: int, https_port: int, tls_dir: Path) -> str:
    """deploy/nginx.conf with the compose service names and ports swapped for loopback ones: the
    upstream, the listening sockets and the certificate directory. Every other line is as shipped."""
    text = (DEPLOY / "nginx.conf").read_text()
    text = _replace_once(text, "server web:8000;", f"server 127.0.0.1:{upstream_port};")
    text = _replace_once(text, "listen 80;", f"listen 127.0.0.1:{http_port};")
    text = _replace_once(text, "listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    # No IPv6 listeners: loopback's ::1 may be missing in a sandbox, and the IPv4 ones carry the test.
    text = re.sub(r"^\s*listen \[::\]:\d+[^;]*;\n", "", text, flags=re.M)
    text = text.replace("/etc/nginx/tls/", f"{tls_dir}/")
    return text


class Nginx(Process):
    def __init__(self, upstream_port: int, log_dir: Path):
        if not Path(NGINX).exists():
            raise AssertionError("nginx is not installed: run scripts/install-system-packages test")
        self.http_port, self.https_port = free_port(), free_port()
        self.tls_dir = log_dir / "tls"
        self.ca_file = self_signed_certificate(self.tls_dir)
        prefix = log_dir / "nginx"
        prefix.mkdir()
        conf = prefix / "nginx.conf"
        conf.write_text(nginx_config(upstream_port, self.http_port, self.https_port, self.tls_dir))
        # Workers as root only because the test's temporary directory is root's; the Debian package's own
        # temp paths (/var/lib/nginx) stay as they are. pid and error log in the test directory.
        globals_ = f"daemon off; user root; pid {prefix}/nginx.pid;"
        argv = [NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log"), "-g", globals_]
        check = subprocess.run([*argv, "-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise AssertionError(f"nginx -t refused deploy/nginx.conf:\n{check.stderr}")
        super().__init__(f"nginx-{self.https_port}", argv, dict(os.environ), log_dir)
        wait_until(self._listening, 15, what="nginx listening")

    def _listening(self) -> bool:
        if not self.alive():
            raise AssertionError(f"nginx exited:\n{self.log()}")
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self.https_port)) == 0

    @property
    def url(self) -> str:
        return f"https://localhost:{self.https_port}"

    def client(self, source: str = "127.0.0.1") -> httpx.Client:
        """A browser at `source` (any loopback address), trusting the test certificate."""
        verify = ssl.create_default_context(cafile=str(self.ca_file))
        transport = httpx.HTTPTransport(local_address=source, verify=verify)
        return httpx.Client(base_url=self.url, transport=transport, timeout=30)


def report_page_path() -> str:
    """The report page in a fresh site, in a database a transactional test has emptied (its flush also
    removes the Wagtail root and locale that the migrations made)."""
    from urllib.parse import urlparse

    from wagtail.models import Locale, Page

    from tests.reports_intake.journey import make_report_page

    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    return urlparse(make_report_page().full_url).path
