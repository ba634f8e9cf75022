"""valuekit: a Jupyter workshop kit for B2B value marketing.

Every number the kit shows is computed here, in small modules of pure
functions: :mod:`valuekit.value`, :mod:`valuekit.adoption`,
:mod:`valuekit.funnel` and :mod:`valuekit.clv`; :mod:`valuekit.data` loads and
generates the sample data.
"""

import sys

__version__ = "0.1.0"

# Why the package patches sys.modules at import (kept, deliberately, after issue 16 asked):
# jsonschema, which Altair imports, imports the optional ``rfc3987_syntax`` package when it
# is installed, and that package builds a parser grammar at import time: about 1 s of a
# kernel's start (benchmarks/reports.md, "kernel start"; python -X importtime). Marking it
# absent makes jsonschema skip only the "iri"/"uri-reference" string-format checks, which
# no Vega-Lite spec uses. It must run before the first ``import altair`` of the process,
# and every chart, widget and report module imports Altair, so the one place that precedes
# them all is here. It is narrow: ``setdefault`` leaves a process that already imported the
# package alone, and nothing else is touched.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
