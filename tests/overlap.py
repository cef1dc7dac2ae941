"""Label collisions in Plotly charts, measured in a real browser.

For every drawn Plotly chart in a page (or an exported SVG opened in Chromium), read the
bounding boxes of its SVG text: tick labels, annotations, legend items and data labels. A
problem is two boxes overlapping (by more than a pixel each way, so touching glyph boxes do
not count) or a box that runs past the chart's own edge (clipped when printed).
"""
from __future__ import annotations

# Text roles and the selectors that find them inside one chart's root <svg> pair.
COLLECT = r"""
(root) => {
  const roles = [
    ['xtick', 'g.xtick text'], ['ytick', 'g.ytick text'],
    ['annotation', 'g.annotation text'], ['legend', 'g.legend text.legendtext'],
    ['legendtitle', 'g.legend text.legendtitletext'],
    ['label', 'g.trace text.bartext, g.textpoint text, g.trace g.text text'],
    ['title', 'g.g-gtitle text, g.g-xtitle text, g.g-ytitle text'],
  ];
  const frame = root.getBoundingClientRect();
  const out = [];
  for (const [role, sel] of roles) {
    for (const el of root.querySelectorAll(sel)) {
      const text = (el.textContent || '').trim();
      if (!text) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0') continue;
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) continue;
      out.push({role, text, x0: r.left - frame.left, y0: r.top - frame.top,
                x1: r.right - frame.left, y1: r.bottom - frame.top});
    }
  }
  return {width: frame.width, height: frame.height, boxes: out};
}
"""
SLACK = 1.0        # pixels: glyph boxes that merely touch are fine


def problems(measured: dict, name: str = "") -> list[str]:
    """Overlapping pairs and boxes past the chart's edge, as readable lines."""
    boxes, found = measured["boxes"], []
    w, h = measured["width"], measured["height"]
    for b in boxes:
        if b["x0"] < -SLACK or b["y0"] < -SLACK or b["x1"] > w + SLACK or b["y1"] > h + SLACK:
            found.append(f"{name}: {b['role']} 「{b['text']}」 runs past the chart edge "
                         f"({b['x0']:.0f},{b['y0']:.0f})-({b['x1']:.0f},{b['y1']:.0f}) in {w:.0f}x{h:.0f}")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            dy = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
            if dx > SLACK and dy > SLACK:
                found.append(f"{name}: {a['role']} 「{a['text']}」 overlaps {b['role']} 「{b['text']}」")
    return found


def scroll_through(page) -> None:
    """Scroll the app's main area to the end and back, so every chart has been drawn."""
    for _ in range(40):
        done = page.evaluate("""() => {
            const m = document.querySelector('[data-testid="stMain"]') || document.scrollingElement;
            const before = m.scrollTop; m.scrollTop = before + 800;
            return m.scrollTop === before;
        }""")
        page.wait_for_timeout(250)
        if done:
            break
    page.evaluate("""() => { const m = document.querySelector('[data-testid="stMain"]');
                             if (m) m.scrollTop = 0; }""")
    page.wait_for_timeout(500)


def page_problems(page, prefix: str = "", charts_expected: bool = True) -> tuple[int, list[str]]:
    """(charts checked, problems) for every visible Plotly chart of a loaded page."""
    if charts_expected:
        page.wait_for_selector(".main-svg", state="attached", timeout=60_000)
    scroll_through(page)
    charts = page.locator(".js-plotly-plot")
    found, checked = [], 0
    for i in range(charts.count()):
        chart = charts.nth(i)
        if not chart.is_visible():
            continue                  # inside a closed expander
        chart.scroll_into_view_if_needed()
        title = chart.evaluate("e => (e.layout && e.layout.meta) || (e.data && e.data[0] && e.data[0].meta) || ''")
        measured = chart.evaluate(f"e => ({COLLECT})(e.querySelector('.svg-container'))")
        checked += 1
        found += problems(measured, f"{prefix}chart {i + 1} {title}".strip())
    return checked, found


# Charts a page offers for download that the pack does not carry (the factor page's full matrix).
PAGE_ONLY = ("driver_system",)


def exports(con, scope_text: str, fy: int, lang: str, size_name: str) -> list[tuple[str, object]]:
    """(name, stamped figure) of every export of one scope, language and size."""
    from dashboard.export import pack, render, stamp
    from dashboard.scope import Scope
    scope = Scope.parse(scope_text)
    meta = stamp.meta_for(con, scope, fy, lang=lang)
    size = getattr(render, size_name)
    specs = pack.chart_specs(con, scope, fy, lang, "hyakuman", None)
    out = []
    if size_name == "PRINT_SIZE":       # the page's PNG / SVG / PDF buttons
        specs += [s for s in pack.chart_specs(con, scope, fy, lang, "hyakuman", PAGE_ONLY) if not s.empty]
        out = [(s.key, stamp.stamp(s.figure, s.title, meta, size["width"], size["height"])) for s in specs]
    else:                               # the pack: PNG zip titled, slides and handout untitled
        for titled in (True, False):
            out += [(f"{s.key}{'' if titled else ' (untitled)'}",
                     stamp.stamp(s.figure, s.title if titled else None, meta, size["width"], size["height"]))
                    for s in specs]
    return out
