"""The Dask back end of ``valuekit report --scheduler``: the same batch on a Dask cluster.

Why Dask distributed (PyPI ``distributed``) rather than the kit's own scheduler: users
already run it on laptops, on HPC (dask-jobqueue) and on Kubernetes (dask-kubernetes);
it retries a task whose worker died and reports progress, so the kit only says what one
report is (docs/reports.md, "On a Dask cluster").

What runs where, and why:

- The **client** (the ``valuekit report`` process) loads and validates the data once, as
  the in-process runner does (:func:`valuekit.reports.runner.run_reports`), and is the
  only process that writes into the output folder: every report comes back to it as text
  and it writes it atomically (``valuekit._files``), records it in ``index.json`` under
  the folder lock and rebuilds ``index.html``. A report computed twice (its worker died
  after finishing it, Dask ran it again) is still written once: one future, one result.
- The validated tables travel to each worker **once**, inside a worker plugin
  (:class:`ReportWorkerPlugin`): Dask sends a registered plugin to every worker, also to
  a worker that joins or restarts later. The plugin writes the pickle into a private run
  folder (mode 0700, ``flock``-ed, as the in-process runner's) in the worker's temporary
  directory, never in the output folder, and removes it when the batch ends.
- The **saved history** the "change since last period" compares with (the figures file
  the output folder's run of the comparison date wrote, :mod:`valuekit.reports.history`)
  is on the client; each team's file (a few kB) travels with that team's task and is
  put where the runner looks for it, so the workers compare with the same saved figures
  as the in-process runner, not with figures recomputed from the data.
- **Kernel reuse**: each worker thread keeps its kernel between reports
  (:class:`valuekit.reports.runner._KernelSlot`, reset cell first), exactly as a thread
  of the in-process runner does; a kernel that failed a report is replaced.
- ``--scheduler local`` starts a :class:`distributed.LocalCluster` bound to 127.0.0.1,
  one single-threaded worker process per job, no dashboard.

Each report is the in-process runner's own code (:func:`runner._run_one`), run on the
worker into a private staging folder whose files are read back and removed, so the two
back ends cannot drift apart. Measured cost against the in-process runner:
benchmarks/reports.md ("Dask").
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from valuekit._files import atomic_write_text
from valuekit.reports import history, runner

#: Value of ``--scheduler`` that starts a LocalCluster on this machine (loopback only).
LOCAL = "local"
#: Seconds the client waits for a scheduler before giving up with a clear error.
CONNECT_TIMEOUT = 30
#: Dask settings of the LocalCluster ``--scheduler local`` starts (a running cluster keeps
#: its own): no statistical profiler sampling every worker's stack each 10 ms, and the
#: event-loop, memory and system monitors of its five processes (scheduler, nannies,
#: workers) woken every second or more rather than every 20-500 ms (nobody looks at them:
#: no dashboard; on 2 cores their wake-ups compete with the kernels). Measured with and
#: without in benchmarks/reports.md.
LOCAL_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
    # None drops it from the environment the nannies give the workers, and so their
    # kernels: glibc returning freed memory to the OS above 64 kB cost each kernel ~0.08
    # CPU-s of system time per report (~7 % of a report; benchmarks/reports.md, "per
    # process"). The memory is the kernels' (replaced every REPORTS_PER_KERNEL reports),
    # not the worker's, whose memory limit Dask's setting is there for.
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}
#: Worker options of that LocalCluster: a heartbeat every 5 s rather than every second
#: (the nanny still notices a dead worker at once: it is its child process).
LOCAL_WORKER_OPTIONS: dict[str, Any] = {"heartbeat_interval": "5s"}
#: One worker process per job (True), so a report that kills its worker (out of memory)
#: does not kill the client; False runs the workers as threads of the client
#: (measured in benchmarks/reports.md; the fault tolerance the tests check needs True).
LOCAL_PROCESSES = True

try:  # the plugin must subclass WorkerPlugin; without distributed the module still imports
    from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - checked in require_distributed()
    _WorkerPlugin = object  # type: ignore[assignment,misc]


def require_distributed() -> None:
    """ValueError with the install command when ``distributed`` is missing (before any
    kernel starts)."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise ValueError(
            "--scheduler needs Dask distributed: pip install 'valuekit[dask]' "
            "(on the client and on every worker)"
        ) from None


