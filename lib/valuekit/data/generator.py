"""The deterministic generator of the sample B2B data set.

A vendor of analytics software and services (measurement, data platform,
consulting) sells annual subscriptions to enterprises in four regions through
twelve sales teams. The generator builds, from one ``numpy`` random Generator:

1. products whose new-customer curves follow the Bass (1969) diffusion model,
   launched in different years so that, on 2025-12-31, one is in introduction,
   some in growth, some in maturity and one in decline; one product follows
   the dual-market model of Goldenberg, Libai & Muller (2002) and shows a
   saddle (the chasm) in its sales;
2. accounts with a size, an industry, a region (hence a team), a Rogers (2003)
   adopter category in Rogers' exact shares, a heavy-tailed (lognormal) spend
   scale, so that revenue is concentrated (Pareto), and a churn probability
   drawn from a beta distribution (the heterogeneity that the shifted-beta-
   geometric model of Fader & Hardie 2007 assumes);
3. contract chains: a first purchase, cross-sells later, each renewed every
   year until the account's coin says churn; contract years become monthly
   invoices;
4. opportunities: every contract that started from a deal opened in
   2023-2025 is a won opportunity, at the *target* stage where the funnel deck
   wins the sale, and at *effective* once its first contract year was renewed
   (``schema.EFFECTIVE_DEFINITION``); lost, continuing and delayed
   opportunities are added per team so that the counts follow each team's
   conversions: potential -> possible, then the comparison in two rounds
   (shortlist, final negotiation). A deal lost in either round is lost at
   *possible* (it was not won); one still open in the final round is a
   contract being signed (open at *target*). About 10 : 6 : 1 up to the win
   overall, with one team that does not win its comparisons (advantage), one
   whose wins do not become effective customers (credibility: its churn) and
   one star team;
5. campaign touches with response rates in the bands of the response-rate
   matrix of common B2B training material (``funnel.CHANNEL_APPROACH``), and a
   value survey of customers rating us and a competitor.

Everything is vectorised (``generate(n_accounts=1_000_000)`` runs in minutes;
see ``benchmarks/generate.md``). The stories are documented in
``docs/data_guide.md`` and tested in ``tests/test_data_generate.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from valuekit import schema
from valuekit._files import atomic_open

DEFAULT_SEED = 20251231
DEFAULT_N_ACCOUNTS = 2000

#: The teams that carry the funnel and retention stories (docs/data_guide.md).
BOTTLENECK_TEAM = "East Public Sector"  # possible -> target (the win) far below the others
CHURN_TEAM = "South Commercial"  # renewal rate well below the company's
#: The credibility story is the churn team's: its wins do not become effective customers
#: (target -> effective far below the company's).
CREDIBILITY_TEAM = CHURN_TEAM
STAR_TEAM = "West Enterprise"  # high win rate and new business well above quota

#: The product whose new-customer sales show a saddle (the chasm).
SADDLE_PRODUCT = "P04"

#: The life-cycle stage each product is built to be in on 2025-12-31.
LIFE_CYCLE_STAGES: dict[str, str] = {
    "P01": "decline",
    "P02": "maturity",
    "P03": "maturity",
    "P04": "maturity",
    "P05": "growth",
    "P06": "growth",
    "P07": "introduction",
}

_AS_OF = np.datetime64(schema.SAMPLE_AS_OF, "D")
_WINDOW_START = np.datetime64("2023-01-01", "D")  # first day of the opportunity years
_HISTORY_START = np.datetime64("2016-01-01", "D")  # earliest first purchase
_SALES_START = np.datetime64("2009-01", "M")  # first month of the product curves


def _mi(d) -> np.ndarray:
    """Month index (months since 1970-01) of datetime64 values."""
    return np.asarray(d).astype("datetime64[M]").astype(np.int64)


_AS_OF_MI = int(_mi(_AS_OF))
_WINDOW_MI = int(_mi(_WINDOW_START))
_HISTORY_MI = int(_mi(_HISTORY_START))
_SALES_MI = int(_SALES_START.astype(np.int64))

# --------------------------------------------------------------------------- teams

_SEGMENTS = ("Enterprise", "Commercial", "Public Sector")

#: Conversions of the generator: potential -> possible, then the comparison in two rounds,
#: shortlist and final negotiation (their product is possible -> target, the win). The
#: company shape is 0.6 / 0.5 / 0.34: about 10 potential and 6 possible customers per
#: customer won. Whether a won customer becomes effective is not a parameter: the
#: first-year renewal that the account's churn probability decides (credibility).
_BASE_CONVERSION = (0.60, 0.50, 0.34)
_STORY_CONVERSION = {
    BOTTLENECK_TEAM: (0.60, 0.22, 0.36),
    STAR_TEAM: (0.66, 0.60, 0.50),
}
#: New business per year relative to quota (quota = new business / attainment).
_STORY_ATTAINMENT = {BOTTLENECK_TEAM: 0.72, CHURN_TEAM: 0.93, STAR_TEAM: 1.38}
#: Beta(a, b) of the yearly churn probability of an account (mean a / (a + b)).
_CHURN_BETA = (0.9, 3.6)
#: The churn team's customers churn far more: its wins do not become effective customers
#: (the credibility story).
_STORY_CHURN_BETA = {CHURN_TEAM: (2.2, 2.6)}

# ------------------------------------------------------------------------ products

# id, name, kind, launch, list price (USD a year), gross margin.
# fmt: off
_PRODUCTS = (
    ("P01", "Audience Measurement Suite", "software", "2010-03-01", 42000, 0.82),
    ("P02", "Campaign Analytics Consulting", "service", "2013-01-01", 65000, 0.38),
    ("P03", "Marketing Mix Modelling", "service", "2015-09-01", 90000, 0.42),
    ("P04", "Customer Data Platform", "software", "2018-07-01", 120000, 0.78),
    ("P05", "Data Integration Services", "service", "2019-10-01", 55000, 0.35),
    ("P06", "Attribution Studio", "software", "2021-05-01", 48000, 0.85),
    ("P07", "AI Insights Assistant", "software", "2024-09-01", 30000, 0.88),
)
# fmt: on

#: Bass (p, q per year, m new customers in the whole market) of the
#: single-market products, chosen for their stage on 2025-12-31 (the sales
#: peak comes ln(q/p)/(p+q) years after launch, Bass 1969): P01 peaked in
#: 2019, P02 and P03 in 2024, P05 and P06 peak after 2027, P07 has just begun.
_BASS = {
    "P01": (0.010, 0.38, 18000),
    "P02": (0.010, 0.30, 9000),
    "P03": (0.018, 0.30, 10500),
    "P05": (0.008, 0.50, 12000),
    "P06": (0.008, 0.70, 15000),
    "P07": (0.010, 0.60, 15000),
}

#: Dual-market Bass parameters of the saddle product (Goldenberg, Libai &
#: Muller 2002): early market of visionaries (m_e, p_e, q_e), main market of
#: pragmatists (m_m, p_m, q_m) and the weak influence c of the early market's
#: adopters on the main market. Early peak after ~2 years, a ~40% trough
#: lasting ~2 years, then a higher main-market peak.
_SADDLE = {"m_e": 4400, "p_e": 0.05, "q_e": 1.8, "m_m": 14600, "p_m": 0.0002, "q_m": 0.8, "c": 0.02}


def _bass_monthly(n_months: int, p: float, q: float, m: float) -> np.ndarray:
    """Expected new adopters per month of the Bass (1969) model.

    F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}) with t in years
    (Bass 1969, Management Science 15(5)); month k gets m (F((k+1)/12) - F(k/12)).
    """
    t = np.arange(n_months + 1) / 12.0
    e = np.exp(-(p + q) * t)
    cum = (1.0 - e) / (1.0 + (q / p) * e)
    return m * np.diff(cum)


def _dual_market_bass(
    n_months: int, m_e: float, p_e: float, q_e: float, m_m: float, p_m: float, q_m: float, c: float
) -> np.ndarray:
    """Expected new adopters per month of the dual-market model.

    Early market: dN_e/dt = (p_e + q_e N_e/m_e)(m_e - N_e); main market:
    dN_m/dt = (p_m + q_m N_m/m_m + c N_e/m_e)(m_m - N_m), where the weak
    cross-market term c lets the early market's success barely reach the
    pragmatists (Goldenberg, Libai & Muller 2002, J. Marketing 66(2)). Solved
    with classical Runge-Kutta steps of one month (t in years); month k gets
    the growth of N_e + N_m over that month.
    """

    def rate(n_e: float, n_m: float) -> tuple[float, float]:
        return (
            (p_e + q_e * n_e / m_e) * (m_e - n_e),
            (p_m + q_m * n_m / m_m + c * n_e / m_e) * (m_m - n_m),
        )

    h = 1.0 / 12.0
    n_e = n_m = 0.0
    cum = np.empty(n_months + 1)
    cum[0] = 0.0
    for k in range(n_months):
        a = rate(n_e, n_m)
        b = rate(n_e + h / 2 * a[0], n_m + h / 2 * a[1])
        c_ = rate(n_e + h / 2 * b[0], n_m + h / 2 * b[1])
        d = rate(n_e + h * c_[0], n_m + h * c_[1])
        n_e += h / 6 * (a[0] + 2 * b[0] + 2 * c_[0] + d[0])
        n_m += h / 6 * (a[1] + 2 * b[1] + 2 * c_[1] + d[1])
        cum[k + 1] = n_e + n_m
    return np.diff(cum)


def _product_curves() -> np.ndarray:
    """Expected new customers per product (rows) and month from 2009-01 to 2025-12."""
    n = _AS_OF_MI - _SALES_MI + 1
    curves = np.zeros((len(_PRODUCTS), n))
    for i, (pid, _, _, launch, _, _) in enumerate(_PRODUCTS):
        start = int(_mi(np.datetime64(launch))) - _SALES_MI
        months = n - start
        if pid == SADDLE_PRODUCT:
            curves[i, start:] = _dual_market_bass(months, **_SADDLE)
        else:
            curves[i, start:] = _bass_monthly(months, *_BASS[pid])
    return curves


# ----------------------------------------------------------------------- accounts

_SIZE_SHARES = (0.30, 0.32, 0.24, 0.14)
_SIZE_SCALE = (0.18, 0.45, 1.0, 2.4)  # spend relative to a large account
_SIZE_CYCLE_DAYS = (75, 110, 150, 200)  # mean sales cycle of a won deal
_INDUSTRY_SHARES = (0.16, 0.17, 0.15, 0.12, 0.08, 0.12, 0.10, 0.10)
_REGION_SHARES = (0.27, 0.26, 0.22, 0.25)
#: Rogers (2003) shares of the adopter categories.
_ROGERS = (0.025, 0.135, 0.34, 0.34, 0.16)
#: Chance that an account in each adopter category has ever bought, and the
#: Beta(a, b) placing its first purchase in 2016-2025 (earlier groups earlier).
_ADOPTER_BUY = (0.95, 0.90, 0.78, 0.66, 0.45)
_ADOPTER_TIMING = ((1.0, 2.5), (1.4, 2.2), (2.0, 1.6), (2.6, 1.3), (3.2, 1.0))
_SPEND_SIGMA = 1.1  # lognormal spread of account spend: the Pareto story
_SPEND_CAP = 5.0  # no account spends more than 5x a typical large one (amounts stay plausible)
_CROSS_SELL = (1.0, 1.4, 1.9, 2.6)  # mean extra products per size band
_CROSS_SELL_GAP_MONTHS = 10.0  # mean months between purchases

_NAME_STEMS = (
    "Northwind", "Blue Harbor", "Silverline", "Redwood", "Granite", "Summit", "Crescent",
    "Ironbridge", "Lakeside", "Brightwater", "Oakmont", "Pinecrest", "Riverbend", "Stonegate",
    "Westfield", "Eastgate", "Highland", "Kingsway", "Meridian", "Harborview", "Clearview",
    "Goldcrest", "Fairway", "Larkspur", "Maple Ridge", "Cedar Point", "Horizon", "Keystone",
    "Bayshore", "Copperfield", "Evergreen", "Falcon", "Juniper", "Lighthouse", "Millbrook",
    "Newport", "Orchard", "Prairie", "Quarry", "Sterling",
)  # fmt: skip
_NAME_INDUSTRY = (
    ("Retail", "Stores", "Outfitters", "Markets"),
    ("Manufacturing", "Industries", "Components", "Works"),
    ("Bank", "Capital", "Insurance", "Financial"),
    ("Health", "Clinics", "Medical", "Pharma"),
    ("Telecom", "Networks", "Mobile", "Communications"),
    ("City Council", "Agency", "Authority", "Public Services"),
    ("Media", "Publishing", "Broadcasting", "Studios"),
    ("Logistics", "Freight", "Transport", "Shipping"),
)
_NAME_SUFFIX = ("Group", "Ltd", "Inc", "Holdings", "Co", "")

# ------------------------------------------------------------- funnel and touches

_LOSS_WEIGHTS = (0.36, 0.22, 0.15, 0.12, 0.09, 0.06)  # price first: the Pareto
_LEAD_WEIGHTS_LOST = (0.14, 0.14, 0.16, 0.22, 0.16, 0.18)  # schema.CHANNELS order
_LEAD_WEIGHTS_WON = (0.06, 0.08, 0.22, 0.12, 0.14, 0.38)
#: Mean days to loss at potential, at the shortlist and in the final negotiation.
_STAGE_CYCLE_DAYS = (40, 90, 160)

#: Per channel: touches a month, mean contacts per touch, response-rate band and cost
#: per contact in USD. The bands are those of the channel's quadrant in the deck's
#: response-rate matrix (funnel.CHANNEL_APPROACH): traditional 2-5% (mass media,
#: direct mail, seminars), information-based 1-3% (e-mail and web requests),
#: differentiated 6-15% (telephone marketing), relationship 18-30% (one-to-one).
_CHANNEL_PLAN = {
    "mass_media": (1 / 3, 40000, (0.02, 0.05), 0.35),
    "direct_mail": (1.0, 2500, (0.02, 0.05), 2.5),
    "seminar": (0.5, 120, (0.02, 0.05), 180.0),
    "email": (2.0, 8000, (0.01, 0.03), 0.15),
    "phone": (2.0, 300, (0.06, 0.15), 14.0),
    "one_to_one": (4.0, 25, (0.18, 0.30), 450.0),
}

#: Survey means (value components then cost components, schema order) for us
#: and the competitor: we win on service and personnel, they on price.
_SURVEY_MEANS = {
    "us": (7.4, 8.1, 7.9, 7.1, 6.9, 4.6, 4.4, 3.9),
    "competitor": (7.3, 6.5, 6.7, 7.4, 5.5, 5.6, 5.4, 4.8),
}


# ------------------------------------------------------------------------ helpers


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    """prefix + zero-padded 1..n as an object array of Python strings."""
    fmt = f"{prefix}%0{width}d"
    # %-formatting into an object array: faster and lighter than numpy's string ops.
    return np.fromiter((fmt % i for i in range(1, n + 1)), dtype=object, count=n)


def _order(*keys: np.ndarray, sizes: tuple[int, ...]) -> np.ndarray:
    """Stable sort order by several non-negative integer keys, the first one primary.

    Same result as ``np.lexsort(keys[::-1])`` but one argsort on a combined
    int64 key, which is several times faster on millions of rows.
    """
    combined = np.zeros(len(keys[0]), dtype=np.int64)
    for key, size in zip(keys, sizes, strict=True):
        combined = combined * size + key.astype(np.int64)
    return np.argsort(combined, kind="stable")


def _width(n: int, at_least: int) -> int:
    return max(at_least, len(str(n)))


def _choice_rows(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """One column index per row, drawn with probability proportional to that row's weights."""
    cum = np.cumsum(weights, axis=1)
    u = rng.random(len(weights)) * cum[:, -1]
    return np.minimum((cum <= u[:, None]).sum(axis=1), weights.shape[1] - 1)


