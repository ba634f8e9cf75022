"""Re-make datasets/real/online_retail_lines.csv.gz and online_retail_invoices.csv from the
original UCI Online Retail file.

The original: UCI Machine Learning Repository, data set 352 "Online Retail"
(https://archive.ics.uci.edu/dataset/352/online+retail), Chen, Sain & Guo (2012), CC BY 4.0;
it is distributed as ``Online Retail.xlsx``. Save it as CSV (or a gzip'd CSV) with the
columns InvoiceNo, StockCode, Description, Quantity, InvoiceDate (YYYY-MM-DD HH:MM:SS),
UnitPrice, CustomerID, Country, then run from the repository root::

    .venv/bin/python datasets/real/make_online_retail.py ORIGINAL.csv[.gz]

online_retail_lines.csv.gz keeps every one of the 541,909 invoice lines, as messy as they
are (that is the lesson), and drops one column, Description (the product's name: most of
the file's size, and not needed for lifetime value); CustomerID is written as a whole number
(the original's 17850.0 is 17850). Lines keep their order and values. The gzip header
carries no time stamp, so the same input gives the same bytes. A third of the customers was
tried first and is too few: the BG/NBD fit on it does not converge (benchmarks/clv.md).

online_retail_invoices.csv is those lines cleaned by
``valuekit.clv.invoice_lines.clean_invoice_lines`` (lines without a customer, orders
cancelled in full with their cancellations, partial cancellations, returns and free lines
removed; one row per invoice: customer_id, invoice, date,
value = sum of quantity x unit price): the purchase log ``valuekit clv`` reads.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).parent
LINES = HERE / "online_retail_lines.csv.gz"
INVOICES = HERE / "online_retail_invoices.csv"
COLUMNS = ["InvoiceNo", "StockCode", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID",
           "Country"]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    raw = pd.read_csv(argv[0], dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": str},
                      keep_default_na=False, na_values=[""])
    raw["CustomerID"] = pd.to_numeric(raw["CustomerID"]).astype("Int64")
    with gzip.GzipFile(LINES, "wb", mtime=0) as handle:
        handle.write(raw[COLUMNS].to_csv(index=False, lineterminator="\n").encode("utf-8"))
    print(f"wrote {LINES}: {len(raw):,} lines, {raw['CustomerID'].nunique():,} customers")
    from valuekit.clv.invoice_lines import clean_invoice_lines, read_invoice_lines

    purchases = clean_invoice_lines(read_invoice_lines(LINES)).purchases
    purchases = purchases.rename(columns={"customer": "customer_id"})
    purchases.to_csv(INVOICES, index=False, lineterminator="\n", float_format="%.2f",
                     date_format="%Y-%m-%d %H:%M:%S")
    print(f"wrote {INVOICES}: {len(purchases):,} invoices")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
