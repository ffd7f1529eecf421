import base64
import hashlib
import hmac
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import reports_intake
from reports_intake.pow import PowError, issue_challenge, leading_zero_bits, solve, verify_solution

SECRET = b"s" * 32
NOW = 1_760_000_000.0
HERE = Path(__file__).resolve().parent
POW_JS = Path(reports_intake.__file__).parent / "static" / "reports_intake" / "pow.js"


class SpentNonces:
    """What the caller's `cache.add` does: remember each nonce once."""

    def __init__(self):
        self.seen = set()

    def __call__(self, nonce: bytes) -> bool:
        if nonce in self.seen:
            return False
        self.seen.add(nonce)
        return True


def challenge(purpose="submit", difficulty=8, ttl=300, secret=SECRET):
    return issue_challenge(secret, purpose=purpose, difficulty=difficulty, ttl_seconds=ttl, now=NOW)


def refusal(token, solution, *, purpose="submit", now=NOW + 1, claim_once=None) -> str:
    with pytest.raises(PowError) as caught:
        verify_solution(
            SECRET, token, solution, purpose=purpose, now=now, claim_once=claim_once or SpentNonces()
        )
    return caught.value.code


def test_solved_challenge_is_accepted_once():
    token = challenge()
    spent = SpentNonces()
    solution = solve(token, 8)
    verify_solution(SECRET, token, solution, purpose="submit", now=NOW + 1, claim_once=spent)
    assert refusal(token, solution, claim_once=spent) == "replayed"


def test_solution_has_the_required_leading_zero_bits():
    token = challenge(difficulty=12)
    digest = hashlib.sha256(f"{token}:{solve(token, 12)}".encode()).digest()
    assert leading_zero_bits(digest) >= 12


def test_forged_challenge_is_refused():
    token = issue_challenge(b"x" * 32, purpose="submit", difficulty=0, ttl_seconds=300, now=NOW)
    assert refusal(token, solve(token, 0)) == "forged"


def test_challenge_with_lowered_difficulty_is_refused_as_forged():
    token = challenge(difficulty=16)
    body_b64, tag = token.split(".")
    body = bytearray(base64.urlsafe_b64decode(body_b64 + "=" * (-len(body_b64) % 4)))
    body[1] = 0
    lowered = base64.urlsafe_b64encode(bytes(body)).rstrip(b"=").decode() + "." + tag
    assert refusal(lowered, "0") == "forged"


def test_expired_challenge_is_refused():
    token = challenge(ttl=60)
    assert refusal(token, solve(token, 8), now=NOW + 60) == "expired"


def test_challenge_for_another_purpose_is_refused():
    token = challenge(purpose="receipt-login")
    assert refusal(token, solve(token, 8), purpose="submit") == "wrong_purpose"


def test_insufficient_work_is_refused_and_does_not_burn_the_challenge():
    token = challenge(difficulty=16)
    solution = solve(token, 16)
    wrong = next(str(n) for n in range(1000) if str(n) != solution and not _solves(token, str(n), 16))
    spent = SpentNonces()
    assert refusal(token, wrong, claim_once=spent) == "insufficient"
    verify_solution(SECRET, token, solution, purpose="submit", now=NOW + 1, claim_once=spent)


def _solves(token, counter, difficulty):
    return leading_zero_bits(hashlib.sha256(f"{token}:{counter}".encode()).digest()) >= difficulty


@pytest.mark.parametrize(
    "token, solution",
    [("", "1"), ("abc", "1"), ("a.b.c", "1"), ("!!!.???", "1"), ("AAAA.AAAA", "1"), ("x" * 600, "1")],
)
def test_malformed_challenge_is_refused(token, solution):
    assert refusal(token, solution) == "malformed"


@pytest.mark.parametrize("solution", ["", "-1", "1e3", " 12", "١٢", "9" * 21])
def test_malformed_solution_is_refused(solution):
    assert refusal(challenge(), solution) == "malformed"


def test_mac_is_compared_in_constant_time(monkeypatch):
    calls = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    token = challenge()
    verify_solution(SECRET, token, solve(token, 8), purpose="submit", now=NOW + 1, claim_once=SpentNonces())
    assert calls


def test_difficulty_out_of_range_is_refused_at_issue():
    with pytest.raises(ValueError):
        challenge(difficulty=33)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_browser_solver_hashes_and_solves_like_the_server():
    tokens = [challenge(difficulty=d) for d in (0, 4, 10)]
    messages = ["", "abc", "x" * 55, "y" * 56, "z" * 64, "é" * 70, tokens[0] + ":123"]
    vectors = {
        "sha256": [[m, hashlib.sha256(m.encode()).hexdigest()] for m in messages],
        "solve": [[t, d, solve(t, d)] for t, d in zip(tokens, (0, 4, 10), strict=True)],
    }
    result = subprocess.run(
        ["node", "--test", str(HERE / "pow_vector.test.mjs")],
        env={**os.environ, "POW_JS": str(POW_JS), "POW_VECTORS": json.dumps(vectors)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_browser_solver_is_small():
    # A slow phone fetches it on the review page: the solver, its SHA-256 and the choice of encoding.
    assert POW_JS.stat().st_size < 5 * 1024
