"""Every fiche's indicators (issue #30): figures checked by hand, a tab per fiche, no tenant row, zeros when empty."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd

from tournees.cli import main
from tournees.fiches import Frames, fiche_indicators, write_fiche_workbook

D = dt.date
T = dt.datetime


def _frames() -> Frames:
    tenants = pd.DataFrame(
        [("L1", "R1", 1940, "F", "bailleur"), ("L2", "R2", 1950, "M", "mairie"), ("L3", "R2", 1930, "F", None)],
        columns=["tenant_id", "residence_id", "birth_year", "sex", "channel"],
    )
    residences = pd.DataFrame(
        [("R1", "Orléans", True), ("R2", "Olivet", False)], columns=["residence_id", "commune", "qpv"]
    )
    acts = pd.DataFrame(
        [("A1", "bricolage", "L1", D(2026, 10, 5), "done", D(2026, 10, 1), "ROBINET", None, None, None),
         ("R1", "referent", "L2", D(2026, 10, 6), "done", None, "logement", None, None, None),
         ("R2", "referent", "L3", D(2026, 10, 7), "no_show", None, None, None, None, None)],
        columns=[
            "activity_id",
            "service",
            "tenant_id",
            "on",
            "outcome",
            "received_on",
            "motive",
            "venue_id",
            "channel",
            "succeeded",
        ],
    )
    workshops = pd.DataFrame([("W1", D(2026, 9, 10)), ("W2", D(2026, 10, 8))], columns=["workshop_id", "on"])
    attendance = pd.DataFrame(
        [
            ("W1", "L1", "present", None, 5),
            ("W2", "L1", "present", "ccas", 3),
            ("W1", "L2", "desiste", None, None),
            ("W2", "L3", "absent", None, None),
            ("W2", "L2", "present", None, 4),
        ],
        columns=["workshop_id", "tenant_id", "status", "channel", "score"],
    )
    works = pd.DataFrame(
        [
            ("T1", "adaptation", "L1", "douche", D(2026, 9, 1), D(2026, 9, 21), None, 4),
            ("T2", "adaptation", "L3", "barres", D(2026, 9, 5), D(2026, 9, 15), "mairie", None),
            ("T3", "adaptation", "L3", "douche", D(2026, 10, 1), None, None, None),
            ("T4", "multiservices", "L2", "joint", D(2026, 10, 2), D(2026, 10, 3), None, 5),
        ],
        columns=["work_id", "scheme", "tenant_id", "kind", "requested_on", "done_on", "channel", "score"],
    )
    cabin = pd.DataFrame(
        [
            ("C1", "L1", "V1", D(2026, 9, 1), None, 5, True),
            ("C2", "L1", "V1", D(2026, 9, 8), None, 4, None),
            ("C3", "L2", "V2", D(2026, 9, 9), None, 2, False),
        ],
        columns=["consultation_id", "tenant_id", "venue_id", "on", "channel", "ease_score", "would_recommend"],
    )
    mutuelle = pd.DataFrame(
        [("L1", D(2026, 1, 1), 240.0, None, 5), ("L2", D(2026, 2, 1), None, None, None)],
        columns=["tenant_id", "subscribed_on", "yearly_saving_eur", "channel", "score"],
    )
    volunteers = pd.DataFrame(
        [("B1", True, D(2026, 5, 1)), ("B2", True, None), ("B3", False, D(2026, 5, 1))],
        columns=["volunteer_id", "consent", "charter_signed_on"],
    )
    interventions = pd.DataFrame(
        [
            ("I1", "B1", "L1", "canicule", T(2026, 7, 20, 9), T(2026, 7, 20, 11), True, 5),
            ("I2", "B1", "L2", "canicule", T(2026, 7, 21, 9), T(2026, 7, 21, 10), False, None),
            ("I3", "B1", "L1", "silence_inquietant", T(2026, 8, 1, 9), None, False, None),
        ],
        columns=[
            "intervention_id",
            "volunteer_id",
            "tenant_id",
            "situation",
            "requested_at",
            "matched_at",
            "family_involved",
            "score",
        ],
    )
    return Frames(
        tenants=tenants,
        residences=residences,
        activities=acts,
        workshops=workshops,
        attendance=attendance,
        home_works=works,
        cabin=cabin,
        mutuelle=mutuelle,
        volunteers=volunteers,
        interventions=interventions,
    )


def _figures(fiches, fiche: int) -> dict[str, object]:
    table = next(t for t in fiches[fiche] if t.key == "chiffres").frame
    return dict(zip(table["indicateur"], table["valeur"], strict=True))


def _table(fiches, fiche: int, key: str) -> pd.DataFrame:
    return next(t for t in fiches[fiche] if t.key == key).frame


def test_every_fiche_has_its_figures_counted_by_hand() -> None:
    fiches = fiche_indicators(_frames(), reference_year=2026)
    assert list(fiches) == list(range(1, 11))
    one = _figures(fiches, 1)
    assert one["Nombre d'inscrits"] == 5 and one["Nombre de désistements"] == 1 and one["Inscrits absents"] == 1
    assert one["Nombre de participants"] == 2 and one["Participants à plusieurs reprises"] == 1  # L1 came twice
    assert _table(fiches, 1, "satisfaction").iloc[0]["note_moyenne"] == 4.0  # 5, 3, 4
    three = _figures(fiches, 3)
    assert three["Bénévoles inscrits"] == 3 and three["Bénévoles mobilisables (consentement et charte signée)"] == 1
    assert (
        three["Seniors concernés"] == 2 and three["Familles concernées"] == 1 and three["Nombre d'interventions"] == 3
    )
    assert three["Délai moyen de mise en relation (heures)"] == 1.5  # 2 h and 1 h; the third is not matched yet
    five = _figures(fiches, 5)
    assert five["Nombre de bénéficiaires"] == 2 and five["Demandes en attente"] == 1
    waits = _table(fiches, 5, "delais").iloc[0]
    assert waits["realisees"] == 2 and waits["moyen"] == 15.0 and waits["maximum"] == 20
    assert _figures(fiches, 6)["Nombre de demandes"] == 1
    eight = _figures(fiches, 8)
    assert eight["Nombre de rendez-vous"] == 3 and eight["Locataires ayant utilisé le service au moins deux fois"] == 1
    assert eight["Recommanderaient le dispositif (%)"] == 50.0
    nine = _figures(fiches, 9)
    assert nine["Nombre d'adhésions"] == 2 and nine["Économies réalisées par an (€)"] == 240.0
    public = _table(fiches, 5, "public").set_index(["dimension", "valeur"])
    assert (
        public.loc[("qpv", "QPV"), "beneficiaires"] == 1 and public.loc[("age", "90 ans et plus"), "part_pct"] == 50.0
    )
    assert _figures(fiches, 2)["Nombre de prises de contact des seniors"] == 1  # the référent's visit done


def test_the_period_filters_every_record() -> None:
    fiches = fiche_indicators(_frames(), start=D(2026, 10, 1), end=D(2026, 10, 31), reference_year=2026)
    assert _figures(fiches, 1)["Nombre d'inscrits"] == 3  # workshop W2 only
    assert _figures(fiches, 5)["Nombre de demandes"] == 1 and _figures(fiches, 8)["Nombre de rendez-vous"] == 0
    assert _figures(fiches, 3)["Nombre d'interventions"] == 0


def test_no_tenant_id_nor_sensitive_value_in_any_table(tmp_path: Path) -> None:
    frames = _frames()
    frames.tenants["gir"] = [2, 5, 3]
    frames.tenants["phone"] = ["02 38 11 22 33"] * 3
    fiches = fiche_indicators(frames, reference_year=2026, lang="en")
    path = write_fiche_workbook(tmp_path / "i.xlsx", fiches, "en")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [f"fiche {n}" for n in range(1, 11)]
    cells = {str(c) for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row if c is not None}
    assert not {c for c in cells if c.startswith("L") and c[1:].isdigit()}  # no tenant id
    assert "02 38 11 22 33" not in cells and "Yearly savings (€)" in cells  # English labels with --lang en
    assert not any("gir" in c.lower() for c in cells)


def test_indicators_command_writes_a_tab_per_fiche_and_refuses_a_foreign_folder(ok_small: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "db.sqlite")
    assert main(["import", str(ok_small), "--db", db]) == 0
    out = tmp_path / "ind"
    assert main(["indicators", "--db", db, "--out", str(out)]) == 0
    assert openpyxl.load_workbook(out / "indicateurs.xlsx").sheetnames == [f"fiche {n}" for n in range(1, 11)]
    assert (out / "fiche03_chiffres.csv").exists()
    assert main(["indicators", "--db", db, "--out", str(out)]) == 0  # our own folder is replaced
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("à garder")
    assert main(["indicators", "--db", db, "--out", str(foreign)]) == 2
    assert (foreign / "notes.txt").read_text() == "à garder" and not (foreign / "indicateurs.xlsx").exists()


def test_the_demo_has_figures_in_every_fiche(demo_db: Path) -> None:
    from tournees.db import Database
    from tournees.fiches import fiches_from_db

    fiches = fiches_from_db(Database.read(demo_db))
    for fiche, tables in fiches.items():
        first = tables[0].frame  # key figures, or the beneficiaries of a planned service
        numbers = pd.to_numeric(first.get("valeur", first.select_dtypes("number").stack()), errors="coerce")
        if fiche != 2:  # the référent's contacts come with its service (issue #29)
            assert numbers.sum() > 0, fiche


def test_fiche_2_counts_the_referent_contacts_when_the_base_has_them(ok_small: Path, tmp_path: Path) -> None:
    import sqlalchemy as sa

    from tournees.db import Database
    from tournees.fiches import fiches_from_db

    db_path = tmp_path / "db.sqlite"
    assert main(["import", str(ok_small), "--db", str(db_path)]) == 0
    engine = sa.create_engine(f"sqlite:///{db_path}")
    with engine.begin() as conn:  # as the référent service (issue #29) stores them
        conn.execute(sa.text("CREATE TABLE referent_contacts (contact_id TEXT, tenant_id TEXT, motive TEXT)"))
        conn.execute(sa.text("INSERT INTO referent_contacts VALUES ('C1', 'L1', 'logement'), ('C2', 'L1', 'sante'), "
                             "('C3', 'L2', 'logement')"))
    engine.dispose()
    fiches = fiches_from_db(Database.read(db_path))
    assert _figures(fiches, 2) == {"Nombre de prises de contact des seniors": 3, "Seniors contactés": 2}  # no visit
    motives = _table(fiches, 2, "motifs").set_index("motif")["nombre"].to_dict()
    assert motives == {"logement": 2, "sante": 1}


def test_every_reason_for_contact_and_situation_is_worded_in_both_languages() -> None:
    """The fiches' tables show the référent's reasons for contact (fiche 2) and the volunteers' situations in words,
    never as the stored code (an analyst reads « démarches », not ``demarches``)."""
    from tournees.fiches.words import VALUES, value_words
    from tournees.model.vocab import REFERENT_MOTIVES, SITUATIONS

    for code in (*REFERENT_MOTIVES, *SITUATIONS):
        assert code in VALUES, code
        assert value_words(code, "en") == VALUES[code][1] and value_words(code, "fr") == VALUES[code][0]
