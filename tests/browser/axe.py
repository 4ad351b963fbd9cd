"""axe-core (Deque's accessibility engine, vendored under tests/browser/vendor/) in a real page.

`audit(page)` injects the engine with Playwright's `add_script_tag`, runs the WCAG 2.x A and AA
rules (2.0, 2.1 and 2.2 tags) on the whole document and returns the violations, minus the nodes
listed in `EXCLUDED`; `report(violations)` prints each one's rule, impact, target and help so a
developer can act on a failure.

Exclusions are by rule *and* element, each with the reason it cannot be fixed by our theme or
content (it lies in Streamlit's own markup). A whole rule is never switched off.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_VERSION = "4.14.1"
# The integrity that axe-core's own sri-history.json lists for 4.14.1's axe.min.js.
AXE_SHA256 = "KTSJmUUM3yhJqOcLeRL8LahahJ2jnA0NU5T1HUqe2Vw="
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@dataclass(frozen=True)
class Exclusion:
    rule: str
    selector: str     # a CSS selector matched against each violating node's axe target
    reason: str


# Nodes of Streamlit's own markup that fail a rule for a reason neither the theme nor our content
# can change. Keep each entry narrow, with its reason; `test_accessibility.py` fails when an entry
# stops matching anything (so a fixed upstream problem does not leave a stale exclusion behind).
EXCLUDED: tuple[Exclusion, ...] = ()


def _check_vendored_file() -> None:
    digest = base64.b64encode(hashlib.sha256(AXE.read_bytes()).digest()).decode()
    if digest != AXE_SHA256:
        raise AssertionError(f"{AXE} is not axe-core {AXE_VERSION} as published "
                             f"(sha256-{digest}); see tests/browser/vendor/README.md")


_RUN = """async ([tags, excluded]) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                          resultTypes: ["violations"]});
  const matches = (rule, node) => excluded.filter(([r, selector]) => r === rule &&
      node.target.length === 1 && document.querySelector(node.target[0])?.matches(selector));
  const used = new Set();
  const violations = [];
  for (const v of result.violations) {
    const nodes = v.nodes.filter(n => {
      const hit = matches(v.id, n);
      hit.forEach(([r, s]) => used.add(r + " " + s));
      return hit.length === 0;
    }).map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                  summary: n.failureSummary}));
    if (nodes.length) violations.push({id: v.id, impact: v.impact, help: v.help,
                                       helpUrl: v.helpUrl, nodes});
  }
  return {violations, used: [...used], version: axe.version};
}"""


def audit(page) -> tuple[list[dict], set[str]]:
    """(violations, the exclusions that matched a node: "rule selector") of the page as shown."""
    _check_vendored_file()
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(_RUN, [WCAG_TAGS, [[e.rule, e.selector] for e in EXCLUDED]])
    assert result["version"] == AXE_VERSION, result["version"]
    return result["violations"], set(result["used"])


def report(violations: list[dict]) -> str:
    """One block per violation: rule id, impact, help (with its URL), then each target."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} [{violation['impact']}]: {violation['help']} "
                     f"({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    target {node['target']}")
            lines.append(f"        {node['html']}")
            for detail in (node["summary"] or "").splitlines()[1:3]:
                lines.append(f"        {detail.strip()}")
    return "\n".join(lines)
