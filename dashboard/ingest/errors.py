"""One import problem: file, spreadsheet row, column, value, reason (JA and EN), hint."""
from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from dashboard import sanitize


@dataclass(frozen=True)
class ImportProblem:
    file: str
    row: int | None          # as the spreadsheet shows it (header row = 1); None for the file
    column: str | None
    value: str | None
    reason_ja: str
    reason_en: str
    hint: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" {self.row}行目 (row {self.row})"
        if self.column:
            where += f" 列「{self.column}」"
        value = f" 値「{self.value}」" if self.value not in (None, "") else ""
        hint = f" → {self.hint}" if self.hint else ""
        return f"{where}:{value} {self.reason_ja} / {self.reason_en}{hint}"

    def as_dict(self) -> dict:
        return asdict(self)


PROBLEM_COLUMNS = {"file": "ファイル / file", "row": "行 / row", "column": "列 / column",
                   "value": "値 / value", "reason_ja": "理由", "reason_en": "reason",
                   "hint": "ヒント / hint"}


def problems_frame(problems: list[ImportProblem]):
    """The problems as a table (Japanese/English headers), in file and row order."""
    frame = pd.DataFrame([p.as_dict() for p in problems], columns=list(PROBLEM_COLUMNS))
    # A problem about the whole file has no row, column or value: show a blank cell, not
    # Python's None or pandas' <NA>.
    frame["row"] = [int(r) if r is not None and r == r else "" for r in frame["row"]]
    for column in ("column", "value", "hint"):
        frame[column] = frame[column].astype("object").where(frame[column].notna(), "")
    return frame.rename(columns=PROBLEM_COLUMNS)


def problems_csv(problems: list[ImportProblem]) -> bytes:
    """UTF-8 (BOM) CSV for Excel; cell values from the clerk's file are formula-neutralised."""
    return sanitize.csv_bytes(problems_frame(problems))
