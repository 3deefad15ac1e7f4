"""The analysts' page shows every fiche's indicators (issue #30): aggregates only, planners get none."""

from __future__ import annotations

import re

from tests.web.conftest import Server, sign_in


def test_the_analyst_reads_the_ten_fiches_and_no_tenant_row(server: Server) -> None:
    page = sign_in(server, "an").get("/analysis")
    assert page.status_code == 200
    assert all(f'id="fiche-{n}"' in page.text for n in range(1, 11))
    assert "Bénévoles inscrits" in page.text and "Nombre d&#39;adhésions" in page.text
    assert not re.search(r"LOC-\d|BEN-\d|TRV-\d|CAB-\d|/tenants/", page.text)  # no person, no record id
    assert sign_in(server, "pa").get("/analysis").status_code == 403
