"""The data dictionary of ``datasets/README.md``, generated from :mod:`valuekit.schema`.

The part of the README between the two markers below is ``markdown()``;
``python -m valuekit.data.dictionary`` rewrites it in place, and a test fails
when it is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from valuekit import schema

BEGIN = "<!-- BEGIN GENERATED: python -m valuekit.data.dictionary -->"
END = "<!-- END GENERATED -->"

#: Which course module uses each table (Module 1 value marketing, 2 adoption,
#: 3 funnel, 4 CLV; "reports" = the personalised team reports).
USED_BY: dict[str, str] = {
    "teams": "3 funnel (quota, reverse funnel); reports (one per team)",
    "accounts": (
        "1 value marketing (Pareto, share of wallet from `annual_budget`); 2 adoption "
        "(`adopter_group`); 4 CLV (cohorts by `first_purchase_date`); reports"
    ),
    "products": (
        "1 value marketing (list price, gross margin); 2 adoption (`launch_date`, life cycle); "
        "4 CLV (margin)"
    ),
    "opportunities": (
        "3 funnel (stage counts, conversion, bottleneck, win/loss report, weighted pipeline, "
        "velocity, rolling plan); reports"
    ),
    "contracts": "4 CLV (renewals, cohort retention, shifted-beta-geometric fit); reports",
    "invoices": (
        "1 value marketing (revenue and profit concentration, profit tiers, share of wallet); "
        "4 CLV (margin per customer); 3 funnel (actuals in the rolling plan); reports"
    ),
    "campaign_touches": "3 funnel (response rates by approach); 4 CLV (acquisition cost)",
    "product_sales": "2 adoption (Bass fit, the chasm, life-cycle stage)",
    "value_survey": "1 value marketing (customer delivered value, us against a competitor)",
}

_KIND = {
    "id": "id (text)",
    "str": "text",
    "cat": "category",
    "int": "whole number",
    "float": "number",
    "date": "date (YYYY-MM-DD)",
}


def _rule(col: schema.Column) -> str:
    parts = []
    if col.values:
        parts.append("one of " + ", ".join(f"`{v}`" for v in col.values))
    if col.min is not None and col.max is not None:
        parts.append(f"{col.min:g} to {col.max:g}")
    elif col.min is not None:
        parts.append(f">= {col.min:g}")
    if col.references:
        parts.append(f"must exist in `{col.references}`")
    parts.append("may be empty" if col.nullable else "required")
    return "; ".join(parts)


def markdown() -> str:
    """The generated part of the data dictionary (one section per table)."""
    out = [BEGIN, ""]
    for table in schema.TABLES.values():
        key = f" Key: `{table.key}`." if table.key else " No single key column."
        out += [
            f"### `{table.file}`",
            "",
            f"{table.description}{key} Used by: {USED_BY[table.name]}.",
            "",
            "| column | type | unit | meaning | rule |",
            "|---|---|---|---|---|",
        ]
        for col in table.columns:
            unit = col.unit or ""
            out.append(
                f"| `{col.name}` | {_KIND[col.kind]} | {unit} | {col.description} | {_rule(col)} |"
            )
        out.append("")
        if table.name == "opportunities":
            out += _stages()
    out.append(END)
    return "\n".join(out)


def _stages() -> list[str]:
    """The funnel stages of ``opportunities.stage`` and the kit's effective-customer rule."""
    out = [
        "The funnel stages (`stage`), after the funnel deck (漏斗营销): the sale is won at "
        "`target`.",
        "",
        "| stage | the customer ... |",
        "|---|---|",
    ]
    out += [f"| `{s}` | {d} |" for s, d in schema.STAGE_DEFINITIONS.items()]
    out += ["", f"**Effective customer.** {schema.EFFECTIVE_DEFINITION}", ""]
    return out


def update(readme: Path) -> bool:
    """Rewrite the generated part of ``readme``; True when it changed."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    new = text[:start] + markdown() + text[end:]
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    from valuekit.data import SAMPLE_DIR

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE_DIR / "README.md"
    print(f"{path}: {'updated' if update(path) else 'already up to date'}")
