"""Interactives and teaching notebooks: how long a learner waits.

1. Every registered interactive (``valuekit.widgets.builders()``: each module's
   ``@register_builder("m01.name")`` adds itself): the time from a slider change to new numbers
   and a redrawn chart in the kernel (pure function + SVG + widget update), against the pure
   function alone. Targets: median <= 50 ms, p95 <= 100 ms.
2. ``--browser``: the same round trip seen in a real JupyterLab (headless Chromium): a key
   press on the slider until the new chart is on screen, and a 1-second drag (chart updates
   while dragging, last update after release), with ``continuous_update`` on and off; with
   ``--browser-names m01.x ...`` also those interactives drawn in the kernel (``draw="svg"``)
   against drawn in the page (``draw="browser"``).
3. Every teaching notebook (notebooks/*.ipynb) run top to bottom on a fresh kernel, against
   an empty notebook on the same kernel (the start-up everyone pays). Target: <= 2x.

    .venv/bin/python benchmarks/bench_widgets.py [--moves 40] [--repeats 3] [--browser]
        [--browser-names NAME ...] [--only-widgets | --only-notebooks]

Prints markdown tables; benchmarks/widgets.md records the figures. Not a test: nothing here
asserts a timing.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _grid(control) -> list:
    """Values a control can take, spread over its range (for sliders) or all options."""
    import ipywidgets as w

    if hasattr(control, "options"):  # Dropdown, SelectionSlider ...: up to 8 of the options
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return values[:: max(1, len(values) // 8)]
    steps = round((control.max - control.min) / control.step)
    picks = sorted({round(i * steps / 7) for i in range(8)})
    values = [control.min + k * control.step for k in picks]
    return [int(v) for v in values] if isinstance(control, w.IntSlider) else values


def bench_interactives(moves: int) -> list[tuple]:
    from valuekit.widgets import builders

    rows = []
    for name, builder in builders().items():
        start = time.perf_counter()
        ix = builder()
        build_s = time.perf_counter() - start
        plan = [(key, value) for key, control in ix.controls.items()
                for value in _grid(control)]
        redraw, pure = [], []
        for key, value in itertools.islice(itertools.cycle(plan), moves):
            control = ix.controls[key]
            if control.value == value:
                continue
            start = time.perf_counter()
            control.value = value  # the observer recomputes and redraws, as in a browser
            elapsed = time.perf_counter() - start
            if ix.error is not None:
                continue  # a combination the function refuses: a message, no redraw
            redraw.append(elapsed)
            start = time.perf_counter()
            ix.compute()
            pure.append(time.perf_counter() - start)
        med_r, med_p = statistics.median(redraw), statistics.median(pure)
        rows.append((name, len(redraw), build_s, med_r, _pct(redraw, 0.95), max(redraw),
                     med_p, med_r / med_p if med_p else float("inf")))
    return rows


# ---------------------------------------------------------------------------------------
# Browser round trips


_BROWSER_CELL = """\
from valuekit.widgets import builders
import valuekit.charts as vc
vc.enable()
_ix = builders()[{name!r}]()
ix{i} = type(_ix)(_ix.function, _ix.specs, fixed=_ix.fixed, title=_ix.title,
                  continuous_update={cu}, draw={draw!r})
