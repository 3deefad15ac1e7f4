"""How the services' summaries word their figures: reasons, priorities, motives by their label, not their code."""

from __future__ import annotations

from collections.abc import Mapping

from tournees.i18n import TEXTS, t


def reason_counts(counts: Mapping[str, int], lang: str, *, prefix: str = "reason_label_") -> str:
    """« pas assez de temps dans la semaine : 64, trop loin : 2 »: each code's text ``prefix + code``, with its count
    (a code without a text is shown as is), in the order of the codes."""
    parts = []
    for code, n in sorted(counts.items()):
        key = prefix + code
        label = t(key, lang) if key in TEXTS else code
        parts.append(t("svc_reason_count", lang, label=label, n=n))
    return ", ".join(parts) or "-"
