"""The intake's step pages keep their markup while the code that renders them gets cheaper (issue 19).

Every page a reporter can meet on the step path — each step empty, filled, with each kind of error, in
Spanish and in Arabic, after Back, Change and a language switch, the review page — is compared with a
copy kept in `golden/`, first written from the templates as they were before the rendering was made
cheaper (commit 86e3389). Only the per-visit tokens are masked, the two spellings of an escaped
apostrophe made one, and runs of whitespace folded to one space (HTML does the same when it lays a
page out); any other change to a tag, an attribute, a label or its order fails.

After a deliberate change to the markup: `UPDATE_GOLDEN=1 pytest tests/reports_intake/test_step_markup.py`,
then read the diff of `golden/` before committing it.
"""

import os
import re
from pathlib import Path

import pytest

from tests.reports_intake.journey import in_language, step, walk_to_review

GOLDEN = Path(__file__).parent / "golden"
# Values that differ on every visit: CSRF, the signed "form opened" time and the proof-of-work challenge.
VOLATILE = re.compile(r'(name="(?:csrfmiddlewaretoken|started|pow_token)" value=")[^"]*(")')


def normalised(html: str) -> str:
    # Jinja2 writes an apostrophe as &#39;, Django's template language as &#x27;: the same character.
    html = VOLATILE.sub(r"\1…\2", html).replace("&#39;", "&#x27;")
    return re.sub(r"\s+", " ", html).strip()


def pages(client, page, answers):
    """(name, response) for every page the step path shows."""
    url = page.url
    yield "what_es", client.get(url)
    yield "what_ar", client.get(in_language(url, "ar"))
    first = client.get(url)
    yield "what_too_short", step(client, url, first, {"narrative": "corto"})
    when = step(client, url, first, answers["what"])
    yield "when", when
    yield "when_day_missing", step(client, url, when, {"when_kind": "date"})
    where = step(client, url, when, answers["when"])
    yield "where", where
    yield (
        "where_outside_city",
        step(client, url, where, {"where_kind": "point", "latitude": "40.4168", "longitude": "-3.7038"}),
    )
    yield "where_in_french", step(client, url, where, answers["where"], button=("nav", "lang:fr"))
    who = step(client, url, where, answers["where"])
    yield "who", who
    yield "where_after_back", step(client, url, who, answers["who"], button=("nav", "back"))
    contact = step(client, url, who, answers["who"])
    yield "contact", contact
    yield "contact_without_consent", step(client, url, contact, {"contact": "600 000 000", "language": "es"})
    review = step(client, url, contact, answers["contact"])
    yield "review", review
    yield (
        "when_changed_from_review",
        step(client, url, review, button=("nav", "change:when"), form_id="review-nav"),
    )
    arabic = walk_to_review(client, page, answers, lang="ar")
    yield "review_ar", arabic


def test_every_step_page_keeps_its_markup(client, intake):
    page, answers = intake
    update = os.environ.get("UPDATE_GOLDEN") == "1"
    GOLDEN.mkdir(exist_ok=True)
    compared = []
    for name, response in pages(client, page, answers):
        assert response.status_code == 200, name
        html = normalised(response.content.decode())
        golden = GOLDEN / f"{name}.html"
        if update:
            golden.write_text(html + "\n", encoding="utf-8")
            continue
        assert golden.exists(), f"no golden copy of {name}: run with UPDATE_GOLDEN=1 and read the diff"
        assert html == golden.read_text(encoding="utf-8").strip(), f"{name}: markup changed"
        compared.append(name)
    if update:
        pytest.skip("golden copies written: read their diff before committing")
    assert len(compared) == 15
