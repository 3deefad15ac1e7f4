"""Plan folders appear whole or not at all.

A plan is written into a hidden sibling folder (``.plan.new-…``); only once every file is
there and ``plan.json`` carries the manifest of their SHA-256 is it renamed into place. The
previous complete folder stays where it is until then, and is swapped out in one rename
(``renameat2(RENAME_EXCHANGE)`` on Linux, else two renames with the old folder kept aside
until the new one is in place). A process killed at any moment leaves the old complete folder
or the new complete one at ``out``, and at worst a hidden ``.plan.new-…`` folder beside it,
removed by the next write of the same folder.

Work that must only happen for a complete folder (recording the run in the database,
confirming appointments) is given to :func:`when_complete`: it runs at once outside a staged
folder; inside one, it runs once the folder is sealed, all of it in the one database
transaction given to :func:`staged_folder`, committed *before* the rename. So a failure
anywhere (solver, documents, full disk, read-only base) publishes nothing and marks nothing,
and a process killed after the rename leaves a folder whose run is recorded.

Nothing tournees did not write is ever replaced: ``out`` must be absent, empty, or a plan
folder of ours (``plan.json`` with a manifest, and no file the manifest does not list).
"""

from __future__ import annotations

import contextvars
import ctypes
import ctypes.util
import errno
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tournees.errors import TourneesError, ValidationError
from tournees.i18n import t

MANIFEST_KEY = "manifest"
_RENAME_EXCHANGE = 2
_HOOK_ENV = "TOURNEES_TEST_PAUSE_AFTER"  # tests: pause after writing this file, so that a kill -9 lands mid-write


@dataclass
class _Staged:
    final: Path
    tmp: Path
    pending: list[Callable[[], Any]] = field(default_factory=list)


_current: contextvars.ContextVar[_Staged | None] = contextvars.ContextVar("staged_plan_folder", default=None)


def _staged_for(folder: Path) -> _Staged | None:
    staged = _current.get()
    if staged is not None and Path(folder).resolve() in (staged.tmp.resolve(), staged.final.resolve()):
        return staged
    return None


def published_path(folder: str | Path) -> Path:
    """Where ``folder`` will be once complete (itself outside a staged write), for files reading their last version."""
    staged = _staged_for(Path(folder))
    return staged.final if staged else Path(folder)


def writing_path(folder: str | Path) -> Path:
    """Where to write the files of plan folder ``folder`` now (the staging folder during a staged write)."""
    staged = _staged_for(Path(folder))
    return staged.tmp if staged else Path(folder)


def when_complete(action: Callable[[], Any]) -> None:
    """Run ``action`` once the plan folder being written is in place (now, if none is being written)."""
    staged = _current.get()
    if staged is None:
        action()
    else:
        staged.pending.append(action)


class DiskFullError(TourneesError, OSError):
    """The disk filled up while a plan folder was written (the previous plan is untouched)."""


