"""One-page PDF summary of a review (A4 portrait) for the head of the organization or the
council: the annual estimate against the FY2018 baseline and the −30% target, by cost
item, and the main findings. fpdf2 embeds the Japanese font (export/pdf.py finds it);
findings that do not fit are counted, never cut mid-row, so the summary stays one page."""
from __future__ import annotations

from fpdf import FPDF
from fpdf.fonts import FontFace

from dashboard import i18n
from dashboard.estimate import summary
from dashboard.export.pdf import FONT, INK, MUTED, WARN, FontMissing, japanese_fonts  # noqa: F401

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
MAX_FLAGS = 10


def _yen(value) -> str:
    return "—" if value is None else f"{int(value) / 1000:,.0f} 千円"


def summary_pdf(result, demo: bool = False) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    for style, (path, index) in japanese_fonts().items():
        pdf.add_font(FONT, style, path, collection_font_number=index)
    pdf.set_auto_page_break(False)
    pdf.set_margins(14, 12, 14)
    pdf.set_title("見積精査の概要")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def text(s, size, style="", color=INK, h=None):
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(*color)
        pdf.multi_cell(width, h or size * 0.5, s, new_x="LMARGIN", new_y="NEXT")

    text("見積精査の概要 / Estimate review summary", 16, "B", h=9)
    text(f"{summary.org_label(result.org_code)}（{result.org_code}）　見積: {result.file_name}　"
         f"ルール版 {result.rules_version}", 9, color=MUTED)
    if demo:
        text(i18n.DEMO_NOTICE["ja"], 9, color=WARN)
    pdf.ln(2)
    annual, base, target = result.annual_total_yen, result.baseline_yen, result.target_yen
    text(f"見積の年額（税込・年額換算）: {_yen(annual)}", 12, "B", h=7)
    if base:
        gap = annual - target
        verdict = (f"−30%目標を {_yen(gap)} 上回ります（未達）" if gap > 0
                   else f"−30%目標を {_yen(-gap)} 下回ります（達成）")
        text(f"平成30年度（2018）実績 {_yen(base)}　目標額（70%） {_yen(target)}　→ {verdict}", 10, h=6)
    else:
        text("平成30年度（2018）の実績がないため、目標との比較はできません。", 10, h=6)
    pdf.ln(2)
    items = summary.by_item(result)
    head = FontFace(family=FONT, emphasis="BOLD", fill_color=(230, 234, 238))
    pdf.set_font(FONT, "", 9)
    with pdf.table(col_widths=(70, 45, 45), text_align=("LEFT", "RIGHT", "RIGHT"), headings_style=head,
                   line_height=5.2, width=160) as table:
        table.row(["費目", "見積（年額）", "平成30年度 実績"])
        for r in items.itertuples():
            table.row([r.label, _yen(r.annual_yen), _yen(None if r.baseline_yen != r.baseline_yen else r.baseline_yen)])
        table.row(["合計", _yen(annual), _yen(base)])
    pdf.ln(3)
    counts = {s: sum(1 for f in result.flags if f.severity == s) for s in SEVERITY_ORDER}
    text(f"指摘 {len(result.flags)} 件（重要度 高 {counts['high']}・中 {counts['medium']}・低 {counts['low']}）",
         12, "B", h=7)
    shown = sorted(result.flags, key=lambda f: (SEVERITY_ORDER[f.severity], -(f.amount_yen or 0)))
    for f in shown[:MAX_FLAGS]:
        if pdf.get_y() > pdf.h - 30:
            break
        where = f"{f.sheet} {f.row}行" if f.row else (f.sheet or "")
        text(f"[{f.rule}] {f.message_ja}（{where}）", 8.5, h=4.6)
    rest = len(result.flags) - min(len(shown), MAX_FLAGS)
    if rest > 0:
        text(f"ほか {rest} 件は見積精査ワークブック（質問事項付き）を参照してください。", 8.5, color=MUTED, h=4.6)
    pdf.set_y(-16)
    text("金額は税込・年額換算（期間の記載がない行は60か月分とみなす）。類似団体との比較は5団体以上の集計値のみ。"
         " / Amounts include tax, annualised. Peer comparisons use aggregates of at least 5 organizations.",
         7, color=MUTED, h=3.6)
    return bytes(pdf.output())
