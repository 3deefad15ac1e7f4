"""Re-check a plan folder (possibly edited by hand in a spreadsheet) against the shared plan format.

Whatever was done to the folder — JSON broken or replaced by a list, a column deleted, French
dates, ``seq`` written in words, the usual French Excel re-save (``;`` separator, Windows-1252)
— every problem comes back as a finding (a French sentence naming the file, the line and the
field), never as an internal error. :func:`check_folder` adds the manifest (files missing,
extra or changed since the plan was written) and the files a service needs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.plan.folder_files import csv_delimiter, plan_file_bytes
from tournees.plan.folder_files import read_plan_json as load_plan_json
from tournees.plan.staging import verify_manifest

REQUIRED = {
    "visits.csv": ("service", "resource_id", "date", "seq", "kind", "task_id", "location_id", "arrival", "start", "end", "departure",
                   "window_start", "window_end", "slot_start", "slot_end", "travel_s_from_prev"),
    "unassigned.csv": ("service", "task_id", "reason_code", "reason"),
}
TIMES = ("arrival", "start", "end", "departure", "window_start", "window_end", "slot_start", "slot_end")
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}", re.ASCII)
ServiceCheck = tuple[Sequence[str], Callable[[Path], list[str]]]


class _Unreadable(Exception):
    """The folder cannot be checked further; the message is the finding."""


def read_plan_json(folder: Path) -> tuple[dict[str, Any] | None, list[str]]:
    try:
        return load_plan_json(folder), []
    except ValidationError as exc:  # broken, nested beyond reason, a link: the finding names it
        return None, [str(exc)]


def read_table(folder: Path, name: str) -> tuple[list[dict[str, str]] | None, list[str]]:
    """Rows of a plan CSV and the findings on its form (encoding, separator, columns)."""
    try:
        raw = plan_file_bytes(folder, name)
    except ValidationError as exc:  # missing, a link, a pipe
        return None, [str(exc)]
    if b"\x00" in raw:
        return None, [t("docs_pf_binary", None, file=name)]
    findings = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        findings.append(f"{name} : le fichier n'est pas en UTF-8 (enregistré en Windows-1252 par Excel ?) : "
                        "enregistrez-le au format « CSV UTF-8 (délimité par des virgules) »")
    first = text.split("\n", 1)[0]
    delimiter = csv_delimiter(first)
    if delimiter != ",":
        shown = "tabulation" if delimiter == "\t" else delimiter
        findings.append(f"{name} : séparateur « {shown} » au lieu de « , » (ré-enregistrement Excel en français ?) : "
                        "enregistrez-le au format « CSV UTF-8 (délimité par des virgules) »")
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        return None, [*findings, f"{name} : CSV illisible ({exc})"]
    header = rows[0].keys() if rows else next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
    missing = [c for c in REQUIRED.get(name, ()) if c not in header]
    if missing:
        return None, [*findings, f"{name} : colonne(s) manquante(s) : {', '.join(missing)}"]
    for n, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            findings.append(f"{name} ligne {n} : nombre de cellules différent de l'en-tête")
        row.pop(None, None)  # type: ignore[call-overload]
        for key, value in list(row.items()):
            row[key] = value or ""
    return rows, findings


def check_folder(folder: str | Path, services: Mapping[str, ServiceCheck] | None = None) -> list[str]:
    """Every finding on a plan folder: its files, its manifest, the plan format's rules and the service's own."""
    folder = Path(folder)
    plan, findings = read_plan_json(folder)
    if plan is not None:
        findings += verify_manifest(folder, plan)
    findings += _not_plain_files(folder)
    findings += check_plan_folder(folder, plan=plan)
    service = str(plan.get("service", "")) if plan is not None else ""
    if plan is not None and services and service in services:
        needed, extra = services[service]
        missing = [f"{name} : fichier manquant (nécessaire au contrôle du service {service})" for name in needed if not (folder / name).is_file()]
        findings += missing
        if not missing:
            try:
                findings += extra(folder)
            except (KeyError, ValueError, TypeError, AttributeError, IndexError, OSError, csv.Error) as exc:
                findings.append(f"contrôles du service {service} impossibles : fichier modifié à la main ({type(exc).__name__} : {exc})")
    return list(dict.fromkeys(findings))


def _not_plain_files(folder: Path) -> list[str]:
    """A link or a special file in the folder: tournees writes only regular files (a link may point at anything)."""
    found = []
    for path in sorted(folder.iterdir()):
        if path.is_symlink():
            found.append(t("docs_pf_link", None, file=path.name))
        elif not path.is_file() and not path.is_dir():
            found.append(t("docs_pf_special", None, file=path.name))
    return found


def check_plan_folder(folder: str | Path, *, plan: dict[str, Any] | None = None) -> list[str]:
    """Every rule of the plan format broken by the folder's visits (French sentences)."""
    folder = Path(folder)
    problems: list[str] = []
    if plan is None:
        plan, found = read_plan_json(folder)
        problems += found
    visits, found = read_table(folder, "visits.csv")
    problems += found
    unassigned, found = read_table(folder, "unassigned.csv")
    problems += found
    if plan is None or visits is None or unassigned is None:
        return problems
    try:
        problems += _check_rows(plan, visits, unassigned)
    except _Unreadable as exc:
        problems.append(str(exc))
    return problems


