"""Per-learner limits for LocalProcessSpawner, which by itself enforces none.

JupyterHub's ``Spawner.mem_limit``/``cpu_limit`` are only *passed* to the server as
MEM_LIMIT/CPU_LIMIT by LocalProcessSpawner (SystemdSpawner and KubeSpawner enforce them). Here
the hub runs as root, so each learner's server is put into its own cgroup before it drops to
the learner's account; its kernels inherit it:

- memory: the cgroup's limit (v1 ``memory.limit_in_bytes`` / v2 ``memory.max``): a kernel that
  loads too much is killed by the kernel's OOM killer inside that cgroup; the rest of the room
  is untouched.
- CPU: a CFS quota (v1 ``cpu.cfs_quota_us`` / v2 ``cpu.max``), e.g. 1.0 = one core at most.
- processes: ``RLIMIT_NPROC`` for the learner's account (a fork bomb stops there).

Without a writable cgroup file system (containers, non-root) only the process limit applies;
:func:`prepare` says so in the hub's log. Idle culling is jupyterhub-idle-culler's job (a hub
service in ``hub/jupyterhub_config.py``) plus the server's own kernel culling.
"""

from __future__ import annotations

import os
import resource
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
GROUP = "valuekit-hub"
PERIOD_US = 100_000


def _write(path: Path, value: str) -> None:
    path.write_text(value)


def prepare(name: str, mem_bytes: int | None, cpu: float | None) -> tuple[list[Path], str]:
    """Create the learner's cgroup(s) with the limits; return the ``cgroup.procs`` files a
    process joins, and a line for the log saying what is enforced."""
    try:
        if (ROOT / "cgroup.controllers").exists():  # cgroup v2 (unified)
            base = ROOT / GROUP
            base.mkdir(exist_ok=True)
            for parent in (ROOT, base):
                _write(parent / "cgroup.subtree_control", "+memory +cpu")
            group = base / name
            group.mkdir(exist_ok=True)
            if mem_bytes:
                _write(group / "memory.max", str(mem_bytes))
            if cpu:
                _write(group / "cpu.max", f"{int(cpu * PERIOD_US)} {PERIOD_US}")
            return [group / "cgroup.procs"], f"cgroup v2 {group}"
        if (ROOT / "memory").is_dir() and (ROOT / "cpu").is_dir():  # cgroup v1
            procs = []
            if mem_bytes:
                group = ROOT / "memory" / GROUP / name
                group.mkdir(parents=True, exist_ok=True)
                _write(group / "memory.limit_in_bytes", str(mem_bytes))
                procs.append(group / "cgroup.procs")
            if cpu:
                group = ROOT / "cpu" / GROUP / name
                group.mkdir(parents=True, exist_ok=True)
                _write(group / "cpu.cfs_period_us", str(PERIOD_US))
                _write(group / "cpu.cfs_quota_us", str(int(cpu * PERIOD_US)))
                procs.append(group / "cgroup.procs")
            return procs, f"cgroup v1 memory+cpu {GROUP}/{name}"
    except OSError as err:
        return [], f"no cgroup limits ({err}); only the process limit applies"
    return [], "no cgroup file system; only the process limit applies"


def join(procs: list[Path], max_processes: int) -> None:
    """Run in the child before it drops privileges: join the cgroups, cap processes."""
    pid = str(os.getpid())
    for path in procs:
        with open(path, "w") as f:
            f.write(pid)
    if max_processes:
        resource.setrlimit(resource.RLIMIT_NPROC, (max_processes, max_processes))


def memory_bytes(name: str) -> int | None:
    """Memory the learner's cgroup uses now (for the benchmark), or None."""
    for path in (ROOT / GROUP / name / "memory.current",
                 ROOT / "memory" / GROUP / name / "memory.usage_in_bytes"):
        if path.exists():
            return int(path.read_text())
    return None