@contextmanager
def staged_folder(
    out: str | Path,
    *,
    transaction: Callable[[], AbstractContextManager[Any]] | None = None,
    protect: Iterable[str | Path] = (),
    lang: str | None = None,
) -> Iterator[Path]:
    """Yield a fresh sibling folder to write a plan into; on success, seal it and swap it into ``out``.

    ``out`` is refused (:class:`ValidationError`, nothing touched) when it holds anything
    tournees did not write or any of the ``protect`` paths (the database). The actions given
    to :func:`when_complete` run inside ``transaction()`` once the folder is sealed, and it
    commits before the rename: nothing is published unless they succeeded.
    """
    final = Path(out).absolute()
    check_replaceable(final, protect=protect, lang=lang)
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(final)
        tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.new-{os.getpid()}-", dir=final.parent))
    except OSError as exc:
        raise _disk_error(exc, final, lang) from exc
    staged = _Staged(final, tmp)
    token = _current.set(staged)
    try:
        try:
            yield tmp
            write_manifest(tmp)
            _fsync_tree(tmp)
        except OSError as exc:
            raise _disk_error(exc, final, lang) from exc
        finally:
            _current.reset(token)
        check_replaceable(final, protect=protect, lang=lang)  # nothing slipped into ``out`` while we planned
        with transaction() if transaction is not None else nullcontext():
            for action in staged.pending:
                action()
        pause_hook("recorded")
        _swap_into_place(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    pause_hook("published")


def _disk_error(exc: OSError, final: Path, lang: str | None) -> Exception:
    """A full disk or quota said as such (the old plan is intact); any other OSError as it was."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(t("safe_disk_full", lang, folder=final))
    return exc


# --- what may be replaced -----------------------------------------------------------------------


def check_replaceable(final: Path, *, protect: Iterable[str | Path] = (), lang: str | None = None) -> None:
    """Refuse (nothing touched) to replace ``final`` unless it is absent, empty or a plan folder of ours.

    Ours: ``plan.json`` carries a manifest and every other file is listed in it, so the swap
    deletes only files tournees wrote. No ``protect`` path (the database) may be inside it.
    """
    final = Path(final).absolute()
    for kept in protect:
        if _inside(Path(kept), final):
            raise ValidationError(t("safe_out_holds", lang, folder=final, path=kept))
    if final.is_symlink():
        raise ValidationError(t("safe_out_link", lang, folder=final))
    if not final.exists():
        return
    if not final.is_dir():
        raise ValidationError(t("safe_out_file", lang, folder=final))
    if not any(final.iterdir()):
        return
    manifest = _manifest_files(final / "plan.json")
    if manifest is None:
        raise ValidationError(t("safe_out_foreign", lang, folder=final))
    foreign = _unlisted(final, manifest)
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" (+{len(foreign) - 5})" if len(foreign) > 5 else "")
        raise ValidationError(t("safe_out_extra", lang, folder=final, files=shown))


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.expanduser().absolute().resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


def _manifest_files(plan_json: Path) -> set[str] | None:
    """The files listed by the manifest of ``plan_json``; None when it is missing or not ours."""
    try:
        document = json.loads(plan_json.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    manifest = document.get(MANIFEST_KEY) if isinstance(document, dict) else None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    return {str(name) for name in files} if isinstance(files, dict) else None


def _unlisted(folder: Path, manifest: set[str]) -> list[str]:
    """Files (and empty folders, links) of ``folder`` that its manifest does not list, sorted."""
    found = []
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink() or (path.is_dir() and not any(path.iterdir())):
            found.append(name)
        elif path.is_file() and name != "plan.json" and name not in manifest:
            found.append(name)
    return found


def _remove_abandoned(final: Path) -> None:
    """Delete the staging folders of earlier writes of ``final`` whose process is gone (killed mid-write)."""
    for path in final.parent.glob(f".{final.name}.new-*"):
        pid = path.name[len(f".{final.name}.new-") :].split("-", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _swap_into_place(new: Path, final: Path) -> None:
    if not final.exists():
        os.rename(new, final)
    elif not final.is_dir():
        raise FileExistsError(f"{final} existe et n'est pas un dossier")
    elif _exchange(new, final):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now holds the previous plan
    else:
        aside = final.with_name(f".{final.name}.old-{os.getpid()}")
        os.rename(final, aside)
        try:
            os.rename(new, final)
        except OSError:
            os.rename(aside, final)  # the previous plan back in place
            raise
        shutil.rmtree(aside, ignore_errors=True)
    _fsync_dir(final.parent)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name or not hasattr(os, "O_DIRECTORY"):
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    at_fdcwd = -100
    return fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
    _fsync_dir(folder)


# --- manifest ---------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != "plan.json")


def write_manifest(folder: str | Path) -> dict[str, str]:
    """Record in ``plan.json`` the SHA-256 of every other file of the folder; return it."""
    folder = Path(folder)
    manifest = {name: _sha256(folder / name) for name in _files(folder)}
    path = folder / "plan.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document[MANIFEST_KEY] = {"algorithm": "sha256", "files": manifest}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    pause_hook("manifest")
    return manifest


def verify_manifest(folder: str | Path, plan: dict[str, Any]) -> list[str]:
    """Findings (French sentences) where the folder's files differ from the manifest of ``plan.json``."""
    folder = Path(folder)
    manifest = plan.get(MANIFEST_KEY)
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        return [
            "plan.json : pas de manifeste des fichiers (dossier écrit par une version ancienne ou incomplet) : "
            "impossible de vérifier que les fichiers vont ensemble"
        ]
    expected: dict[str, Any] = manifest["files"]
    found = _files(folder)
    problems = [
        f"{name} : fichier manquant (annoncé dans le manifeste de plan.json)"
        for name in sorted(set(expected) - set(found))
    ]
    problems += [
        f"{name} : fichier en trop (absent du manifeste de plan.json : reste d'un autre plan ?)"
        for name in sorted(set(found) - set(expected))
    ]
    problems += [
        f"{name} : fichier modifié depuis l'écriture du plan (empreinte SHA-256 différente)"
        for name in sorted(set(found) & set(expected))
        if _sha256(folder / name) != expected[name]
    ]
    return problems


def pause_hook(name: str) -> None:
    """Test hook: stop here (until killed) after writing ``name`` when asked by the environment."""
    if os.environ.get(_HOOK_ENV) == name:
        marker = os.environ.get(_HOOK_ENV + "_MARKER")
        if marker:
            Path(marker).write_text(str(os.getpid()), encoding="utf-8")
        import time

        while True:
            time.sleep(1)
