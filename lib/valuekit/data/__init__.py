"""The kit's data: the deterministic sample generator and the validating loader.

Public API::

    generate(seed=DEFAULT_SEED, n_accounts=DEFAULT_N_ACCOUNTS) -> dict[str, DataFrame]
    write_sample(out_dir, seed=DEFAULT_SEED, n_accounts=DEFAULT_N_ACCOUNTS) -> list[Path]
    load(path=None, tables=None) -> dict[str, DataFrame]
    DataError  (a ValueError naming the file, column and CSV lines at fault)

Frames from :func:`generate` and :func:`load` have the same types: ``id``,
``str`` and ``cat`` columns are plain strings (pandas ``str`` dtype, empty
values are missing), ``date`` columns are ``datetime64[ns]`` (missing is NaT),
``int`` columns ``int64`` and ``float`` columns ``float64``. The tables and
columns are those of :mod:`valuekit.schema`; see ``datasets/README.md`` and
``docs/data_guide.md``.
"""

from __future__ import annotations

import os
from pathlib import Path

from valuekit.data.generator import (
    BOTTLENECK_TEAM,
    CHURN_TEAM,
    CREDIBILITY_TEAM,
    DEFAULT_N_ACCOUNTS,
    DEFAULT_SEED,
    LIFE_CYCLE_STAGES,
    SADDLE_PRODUCT,
    STAR_TEAM,
    generate,
    write_sample,
)
from valuekit.data.loader import DataError, load_dir

#: The committed sample (``datasets/`` in the kit's checkout); the environment
#: variable ``VALUEKIT_DATA`` points the kit at another folder.
SAMPLE_DIR: Path = Path(
    os.environ.get("VALUEKIT_DATA") or Path(__file__).resolve().parents[3] / "datasets"
)


def load(path: str | os.PathLike | None = None, tables=None):
    """Load and validate a folder of CSVs (the sample when ``path`` is None).

    ``tables`` picks a subset of :data:`valuekit.schema.TABLES` by name; then
    only those files must exist and foreign keys are checked only between the
    tables loaded. Raises :class:`DataError` listing every problem found.
    """
    return load_dir(SAMPLE_DIR if path is None else Path(path), tables)


__all__ = [
    "BOTTLENECK_TEAM",
    "CHURN_TEAM",
    "CREDIBILITY_TEAM",
    "DEFAULT_N_ACCOUNTS",
    "DEFAULT_SEED",
    "LIFE_CYCLE_STAGES",
    "SADDLE_PRODUCT",
    "SAMPLE_DIR",
    "STAR_TEAM",
    "DataError",
    "generate",
    "load",
    "write_sample",
]
