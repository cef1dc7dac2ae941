"""Colour that never carries meaning alone, measured on the council pack's rendered PNGs.

Every chart of the pack (national, prefecture and organization scopes; each chart key once)
is rendered by the pack's own code (Kaleido + Debian's Chromium). For each series the test
finds the pixels drawn in the series' colour, simulates protanopia, deuteranopia (Machado
2009) and tritanopia (Brettel 1997) on those pixels with daltonlens, and requires:
- neighbouring series at least MIN_DELTA apart in CAM02-UCS (colorspacious), in normal vision
  and under each simulated deficiency;
- every series colour at least 3:1 against the white background (WCAG 1.4.11), as measured
  on the PNG, and every reference line too;
- every text colour in the figure at least 4.5:1 against white (WCAG 1.4.3);
- each series distinguished by something besides colour: its own pattern, dash, marker
  symbol, or a category axis that names it (direct label).
Continuous scales (map, heatmaps) must keep their decrease and increase halves apart under
every deficiency, and heatmap cells carry their values as text.
"""
from __future__ import annotations

import io
import re
import zipfile

import numpy as np
import pytest
from PIL import Image

from tests import access_fixtures as F

MIN_DELTA = 10.0          # CAM02-UCS distance between neighbouring series
MARK_CONTRAST, TEXT_CONTRAST = 3.0, 4.5
WHITE = np.array([255, 255, 255])
SCOPES = [("national", None), ("pref", "35"), ("org", "352012")]


# ---------------------------------------------------------------- colour arithmetic
def _rgb(colour: str) -> np.ndarray | None:
    """#RRGGBB / rgb() → array; None for a translucent rgba() (its outline is the mark)."""
    colour = colour.strip()
    if colour.startswith("#") and len(colour) == 7:
        return np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    m = re.fullmatch(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)", colour)
    if m and (m.group(4) is None or float(m.group(4)) >= 1):
        return np.array([round(float(m.group(i))) for i in (1, 2, 3)])
    named = {"white": [255, 255, 255], "black": [0, 0, 0]}
    return np.array(named[colour]) if colour in named else None


def contrast(a: np.ndarray, b: np.ndarray = WHITE) -> float:
    def lum(c):
        c = np.asarray(c, dtype=float) / 255
        c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def simulate(pixels: np.ndarray, deficiency: str | None) -> np.ndarray:
    """pixels: N×3 uint8 taken from the PNG → the same pixels as seen with the deficiency."""
    from daltonlens import simulate as sim
    if deficiency is None:
        return pixels
    image = pixels.reshape(1, -1, 3).astype(np.uint8)
    kind = {"protan": sim.Deficiency.PROTAN, "deutan": sim.Deficiency.DEUTAN,
            "tritan": sim.Deficiency.TRITAN}[deficiency]
    simulator = sim.Simulator_Brettel1997() if deficiency == "tritan" else sim.Simulator_Machado2009()
    return simulator.simulate_cvd(image, kind, severity=1.0).reshape(-1, 3)


def delta(a: np.ndarray, b: np.ndarray) -> float:
    from colorspacious import cspace_convert
    ja, jb = cspace_convert(a.astype(float), "sRGB255", "CAM02-UCS"), cspace_convert(b.astype(float), "sRGB255", "CAM02-UCS")
    return float(np.linalg.norm(ja - jb))


# ---------------------------------------------------------------- series of a figure
def series(fig) -> list[tuple[str, str, str]]:
    """(name, colour, what else tells it apart) per series, in drawing order, one per colour."""
    out, seen = [], set()

    def add(name, colour, other):
        if isinstance(colour, str) and colour not in seen:
            seen.add(colour)
            out.append((name, colour, other))

    for t in fig.data:
        name = getattr(t, "name", None) or t.type
        if t.type == "bar":
            colours = t.marker.color
            colours = [colours] if isinstance(colours, str) else list(dict.fromkeys(colours or []))
            fill = [c for c in colours if _rgb(c) is not None]
            shapes = t.marker.pattern.shape
            other = f"pattern {shapes!r}" if shapes not in (None, "") else "category axis / position"
            if not fill and t.marker.line.color:      # translucent band: its outline is the mark
                add(name, t.marker.line.color, "outline band")
            for c in fill:
                add(f"{name} {c}" if len(fill) > 1 else name, c, other)
        elif t.type == "scatter" and t.fill != "toself":       # (map outlines: continuous)
            if "lines" in (t.mode or "") and t.line.color:
                add(name, t.line.color, f"dash {t.line.dash} / symbol {t.marker.symbol}")
            elif isinstance(t.marker.color, str):
                add(name, t.marker.color, f"symbol {t.marker.symbol}")
        elif t.type == "box":
            add(name, t.line.color or t.marker.color, "category axis")
        elif t.type == "waterfall":
            for part in ("increasing", "decreasing", "totals"):
                add(f"{name} {part}", getattr(t, part).marker.color, "direction / category axis")
    return out


def continuous_scales(fig) -> list[list]:
    scales = []
    for t in fig.data:
        if t.type == "heatmap":
            scales.append(t.colorscale)
            assert t.texttemplate, "heatmap cells carry their values as text (direct labels)"
        elif t.type == "scatter" and getattr(t.marker, "colorscale", None) and not isinstance(t.marker.color, str):
            scales.append(t.marker.colorscale)
    return scales