def check_scheduler(scheduler: str) -> str:
    """``local`` or a scheduler address (``tcp://HOST:8786``, ``HOST:8786``, ``tls://...``);
    ValueError naming ``--scheduler`` otherwise."""
    text = str(scheduler).strip()
    if text == LOCAL:
        return text
    address = text.split("://", 1)[-1]
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or any(c.isspace() for c in text):
        raise ValueError(
            f"--scheduler must be 'local' or a Dask scheduler address such as "
            f"tcp://HOST:8786; got {scheduler!r}"
        )
    return text


# ---------------------------------------------------------------------------------------
# On each worker


class ReportWorkerPlugin(_WorkerPlugin):
    """What one batch keeps on each worker: the validated tables (sent once, with the
    plugin), a private run folder holding their pickle, and one kernel per worker thread."""

    def __init__(self, name: str, tables: bytes, quiet: bool, reuse_kernels: bool):
        self.name = name
        self.tables = tables
        self.quiet = quiet
        self.reuse_kernels = reuse_kernels

    def setup(self, worker=None) -> None:
        self.work_dir, self._run_lock = runner._new_run_dir()
        self.tables_path = self.work_dir / "tables.pickle"
        self.tables_path.write_bytes(self.tables)
        self.tables = b""  # the file is the copy now; do not keep a second one in memory
        self.registry: set = set()
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.kernel_manager_class = runner._kernel_manager_class(
            self.registry, self.lock, self.quiet)
        self._slots: dict[int, runner._KernelSlot] = {}
        _preload()

    def slot(self) -> runner._KernelSlot | None:
        """The calling thread's kernel slot (None: a fresh kernel per report)."""
        if not self.reuse_kernels:
            return None
        with self.lock:
            return self._slots.setdefault(
                threading.get_ident(), runner._KernelSlot(self.kernel_manager_class))

    def teardown(self, worker=None) -> None:
        self.stop.set()
        # shut the kernels down off the worker's event loop (run_sync must not nest in it)
        closer = threading.Thread(target=self._close_kernels, daemon=True)
        closer.start()
        closer.join(timeout=30)
        runner._kill_kernels(self.registry, self.lock)
        shutil.rmtree(self.work_dir, ignore_errors=True)
        with contextlib.suppress(OSError):
            os.close(self._run_lock)

    def _close_kernels(self) -> None:
        with self.lock:
            slots = list(self._slots.values())
            self._slots.clear()
        for slot in slots:
            with contextlib.suppress(Exception):
                slot.close()


def _preload() -> None:
    """Import on the worker, when the plugin arrives, what every report needs (papermill
    and nbconvert: seconds of CPU), so that the first report does not pay for it (the
    in-process runner imports them before its first report too). Moves the cost into the
    batch's fixed start; it does not remove it."""
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401