ix{i}.add_class("bench-{i}")
ix{i}
"""

#: JS: a fingerprint of what the i-th interactive's chart shows right now.
_CHART_STATE = """(i) => {
    const root = document.querySelector('.bench-' + i);
    const img = root.querySelector('img.valuekit-chart');
    if (img) return img.getAttribute('src');
    const svg = root.querySelector('svg.marks');
    return svg ? svg.outerHTML : '';
}"""


def _browser_round_trips(variants: list[tuple[str, str, bool]], presses: int,
                         drags: int) -> list[dict]:
    """For each (interactive, draw, continuous_update): key press -> chart changed on screen,
    and (for the first two variants) drags."""
    import nbformat

    sys.path.insert(0, str(ROOT / "tests"))
    from browser.helpers import (  # noqa: E402  (test helpers reused, not duplicated)
        guard_network,
        launch_chromium,
        run_all_cells,
        start_jupyter_lab,
        stop_jupyter_lab,
    )
    from playwright.sync_api import sync_playwright

    nb_path = ROOT / "tests" / "artifacts" / "bench_widgets_browser.ipynb"
    nb_path.parent.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(_BROWSER_CELL.format(i=i, name=n, draw=d, cu=cu))
                for i, (n, d, cu) in enumerate(variants)]
    nbformat.write(nb, nb_path)
    blocked: list[str] = []
    results = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        server = start_jupyter_lab(ROOT, Path(tmp))
        browser = launch_chromium(pw)
        try:
            context = browser.new_context(base_url=server.url,
                                          viewport={"width": 1280, "height": 1000})
            guard_network(context, blocked)
            page = context.new_page()
            page.goto(f"/api/status?token={server.token}")
            run_all_cells(page, nb_path.relative_to(ROOT).as_posix())
            for i in range(len(variants)):
                root = page.locator(f".bench-{i}")
                root.scroll_into_view_if_needed()
                page.wait_for_function(f"() => ({_CHART_STATE})({i}) !== ''")
                handle = root.locator(".widget-slider .noUi-handle").first
                key_ms = []
                for k in range(presses):
                    before = page.evaluate(_CHART_STATE, i)
                    handle.focus()
                    start = time.perf_counter()
                    page.keyboard.press("ArrowRight" if k % 2 == 0 else "ArrowLeft")
                    page.wait_for_function(
                        f"([i, s]) => ({_CHART_STATE})(i) !== s", arg=[i, before],
                        polling="raf")
                    key_ms.append((time.perf_counter() - start) * 1000)
                results.append({"key": key_ms, "drag": _drags(page, root, i, drags)})
            context.close()
        finally:
            browser.close()
            stop_jupyter_lab(server)
    nb_path.unlink(missing_ok=True)
    for r in results:
        r["blocked"] = blocked
    return results


def _drags(page, root, i: int, drags: int) -> dict:
    """Drag the first slider for ~1 s: how many chart updates appear while dragging, and how
    long after release until the chart stops changing."""
    handle = root.locator(".widget-slider .noUi-handle").first
    track = root.locator(".widget-slider .noUi-target").first.bounding_box()
    after, counts = [], []
    for d in range(drags):
        box = handle.bounding_box()
        x0, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        x1 = track["x"] + track["width"] * (0.15 if d % 2 == 0 else 0.85)
        page.evaluate("""([i, fn]) => { window.__n = 0; window.__s = eval(fn)(i);
            window.__iv = setInterval(() => { const s = eval(fn)(i);
                if (s !== window.__s) { window.__s = s; window.__n++;
                                        window.__t = performance.now(); } }, 5); }""",
                      [i, _CHART_STATE])
        page.mouse.move(x0, y)
        page.mouse.down()
        for k in range(1, 31):  # 30 moves over ~1 s
            page.mouse.move(x0 + (x1 - x0) * k / 30, y)
            page.wait_for_timeout(33)
        page.mouse.up()
        released = page.evaluate("() => performance.now()")
        page.wait_for_timeout(1500)  # far longer than any redraw measured
        last, n = page.evaluate("() => { clearInterval(window.__iv); "
                                "return [window.__t || 0, window.__n]; }")
        after.append(max(0.0, last - released))
        counts.append(n)
    return {"after_release_ms": after, "updates": counts}


# ---------------------------------------------------------------------------------------
# Notebooks


def _run_notebook(path: Path) -> float:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


#: What every teaching notebook pays before its own work: the kit's imports (in the notebooks'
#: order: valuekit before anything imports altair, see lib/valuekit/__init__.py), the sample
#: data and the first chart (vl-convert starts its JavaScript engine on first use).
_FLOOR = """\
import pandas as pd
import valuekit.charts as vc
from valuekit import data
vc.enable()
tables = data.load()
vc.line(pd.DataFrame({"x": [1, 2], "y": [3, 4]}), "x", "y")
"""


def _notebook_file(folder: Path, name: str, source: str) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source)]
    path = folder / name
    nbformat.write(nb, path)
    return path


def bench_notebooks(repeats: int) -> tuple[float, list[tuple[str, float, float]]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        empty = _notebook_file(Path(tmp), "empty.ipynb", "pass")
        floor = _notebook_file(Path(tmp), "floor.ipynb", _FLOOR)
        baseline = statistics.median(_run_notebook(empty) for _ in range(repeats))
        seconds = statistics.median(_run_notebook(floor) for _ in range(repeats))
        rows.append(("(floor: imports + sample data + first chart)", seconds,
                     seconds / baseline))
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        seconds = statistics.median(_run_notebook(path) for _ in range(repeats))
        rows.append((path.name, seconds, seconds / baseline))
    return baseline, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=40, help="slider changes per interactive")
    parser.add_argument("--repeats", type=int, default=3, help="runs per notebook (median)")
    parser.add_argument("--browser", action="store_true", help="also measure in JupyterLab")
    parser.add_argument("--presses", type=int, default=15)
    parser.add_argument("--drags", type=int, default=4)
    parser.add_argument("--browser-names", nargs="*", default=[],
                        help="registered interactives to also time in the browser, drawn "
                        "in the kernel (svg) and in the page (browser)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--only-widgets", action="store_true")
    group.add_argument("--only-notebooks", action="store_true")
    args = parser.parse_args()

    if not args.only_notebooks:
        print("### Interactives: slider change -> numbers + chart redrawn (in the kernel)\n")
        print("| interactive | moves | build s | median ms | p95 ms | max ms "
              "| pure function ms | redraw / pure |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, n, build_s, med, p95, worst, pure, ratio in bench_interactives(args.moves):
            print(f"| {name} | {n} | {build_s:.2f} | {med * 1000:.1f} | {p95 * 1000:.1f} "
                  f"| {worst * 1000:.1f} | {pure * 1000:.2f} | {ratio:.0f}x |")
        print()

    if args.browser and not args.only_notebooks:
        variants = [("framework.demo", "svg", True), ("framework.demo", "svg", False)]
        variants += [(n, d, True) for n in args.browser_names for d in ("svg", "browser")]
        results = _browser_round_trips(variants, args.presses, args.drags)
        print("### In JupyterLab (headless Chromium, network blocked)\n")
        print("| interactive | draw | continuous_update | key press -> new chart, median ms "
              "| p95 ms | chart updates during a 1 s drag | last update after release, ms |")
        print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
        for (name, draw, cu), r in zip(variants, results, strict=True):
            drag = r["drag"]
            print(f"| {name} | {draw} | {cu} | {statistics.median(r['key']):.0f} "
                  f"| {_pct(r['key'], 0.95):.0f} | {statistics.median(drag['updates']):.0f} "
                  f"| {statistics.median(drag['after_release_ms']):.0f} |")
        if results and results[0]["blocked"]:
            print(f"\nblocked requests: {results[0]['blocked']}")
        print()

    if not args.only_widgets:
        baseline, rows = bench_notebooks(args.repeats)
        print(f"### Notebooks: full run on a fresh kernel (median of {args.repeats})\n")
        floor = rows[0][1]
        print("| notebook | run s | empty notebook s | ratio to empty | ratio to floor |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for name, seconds, ratio in rows:
            print(f"| {name} | {seconds:.1f} | {baseline:.2f} | {ratio:.1f}x "
                  f"| {seconds / floor:.1f}x |")


if __name__ == "__main__":
    main()
