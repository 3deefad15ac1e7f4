"""The import page in a real browser: a refused file, then the corrected one sent from the same page (issue #26,
item 4)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from tests.web.conftest import Server
from tests.web.test_browser import BAD_CSV, _signed_in
from tournees.db import Database
from tournees.io.exporter import export_tables
from tournees.model import BricolageRequest
from tournees.web.scope import landlord_of_tenant


def _one_request_as_stored(db_url: str, folder: Path) -> bytes:
    """A request of landlord A as the database holds it now: importing it again changes nothing."""
    db = Database(db_url)
    try:
        export_tables(db, folder, tables=[BricolageRequest])
        with (folder / "bricolage_requests.csv").open(encoding="utf-8-sig", newline="") as fh:
            header, *rows = list(csv.reader(fh))
        row = next(r for r in rows if landlord_of_tenant(db, r[header.index("tenant_id")]) == "LOGEMLOIRET")
    finally:
        db.dispose()
    lines = [",".join(f'"{v}"' for v in values) for values in (header, row)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_the_corrected_file_imports_from_the_page_that_listed_the_problems(
    browser: Any, server: Server, tmp_path: Path
) -> None:
    good = _one_request_as_stored(server.db_url, tmp_path)
    context, page, errors = _signed_in(browser, server, "pa")
    page.goto("/import")
    upload = "form[data-upload] input[name=files]"
    page.set_input_files(upload, files=[{"name": "bricolage_requests.csv", "mimeType": "text/csv", "buffer": BAD_CSV}])
    page.click("form[data-upload] button[type=submit]")
    page.locator("#problems tbody tr").first.wait_for()
    # the user picks the corrected file on the page that lists the problems and presses "Importer" again
    page.set_input_files(upload, files=[{"name": "bricolage_requests.csv", "mimeType": "text/csv", "buffer": good}])
    page.click("form[data-upload] button[type=submit]")
    done = page.locator("#import-done")
    done.wait_for(timeout=30_000)
    assert "bricolage_requests 1" in done.inner_text()
    assert page.locator("#problems").count() == 0 and errors == []
    context.close()
