"""``tournees serve`` and ``tournees user add|list``: hooked into the command line by :func:`register`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.settings import Settings

EXIT_OK = 0
DEMO_ACCOUNTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (  # username, password, role, landlords (a staff
    # account: its technician): printed by ``serve --demo``, for trying the application only
    ("planif-logem", "demo-logem-2026", "planner", ("LOGEMLOIRET",)),
    ("planif-orleanais", "demo-orleanais-2026", "planner", ("RES-ORLEANAIS",)),
    ("analyste", "demo-analyste-2026", "analyst", ()),
    ("admin", "demo-admin-2026", "admin", ()),
    ("technicien", "demo-technicien-2026", "staff", ("TECH-1",)),
)
HELP = {
    "serve": (
        "lance l'application web des planificateurs (http://127.0.0.1:8000)",
        "start the planners' web application (http://127.0.0.1:8000)",
    ),
    "host": ("adresse d'écoute (127.0.0.1 par défaut)", "listening address (default 127.0.0.1)"),
    "port": ("port d'écoute (8000 par défaut)", "listening port (default 8000)"),
    "serve_demo": (
        "sur la base de démonstration (créée si besoin) avec des comptes de démonstration",
        "on the demo database (built if needed) with demo accounts",
    ),
    "workdir": (
        "dossier des plans faits en ligne (var/web par défaut)",
        "folder of the plans made online (default var/web)",
    ),
    "time_limit": ("temps de calcul maximal d'un plan, en secondes", "longest computing time of a plan, in seconds"),
    "user": ("comptes de l'application web", "accounts of the web application"),
    "user_add": (
        "crée un compte (mot de passe demandé, ou lu dans TOURNEES_PASSWORD)",
        "create an account (password asked, or read from TOURNEES_PASSWORD)",
    ),
    "user_list": ("liste les comptes", "list the accounts"),
    "username": ("identifiant", "username"),
    "role": (
        "rôle : planner (bailleur(s) donnés), analyst (agrégats seulement), admin, staff (la journée d'un intervenant)",
        "role: planner (given landlords), analyst (aggregates only), admin, staff (one technician's own day)",
    ),
    "landlord": ("bailleur du compte planner (répétable)", "landlord of a planner account (repeatable)"),
    "name": ("nom affiché", "display name"),
    "staff_id": (
        "intervenant d'un compte staff (table staff, ex. TECH-1) : il ne voit que sa journée",
        "staff member of a staff account (staff table, e.g. TECH-1): it sees its own day only",
    ),
    "serving": (
        "Application web sur http://{host}:{port} (Ctrl+C pour arrêter), base {db}",
        "Web application on http://{host}:{port} (Ctrl+C to stop), database {db}",
    ),
    "demo_accounts": (
        "Comptes de démonstration (identifiant / mot de passe) :",
        "Demo accounts (username / password):",
    ),
    "added": ("Compte {name} créé ({role}).", "Account {name} created ({role})."),
    "mismatch": ("les deux mots de passe saisis diffèrent", "the two passwords typed differ"),
    "user_demo": (
        "sur la base de démonstration (var/demo.sqlite, « make demo »)",
        "on the demo database (var/demo.sqlite, 'make demo')",
    ),
    "no_base": (
        "la base {db} n'existe pas : un compte se rattache aux bailleurs de la base. Créez-la avec « tournees init », "
        "importez vos bailleurs (« tournees import DOSSIER », table landlords), puis créez le compte ; ou ajoutez "
        "--demo pour un compte sur la démonstration. Rien n'a été créé",
        "the database {db} does not exist: an account belongs to the database's landlords. Create it with 'tournees "
        "init', import your landlords ('tournees import FOLDER', table landlords), then create the account; or add "
        "--demo for an account on the demo. Nothing was created",
    ),
    "unknown_landlord": (
        "--landlord {unknown} : bailleur absent de la base {db} (bailleurs connus : {known}) ; importez-le d'abord "
        "(« tournees import DOSSIER », table landlords). Aucun compte créé",
        "--landlord {unknown}: no such landlord in the database {db} (known landlords: {known}); import it first "
        "('tournees import FOLDER', table landlords). No account created",
    ),
    "none": ("aucun", "none"),
    "worker": (
        "calcule les plans mis en file d'attente par l'application web (PostgreSQL : autant de processus et de "
        "machines que voulu)",
        "compute the plans queued by the web application (PostgreSQL: as many processes and machines as wanted)",
    ),
    "per_landlord": (
        "calculs d'un même bailleur en même temps, au plus (1 par défaut)",
        "most computations of one landlord at once (default 1)",
    ),
    "in_process": (
        "calcule aussi les plans dans ce processus (par défaut : oui sur SQLite, non sur PostgreSQL où des "
        "« tournees worker » les calculent)",
        "also compute plans in this process (default: yes on SQLite, no on PostgreSQL where 'tournees worker' "
        "processes compute them)",
    ),
    "working": (
        "Calculs de la file d'attente, base {db} (Ctrl+C pour arrêter)",
        "Computing queued plans, database {db} (Ctrl+C to stop)",
    ),
    "lease": (
        "secondes sans signe de vie après lesquelles un calcul est repris par un autre worker (30 par défaut)",
        "seconds without a sign of life after which another worker takes a computation over (default 30)",
    ),
    "bad_lease": (
        "--lease {value} : au moins 3 secondes (le worker renouvelle son bail tous les sixièmes de ce délai)",
        "--lease {value}: at least 3 seconds (the worker renews its lease every sixth of it)",
    ),
    "bad_per_landlord": (
        "--per-landlord {value} : un nombre entier d'au moins 1 est attendu",
        "--per-landlord {value}: a whole number of at least 1 is expected",
    ),
}


def _h(key: str, lang: str) -> str:
    return HELP[key][1 if lang == "en" else 0]


def register(
    subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser | None = None, lang: str = "fr"
) -> None:
    """Add ``serve`` and ``user add|list``; each parser's ``handler`` is called as ``handler(args, settings)``."""
    parents = [common] if common is not None else []
    p = subparsers.add_parser("serve", parents=parents, help=_h("serve", lang), description=_h("serve", lang))
    p.add_argument("--host", default="127.0.0.1", help=_h("host", lang))
    p.add_argument("--port", type=int, default=8000, help=_h("port", lang))
    p.add_argument("--demo", action="store_true", help=_h("serve_demo", lang))
    p.add_argument("--workdir", default="var/web", help=_h("workdir", lang))
    p.add_argument("--time-limit", type=float, default=20.0, help=_h("time_limit", lang))
    p.add_argument("--per-landlord", default="1", help=_h("per_landlord", lang))
    p.add_argument("--worker", action=argparse.BooleanOptionalAction, default=None, help=_h("in_process", lang))
    p.set_defaults(handler=cmd_serve)
    w = subparsers.add_parser("worker", parents=parents, help=_h("worker", lang), description=_h("worker", lang))
    w.add_argument("--workdir", default="var/web", help=_h("workdir", lang))
    w.add_argument("--per-landlord", default="1", help=_h("per_landlord", lang))
    w.add_argument("--lease", type=float, default=30.0, help=_h("lease", lang))
    w.set_defaults(handler=cmd_worker)
    user = subparsers.add_parser("user", parents=parents, help=_h("user", lang), description=_h("user", lang))
    actions = user.add_subparsers(dest="user_command", required=True)
    add = actions.add_parser("add", parents=parents, help=_h("user_add", lang), description=_h("user_add", lang))
    add.add_argument("username", help=_h("username", lang))
    add.add_argument("--role", required=True, choices=("planner", "analyst", "admin", "staff"), help=_h("role", lang))
    add.add_argument("--landlord", action="append", default=[], help=_h("landlord", lang))
    add.add_argument("--name", default=None, help=_h("name", lang))
    add.add_argument("--staff-id", default=None, help=_h("staff_id", lang))
    add.add_argument("--demo", action="store_true", help=_h("user_demo", lang))
    add.set_defaults(handler=cmd_user_add)
    listing = actions.add_parser("list", parents=parents, help=_h("user_list", lang), description=_h("user_list", lang))
    listing.add_argument("--demo", action="store_true", help=_h("user_demo", lang))
    listing.set_defaults(handler=cmd_user_list)
    from tournees.web import record_command  # (it loads the database modules only when it runs)

    record_command.register(subparsers, parents, lang)


