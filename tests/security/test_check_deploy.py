"""Issue 13: `manage.py check --deploy` is clean with the production settings and the environment
deploy/compose.yaml gives the web service. Each silenced warning has its reason next to
SILENCED_SYSTEM_CHECKS in observatory/settings.py; the reasons that depend on the deployment are checked
here too (the proxy's redirect to HTTPS), and a deployment without the proxy still gets the warning."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def check_deploy(**overrides: str) -> subprocess.CompletedProcess:
    """`manage.py check --deploy --fail-level WARNING` in a fresh process with the production settings
    module, this test run's database and broker, and the web service's environment."""
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DEBUG_FILE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="observatory.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        RATE_LIMIT_KEY=secrets.token_urlsafe(32),
        ALLOWED_HOSTS="observatorio.example.org",
        CSRF_TRUSTED_ORIGINS="https://observatorio.example.org",
        BEHIND_TLS_PROXY="1",
        TRUSTED_PROXY_COUNT="1",
    )
    env.update(overrides)
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_check_deploy_is_clean_with_the_production_settings():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout, result.stdout + result.stderr


def test_the_proxy_redirects_every_plain_http_request_to_https():
    """The reason security.W008 is silenced behind the proxy: nginx's port-80 server does nothing else."""
    config = (REPO / "deploy" / "nginx.conf").read_text()
    servers = re.findall(r"server\s*\{(.*?)\n    \}", config, flags=re.S)
    plain = [body for body in servers if re.search(r"listen\s+80\s*;", body)]
    assert plain, "no port-80 server in deploy/nginx.conf"
    for body in plain:
        directives = [
            line.strip() for line in body.splitlines() if line.strip() and not line.strip().startswith("#")
        ]
        assert [d for d in directives if not d.startswith("listen")] == [
            "return 301 https://$host$request_uri;"
        ]


def test_without_the_proxy_the_https_redirect_warning_stays():
    result = check_deploy(BEHIND_TLS_PROXY="0", TRUSTED_PROXY_COUNT="0")
    assert "security.W008" in result.stdout + result.stderr
