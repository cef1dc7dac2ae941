"""Exports for council meetings (会議資料): charts as PNG/SVG/PDF, and packs as PPTX/PDF/XLSX/ZIP.

- render.py: static images through one Kaleido browser (batch), and `can_export()`.
- stamp.py: the export template and the stamp (title, scope, year, unit, basis, source, notice).
- captions.py: one-line Japanese captions written from the data.
- pptx.py / pdf.py / xlsx.py / png.py: the four pack writers, all fed the same `PackContent`.
- pack.py: gathers the content for a scope and year and calls one writer.
- buttons.py: the per-chart download buttons on the pages.
"""
