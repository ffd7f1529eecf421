"""Issue 13, finding 3: the two proxy settings that, wrong, either put every reporter in one rate-limit
bucket (behind a proxy, TRUSTED_PROXY_COUNT=0: one person blocks intake for all) or let a client choose
its own address (TRUSTED_PROXY_COUNT=1 with no proxy in front: X-Forwarded-For is spoofed). The
application refuses to start with either combination; the shipped compose file and nginx config agree."""

from pathlib import Path

import pytest
import yaml

from tests.test_settings import manage_check

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"BEHIND_TLS_PROXY": "1", "TRUSTED_PROXY_COUNT": "0"}, "TRUSTED_PROXY_COUNT"),
        ({"TRUSTED_PROXY_COUNT": "1"}, "BEHIND_TLS_PROXY"),
    ],
)
def test_mismatched_proxy_settings_stop_the_start(overrides, message):
    result = manage_check(DEBUG="0", **overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_matching_proxy_settings_start():
    assert manage_check(DEBUG="0", BEHIND_TLS_PROXY="1", TRUSTED_PROXY_COUNT="1").returncode == 0


def test_the_shipped_layout_puts_nginx_in_front_and_counts_one_proxy():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert "proxy" in services and services["proxy"]["image"].startswith("nginx")
    web_env = services["web"]["environment"]
    assert str(web_env["TRUSTED_PROXY_COUNT"]) == "1" and str(web_env["BEHIND_TLS_PROXY"]) == "1"
    assert "ports" not in services["web"]  # reachable through the proxy only
    nginx = (DEPLOY / "nginx.conf").read_text()
    # The proxy replaces whatever X-Forwarded-For the client sent with the address it saw.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in nginx
    assert "$proxy_add_x_forwarded_for" not in nginx
    assert "client_max_body_size 52m;" in nginx and "access_log off;" in nginx