@dataclass
class _Spec:
    """What every report of the batch shares (sent with each task; small)."""

    template: Any
    template_path: Path | None
    parameters: dict[str, Any]
    keep_ipynb: bool
    timeout: float | None
    execute: Callable[..., Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _report_task(plugin_name: str, team: runner.Team, spec: _Spec,
                 saved: bytes | None = None) -> dict[str, Any]:
    """One report, on a worker: run the in-process runner's code into a staging folder and
    return the files' text (the client writes them). ``saved``: the figures file the
    client's output folder holds for this team at the comparison date (its history), put
    where the runner looks for it, so that the change since last period is computed
    against the same saved figures as in-process."""
    from distributed import get_worker

    plugin: ReportWorkerPlugin = get_worker().plugins[plugin_name]
    execute = spec.execute
    if execute is None:
        import papermill

        execute = papermill.execute_notebook
    staging = Path(tempfile.mkdtemp(prefix="report-", dir=plugin.work_dir))
    try:
        if saved is not None:
            past = history.history_path(staging, spec.parameters["compare_to"], team.stem)
            past.parent.mkdir(parents=True)
            past.write_bytes(saved)
        job = runner._Job(
            team, spec.template, staging, plugin.work_dir,
            dict(spec.parameters, data_cache=str(plugin.tables_path)),
            spec.keep_ipynb, spec.timeout, plugin.kernel_manager_class, plugin.stop,
            execute, spec.template_path, None,
        )
        result = runner._run_one(job, plugin.slot())
        payload: dict[str, Any] = {
            "ok": result.ok, "error": result.error, "figures": result.figures,
            "seconds": result.seconds, "html": None, "ipynb": None,
        }
        if result.ok:
            payload["html"] = result.html.read_text(encoding="utf-8")
            if result.ipynb is not None:
                payload["ipynb"] = result.ipynb.read_text(encoding="utf-8")
        return payload
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# ---------------------------------------------------------------------------------------
# On the client


@contextlib.contextmanager
def _environ_restored():
    """This process's environment as it was, once the block ends.

    Each nanny of a LocalCluster copies ``distributed.nanny.pre-spawn-environ``
    (``MALLOC_TRIM_THRESHOLD_=65536``, ``OMP_NUM_THREADS=1``, ...) into the *client's*
    ``os.environ`` before it spawns its worker (distributed/nanny.py, ``WorkerProcess.start``)
    and never removes it: without this, every kernel or subprocess the caller starts after
    ``run_reports(..., scheduler="local")`` (a notebook, the benchmark's in-process batches)
    would inherit Dask's settings. Kept for the whole block, so that a worker restarted
    after a crash gets them too."""
    saved = dict(os.environ)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextlib.contextmanager
def _client(scheduler: str, workers: int, quiet: bool):
    """A Dask client: on a new loopback LocalCluster (``local``) or on a running cluster."""
    from distributed import Client, LocalCluster

    # quiet: a worker whose heartbeat races the cluster's shutdown logs an ERROR; the batch
    # reports its own failures
    level = logging.CRITICAL if quiet else logging.WARNING
    if scheduler == LOCAL:
        import dask

        # loopback only; worker threads talk in memory (inproc://), no socket at all
        where = {"host": "127.0.0.1"} if LOCAL_PROCESSES else {}
        # the nannies hand the settings to the worker processes they start
        with _environ_restored(), dask.config.set(LOCAL_CONFIG), LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=LOCAL_PROCESSES,
            dashboard_address=None, silence_logs=level, **where, **LOCAL_WORKER_OPTIONS,
        ) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as err:
        raise ValueError(
            f"cannot reach the Dask scheduler at {scheduler} (--scheduler): {err}"
        ) from None
    with client:
        yield client


