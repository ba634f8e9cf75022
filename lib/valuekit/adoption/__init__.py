"""The technology adoption life cycle in numbers (Module 2).

- Rogers' adopter categories: cut points, shares, and the category of each adopter.
- The Bass (1969) diffusion model: cumulative and per-period adoptions, the peak,
  and fitting p, q, m to sales by non-linear least squares or Bass's own OLS.
- A dual-market (early market + main market) model that produces the "saddle",
  the chasm made visible, and a detector for saddles in a sales series.
- The product life-cycle stage of a sales series and the textbook stage table.
- Beachhead segment scoring on Moore's criteria.

Pure functions over numpy/pandas; no I/O. Each call is meant to be fast enough to
drive a live widget (a few milliseconds on ~100 periods).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import pandas as pd
from scipy.special import ndtr

from valuekit.checks import date_value, label_list, number_series, require_frame
from valuekit.fits import FitError, FitSummary
from valuekit.schema import ADOPTER_GROUPS

__all__ = [
    "ROGERS_CATEGORIES",
    "AdopterCategory",
    "normal_pdf",
    "rogers_shares",
    "categorize_adopters",
    "bass_cumulative",
    "bass_adoptions",
    "bass_peak_time",
    "bass_peak_adoptions",
    "bass_time_to_share",
    "bass_adopter_periods",
    "BassFit",
    "fit_bass",
    "dual_market",
    "Saddle",
    "detect_saddle",
    "LIFE_CYCLE_STAGES",
    "life_cycle_stage",
    "life_cycle_path",
    "life_cycle_table",
    "BEACHHEAD_CRITERIA",
    "score_segments",
]


# --------------------------------------------------------------------------- helpers


def _check_bass_params(p: float, q: float, m: float | None = None) -> None:
    if not (isinstance(p, int | float | np.floating | np.integer) and math.isfinite(p) and p > 0):
        raise ValueError(f"p (coefficient of innovation) must be a number > 0, got {p!r}")
    if not (isinstance(q, int | float | np.floating | np.integer) and math.isfinite(q) and q >= 0):
        raise ValueError(f"q (coefficient of imitation) must be a number >= 0, got {q!r}")
    if m is not None and not (
        isinstance(m, int | float | np.floating | np.integer) and math.isfinite(m) and m > 0
    ):
        raise ValueError(f"m (market potential) must be a number > 0, got {m!r}")


def _time(t, name: str = "t"):
    """Validated time(s) >= 0; returns (float ndarray, was_scalar)."""
    scalar = np.ndim(t) == 0
    arr = np.atleast_1d(np.asarray(t, dtype=float))
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a number or a one-dimensional sequence")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} has missing or infinite values")
    if np.any(arr < 0):
        raise ValueError(f"{name} must be >= 0 (time since launch), got {arr.min():g}")
    return arr, scalar


def _out(arr: np.ndarray, scalar: bool):
    return float(arr[0]) if scalar else arr


# --------------------------------------------------------------------------- Rogers


@dataclass(frozen=True)
class AdopterCategory:
    """One of Rogers' adopter categories, bounded in standard deviations of adoption time."""

    name: str
    moore_name: str
    lower_sd: float
    upper_sd: float
    textbook_share: float


#: Rogers (2003, Diffusion of Innovations, 5th ed., ch. 7): adopter categories cut
#: at mean - 2sd, mean - sd, mean and mean + sd of the time of adoption; the textbook
#: rounds the normal shares to 2.5 / 13.5 / 34 / 34 / 16 %. ``moore_name`` is the
#: name Moore (Crossing the Chasm) gives each group.
ROGERS_CATEGORIES: tuple[AdopterCategory, ...] = (
    AdopterCategory(ADOPTER_GROUPS[0], "technology enthusiasts", -math.inf, -2.0, 0.025),
    AdopterCategory(ADOPTER_GROUPS[1], "visionaries", -2.0, -1.0, 0.135),
    AdopterCategory(ADOPTER_GROUPS[2], "pragmatists", -1.0, 0.0, 0.34),
    AdopterCategory(ADOPTER_GROUPS[3], "conservatives", 0.0, 1.0, 0.34),
    AdopterCategory(ADOPTER_GROUPS[4], "skeptics", 1.0, math.inf, 0.16),
)


def normal_pdf(z: float | np.ndarray) -> float | np.ndarray:
    """The standard normal density, exp(-z^2/2) / sqrt(2 pi) (numpy only: importing
    scipy.stats for it would slow every notebook's start)."""
    return np.exp(-0.5 * np.square(z)) / math.sqrt(2 * math.pi)


def rogers_shares() -> pd.DataFrame:
    """Share of adopters in each Rogers category, exact and as the textbook rounds it.

    The exact share is the standard normal probability between the category's cut
    points (Rogers 2003 assumes adoption times are roughly normal): 2.28, 13.59,
    34.13, 34.13 and 15.87 %. Columns: moore_name, lower_sd, upper_sd, share,
    textbook_share, cumulative_share; indexed by category name, earliest first.
    """
    rows = []
    for c in ROGERS_CATEGORIES:
        share = float(ndtr(c.upper_sd) - ndtr(c.lower_sd))  # standard normal CDF
        rows.append((c.name, c.moore_name, c.lower_sd, c.upper_sd, share, c.textbook_share))
    df = pd.DataFrame(
        rows,
        columns=["category", "moore_name", "lower_sd", "upper_sd", "share", "textbook_share"],
    ).set_index("category")
    df["cumulative_share"] = df["share"].cumsum()
    return df


def categorize_adopters(adoption_times) -> pd.Series:
    """Rogers category of each adopter from the sample mean and standard deviation.

    ``adoption_times``: one value per adopter, numbers (e.g. months since launch) or
    dates (converted to days). z = (t - mean) / sd with the sample sd (ddof=1);
    innovator z < -2, early adopter -2 <= z < -1, early majority -1 <= z < 0, late
    majority 0 <= z < 1, laggard z >= 1 (a boundary value goes to the later group).
    Source: Rogers (2003), Diffusion of Innovations, 5th ed., ch. 7.

    Returns an ordered categorical Series with the input's index. Non-adopters
    (missing times) must be dropped first: they have no adoption time.
    """
    s = adoption_times if isinstance(adoption_times, pd.Series) else pd.Series(adoption_times)
    if s.empty:
        raise ValueError("adoption_times is empty")
    if pd.api.types.is_datetime64_any_dtype(s):
        if s.isna().any():
            raise ValueError(
                f"adoption_times has missing dates at {label_list(s.index[s.isna()])}; "
                "drop prospects that have not adopted yet"
            )
        s = (s - s.min()).dt.total_seconds() / 86400.0
    x = number_series(s, "adoption_times")
    if len(x) < 2:
        raise ValueError("adoption_times needs at least 2 adopters to measure a spread")
    sd = float(x.std(ddof=1))
    if sd == 0:
        raise ValueError("adoption_times are all equal: categories need a spread of times")
    z = (x.to_numpy() - float(x.mean())) / sd
    cuts = np.array([c.upper_sd for c in ROGERS_CATEGORIES[:-1]])
    codes = np.searchsorted(cuts, z, side="right")
    return pd.Series(
        pd.Categorical.from_codes(codes, categories=list(ADOPTER_GROUPS), ordered=True),
        index=x.index,
        name="adopter_group",
    )


# --------------------------------------------------------------------------- Bass


def _bass_F(t: np.ndarray, p: float, q: float) -> np.ndarray:
    e = np.exp(-(p + q) * t)
    return (1.0 - e) / (1.0 + (q / p) * e)


def _bass_f(t: np.ndarray, p: float, q: float) -> np.ndarray:
    e = np.exp(-(p + q) * t)
    return ((p + q) ** 2 / p) * e / (1.0 + (q / p) * e) ** 2


def bass_cumulative(t, p: float, q: float, m: float = 1.0):
    """Cumulative adopters by time t: m * F(t) (Bass 1969, Management Science 15(5)).

    F(t) = (1 - exp(-(p+q)t)) / (1 + (q/p) exp(-(p+q)t)); p is the coefficient of
    innovation (external influence), q of imitation (word of mouth), m the market
    potential. Rises from 0 to m.

    Args:
        t: times since launch (a number or an array, >= 0).
        p: the coefficient of innovation.
        q: the coefficient of imitation.
        m: the market potential.

    Returns:
        m * F(t), a number or an array like ``t``.
    """
    _check_bass_params(p, q, m)
    arr, scalar = _time(t)
    return _out(m * _bass_F(arr, p, q), scalar)


