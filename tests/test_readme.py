"""The README stays true: two-command quick start, CI runs the same, generated parts current, docs pages linked.

The README's measured figures are generated from ``benchmarks/results`` by ``benchmarks/figures.py``
(``make docs`` rewrites them between the markers).
"""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks.figures import FIG_BEGIN, FIG_END, figures_markdown

from tournees.io.reference import BEGIN, END, REFERENCE_DOC, reference_markdown

ROOT = Path(__file__).resolve().parents[1]


def _between(text: str, begin: str, end: str) -> str:
    assert begin in text and end in text, f"markers {begin!r} / {end!r} missing"
    return text.split(begin, 1)[1].split(end, 1)[0].strip()
def test_quick_start_is_two_commands_and_ci_calls_make_test() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Démarrage rapide", 1)[1].split("##", 1)[0]
    commands = [line.strip() for line in quick.splitlines() if line.strip().startswith("make ")]
    assert commands == ["make demo", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_column_reference_is_current() -> None:
    page = (ROOT / REFERENCE_DOC).read_text(encoding="utf-8")
    assert _between(page, BEGIN, END) == reference_markdown("fr").strip(), "run `make docs` to refresh it"


def test_readme_figures_come_from_the_benchmark_results() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _between(readme, FIG_BEGIN, FIG_END) == figures_markdown(), "run `make docs` to refresh the README"


def test_readme_stays_short_and_links_every_docs_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 250
    linked = set(re.findall(r"\]\((docs/[\w-]+\.md)\)", readme))
    pages = {f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")}
    assert pages <= linked, f"docs pages not linked from the README: {sorted(pages - linked)}"
    assert linked <= pages, f"README links to missing pages: {sorted(linked - pages)}"