def _exact_shares(rng: np.random.Generator, n: int, shares) -> np.ndarray:
    """Category codes in exact proportions (largest remainders), randomly ordered."""
    raw = np.asarray(shares) * n
    counts = np.floor(raw).astype(np.int64)
    short = n - counts.sum()
    counts[np.argsort(-(raw - counts), kind="stable")[:short]] += 1
    return rng.permutation(np.repeat(np.arange(len(shares)), counts))


def _date(month_index: np.ndarray, day: np.ndarray) -> np.ndarray:
    """datetime64[D] from a month index and a day of month (1-28)."""
    return month_index.astype("datetime64[M]").astype("datetime64[D]") + (day - 1)


def _month_start(month_index: np.ndarray) -> np.ndarray:
    return month_index.astype("datetime64[M]").astype("datetime64[D]")


def _frame(name: str, columns: dict) -> pd.DataFrame:
    """A frame with the schema's columns in schema order and the loader's dtypes."""
    table = schema.TABLES[name]
    out = {}
    for col in table.columns:
        v = np.asarray(columns[col.name])
        if col.kind in ("id", "str", "cat"):
            out[col.name] = pd.Series(np.asarray(v, dtype=object), dtype="str")
        elif col.kind == "date":
            out[col.name] = pd.Series(v.astype("datetime64[ns]"))
        elif col.kind == "int":
            out[col.name] = pd.Series(v.astype(np.int64))
        else:
            out[col.name] = pd.Series(np.round(v.astype(np.float64), 2))
    return pd.DataFrame(out)