def bass_adoptions(t, p: float, q: float, m: float = 1.0, kind: str = "discrete"):
    """New adopters in period t (Bass 1969).

    kind="discrete" (default): adopters during the period (t-1, t], i.e.
    m * (F(t) - F(t-1)), with F = 0 before launch; the per-period numbers add up to
    bass_cumulative(t). This is what annual or monthly sales data measure
    (Srinivasan & Mason 1986, Marketing Science 5(2)).
    kind="density": the instantaneous adoption rate m * f(t),
    f(t) = ((p+q)^2/p) exp(-(p+q)t) / (1 + (q/p) exp(-(p+q)t))^2, as used by the
    classic R ``nls`` teaching example. Both have their maximum near the same time.

    Args:
        t: times since launch (a number or an array, >= 0).
        p: the coefficient of innovation.
        q: the coefficient of imitation.
        m: the market potential.
        kind: ``"discrete"`` or ``"density"``.

    Returns:
        Adopters (or the rate), a number or an array like ``t``.
    """
    _check_bass_params(p, q, m)
    arr, scalar = _time(t)
    if kind == "discrete":
        out = m * (_bass_F(arr, p, q) - _bass_F(np.maximum(arr - 1.0, 0.0), p, q))
    elif kind == "density":
        out = m * _bass_f(arr, p, q)
    else:
        raise ValueError(f"kind must be 'discrete' or 'density', got {kind!r}")
    return _out(out, scalar)


def bass_peak_time(p: float, q: float) -> float:
    """Time of peak adoption rate, ln(q/p) / (p + q) (Bass 1969).

    When q <= p imitation never outweighs innovation: adoption is highest at launch
    and the peak time is 0.

    Args:
        p: the coefficient of innovation.
        q: the coefficient of imitation.

    Returns:
        The time of the peak (0 when q <= p).
    """
    _check_bass_params(p, q)
    return math.log(q / p) / (p + q) if q > p else 0.0


def bass_peak_adoptions(p: float, q: float, m: float = 1.0) -> float:
    """Adoption rate at the peak: m (p+q)^2 / (4q) when q > p, else m p at launch (Bass 1969).

    This is the instantaneous rate (density); cumulative adoption at the peak is
    m (1 - p/q) / 2.

    Args:
        p: the coefficient of innovation.
        q: the coefficient of imitation.
        m: the market potential.

    Returns:
        The adoption rate at the peak.
    """
    _check_bass_params(p, q, m)
    return m * (p + q) ** 2 / (4.0 * q) if q > p else m * p


def bass_time_to_share(share, p: float, q: float):
    """Time at which the cumulative share F(t) reaches ``share`` (0 <= share < 1).

    Inverse of Bass's F: t = -ln((1 - F) / (1 + (q/p) F)) / (p + q).

    Args:
        share: the cumulative share (a number or an array).
        p: the coefficient of innovation.
        q: the coefficient of imitation.

    Returns:
        The time, a number or an array like ``share``.
    """
    _check_bass_params(p, q)
    scalar = np.ndim(share) == 0
    f = np.atleast_1d(np.asarray(share, dtype=float))
    if not np.all(np.isfinite(f)) or np.any(f < 0) or np.any(f >= 1):
        raise ValueError(
            "share must be in [0, 1): the full market is only reached as t -> infinity"
        )
    t = -np.log((1.0 - f) / (1.0 + (q / p) * f)) / (p + q)
    return _out(t, scalar)


def bass_adopter_periods(p: float, q: float, shares: str = "textbook") -> pd.DataFrame:
    """When each Rogers group adopts on a Bass curve, for shading a chart.

    The groups are the successive slices of the market potential of Rogers' sizes
    (shares="textbook": 2.5/13.5/34/34/16 %; "exact": the normal shares), placed on
    the Bass curve by inverting F. A kit convention for display, not part of Bass 1969.

    Args:
        p: the coefficient of innovation.
        q: the coefficient of imitation.
        shares: ``"textbook"`` or ``"exact"``.

    Returns:
        Columns start, end (end of laggards is inf), share; indexed by category.
    """
    table = rogers_shares()
    if shares == "textbook":
        col = "textbook_share"
    elif shares == "exact":
        col = "share"
    else:
        raise ValueError(f"shares must be 'textbook' or 'exact', got {shares!r}")
    cum = table[col].cumsum().to_numpy()[:-1]
    ends = np.append(bass_time_to_share(cum, p, q), math.inf)
    starts = np.concatenate([[0.0], ends[:-1]])
    return pd.DataFrame(
        {"moore_name": table["moore_name"], "start": starts, "end": ends, "share": table[col]},
        index=table.index,
    )


@dataclass(frozen=True)
class BassFit(FitSummary):
    """A Bass model fitted to sales (the kit's fit contract, :mod:`valuekit.fits`);
    ``predict`` gives the fitted adoptions."""

    param_names: ClassVar[tuple[str, ...]] = ("m", "p", "q")

    m: float
    p: float
    q: float
    method: str
    kind: str
    n: int
    df: int
    sse: float
    rse: float
    r_squared: float
    converged: bool
    std_errors: dict[str, float] = field(default_factory=dict)
    message: str = ""

    @property
    def peak_time(self) -> float:
        return bass_peak_time(self.p, self.q)

    @property
    def peak_adoptions(self) -> float:
        return bass_peak_adoptions(self.p, self.q, self.m)

    def predict(self, t):
        """Fitted adoptions at t, in the form (discrete/density) that was fitted."""
        return bass_adoptions(t, self.p, self.q, self.m, kind=self.kind)

    def cumulative(self, t):
        return bass_cumulative(t, self.p, self.q, self.m)


def _bass_model(t: np.ndarray, m: float, p: float, q: float, kind: str) -> np.ndarray:
    if kind == "density":
        return m * _bass_f(t, p, q)
    return m * (_bass_F(t, p, q) - _bass_F(np.maximum(t - 1.0, 0.0), p, q))


def _bass_F_grad(t: np.ndarray, p: float, q: float) -> tuple[np.ndarray, ...]:
    """F and its derivatives dF/dp, dF/dq (quotient rule on F = (1 - e) / (1 + (q/p) e))."""
    e = np.exp(-(p + q) * t)
    r = q / p
    num, den = 1.0 - e, 1.0 + r * e
    de = -t * e  # de/dp = de/dq
    d_den_p = (-q / p**2) * e + r * de
    d_den_q = e / p + r * de
    inv2 = 1.0 / den**2
    return num / den, (-de * den - num * d_den_p) * inv2, (-de * den - num * d_den_q) * inv2


def _bass_jac(t: np.ndarray, m: float, p: float, q: float, kind: str) -> np.ndarray:
    """Jacobian of the model in (log m, log p, log q): analytic, so each solve is cheap."""
    if kind == "density":
        f = _bass_f(t, p, q)
        e = np.exp(-(p + q) * t)
        r = q / p
        den = 1.0 + r * e
        d_den_p = (-q / p**2) * e - r * t * e
        d_den_q = e / p - r * t * e
        # d ln f = 2/(p+q) - [1/p] - t - 2 dD/D
        dfp = f * (2.0 / (p + q) - 1.0 / p - t - 2.0 * d_den_p / den)
        dfq = f * (2.0 / (p + q) - t - 2.0 * d_den_q / den)
        g = f
    else:
        # F at the period ends and starts in one pass.
        n = len(t)
        big_f, gp, gq = _bass_F_grad(np.concatenate([t, np.maximum(t - 1.0, 0.0)]), p, q)
        g = big_f[:n] - big_f[n:]
        dfp, dfq = gp[:n] - gp[n:], gq[:n] - gq[n:]
    return np.column_stack([m * g, m * p * dfp, m * q * dfq])


def _bass_ols(s: np.ndarray) -> tuple[float, float, float, np.ndarray]:
    """Bass's (1969) regression S(t) = a + b Y(t-1) + c Y(t-1)^2 -> (m, p, q, fitted)."""
    y_prev = np.concatenate([[0.0], np.cumsum(s)[:-1]])
    x = np.column_stack([np.ones_like(y_prev), y_prev, y_prev**2])
    # Scale the columns so the quadratic term does not swamp the solver.
    scale = np.maximum(np.abs(x).max(axis=0), 1e-300)
    coef = np.linalg.lstsq(x / scale, s, rcond=None)[0] / scale
    a, b, c = (float(v) for v in coef)
    fitted = x @ coef
    if c >= 0:
        raise ValueError(
            "OLS gives a non-negative squared term (c >= 0): the sales have not slowed "
            "down yet, so the market potential cannot be estimated from them; "
            "try method='nls' or wait for more periods past the inflection"
        )
    disc = b * b - 4 * a * c
    m = (-b - math.sqrt(disc)) / (2 * c)
    if not (m > 0 and a > 0):
        raise ValueError(
            f"OLS gives impossible parameters (a={a:.4g}, m={m:.4g}): "
            "try method='nls' with more periods of data"
        )
    return m, a / m, -c * m, fitted


#: An estimated market potential above this multiple of the sales seen so far means
#: the data have not slowed down enough to pin m down (penetration under 1 %).
_MAX_M_MULTIPLE = 100.0


