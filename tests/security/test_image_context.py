"""Issue 13, finding 4: the production image is built from the repository (`COPY . .` in
deploy/Dockerfile); whatever `.dockerignore` lets through ends up in the image the web service runs.
Without `docker build`: list the build context by Docker's own matching rules and look for keys,
secrets and local state in it — in the working tree as it is, and at the paths where the demo, the key
ceremony and the deploy instructions put them."""

import os
import re
from functools import cache
from pathlib import Path

from observatory.crypto.keyfiles import KEY_FILE_FORMAT

REPO = Path(__file__).resolve().parents[2]
PEM_PRIVATE = b"PRIVATE " + b"KEY-----"  # split, so that this file is not a hit itself

# Where secrets are written by this project's own tools and instructions (they may not exist right now).
SECRET_PATHS = (
    "var/keys/triage.key",
    "var/keys/office-oficina.key",
    "var/dev-secret-key",
    "var/demo-credentials.json",
    "var/pg/base/1/1259",
    "deploy/secrets/django_secret_key",
    "deploy/secrets/triage_private_key",
    "deploy/secrets/rate_limit_key",
    "triage.key",
    "keys/office-oficina.key",
    ".env",
    ".git/config",
    ".venv/bin/python",
)


def _rules() -> list[tuple[bool, re.Pattern]]:
    """(negated, regex) per line of .dockerignore, as moby's patternmatcher reads them: comments and blank
    lines skipped, a leading '/' dropped, '**' any number of directories, '*' and '?' within one name."""
    path = REPO / ".dockerignore"
    rules = []
    for raw in path.read_text().splitlines() if path.exists() else []:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        line = os.path.normpath(line.lstrip("!").strip()).lstrip("/")
        regex, i = "", 0
        while i < len(line):
            if line.startswith("**/", i):
                regex, i = regex + "(?:.*/)?", i + 3
            elif line.startswith("**", i):
                regex, i = regex + ".*", i + 2
            elif line[i] == "*":
                regex, i = regex + "[^/]*", i + 1
            elif line[i] == "?":
                regex, i = regex + "[^/]", i + 1
            else:
                regex, i = regex + re.escape(line[i]), i + 1
        rules.append((negated, re.compile(regex + "$")))
    return rules


@cache
def _compiled():
    return tuple(_rules())


def excluded(relative: str) -> bool:
    """Whether Docker leaves `relative` out of the context: the last rule matching the path or one of
    its parent directories decides."""
    parts = relative.split("/")
    candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    verdict = False
    for negated, regex in _compiled():
        if any(regex.match(candidate) for candidate in candidates):
            verdict = not negated
    return verdict


def context_files() -> list[str]:
    """Every file of the working tree that would be sent to `docker build`."""
    has_exceptions = any(negated for negated, _ in _compiled())
    found = []
    for directory, subdirs, files in os.walk(REPO):
        rel_dir = os.path.relpath(directory, REPO)
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        if not has_exceptions:  # an excluded directory cannot have an included file: skip it whole
            subdirs[:] = [name for name in subdirs if not excluded(rel_dir + name)]
        found += [rel_dir + name for name in files if not excluded(rel_dir + name)]
    return found


def _is_secret(relative: str) -> bool:
    name = relative.rsplit("/", 1)[-1]
    if relative.startswith(("var/", "deploy/secrets/", ".git/", ".venv/")) or name.endswith((".key", ".pem")):
        return True
    try:
        head = (REPO / relative).read_bytes()[:4096]
    except OSError:
        return False
    # A key file written by observatory.crypto.keyfiles, or a PEM private key, wherever it was saved.
    key_file = re.match(rb'\s*\{\s*"format"\s*:\s*"' + re.escape(KEY_FILE_FORMAT.encode()), head)
    return key_file is not None or PEM_PRIVATE in head


def test_no_key_secret_or_local_state_enters_the_image():
    leaking = [path for path in context_files() if _is_secret(path)]
    assert not leaking, f"the build context would carry: {leaking[:20]}"


def test_where_our_tools_write_secrets_is_outside_the_build_context():
    assert [path for path in SECRET_PATHS if not excluded(path)] == []


def test_the_context_still_holds_the_application():
    # Guard against a .dockerignore that passes the tests above by leaving everything out.
    files = set(context_files())
    for needed in ("manage.py", "requirements.txt", "observatory/settings.py", "deploy/gunicorn.conf.py"):
        assert needed in files


def test_git_ignores_deploy_secrets_and_var():
    text = (REPO / ".gitignore").read_text().split()
    assert "var/" in text and "deploy/secrets/" in text