# ---------------------------------------------------------------------- generate


def generate(
    seed: int = DEFAULT_SEED, n_accounts: int = DEFAULT_N_ACCOUNTS
) -> dict[str, pd.DataFrame]:
    """Generate the sample: one frame per table of :data:`valuekit.schema.TABLES`.

    Deterministic for a given ``seed`` and ``n_accounts``. Opportunities,
    contracts, invoices and survey responses grow in proportion to
    ``n_accounts``; teams, products, product sales and campaign touches do not.
    """
    if (
        isinstance(n_accounts, bool)
        or not isinstance(n_accounts, int | np.integer)
        or n_accounts < 50
    ):
        raise ValueError(f"n_accounts must be a whole number of at least 50, got {n_accounts!r}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    # Two independent streams: the market's product sales do not depend on
    # how many accounts the sample has; everything else comes from ``rng``.
    # A third stream draws the responses of the channels whose band the response-rate
    # matrix moved (``_touches``), so that every other draw stays where it was.
    main_seed, market_seed, funnel_seed = np.random.SeedSequence(seed).spawn(3)
    rng = np.random.default_rng(main_seed)
    funnel_rng = np.random.default_rng(funnel_seed)
    curves = _product_curves()
    teams = _teams(rng)
    acc = _accounts(rng, n_accounts, teams)
    chains = _chains(rng, acc, curves, teams)
    contracts = _contracts(rng, chains, acc)
    won = _won_opportunities(rng, chains, acc)
    opps = _opportunities(rng, won, acc, teams, curves)
    invoices = _invoices(rng, contracts)
    _set_budgets(rng, acc, contracts, invoices)
    teams["quota"] = _quotas(rng, teams, opps)
    contracts_frame = _contracts_frame(contracts, acc)  # also sets acc["first_purchase"]
    return {
        "teams": _frame("teams", teams),
        "accounts": _accounts_frame(acc, teams),
        "products": _frame("products", _products_columns()),
        "opportunities": _opportunities_frame(opps, acc, teams),
        "contracts": contracts_frame,
        "invoices": _invoices_frame(invoices, acc),
        "campaign_touches": _touches(rng, teams, acc, funnel_rng),
        "product_sales": _product_sales(np.random.default_rng(market_seed), curves),
        "value_survey": _survey(rng, acc),
    }


def _teams(rng: np.random.Generator) -> dict:
    names, regions = [], []
    for region in schema.REGIONS:
        for seg in _SEGMENTS:
            names.append(f"{region.title()} {seg}")
            regions.append(region)
    n = len(names)
    # Ordinary teams differ a little from the company shape; story teams a lot.
    # three draws a team, as when the third step was a parameter too: the accounts and
    # contracts that follow come out of the same random stream as before
    conv = np.asarray(_BASE_CONVERSION) + rng.uniform(-0.03, 0.03, (n, 3))
    for i, nm in enumerate(names):
        conv[i] = _STORY_CONVERSION.get(nm, conv[i])
    churn = np.array([_STORY_CHURN_BETA.get(nm, _CHURN_BETA) for nm in names], dtype=float)
    return {
        "team_id": np.array([f"T{i:02d}" for i in range(1, n + 1)], dtype=object),
        "team_name": np.array(names, dtype=object),
        "region": np.array(regions, dtype=object),
        "conversion": conv,
        "churn_beta": churn,
        "star": np.array([nm == STAR_TEAM for nm in names]),
    }


def _products_columns() -> dict:
    cols = list(zip(*_PRODUCTS, strict=True))
    return {
        "product_id": np.array(cols[0], dtype=object),
        "product_name": np.array(cols[1], dtype=object),
        "kind": np.array(cols[2], dtype=object),
        "launch_date": np.array(cols[3], dtype="datetime64[D]"),
        "list_price": np.array(cols[4], dtype=float),
        "gross_margin": np.array(cols[5], dtype=float),
    }


_PRICE = np.array([p[4] for p in _PRODUCTS], dtype=float)
_MARGIN = np.array([p[5] for p in _PRODUCTS], dtype=float)
_PRODUCT_IDS = np.array([p[0] for p in _PRODUCTS], dtype=object)


def _accounts(rng: np.random.Generator, n: int, teams: dict) -> dict:
    region = rng.choice(len(schema.REGIONS), size=n, p=_REGION_SHARES)
    industry = rng.choice(len(schema.INDUSTRIES), size=n, p=_INDUSTRY_SHARES)
    size = rng.choice(len(schema.SIZE_BANDS), size=n, p=_SIZE_SHARES)
    # Team = region x segment: public sector and healthcare go to Public Sector,
    # large and enterprise accounts to Enterprise, the rest to Commercial.
    public_codes = [schema.INDUSTRIES.index("public_sector"), schema.INDUSTRIES.index("healthcare")]
    seg = np.where(np.isin(industry, public_codes), 2, np.where(size >= 2, 0, 1))
    team = region * len(_SEGMENTS) + seg
    adopter = _exact_shares(rng, n, _ROGERS)
    buy_p = np.asarray(_ADOPTER_BUY)[adopter] * np.asarray((0.85, 0.95, 1.05, 1.1))[size]
    customer = rng.random(n) < np.minimum(buy_p, 0.97)
    a_b = np.asarray(_ADOPTER_TIMING)[adopter]
    span = _AS_OF_MI - _HISTORY_MI + 1
    first_mi = _HISTORY_MI + np.floor(rng.beta(a_b[:, 0], a_b[:, 1]) * span).astype(np.int64)
    first_day = rng.integers(1, 29, size=n)
    scale = np.minimum(
        np.asarray(_SIZE_SCALE)[size] * rng.lognormal(0.0, _SPEND_SIGMA, size=n), _SPEND_CAP
    )
    beta = teams["churn_beta"][team]
    theta = np.clip(rng.beta(beta[:, 0], beta[:, 1]), 0.01, 0.95)
    return {
        "n": n,
        "ids": _ids("A", n, _width(n, 5)),
        "region": region,
        "industry": industry,
        "size": size,
        "team": team,
        "adopter": adopter,
        "customer": customer,
        "first_mi": first_mi,
        "first_day": first_day,
        "scale": scale,
        "theta": theta,
    }


def _chains(rng: np.random.Generator, acc: dict, curves: np.ndarray, teams: dict) -> dict:
    """Contract chains (account x product): start month/day and number of contract years.

    The first chain starts at the account's first purchase; cross-sells follow
    after exponential gaps while the account is still a customer. Products are
    drawn in proportion to their market curves in that month (so the sample
    follows the life cycles) and never twice for one account, so chains of
    one account and product never overlap. Each chain lasts a geometric number
    of years with the account's churn probability (sBG, Fader & Hardie 2007).
    """
    n_prod = curves.shape[0]
    never = np.iinfo(np.int64).max
    cust = np.flatnonzero(acc["customer"])
    size = acc["size"][cust]
    # How many products the account buys at most: more for big accounts and
    # for the star team (cross-selling is part of its story).
    lam = np.asarray(_CROSS_SELL)[size] * np.where(teams["star"][acc["team"][cust]], 1.5, 1.0)
    lam = lam * np.clip(acc["scale"][cust] / np.asarray(_SIZE_SCALE)[size], 0.5, 2.0) ** 0.5
    max_products = np.minimum(1 + rng.poisson(lam), n_prod)
    owned = np.zeros((len(cust), n_prod), dtype=bool)
    t_mi = acc["first_mi"][cust].copy()
    t_day = acc["first_day"][cust].copy()
    theta = acc["theta"][cust]
    alive_until = np.full(len(cust), never)  # month index at which the account has churned
    rows = np.arange(len(cust))
    active = np.ones(len(cust), dtype=bool)
    parts = []
    for j in range(n_prod):
        if j > 0:
            t_mi = (
                t_mi
                + 1
                + np.floor(rng.exponential(_CROSS_SELL_GAP_MONTHS, size=len(cust))).astype(np.int64)
            )
            t_day = rng.integers(1, 29, size=len(cust))
            active &= (j < max_products) & (t_mi <= _AS_OF_MI) & (t_mi < alive_until)
        w = curves[:, np.clip(t_mi - _SALES_MI, 0, curves.shape[1] - 1)].T * ~owned
        active &= w.sum(axis=1) > 0
        idx = rows[active]
        if idx.size == 0:
            break
        prod = _choice_rows(rng, w[idx])
        owned[idx, prod] = True
        k_max = (_AS_OF_MI - t_mi[idx]) // 12 + 1  # contract years that start by the as-of date
        life = rng.geometric(theta[idx])
        n_years = np.minimum(life, k_max)
        churned = life < k_max
        end_mi = t_mi[idx] + 12 * n_years
        if j == 0:
            alive_until[idx] = np.where(churned, end_mi, never)
        else:  # the account lives while any of its chains does
            alive_until[idx] = np.where(churned, np.maximum(alive_until[idx], end_mi), never)
        parts.append((cust[idx], prod, t_mi[idx], t_day[idx], n_years, churned))
    acct, prod, s_mi, s_day, n_years, churned = (
        np.concatenate(x) for x in zip(*parts, strict=True)
    )
    order = np.lexsort((prod, acct))
    return {
        "account": acct[order],
        "product": prod[order],
        "start_mi": s_mi[order],
        "start_day": s_day[order],
        "n_years": n_years[order],
        "churned": churned[order],
    }


def _contracts(rng: np.random.Generator, chains: dict, acc: dict) -> dict:
    n_chain = len(chains["account"])
    # First-year value: list price x the account's spend scale, rounded to $100.
    first = (
        _PRICE[chains["product"]]
        * acc["scale"][chains["account"]]
        * rng.lognormal(0.0, 0.25, n_chain)
    )
    first = np.maximum(np.round(first, -2), 5000.0)
    uplift = rng.uniform(1.02, 1.08, n_chain)  # yearly price rise and expansion
    chain = np.repeat(np.arange(n_chain), chains["n_years"])
    offsets = np.cumsum(chains["n_years"]) - chains["n_years"]
    k = np.arange(len(chain)) - np.repeat(offsets, chains["n_years"])
    start_mi = chains["start_mi"][chain] + 12 * k
    day = chains["start_day"][chain]
    last = k == chains["n_years"][chain] - 1
    outcome = np.where(~last, 0, np.where(chains["churned"][chain], 1, 2))  # CONTRACT_OUTCOMES
    chains["first_value"] = first
    return {
        "account": chains["account"][chain],
        "product": chains["product"][chain],
        "start_mi": start_mi,
        "start": _date(start_mi, day),
        "end": _date(start_mi + 12, day) - np.timedelta64(1, "D"),
        "k": k,
        "value": np.round(first[chain] * uplift[chain] ** k, -2),
        "outcome": outcome,
    }


def _won_opportunities(rng: np.random.Generator, chains: dict, acc: dict) -> dict:
    """Won deals: chains whose deal was opened on or after 2023-01-01."""
    start = _date(chains["start_mi"], chains["start_day"])
    size = acc["size"][chains["account"]]
    cycle = np.clip(rng.gamma(4.0, np.asarray(_SIZE_CYCLE_DAYS)[size] / 4.0), 20, 540).astype(
        np.int64
    )
    created = start - cycle.astype("timedelta64[D]")
    keep = created >= _WINDOW_START
    return {
        "account": chains["account"][keep],
        "product": chains["product"][keep],
        "created": created[keep],
        "closed": start[keep],
        "amount": chains["first_value"][keep],
        # effective (schema.EFFECTIVE_DEFINITION): the first contract year was renewed
        "effective": chains["n_years"][keep] >= 2,
    }


def _opportunities(
    rng: np.random.Generator, won: dict, acc: dict, teams: dict, curves: np.ndarray
) -> dict:
    """Won deals plus the lost and open ones that the team's conversions imply.

    With W won deals and conversions c1 (potential -> possible), c2 (shortlist) and c3
    (final negotiation) a team reached the final negotiation W/c3 times, the possible
    stage W/(c2 c3) times and had W/(c1 c2 c3) opportunities: the counts follow the
    conversions by construction. In the funnel deck's stages (``schema.STAGES``): a won
    deal is at target, or effective once its first contract year was renewed; a deal
    lost in either round of the comparison is lost at possible (it was not won); one
    still open in the final negotiation is a contract being signed, open at target.
    """
    n_team = len(teams["team_id"])
    won_team = acc["team"][won["account"]]
    w_count = np.bincount(won_team, minlength=n_team)
    conv = teams["conversion"]
    reach_final = np.round(w_count / conv[:, 2]).astype(np.int64)
    reach_possible = np.round(reach_final / conv[:, 1]).astype(np.int64)
    total = np.round(reach_possible / conv[:, 0]).astype(np.int64)
    counts = np.stack(
        [total - reach_possible, reach_possible - reach_final, reach_final - w_count], 1
    )
    lost_team = np.repeat(np.repeat(np.arange(n_team), 3), counts.ravel())
    lost_round = np.repeat(np.tile(np.arange(3), n_team), counts.ravel())
    n_lost = len(lost_team)
    # Any account of the team, uniformly.
    by_team = np.argsort(acc["team"], kind="stable")
    team_start = np.searchsorted(acc["team"][by_team], np.arange(n_team))
    team_size = np.bincount(acc["team"], minlength=n_team)
    pick = team_start[lost_team] + np.floor(rng.random(n_lost) * team_size[lost_team]).astype(
        np.int64
    )
    lost_acct = by_team[pick]
    window_days = int((_AS_OF - _WINDOW_START).astype(np.int64)) + 1
    created = _WINDOW_START + rng.integers(0, window_days, n_lost).astype("timedelta64[D]")
    lost_prod = _choice_rows(rng, curves[:, _mi(created) - _SALES_MI].T)
    amount = _PRICE[lost_prod] * acc["scale"][lost_acct] * rng.lognormal(0.0, 0.3, n_lost)
    amount = np.maximum(np.round(amount, -2), 5000.0)
    cycle = np.maximum(7, rng.gamma(3.0, np.asarray(_STAGE_CYCLE_DAYS)[lost_round] / 3.0)).astype(
        np.int64
    )
    closed = created + cycle.astype("timedelta64[D]")
    # Lost when the loss date has passed, continuing when not yet; a share of
    # 2025's losses are instead delayed (still open, no date).
    status = np.where(closed > _AS_OF, 2, 1)  # schema.STATUSES: W L C D
    delayed = (status == 1) & (created >= np.datetime64("2025-01-01")) & (rng.random(n_lost) < 0.2)
    status[delayed] = 3
    reason = np.where(
        status == 1, rng.choice(len(schema.LOSS_REASONS), n_lost, p=_LOSS_WEIGHTS), -1
    )
    lead_lost = rng.choice(len(schema.CHANNELS), n_lost, p=_LEAD_WEIGHTS_LOST)
    n_won = len(won["account"])
    lead_won = rng.choice(len(schema.CHANNELS), n_won, p=_LEAD_WEIGHTS_WON)
    # the deck's stages: lost in the comparison -> possible; open in the final round ->
    # a contract being signed, at target (schema.STAGES: 0 potential ... 3 effective)
    lost_stage = np.where(lost_round == 2, np.where(status == 1, 1, 2), lost_round)
    nat = np.datetime64("NaT", "D")
    return {
        "account": np.concatenate([won["account"], lost_acct]),
        "product": np.concatenate([won["product"], lost_prod]),
        "team": np.concatenate([won_team, lost_team]),
        "created": np.concatenate([won["created"], created]),
        "closed": np.concatenate([won["closed"], np.where(status == 1, closed, nat)]),
        "stage": np.concatenate([np.where(won["effective"], 3, 2), lost_stage]),
        "amount": np.concatenate([won["amount"], amount]),
        "status": np.concatenate([np.zeros(n_won, dtype=np.int64), status]),
        "reason": np.concatenate([np.full(n_won, -1), reason]),
        "lead": np.concatenate([lead_won, lead_lost]),
    }


def _invoices(rng: np.random.Generator, c: dict) -> dict:
    """Monthly invoices 2023-01..2025-12: a twelfth of the contract year's value.

    Rows are in (account, product, month) order.
    """
    end_mi = c["start_mi"] + 11
    keep = np.flatnonzero((end_mi >= _WINDOW_MI) & (c["start_mi"] <= _AS_OF_MI))
    first = np.maximum(c["start_mi"][keep], _WINDOW_MI)
    n_months = np.minimum(end_mi[keep], _AS_OF_MI) - first + 1
    row = np.repeat(keep, n_months)
    offsets = np.cumsum(n_months) - n_months
    month = np.repeat(first, n_months) + (np.arange(len(row)) - np.repeat(offsets, n_months))
    revenue = np.round(c["value"][row] / 12.0, 2)
    product = c["product"][row]
    noise = np.clip(rng.normal(0.0, 0.04, len(row)), -0.12, 0.12)  # delivery cost varies a little
    margin = np.round(revenue * _MARGIN[product] * (1.0 + noise), 2)
    # Contracts come chain by chain (account, product, year), so the rows are
    # already in (account, product, month) order: no sort needed.
    return {
        "account": c["account"][row],
        "product": product,
        "month": month,
        "revenue": revenue,
        "margin": margin,
    }


def _set_budgets(rng: np.random.Generator, acc: dict, c: dict, inv: dict) -> None:
    """The wallet: at least the most the account spends with us in a year."""
    n = acc["n"]
    spend = np.zeros((n, 3))
    np.add.at(spend, (inv["account"], (inv["month"] - _WINDOW_MI) // 12), inv["revenue"])
    biggest = np.zeros(n)
    np.maximum.at(biggest, c["account"], c["value"])
    floor = np.maximum(spend.max(axis=1), biggest)
    share = np.clip(rng.beta(2.2, 2.8, n), 0.06, 0.95)
    prospect_budget = acc["scale"] * 160000.0 * rng.lognormal(0.0, 0.3, n)
    budget = np.where(floor > 0, floor / share, prospect_budget)
    acc["budget"] = np.maximum(np.ceil(budget / 1000.0) * 1000.0, 10000.0)


def _quotas(rng: np.random.Generator, teams: dict, opps: dict) -> np.ndarray:
    """Annual quota = the team's yearly new business / its attainment."""
    n_team = len(teams["team_id"])
    won = opps["status"] == 0
    yearly = np.bincount(opps["team"][won], weights=opps["amount"][won], minlength=n_team) / 3.0
    attain = rng.uniform(0.88, 1.08, n_team)
    for i, name in enumerate(teams["team_name"]):
        attain[i] = _STORY_ATTAINMENT.get(name, attain[i])
    return np.maximum(np.round(yearly / attain, -4), 10000.0)


# ------------------------------------------------------------------ frame builders


def _accounts_frame(acc: dict, teams: dict) -> pd.DataFrame:
    return _frame(
        "accounts",
        {
            "account_id": acc["ids"],
            "account_name": _names(acc),
            "industry": np.array(schema.INDUSTRIES, dtype=object)[acc["industry"]],
            "region": np.array(schema.REGIONS, dtype=object)[acc["region"]],
            "size_band": np.array(schema.SIZE_BANDS, dtype=object)[acc["size"]],
            "team_id": teams["team_id"][acc["team"]],
            "adopter_group": np.array(schema.ADOPTER_GROUPS, dtype=object)[acc["adopter"]],
            "first_purchase_date": acc["first_purchase"],
            "annual_budget": acc["budget"],
        },
    )


def _names(acc: dict) -> np.ndarray:
    """Synthetic organisation names, from the account number (no random draws)."""
    i = np.arange(acc["n"])
    n_stems = len(_NAME_STEMS)
    stems = np.array(_NAME_STEMS, dtype=object)[(i * 7919) % n_stems]
    kinds = np.array(_NAME_INDUSTRY, dtype=object)[acc["industry"], (i // n_stems) % 4]
    suffix = np.array(_NAME_SUFFIX, dtype=object)[(i // (4 * n_stems)) % len(_NAME_SUFFIX)]
    names = stems + " " + kinds
    return np.where(suffix == "", names, names + " " + suffix)


def _opportunities_frame(o: dict, acc: dict, teams: dict) -> pd.DataFrame:
    days = (o["created"] - _WINDOW_START).astype(np.int64)
    order = _order(days, o["account"], o["product"], sizes=(0, acc["n"], len(_PRODUCTS)))
    o = {k: v[order] for k, v in o.items()}
    n = len(order)
    reasons = np.array((*schema.LOSS_REASONS, None), dtype=object)  # -1 -> None
    return _frame(
        "opportunities",
        {
            "opportunity_id": _ids("O", n, _width(n, 6)),
            "account_id": acc["ids"][o["account"]],
            "product_id": _PRODUCT_IDS[o["product"]],
            "team_id": teams["team_id"][o["team"]],
            "created_date": o["created"],
            "closed_date": o["closed"],
            "stage": np.array(schema.STAGES, dtype=object)[o["stage"]],
            "amount": o["amount"],
            "status": np.array(schema.STATUSES, dtype=object)[o["status"]],
            "loss_reason": reasons[o["reason"]],
            "lead_source": np.array(schema.CHANNELS, dtype=object)[o["lead"]],
        },
    )


def _contracts_frame(c: dict, acc: dict) -> pd.DataFrame:
    # (start, account, product) is unique: one chain per account and product.
    days = (c["start"] - _HISTORY_START).astype(np.int64)
    order = _order(days, c["account"], c["product"], sizes=(0, acc["n"], len(_PRODUCTS)))
    n = len(order)
    # The first purchase is the account's earliest contract start (NaT for prospects).
    first = np.full(acc["n"], np.datetime64("NaT"), dtype="datetime64[D]")
    starts = c["start"][order]
    accts = c["account"][order]
    uniq, pos = np.unique(accts, return_index=True)  # first occurrence = earliest start
    first[uniq] = starts[pos]
    acc["first_purchase"] = first
    return _frame(
        "contracts",
        {
            "contract_id": _ids("C", n, _width(n, 6)),
            "account_id": acc["ids"][accts],
            "product_id": _PRODUCT_IDS[c["product"][order]],
            "start_date": starts,
            "end_date": c["end"][order],
            "renewal_number": c["k"][order],
            "annual_value": c["value"][order],
            "outcome": np.array(schema.CONTRACT_OUTCOMES, dtype=object)[c["outcome"][order]],
        },
    )


def _invoices_frame(inv: dict, acc: dict) -> pd.DataFrame:
    n = len(inv["month"])
    return _frame(
        "invoices",
        {
            "invoice_id": _ids("I", n, _width(n, 7)),
            "account_id": acc["ids"][inv["account"]],
            "product_id": _PRODUCT_IDS[inv["product"]],
            "month": _month_start(inv["month"]),
            "revenue": inv["revenue"],
            "margin": inv["margin"],
        },
    )


#: Response bands of the earlier generator, for the channels the deck's matrix moved:
#: their draws are replayed so that the costs and the survey after them stay as they were.
_EARLIER_BANDS = {"direct_mail": (0.01, 0.03), "seminar": (0.06, 0.15), "phone": (0.03, 0.08)}


def _touches(rng: np.random.Generator, teams: dict, acc: dict,
             funnel_rng: np.random.Generator) -> pd.DataFrame:
    n_team = len(teams["team_id"])
    months = np.arange(_WINDOW_MI, _AS_OF_MI + 1)
    team_weight = np.bincount(acc["team"], minlength=n_team) / acc["n"] * n_team  # ~1 on average
    parts = []
    for code, ch in enumerate(schema.CHANNELS):
        per_month, contacts, (lo, hi), cost = _CHANNEL_PLAN[ch]
        k = rng.poisson(per_month, size=n_team * len(months))
        team = np.repeat(np.repeat(np.arange(n_team), len(months)), k)
        month = np.repeat(np.tile(months, n_team), k)
        m = len(team)
        reach = np.maximum(
            1, np.round(contacts * np.sqrt(team_weight[team]) * rng.lognormal(0, 0.35, m))
        )
        if ch in _EARLIER_BANDS:
            # the same quantile of the channel's new band; the earlier draws are replayed
            e_lo, e_hi = _EARLIER_BANDS[ch]
            earlier = rng.uniform(e_lo, e_hi, m)
            rng.binomial(reach.astype(np.int64), earlier)
            rate = lo + (earlier - e_lo) / (e_hi - e_lo) * (hi - lo)
            responses = funnel_rng.binomial(reach.astype(np.int64), rate)
        else:
            responses = rng.binomial(reach.astype(np.int64), rng.uniform(lo, hi, m))
        spend = reach * cost * rng.uniform(0.85, 1.15, m)
        day = rng.integers(1, 29, m)
        parts.append((team, np.full(m, code), _date(month, day), reach, responses, spend))
    team, channel, date, reach, responses, spend = (
        np.concatenate(x) for x in zip(*parts, strict=True)
    )
    order = np.lexsort((channel, team, date))
    n = len(order)
    return _frame(
        "campaign_touches",
        {
            "touch_id": _ids("K", n, _width(n, 5)),
            "team_id": teams["team_id"][team[order]],
            "channel": np.array(schema.CHANNELS, dtype=object)[channel[order]],
            "date": date[order],
            "contacts": reach[order],
            "responses": responses[order],
            "cost": spend[order],
        },
    )


def _product_sales(rng: np.random.Generator, curves: np.ndarray) -> pd.DataFrame:
    parts = []
    for i, prod in enumerate(_PRODUCTS):
        start = int(_mi(np.datetime64(prod[3]))) - _SALES_MI
        expected = curves[i, start:]
        months = np.arange(start, curves.shape[1]) + _SALES_MI
        parts.append((np.full(len(expected), i), months, rng.poisson(expected)))
    prod, month, units = (np.concatenate(x) for x in zip(*parts, strict=True))
    return _frame(
        "product_sales",
        {"product_id": _PRODUCT_IDS[prod], "month": _month_start(month), "units": units},
    )


def _survey(rng: np.random.Generator, acc: dict) -> pd.DataFrame:
    """About one customer in eight answers; each rates us and the competitor."""
    customers = np.flatnonzero(~np.isnat(acc["first_purchase"]))
    respond = customers[rng.random(len(customers)) < 0.125]
    n = len(respond)
    halo = rng.normal(0.0, 0.7, n)  # an account's general generosity in ratings
    cols = (*schema.VALUE_COMPONENTS, *schema.COST_COMPONENTS)
    sign = np.array([1.0] * 4 + [-0.5] * 4)  # generous raters also see lower costs
    blocks = []
    for vendor in schema.VENDORS:
        raw = (
            np.asarray(_SURVEY_MEANS[vendor])
            + sign * halo[:, None]
            + rng.normal(0.0, 1.1, (n, len(cols)))
        )
        blocks.append(np.clip(np.round(raw), 1, 10))
    scores = np.concatenate(blocks)
    acct = np.concatenate([respond, respond])
    vendor = np.repeat(np.arange(2), n)
    order = np.lexsort((vendor, acct))
    data = {
        "response_id": _ids("R", 2 * n, _width(2 * n, 5)),
        "account_id": acc["ids"][acct[order]],
        "vendor": np.array(schema.VENDORS, dtype=object)[vendor[order]],
    }
    for j, col in enumerate(cols):
        data[col] = scores[order, j]
    return _frame("value_survey", data)


# -------------------------------------------------------------------------- write


def write_sample(
    out_dir: str | os.PathLike,
    seed: int = DEFAULT_SEED,
    n_accounts: int = DEFAULT_N_ACCOUNTS,
) -> list[Path]:
    """Generate the sample and write one ``<table>.csv`` per table into ``out_dir``.

    UTF-8, comma-separated, ``\\n`` line ends, ISO dates, money and scores with
    two decimals. Each file is written to a temporary file in ``out_dir`` and
    renamed over the target (``os.replace``), so an interrupted run never
    leaves a half-written CSV. Returns the paths written.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out} is a file, not a folder: give a folder to write the CSVs into")
    out.mkdir(parents=True, exist_ok=True)
    frames = generate(seed=seed, n_accounts=n_accounts)
    return [write_frame(frame, out / schema.TABLES[name].file) for name, frame in frames.items()]


def write_frame(frame: pd.DataFrame, target: Path) -> Path:
    """Write one table's CSV atomically (temporary file, then ``os.replace``)."""
    with atomic_open(target, newline="") as fh:
        frame.to_csv(
            fh, index=False, lineterminator="\n", date_format="%Y-%m-%d", float_format="%.2f"
        )
    return target
