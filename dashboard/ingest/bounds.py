"""Size caps for uploaded files, checked before and while reading, never by truncating.

A 5 KB workbook can declare A1:XFD1048576 (17 billion cells) and a 1 MB zip can hold
millions of rows: both would be asked of openpyxl or pandas in full before. So:

1. the zip is checked from its directory (entries, uncompressed bytes; Python's zipfile
   never inflates an entry past its declared size, so that sum bounds the work);
2. every worksheet part is streamed in chunks and its rows and cells counted, stopping at
   the first cap (constant memory, well under a second per 100 MB);
3. the declared dimension of the sheet read is checked against the caps, then ignored, so
   rows beyond a wrong dimension are read too, never dropped;
4. the reader counts again as it builds the table (rows, columns, cells).

The first cap reached stops the import with an error naming the cap (CapExceeded). The
caps fit a national year of cost lines (~320k rows) with room to spare; more goes through
several files.
"""
from __future__ import annotations

import zipfile

MAX_ROWS = 500_000
MAX_COLUMNS = 256
MAX_CELLS = 6_000_000
MAX_UNCOMPRESSED_BYTES = 1 << 30            # every part of a workbook together
MAX_SHARED_STRINGS_BYTES = 128 << 20        # openpyxl holds this part in memory whole
MAX_ZIP_ENTRIES = 2_000
_CHUNK = 1 << 20
# Counted with bytes.count (about 1 GB/s, where a regex was 20 times slower). Both are upper
# bounds: "<row" also matches a <rowBreaks> element, which a sheet has at most once.
_ROW_TAGS = (b"<row", b":row ", b":row>")
_CELL_TAGS = (b"<c ", b"<c>", b":c ", b":c>")


def _count(data: bytes, tags: tuple[bytes, ...]) -> int:
    return sum(data.count(t) for t in tags)


class CapExceeded(ValueError):
    """A file over one of the caps: `ja` and `en` name the cap and its value."""

    def __init__(self, ja: str, en: str):
        super().__init__(en)
        self.ja, self.en = ja, en


def _cap(what_ja: str, what_en: str, limit: int, found: str | int | None = None) -> CapExceeded:
    seen = f"（{found}）" if found is not None else ""
    seen_en = f" ({found})" if found is not None else ""
    return CapExceeded(f"{what_ja}が上限 {limit:,} を超えています{seen}",
                       f"{what_en} exceeds the cap of {limit:,}{seen_en}")


def rows_cap(count: int) -> CapExceeded:
    return _cap("行数", "the number of rows (MAX_ROWS)", MAX_ROWS, f"{count:,}+")


def columns_cap(count: int) -> CapExceeded:
    return _cap("列数", "the number of columns (MAX_COLUMNS)", MAX_COLUMNS, f"{count:,}")


def cells_cap(count: int) -> CapExceeded:
    return _cap("セル数", "the number of cells (MAX_CELLS)", MAX_CELLS, f"{count:,}+")


def check_zip(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The worksheet parts of an XLSX, after checking the directory and counting every sheet."""
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _cap("ZIP内のファイル数", "the number of parts in the zip (MAX_ZIP_ENTRIES)",
                   MAX_ZIP_ENTRIES, len(infos))
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _cap("展開後のバイト数", "the uncompressed size (MAX_UNCOMPRESSED_BYTES)",
                   MAX_UNCOMPRESSED_BYTES, f"{total:,}")
    for info in infos:
        if info.filename.lower().endswith("sharedstrings.xml") and \
                info.file_size > MAX_SHARED_STRINGS_BYTES:
            raise _cap("共有文字列（sharedStrings.xml）のバイト数",
                       "the shared strings part (MAX_SHARED_STRINGS_BYTES)",
                       MAX_SHARED_STRINGS_BYTES, f"{info.file_size:,}")
    sheets = [i for i in infos if i.filename.startswith("xl/worksheets/")
              and i.filename.endswith(".xml")]
    for info in sheets:
        count_sheet(zf, info)
    return sheets


def count_sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    """(rows, cells) written in one worksheet part, streamed; CapExceeded at the first cap."""
    rows = cells = 0
    tail = b""
    with zf.open(info) as f:
        while chunk := f.read(_CHUNK):
            data = tail + chunk
            # a tag cut at the chunk's end is counted in the next round (keep the last 64 bytes)
            cut = max(0, len(data) - 64)
            rows += _count(data[:cut], _ROW_TAGS)
            cells += _count(data[:cut], _CELL_TAGS)
            tail = data[cut:]
            if rows > MAX_ROWS:
                raise rows_cap(rows)
            if cells > MAX_CELLS:
                raise cells_cap(cells)
    rows += _count(tail, _ROW_TAGS)
    cells += _count(tail, _CELL_TAGS)
    if rows > MAX_ROWS:
        raise rows_cap(rows)
    if cells > MAX_CELLS:
        raise cells_cap(cells)
    return rows, cells


def check_declared(max_row: int | None, max_column: int | None) -> None:
    """The sheet's declared dimension (<dimension ref="A1:XFD1048576"/>) against the caps."""
    if max_column is not None and max_column > MAX_COLUMNS:
        raise _cap("宣言された列数（シートの範囲）", "the declared number of columns (MAX_COLUMNS)",
                   MAX_COLUMNS, f"{max_column:,}")
    if max_row is not None and max_row > MAX_ROWS:
        raise _cap("宣言された行数（シートの範囲）", "the declared number of rows (MAX_ROWS)",
                   MAX_ROWS, f"{max_row:,}")
    if max_row and max_column and max_row * max_column > MAX_CELLS:
        raise _cap("宣言されたセル数（シートの範囲）", "the declared number of cells (MAX_CELLS)",
                   MAX_CELLS, f"{max_row * max_column:,}")


def check_csv(content: bytes) -> None:
    """Upper bounds from the bytes alone: lines, and separators + lines for cells."""
    lines = content.count(b"\n") + 1
    if lines > MAX_ROWS + 31:                 # header and title rows on top of the data rows
        raise rows_cap(lines)
    cells = content.count(b",") + lines
    if cells > MAX_CELLS:
        raise cells_cap(cells)
