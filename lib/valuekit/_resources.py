"""Where the kit's own files are: the sample data and the report template.

An installed wheel carries them inside the package (``valuekit/_data/``, copied
there by setup.py at build time); a checkout (``pip install -e .``, ``make env``)
keeps them at the top of the repository (``datasets/``, ``report_templates/``). The
environment variable ``VALUEKIT_DATA`` names another sample folder (a learner
environment whose data lives elsewhere, a test's copy); it is read on every call,
not at import.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

__all__ = ["DATA_ENV", "kit_file", "sample_dir"]

#: The environment variable that points the kit at another sample-data folder.
DATA_ENV = "VALUEKIT_DATA"

_PACKAGE = Path(__file__).resolve().parent

#: name -> (inside an installed package, inside a checkout)
_PLACES = {
    "sample": ("_data/sample", "datasets"),
    "team_report.ipynb": ("_data/templates/team_report.ipynb",
                          "report_templates/team_report.ipynb"),
}


@cache
def _checkout() -> Path | None:
    """The checkout this package is imported from (``lib/valuekit`` below a folder with
    the kit's pyproject.toml), or None for an installed wheel."""
    root = _PACKAGE.parent.parent
    if _PACKAGE.parent.name == "lib" and (root / "pyproject.toml").is_file():
        return root
    return None


def kit_file(name: str) -> Path:
    """The path of one of the kit's files (``"sample"``, ``"team_report.ipynb"``).

    Returns:
        The packaged copy when the kit is installed from a wheel, else the checkout's.

    Raises:
        FileNotFoundError: neither exists (names both places looked in).
    """
    packaged, in_checkout = _PLACES[name]
    candidates = [_PACKAGE / packaged]
    root = _checkout()
    if root is not None:
        candidates.append(root / in_checkout)
    for path in candidates:
        if path.exists():
            return path
    raise FileNotFoundError(
        f"the kit's {name} is missing: looked in {', '.join(map(str, candidates))}"
    )


def sample_dir() -> Path:
    """The sample-data folder: ``$VALUEKIT_DATA`` when set, else the kit's own sample.

    Never raises: when the kit's sample is in neither place, the path returned is where it
    should be, and loading it fails with :class:`valuekit.data.DataError` naming that
    folder (the setup check shows that, with the fix, instead of an import error)."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override)
    try:
        return kit_file("sample")
    except FileNotFoundError:
        root = _checkout()
        return (root / _PLACES["sample"][1]) if root is not None else (
            _PACKAGE / _PLACES["sample"][0])
