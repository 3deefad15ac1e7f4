"""Indicators of fiches 4, 7 and 10 from hand-made records, with figures checked by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tournees.indicators import compute_indicators

D = dt.date


def _frames():
    tenants = pd.DataFrame(
        [("L1", "R1", 1940, "F", "bailleur"), ("L2", "R2", 1950, "M", "mairie"), ("L3", "R2", 1930, "F", None)],
        columns=["tenant_id", "residence_id", "birth_year", "sex", "channel"],
    )
    residences = pd.DataFrame([("R1", "Orléans", True), ("R2", "Olivet", False)], columns=["residence_id", "commune", "qpv"])
    acts = pd.DataFrame(
        [
            ("A1", "bricolage", "L1", D(2026, 10, 5), "done", D(2026, 10, 1), "ROBINET", None, None, None),
            ("A2", "bricolage", "L1", D(2026, 10, 20), "done", D(2026, 10, 10), "PORTE", None, None, None),
            ("A3", "bricolage", "L2", D(2026, 10, 21), "cancelled", D(2026, 10, 10), "PORTE", None, None, None),
            ("A4", "ecrivain", "L3", D(2026, 10, 22), "done", D(2026, 10, 20), "caf", "MAIRIE", "mairie", True),
            ("A5", "ecrivain", "L2", D(2026, 10, 23), "no_show", D(2026, 10, 20), "impots", "MAIRIE", None, None),
        ],
        columns=["activity_id", "service", "tenant_id", "on", "outcome", "received_on", "motive", "venue_id", "channel", "succeeded"],
    )
    sat = pd.DataFrame([("A1", "global", 4), ("A2", "global", 5), ("A4", "global", 3)], columns=["activity_id", "question", "score"])
    return acts, tenants, residences, sat


def test_indicator_figures() -> None:
    acts, tenants, residences, sat = _frames()
    ind = compute_indicators(acts, tenants, residences, sat, reference_year=2026)
    ben = ind["beneficiaires"].set_index("service")
    assert ben.loc["bricolage", "beneficiaires"] == 1 and ben.loc["bricolage", "prestations"] == 2
    assert ben.loc["bricolage", "beneficiaires_plusieurs_fois"] == 1
    assert ben.loc["ecrivain", "beneficiaires"] == 1
    delays = ind["delais"].set_index("service")
    assert delays.loc["bricolage", "moyen"] == 7.0 and delays.loc["bricolage", "maximum"] == 10
    issues = ind["issues"].set_index("service")
    assert issues.loc["bricolage", "annulations"] == 1 and issues.loc["ecrivain", "absences"] == 1
    assert issues.loc["bricolage", "taux_annulation_pct"] == 33.3
    ages = ind["public_age"].set_index(["service", "age_band"])
    assert ages.loc[("ecrivain", "90 ans et plus"), "beneficiaires"] == 1
    assert ind["public_qpv"].set_index("service").loc["bricolage", "qpv"] == "QPV"
    assert ind["lieux"].iloc[0].to_dict() == {"service": "ecrivain", "venue_id": "MAIRIE", "consultations": 1, "demarches_abouties": 1}
    sat_b = ind["satisfaction"].set_index("service").loc["bricolage"]
    assert sat_b["reponses"] == 2 and sat_b["note_moyenne"] == 4.5
    assert set(ind["motifs"]["motive"]) == {"ROBINET", "PORTE", "caf"}


def test_filters_by_service_and_dates() -> None:
    acts, tenants, residences, sat = _frames()
    ind = compute_indicators(acts, tenants, residences, sat, service="bricolage", start=D(2026, 10, 10))
    assert list(ind["beneficiaires"]["prestations"]) == [1]
    assert set(ind["issues"]["service"]) == {"bricolage"}


def test_satisfaction_rate_procedures_at_home_and_bricolage_fees() -> None:
    acts, tenants, residences, sat = _frames()
    home = pd.DataFrame([("A6", "ecrivain", "L1", D(2026, 10, 24), "done", D(2026, 10, 20), "caf", None, None, True),
                         ("A7", "ecrivain", "L2", D(2026, 10, 24), "done", D(2026, 10, 20), "caf", None, None, False)],
                        columns=acts.columns)  # named case: two home visits, one procedure completed
    acts = pd.concat([acts, home], ignore_index=True).assign(request_id=["B1", "B2", "B3", None, None, None, None])
    types = pd.DataFrame([("ROBINET", 10.0), ("PORTE", 15.0)], columns=["type_id", "tariff_eur"])
    ind = compute_indicators(acts, tenants, residences, sat, reference_year=2026, intervention_types=types)
    rate = ind["satisfaction"].set_index("service")["taux_satisfaction_pct"]
    assert rate["bricolage"] == 100.0 and rate["ecrivain"] == 0.0  # scores 4 and 5; a single 3
    procedures = ind["demarches"].set_index("lieu")
    assert procedures.loc["domicile", "realisees"] == 2 and procedures.loc["domicile", "abouties"] == 1
    assert procedures.loc["MAIRIE", "taux_abouties_pct"] == 100.0
    fees = ind["bricolage_recettes"].iloc[0]
    assert fees["montant_encaisse_eur"] == 25.0 and fees["interventions"] == 2  # the cancelled door is not collected
    assert fees["demandes"] == 3 and fees["heures_traitement"] == 6.0  # fiche 7: 2 h per request
