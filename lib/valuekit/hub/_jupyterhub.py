"""The workshop hub's authenticator and spawner: JupyterHub's own SharedPasswordAuthenticator
and LocalProcessSpawner, with the three changes a room of learners on one server needs.

1. Names (:mod:`valuekit.hub.names`): normalised, refused with a reason the login page shows.
2. Each learner runs as a system account of their own, ``<prefix><slug>``, created here with a
   private home (``HOME_MODE=0700``), never an existing account: the hub refuses to run a
   learner as an account it did not create (the account's comment carries a marker).
3. Limits (:mod:`valuekit.hub.limits`) joined before the server drops to the learner.

The server is started through :mod:`valuekit.hub.learner`, which gives the learner their own
copy of the notebooks on first start (never overwriting) and then runs jupyterhub-singleuser.

This module imports JupyterHub; the configuration names the classes through
:mod:`valuekit.hub.spawner`, which imports this module only when a class is asked for, so
the rest of the kit (and ``import valuekit.hub.spawner``) works without JupyterHub installed.
"""

from __future__ import annotations

import os
import pwd
import subprocess
from pathlib import Path

from jupyterhub.authenticators.shared import SharedPasswordAuthenticator
from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from tornado import web
from traitlets import Integer, Unicode

from valuekit.hub import MARKER, limits, names

USERADD = "/usr/sbin/useradd"  # absolute: the hub's PATH may lack /usr/sbin


class WorkshopAuthenticator(SharedPasswordAuthenticator):
    """Shared workshop password; learners pick their own name (normalised, or refused with
    the reason shown on the login page)."""

    def normalize_username(self, username: str) -> str:
        return names.normalize(username)

    def validate_username(self, username: str) -> bool:
        try:
            names.check(username)
        except names.RefusedName:
            return False
        return super().validate_username(username)

    async def authenticate(self, handler, data):
        user = await super().authenticate(handler, data)
        if user is None:
            return None
        try:
            names.check(user["name"])
        except names.RefusedName as err:
            # Only after the password matched: a stranger learns nothing about names.
            raise web.HTTPError(403, f"{err}") from None
        return user


class WorkshopSpawner(LocalProcessSpawner):
    """LocalProcessSpawner running each learner as their own prefixed system account."""

    user_prefix = Unicode("wk-", config=True, help="Prefix of learner system accounts.")
    env_dir = Unicode(config=True, help="The learners' Python environment.")
    kit_dir = Unicode(config=True, help="Read-only kit files copied to each learner.")
    max_processes = Integer(512, config=True, help="RLIMIT_NPROC of a learner account.")

    @property
    def system_user(self) -> str:
        return names.system_name(self.user.name, self.user_prefix)

    def _ensure_account(self) -> pwd.struct_passwd:
        account = self.system_user
        try:
            entry = pwd.getpwnam(account)
        except KeyError:
            subprocess.run(
                [USERADD, "--create-home", "--user-group", "--shell", "/bin/bash",
                 "--key", "HOME_MODE=0700", "--comment", MARKER, account],
                check=True, capture_output=True, text=True,
            )
            entry = pwd.getpwnam(account)
            self.log.info("Created account %s for learner %r", account, self.user.name)
        if entry.pw_gecos != MARKER:
            raise web.HTTPError(
                403, f"account {account} exists and was not made by the workshop hub"
            )
        os.chmod(entry.pw_dir, 0o700)  # also for useradd versions without HOME_MODE
        return entry

    async def start(self):
        self._account = self._ensure_account()
        self._procs, how = limits.prepare(
            self.system_user, self.mem_limit, self.cpu_limit
        )
        self.log.info("Limits for %s: %s", self.system_user, how)
        return await super().start()

    def make_preexec_fn(self, name):
        drop = set_user_setuid(self.system_user)
        procs, max_processes = getattr(self, "_procs", []), self.max_processes

        def preexec():
            limits.join(procs, max_processes)
            drop()

        return preexec

    def user_env(self, env):
        entry = pwd.getpwnam(self.system_user)
        env["USER"] = entry.pw_name
        env["HOME"] = entry.pw_dir
        env["SHELL"] = entry.pw_shell
        return env

    def get_env(self):
        env = super().get_env()
        bin_dir = str(Path(self.env_dir) / "bin")
        env["PATH"] = f"{bin_dir}:/usr/local/bin:/usr/bin:/bin"
        env["VIRTUAL_ENV"] = self.env_dir
        env["VALUEKIT_KIT"] = self.kit_dir
        env["VALUEKIT_DATA"] = str(Path(self.kit_dir) / "datasets")
        env["VALUEKIT_PULSE"] = str(Path(env["HOME"]) / ".valuekit" / "pulse.jsonl")
        # One BLAS thread per kernel: a room of kernels shares the server's cores.
        env["OMP_NUM_THREADS"] = env["OPENBLAS_NUM_THREADS"] = env["MKL_NUM_THREADS"] = "1"
        env.pop("PYTHONPATH", None)
        return env
