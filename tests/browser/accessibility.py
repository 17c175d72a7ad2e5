"""Accessibility checks for browser tests: axe-core (vendored, offline) plus the checks axe cannot make.

`axe_violations(page)` injects tests/browser/vendor/axe-core/axe.min.js into the page and returns the
WCAG 2.0/2.1 A and AA violations as short strings (empty when the page passes). The page's context must
be created with `bypass_csp=True`, since the site's Content-Security-Policy forbids injected scripts.
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(', '))",
        WCAG_AA,
    )
    return list(result)


def sideways_overflow(page) -> int:
    """How many pixels the page scrolls sideways (0 when nothing is wider than the viewport)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def small_tel_links(page) -> list[str]:
    """tel: links that are visible but smaller than a 44 × 44 px touch target."""
    return page.evaluate("""() => [...document.querySelectorAll('a[href^="tel:"]')]
        .filter(a => a.offsetParent !== null)
        .map(a => [a.getAttribute('href'), a.getBoundingClientRect()])
        .filter(([, r]) => r.width < 44 || r.height < 44)
        .map(([href, r]) => `${href} ${Math.round(r.width)}x${Math.round(r.height)}`)""")
