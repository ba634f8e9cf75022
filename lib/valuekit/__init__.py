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
# is installed, and that package builds a parser grammar at import time: it made
# ``import altair`` 3-4 times slower, about 1 s of a quiet kernel's start (the measurements
# and their commands: benchmarks/widgets.md, "rfc3987_syntax"). Marking it absent makes
# jsonschema skip only the "iri"/"uri-reference" string-format checks, which no Vega-Lite
# spec uses. It must run before the first ``import altair`` of the process, and every
# chart, widget and report module imports Altair, so the one place that precedes them all
# is here (a patch around each ``import altair`` would have to be repeated in every such
# module and undone after). It is narrow: ``setdefault`` leaves a process that already
# imported the package alone, and nothing else is touched.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
