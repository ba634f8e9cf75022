"""From an ERP's invoice lines to a purchase log: the cleaning every real export needs.

A wholesaler's export (the UCI Online Retail data set is one) has one row per invoice
*line* (product), and rows a lifetime-value model must not see: lines without a customer,
cancelled invoices (numbered with a leading "C" and negative quantities), returns and
corrections (negative quantities), free lines (price 0). :func:`clean_invoice_lines` removes
them step by step, says how many lines and how much value each step removed, and adds the
remaining lines up to **one purchase per invoice** (customer, date, value): the unit the
BG/NBD counts. :func:`concentration` is the 80/20 view of the result.

Cancellations are dropped, not netted against the invoice they cancel: the original
purchase did happen (the customer came back), and an export seldom links the two
reliably; the value removed is reported so the analyst sees what it costs. Chen, Sain &
Guo (2012) clean the same data the same way before their RFM analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from valuekit._validate import require_columns

__all__ = ["CleanLog", "clean_invoice_lines", "concentration", "read_invoice_lines"]

#: The kit's copy of the UCI Online Retail invoice lines (datasets/real/README.md).
ONLINE_RETAIL = "datasets/real/online_retail_lines.csv.gz"


def read_invoice_lines(path: str | Path = ONLINE_RETAIL) -> pd.DataFrame:
    """Invoice lines as exported, ids kept as text (``C536379`` and ``85123A`` are ids, not
    numbers); by default the kit's copy of UCI Online Retail, relative to the kit's folder."""
    path = Path(path)
    if not path.is_absolute() and not path.exists():
        path = Path(__file__).resolve().parents[3] / path
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    return pd.read_csv(path, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": str},
                       keep_default_na=False, na_values=[""])


@dataclass(frozen=True)
class CleanLog:
    """``purchases``: one row per invoice (customer, invoice, date, value); ``steps``: what
    each cleaning step removed (lines, value)."""

    purchases: pd.DataFrame
    steps: pd.DataFrame


def clean_invoice_lines(
    lines: pd.DataFrame,
    *,
    invoice: str = "InvoiceNo",
    customer: str = "CustomerID",
    date: str = "InvoiceDate",
    quantity: str = "Quantity",
    price: str = "UnitPrice",
    cancel_prefix: str = "C",
) -> CleanLog:
    """Drop lines without a customer, cancelled invoices, returns and free lines, then sum
    the remaining lines per invoice (``value`` = quantity x price; ``date`` = the invoice's
    date and time). Column names default to the UCI Online Retail export's."""
    require_columns(lines, "lines", [invoice, customer, date, quantity, price])
    value = lines[quantity].to_numpy(dtype=float) * lines[price].to_numpy(dtype=float)
    ids = lines[customer]
    no_customer = (ids.isna() | (ids.astype(str).str.strip() == "")).to_numpy()
    cancelled = lines[invoice].astype(str).str.startswith(cancel_prefix).to_numpy()
    returned = lines[quantity].to_numpy(dtype=float) < 0
    free = lines[price].to_numpy(dtype=float) <= 0
    keep = np.ones(len(lines), dtype=bool)
    rows = []
    for step, mask in [("no customer id", no_customer),
                       (f"cancelled invoice (number starts with {cancel_prefix!r})", cancelled),
                       ("return or correction (negative quantity)", returned),
                       ("free line (price 0 or less)", free)]:
        hit = keep & mask
        rows.append({"step": step, "lines": int(hit.sum()), "value": float(value[hit].sum())})
        keep &= ~mask
    rows.append({"step": "kept", "lines": int(keep.sum()), "value": float(value[keep].sum())})
    kept = pd.DataFrame({"customer": ids[keep].astype(str).str.removesuffix(".0").to_numpy(),
                         "invoice": lines[invoice][keep].astype(str).to_numpy(),
                         "date": pd.to_datetime(lines[date][keep]).to_numpy(),
                         "value": value[keep]})
    purchases = (kept.groupby(["customer", "invoice"], sort=False)
                 .agg(date=("date", "min"), value=("value", "sum")).reset_index()
                 .sort_values(["date", "invoice"], kind="stable").reset_index(drop=True))
    return CleanLog(purchases, pd.DataFrame(rows))


def concentration(values: pd.Series) -> pd.DataFrame:
    """Share of the total against share of customers, biggest first (the Lorenz curve read
    from the top): columns ``customers_share``, ``revenue_share``, one row per customer."""
    v = np.sort(np.asarray(values, dtype=float))[::-1]
    if v.size == 0 or v.sum() <= 0:
        raise ValueError("values must hold at least one positive amount")
    return pd.DataFrame({"customers_share": np.arange(1, v.size + 1) / v.size,
                         "revenue_share": np.cumsum(v) / v.sum()})