def run_all(
    jobs_list: list[runner._Job],
    scheduler: str,
    workers: int,
    progress: bool,
    stop: threading.Event,
    *,
    tables: dict,
    quiet: bool,
    reuse_kernels: bool,
    on_result: Callable[..., None] | None = None,
    execute: Callable[..., Any] | None = None,
) -> dict[str, runner.ReportResult]:
    """The Dask counterpart of :func:`runner._run_all`: same jobs in, one result per team
    out, each report written (atomically, by this process) before ``on_result`` sees it
    (``on_result(*results)``: the results that arrived together).

    ``workers``: LocalCluster size (``local`` only; a running cluster has its own).
    ``execute``: a stand-in for ``papermill.execute_notebook`` run on the workers (tests).
    """
    from distributed import as_completed
    from tqdm import tqdm

    if not jobs_list:
        return {}
    first = jobs_list[0]
    out = first.out_dir
    spec = _Spec(first.template, first.template_path,
                 {k: v for k, v in first.parameters.items() if k != "data_cache"},
                 first.keep_ipynb, first.timeout, execute)
    name = f"valuekit-report-{uuid.uuid4().hex}"
    payload = pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL)
    results: dict[str, runner.ReportResult] = {}
    bar = tqdm(total=len(jobs_list), unit="team", desc="team reports", file=sys.stderr,
               disable=not progress, dynamic_ncols=True)
    failures = 0
    with _client(scheduler, workers, quiet) as client:
        futures = {}
        try:
            client.register_plugin(
                ReportWorkerPlugin(name, payload, quiet, reuse_kernels), name=name)
            del payload
            for i, job in enumerate(jobs_list):
                future = client.submit(_report_task, name, job.team, spec,
                                       _saved_history(out, job), key=f"{name}-{i}",
                                       pure=False)
                futures[future] = job
            # each report is written as soon as it arrives; on_result records the reports
            # in index.json in groups (runner.IndexRecorder: a record rewrites the whole
            # file, so one per report would cost the client O(reports^2))
            for done in as_completed(futures).batches():
                arrived = []
                for future in done:
                    job = futures[future]
                    result = _collect(future, job, out, stop)
                    results[job.team.team_id] = result
                    arrived.append(result)
                    failures += not result.ok
                if on_result is not None:
                    on_result(*arrived)
                bar.update(len(arrived))
                if failures:
                    bar.set_postfix(failed=failures)
        except BaseException:
            stop.set()  # write nothing more; the cluster drops the rest
            with contextlib.suppress(Exception):
                client.cancel(list(futures))
            raise
        finally:
            bar.close()
            with contextlib.suppress(Exception):
                client.unregister_worker_plugin(name)  # kernels stopped, data removed
    return results


def _saved_history(out: Path, job: runner._Job) -> bytes | None:
    """The figures file this folder's run of the comparison date saved for the team (the
    history the in-process runner reads, :func:`runner._run_one`), its bytes, or None.

    Sent with the team's task: each report needs its own team's file only (a few kB), so
    each file travels once, to the one worker that runs the report, rather than every
    team's history to every worker in the plugin."""
    path = history.history_path(out, job.parameters["compare_to"], job.team.stem)
    try:
        return path.read_bytes()  # as is: a damaged file fails the report as in-process
    except OSError:  # none (or unreadable: computed from the data, as for a missing one)
        return None


def _collect(future, job: runner._Job, out: Path, stop: threading.Event) -> runner.ReportResult:
    """A finished task's report written into ``out`` (atomically), as a ReportResult."""
    team = job.team
    try:
        payload = future.result()
    except Exception as err:  # e.g. KilledWorker: the report crashed its worker every time
        return runner.ReportResult(team, ok=False, error=runner._error_text(err))
    if not payload["ok"]:
        return runner.ReportResult(team, ok=False, error=payload["error"],
                                   seconds=payload["seconds"])
    if stop.is_set():
        return runner.ReportResult(team, ok=False, error="interrupted")
    start = time.perf_counter()
    html_path = atomic_write_text(out / f"{team.stem}.html", payload["html"])
    # the figures file and this period's history, as the in-process runner writes them
    figures_file = history.save_figures(out, team.stem, payload["figures"],
                                        job.parameters["period_end"])
    ipynb_path = None
    if payload["ipynb"] is not None:
        ipynb_path = atomic_write_text(out / f"{team.stem}.ipynb", payload["ipynb"])
    return runner.ReportResult(
        team, ok=True, html=html_path, ipynb=ipynb_path, figures=payload["figures"],
        seconds=payload["seconds"] + time.perf_counter() - start, figures_file=figures_file,
    )
