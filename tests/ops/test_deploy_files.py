"""The two shipped layouts, deploy/compose.yaml and deploy/systemd/, say the same things: the triage key goes
to the triage worker alone, the broker's Redis persists and the cache's does not, the web tier trusts
forwarding headers from the proxy's address only, and every secret a service names exists. The systemd
units pass `systemd-analyze verify` (Debian 12's systemd)."""

import re
import shutil
import subprocess
from configparser import ConfigParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SYSTEMD = REPO / "deploy" / "systemd"
UNITS = sorted(SYSTEMD.glob("observatory-*.service"))
COMPOSE = yaml.safe_load((REPO / "deploy" / "compose.yaml").read_text())


def unit(path: Path) -> dict[str, list[str]]:
    """Each [Service] key with all its values (systemd keys repeat)."""
    values: dict[str, list[str]] = {}
    section = ""
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        values.setdefault(f"{section}.{key}", []).append(value)
    return values


def credentials(path: Path) -> dict[str, str]:
    return dict(entry.split(":", 1) for entry in unit(path).get("Service.LoadCredential", []))


def test_the_units_cover_the_compose_services():
    names = {path.stem for path in UNITS}
    assert {
        "observatory-web",
        "observatory-worker-triage",
        "observatory-worker-default",
        "observatory-beat",
    } <= names
    assert (SYSTEMD / "observatory-backup.timer").exists()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_the_units_pass_systemd_analyze_verify(tmp_path):
    # The units name the installed virtualenv (/srv/observatory/venv); verify them against this one.
    for path in [*UNITS, *SYSTEMD.glob("*.timer")]:
        text = path.read_text().replace("/srv/observatory/venv", str(REPO / ".venv"))
        (tmp_path / path.name).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_only_the_triage_worker_is_given_the_triage_key():
    holders = {path.stem for path in UNITS if "triage_private_key" in credentials(path)}
    assert holders == {"observatory-worker-triage"}
    for path in UNITS:
        environment = " ".join(unit(path).get("Service.Environment", []))
        assert ("TRIAGE_PRIVATE_KEY_FILE" in environment) == (path.stem == "observatory-worker-triage")
    services = COMPOSE["services"]
    assert {name for name, s in services.items() if "triage_private_key" in (s.get("secrets") or [])} == {
        "triage-worker"
    }
    assert "TRIAGE_PRIVATE_KEY_FILE" not in COMPOSE["x-app"]["environment"]


def test_every_secret_file_a_unit_names_is_handed_over_as_a_credential():
    for path in UNITS:
        given = credentials(path)
        environment = " ".join(unit(path).get("Service.Environment", []))
        named = set(re.findall(r"[A-Z_]+_FILE=%d/([a-z_]+)", environment))
        assert named == set(given), (path.name, named, set(given))
        assert all(source.startswith("/etc/observatory/secrets/") for source in given.values())
        # The rate-limit key is the web tier's only (a worker never hashes a client).
        assert ("rate_limit_key" in given) == (path.stem == "observatory-web")


def test_compose_secrets_are_declared_and_the_proxy_address_is_the_trusted_one():
    declared = set(COMPOSE["secrets"])
    for name, service in COMPOSE["services"].items():
        assert set(service.get("secrets") or []) <= declared, name
        env = service.get("environment") or {}
        if "DATABASE_URL_FILE" in env:
            assert "app_database_url" in service["secrets"], name
    proxy_address = COMPOSE["services"]["proxy"]["networks"]["internal"]["ipv4_address"]
    assert COMPOSE["services"]["web"]["environment"]["TRUSTED_PROXY_ADDRESSES"] == proxy_address
    # Only the one-off migration service is given the owner's credentials.
    owners = {n for n, s in COMPOSE["services"].items() if "owner_database_url" in (s.get("secrets") or [])}
    assert owners == {"migrate"}


def test_the_broker_persists_and_the_cache_never_touches_the_disk():
    broker = COMPOSE["services"]["redis"]["command"]
    cache = COMPOSE["services"]["cache"]["command"]
    assert broker[broker.index("--appendonly") + 1] == "yes"
    assert cache[cache.index("--appendonly") + 1] == "no" and cache[cache.index("--save") + 1] == ""
    assert "volumes" not in COMPOSE["services"]["cache"]
    env = COMPOSE["x-app"]["environment"]
    assert env["CELERY_BROKER_URL"].startswith("redis://redis:") and env["REDIS_URL"].startswith(
        "redis://cache:"
    )
    example = ConfigParser()
    example.read_string("[env]\n" + (SYSTEMD / "observatory.env.example").read_text())
    assert urlparse(example["env"]["CELERY_BROKER_URL"]).port != urlparse(example["env"]["REDIS_URL"]).port


def test_a_proxy_address_that_is_not_one_stops_the_start():
    from tests.test_settings import manage_check

    result = manage_check(TRUSTED_PROXY_ADDRESSES="127.0.0.1,nginx")
    assert (
        result.returncode != 0 and "TRUSTED_PROXY_ADDRESSES" in result.stderr and "'nginx'" in result.stderr
    )
    assert manage_check(TRUSTED_PROXY_ADDRESSES="172.30.0.10,10.0.1.0/24,::1").returncode == 0