def _time(row: dict[str, str], key: str) -> dt.datetime | None:
    text = row.get(key, "")
    if not text:
        return None
    if not _ISO.fullmatch(text):
        raise _Unreadable(f"visits.csv ligne {row['_line']} : {key} « {text} » : format attendu AAAA-MM-JJTHH:MM:SS (ex. 2026-11-24T09:30:00)")
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise _Unreadable(f"visits.csv ligne {row['_line']} : {key} « {text} » n'est pas une date-heure qui existe") from None


def _plan_part(plan: dict[str, Any], key: str, kind: type) -> Any:
    value = plan.get(key, kind())
    if not isinstance(value, kind):
        raise _Unreadable(f"plan.json : « {key} » doit être {'une liste' if kind is list else 'un objet'}")
    return value


def _check_rows(plan: dict[str, Any], visits: list[dict[str, str]], unassigned: list[dict[str, str]]) -> list[str]:
    problems: list[str] = []
    matrix = _plan_part(plan, "matrix", dict)
    index = {lid: i for i, lid in enumerate(matrix.get("location_ids", []))}
    durations = matrix.get("durations_s")
    try:
        shifts = {(r["resource_id"], r["date"]): r for r in _plan_part(plan, "resources", list)}
        services = {t["task_id"]: int(t["service_s"]) for t in _plan_part(plan, "tasks", list)}
        bad = [k for k, r in shifts.items() for f in ("shift_start", "shift_end") if not _ISO.fullmatch(str(r.get(f, "")))]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _Unreadable(f"plan.json : ressources ou tâches illisibles ({type(exc).__name__} : {exc})") from None
    if bad:
        raise _Unreadable(f"plan.json : horaires de {bad[0][0]} le {bad[0][1]} illisibles (format attendu AAAA-MM-JJTHH:MM:SS)")
    routes: dict[tuple[str, str], list[dict[str, str]]] = {}
    for n, row in enumerate(visits, start=2):
        row["_line"] = str(n)
        if not re.fullmatch(r"[0-9]+", row["seq"], re.ASCII):
            raise _Unreadable(f"visits.csv ligne {n} : seq « {row['seq']} » : un nombre entier 0, 1, 2… est attendu")
        routes.setdefault((row["resource_id"], row["date"]), []).append(row)
    seen: dict[str, str] = {}
    for (resource, date), rows in routes.items():
        rows.sort(key=lambda r: int(r["seq"]))
        label = f"{resource} le {date}"
        shift = shifts.get((resource, date))
        if rows[0]["kind"] != "start" or rows[-1]["kind"] != "end":
            problems.append(f"{label} : la tournée doit commencer par « start » et finir par « end »")
        hours = None
        if shift:
            first, last = _time(rows[0], "departure"), _time(rows[-1], "arrival")
            try:
                shift_start, shift_end = dt.datetime.fromisoformat(shift["shift_start"]), dt.datetime.fromisoformat(shift["shift_end"])
            except (KeyError, TypeError, ValueError):
                raise _Unreadable(f"plan.json : horaires de {label} illisibles") from None
            hours = (shift_start, shift_end)
            if first is not None and first < shift_start:
                problems.append(f"{label} : départ avant le début de journée ({shift['shift_start']})")
            if last is not None and last > shift_end:
                problems.append(f"{label} : retour après la fin de journée ({shift['shift_end']})")
            limit = shift.get("max_work_s")  # the engine's cap on the day's span (weekly hours shared over the days)
            span = int((last - first).total_seconds()) if first is not None and last is not None else None
            if span is not None and isinstance(limit, int) and span > limit:
                problems.append(f"{label} : journée de {span // 3600} h {span % 3600 // 60:02d}, au-delà du temps de "
                                f"travail permis ({limit // 3600} h {limit % 3600 // 60:02d})")
        prev_free, prev_loc, place_free, pauses = None, None, None, []
        for row in rows:
            where = f"visits.csv ligne {row['_line']} ({label}, {row['kind']} {row['task_id']})".replace(" )", ")")
            arrival, start, end, departure = (_time(row, k) for k in ("arrival", "start", "end", "departure"))
            if arrival is None or start is None or end is None or departure is None:
                problems.append(f"{where} : heure manquante")
                continue
            if start < arrival or end < start or departure < end:
                problems.append(f"{where} : il faut arrivée ≤ début ≤ fin ≤ départ")
            travel = 0
            loc = row["location_id"]  # empty only for a break taken on the road
            if loc and prev_loc is not None:
                if isinstance(durations, list) and loc in index and prev_loc in index:
                    travel = int(durations[index[prev_loc]][index[loc]])
                elif re.fullmatch(r"[0-9]*", row["travel_s_from_prev"], re.ASCII):
                    travel = int(row["travel_s_from_prev"] or 0)
                else:
                    problems.append(
                        f"{where} : travel_s_from_prev « {row['travel_s_from_prev']} » n'est pas un nombre de secondes"
                    )
            drive = re.fullmatch(r"[0-9]+", row["travel_s_from_prev"], re.ASCII)
            if not loc:
                pauses.append((start, end))
            elif place_free is not None:
                # the engine's break rule: a break may interrupt the drive; the drive fits in the time between
                # the two places that breaks on the road do not take
                paused = sum((max(dt.timedelta(0), min(b, arrival) - max(a, place_free)) for a, b in pauses), dt.timedelta(0))
                if arrival - place_free - paused < dt.timedelta(seconds=travel):
                    problems.append(f"{where} : arrivée {row['arrival']} impossible, pas avant "
                                    f"{(place_free + paused + dt.timedelta(seconds=travel)).isoformat()}")
                    drive = None  # said once
            if prev_free is not None and drive and arrival < prev_free + dt.timedelta(seconds=int(drive.group())):
                problems.append(f"{where} : arrivée {row['arrival']} avant le départ de la ligne précédente "
                                f"({prev_free.isoformat()}) plus son trajet ({drive.group()} s) : les lignes suivent "
                                "l'ordre des événements")
            ws, we = _time(row, "window_start"), _time(row, "window_end")
            if row["kind"] not in ("start", "end"):
                if ws is not None and start < ws:
                    problems.append(f"{where} : début {row['start']} avant la fenêtre ({row['window_start']})")
                if we is not None and end > we:
                    problems.append(f"{where} : fin {row['end']} après la fenêtre ({row['window_end']})")
            ss, se = _time(row, "slot_start"), _time(row, "slot_end")
            if ss is not None and se is not None and not ss <= start <= se:
                problems.append(f"{where} : début {row['start']} hors du créneau annoncé ({row['slot_start']} – {row['slot_end']})")
            if ss is not None and se is not None and hours is not None and (ss < hours[0] or se > hours[1]):
                problems.append(f"{where} : créneau annoncé {row['slot_start']} – {row['slot_end']} hors de la journée de "
                                f"{resource} ({shift['shift_start'][11:16]}–{shift['shift_end'][11:16]})")  # type: ignore[index]
            if row["kind"] in ("visit", "session") and row["task_id"]:
                if row["task_id"] in seen:
                    problems.append(f"{where} : {row['task_id']} déjà planifiée ({seen[row['task_id']]})")
                seen[row["task_id"]] = where
                need = services.get(row["task_id"])
                if need is not None and (end - start).total_seconds() < need:
                    problems.append(f"{where} : durée sur place plus courte que prévu ({need} s)")
            prev_free = departure
            if loc:
                place_free, pauses, prev_loc = departure, [], loc
    left = {u["task_id"] for u in unassigned}
    for u in unassigned:
        if not u.get("reason"):
            problems.append(f"unassigned.csv : {u['task_id']} sans raison")
    for task_id in services:
        if task_id not in seen and task_id not in left:
            problems.append(f"{task_id} n'est ni dans visits.csv ni dans unassigned.csv")
    for task_id in left & set(seen):
        problems.append(f"{task_id} est à la fois planifiée et non planifiée")
    lost = sorted(_served(plan) - set(seen))
    if lost:  # moved to unassigned.csv or deleted by hand: the plan as written (plan.json) served them
        problems.append(f"visits.csv : {len(lost)} visite(s) planifiée(s) dans plan.json n'y sont plus "
                        f"({_some(lost)}) : visites perdues depuis l'écriture du plan")
    return problems


def _served(plan: dict[str, Any]) -> set[str]:
    """The tasks plan.json says are served (its copy of visits.csv as written)."""
    rows = plan.get("visits")
    if not isinstance(rows, list):
        return set()
    return {str(r["task_id"]) for r in rows if isinstance(r, dict) and r.get("kind") in ("visit", "session") and r.get("task_id")}


def _some(ids: Sequence[str], shown: int = 10) -> str:
    """At most ``shown`` ids, then how many more."""
    return ", ".join(ids[:shown]) + (f" … (+{len(ids) - shown})" if len(ids) > shown else "")
