"""Hostile workbooks read by ``tournees import`` (issue 15): time and peak memory stay bounded.

Builds, in a temporary folder, a residences-like workbook of ``--rows`` rows whose sheet XML
is edited three ways — a huge ``<dimension>`` (A1:XFD1048576), a stale one (A1:B2), and one
extra cell at row 1,048,576 — and times :func:`tournees.io.sources.read_source` on each, with
the peak resident memory of the process. The old reader (openpyxl read-only rows, which trust
the dimension and pad every gap) took 144 s and 3.9 GB on a 159 KB workbook with a huge
dimension and ~19 min for the last-row cell; it is not run here.

    python benchmarks/xlsx_trust.py [--rows 5000]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import tempfile
import time
import zipfile
from pathlib import Path

from tournees.io.exporter import write_xlsx
from tournees.io.sources import read_source


def _edited(src: Path, out: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as b:
        for item in a.infolist():
            data = a.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = edit(data.decode()).encode()
            b.writestr(item, data)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "plain.xlsx"
        rows = [
            [f"RES-{i:05d}", "LL", "T1", "NORD", f"Résidence {i}", f"{i} rue des Acacias", "45000", "Orléans", "45234"]
            for i in range(args.rows)
        ]
        header = [
            "residence_id",
            "landlord_id",
            "territory_id",
            "sector_id",
            "name",
            "address",
            "postcode",
            "commune",
            "insee_code",
        ]
        write_xlsx(base, {"residences": (header, rows)})
        cases = {
            "huge_dimension": lambda x: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', x),
            "stale_dimension": lambda x: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:B2"/>', x),
            "cell_at_last_row": lambda x: x.replace(
                "</sheetData>", '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
            ),
        }
        for name, edit in cases.items():
            book = _edited(base, Path(tmp) / f"{name}.xlsx", edit)
            t0 = time.perf_counter()
            tables, problems = read_source(book)
            took = time.perf_counter() - t0
            read = sum(len(t.rows) for t in tables)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            outcome = (
                f"refused ({problems[0].rule}, row {problems[0].row})"
                if problems
                else f"{read} rows read of {args.rows}"
            )
            print(f"{name}: {book.stat().st_size / 1024:.0f} KB, {took:.2f} s, peak RSS {peak:.0f} MB, {outcome}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
