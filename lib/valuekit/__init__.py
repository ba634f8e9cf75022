"""valuekit: a Jupyter workshop kit for B2B value marketing.

Every number the kit shows is computed here, in small modules of pure
functions: :mod:`valuekit.value`, :mod:`valuekit.adoption`,
:mod:`valuekit.funnel` and :mod:`valuekit.clv`; :mod:`valuekit.data` loads and
generates the sample data.
"""

__version__ = "0.1.0"
