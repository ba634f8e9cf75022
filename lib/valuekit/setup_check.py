"""Is this machine ready for the workshop? The logic behind notebooks/00_setup_check.ipynb.

:func:`run` returns one :class:`Check` per thing the kit needs (Python, the packages at the
versions the kit asks for, the sample data, offline charts, widgets); the notebook shows
them with :func:`show` and ends with :func:`verdict`. Nothing here touches the network.
"""

from __future__ import annotations

import html
import importlib.metadata as md
import platform
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from valuekit.i18n import N_, localize

__all__ = ["PACKAGES", "Check", "ready", "report_html", "run", "show", "show_verdict",
           "simplified_first", "verdict"]

#: Distribution name -> what it is for (shown to the learner).
PACKAGES: dict[str, str] = {
    "valuekit": N_("the kit itself"),
    "pandas": N_("tables"),
    "numpy": N_("numbers"),
    "altair": N_("charts"),
    "vl-convert-python": N_("drawing charts offline"),
    "ipywidgets": N_("sliders and other controls"),
    "jupyterlab": N_("the notebook app"),
    "jupyterlab_widgets": N_("widgets inside JupyterLab"),
}


@dataclass(frozen=True)
class Check:
    """One line of the report. ``required=False`` checks inform but do not block."""

    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True


def _version(dist: str) -> str | None:
    try:
        return md.version(dist)
    except md.PackageNotFoundError:
        return None


def _wanted() -> dict[str, str]:
    """Version ranges the installed kit declares (pyproject.toml), by distribution."""
    try:
        from packaging.requirements import Requirement
    except ImportError:  # pragma: no cover - packaging comes with pip and jupyter
        return {}
    wanted = {}
    for line in md.requires("valuekit") or []:
        req = Requirement(line)
        if req.marker is None:
            wanted[req.name.lower().replace("_", "-")] = str(req.specifier)
    return wanted


def check_python() -> Check:
    ok = sys.version_info >= (3, 11)
    return Check(
        "Python", ok, f"{platform.python_version()} ({sys.executable})",
        "" if ok else "The kit needs Python 3.11 or newer: run `make lab` with python3.11+.",
    )


def check_packages() -> list[Check]:
    from packaging.version import Version

    wanted = _wanted()
    checks = []
    for dist, purpose in PACKAGES.items():
        version = _version(dist)
        if version is None:
            checks.append(Check(dist, False, N_("not installed ({purpose})", purpose=purpose),
                                N_("Run `make lab` (or `pip install -e .`) in the kit's "
                                   "folder.")))
            continue
        spec = wanted.get(dist.lower().replace("_", "-"), "")
        ok = True
        if spec:
            from packaging.specifiers import SpecifierSet

            ok = Version(version) in SpecifierSet(spec)
        checks.append(Check(
            dist, ok,
            N_("{version} ({purpose}), needs {spec}", version=version, purpose=purpose,
               spec=spec) if spec and not ok
            else N_("{version} ({purpose})", version=version, purpose=purpose),
            "" if ok else N_("Upgrade: `pip install '{dist}{spec}'`, or `make clean lab`.",
                             dist=dist, spec=spec),
        ))
    return checks


def check_data() -> Check:
    start = time.perf_counter()
    try:
        from valuekit import data

        tables = data.load()
    except Exception as err:  # any failure is reported, never raised, in a setup check
        message = str(err).strip().splitlines()[0] if str(err).strip() else repr(err)
        return Check(N_("sample data"), False, f"{type(err).__name__}: {message}",
                     N_("Regenerate it with `make data` (or `valuekit data generate`), then "
                        "rerun this notebook."))
    rows = sum(len(frame) for frame in tables.values())
    return Check(N_("sample data"), True,
                 N_("{tables} tables, {rows:,} rows, loaded in {seconds:.1f} s",
                    tables=len(tables), rows=rows, seconds=time.perf_counter() - start))


def check_charts() -> Check:
    start = time.perf_counter()
    try:
        import altair as alt
        import pandas as pd

        import valuekit.charts as vc

        vc.enable()
        chart = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [1, 2]})).mark_line().encode(
            x=alt.X("x:Q"), y=alt.Y("y:Q")
        )
        svg = vc.to_svg(chart)
        ok = svg.lstrip().startswith("<svg") and alt.renderers.active == vc.RENDERER
    except Exception as err:
        return Check(N_("offline charts"), False, f"{type(err).__name__}: {err}",
                     N_("Reinstall the chart packages: `pip install -e .` in the kit's folder."))
    return Check(N_("offline charts"), ok,
                 N_("drawn as SVG in the kernel, no network ({seconds:.1f} s)",
                    seconds=time.perf_counter() - start),
                 "" if ok else N_("Call `valuekit.charts.enable()` before drawing charts."))


