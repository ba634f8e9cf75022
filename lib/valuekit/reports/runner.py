"""The batch runner behind ``valuekit report``: every team's report, in parallel, in one process.

Why one process with threads: the papermill CLI pays for a fresh Python with
papermill and nbconvert imported for every notebook (seconds each), while
``papermill.execute_notebook`` in-process pays only for the kernel. Each
worker thread here drives one kernel (a separate process, so the notebooks
really run in parallel) and then turns its notebook into HTML. The parent
loads and validates the data once, before any kernel starts, and hands the
kernels a pickle of the validated tables so that none of them parses the CSVs
again. A worker keeps its kernel for its next report (a cell the runner puts
before the template's clears the namespace), because starting a kernel and importing pandas,
scipy and Altair costs more CPU than a whole report (benchmarks/reports.md);
``reuse_kernels=False`` (``--fresh-kernels``) starts one kernel per report.

What can go wrong, and what happens:

- an unknown team, a bad data folder, an unknown language or a bad date:
  ``ValueError`` with a plain message, raised before any kernel starts;
- a team's notebook fails: the other teams still get their reports; the
  result lists the failure (team and error) and the index shows it;
- a team's report fails and the folder holds its report from an earlier run:
  that report is kept (a failed run never removes a good report) and the index
  says it is from an earlier run;
- the run is interrupted (Ctrl-C, SIGTERM, SIGHUP): running kernels are killed,
  no report is written after that moment (only ``index.json`` records the reports
  already written), every file written is complete (temporary file and
  ``os.replace``) and the private run folder is removed;
- the output folder cannot be created or written (read-only, inside a file):
  ``ValueError`` before any kernel starts.

Paths: every path the user gives (``out_dir``, ``data_dir``, ``template``) is
made absolute once, at the entry point, because the kernels run in another
working directory. The pickle of the tables (a copy of all the customer data) is
written in a private folder (mode 0700) in the system's temporary directory,
never in the output folder that users share; a run holds an ``flock`` on it,
and the next run removes any such folder whose lock is free (a run killed with
``kill -9`` cannot clean up after itself).

Several batches may write into one folder, one after the other or at once:
the reports' figures go to the folder's ``index.json`` (in groups, see
:class:`IndexRecorder`) under an exclusive lock on the folder, and ``index.html``
is rebuilt from it, so the index describes every report in the folder, whichever
batch wrote it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import pickle
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from valuekit._files import atomic_write_text, writable_folder
from valuekit._resources import kit_file
from valuekit.i18n import N_, localize

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock (see _run_is_live, _folder_lock)
    fcntl = None  # type: ignore[assignment]
from valuekit.reports import history
from valuekit.reports.export import check_offline, notebook_to_html
from valuekit.reports.naming import report_stems
from valuekit.reports.render import FIGURES_MIME


def default_template() -> Path:
    """The kit's team report template (``report_templates/team_report.ipynb`` in a checkout,
    packaged inside an installed wheel); FileNotFoundError names where it looked."""
    return kit_file("team_report.ipynb")


#: Output formats: every report is HTML; "pdf" adds a PDF printed by Chromium (pdf.py).
FORMATS = ("html", "pdf")

#: Reports one kernel runs before it is replaced (when kernels are reused).
REPORTS_PER_KERNEL = 25

#: Prefix of the private run folders in the system's temporary directory.
RUN_PREFIX = "valuekit-run-"
#: The file in a run folder that the live run holds an exclusive ``flock`` on.
RUN_LOCK = "run.lock"
#: Folders of runs from before the fix, inside the output folder (removed when stale).
LEGACY_RUN_PREFIX = ".valuekit-run-"
#: Seconds a run folder without its lock file is left alone (it may be starting).
STALE_GRACE = 60.0
#: Without ``flock`` (Windows), a run folder older than this is taken for a dead run's.
STALE_WITHOUT_LOCKS = 24 * 3600.0
#: The folder's record of its reports, which index.html is built from.
MANIFEST = "index.json"

#: Tag of the cell the runner puts first when it reuses kernels: it clears the namespace
#: left by the previous report. Removed from the executed notebook before anything is saved.
RESET_TAG = "valuekit-reset"
RESET_SOURCE = 'get_ipython().run_line_magic("reset", "-f")  # valuekit: fresh namespace'


@dataclass(frozen=True)
class Team:
    """A team to report on: its id, its name and the stem of its report files."""

    team_id: str
    team_name: str
    stem: str


@dataclass
class ReportResult:
    """What happened to one team's report."""

    team: Team
    ok: bool
    html: Path | None = None
    ipynb: Path | None = None
    pdf: Path | None = None
    figures: dict[str, Any] | None = None
    error: str | None = None
    seconds: float = 0.0
    figures_file: Path | None = None


