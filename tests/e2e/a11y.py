"""Checks a person would notice, run in the real page: axe-core, page structure, focus, phone sizes."""

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")

# Fail on these; the others (minor, moderate) are printed with a failure but do not fail alone.
BLOCKING_IMPACTS = ("serious", "critical")

# Smallest height of a tap target on a phone, in CSS pixels.
MIN_TARGET_PX = 44


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page and return its violations.

    page.evaluate goes through DevTools, which the page's Content-Security-Policy does not
    govern, so axe runs under the production CSP without bypass_csp.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    return page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
            }));
        }"""
    )


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    at {node['target']}: {summary}")
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page, what: str = "") -> None:
    """No serious or critical axe violation, a <title>, exactly one h1, every control labelled."""
    where = what or page.url
    violations = axe_violations(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe found serious/critical violations on {where}:\n{format_violations(violations)}"

    title = page.title().strip()
    assert title, f"{where} has no <title>"
    h1_count = page.locator("h1").count()
    assert h1_count == 1, f"{where} has {h1_count} h1 elements, expected exactly one"

    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea, button')]
            .filter(el => el.type !== 'hidden' && el.getClientRects().length > 0)
            .filter(el => {
                const labelled = (el.labels && el.labels.length > 0 && [...el.labels].some(l => l.textContent.trim()))
                    || (el.getAttribute('aria-label') || '').trim()
                    || el.getAttribute('aria-labelledby');
                const ownText = (el.tagName === 'BUTTON' && el.textContent.trim())
                    || (el.type === 'submit' && el.value);
                return !(labelled || ownText);
            })
            .map(el => el.outerHTML.slice(0, 160))"""
    )
    assert not unlabelled, f"{where} has controls without a label:\n" + "\n".join(unlabelled)


# A focused element shows its focus if it has an outline at least 2px wide, or a box-shadow
# ring of a colour that is not mostly transparent (Bootstrap's default ring is 25% opaque,
# which disappears on the blue navigation bar).
_FOCUS_VISIBLE_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return {tag: null};
    const cs = getComputedStyle(el);
    const alpha = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return 1;
        const p = m[1].split(/[ ,\\/]+/).filter(Boolean); return p.length > 3 ? parseFloat(p[3]) : 1; };
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 && alpha(cs.outlineColor) >= 0.5;
    const shadowColors = (cs.boxShadow === 'none' ? [] : cs.boxShadow.match(/rgba?\\([^)]+\\)/g) || []);
    const shadow = shadowColors.some(c => alpha(c) >= 0.5);
    const r = el.getBoundingClientRect();
    return {
        index: [...document.querySelectorAll('*')].indexOf(el),
        tag: el.tagName.toLowerCase(),
        name: (el.getAttribute('aria-label') || el.textContent || el.value || el.name || '').trim().slice(0, 60),
        visible: outline || shadow,
        onScreen: r.width > 1 && r.height > 1,
        outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
        shadow: cs.boxShadow,
    };
}"""


def focused_element(page) -> dict:
    """The focused element: its tag, name, and whether its focus ring shows (`visible`)."""
    return page.evaluate(_FOCUS_VISIBLE_JS)


def assert_focus_visible(page, what: str = "", tabs: int = 80) -> list[str]:
    """Tab once round the page: every element that takes focus shows it.

    Returns the names of the elements reached, in order (the keyboard journey uses this too).
    """
    where = what or page.url
    reached, invisible, seen = [], [], set()
    for _ in range(tabs):
        page.keyboard.press("Tab")
        info = focused_element(page)
        if info["tag"] is None:
            # Past the last element focus leaves the page; the next Tab starts again at the top.
            continue
        if info["index"] in seen:
            break
        seen.add(info["index"])
        reached.append(info["name"])
        if info["onScreen"] and not info["visible"]:
            invisible.append(f"<{info['tag']}> {info['name']!r}: outline {info['outline']}; shadow {info['shadow']}")
    assert reached, f"nothing on {where} takes keyboard focus"
    assert not invisible, f"focus is not visible on {where} for:\n" + "\n".join(invisible)
    return reached


def assert_fits_phone(page, what: str = "") -> None:
    """At phone width: no horizontal scroll (of the page or a box in it); buttons, inputs and
    navigation links at least 44px tall.

    Inline text links (a link inside running text) are exempt. Checkboxes and radios count
    with their label, which is part of the target.
    """
    where = what or page.url
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"{where} scrolls sideways on a phone: scrollWidth {width[0]} > {width[1]}"
    # A box of its own that scrolls sideways (a .table-responsive) hides content off to the right just the same.
    scrollers = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
            .filter(el => el.scrollWidth > el.clientWidth + 1)
            .map(el => `<${el.tagName.toLowerCase()} class="${el.className}">: ${el.scrollWidth} > ${el.clientWidth}px`)
        """
    )
    assert not scrollers, f"{where} has boxes that scroll sideways on a phone:\n" + "\n".join(scrollers)

    small = page.evaluate(
        """(minPx) => {
            const targets = document.querySelectorAll(
                'button, input, select, textarea, a.btn, [role=button], nav a, a.nav-link, a.navbar-brand');
            const out = [];
            for (const el of targets) {
                if (el.type === 'hidden') continue;
                const r = el.getBoundingClientRect();
                const cs = getComputedStyle(el);
                if (r.width <= 1 || r.height <= 1 || cs.visibility === 'hidden') continue;
                let height = r.height;
                if (el.type === 'checkbox' || el.type === 'radio') {
                    for (const label of el.labels || []) {
                        const lr = label.getBoundingClientRect();
                        const top = Math.min(r.top, lr.top), bottom = Math.max(r.bottom, lr.bottom);
                        height = Math.max(height, bottom - top);
                        const wrap = el.closest('.form-check');
                        if (wrap) height = Math.max(height, wrap.getBoundingClientRect().height);
                    }
                }
                if (height + 0.5 < minPx) {
                    const name = (el.getAttribute('aria-label') || el.textContent || el.value || el.name || '')
                        .trim().replace(/\\s+/g, ' ').slice(0, 50);
                    const tag = el.tagName.toLowerCase() + (el.type ? ' type=' + el.type : '');
                    out.push(`<${tag}> ${JSON.stringify(name)}: ${height.toFixed(1)}px`);
                }
            }
            return out;
        }""",
        MIN_TARGET_PX,
    )
    assert not small, f"tap targets under {MIN_TARGET_PX}px tall on {where}:\n" + "\n".join(small)
