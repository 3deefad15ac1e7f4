"""On-disk cache of prepared networks and matrices, keyed by a hash of their inputs.

Each entry is an ``.npz`` file with a ``.sha256`` beside it: a file whose checksum
does not match (truncated, edited, half-written) is ignored and rebuilt, never trusted.
Writes go to a temporary name first, then are renamed into place.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)


def key_for(path: Path, **params: object) -> str:
    """A key from a file's content and the parameters that shape what is built from it."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    for name in sorted(params):
        digest.update(f"|{name}={params[name]}".encode())
    return digest.hexdigest()[:32]


def _paths(folder: Path, kind: str, key: str) -> tuple[Path, Path]:
    return folder / f"{kind}-{key}.npz", folder / f"{kind}-{key}.sha256"


def save(folder: Path, kind: str, key: str, arrays: dict[str, np.ndarray]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data, check = _paths(folder, kind, key)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]
    payload = buffer.getvalue()
    tmp = data.with_suffix(".tmp")
    tmp.write_bytes(payload)
    os.replace(tmp, data)
    check.write_text(hashlib.sha256(payload).hexdigest(), encoding="ascii")
    return data


def load(folder: Path, kind: str, key: str) -> dict[str, np.ndarray] | None:
    """The cached arrays, or None when absent or damaged (a damaged entry is removed)."""
    data, check = _paths(folder, kind, key)
    if not data.exists() or not check.exists():
        return None
    payload = data.read_bytes()
    if hashlib.sha256(payload).hexdigest() != check.read_text(encoding="ascii").strip():
        log.warning("cache endommagé, reconstruit : %s", data)
        data.unlink(missing_ok=True)
        check.unlink(missing_ok=True)
        return None
    with np.load(io.BytesIO(payload), allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}