def font_colours(value) -> list[str]:
    """Every font colour set anywhere in a figure dict (layout, annotations, traces)."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("font", "tickfont", "textfont", "insidetextfont", "outsidetextfont") \
                    and isinstance(item, dict) and isinstance(item.get("color"), str):
                found.append(item["color"])
            found += font_colours(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            found += font_colours(item)
    return found


# ---------------------------------------------------------------- the pack, rendered once
@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """[(scope label, key, stamped figure, PNG as RGB array)] for every chart key of the pack."""
    from dashboard import store
    from dashboard.export import pack, render, stamp
    from dashboard.scope import Scope
    if not render.can_export():
        pytest.skip("no Chromium or Japanese font for rendering (make setup installs them)")
    db = F.build(tmp_path_factory.mktemp("a11y_colour") / "demo.duckdb")
    out, done = [], set()
    with store.reader(db) as con:
        for kind, code in SCOPES:
            scope = Scope(kind, code) if code else Scope()
            fy = 2026
            specs = [s for s in pack.chart_specs(con, scope, fy, "ja", "hyakuman", None) if s.key not in done]
            done |= {s.key for s in specs}
            result = pack.build(con, scope, fy, "png", specs=specs)
            meta = stamp.meta_for(con, scope, fy, "ja", "hyakuman")
            with zipfile.ZipFile(io.BytesIO(result.data)) as zf:
                pngs = {n: zf.read(n) for n in zf.namelist() if n.endswith(".png")}
            for n, spec in enumerate(specs, 1):
                name = next(k for k in pngs if k.startswith(f"{n:02d}_{spec.key}_"))
                image = np.asarray(Image.open(io.BytesIO(pngs[name])).convert("RGB"))
                out.append((str(scope), spec.key, stamp.stamp(spec.figure, spec.title, meta), image))
    assert {k for _, k, _, _ in out} >= {"trajectory", "trajectory_stacked", "map", "by_item", "migration",
                                          "waterfall", "peers", "gc_joint", "own_systems"}
    return out


def _pixels(image: np.ndarray, colour: np.ndarray) -> np.ndarray:
    mask = np.all(np.abs(image.astype(int) - colour) <= 2, axis=2)
    return image[mask]


def test_every_pack_chart_series_is_apart_under_colour_vision_deficiency(rendered):
    problems = []
    for scope, key, fig, image in rendered:
        found = []
        for name, colour, other in series(fig):
            rgb = _rgb(colour)
            if rgb is None:
                continue
            pixels = _pixels(image, rgb)
            if len(pixels) < 20:          # a series with nothing to draw in this scope and year
                continue
            found.append((name, rgb, pixels, other))
            if contrast(rgb) < MARK_CONTRAST:
                problems.append(f"{scope} {key} {name}: {colour} only {contrast(rgb):.2f}:1 on white")
        for (n1, c1, p1, o1), (n2, c2, p2, o2) in zip(found, found[1:]):
            if o1 == o2 and not o1.startswith(("category", "direction")):
                problems.append(f"{scope} {key}: {n1} and {n2} differ only by colour ({o1})")
            for deficiency in (None, "protan", "deutan", "tritan"):
                a = np.median(simulate(p1, deficiency), axis=0)
                b = np.median(simulate(p2, deficiency), axis=0)
                d = delta(a, b)
                if d < MIN_DELTA:
                    problems.append(f"{scope} {key} {deficiency or 'normal'}: {n1} vs {n2} only {d:.1f} apart")
        for scale in continuous_scales(fig):
            low, high = np.array([_rgb(scale[1][1])]), np.array([_rgb(scale[-2][1])])
            for deficiency in (None, "protan", "deutan", "tritan"):
                d = delta(simulate(low, deficiency)[0], simulate(high, deficiency)[0])
                if d < MIN_DELTA:
                    problems.append(f"{scope} {key} {deficiency}: scale halves only {d:.1f} apart")
    assert not problems, "\n".join(problems)


def test_every_pack_chart_has_series_found_in_the_png(rendered):
    """The colours checked above are really the ones drawn: charts with discrete series show
    each of the first two series' colours on thousands of pixels of the PNG."""
    counted = 0
    for scope, key, fig, image in rendered:
        for name, colour, _ in series(fig)[:2]:
            rgb = _rgb(colour)
            if rgb is not None and len(_pixels(image, rgb)) >= 20:
                counted += 1
    assert counted >= len(rendered)


def test_text_and_reference_lines_contrast(rendered):
    problems = []
    for scope, key, fig, _ in rendered:
        spec = fig.to_dict()
        layout = spec.get("layout", {})
        colours = font_colours(spec) + font_colours(layout.get("template", {}).get("layout", {}))
        for colour in set(colours):
            rgb = _rgb(colour)
            if rgb is not None and contrast(rgb) < TEXT_CONTRAST:
                problems.append(f"{scope} {key}: text {colour} {contrast(rgb):.2f}:1")
        for shape in layout.get("shapes", []):
            colour = (shape.get("line") or {}).get("color")
            rgb = _rgb(colour) if isinstance(colour, str) else None
            if rgb is not None and (shape.get("line") or {}).get("width", 1) and contrast(rgb) < MARK_CONTRAST:
                problems.append(f"{scope} {key}: line {colour} {contrast(rgb):.2f}:1")
    assert not problems, "\n".join(problems)


def test_the_palette_itself():
    """The series colours in order: each ≥ 3:1, neighbours and second neighbours apart."""
    from dashboard.charts import style
    colours = [_rgb(c) for c in style.SEQUENCE]
    assert all(contrast(c) >= MARK_CONTRAST for c in colours)
    assert len(set(style.PATTERNS[:8])) == 8 and len(set(style.SYMBOLS)) == len(style.SYMBOLS)
    for deficiency in (None, "protan", "deutan", "tritan"):
        seen = [simulate(c.reshape(1, 3), deficiency)[0] for c in colours]
        assert min(delta(a, b) for a, b in zip(seen, seen[1:])) >= 15, deficiency
        assert min(delta(a, b) for a, b in zip(seen, seen[2:])) >= 12, deficiency
