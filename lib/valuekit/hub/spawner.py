"""The classes ``hub/jupyterhub_config.py`` names: ``valuekit.hub.spawner.WorkshopAuthenticator``
and ``valuekit.hub.spawner.WorkshopSpawner`` (defined in :mod:`valuekit.hub._jupyterhub`).

JupyterHub is an optional dependency (the ``hub`` extra, ``make hub-install``): importing this
module never imports it; asking for a class does, and without JupyterHub that fails with an
ImportError that says what to install (PEP 562 module ``__getattr__``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for readers and type checkers only: no JupyterHub import at run time
    from valuekit.hub._jupyterhub import WorkshopAuthenticator, WorkshopSpawner

__all__ = ["WorkshopAuthenticator", "WorkshopSpawner"]

INSTALL_HINT = ("the workshop hub needs JupyterHub, which is not installed in this Python "
                "environment: run `make hub-install` in the kit's checkout (or "
                "`pip install 'valuekit[hub]'`)")


def __getattr__(name: str):
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        from valuekit.hub import _jupyterhub
    except ModuleNotFoundError as err:
        if (err.name or "").split(".")[0] != "jupyterhub":
            raise
        raise ImportError(f"{__name__}.{name}: {INSTALL_HINT}", name=err.name) from err
    return getattr(_jupyterhub, name)
