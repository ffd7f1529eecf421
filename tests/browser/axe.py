"""axe-core, the accessibility engine, run inside a page of the real browser (DESIGN §9: 0 serious
axe-core violations in every language).

The script is the copy scripts/install-test-assets puts in var/node (nothing is downloaded while tests
run). Our pages forbid inline and foreign scripts (CSP without 'unsafe-inline'), so it cannot be added
as a <script> element the page would load: Playwright evaluates it in the page through the DevTools
protocol instead, which the page's policy does not govern.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "var" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


@functools.cache
def _source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run scripts/install-test-assets")
    return AXE.read_text()


def violations(page) -> list[dict]:
    """The serious and critical violations axe-core finds on the page as it is now, each as
    {"id", "impact", "help", "targets"} (targets: CSS selectors of the failing elements)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_source())
    found = page.evaluate(
        """async () => {
            const result = await window.axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(" ")),
            }));
        }"""
    )
    return [v for v in found if v["impact"] in SERIOUS]


def describe(found: list[dict]) -> str:
    """One line per violation, for an assertion message a reader can act on."""
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']} at {', '.join(v['targets'][:5])}" for v in found)
