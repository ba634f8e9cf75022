"""The kit's data: the deterministic sample generator and the validating loader.

Public API::

    generate(seed=DEFAULT_SEED, n_accounts=DEFAULT_N_ACCOUNTS) -> dict[str, DataFrame]
    write_sample(out_dir, seed=DEFAULT_SEED, n_accounts=DEFAULT_N_ACCOUNTS) -> list[Path]
    load(path=None, tables=None) -> dict[str, DataFrame]
    sample(tables=None) -> dict[str, DataFrame]   (the sample, loaded once per process)
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
import threading
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from valuekit._resources import DATA_ENV, sample_dir
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

#: The sample-data folder: the kit's own sample (``datasets/`` in a checkout, packaged in
#: an installed wheel), or the folder named by the environment variable ``VALUEKIT_DATA``
#: when it is set before valuekit is imported (the one way to point the kit elsewhere).
SAMPLE_DIR: Path = sample_dir()

_cache: dict[tuple[Path, str], pd.DataFrame] = {}
_cache_lock = threading.Lock()


def load(path: str | os.PathLike | None = None, tables=None):
    """Load and validate a folder of CSVs (the sample when ``path`` is None).

    Args:
        path: the folder; None means :data:`SAMPLE_DIR`.
        tables: a subset of :data:`valuekit.schema.TABLES` by name; then only those
            files must exist and foreign keys are checked only between the tables loaded.

    Returns:
        Table name -> validated frame, freshly read (see :func:`sample` for a cached copy).

    Raises:
        DataError: listing every problem found.
    """
    return load_dir(SAMPLE_DIR if path is None else Path(path), tables)


def sample(tables: Iterable[str] | str | None = None) -> dict[str, pd.DataFrame]:
    """The sample data, read and validated once per process and folder, then shared.

    Every notebook, widget, exercise and test reads the sample through here, so a kernel
    parses each CSV at most once. The frames are shared: copy one before changing it.

    Args:
        tables: table names (all of :data:`valuekit.schema.TABLES` when None). Asking for
            a subset loads only the tables not read yet, in one call, so references are
            checked between the tables read together (:func:`load` of the whole folder, or
            ``valuekit data check``, checks every reference).

    Returns:
        Table name -> frame, in the order asked.

    Raises:
        DataError: the folder's data is invalid (see :func:`load`).
    """
    from valuekit.schema import TABLES

    if isinstance(tables, str):
        tables = [tables]
    names = list(TABLES) if tables is None else list(dict.fromkeys(tables))
    folder = Path(SAMPLE_DIR).resolve()
    with _cache_lock:
        missing = [name for name in names if (folder, name) not in _cache]
        if missing:
            # Load every missing table in one call so cross-table keys are checked together.
            for name, frame in load_dir(folder, missing).items():
                _cache[(folder, name)] = frame
        return {name: _cache[(folder, name)] for name in names}


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
    "DATA_ENV",
    "DataError",
    "generate",
    "load",
    "sample",
    "write_sample",
]