def _password(lang: str, ask: Callable[[str], str] = getpass.getpass) -> str:
    if os.environ.get("TOURNEES_PASSWORD"):
        return os.environ["TOURNEES_PASSWORD"]
    if ask is getpass.getpass and not sys.stdin.isatty():  # getpass would echo it, or stop at the pipe's end
        raise ValidationError(t("cli_no_terminal", lang))
    try:
        first = ask("Password: " if lang == "en" else "Mot de passe : ")
        again = ask("Again: " if lang == "en" else "Encore : ")
    except EOFError:
        raise ValidationError(t("cli_no_terminal", lang)) from None
    if again != first:
        raise ValidationError(_h("mismatch", lang))
    return first


def cmd_user_add(args: argparse.Namespace, settings: Settings) -> int:
    """Create an account in an existing base whose landlords it names: never a new, empty base."""
    from tournees.db import Database
    from tournees.model import Landlord
    from tournees.web.accounts import add_user

    lang, target = settings.lang, settings.database
    if "://" not in target and not Path(target).is_file():
        missing = t("demo_base_missing", lang, db=target) if args.demo else _h("no_base", lang).format(db=target)
        raise ValidationError(missing)
    db = Database.open(target)
    try:
        known = sorted(x.landlord_id for x in db.load(Landlord))
        unknown = sorted(set(args.landlord) - set(known))
        if unknown:
            raise ValidationError(
                _h("unknown_landlord", lang).format(
                    unknown=", ".join(unknown), db=target, known=", ".join(known) or _h("none", lang)
                )
            )
        user = add_user(db, args.username, _password(settings.lang), args.role, args.landlord, args.name, args.staff_id)
    finally:
        db.dispose()
    print(_h("added", settings.lang).format(name=user.username, role=user.role))
    return EXIT_OK