def fit_bass(
    sales,
    t=None,
    method: str = "nls",
    kind: str = "discrete",
    m: float | None = None,
    raise_on_failure: bool = True,
) -> BassFit:
    """Fit the Bass model to per-period sales (new adopters per period).

    method="nls": non-linear least squares of sales on the Bass curve
    (Srinivasan & Mason 1986, Marketing Science 5(2)), solved with
    scipy.optimize.least_squares on log-parameters (so m, p, q stay positive) from
    several starting points (Bass's OLS estimate when it exists, and a small grid),
    keeping the best. kind="discrete" fits m (F(t) - F(t-1)), the adopters within
    each period (default); kind="density" fits the instantaneous rate m f(t) at
    each t, which is what the classic R ``nls`` teaching example fits (it reproduces
    m = 6.80e4, p = 6.59e-3, q = 0.638, residual standard error 727 on 7 df).
    ``m``: a known market potential (e.g. from market research); then only p and q
    are fitted and the degrees of freedom are n - 2.

    method="ols": Bass's (1969) own estimator. Regress S(t) on Y(t-1) and Y(t-1)^2
    (Y = cumulative sales before period t): S = a + b Y + c Y^2; then m is the
    positive root of c m^2 + b m + a = 0, p = a / m, q = -c m. Needs consecutive
    periods starting at launch.

    Follows the kit's fit contract (:mod:`valuekit.fits`).

    Args:
        sales: new adopters per period.
        t: the period of each sale (default 1..n; period t covers (t-1, t]).
        method: ``"nls"`` or ``"ols"``.
        kind: ``"discrete"`` or ``"density"`` (NLS).
        m: a known market potential (e.g. from market research); then only p and q are
            fitted and the degrees of freedom are n - 2.
        raise_on_failure: False returns a fit with ``converged=False`` instead of raising
            when no fit converges.

    Returns:
        A BassFit with m, p, q, residual standard error sqrt(SSE / df), degrees of freedom
        n - (number of fitted parameters), R squared, approximate standard errors (NLS:
        s^2 (J'J)^-1) and whether the solver converged.

    Raises:
        ValueError: impossible input (fewer than 3 periods, negative, missing or all-zero
            sales), or sales that have not slowed down enough to estimate m (an estimate
            above 100 times the sales so far: pass ``m`` or wait for more data).
        valuekit.fits.FitError: no fit converges (unless ``raise_on_failure=False``).
    """
    data = _bass_data(sales, t, method, kind, m)
    if method == "ols":
        if not data.consecutive:
            raise ValueError("method='ols' needs consecutive periods 1..n from launch")
        m_hat, p, q, fitted = _bass_ols(data.s)
        _check_m_plausible(m_hat, data.total, "OLS")
        return _bass_result(data, m_hat, p, q, fitted, "ols", "discrete", msg="Bass (1969) OLS")
    best, params, free = _bass_nls(data, kind, m)
    if best is None:
        msg = (
            "the Bass fit did not converge: check that the sales cover the take-off "
            "(at least a few periods of clear growth), try method='ols', pass a known "
            "m=, or rescale t"
        )
        if raise_on_failure:
            raise FitError(msg)
        nan = math.nan
        return BassFit(nan, nan, nan, "nls", kind, data.n, data.df, nan, nan, nan, False, {},
                       msg)
    m_hat, p, q = (float(v) for v in params(best.x))
    if m is None:
        _check_m_plausible(m_hat, data.total, "NLS")
    fitted = _bass_model(data.tt, m_hat, p, q, kind)
    ses = _bass_std_errors(best.jac, (m_hat, p, q), free, data, fitted)
    return _bass_result(data, m_hat, p, q, fitted, "nls", kind, ses, str(best.message))


@dataclass(frozen=True)
class _BassData:
    """Validated input of :func:`fit_bass`."""

    s: np.ndarray  # sales per period
    tt: np.ndarray  # the periods
    n: int
    df: int  # n minus the parameters fitted
    total: float  # adopters so far
    tss: float  # total sum of squares of the sales
    consecutive: bool  # periods 1..n from launch


def _bass_data(sales, t, method: str, kind: str, m: float | None) -> _BassData:
    """Check :func:`fit_bass`'s arguments; ValueError names the one at fault."""
    s_ser = number_series(sales, "sales")
    s = s_ser.to_numpy()
    n = len(s)
    if n < 3:
        raise ValueError(f"sales needs at least 3 periods to fit the Bass model, got {n}")
    neg = s_ser.index[s < 0]
    if len(neg):
        raise ValueError(f"sales must be >= 0 (new adopters); negative at {label_list(neg)}")
    if not np.any(s > 0):
        raise ValueError("sales are all zero: there is no adoption to fit")
    if kind not in ("discrete", "density"):
        raise ValueError(f"kind must be 'discrete' or 'density', got {kind!r}")
    if method not in ("nls", "ols"):
        raise ValueError(f"method must be 'nls' or 'ols', got {method!r}")
    if t is None:
        tt = np.arange(1.0, n + 1.0)
    else:
        tt, _ = _time(t)
        if len(tt) != n:
            raise ValueError(f"t has {len(tt)} values but sales has {n}")
        if np.any(np.diff(tt) <= 0):
            raise ValueError("t must be strictly increasing")
    total = float(s.sum())
    if m is not None:
        if method == "ols":
            raise ValueError("a known m can only be used with method='nls'")
        if not (isinstance(m, int | float | np.integer | np.floating) and math.isfinite(m)
                and m > 0):
            raise ValueError(f"m (market potential) must be a number > 0, got {m!r}")
        if m < total * (1 - 1e-9):
            raise ValueError(f"m = {m:g} is below the {total:g} adopters already counted")
    return _BassData(s=s, tt=tt, n=n, df=n - (3 if m is None else 2), total=total,
                     tss=float(np.sum((s - s.mean()) ** 2)),
                     consecutive=bool(np.allclose(tt, np.arange(1.0, n + 1.0))))


def _check_m_plausible(m_hat: float, total: float, meth: str) -> None:
    if m_hat > _MAX_M_MULTIPLE * total:
        raise ValueError(
            f"the {meth} estimate of m ({m_hat:.3g}) is over {_MAX_M_MULTIPLE:g} times "
            f"the {total:.3g} adopters so far: the sales have not slowed down enough "
            "to tell the market size; pass m= if you know it, or fit again when the "
            "data go past the steepest growth"
        )


def _bass_result(data: _BassData, mm, p, q, fitted, meth, k, ses=None, msg="") -> BassFit:
    sse = float(np.sum((data.s - fitted) ** 2))
    rse = math.sqrt(sse / data.df) if data.df > 0 else math.nan
    r2 = 1.0 - sse / data.tss if data.tss > 0 else math.nan
    return BassFit(
        m=float(mm), p=float(p), q=float(q), method=meth, kind=k, n=data.n, df=data.df,
        sse=sse, rse=rse, r_squared=r2, converged=True, std_errors=ses or {}, message=msg,
    )


def _bass_starts(data: _BassData, kind: str, m: float | None) -> np.ndarray:
    """Starting points, most promising first: Bass's OLS estimate when it exists, plus a
    grid spanning the usual ranges (p 0.003-0.03, q 0.2-0.8, m 1.2-3x sales so far),
    scored in one vectorised pass."""
    total = data.total
    m_grid = (total * 1.2, total * 2.0, total * 3.0) if m is None else (float(m),)
    grid = np.array(
        [(mm, p0, q0) for mm in m_grid for p0 in (0.003, 0.01, 0.03) for q0 in (0.2, 0.4, 0.8)]
    )
    if data.consecutive:
        try:
            m0, p0, q0 = _bass_ols(data.s)[:3]
            if q0 > 0 and (m is None or m0 > 0):
                grid = np.vstack([[m0 if m is None else m, p0, q0], grid])
        except ValueError:
            pass  # no OLS start: the grid still runs
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        cand = _bass_model(data.tt[:, None], grid[:, 0], grid[:, 1], grid[:, 2], kind)
        score = np.sum((cand - data.s[:, None]) ** 2, axis=0)
    return grid[np.argsort(np.where(np.isfinite(score), score, np.inf))]


def _bass_nls(data: _BassData, kind: str, m: float | None):
    """Least squares (Levenberg-Marquardt on log-parameters) from the two most promising
    starts; returns the best solution (None when neither converged), the map from the
    solver's variables to (m, p, q) and the slice of the parameters fitted."""
    free = slice(0, 3) if m is None else slice(1, 3)

    def params(theta):
        return np.exp(theta) if m is None else np.concatenate([[m], np.exp(theta)])

    def resid(theta):
        return _bass_model(data.tt, *params(theta), kind) - data.s

    def jac(theta):
        return _bass_jac(data.tt, *params(theta), kind)[:, free]

    # Imported here: only fits need scipy.optimize, and importing it is a noticeable part of
    # a notebook's start (benchmarks/widgets.md, module 2).
    from scipy import optimize

    best = None
    for start in _bass_starts(data, kind, m)[:2]:
        x0 = np.log(np.maximum(start, 1e-6))[free]
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            try:
                sol = optimize.least_squares(
                    resid, x0, jac=jac, method="lm", xtol=1e-12, ftol=1e-12
                )
            except (ValueError, FloatingPointError):
                continue
        if not (sol.success and np.all(np.isfinite(sol.x)) and np.isfinite(sol.cost)):
            continue
        if best is None or sol.cost < best.cost:
            best = sol
    return best, params, free