@dataclass
class BatchResult:
    """The outcome of a batch: one result per team (in the order asked), and the index page."""

    results: list[ReportResult] = field(default_factory=list)
    index: Path | None = None
    seconds: float = 0.0

    @property
    def failed(self) -> list[ReportResult]:
        return [r for r in self.results if not r.ok]

    @property
    def succeeded(self) -> list[ReportResult]:
        return [r for r in self.results if r.ok]


# ---------------------------------------------------------------------------------------
# Kernels


def _kernel_manager_class(registry: set, lock: threading.Lock, quiet: bool):
    """An AsyncKernelManager that runs this Python, records its kernels for a clean stop,
    and (``quiet``) sends the kernel's own stderr chatter to /dev/null.

    Running ``sys.executable`` rather than whatever the ``python3`` kernel spec names
    guarantees the kernel imports the same valuekit as the runner. Cell errors do not
    depend on kernel stderr: they come back through the Jupyter protocol.
    """
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpec

    spec = KernelSpec(
        argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        display_name="valuekit report kernel",
        language="python",
        interrupt_mode="signal",
        metadata={},
    )

    class BatchKernelManager(AsyncKernelManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._kernel_spec = spec
            self._clients: list = []

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            if quiet:
                kw.setdefault("stdout", subprocess.DEVNULL)
                kw.setdefault("stderr", subprocess.DEVNULL)
            with lock:
                registry.add(self)
            await super()._async_launch_kernel(kernel_cmd, **kw)

        def client(self, **kwargs):
            kc = super().client(**kwargs)
            self._clients.append(kc)
            return kc

        def stop_clients(self) -> None:
            """Close the channels of the clients papermill opened (it leaves them open on
            a kernel it does not own)."""
            while self._clients:
                with contextlib.suppress(Exception):
                    self._clients.pop().stop_channels()

    return BatchKernelManager


class _KernelSlot:
    """The kernel one worker thread reuses, report after report.

    Starting a kernel and importing pandas, scipy, Altair and valuekit costs
    several seconds of CPU per kernel, far more than computing and drawing one
    report; so a worker keeps its kernel and the template clears the user
    namespace (``%reset -f``) before each report. Modules stay imported, no
    variable survives. After a failed report the kernel is discarded, and it is
    replaced after :data:`REPORTS_PER_KERNEL` reports to bound memory.
    """

    def __init__(self, kernel_manager_class: type):
        self.kernel_manager_class = kernel_manager_class
        self.km = None
        self.uses = 0

    def manager(self):
        if self.km is not None and self.uses >= REPORTS_PER_KERNEL:
            self.close()
        if self.km is None:
            self.km = self.kernel_manager_class(kernel_name="python3")
            self.uses = 0
        self.uses += 1
        return self.km

    def done(self, ok: bool) -> None:
        if self.km is None:
            return
        self.km.stop_clients()
        if not ok:
            self.close()

    def close(self) -> None:
        km, self.km, self.uses = self.km, None, 0
        if km is None:
            return
        km.stop_clients()
        if km.has_kernel:
            from jupyter_core.utils import run_sync

            with contextlib.suppress(Exception):
                run_sync(km.shutdown_kernel)(now=True)


def _kill_kernels(registry: set, lock: threading.Lock) -> None:
    """Kill every kernel of the batch that is still running (used on interrupt)."""
    with lock:
        managers = list(registry)
    for km in managers:
        process = getattr(getattr(km, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                process.kill()


# ---------------------------------------------------------------------------------------
# One team


def extract_figures(nb: nbformat.NotebookNode) -> dict[str, Any] | None:
    """Remove the figures output from an executed report notebook and return it.

    The figures are also stored in ``nb.metadata["valuekit"]["figures"]`` so that
    a kept notebook still carries them.
    """
    figures = None
    nb.cells = [c for c in nb.cells if RESET_TAG not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if FIGURES_MIME in data:
                figures = data[FIGURES_MIME]
                if isinstance(figures, str):  # some front ends store JSON as text
                    figures = json.loads(figures)
                continue
            kept.append(output)
        cell["outputs"] = kept
    if figures is not None:
        nb.metadata.setdefault("valuekit", {})["figures"] = figures
    return figures


def _error_text(err: BaseException) -> str:
    """A one-line description of a report failure."""
    ename = getattr(err, "ename", None)
    evalue = getattr(err, "evalue", None)
    if ename:  # papermill's PapermillExecutionError: the notebook's own exception
        return f"{ename}: {evalue}".strip()
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0] if text else ''}".rstrip(": ")


@dataclass
class _Job:
    team: Team
    template: nbformat.NotebookNode
    out_dir: Path
    work_dir: Path
    parameters: dict[str, Any]
    keep_ipynb: bool
    timeout: float | None
    kernel_manager_class: type
    stop: threading.Event
    execute: Callable[..., nbformat.NotebookNode]
    template_path: Path | None = None
    chromium: str | None = None


def _run_one(job: _Job, slot: _KernelSlot | None = None) -> ReportResult:
    start = time.perf_counter()
    team = job.team
    html_path = job.out_dir / f"{team.stem}.html"
    ipynb_path = job.out_dir / f"{team.stem}.ipynb"
    pdf_path = job.out_dir / f"{team.stem}.pdf"
    if job.stop.is_set():
        return ReportResult(team, ok=False, error="not run: the batch was interrupted")
    ok = False
    try:
        reuse = {} if slot is None else {"km": slot.manager()}
        # the figures this folder's run of the comparison date saved, if any
        saved = history.history_path(job.out_dir, job.parameters["compare_to"], team.stem)
        nb = job.execute(
            job.template,
            None,
            parameters=dict(job.parameters, team=team.team_id,
                            previous_figures=str(saved) if saved.is_file() else None),
            kernel_name="python3",
            language="python",
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            execution_timeout=job.timeout,
            kernel_manager_class=job.kernel_manager_class,
            resources={"metadata": {"path": str(job.work_dir)}},
            **reuse,
        )
        ok = True
        # papermill records its input; ours is a notebook object, so name the file instead
        papermill_meta = nb.metadata.get("papermill", {})
        if not isinstance(papermill_meta.get("input_path"), str | type(None)):
            papermill_meta["input_path"] = str(job.template_path)
        if job.stop.is_set():
            return ReportResult(team, ok=False, error="interrupted")
        figures = extract_figures(nb)
        if figures is None:
            raise RuntimeError(
                f"the template displayed no figures (no {FIGURES_MIME} output); "
                "is it the valuekit team report template?"
            )
        page = notebook_to_html(nb, title=_title(figures, team))
        check_offline(page, "the report")
        if job.stop.is_set():
            return ReportResult(team, ok=False, error="interrupted")
        atomic_write_text(html_path, page)
        figures_file = history.save_figures(job.out_dir, team.stem, figures,
                                             job.parameters["period_end"])
        if job.keep_ipynb:
            atomic_write_text(ipynb_path, nbformat.writes(nb))
        if job.chromium is not None and not job.stop.is_set():
            from valuekit.reports.pdf import html_to_pdf

            html_to_pdf(html_path, pdf_path, job.chromium)
        return ReportResult(
            team,
            ok=True,
            html=html_path,
            ipynb=ipynb_path if job.keep_ipynb else None,
            pdf=pdf_path if job.chromium is not None else None,
            figures=figures,
            seconds=time.perf_counter() - start,
            figures_file=figures_file,
        )
    except BaseException as err:
        if not isinstance(err, Exception):  # KeyboardInterrupt, SystemExit: stop the batch
            job.stop.set()
            raise
        # one team's failure must not stop the others; a good report from an earlier run
        # stays (the index says it is from an earlier run)
        return ReportResult(
            team, ok=False, error=_error_text(err), seconds=time.perf_counter() - start
        )
    finally:
        if slot is not None:
            slot.done(ok)  # a kernel that failed a report is not trusted with the next


def _title(figures: dict[str, Any], team: Team) -> str:
    title = figures.get("title") if isinstance(figures, dict) else None
    return str(title) if title else f"Team report: {team.team_name}"


# ---------------------------------------------------------------------------------------
# The batch


def default_jobs() -> int:
    """Kernels to run at once: one per CPU core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def plan_teams(teams: Sequence[tuple[str, str]], selection: Iterable[str]) -> list[Team]:
    """The teams a selection names, in the order given, each with its file stem.

    ``teams`` is every ``(team_id, team_name)`` of the data; ``selection``
    holds ``"all"`` or team ids or team names (ids win when a text is both).
    Raises ValueError naming the unknown entries and listing the valid teams.
    """
    from valuekit import team_report

    stems = report_stems(teams)
    names = dict(teams)
    chosen: list[str] = []
    selection = list(selection)
    if not selection:
        raise ValueError("no team given: pass --team all, or one or more team ids or names")
    for item in selection:
        if item == "all":
            ids = [tid for tid, _ in teams]
        else:
            ids = [team_report.find_team_id(teams, item)]
        chosen.extend(i for i in ids if i not in chosen)
    return [Team(tid, names[tid], stems[tid]) for tid in chosen]


def run_reports(
    teams: Iterable[str] = ("all",),
    out_dir: str | os.PathLike = "out/reports",
    *,
    data_dir: str | os.PathLike | None = None,
    period_end: str | None = None,
    compare_to: str | None = None,
    language: str = "en",
    jobs: int | None = None,
    formats: Sequence[str] = ("html",),
    keep_ipynb: bool = False,
    template: str | os.PathLike | None = None,
    timeout: float | None = 600,
    progress: bool = True,
    quiet_kernels: bool = True,
    cache: bool = True,
    reuse_kernels: bool = True,
    execute: Callable[..., nbformat.NotebookNode] | None = None,
    scheduler: str | None = None,
) -> BatchResult:
    """Run the team report for each selected team and write its HTML, then the index page.

    ``teams``: ``["all"]`` or team ids/names. ``formats``: ``["html"]``, or
    ``["html", "pdf"]`` to also print each report to PDF with the machine's
    Chromium (:mod:`valuekit.reports.pdf`). ``data_dir``: a folder of the
    kit's CSVs (None: the sample). ``period_end``: ISO date the report is
    "as of" (None: the sample's 2025-12-31). ``compare_to``: the date each report
    shows the change since (None: one month before ``period_end``; see
    :mod:`valuekit.reports.history`). ``jobs``: kernels at once
    (default: one per core). ``keep_ipynb`` also keeps each executed
    notebook. ``timeout``: seconds a cell may run. ``cache``: hand kernels a
    pickle of the tables validated here (identical frames, less parsing).
    ``reuse_kernels``: each worker keeps its kernel for the next report and
    clears its namespace first (see :class:`_KernelSlot`); False starts a new
    kernel for every report. ``execute`` replaces
    ``papermill.execute_notebook`` (tests). ``scheduler``: None runs the batch
    here (threads and kernels); ``"local"`` (a LocalCluster of ``jobs`` workers
    on 127.0.0.1) or a Dask scheduler address runs it on Dask
    (:mod:`valuekit.reports.dask_backend`), with the same guarantees.

    Everything that can be checked is checked before any kernel starts
    (language, date, data, teams, template, formats); a problem raises
    ValueError. A team whose report fails is listed in the result and the
    others go on. Returns a :class:`BatchResult`.
    """
    started = time.perf_counter()
    plan = _check_request(
        teams, out_dir, data_dir=data_dir, period_end=period_end, compare_to=compare_to,
        language=language, jobs=jobs, formats=formats, template=template,
        scheduler=scheduler)
    options = _Options(keep_ipynb=keep_ipynb, timeout=timeout, progress=progress,
                       quiet_kernels=quiet_kernels, cache=cache, reuse_kernels=reuse_kernels,
                       execute=execute)
    batch = BatchResult()
    try:
        _run_batch(plan, options, batch)
    finally:
        batch.seconds = time.perf_counter() - started
    return batch


@dataclass(frozen=True)
class _Plan:
    """A checked request: everything :func:`run_reports` was asked, validated, made
    absolute and loaded, before any kernel starts (:func:`_check_request`)."""

    out: Path
    teams: list[Team]
    tables: dict
    data_path: Path | None
    template_path: Path
    period_end: str
    compare_to: str
    language: str
    jobs: int
    chromium: str | None
    scheduler: str | None


@dataclass(frozen=True)
class _Options:
    """How to run the reports of a plan (:func:`run_reports`' remaining parameters)."""

    keep_ipynb: bool
    timeout: float | None
    progress: bool
    quiet_kernels: bool
    cache: bool
    reuse_kernels: bool
    execute: Callable[..., nbformat.NotebookNode] | None


def _check_formats(formats: Sequence[str]) -> str | None:
    """The Chromium that prints the PDFs (None: HTML only); ValueError for an unknown
    format or a missing Chromium."""
    formats = [f.lower() for f in formats]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(
            f"unknown report format(s) {', '.join(unknown)}; available: {', '.join(FORMATS)}"
        )
    if "pdf" not in formats:
        return None
    from valuekit.reports.pdf import require_chromium

    return require_chromium()  # no Chromium -> ValueError, before any kernel


def _check_scheduler(scheduler: str | None, chromium: str | None) -> str | None:
    """The checked ``--scheduler`` (None: in-process); ValueError without ``distributed``,
    for a bad address or for PDFs asked of a Dask cluster."""
    if scheduler is None:
        return None
    from valuekit.reports import dask_backend

    dask_backend.require_distributed()
    scheduler = dask_backend.check_scheduler(scheduler)
    if chromium is not None:
        raise ValueError("--format pdf is not available with --scheduler yet; "
                         "print the PDFs without --scheduler")
    return scheduler


def _template_path(template: str | os.PathLike | None) -> Path:
    try:
        path = Path(template).resolve() if template is not None else default_template()
    except FileNotFoundError as err:
        raise ValueError(f"report template not found ({err}); pass --template") from err
    if not path.is_file():
        raise ValueError(f"report template not found: {path} (pass --template)")
    return path


def _check_request(teams, out_dir, *, data_dir, period_end, compare_to, language, jobs,
                   formats, template, scheduler) -> _Plan:
    """Check everything that can be checked before any kernel starts (ValueError naming
    the option at fault), in the order the user would fix it; load the data once."""
    from valuekit import team_report

    chromium = _check_formats(formats)
    scheduler = _check_scheduler(scheduler, chromium)
    team_report.labels(language)  # unknown language -> ValueError
    period = team_report.parse_period_end(period_end)
    # every path made absolute once, here: the kernels run in another working directory
    template_path = _template_path(template)
    data_path = None if data_dir is None else Path(data_dir).resolve()
    tables = team_report.load_tables(data_path)  # bad data -> DataError (a ValueError)
    chosen = plan_teams(team_report.team_list(tables), teams)
    _check_period(tables, period)
    compare = history.parse_compare_to(compare_to, period)  # after: a date before the data
    jobs = default_jobs() if jobs is None else int(jobs)
    if jobs < 1:
        raise ValueError(f"jobs must be 1 or more, got {jobs}")
    return _Plan(
        out=prepare_out_dir(out_dir), teams=chosen, tables=tables, data_path=data_path,
        template_path=template_path, period_end=period.date().isoformat(),
        compare_to=compare.date().isoformat(), language=language, jobs=jobs,
        chromium=chromium, scheduler=scheduler)


def _batch_notebook(template_path: Path, reuse_kernels: bool) -> nbformat.NotebookNode:
    """The template, read once, with the namespace-clearing cell first when kernels are
    reused (:data:`RESET_TAG`)."""
    notebook = nbformat.read(template_path, as_version=4)
    if reuse_kernels:
        reset = nbformat.v4.new_code_cell(RESET_SOURCE)
        reset.metadata["tags"] = [RESET_TAG]
        notebook.cells.insert(0, reset)
    return notebook


@contextlib.contextmanager
def _quiet_papermill(quiet: bool):
    """papermill logs a warning per notebook for parameters it cannot parse from the
    template; the batch reports failures itself, so keep the terminal for the progress bar."""
    pm_log = logging.getLogger("papermill")
    level = pm_log.level
    if quiet:
        pm_log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        pm_log.setLevel(level)


def _run_batch(plan: _Plan, options: _Options, batch: BatchResult) -> None:
    """Run a checked plan: the private run folder, the kernels (or the Dask cluster), the
    index records as reports arrive, and ``index.html`` at the end (into ``batch``)."""
    execute = options.execute
    if execute is None:
        import papermill

        execute = papermill.execute_notebook
    remove_stale_runs(plan.out)
    remove_stale_temporaries(plan.out)
    registry: set = set()
    lock = threading.Lock()
    stop = threading.Event()
    work_dir, run_lock = _new_run_dir()
    restore_signals = _terminate_on_signals()
    recorder = IndexRecorder(plan.out, language=plan.language, period_end=plan.period_end)
    try:
        with _quiet_papermill(options.quiet_kernels):
            parameters = {
                "period_end": plan.period_end,
                "compare_to": plan.compare_to,
                "data_dir": None if plan.data_path is None else str(plan.data_path),
                "language": plan.language,
                "data_cache": _cache_tables(plan.tables, work_dir) if options.cache else None,
            }
            kmc = _kernel_manager_class(registry, lock, options.quiet_kernels)
            notebook = _batch_notebook(plan.template_path, options.reuse_kernels)
            jobs_list = [
                _Job(team, notebook, plan.out, work_dir, parameters, options.keep_ipynb,
                     options.timeout, kmc, stop, execute, plan.template_path, plan.chromium)
                for team in plan.teams
            ]
            with recorder.flushed():
                if plan.scheduler is None:
                    results = _run_all(jobs_list, plan.jobs, options.progress, stop, registry,
                                       lock, options.reuse_kernels, on_result=recorder.add)
                else:
                    from valuekit.reports import dask_backend

                    results = dask_backend.run_all(
                        jobs_list, plan.scheduler, plan.jobs, options.progress, stop,
                        tables=plan.tables, quiet=options.quiet_kernels,
                        reuse_kernels=options.reuse_kernels, on_result=recorder.add,
                        execute=options.execute)
        batch.results = [results[j.team.team_id] for j in jobs_list]
        batch.index = write_index(plan.out, language=plan.language)
    finally:
        restore_signals()
        shutil.rmtree(work_dir, ignore_errors=True)
        os.close(run_lock)


def _cache_tables(tables: dict, work_dir: Path) -> str:
    """The validated tables pickled into the private run folder, for the kernels."""
    cache_path = work_dir / "tables.pickle"
    with open(cache_path, "wb") as handle:
        pickle.dump(tables, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return str(cache_path)


#: The progress bar of a batch: tqdm's default layout written out (the English bar is
#: exactly tqdm's), so that a translation can use its own colon, brackets and words.
_PROGRESS_BAR = N_("{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} "
                   "[{elapsed}<{remaining}, {rate_fmt}{postfix}]")


def _run_all(
    jobs_list: list[_Job],
    jobs: int,
    progress: bool,
    stop: threading.Event,
    registry: set,
    lock: threading.Lock,
    reuse_kernels: bool = True,
    on_result: Callable[[ReportResult], None] | None = None,
) -> dict[str, ReportResult]:
    """Run the jobs on ``jobs`` worker threads; each owns its kernel (see _KernelSlot).
    ``on_result`` is called in this thread with each result as it arrives."""
    from tqdm import tqdm

    todo: queue.Queue[_Job] = queue.Queue()
    for job in jobs_list:
        todo.put(job)
    done: queue.Queue[ReportResult | BaseException] = queue.Queue()

    def worker() -> None:
        slot = _KernelSlot(jobs_list[0].kernel_manager_class) if reuse_kernels else None
        try:
            while not stop.is_set():
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                done.put(_run_one(job, slot))
        except BaseException as err:  # interrupt raised in a job: hand it to the main thread
            stop.set()
            done.put(err)
        finally:
            if slot is not None:
                slot.close()

    threads = [
        threading.Thread(target=worker, name=f"valuekit-report-{i}", daemon=True)
        for i in range(min(jobs, len(jobs_list)))
    ]
    results: dict[str, ReportResult] = {}
    bar = tqdm(
        total=len(jobs_list), unit=localize(N_("team"), "reports"),
        desc=localize(N_("team reports"), "reports"), file=sys.stderr,
        disable=not progress, dynamic_ncols=True,
        # tqdm's own layout, as a catalog entry: Chinese puts its own colon and brackets
        bar_format=localize(_PROGRESS_BAR, "reports"),
    )
    failures = 0
    try:
        for thread in threads:
            thread.start()
        while len(results) < len(jobs_list):
            try:
                item = done.get(timeout=0.5)
            except queue.Empty:
                if not any(t.is_alive() for t in threads) and done.empty():
                    break  # pragma: no cover - every worker ended without a result
                continue
            if isinstance(item, BaseException):
                raise item
            results[item.team.team_id] = item
            if on_result is not None:
                on_result(item)
            failures += not item.ok
            bar.update(1)
            if failures:
                bar.set_postfix(failed=failures)
    except BaseException:
        # Ctrl-C (or any error here): start nothing new, kill running kernels so the
        # workers return promptly, and write nothing more.
        stop.set()
        while any(t.is_alive() for t in threads):  # a kernel may still be starting
            _kill_kernels(registry, lock)
            for thread in threads:
                thread.join(timeout=0.2)
        raise
    finally:
        bar.close()
    for thread in threads:
        thread.join()
    return results


#: index.json is rewritten whole by every record, so the runner records the reports that
#: arrive in groups: when this many wait, or once as many wait as an eighth of those already
#: recorded (:class:`IndexRecorder`); and always at the end, also of an interrupted batch.
RECORD_EVERY = 8
RECORD_FRACTION = 8


class IndexRecorder:
    """Enters a batch's reports in the folder's ``index.json`` in groups, not one by one.

    A record rewrites the whole file (every report's figures) under the folder lock, so one
    record per report costs O(n²) for n reports: minutes of the client's time at a few
    thousand (benchmarks/reports.md). Here a group is written when :data:`RECORD_EVERY`
    reports wait or as many as 1/:data:`RECORD_FRACTION` of those already recorded, so the
    number of records grows like log n and the entries rewritten in total like n.
    :meth:`flushed` records what still waits when the batch ends, however it ends (Ctrl-C,
    SIGTERM, an error), so an interrupted batch leaves every report it wrote on record.
    Only a run killed outright (``kill -9``, power cut) can leave up to one group of written
    reports out of ``index.json``; every entry there still names a complete file.
    """

    def __init__(self, out_dir: Path, *, language: str, period_end: str,
                 every: int = RECORD_EVERY, fraction: int = RECORD_FRACTION):
        self.out_dir, self.language, self.period_end = Path(out_dir), language, period_end
        self.every, self.fraction = max(1, every), max(1, fraction)
        self.pending: list[ReportResult] = []
        self.recorded = 0  # reports of this batch already in index.json
        self.records = 0  # times index.json was written

    def add(self, *results: ReportResult) -> None:
        """Reports just written (their files complete); recorded when a group is full."""
        self.pending.extend(results)
        if len(self.pending) >= max(self.every, self.recorded // self.fraction):
            self.flush()

    def flush(self) -> None:
        """Record every waiting report now (one write of ``index.json``)."""
        if not self.pending:
            return
        group, self.pending = self.pending, []
        record_reports(self.out_dir, group, language=self.language,
                       period_end=self.period_end)
        self.recorded += len(group)
        self.records += 1

    @contextlib.contextmanager
    def flushed(self):
        """Record what still waits when the block ends, also when it ends with an
        exception (an interrupt: the waiting reports are complete files)."""
        try:
            yield self
        except BaseException:
            with contextlib.suppress(Exception):  # the interrupt, not a write error, is news
                self.flush()
            raise
        self.flush()


def record_reports(
    out_dir: Path, results: Sequence[ReportResult], *, language: str, period_end: str
) -> None:
    """Record reports in the folder's ``index.json`` (the runner calls it, through
    :class:`IndexRecorder`, for groups of reports as they are written, so that even a batch
    interrupted midway leaves its reports on record).

    Under an exclusive ``flock`` on the folder: two batches writing at once each add their
    own reports, neither loses the other's. A team whose report failed keeps its earlier
    entry (and file), marked with this run's error.
    """
    out_dir = Path(out_dir)
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    with _folder_lock(out_dir):
        entries = _read_manifest(out_dir)
        for r in results:
            if r.ok:
                entries[r.team.stem] = {
                    "team_id": r.team.team_id,
                    "team_name": r.team.team_name,
                    "html": r.html.name if r.html else None,
                    "pdf": r.pdf.name if r.pdf else None,
                    "ipynb": r.ipynb.name if r.ipynb else None,
                    "figures_file": r.figures_file.name if r.figures_file else None,
                    "period_end": period_end,
                    "language": language,
                    "written": now,
                    "figures": r.figures,
                    "error": None,
                }
            else:
                entry = entries.get(r.team.stem) or {
                    "team_id": r.team.team_id, "team_name": r.team.team_name, "html": None,
                    "figures": None, "period_end": period_end,
                }
                entry.update(error=r.error, failed_at=now)
                entries[r.team.stem] = entry
        _write_manifest(out_dir, entries)


def write_index(out_dir: Path, *, language: str) -> Path:
    """Rebuild ``index.html`` from the folder's ``index.json``: every report in the folder,
    whichever batch wrote it, in ``language``. Entries whose HTML file is gone (deleted by
    hand) are dropped from both."""
    from valuekit.reports.render import index_page

    out_dir = Path(out_dir)
    with _folder_lock(out_dir):
        entries = _read_manifest(out_dir)
        kept, changed = {}, False
        for stem, e in entries.items():
            if e.get("html") and not (out_dir / e["html"]).is_file():
                changed = True
                if not e.get("error"):
                    continue
                e.update(html=None, pdf=None, figures=None)
            kept[stem] = e
        if changed:
            _write_manifest(out_dir, kept)
        page = index_page(list(kept.values()), language=language)
        return atomic_write_text(out_dir / "index.html", page)


def _write_manifest(out_dir: Path, entries: dict[str, dict[str, Any]]) -> None:
    manifest = {"format": 1, "reports": entries}
    atomic_write_text(out_dir / MANIFEST,
                      json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))


def _read_manifest(out_dir: Path) -> dict[str, dict[str, Any]]:
    """The folder's report records; an unreadable or foreign ``index.json`` counts as empty."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        reports = data["reports"]
        if data.get("format") == 1 and isinstance(reports, dict):
            return {str(k): v for k, v in reports.items() if isinstance(v, dict)}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return {}


@contextlib.contextmanager
def _folder_lock(folder: Path):
    """An exclusive ``flock`` on the folder itself (no lock file left in the folder)."""
    if fcntl is None:  # pragma: no cover - Windows: batches into one folder must not overlap
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


# ---------------------------------------------------------------------------------------
# Paths, private run folders and signals


def prepare_out_dir(out_dir: str | os.PathLike) -> Path:
    """The output folder, absolute, created and known writable; ValueError otherwise
    (:func:`valuekit._files.writable_folder`), before any kernel starts."""
    return writable_folder(out_dir, "--out")


def _new_run_dir() -> tuple[Path, int]:
    """A private folder (mode 0700) in the system's temporary directory, and the descriptor
    of its lock file, held with an exclusive ``flock`` for as long as the run lives."""
    # made under another name and renamed once locked: a folder named RUN_PREFIX* is never
    # seen by another run's clean-up without its lock held
    new = Path(tempfile.mkdtemp(prefix="valuekit-new-"))
    fd = os.open(new / RUN_LOCK, os.O_CREAT | os.O_RDWR, 0o600)
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX)
    work = new.with_name(RUN_PREFIX + new.name.removeprefix("valuekit-new-"))
    os.rename(new, work)
    return work, fd


def remove_stale_runs(out_dir: Path | None = None) -> list[Path]:
    """Remove the run folders of runs that are gone (killed with ``kill -9``, a power cut).

    A live run holds the ``flock`` of its folder's lock file; the kernel releases it when
    the process ends, however it ends. Looks in the system's temporary directory and, for
    folders left by versions that kept them there, in ``out_dir``. Returns what it removed.
    """
    places = [(Path(tempfile.gettempdir()), RUN_PREFIX)]
    if out_dir is not None:
        places.append((Path(out_dir), LEGACY_RUN_PREFIX))
    removed = []
    for folder, prefix in places:
        try:
            candidates = [p for p in folder.iterdir() if p.name.startswith(prefix)]
        except OSError:
            continue
        for run in candidates:
            if run.is_symlink() or not run.is_dir():
                continue
            if _run_is_live(run):
                continue
            shutil.rmtree(run, ignore_errors=True)
            if not run.exists():
                removed.append(run)
    return removed


def remove_stale_temporaries(out_dir: Path) -> list[Path]:
    """Remove the temporary files (``.NAME.XXXX.tmp``, :func:`valuekit._files.atomic_open`)
    that a writer killed with ``kill -9`` in the middle of a write left in ``out_dir``.

    A write takes milliseconds, so a temporary file older than :data:`STALE_GRACE` belongs
    to no live writer (another batch writing into the folder at the same time keeps its
    own). The report files themselves are never half-written: they appear by ``os.replace``.
    """
    removed = []
    now = time.time()
    for tmp in Path(out_dir).glob(".*.tmp"):
        try:
            if tmp.is_file() and not tmp.is_symlink() and now - tmp.stat().st_mtime > STALE_GRACE:
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            continue
    return removed


def _run_is_live(run: Path) -> bool:
    if fcntl is None:  # pragma: no cover - Windows: judged by age alone
        try:
            return time.time() - run.stat().st_mtime < STALE_WITHOUT_LOCKS
        except OSError:
            return True
    try:
        fd = os.open(run / RUN_LOCK, os.O_RDONLY)
    except FileNotFoundError:  # no lock: an old-style folder, or a run just starting
        try:
            return time.time() - run.stat().st_mtime < STALE_GRACE
        except OSError:
            return True
    except OSError:  # another user's folder: not ours to judge
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True  # held: the run is alive
    finally:
        os.close(fd)
    return False


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived: stop the batch as Ctrl-C does (and clean up)."""

    def __init__(self, signum: int):
        super().__init__(f"terminated by signal {signum}")
        self.signum = signum


def _terminate_on_signals() -> Callable[[], None]:
    """Turn SIGTERM and SIGHUP into :class:`Terminated` while the batch runs, so that the
    kernels are killed and the run folder removed (``finally`` runs). Only the main thread
    can install signal handlers; elsewhere this does nothing. Returns the undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def handler(signum, _frame):
        raise Terminated(signum)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):  # Windows has no SIGHUP
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        with contextlib.suppress(OSError, ValueError):
            previous[sig] = signal.signal(sig, handler)

    def restore() -> None:
        for sig, old in previous.items():
            with contextlib.suppress(OSError, ValueError, TypeError):
                signal.signal(sig, old)

    return restore


def _check_period(tables: dict, period: Any) -> None:
    """ValueError when the report date is before every opportunity in the data."""
    created = tables["opportunities"]["created_date"]
    first = created.min() if len(created) else None
    if first is None or period < first:
        since = "the data hold no opportunity" if first is None else (
            f"the first opportunity in the data was opened on {first.date()}")
        raise ValueError(
            f"--period-end {period.date()} is before the data ({since}): there is nothing "
            "to report as of that date"
        )
