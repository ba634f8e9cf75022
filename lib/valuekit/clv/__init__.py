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
- :mod:`~valuekit.clv.transactions`: ``customer_summary`` and ``calibration_holdout`` of a
  raw transaction log (lifetimes' conventions), validated like the kit's loader.
- :mod:`~valuekit.clv.repeat_buying`: ``customer_values`` (expected purchases, P(alive),
  expected spend, CLV, tier) and the holdout check of Fader, Hardie & Lee (2005):
  ``holdout_by_frequency``, ``cumulative_repeat_transactions``.

Why the kit implements these models itself rather than depending on a CLV
library: ``lifetimes`` is archived (its last release is 0.11.3) and parts of
it break on pandas 3 (``lifetimes.utils.calibration_and_holdout_data`` raises
"No objects to concatenate" for a purchase log without spend); its fits
differentiate through autograd over every customer at every step, which
gets slow on a real customer base.
PyMC-Marketing is maintained and the right tool for Bayesian work, but it
builds and compiles a PyMC model for every fit: seconds per fit, too slow
behind a live widget on a trainer's laptop. The measured ratios (fit times
against lifetimes and PyMC-Marketing on CDNOW and on simulated customer
bases, and the agreement of the parameters) are in benchmarks/clv.md, made by
``.venv/bin/python benchmarks/bench_clv.py``; they are kept there, not here,
because they change with the machine and the libraries' versions.

Every fit follows the kit's fit contract (:mod:`valuekit.fits`): it raises
:class:`FitError` (a ValueError) with advice instead of returning an
unconverged or degenerate result. :mod:`~valuekit.clv.relationship` holds the
relationship-marketing tables of Module 4 (loyalty ladder, CRM indicators,
segment economics, renewal watchlist).
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
from .repeat_buying import (
    cumulative_repeat_transactions,
    customer_values,
    holdout_by_frequency,
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
from .transactions import calibration_holdout, customer_summary

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
    "calibration_holdout",
    "cac",
    "clv_tiers",
    "cohort_retention",
    "cumulative_repeat_transactions",
    "customer_summary",
    "customer_values",
    "discounted_clv",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "fit_sbg",
    "gamma_gamma_expected_spend",
    "holdout_by_frequency",
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
