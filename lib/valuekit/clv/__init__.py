"""Customer lifetime value: closed forms, cohorts, and the probability models behind them.

Module 4 of the kit. Everything is a pure function over numbers, numpy
arrays or pandas objects; nothing reads files or prints.

- :mod:`~valuekit.clv.basic`: ``retention_clv``, ``discounted_clv``, ``cac``,
  ``ltv_to_cac``, ``payback_months``, ``clv_tiers`` (one retention rate for a
  segment; Gupta & Lehmann 2005).
- :mod:`~valuekit.clv.cohorts`: ``survival_counts`` and ``cohort_retention``
  from the ``contracts`` table.
- :mod:`~valuekit.clv.sbg`: the shifted-beta-geometric contractual model
  (Fader & Hardie 2007, 2010): ``fit_sbg``, survival, retention, churn,
  discounted expected (residual) lifetime, customer-base value.
- :mod:`~valuekit.clv.bgnbd` and :mod:`~valuekit.clv.gamma_gamma`: BG/NBD
  repeat buying and Gamma-Gamma spend without contracts (Fader, Hardie & Lee
  2005), and ``bgnbd_gg_clv`` combining them.

Why the kit implements these models itself rather than depending on a CLV
library: ``lifetimes`` is archived (no releases since 2020) and parts of it
break on pandas 3 (``lifetimes.utils.summary_data_from_transaction_data``
fails, see benchmarks/clv.md); its fits are slow on large customer bases
because every optimiser step differentiates through autograd. PyMC-Marketing
is maintained and excellent for Bayesian work, but it builds and compiles a
PyMC model per fit, which takes seconds: too slow behind a live widget on a
trainer's laptop. Measured with ``.venv/bin/python benchmarks/bench_clv.py``
(2 cores; medians, see benchmarks/clv.md):

- BG/NBD fit, CDNOW (2,357 customers): valuekit 7 ms vs lifetimes ~0.6 s;
  simulated 100k customers: 0.06 s vs 10 s; 1M customers: 0.4 s vs 2 min.
- sBG fit (Fader & Hardie's "regular" cohort): valuekit 1 ms vs PyMC-Marketing
  MAP 0.8 s warm, 5 s cold (first call, with compilation).

Both give the same parameters to at least three significant figures. Fits
raise :class:`FitError` (a ValueError) with advice instead of returning an
unconverged result.
"""

from ._fit import FitError
from .basic import cac, clv_tiers, discounted_clv, ltv_to_cac, payback_months, retention_clv
from .bgnbd import (
    BGNBDFit,
    bgnbd_conditional_expected,
    bgnbd_expected_purchases,
    bgnbd_log_likelihood,
    bgnbd_p_alive,
    fit_bgnbd,
)
from .cohorts import cohort_retention, survival_counts
from .gamma_gamma import (
    GammaGammaFit,
    bgnbd_gg_clv,
    fit_gamma_gamma,
    gamma_gamma_expected_spend,
)
from .sbg import (
    SBGFit,
    fit_sbg,
    sbg_churn_pmf,
    sbg_customer_base_value,
    sbg_del,
    sbg_derl,
    sbg_retention,
    sbg_survival,
)

__all__ = [
    "BGNBDFit",
    "FitError",
    "GammaGammaFit",
    "SBGFit",
    "bgnbd_conditional_expected",
    "bgnbd_expected_purchases",
    "bgnbd_gg_clv",
    "bgnbd_log_likelihood",
    "bgnbd_p_alive",
    "cac",
    "clv_tiers",
    "cohort_retention",
    "discounted_clv",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "fit_sbg",
    "gamma_gamma_expected_spend",
    "ltv_to_cac",
    "payback_months",
    "retention_clv",
    "sbg_churn_pmf",
    "sbg_customer_base_value",
    "sbg_del",
    "sbg_derl",
    "sbg_retention",
    "sbg_survival",
    "survival_counts",
]
