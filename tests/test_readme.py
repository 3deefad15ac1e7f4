"""The README stays true: two-command quick start, CI runs the same, column reference current."""

from __future__ import annotations

from pathlib import Path

from tournees.io.reference import BEGIN, END, reference_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_quick_start_is_two_commands_and_ci_calls_make_test() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Démarrage rapide", 1)[1].split("##", 1)[0]
    commands = [line.strip() for line in quick.splitlines() if line.strip().startswith("make ")]
    assert commands == ["make demo", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_column_reference_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    current = readme.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert current == reference_markdown("fr").strip(), "run `make docs` to refresh the README"