def _bass_std_errors(jac_log: np.ndarray, mpq: tuple[float, float, float], free: slice,
                     data: _BassData, fitted: np.ndarray) -> dict[str, float]:
    """Gauss-Newton covariance s^2 (J'J)^-1 in the natural parameters (the Jacobian in
    log-parameters divided by each parameter); empty without degrees of freedom."""
    if data.df <= 0:
        return {}
    names = ("m", "p", "q")[free]
    j = jac_log / np.array(mpq)[free]
    sse = float(np.sum((data.s - fitted) ** 2))
    try:
        cov = sse / data.df * np.linalg.inv(j.T @ j)
    except np.linalg.LinAlgError:
        return {}
    return {k: float(v) for k, v in
            zip(names, np.sqrt(np.clip(np.diag(cov), 0, None)), strict=True)}


# --------------------------------------------------------------------------- dual market


def dual_market(
    periods: int,
    m_early: float = 16.0,
    p_early: float = 0.03,
    q_early: float = 0.9,
    m_main: float = 84.0,
    p_main: float = 0.0002,
    q_main: float = 0.45,
    cross: float = 0.0,
    steps_per_period: int = 10,
) -> pd.DataFrame:
    """Adoptions in an early and a main market that influence each other weakly.

    After Goldenberg, Libai & Muller (2002), Journal of Marketing 66(2), "Riding the
    saddle", in the kit's aggregate (Bass-type) form: the early market (visionaries)
    follows its own Bass process, and the main market (pragmatists) is moved by its
    own adopters and, with the cross-market weight ``cross``, by early-market
    adopters:

        dE/dt = (p_e + q_e E/m_e) (m_e - E)
        dM/dt = (p_m + q_m M/m_m + cross * E/m_e) (m_m - M)

    E is closed-form Bass; M is integrated with fourth-order Runge-Kutta
    (``steps_per_period`` steps per period). With weak cross-influence the main
    market takes off only after the early market has peaked, so total sales show a
    saddle (early peak, trough, later higher peak); with strong cross-influence the
    two merge into one peak. The defaults (early market 16 % of the total, Rogers'
    innovators plus early adopters) show a deep saddle at cross = 0; it shallows as
    cross grows (about 29 % deep at 0.005, the average depth Chandrasekaran & Tellis
    2011 report) and is gone by about 0.009, so a slider over 0-0.015 shows the switch.

    Args:
        periods: how many periods.
        m_early: the early market's potential.
        p_early: its coefficient of innovation.
        q_early: its coefficient of imitation.
        m_main: the main market's potential.
        p_main: its coefficient of innovation.
        q_main: its coefficient of imitation.
        cross: the weight of early-market adopters on the main market.
        steps_per_period: Runge-Kutta steps per period.

    Returns:
        A DataFrame indexed by period 1..periods with columns early, main, total
        (adopters in the period) and early_cumulative, main_cumulative, total_cumulative.
    """
    if not isinstance(periods, int | np.integer) or periods < 1:
        raise ValueError(f"periods must be a whole number >= 1, got {periods!r}")
    if not isinstance(steps_per_period, int | np.integer) or steps_per_period < 1:
        raise ValueError(f"steps_per_period must be a whole number >= 1, got {steps_per_period!r}")
    for name, val, low in (
        ("m_early", m_early, "pos"), ("m_main", m_main, "pos"), ("p_early", p_early, "pos"),
        ("p_main", p_main, "nonneg"), ("q_early", q_early, "nonneg"),
        ("q_main", q_main, "nonneg"), ("cross", cross, "nonneg"),
    ):
        ok = isinstance(val, int | float | np.integer | np.floating) and math.isfinite(val)
        ok = ok and (val > 0 if low == "pos" else val >= 0)
        if not ok:
            bound = "> 0" if low == "pos" else ">= 0"
            raise ValueError(f"{name} must be a number {bound}, got {val!r}")
    h = 1.0 / steps_per_period
    n_steps = periods * steps_per_period
    # Early-market penetration E/m_e at every step and half step (closed-form Bass).
    grid = np.arange(2 * n_steps + 1) * (h / 2)
    fe = _bass_F(grid, p_early, q_early).tolist()
    # Plain floats in the loop: this is the hot path of the chasm widget.
    p_m, q_per_adopter, m_m = float(p_main), float(q_main) / float(m_main), float(m_main)
    c = float(cross)

    def rate(x: float, f_early: float) -> float:
        return (p_m + q_per_adopter * x + c * f_early) * (m_m - x)

    x = 0.0
    main_cum = [0.0]
    for k in range(n_steps):
        f0, f1, f2 = fe[2 * k], fe[2 * k + 1], fe[2 * k + 2]
        k1 = rate(x, f0)
        k2 = rate(x + h / 2 * k1, f1)
        k3 = rate(x + h / 2 * k2, f1)
        k4 = rate(x + h * k3, f2)
        x += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        if (k + 1) % steps_per_period == 0:
            main_cum.append(x)
    early_cum = m_early * _bass_F(np.arange(periods + 1.0), p_early, q_early)
    main_cum_arr = np.array(main_cum)
    out = pd.DataFrame(
        {
            "early": np.diff(early_cum),
            "main": np.diff(main_cum_arr),
            "early_cumulative": early_cum[1:],
            "main_cumulative": main_cum_arr[1:],
        },
        index=pd.RangeIndex(1, periods + 1, name="period"),
    )
    out.insert(2, "total", out["early"] + out["main"])
    out["total_cumulative"] = out["early_cumulative"] + out["main_cumulative"]
    return out


@dataclass(frozen=True)
class Saddle:
    """A saddle in a sales series: initial peak, trough, and recovery past the peak."""

    peak_time: object
    peak_sales: float
    trough_time: object
    trough_sales: float
    recovery_time: object
    depth: float  # (peak - trough) / peak
    duration: int  # periods from the peak until sales first exceed it


def detect_saddle(sales, min_depth: float = 0.10, min_periods_below: int = 2) -> Saddle | None:
    """Find the first saddle in a sales series, or None.

    The working definition of Goldenberg, Libai & Muller (2002) and Chandrasekaran &
    Tellis (2011, Journal of Marketing 75(4)): after an initial peak, sales fall to a
    trough at least ``min_depth`` (default 10 %) below the peak, stay below the peak
    for at least ``min_periods_below`` periods (default 2; think years for annual
    data), and later exceed the initial peak. The thresholds are parameters because
    the papers' choices suit annual data.

    Rule: every local peak (higher than the period before it and not lower than the
    one after) is tried in time order; for it, the recovery is the first later
    period with sales above the peak, the trough the lowest period in between. The
    first peak that meets the depth and duration conditions is the saddle. Times are
    the series' index labels (positions 0..n-1 for a plain array). For noisy
    monthly data smooth first (e.g. a 3-month rolling mean); ``min_depth`` then
    keeps the remaining wiggles from counting as saddles.

    Args:
        sales: sales per period (a Series or an array), oldest first.
        min_depth: the trough's least fall below the peak (a fraction).
        min_periods_below: the least number of periods below the peak.

    Returns:
        A :class:`Saddle` (peak, trough, recovery, depth and duration), or None.
    """
    if not (isinstance(min_depth, int | float) and 0 < min_depth < 1):
        raise ValueError(f"min_depth must be a fraction between 0 and 1, got {min_depth!r}")
    if not isinstance(min_periods_below, int) or min_periods_below < 1:
        raise ValueError(
            f"min_periods_below must be a whole number >= 1, got {min_periods_below!r}"
        )
    s_ser = number_series(sales, "sales")
    s = s_ser.to_numpy()
    neg = s_ser.index[s < 0]
    if len(neg):
        raise ValueError(f"sales must be >= 0; negative at {label_list(neg)}")
    labels = s_ser.index
    n = len(s)
    for i in range(1, n - 1):
        if not (s[i] > s[i - 1] and s[i] >= s[i + 1]):
            continue
        above = np.flatnonzero(s[i + 1 :] > s[i])
        if len(above) == 0:
            continue
        j = i + 1 + int(above[0])
        below = j - i - 1
        k = i + 1 + int(np.argmin(s[i + 1 : j]))
        depth = (s[i] - s[k]) / s[i]
        if depth >= min_depth and below >= min_periods_below:
            return Saddle(
                peak_time=labels[i], peak_sales=float(s[i]),
                trough_time=labels[k], trough_sales=float(s[k]),
                recovery_time=labels[j], depth=float(depth), duration=int(j - i),
            )
    return None


# --------------------------------------------------------------------------- life cycle

#: Product life-cycle stages (Levitt 1965, Harvard Business Review 43(6), "Exploit
#: the product life cycle"; Kotler, Marketing Management).
LIFE_CYCLE_STAGES: tuple[str, ...] = ("introduction", "growth", "maturity", "decline")


