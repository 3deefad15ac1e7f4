"""``tournees retime DIR``: a plan folder edited by hand, timed again, checked, its documents written again.

The planner reorders or moves visits in ``visits.csv`` (``seq``, ``date``, ``resource_id``);
this command times every route again with the engine's rules, says what no longer holds
(as ``tournees check`` does) and which announced slots must be told again, then writes the
map, route sheets, workbook and, for the writer, the session calendar and letters.
``adopt_plan`` stores such a folder as the latest plan of its week, so ``tournees replan
--from-plan DIR`` starts from it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from tournees.cli.common import EXIT_OK
from tournees.cli.roads import add_roads_option, apply_roads_option
from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.settings import Settings


def register(
    subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser | None = None, lang: str | None = None
) -> None:
    """Add ``retime`` to the CLI (``common``: the shared --lang/--db/--config options)."""
    p = subparsers.add_parser(
        "retime",
        parents=[common] if common is not None else [],
        help=t("docs_retime_help", lang),
        description=t("docs_retime_help", lang),
    )
    p.add_argument("folder", help=t("docs_retime_folder", lang))
    p.add_argument("--out", default=None, help=t("docs_retime_out", lang))
    p.add_argument("--no-pdf", action="store_true", help=t("docs_retime_no_pdf", lang))
    p.add_argument("--allow-drop", action="store_true", help=t("docs_retime_allow_drop", lang))
    add_roads_option(p, lang)
    p.set_defaults(handler=cmd_retime)


def _plan_json(folder: Path, lang: str) -> dict[str, Any]:
    from tournees.plan.folder_files import read_plan_json

    if not any((folder / name).is_symlink() or (folder / name).exists() for name in ("visits.csv", "plan.json")):
        raise ValidationError(t("docs_not_plan_folder", lang, folder=folder))
    return read_plan_json(folder, lang)


def _copy_plan_data(source: Path, target: Path, lang: str) -> None:
    """The plan's own data (plan.json and its CSV tables) into ``target``: documents are made again, never copied,
    so no stale PDF or sheet of a resource that no longer has visits survives a re-time."""
    from tournees.plan.folder_files import plan_file_bytes

    for item in sorted(source.iterdir()):
        if item.name == "plan.json" or item.suffix.lower() == ".csv":
            (target / item.name).write_bytes(plan_file_bytes(source, item.name, lang))  # a link is refused


def _road_settings(plan: dict[str, Any], settings: Settings) -> Settings:
    """The road files of the plan: a what-if's own file (its settings' ``network``), else the settings' ``roads``."""
    from tournees.settings import with_roads

    network = plan.get("settings", {}).get("network") if isinstance(plan.get("settings"), dict) else None
    return with_roads(settings, [network] if isinstance(network, str) and network else None)


def cmd_retime(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.cli.common import shown_documents
    from tournees.db import Database
    from tournees.outputs import write_outputs
    from tournees.plan import check_plan_folder
    from tournees.plan.retime import retime, write_retimed
    from tournees.plan.staging import staged_folder
    from tournees.services import registry
    from tournees.services.common import announced_slot

    lang = settings.lang
    settings = apply_roads_option(args, settings)
    source = Path(args.folder)
    plan = _plan_json(source, lang)
    late = (
        int(plan.get("settings", {}).get("late_margin_min", 30)) * 60
        if isinstance(plan.get("settings"), dict)
        else 1800
    )

    def slot_rule(start: int, length: int, window: tuple[int, int] | None, shift: tuple[int, int]) -> tuple[int, int]:
        return announced_slot(start, length=length, late_margin=min(late, length), window=window, shift=shift)

    # refuses bad edits, and dropped visits unless asked, before anything is written
    result = retime(source, slot_rule=slot_rule, lang=lang, allow_drop=args.allow_drop)
    target = source
    if args.out:
        target = Path(args.out)
        if target.exists():
            raise ValidationError(t("docs_retime_out_exists", lang, folder=target))
    code = str(plan.get("service", ""))
    service = registry.get(code) if code in registry.codes() else None
    with staged_folder(target) as tmp:  # the re-timed folder replaces the edited one whole, with a new manifest
        _copy_plan_data(source, tmp, lang)
        write_retimed(tmp, result)
        if service:  # its own files (the épicerie's public calendar) follow the new times
            service.retimed(tmp, lang)
        problems = check_plan_folder(tmp) + (service.check_folder(tmp) if service else [])
        written = write_outputs(
            tmp,
            Database.read(settings.database, lang),  # only read (labels, phones): never creates a base
            _road_settings(plan, settings),
            title=service.title(lang) if service else None,
            extra=service.extra_documents if service else None,
            pdf=not args.no_pdf,
            lang=lang,
        )
    secs, metres = result.solution.travel(result.problem)
    print(
        t(
            "docs_retime_done",
            lang,
            folder=target,
            routes=len(result.solution.routes),
            minutes=secs // 60,
            km=f"{metres / 1000:.1f}",
        )
    )
    for slot in result.new_slots:
        print("  " + t("docs_retime_new_slot", lang, task=slot["task_id"], old=slot["old"], new=slot["new"]))
    issues = result.breaks + problems
    if issues:
        print(t("docs_retime_breaks", lang, n=len(issues)))
        for line in issues:
            print(f"  - {line}")
    else:
        print(t("docs_retime_holds", lang))
    print(t("docs_retime_open", lang, files=shown_documents(written, target, lang)))
    return EXIT_OK


def adopt_plan(folder: str | Path, db_path: str, settings: Settings) -> str:
    """Store the (re-timed) plan of ``folder`` as the latest plan of its week; return its run id."""
    from tournees.db import Database
    from tournees.plan.retime import retime
    from tournees.services.common import Horizon, store_run

    path = Path(folder)
    plan = _plan_json(path, settings.lang)
    week = plan.get("week")
    if not week:
        raise ValidationError(t("docs_from_plan_no_week", settings.lang, folder=path))
    result = retime(path, lang=settings.lang)
    horizon = Horizon(list(result.context.days or []))
    return store_run(
        Database.open(db_path),
        service=str(plan["service"]),
        week_label=str(week),
        horizon=horizon,
        problem=result.problem,
        solution=result.solution,
        ctx=result.context,
        settings_json=json.dumps(plan.get("settings", {})),
        seed=int(plan.get("seed") or 0),
        fingerprint_=str(plan.get("inputs_fingerprint", "")),
        status="draft",
    )