def check_widgets() -> Check:
    try:
        import ipywidgets

        from valuekit.widgets import demo

        ix = demo()
        before = ix.result.numbers
        ix.controls["retention"].value = 0.5
        changed = ix.result.numbers != before
    except Exception as err:
        return Check(N_("widgets"), False, f"{type(err).__name__}: {err}",
                     N_("Reinstall ipywidgets: `pip install -e .` in the kit's folder."))
    front_end = _version("jupyterlab_widgets")
    ok = changed and front_end is not None
    return Check(
        N_("widgets"), ok,
        N_("ipywidgets {version}, JupyterLab extension {front_end}",
           version=ipywidgets.__version__, front_end=front_end)
        if front_end else N_("ipywidgets {version}, JupyterLab extension missing",
                             version=ipywidgets.__version__),
        "" if ok else N_("Install the JupyterLab widget extension: `pip install "
                         "jupyterlab_widgets`, then restart JupyterLab."),
    )


#: Family names that mark a font made for Simplified Chinese: Noto/Source Han "SC" and "CN",
#: Apple's "PingFang SC", "GB" fonts, and Windows' and Linux's Simplified-only families.
_SIMPLIFIED = re.compile(r"\b(SC|CN|GB\w*|Hans|Simplified)\b|YaHei|SimSun|SimHei|DengXian|"
                         r"WenQuanYi", re.IGNORECASE)


def simplified_first(families: Iterable[str]) -> list[str]:
    """Font families, the Simplified Chinese ones first (then by name): fontconfig lists
    every CJK font under ``:lang=zh``, so on a machine with all of Noto CJK the first three
    by name are the HK, JP and KR ones, and a trainer would read that SC is missing."""
    return sorted(set(families), key=lambda name: (not _SIMPLIFIED.search(name), name))


def check_cjk_fonts() -> Check:
    """Chinese/Japanese/Korean labels need a CJK font on the machine that shows the page."""
    if shutil.which("fc-list") is None:
        return Check(N_("CJK fonts"), True, N_("cannot tell on this system (no fc-list); "
                                               "Windows and macOS have them"), required=False)
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True,
                             text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError) as err:
        return Check(N_("CJK fonts"), True, N_("cannot tell ({err})", err=err), required=False)
    families = simplified_first({f.split(",")[0].strip() for f in out.splitlines() if f.strip()})
    ok = bool(families)
    return Check(N_("CJK fonts"), ok, ", ".join(families[:3]) or N_("none found"),
                 "" if ok else N_("Chinese labels will show as boxes: install fonts-noto-cjk "
                                  "(Debian/Ubuntu)."), required=False)


def run() -> list[Check]:
    """Every check, in the order the notebook shows them."""
    return [check_python(), *check_packages(), check_data(), check_charts(), check_widgets(),
            check_cjk_fonts()]


def ready(checks: Sequence[Check]) -> bool:
    return all(c.ok for c in checks if c.required)


def report_html(checks: Sequence[Check]) -> str:
    rows = []
    for c in checks:
        mark, colour = ("✔", "#1b7f3b") if c.ok else (("✘", "#b00020") if c.required
                                                     else ("!", "#8a5a00"))
        label = localize(N_("Fix:"))
        fix = f"<br><em>{html.escape(label)}</em> {html.escape(localize(c.fix))}" if c.fix else ""
        rows.append(
            f'<tr><td style="color:{colour};font-weight:700;font-size:1.2em">{mark}</td>'
            f'<td style="text-align:left"><strong>{html.escape(localize(c.name))}</strong></td>'
            f'<td style="text-align:left">{html.escape(localize(c.detail))}{fix}</td></tr>'
        )
    return ('<table class="valuekit-setup" style="border-collapse:collapse">'
            + "".join(rows) + "</table>")


def verdict(checks: Sequence[Check]) -> str:
    """One sentence: ready, or exactly what to fix."""
    if ready(checks):
        return localize(N_("You are ready: every check passed. If you can see the chart above "
                           "and the slider moves its curve, the workshop will run on this "
                           "machine."))
    todo = [f"{localize(c.name)}: {localize(c.fix or c.detail)}"
            for c in checks if c.required and not c.ok]
    return localize(N_("Not ready yet. Fix these, then run this notebook again: {todo}",
                       todo="; ".join(todo)))


def show(checks: Sequence[Check]) -> None:
    """Display the report (HTML in a notebook)."""
    from IPython.display import display

    text = "\n".join(f"[{'ok' if c.ok else 'FAIL'}] {localize(c.name)}: {localize(c.detail)}"
                     for c in checks)
    display({"text/html": report_html(checks), "text/plain": text}, raw=True)


def show_verdict(checks: Sequence[Check]) -> None:
    """Display :func:`verdict` in a green (ready) or red (not ready) box."""
    from IPython.display import display

    ink, paper = ("#1b7f3b", "#eaf6ee") if ready(checks) else ("#b00020", "#fdecee")
    text = verdict(checks)
    display({
        "text/html": f'<div class="valuekit-verdict" style="border-left:6px solid {ink};'
        f'background:{paper};padding:10px 14px;font-size:1.2em">{html.escape(text)}</div>',
        "text/plain": text,
    }, raw=True)
