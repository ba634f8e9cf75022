"""The workshop hub's settings: one place that reads them (environment variables set by
``valuekit hub``) and refuses unsafe ones before JupyterHub starts.

``hub/jupyterhub_config.py`` reads :func:`from_env`; ``valuekit hub`` writes the variables.
A hub reachable from other machines (any address but loopback) without a workshop password is
refused: the shared password is the only thing between the room's network and the learners'
servers. On loopback the CLI makes a random password and prints it.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = "VALUEKIT_HUB_"
DEFAULT_HUB_DIR = Path("/srv/valuekit-hub")
MIN_PASSWORD = 8  # SharedPasswordAuthenticator's own minimum
MIN_ADMIN_PASSWORD = 32  # SharedPasswordAuthenticator's minimum for the admin password


class UnsafeSettings(ValueError):
    """The hub would start in a way that exposes learners; the message says how to fix it."""


def is_loopback(ip: str) -> bool:
    if ip in ("localhost", ""):
        return ip == "localhost"  # "" means every interface
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


@dataclass
class Settings:
    password: str = ""
    admin_password: str = ""
    admins: list[str] = field(default_factory=list)
    ip: str = "127.0.0.1"
    port: int = 8000
    hub_dir: Path = DEFAULT_HUB_DIR
    state_dir: Path | None = None
    user_prefix: str = "wk-"
    mem_limit: str = "1G"
    cpu_limit: float = 1.0
    max_processes: int = 512
    idle_timeout: int = 3600
    service_token: str = ""

    @property
    def state(self) -> Path:
        return self.state_dir or self.hub_dir / "state"

    @property
    def env_dir(self) -> Path:
        """The learners' Python environment (readable by every learner account)."""
        return self.hub_dir / "env"

    @property
    def kit_dir(self) -> Path:
        """The kit's notebooks, exercises and datasets as learners get them (read-only)."""
        return self.hub_dir / "kit"

    def validate(self) -> Settings:
        if not self.password:
            where = "every interface" if self.ip == "" else self.ip
            raise UnsafeSettings(
                f"no workshop password: refusing to start a hub on {where}. Set one in "
                f"{PREFIX}PASSWORD (at least {MIN_PASSWORD} characters)."
                if not is_loopback(self.ip)
                else f"no workshop password: set {PREFIX}PASSWORD (valuekit hub makes one)."
            )
        if len(self.password) < MIN_PASSWORD:
            raise UnsafeSettings(
                f"the workshop password needs at least {MIN_PASSWORD} characters"
            )
        if self.admins and len(self.admin_password) < MIN_ADMIN_PASSWORD:
            raise UnsafeSettings(
                f"admin names {self.admins} need an admin password of at least "
                f"{MIN_ADMIN_PASSWORD} characters ({PREFIX}ADMIN_PASSWORD)"
            )
        if self.admin_password and self.admin_password == self.password:
            raise UnsafeSettings("the admin password must differ from the workshop password")
        if not self.user_prefix or not self.user_prefix[0].isalpha():
            raise UnsafeSettings(f"user prefix {self.user_prefix!r} must start with a letter")
        return self


def from_env(environ: os._Environ | dict | None = None) -> Settings:
    """Settings from ``VALUEKIT_HUB_*`` variables (defaults for the missing ones), validated."""
    env = os.environ if environ is None else environ

    def get(name: str, default: str = "") -> str:
        return env.get(PREFIX + name, default)

    s = Settings()
    s.password = get("PASSWORD")
    s.admin_password = get("ADMIN_PASSWORD")
    s.admins = [a for a in get("ADMINS").split(",") if a.strip()]
    s.ip = get("IP", s.ip)
    s.port = int(get("PORT", str(s.port)))
    s.hub_dir = Path(get("DIR", str(s.hub_dir)))
    state = get("STATE")
    s.state_dir = Path(state) if state else None
    s.user_prefix = get("USER_PREFIX", s.user_prefix)
    s.mem_limit = get("MEM_LIMIT", s.mem_limit)
    s.cpu_limit = float(get("CPU_LIMIT", str(s.cpu_limit)))
    s.max_processes = int(get("MAX_PROCESSES", str(s.max_processes)))
    s.idle_timeout = int(get("IDLE_TIMEOUT", str(s.idle_timeout)))
    s.service_token = get("SERVICE_TOKEN")
    return s.validate()