def _stage_codes(
    x: np.ndarray,
    window: int,
    decline_drop: float,
    flat_growth: float,
    keep_pace: float,
    penetration: np.ndarray | None = None,
    intro_share: float = 0.025,
) -> np.ndarray:
    """Stage code (index into LIFE_CYCLE_STAGES) at every period, from the data up to it."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    # A one-period mean is the value itself: life_cycle_history calls this once a month
    # with window=1, where pandas' rolling machinery was most of module 2's run
    # (benchmarks/widgets.md).
    smooth = x if window == 1 else pd.Series(x).rolling(window, min_periods=1).mean().to_numpy()
    peak = np.maximum.accumulate(smooth)
    # Period of the latest new high of the smoothed sales.
    idx = np.arange(n)
    last_high = np.maximum.accumulate(np.where(smooth >= peak, idx, 0))
    prev = np.full(n, np.nan)
    prev[window:] = smooth[: n - window]  # the smoothed value ``window`` periods earlier
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = np.where(prev > 0, smooth / prev - 1.0, np.where(smooth > 0, np.inf, 0.0))
        # Log-growth per period over the last window, and on average since sales began
        # (the first period with positive smoothed sales).
        positive = smooth > 0
        first = int(np.argmax(positive)) if positive.any() else n
        recent = np.log(smooth / prev) / window
        since = np.log(smooth / smooth[first]) / (idx - first)
    raw = np.empty(n, dtype=int)
    for i in range(n):
        if i < 2 * window or i - first < 2 * window:
            # Too young to judge the trend (unless the known market says otherwise).
            raw[i] = 0 if penetration is None or penetration[i] < intro_share else 1
        elif smooth[i] < (1.0 - decline_drop) * peak[i]:
            raw[i] = 3  # decline: well below the best level so far
        elif penetration is not None and penetration[i] < intro_share:
            raw[i] = 0  # still among the first adopters of the known market
        elif growth[i] < flat_growth or i - last_high[i] >= 2 * window:
            raw[i] = 2  # no longer growing, or no new high for two windows: maturity
        elif penetration is None and recent[i] >= keep_pace * since[i]:
            raw[i] = 0  # still growing at its pace since launch: the take-off phase
        else:
            raw[i] = 1  # rising, but the growth rate has started to fall
    # Introduction happens once: it ends when the data say otherwise for ``window``
    # periods in a row, and a later reading of "introduction" counts as growth.
    codes = np.zeros(n, dtype=int)
    run, left = 0, False
    for i in range(n):
        if not left:
            run = run + 1 if raw[i] != 0 else 0
            left = run >= window
        if left:
            codes[i] = raw[i] if raw[i] != 0 else 1
    return codes


def _stage_args(
    sales, window, decline_drop, flat_growth, keep_pace, market_potential, intro_share
):
    s_ser = number_series(sales, "sales")
    x = s_ser.to_numpy()
    neg = s_ser.index[x < 0]
    if len(neg):
        raise ValueError(f"sales must be >= 0; negative at {label_list(neg)}")
    if not np.any(x > 0):
        raise ValueError("sales are all zero: there is no life cycle to place")
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < 1:
        raise ValueError(f"window must be a whole number >= 1, got {window!r}")
    if not 0 < decline_drop < 1:
        raise ValueError(f"decline_drop must be a fraction between 0 and 1, got {decline_drop!r}")
    if not 0 <= flat_growth < 1:
        raise ValueError(f"flat_growth must be a fraction between 0 and 1, got {flat_growth!r}")
    if not 0 < keep_pace <= 1:
        raise ValueError(f"keep_pace must be a fraction between 0 and 1, got {keep_pace!r}")
    penetration = None
    if market_potential is not None:
        if not (isinstance(market_potential, int | float | np.integer | np.floating)
                and math.isfinite(market_potential) and market_potential > 0):
            raise ValueError(f"market_potential must be a number > 0, got {market_potential!r}")
        if not 0 < intro_share < 1:
            raise ValueError(f"intro_share must be a fraction between 0 and 1, got {intro_share!r}")
        penetration = np.cumsum(x) / float(market_potential)
    return x, penetration


def life_cycle_stage(
    sales,
    window: int = 3,
    decline_drop: float = 0.2,
    flat_growth: float = 0.05,
    keep_pace: float = 0.85,
    market_potential: float | None = None,
    intro_share: float = 0.025,
) -> str:
    """Product life-cycle stage of a sales series (oldest first), judged at its end.

    Stages after Levitt (1965) and Kotler (Marketing Management): introduction,
    growth, maturity, decline. The textbooks describe the stages but give no
    thresholds, so the rule and its thresholds are the kit's. On sales smoothed with
    a trailing mean of ``window`` periods (S), each period gets a reading:

    1. introduction while there are fewer than 2 * window periods of sales (too
       young to judge);
    2. decline: S is more than ``decline_drop`` (20 %) below its highest value so far;
    3. maturity: S grew less than ``flat_growth`` (5 %) over the last window, or has
       set no new high for two windows;
    4. introduction: S still grows at least ``keep_pace`` (85 %) as fast (log-growth
       per period over the last window) as on average since sales began: the
       take-off, when sales climb at their early exponential pace;
    5. growth: S is rising, but its growth rate has clearly fallen below that pace.

    Introduction happens once: the stage leaves it when the readings say otherwise
    for ``window`` periods in a row, and never returns (a later reading 4 counts as
    growth). This keeps noisy data from flickering back.

    If the ``market_potential`` is known (e.g. the m of a Bass fit), reading 4 is
    replaced by penetration: introduction while cumulative sales are below
    ``intro_share`` of it (2.5 %: Rogers' innovators, the customers Kotler's
    life-cycle table gives the introduction stage), growth after.

    On Bass curves with typical p and q, introduction (without a known market) ends
    at about 15-30 % penetration, maturity starts near the peak, and decline once
    sales are 20 % below it. ``window`` counts periods of the data: 3 (a quarter)
    suits monthly data, 1 annual data; noisy monthly counts need a longer window.
    ``life_cycle_path`` gives the stage at every period.

    Args:
        sales: sales per period, oldest first.
        window: periods of the trailing mean.
        decline_drop: the fall below the high that reads as decline.
        flat_growth: the growth over a window below which sales read as mature.
        keep_pace: the share of the early growth pace that still reads as introduction.
        market_potential: a known market (the m of a Bass fit), or None.
        intro_share: with a market potential, the penetration that ends introduction.

    Returns:
        The stage: "introduction", "growth", "maturity" or "decline".
    """
    x, pen = _stage_args(sales, window, decline_drop, flat_growth, keep_pace,
                         market_potential, intro_share)
    codes = _stage_codes(x, int(window), decline_drop, flat_growth, keep_pace, pen,
                         intro_share)
    return LIFE_CYCLE_STAGES[codes[-1]]


def life_cycle_path(
    sales,
    window: int = 3,
    decline_drop: float = 0.2,
    flat_growth: float = 0.05,
    keep_pace: float = 0.85,
    market_potential: float | None = None,
    intro_share: float = 0.025,
) -> pd.Series:
    """The stage at every period, judged only from the data up to that period.

    Equals ``life_cycle_stage(sales[: i + 1], ...)`` for every i (the smoothing is a
    trailing mean, so no period looks ahead); for shading a sales chart.

    Args:
        sales: sales per period, oldest first.
        window: as in :func:`life_cycle_stage`.
        decline_drop: as in :func:`life_cycle_stage`.
        flat_growth: as in :func:`life_cycle_stage`.
        keep_pace: as in :func:`life_cycle_stage`.
        market_potential: as in :func:`life_cycle_stage`.
        intro_share: as in :func:`life_cycle_stage`.

    Returns:
        The stage of every period, with the input's index.
    """
    x, pen = _stage_args(sales, window, decline_drop, flat_growth, keep_pace,
                         market_potential, intro_share)
    codes = _stage_codes(x, int(window), decline_drop, flat_growth, keep_pace, pen,
                         intro_share)
    index = sales.index if isinstance(sales, pd.Series) else pd.RangeIndex(len(x))
    return pd.Series(
        pd.Categorical.from_codes(codes, categories=list(LIFE_CYCLE_STAGES), ordered=True),
        index=index,
        name="stage",
    )


def life_cycle_table() -> pd.DataFrame:
    """Characteristics and strategy at each life-cycle stage, as the textbooks summarise them.

    After Kotler (Marketing Management, summary of product life-cycle
    characteristics, objectives and strategies) and Levitt (1965); the wording is
    the kit's. Indexed by stage; columns term_zh, sales, cost_per_customer, profit,
    customers, competitors, objective.
    """
    rows = {
        "introduction": (
            "导入期", "low", "high", "negative", "innovators", "few",
            "create awareness and trial",
        ),
        "growth": (
            "成长期", "rising fast", "average", "rising", "early adopters",
            "growing in number", "grow market share",
        ),
        "maturity": (
            "成熟期", "peak", "low", "high", "early and late majority",
            "stable, then shrinking", "defend share and cut cost",
        ),
        "decline": (
            "衰退期", "falling", "low", "falling", "laggards", "fewer",
            "harvest: cut spending, milk the product",
        ),
    }
    cols = ["term_zh", "sales", "cost_per_customer", "profit", "customers", "competitors",
            "objective"]
    df = pd.DataFrame.from_dict(rows, orient="index", columns=cols)
    df.index.name = "stage"
    return df


# --------------------------------------------------------------------------- beachhead

#: Moore (Crossing the Chasm, 1991/2014, ch. 4) checklist for choosing the beachhead
#: segment. Moore treats the first four as showstoppers and the rest as
#: nice-to-haves; the kit weights showstoppers 2 and the others 1.
BEACHHEAD_CRITERIA: dict[str, dict[str, object]] = {
    "target_customer": {"weight": 2.0, "showstopper": True,
                        "question": "Is there one reachable economic buyer with budget?"},
    "compelling_reason": {"weight": 2.0, "showstopper": True,
                          "question": "Do they have a compelling reason to buy now?"},
    "whole_product": {"weight": 2.0, "showstopper": True,
                      "question": "Can we (with partners) deliver the whole product soon?"},
    "competition": {"weight": 2.0, "showstopper": True,
                    "question": "Is the segment free of an entrenched competitor?"},
    "partners": {"weight": 1.0, "showstopper": False,
                 "question": "Are partners and allies in place?"},
    "distribution": {"weight": 1.0, "showstopper": False,
                     "question": "Do we have a sales channel that reaches them?"},
    "pricing": {"weight": 1.0, "showstopper": False,
                "question": "Does the price fit their budget and the channel's margin?"},
    "positioning": {"weight": 1.0, "showstopper": False,
                    "question": "Can we be credible as the leader in this segment?"},
    "next_target": {"weight": 1.0, "showstopper": False,
                    "question": "Does winning it lead to a neighbouring segment?"},
}


def score_segments(
    segments: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    scale: tuple[float, float] = (1, 5),
    showstopper_min: float = 3,
) -> pd.DataFrame:
    """Weighted beachhead score of each candidate segment (Moore, Crossing the Chasm).

    ``segments``: one row per segment (its index names the segment), one column per
    criterion with a score on ``scale`` (1 = poor, 5 = excellent). Criteria and
    weights default to BEACHHEAD_CRITERIA (Moore's nine factors; showstoppers
    weighted 2). Pass ``weights`` to use your own criteria (only those columns are
    needed). score = sum(w_i x_i) / sum(w_i), on the same 1-5 scale.

    Args:
        segments: one row per segment, one column per criterion.
        weights: criterion -> weight >= 0; None: :data:`BEACHHEAD_CRITERIA`.
        scale: the lowest and highest score.
        showstopper_min: the least score a showstopper criterion needs.

    Returns:
        The segments sorted best first with columns score, rank (1 = best; ties share the
        better rank), weakest (the lowest-scored criterion) and showstoppers_ok (every
        default showstopper criterion present scores at least ``showstopper_min``: Moore
        drops a segment that fails one, whatever its total).
    """
    # Not require_frame: this message ("non-empty") is the one tests and users know.
    if not isinstance(segments, pd.DataFrame) or segments.empty:
        raise ValueError("segments must be a non-empty table, one row per segment")
    if weights is None:
        weights = {k: float(v["weight"]) for k, v in BEACHHEAD_CRITERIA.items()}
    if not weights:
        raise ValueError("weights is empty: give at least one criterion")
    w = pd.Series(weights, dtype=float)
    if w.isna().any() or (w < 0).any():
        raise ValueError(f"weights must be numbers >= 0; bad for {label_list(w.index[~(w >= 0)])}")
    if w.sum() <= 0:
        raise ValueError("weights add up to zero: give at least one criterion a positive weight")
    missing = [c for c in w.index if c not in segments.columns]
    if missing:
        raise ValueError(
            f"segments is missing criteria columns: {', '.join(missing)} "
            f"(expected {', '.join(w.index)})"
        )
    lo, hi = scale
    x = segments[list(w.index)].apply(pd.to_numeric, errors="coerce")
    bad = (x.isna() | (x < lo) | (x > hi)).to_numpy()
    if bad.any():
        rows, cols = np.nonzero(bad)
        where = [
            f"segment {x.index[r]!r}, criterion {x.columns[c]!r}"
            for r, c in zip(rows[:5], cols[:5], strict=True)
        ]
        raise ValueError(f"scores must be numbers from {lo} to {hi}; bad at " + "; ".join(where))
    score = x.to_numpy() @ w.to_numpy() / w.sum()
    out = pd.DataFrame(index=segments.index)
    out["score"] = score
    out["rank"] = out["score"].rank(ascending=False, method="min").astype(int)
    out["weakest"] = x.idxmin(axis=1)
    stoppers = [c for c, v in BEACHHEAD_CRITERIA.items() if v["showstopper"] and c in x.columns]
    out["showstoppers_ok"] = (
        (x[stoppers] >= showstopper_min).all(axis=1) if stoppers else True
    )
    return out.sort_values(["rank"], kind="stable")


# =========================================================================== Module 2 lesson
# Added for the Module 2 notebook (the functions above are unchanged): the adopter mix of a
# customer base, yearly views of monthly sales, the life-cycle stage of every product as of
# any month, saddles across products, the sales and profit curves of a life cycle, and
# the facts of candidate beachhead segments.


def _groups(groups, name: str = "groups") -> pd.Series:
    """Adopter-group labels as an ordered categorical Series; unknown labels are named."""
    s = groups if isinstance(groups, pd.Series) else pd.Series(groups)
    if s.empty:
        raise ValueError(f"{name} is empty")
    if s.isna().any():
        raise ValueError(f"{name} has missing values at {label_list(s.index[s.isna()])}")
    unknown = sorted(set(s.astype(str)) - set(ADOPTER_GROUPS))
    if unknown:
        raise ValueError(
            f"{name} has unknown adopter groups {unknown}; expected {list(ADOPTER_GROUPS)}"
        )
    return pd.Series(
        pd.Categorical(s.astype(str), categories=list(ADOPTER_GROUPS), ordered=True),
        index=s.index, name=s.name,
    )


#: The early market (Moore): technology enthusiasts and visionaries.
EARLY_MARKET: tuple[str, ...] = ADOPTER_GROUPS[:2]


def adopter_mix(groups, by=None) -> pd.DataFrame:
    """Share of each Rogers adopter group in a set of organisations, next to Rogers' shares.

    ``groups``: one adopter group per organisation (ADOPTER_GROUPS names, e.g. the
    accounts table's ``adopter_group``). Without ``by``: one row per group (earliest
    first) with count, share, rogers_share (the textbook 2.5/13.5/34/34/16 %),
    exact_share (the normal shares) and difference = share - rogers_share.

    With ``by`` (one value per organisation, same index, e.g. the year of the first
    purchase): one row per value of ``by`` with the share of each group, early_market
    (innovators plus early adopters, Moore's early market) and count. Source of the
    reference shares: Rogers (2003), Diffusion of Innovations, 5th ed., ch. 7.

    Args:
        groups: one adopter group per organisation.
        by: one value per organisation (same index), or None.

    Returns:
        The table described above.
    """
    g = _groups(groups)
    table = rogers_shares()
    if by is None:
        counts = g.value_counts().reindex(list(ADOPTER_GROUPS)).astype(int)
        out = pd.DataFrame({"count": counts, "share": counts / counts.sum()})
        out["rogers_share"] = table["textbook_share"]
        out["exact_share"] = table["share"]
        out["difference"] = out["share"] - out["rogers_share"]
        out.index.name = "adopter_group"
        return out
    b = by if isinstance(by, pd.Series) else pd.Series(by, index=g.index)
    if len(b) != len(g) or not b.index.equals(g.index):
        raise ValueError("by must have one value per organisation, with the same index as groups")
    if b.isna().any():
        raise ValueError(
            f"by has missing values at {label_list(b.index[b.isna()])}; drop those rows first"
        )
    shares = pd.crosstab(b.rename("by"), g, normalize="index").reindex(
        columns=list(ADOPTER_GROUPS), fill_value=0.0
    )
    shares.columns = list(ADOPTER_GROUPS)
    shares["early_market"] = shares[list(EARLY_MARKET)].sum(axis=1)
    shares["count"] = b.value_counts().reindex(shares.index).astype(int)
    shares.index.name = b.name
    return shares


def _monthly(sales, name: str = "sales") -> pd.Series:
    """Validated per-month sales: numbers >= 0 and, for a date index, no missing months."""
    s = number_series(sales, name)
    neg = s.index[s.to_numpy() < 0]
    if len(neg):
        raise ValueError(f"{name} must be >= 0; negative at {label_list(neg)}")
    idx = s.index
    if isinstance(idx, pd.DatetimeIndex | pd.PeriodIndex):
        months = idx.to_period("M") if isinstance(idx, pd.DatetimeIndex) else idx.asfreq("M")
        step = np.diff(months.asi8)
        if len(step) and not np.all(step == 1):
            bad = idx[1:][step != 1]
            raise ValueError(
                f"{name} must have one row per month, in order, with no gaps; the month "
                f"before {label_list(bad)} is missing or out of order (fill missing months with 0)"
            )
    return s


def _cut(s: pd.Series, end) -> pd.Series:
    """The series up to and including ``end`` (a label of a date index, else a position)."""
    if end is None:
        return s
    if isinstance(s.index, pd.DatetimeIndex):
        return s[s.index <= date_value(end, "as_of")]
    if isinstance(s.index, pd.PeriodIndex):
        return s[s.index <= pd.Period(end, freq=s.index.freq)]
    return s[s.index <= end]


def period_totals(sales, months: int = 12, end=None) -> pd.Series:
    """Sales summed over blocks of ``months`` periods, counted back from ``end``.

    With monthly sales and months=12 these are the yearly totals that end at the
    month ``end`` (default: the last month of the data), so a judgement "as of" any
    month uses the last twelve months as the latest year. The oldest block may be
    shorter: it holds the first months on the market. Each block is labelled by its
    last period. Annual figures are what the life-cycle and saddle literature uses
    (Chandrasekaran & Tellis 2011, Journal of Marketing 75(4)); monthly counts of a
    B2B product are too noisy for the stage rules.

    Args:
        sales: sales per period, oldest first.
        months: periods per block.
        end: the last period counted (a label of the index); None: the last of the data.

    Returns:
        The block totals, each labelled by its last period.
    """
    if isinstance(months, bool) or not isinstance(months, int | np.integer) or months < 1:
        raise ValueError(f"months must be a whole number >= 1, got {months!r}")
    s = _cut(_monthly(sales), end)
    if s.empty:
        raise ValueError(f"there are no sales up to {end!r}")
    x = s.to_numpy()
    n = len(x)
    ends = np.arange(n - 1, -1, -months)[::-1]
    cum = np.concatenate([[0.0], np.cumsum(x)])
    starts = np.maximum(ends + 1 - months, 0)
    return pd.Series(cum[ends + 1] - cum[starts], index=s.index[ends], name=s.name)


def life_cycle_history(
    sales,
    months: int = 12,
    decline_drop: float = 0.2,
    flat_growth: float = 0.05,
    keep_pace: float = 0.85,
) -> pd.Series:
    """The life-cycle stage of a monthly sales series as it could be judged at each month.

    At every month, the yearly totals ending that month (:func:`period_totals`) go
    through the rules of :func:`life_cycle_stage` with window=1 (one year), using
    only the data up to that month. Introduction happens once: after the first month
    judged past it, a later "introduction" reading counts as growth (the rule
    life_cycle_stage applies within one series, carried across months). Stages after
    Levitt (1965) and Kotler; the thresholds are the kit's (see life_cycle_stage).

    In a flat stretch the stage can switch between growth and maturity from one month to
    the next: the data cannot tell them apart there.

    Args:
        sales: monthly sales, oldest first.
        months: months per year.
        decline_drop: as in :func:`life_cycle_stage`.
        flat_growth: as in :func:`life_cycle_stage`.
        keep_pace: as in :func:`life_cycle_stage`.

    Returns:
        An ordered categorical Series with the input's index.
    """
    s = _monthly(sales)
    if not np.any(s.to_numpy() > 0):
        raise ValueError("sales are all zero: there is no life cycle to place")
    if isinstance(months, bool) or not isinstance(months, int | np.integer) or months < 1:
        raise ValueError(f"months must be a whole number >= 1, got {months!r}")
    _stage_args(s.to_numpy(), 1, decline_drop, flat_growth, keep_pace, None, 0.025)
    x = s.to_numpy()
    cum = np.concatenate([[0.0], np.cumsum(x)])
    codes = np.empty(len(x), dtype=int)
    left = False
    for i in range(len(x)):
        ends = np.arange(i, -1, -months)[::-1]
        blocks = cum[ends + 1] - cum[np.maximum(ends + 1 - months, 0)]
        code = int(_stage_codes(blocks, 1, decline_drop, flat_growth, keep_pace)[-1])
        if left and code == 0:
            code = 1
        left = left or code != 0
        codes[i] = code
    return pd.Series(
        pd.Categorical.from_codes(codes, categories=list(LIFE_CYCLE_STAGES), ordered=True),
        index=s.index, name="stage",
    )


def life_cycle_at(sales, as_of=None, months: int = 12, **rules) -> str:
    """The life-cycle stage of monthly sales as of a month (default: the last month).

    The last value of :func:`life_cycle_history` on the data up to ``as_of``.

    Args:
        sales: monthly sales, oldest first.
        as_of: the month (a date); None: the last month.
        months: months per year.
        **rules: the thresholds of :func:`life_cycle_history` (decline_drop,
            flat_growth, keep_pace).

    Returns:
        The stage.
    """
    s = _cut(_monthly(sales), as_of)
    if s.empty:
        raise ValueError(f"there are no sales up to {as_of!r}: the product was not launched yet")
    return str(life_cycle_history(s, months, **rules).iloc[-1])


def _product_sales(product_sales: pd.DataFrame) -> dict[str, pd.Series]:
    """product_sales table -> {product_id: monthly units indexed by month}, checked."""
    require_frame(product_sales, "product_sales", ["product_id", "month", "units"])
    out = {}
    for pid, g in product_sales.groupby("product_id", sort=True):
        s = g.sort_values("month").set_index("month")["units"]
        if s.index.has_duplicates:
            raise ValueError(f"product_sales has two rows for one month of product {pid!r}")
        out[str(pid)] = _monthly(s.rename(str(pid)), f"units of product {pid!r}")
    return out


def product_stages(product_sales: pd.DataFrame, as_of=None, months: int = 12,
                   **rules) -> pd.DataFrame:
    """Where each product stands in its life cycle as of a month (default: the data's end).

    ``product_sales``: the kit's product_sales table (product_id, month, units: new
    customers per month, one row per month since launch). For each product launched
    by ``as_of``: launch (first month of data), months_on_market, units_to_date,
    last_year and previous_year (units in the last twelve months and the twelve
    before), growth = last_year / previous_year - 1 (NaN in the first year), and the
    stage from :func:`life_cycle_at`.

    Args:
        product_sales: the product_sales table.
        as_of: the month (a date); None: the data's end.
        months: months per year.
        **rules: the thresholds of :func:`life_cycle_history`.

    Returns:
        One row per product, indexed by product_id.
    """
    rows = {}
    for pid, s in _product_sales(product_sales).items():
        cut = _cut(s, as_of)
        if cut.empty:
            continue
        years = period_totals(cut, months)
        last = float(years.iloc[-1])
        prev = float(years.iloc[-2]) if len(years) > 1 and len(cut) >= 2 * months else math.nan
        rows[pid] = {
            "launch": cut.index[0],
            "months_on_market": len(cut),
            "units_to_date": float(cut.sum()),
            "last_year": last,
            "previous_year": prev,
            "growth": last / prev - 1 if prev and prev > 0 else math.nan,
            "stage": life_cycle_at(cut, None, months, **rules),
        }
    if not rows:
        raise ValueError(f"no product has sales up to {as_of!r}")
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "product_id"
    out["stage"] = pd.Categorical(out["stage"], categories=list(LIFE_CYCLE_STAGES), ordered=True)
    return out


def find_saddles(
    product_sales: pd.DataFrame,
    as_of=None,
    months: int = 12,
    min_depth: float = 0.10,
    min_periods_below: int = 2,
) -> pd.DataFrame:
    """The products whose yearly sales show a saddle, with its timing and depth.

    Runs :func:`detect_saddle` on each product's yearly totals (:func:`period_totals`,
    ending at ``as_of``): an early peak, a trough at least ``min_depth`` below it for
    at least ``min_periods_below`` years, and a recovery above the early peak
    (Goldenberg, Libai & Muller 2002, Journal of Marketing 66(2); Chandrasekaran &
    Tellis 2011, Journal of Marketing 75(4), who report saddles starting about 9
    years after take-off at about 30 % penetration, lasting about 8 years, 29 % deep).

    One row per product with a saddle (none: an empty table with the same columns):
    peak, trough, recovery (the last month of each of those years), peak_units,
    trough_units, depth (fraction), years_below (duration: years from the peak until
    sales first exceed it), years_to_peak (from the first month of data to the end
    of the peak year) and share_sold_by_peak (units up to the peak / units to date:
    an upper bound on the penetration when the saddle began, as the market is not
    used up).

    Args:
        product_sales: the product_sales table.
        as_of: the month the years end at (a date); None: the data's end.
        months: months per year.
        min_depth: as in :func:`detect_saddle`.
        min_periods_below: as in :func:`detect_saddle` (years).

    Returns:
        The table described above.
    """
    cols = ["peak", "trough", "recovery", "peak_units", "trough_units", "depth",
            "years_below", "years_to_peak", "share_sold_by_peak"]
    rows = {}
    for pid, s in _product_sales(product_sales).items():
        cut = _cut(s, as_of)
        if len(cut) == 0 or not np.any(cut.to_numpy() > 0):
            continue
        years = period_totals(cut, months)
        found = detect_saddle(years, min_depth=min_depth, min_periods_below=min_periods_below)
        if found is None:
            continue
        upto = float(cut[cut.index <= found.peak_time].sum())
        rows[pid] = [
            found.peak_time, found.trough_time, found.recovery_time, found.peak_sales,
            found.trough_sales, found.depth, found.duration * months / 12.0,
            (cut.index.get_loc(found.peak_time) + 1) / 12.0, upto / float(cut.sum()),
        ]
    out = pd.DataFrame.from_dict(rows, orient="index", columns=cols)
    out.index.name = "product_id"
    return out


def dip_elsewhere(product_sales: pd.DataFrame, peak, trough, months: int = 12) -> pd.DataFrame:
    """Did the other products fall in the same years as a saddle? A test of rival causes.

    Chandrasekaran & Tellis (2011, Journal of Marketing 75(4), "Getting a grip on the
    saddle: chasms or cycles?") test three explanations of a saddle: the chasm between
    adopter groups (Moore 1991; Goldenberg, Libai & Muller 2002), business cycles (a
    downturn cuts every buyer's spending) and technology cycles (a newer generation
    draws buyers away). A business cycle hits every product in the same years; a chasm
    hits one product at its own stage of adoption. This table gives, for every product
    on the market in the ``peak`` year, its sales in the year ending at ``peak`` and in
    the year ending at ``trough`` (both month timestamps, e.g. a row of
    :func:`find_saddles`), on the same yearly blocks (ending at the data's last month),
    and ``change`` = trough / peak - 1, largest fall first. Products launched after the
    peak year are left out.

    Args:
        product_sales: the product_sales table.
        peak: the month the peak year ends (a timestamp).
        trough: the month the trough year ends.
        months: months per year.

    Returns:
        One row per product, largest fall first.
    """
    peak, trough = pd.Timestamp(peak), pd.Timestamp(trough)
    if trough <= peak:
        raise ValueError(f"trough ({trough:%Y-%m}) must come after peak ({peak:%Y-%m})")
    by_product = _product_sales(product_sales)
    end = max(s.index.max() for s in by_product.values())
    rows = {}
    for pid, s in by_product.items():
        years = period_totals(s, months, end=end)
        first_full = s.index.min() + pd.DateOffset(months=months - 1)
        if peak not in years.index or trough not in years.index or peak < first_full:
            continue
        rows[pid] = (float(years[peak]), float(years[trough]))
    out = pd.DataFrame.from_dict(rows, orient="index", columns=["peak_year", "trough_year"])
    out["change"] = out["trough_year"] / out["peak_year"] - 1
    out.index.name = "product_id"
    return out.sort_values("change")


def life_cycle_economics(
    units,
    price: float,
    unit_cost: float,
    spend,
    price_erosion: float = 0.0,
    market_potential: float | None = None,
) -> pd.DataFrame:
    """Sales, cost per customer and profit of each period of a product's life.

    The kit's stylised model of the sales and profit curves of the product life cycle
    (Levitt 1965, Harvard Business Review 43(6); Kotler, Marketing Management, "sales
    and profit life cycles"): a fixed marketing and sales ``spend`` per period (a
    number, or one per period) wins the period's new customers ``units``; each pays
    ``price`` less an erosion that grows as the market fills, as competitors enter
    (price_t = price * (1 - price_erosion * penetration_t), penetration = customers
    so far / ``market_potential``, default all the units in the series); each costs
    ``unit_cost`` to serve.

        revenue = units * price_t
        cost_per_customer = unit_cost + spend / units   (inf when units = 0)
        profit = revenue - units * unit_cost - spend

    With few customers early, the spend per customer is high and profit negative
    (introduction); profit turns positive as sales grow, peaks before sales do when
    prices erode, and falls with sales in decline.

    Args:
        units: new customers per period.
        price: the price before erosion.
        unit_cost: the cost to serve one customer.
        spend: marketing and sales spend per period (a number, or one per period).
        price_erosion: how far the price falls by full penetration (a fraction).
        market_potential: the market; None: all the units in the series.

    Returns:
        A DataFrame with the index of ``units`` and columns units, price, revenue,
        cost_per_customer, profit, cumulative_profit, penetration.
    """
    u = number_series(units, "units")
    if (u < 0).any():
        raise ValueError(f"units must be >= 0; negative at {label_list(u.index[u < 0])}")
    for name, val in (("price", price), ("unit_cost", unit_cost)):
        if not (isinstance(val, int | float | np.integer | np.floating) and math.isfinite(val)
                and val >= 0):
            raise ValueError(f"{name} must be a number >= 0, got {val!r}")
    if not (isinstance(price_erosion, int | float) and 0 <= price_erosion < 1):
        raise ValueError(f"price_erosion must be a fraction from 0 to below 1, got "
                         f"{price_erosion!r}")
    if np.ndim(spend) == 0:
        sp = np.full(len(u), float(spend))
    else:
        sp = np.asarray(spend, dtype=float)
        if sp.shape != (len(u),):
            raise ValueError(f"spend must be one number or {len(u)} numbers (one per period)")
    if not np.all(np.isfinite(sp)) or np.any(sp < 0):
        raise ValueError("spend must be numbers >= 0")
    total = float(u.sum())
    m = total if market_potential is None else market_potential
    if not (isinstance(m, int | float | np.integer | np.floating) and math.isfinite(m) and m > 0):
        raise ValueError(f"market_potential must be a number > 0, got {market_potential!r}")
    x = u.to_numpy()
    penetration = np.minimum(np.cumsum(x) / m, 1.0)
    price_t = price * (1.0 - price_erosion * penetration)
    revenue = x * price_t
    with np.errstate(divide="ignore"):
        per_customer = unit_cost + np.where(x > 0, sp / np.where(x > 0, x, 1.0), np.inf)
    profit = revenue - x * unit_cost - sp
    return pd.DataFrame(
        {
            "units": x, "price": price_t, "revenue": revenue,
            "cost_per_customer": per_customer, "profit": profit,
            "cumulative_profit": np.cumsum(profit), "penetration": penetration,
        },
        index=u.index,
    )


@dataclass(frozen=True)
class ProfitMilestones:
    """Turning points of a life cycle's profit curve (labels of the economics' index)."""

    break_even: object  # first period with a profit: the break-even point (the deck's 盈利拐点)
    payback: object  # first period whose cumulative profit is >= 0 (launch losses recovered)
    profit_peak: object
    sales_peak: object

    def to_series(self) -> pd.Series:
        """The four milestones as a Series (for display)."""
        return pd.Series({"profit turns positive (break_even)": self.break_even,
                          "launch losses recovered (payback)": self.payback,
                          "profit peak": self.profit_peak, "sales peak": self.sales_peak},
                         name="when")


def profit_milestones(economics: pd.DataFrame) -> ProfitMilestones:
    """The break-even point (盈利拐点) and the peaks of a :func:`life_cycle_economics` table.

    break_even: the first period with a positive profit after the launch losses,
    where the profit curve crosses zero (the turning point common B2B marketing
    training material marks on the life-cycle chart); payback: the first period
    whose cumulative profit is >= 0; profit_peak and sales_peak: the periods with the
    highest profit and the most units (the first, on ties). None where a milestone
    is not reached in the data.
    """
    require_frame(economics, "economics", ["units", "profit", "cumulative_profit"])
    profit = economics["profit"].to_numpy()
    cum = economics["cumulative_profit"].to_numpy()
    idx = economics.index
    pos = np.flatnonzero(profit > 0)
    paid = np.flatnonzero((cum >= 0) & (np.arange(len(cum)) >= (pos[0] if len(pos) else 0)))
    return ProfitMilestones(
        break_even=idx[pos[0]] if len(pos) else None,
        payback=idx[paid[0]] if len(pos) and len(paid) else None,
        profit_peak=idx[int(np.argmax(profit))],
        sales_peak=idx[int(np.argmax(economics["units"].to_numpy()))],
    )


def segment_facts(accounts: pd.DataFrame, by: str = "industry") -> pd.DataFrame:
    """Facts about candidate segments from the accounts table, for choosing a beachhead.

    One row per value of ``by`` (default the industry): accounts, customers (accounts
    with a first purchase: the references a pragmatist will ask about, Moore,
    Crossing the Chasm ch. 2), reference_share = customers / accounts,
    median_budget (the median annual analytics budget: the money an economic buyer
    controls) and early_market_share (share of the segment's accounts that are
    innovators or early adopters).

    Args:
        accounts: the accounts table.
        by: the accounts column that names the segment.

    Returns:
        One row per segment.
    """
    require_frame(accounts, "accounts", [by, "first_purchase_date", "annual_budget",
                                         "adopter_group"])
    groups = _groups(accounts["adopter_group"], "accounts.adopter_group")
    frame = pd.DataFrame({
        "segment": accounts[by].astype(str),
        "customer": accounts["first_purchase_date"].notna().to_numpy(),
        "budget": pd.to_numeric(accounts["annual_budget"], errors="coerce"),
        "early": groups.isin(EARLY_MARKET).to_numpy(),
    })
    g = frame.groupby("segment", sort=True)
    out = pd.DataFrame({
        "accounts": g.size(),
        "customers": g["customer"].sum().astype(int),
    })
    out["reference_share"] = out["customers"] / out["accounts"]
    out["median_budget"] = g["budget"].median()
    out["early_market_share"] = g["early"].mean()
    out.index.name = by
    return out


__all__ += [
    "EARLY_MARKET",
    "adopter_mix",
    "period_totals",
    "life_cycle_history",
    "life_cycle_at",
    "product_stages",
    "find_saddles",
    "dip_elsewhere",
    "life_cycle_economics",
    "ProfitMilestones",
    "profit_milestones",
    "segment_facts",
]
