"""The column reference of every input table, for docs/colonnes.md and the templates."""

from __future__ import annotations

from tournees.model import INPUT_TABLES, columns
from tournees.model.fields import ColumnInfo

_HEAD = {
    "fr": ["table", "colonne", "type", "unité", "obligatoire", "valeurs permises", "exemple", "description"],
    "en": ["table", "column", "type", "unit", "required", "allowed values", "example", "description"],
}


def _allowed(info: ColumnInfo, lang: str) -> str:
    m = info.meta
    parts = []
    if m.choices:
        parts.append(", ".join(m.choices))
    if m.min is not None or m.max is not None:
        lo = "" if m.min is None else f"{m.min:g}"
        hi = "" if m.max is None else f"{m.max:g}"
        parts.append(f"{lo} … {hi}".strip())
    if m.pattern_doc and not m.ref:
        parts.append(m.pattern_doc[1] if lang == "en" else m.pattern_doc[0])
    if m.ref:
        parts.append(("id of table " if lang == "en" else "identifiant de la table ") + m.ref)
    return "; ".join(parts)


def _required(info: ColumnInfo, lang: str, default: object) -> str:
    if info.required and default is None:
        return "yes" if lang == "en" else "oui"
    return "no" if lang == "en" else "non"


def column_rows(lang: str = "fr") -> list[list[str]]:
    import dataclasses

    rows = [_HEAD[lang]]
    for cls in INPUT_TABLES:
        defaults = {f.name: f.default for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        for info in columns(cls):
            default = defaults.get(info.name)
            has_default = default is not dataclasses.MISSING
            doc = info.meta.doc_en if lang == "en" else info.meta.doc_fr
            if has_default and default not in (None, ()):
                shown = default if not isinstance(default, tuple) else ";".join(default)
                if hasattr(shown, "strftime"):
                    shown = shown.strftime("%H:%M")  # type: ignore[union-attr]
                doc += (" (default: " if lang == "en" else " (par défaut : ") + str(shown).replace("True", "oui").replace("False", "non") + ")"
            rows.append([
                cls.table,
                info.name,
                info.type_label(lang),
                info.meta.unit or "",
                _required(info, lang, None if not has_default else default),
                _allowed(info, lang),
                info.meta.example,
                doc,
            ])
    return rows


def reference_markdown(lang: str = "fr") -> str:
    """One Markdown section per input table."""
    rows = column_rows(lang)
    out: list[str] = []
    by_table: dict[str, list[list[str]]] = {}
    for row in rows[1:]:
        by_table.setdefault(row[0], []).append(row[1:])
    labels = {cls.table: (cls.label_en if lang == "en" else cls.label_fr) for cls in INPUT_TABLES}
    for table, body in by_table.items():
        out.append(f"#### `{table}.csv` — {labels[table]}\n")
        out.append("| " + " | ".join(rows[0][1:]) + " |")
        out.append("|" + "---|" * (len(rows[0]) - 1))
        for r in body:
            cells = [f"`{r[0]}`"] + [c.replace("|", "\\|") for c in r[1:]]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)


BEGIN = "<!-- BEGIN column reference (make docs) -->"
END = "<!-- END column reference -->"
REFERENCE_DOC = "docs/colonnes.md"  # the page that holds the reference, between BEGIN and END


def refresh_reference(path: str = REFERENCE_DOC) -> bool:
    """Rewrite the column reference between the markers of ``path``; True if it changed."""
    from pathlib import Path

    file = Path(path)
    text = file.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{path} : marqueurs « {BEGIN} » et « {END} » introuvables")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    new = f"{head}{BEGIN}\n{reference_markdown('fr')}\n{END}{tail}"
    if new != text:
        file.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    import sys

    refresh_reference(*sys.argv[1:2])
