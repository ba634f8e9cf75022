"""The workshop server: one JupyterHub for a room of learners (``valuekit hub``, ``make hub``).

Built on JupyterHub (PyPI), its proxy configurable-http-proxy (npm) and
jupyterhub-idle-culler; the configuration is ``hub/jupyterhub_config.py`` in the kit.
``valuekit hub`` prepares and starts it; ``valuekit hub pulse`` shows the class pulse
(:mod:`valuekit.pulse`). Measurements: benchmarks/hub.md; how to run one for a real room:
docs/workshop_server.md.

The hub serves a checkout of the kit (its notebooks, exercises, datasets, ``hub/`` with the
configuration and the proxy): the one this valuekit is imported from
(:mod:`valuekit._resources`), or ``--kit PATH`` / ``VALUEKIT_HUB_KIT`` for an installed
valuekit, whose wheel carries the sample data but not the course. Nothing here imports
JupyterHub (an optional dependency) until the hub starts.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

from valuekit import _resources
from valuekit.hub.settings import (
    DEFAULT_HUB_DIR,
    MIN_ADMIN_PASSWORD,
    PREFIX,
    Settings,
    UnsafeSettings,
    is_loopback,
)

KIT_FOLDERS = ("notebooks", "exercises", "datasets")
CONFIG_IN_KIT = Path("hub") / "jupyterhub_config.py"
MARKER = "valuekit-hub learner"  # the comment of every learner account the hub creates


def kit_root(explicit: str | os.PathLike | None = None, environ=os.environ) -> Path:
    """The kit checkout the hub serves: ``explicit`` (``--kit``), else ``VALUEKIT_HUB_KIT``,
    else the checkout this valuekit is imported from (:func:`valuekit._resources._checkout`).

    Raises:
        ValueError: an installed valuekit with no kit named, or a folder that lacks the
            course folders or the hub's configuration (names what is missing).
    """
    given = explicit or environ.get(PREFIX + "KIT")
    if given:
        root = Path(given).resolve()
    else:
        root = _resources._checkout()
        if root is None:
            raise ValueError(
                "this valuekit is installed as a package, which carries no course notebooks: "
                f"name a checkout of the kit with --kit PATH (or {PREFIX}KIT); see "
                "docs/workshop_server.md"
            )
    missing = [str(p) for p in (*KIT_FOLDERS, CONFIG_IN_KIT) if not (root / p).exists()]
    if missing:
        raise ValueError(f"{root} is not a checkout of the kit: no {', '.join(missing)}")
    return root


def require_jupyterhub() -> None:
    """Refuse to start, with what to install, when JupyterHub is missing."""
    from valuekit.hub.spawner import INSTALL_HINT

    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        raise ValueError(INSTALL_HINT) from None


def publish_kit(kit_root: Path, target: Path) -> None:
    """Copy the kit's current notebooks, exercises and datasets to where learners read them
    (root-owned, world-readable); each learner's server copies from here on first start."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kit-", dir=target.parent))
    for folder in KIT_FOLDERS:
        src = kit_root / folder
        if src.is_dir():
            shutil.copytree(src, staging / folder,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    for path in [staging, *staging.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    old = Path(tempfile.mkdtemp(prefix=".kit-old-", dir=target.parent))
    if target.exists():
        target.rename(old / "kit")  # swap, so a server starting now sees a whole kit
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def settings_from_args(args: argparse.Namespace, environ=os.environ) -> tuple[Settings, list]:
    """Settings from the command line (falling back to VALUEKIT_HUB_* variables); a missing
    password on loopback is made up and returned for printing, never off loopback."""
    s = Settings()
    s.ip = args.ip if args.ip is not None else environ.get(PREFIX + "IP", s.ip)
    s.port = args.port or int(environ.get(PREFIX + "PORT", s.port))
    s.hub_dir = Path(args.hub_dir or environ.get(PREFIX + "DIR", DEFAULT_HUB_DIR))
    state = args.state or environ.get(PREFIX + "STATE")
    s.state_dir = Path(state) if state else None
    s.password = environ.get(PREFIX + "PASSWORD", "")
    s.admins = list(args.admin or []) or [
        a for a in environ.get(PREFIX + "ADMINS", "").split(",") if a.strip()
    ]
    s.admin_password = environ.get(PREFIX + "ADMIN_PASSWORD", "")
    s.user_prefix = args.user_prefix or environ.get(PREFIX + "USER_PREFIX", s.user_prefix)
    s.mem_limit = args.mem_limit or environ.get(PREFIX + "MEM_LIMIT", s.mem_limit)
    s.cpu_limit = args.cpu_limit or float(environ.get(PREFIX + "CPU_LIMIT", s.cpu_limit))
    s.idle_timeout = args.idle_timeout or int(environ.get(PREFIX + "IDLE_TIMEOUT",
                                                          s.idle_timeout))
    s.service_token = environ.get(PREFIX + "SERVICE_TOKEN", "")
    made = []
    if not s.password and is_loopback(s.ip):
        s.password = secrets.token_urlsafe(9)
        made.append(("workshop password", s.password))
    if s.admins and not s.admin_password:
        s.admin_password = secrets.token_urlsafe(MIN_ADMIN_PASSWORD)
        made.append(("admin password (for " + ", ".join(s.admins) + ")", s.admin_password))
    return s.validate(), made


def _env_for(s: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        PREFIX + "PASSWORD": s.password,
        PREFIX + "ADMIN_PASSWORD": s.admin_password,
        PREFIX + "ADMINS": ",".join(s.admins),
        PREFIX + "IP": s.ip,
        PREFIX + "PORT": str(s.port),
        PREFIX + "DIR": str(s.hub_dir),
        PREFIX + "STATE": str(s.state),
        PREFIX + "USER_PREFIX": s.user_prefix,
        PREFIX + "MEM_LIMIT": str(s.mem_limit),
        PREFIX + "CPU_LIMIT": str(s.cpu_limit),
        PREFIX + "IDLE_TIMEOUT": str(s.idle_timeout),
        PREFIX + "SERVICE_TOKEN": s.service_token,
    })
    return env


def _start(args: argparse.Namespace) -> int:
    try:
        s, made = settings_from_args(args)
    except UnsafeSettings as err:
        raise ValueError(str(err)) from None
    require_jupyterhub()
    kit = kit_root(args.kit)
    if os.geteuid() != 0:
        raise ValueError(
            "the workshop hub runs each learner as their own account, so it must run as root "
            "(sudo make hub); see docs/workshop_server.md"
        )
    singleuser = s.env_dir / "bin" / "jupyterhub-singleuser"
    if not singleuser.exists():
        raise ValueError(f"no learners' environment at {s.env_dir}: run `make hub-install` "
                         f"(HUB_DIR={s.hub_dir})")
    config = Path(args.config) if args.config else kit / CONFIG_IN_KIT
    if not config.exists():
        raise ValueError(f"no hub configuration at {config}")
    s.state.mkdir(parents=True, exist_ok=True)
    s.state.chmod(0o700)
    publish_kit(kit, s.kit_dir)
    host = s.ip or "0.0.0.0"
    print(f"valuekit hub: http://{host}:{s.port}/  (state in {s.state})", file=sys.stderr)
    for what, value in made:
        print(f"valuekit hub: {what}: {value}", file=sys.stderr)
    sys.stderr.flush()
    jupyterhub = str(Path(sys.executable).parent / "jupyterhub")
    os.chdir(s.state)
    os.execve(jupyterhub, [jupyterhub, "-f", str(config)], _env_for(s))
    return 0  # pragma: no cover - exec does not return


def learner_accounts() -> list[pwd.struct_passwd]:
    """The system accounts the hub created for learners."""
    return [p for p in pwd.getpwall() if p.pw_gecos == MARKER]


def room_records(homes: str | None = None) -> dict[str, list[dict]]:
    """Every learner's pulse records, by hub name: from the accounts this hub created, or
    from the home folders matching ``homes`` (``/home/jupyter-*`` on TLJH)."""
    import glob

    from valuekit import pulse

    dirs = (sorted(glob.glob(homes)) if homes
            else [account.pw_dir for account in learner_accounts()])
    out = {}
    for home in dirs:
        records = pulse.read(Path(home) / ".valuekit" / "pulse.jsonl")
        if records:
            out[records[-1].get("user") or Path(home).name] = records
    return out


def _pulse_room(args: argparse.Namespace) -> int:
    from valuekit import pulse

    records = room_records(args.homes)
    rows = pulse.room(records)
    if args.json:
        print(json.dumps({"learners": len(records), "questions": rows}, ensure_ascii=False))
    else:
        print(pulse.table(rows, len(records)))
    return 0


def _pulse_mine(args: argparse.Namespace) -> int:
    from valuekit import pulse

    if pulse.path() is None:
        print("No class pulse here: it is recorded only on the workshop hub.")
        return 0
    print(f"Recorded in {pulse.path()} (only you and the server's administrator can read it):")
    for r in pulse.mine():
        verdict = "right" if r.get("correct") else r.get("status")
        extra = f" -- {r['mistake']}" if r.get("mistake") else ""
        print(f"  {r.get('question')}: {verdict}{extra}")
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """``valuekit hub`` (start, pulse) and ``valuekit pulse`` (a learner's own record)."""
    p = sub.add_parser("hub", help="the workshop server (JupyterHub) for a room of learners")
    p.add_argument("--ip", default=None,
                   help="address to listen on (default 127.0.0.1; 0.0.0.0 for a room)")
    p.add_argument("--port", type=int, default=None, help="port (default 8000)")
    p.add_argument("--admin", action="append", metavar="NAME",
                   help="a trainer's login name (repeat for several)")
    p.add_argument("--hub-dir", default=None, help=f"default {DEFAULT_HUB_DIR}")
    p.add_argument("--state", default=None, help="default HUB_DIR/state")
    p.add_argument("--user-prefix", default=None, help="learner accounts' prefix (wk-)")
    p.add_argument("--mem-limit", default=None, help="memory per learner (1G)")
    p.add_argument("--cpu-limit", type=float, default=None, help="cores per learner (1.0)")
    p.add_argument("--idle-timeout", type=int, default=None, help="seconds (3600)")
    p.add_argument("--config", default=None, help="another jupyterhub_config.py")
    p.add_argument("--kit", default=None, metavar="PATH",
                   help="the kit checkout to serve (default: the one valuekit runs from; "
                   "needed for an installed valuekit)")
    p.set_defaults(func=_start)
    hub_sub = p.add_subparsers(dest="action")
    pp = hub_sub.add_parser("pulse", help="the class pulse: per question answered/right/"
                            "most common mistake (run as root on the server)")
    pp.add_argument("--json", action="store_true")
    pp.add_argument("--homes", default=None, metavar="GLOB",
                    help="learners' home folders (default: the accounts this hub made; "
                    "'/home/jupyter-*' on TLJH)")
    pp.set_defaults(func=_pulse_room)

    pm = sub.add_parser("pulse", help="what the class pulse recorded for you (on the hub)")
    pm.set_defaults(func=_pulse_mine)
