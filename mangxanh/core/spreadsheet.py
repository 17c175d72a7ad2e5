"""Cells for CSV and XLSX exports that no spreadsheet program runs as a formula.

A text cell starting with = + - @ (or a tab or carriage return, which some programs skip
before looking) is read as a formula by Excel, LibreOffice and Google Sheets: a unit name,
a file name or a note typed by one person could run =HYPERLINK(...) or DDE on the reader's
machine. Every export writes its cells through safe_cell/safe_row, which prefix such text
with a single quote (OWASP's advice). Numbers stay numbers: -5 as an int is not text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """value unchanged, unless it is text a spreadsheet would take for a formula: then 'value."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


class SafeCsvWriter:
    """csv.writer whose rows are neutralised; writerow returns what the target's write returned."""

    def __init__(self, target: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(target, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """openpyxl's sheet.append, neutralised (openpyxl itself turns "=..." text into a live formula)."""
    sheet.append(safe_row(values))