def cmd_user_list(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.db import Database
    from tournees.web.accounts import list_users

    db = Database.read(settings.database, settings.lang)  # a listing never creates a base
    try:
        for user in list_users(db):
            print(f"{user.username}\t{user.role}\t{','.join(sorted(user.landlords)) or user.staff_id or ''}")
    finally:
        db.dispose()
    return EXIT_OK


def demo_database(settings: Settings, db_target: str | None) -> str:
    """The demo database (built when missing) with the demo accounts."""
    from tournees.cli.common import DEMO_DB, build_demo_database
    from tournees.db import Database
    from tournees.web.accounts import add_user, load_user

    target = db_target or DEMO_DB
    if "://" not in target and not Path(target).exists():
        build_demo_database(settings, target, Path("out/demo"), seed=2026)
    db = Database.open(target)
    for name, password, role, landlords in DEMO_ACCOUNTS:
        if load_user(db, name) is None:
            if role == "staff":
                add_user(db, name, password, role, staff_id=landlords[0])
            else:
                add_user(db, name, password, role, landlords)
    db.dispose()
    return target


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from tournees.db import Database
    from tournees.web.app import SERVER_OPTIONS, create_app

    per_landlord = _per_landlord(args.per_landlord, settings.lang)
    target = demo_database(settings, getattr(args, "db", None)) if args.demo else settings.database
    db = Database.open(target)
    in_process = args.worker if args.worker is not None else db.engine.dialect.name == "sqlite"
    app = create_app(
        db, settings, args.workdir, time_limit_s=args.time_limit, worker=in_process, per_landlord=per_landlord
    )
    print(_h("serving", settings.lang).format(host=args.host, port=args.port, db=db.url), file=sys.stderr, flush=True)
    if args.demo:
        print(_h("demo_accounts", settings.lang), file=sys.stderr)
        for name, password, role, landlords in DEMO_ACCOUNTS:
            print(f"  {name} / {password} ({role} {' '.join(landlords)})", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False, **SERVER_OPTIONS)
    return EXIT_OK


def _per_landlord(value: str, lang: str) -> int:
    if not value.strip().isdigit() or int(value) < 1:
        raise ValidationError(_h("bad_per_landlord", lang).format(value=value))
    return int(value)


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    """Take plans from the queue until stopped: SIGTERM once the job under way is done; Ctrl+C at once (that job
    is planned again by another worker once its lease runs out)."""
    import signal
    import threading

    from tournees.db import Database
    from tournees.web.worker import Worker

    per_landlord = _per_landlord(args.per_landlord, settings.lang)
    if not args.lease >= 3:  # renewed every sixth of it: shorter would be taken for dead under load
        raise ValidationError(_h("bad_lease", settings.lang).format(value=f"{args.lease:g}"))
    db = Database.existing(settings.database, settings.lang)  # the web application's base: never a new one
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(_h("working", settings.lang).format(db=db.url), file=sys.stderr, flush=True)
    try:
        Worker(db, settings, Path(args.workdir), per_landlord=per_landlord, lease_s=args.lease).run(stop)
    except KeyboardInterrupt:
        pass
    finally:
        db.dispose()
    return EXIT_OK
