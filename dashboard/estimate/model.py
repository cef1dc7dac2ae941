"""The values that flow through an estimate review: lines, problems, the estimate."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Problem:
    """Bad input, named by sheet, row (as Excel shows it) and column, in Japanese and English."""
    sheet: str | None
    row: int | None
    column: str | None
    ja: str
    en: str

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"シート「{self.sheet}」 / sheet '{self.sheet}'")
        if self.row:
            parts.append(f"{self.row}行目 / row {self.row}")
        if self.column:
            parts.append(f"列「{self.column}」 / column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.ja} / {self.en}" if where else f"{self.ja} / {self.en}"


class EstimateError(ValueError):
    """The estimate cannot be reviewed; every problem found is listed."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


# kinds of rows: line (counted), subtotal / total (stated sums, checked, never counted),
# tax (a 消費税 row), section (a heading), summary (a line of a summary sheet that repeats
# other sheets), unplaced (something the reader could not place: shown, never dropped)
COUNTED = ("line",)


@dataclass
class Line:
    sheet: str
    row: int
    kind: str
    section: str = ""
    description: str = ""
    operation_text: str = ""
    unit_price: Decimal | None = None        # as written, in the sheet's unit (円 or 千円)
    quantity: Decimal | None = None
    unit: str = ""
    period_months: int | None = None         # from the line's own period column
    amount: Decimal | None = None            # as written
    environment: str = ""                    # 本番 / 検証 / 開発 / ""
    note: str = ""
    scale: int = 1                           # 1000 when the sheet is in 千円
    tax_included: bool = False               # the amounts as written include consumption tax
    sheet_period: int | None = None          # the period the sheet's amounts cover when the line has none
    reason: str = ""                         # why a row is unplaced
    # set by normalising
    amount_yen: int | None = None            # tax-inclusive yen
    unit_price_yen: int | None = None
    months: int | None = None                # period the amount covers
    annual_yen: int | None = None

    @property
    def counted(self) -> bool:
        return self.kind in COUNTED


@dataclass
class Estimate:
    file_name: str
    lines: list[Line]
    texts: list[tuple[str, int, str]] = field(default_factory=list)   # (sheet, row, text) of every cell
    tax_basis: str = "excl"                  # the basis the file is written in: incl / excl
    tax_stated: bool = False
    assumptions: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
