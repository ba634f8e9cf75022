"""From an ERP's invoice lines to a purchase log: the cleaning every real export needs.

A wholesaler's export (the UCI Online Retail data set is one) has one row per invoice
*line* (product), and rows a lifetime-value model must not see: lines without a customer,
cancelled invoices (numbered with a leading "C" and negative quantities), returns and
corrections (negative quantities), free lines (price 0). :func:`clean_invoice_lines` removes
them step by step, says how many lines and how much value each step removed, and adds the
remaining lines up to **one purchase per invoice** (customer, date, value): the unit the
BG/NBD counts. :func:`concentration` is the 80/20 view of the result.

An order line cancelled in full is removed together with its cancellation (matched on
customer, product, price and the opposite quantity): in UCI Online Retail one customer's
single £77,184 order, cancelled the same day, would otherwise make her a top customer.
Partial cancellations are dropped without netting (the order did happen: the customer came
back); the value each step removes is reported so the analyst sees what it costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from valuekit.checks import require_columns

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


def _cancelled_orders(lines: pd.DataFrame, candidates: np.ndarray, cancels: np.ndarray,
                      keys: list[str], quantity: str, date: str) -> np.ndarray:
    """Order lines that a cancellation line undoes in full: same customer, product and
    price, the opposite quantity. For k such cancellations of one key, the k latest order
    lines with that key are taken (an export seldom says which order a cancellation
    undoes; the latest before it is the usual one)."""
    cols = [*keys, quantity]
    orders = lines.loc[candidates, cols].copy()
    orders["_row"] = np.flatnonzero(candidates)
    orders["_date"] = pd.to_datetime(lines.loc[candidates, date]).to_numpy()
    undo = lines.loc[cancels, cols].copy()
    undo[quantity] = -undo[quantity]
    wanted = undo.groupby(cols, dropna=False).size().rename("_k")
    orders = orders.join(wanted, on=cols, how="inner")
    orders = orders.sort_values("_date", ascending=False, kind="stable")
    rank = orders.groupby(cols, dropna=False).cumcount()
    hit = np.zeros(len(lines), dtype=bool)
    hit[orders.loc[(rank < orders["_k"]).to_numpy(), "_row"].to_numpy()] = True
    return hit


def clean_invoice_lines(
    lines: pd.DataFrame,
    *,
    invoice: str = "InvoiceNo",
    customer: str = "CustomerID",
    date: str = "InvoiceDate",
    quantity: str = "Quantity",
    price: str = "UnitPrice",
    product: str = "StockCode",
    cancel_prefix: str = "C",
) -> CleanLog:
    """Drop, in this order: lines without a customer; order lines cancelled in full (a
    cancellation line of the same customer, product and price with the opposite quantity)
    together with their cancellation; the other cancellation lines (invoice numbers starting
    with ``cancel_prefix``: partial cancellations); returns and corrections (negative
    quantities); free lines (price 0 or less). Then sum the remaining lines per invoice
    (``value`` = quantity x price; ``date`` = the invoice's date and time). Column names
    default to the UCI Online Retail export's.

    An order cancelled in full never happened for the customer's value; a partial
    cancellation leaves the order (the customer did come back and buy) and its value is
    not netted, so revenue is slightly overstated: ``steps`` shows by how much.

    Args:
        lines: the invoice lines.
        invoice: the invoice number column.
        customer: the customer column.
        date: the date column.
        quantity: the quantity column.
        price: the unit price column.
        product: the product column.
        cancel_prefix: how a cancellation's invoice number starts.

    Returns:
        A :class:`CleanLog`: ``purchases`` (one row per invoice) and ``steps`` (what each
        step removed).
    """
    require_columns(lines, "lines", [invoice, customer, date, quantity, price, product])
    lines = lines.reset_index(drop=True)
    value = lines[quantity].to_numpy(dtype=float) * lines[price].to_numpy(dtype=float)
    ids = lines[customer]
    no_customer = (ids.isna() | (ids.astype(str).str.strip() == "")).to_numpy()
    is_cancel = lines[invoice].astype(str).str.startswith(cancel_prefix).to_numpy()
    negative = lines[quantity].to_numpy(dtype=float) < 0
    free = lines[price].to_numpy(dtype=float) <= 0
    matchable_cancel = is_cancel & negative & ~no_customer
    undone = _cancelled_orders(lines, ~no_customer & ~is_cancel & ~negative, matchable_cancel,
                               [customer, product, price], quantity, date)
    # the cancellations that found their order: as many per key as orders were undone
    undone_keys = lines.loc[undone, [customer, product, price, quantity]]
    cancel_rows = lines.loc[matchable_cancel, [customer, product, price, quantity]].copy()
    cancel_rows[quantity] = -cancel_rows[quantity]
    cancel_rows["_row"] = np.flatnonzero(matchable_cancel)
    n_undone = undone_keys.groupby(list(undone_keys.columns), dropna=False).size().rename("_n")
    cancel_rows = cancel_rows.join(n_undone, on=list(undone_keys.columns), how="inner")
    rank = cancel_rows.groupby(list(undone_keys.columns), dropna=False).cumcount()
    matched_cancel = np.zeros(len(lines), dtype=bool)
    matched_cancel[cancel_rows.loc[(rank < cancel_rows["_n"]).to_numpy(), "_row"]] = True
    keep = np.ones(len(lines), dtype=bool)
    rows = []
    for step, mask in [("no customer id", no_customer),
                       ("order line cancelled in full", undone),
                       ("its cancellation", matched_cancel),
                       (f"partial cancellation (invoice number starts with {cancel_prefix!r})",
                        is_cancel),
                       ("return or correction (negative quantity)", negative),
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
