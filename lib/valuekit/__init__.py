"""valuekit: a Jupyter workshop kit for B2B value marketing.

Every number the kit shows is computed here, in small modules of pure
functions: :mod:`valuekit.value`, :mod:`valuekit.adoption`,
:mod:`valuekit.funnel` and :mod:`valuekit.clv`; :mod:`valuekit.data` loads and
generates the sample data.
"""

import sys

__version__ = "0.1.0"

# Kernel start-up: jsonschema (pulled in by Altair) imports the optional
# ``rfc3987_syntax`` package, which builds a parser grammar at import time: about
# 1.0 s of a 3.5 s ``import valuekit.charts`` measured here (python -X importtime).
# Without it jsonschema merely skips checking the "iri"/"uri-reference" string
# formats, which no Vega-Lite spec uses. Only done when nothing imported it yet.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
