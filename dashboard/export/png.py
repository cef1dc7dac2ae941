"""PNG pack: every chart as a print-resolution PNG, zipped, with a captions file.

File names carry order, key, scope and year (01_trajectory_pref35_2026.png) so a folder of
images from several packs stays sorted and unambiguous; the scope and year are also
stamped in each image.
"""
from __future__ import annotations

import io
import zipfile

from dashboard.export.content import PackContent


def file_stem(content: PackContent, n: int, key: str, scope_tag: str) -> str:
    return f"{n:02d}_{key}_{scope_tag}_{content.meta.fiscal_year}"


def write(content: PackContent, scope_tag: str) -> bytes:
    out = io.BytesIO()
    lines = [content.title, content.subtitle(), *content.key_lines(), ""]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as zf:   # PNGs are compressed
        for n, chart in enumerate(content.charts, 1):
            name = file_stem(content, n, chart.key, scope_tag) + ".png"
            zf.writestr(name, chart.png)
            lines.append(f"{name}: {chart.title} — {chart.caption}")
        lines += ["", *content.meta.footer()]
        zf.writestr("captions.txt", "\n".join(lines) + "\n")
    return out.getvalue()
