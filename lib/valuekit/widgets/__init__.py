"""Interactives: a pure function (inputs -> numbers + chart) wrapped in ipywidgets.

The pattern every module follows::

    def price_what_if(price: float, volume: int) -> Outcome:          # pure, testable
        revenue = price * volume
        return Outcome({"Revenue": revenue}, chart=..., formats={"Revenue": "${:,.0f}"})

    @register_builder("m01.price_what_if")                           # benchmark registry
    def price_widget() -> Interactive:                               # builder, no arguments
        return Interactive(price_what_if, {
            "price": Slider(10, 100, 5, 40, "Price", "$,.0f"),
            "volume": Slider(100, 5000, 100, 1000, "Volume", ",d"),
        }, title="What if we change the price?")

Tests drive the widget from Python without a browser: set ``ix.controls["price"].value``
and compare ``ix.result`` with ``price_what_if(**ix.inputs)``. The chart is drawn in the
kernel as SVG (see :mod:`valuekit.charts`), so it needs no network and no JavaScript
beyond ipywidgets' own.
"""

from __future__ import annotations

import html
import importlib
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import altair as alt
import ipywidgets as w

from valuekit import charts as vc
from valuekit.i18n import N_, _, language, localize

__all__ = [
    "REGISTRY",
    "Choice",
    "Dropdown",
    "Interactive",
    "Outcome",
    "Slider",
    "builders",
    "demo",
    "demo_outcome",
    "money_slider",
    "register",
    "register_builder",
]


@dataclass(frozen=True)
class Slider:
    """A numeric input. ``format`` is the slider's d3-format readout (",.0f", ".0%", "$,d");
    integers everywhere give an IntSlider."""

    min: float
    max: float
    step: float
    default: float
    label: str = ""
    format: str = ""

    def __post_init__(self) -> None:
        if not self.min < self.max:
            raise ValueError(f"Slider {self.label!r}: min ({self.min}) must be below max")
        if not self.min <= self.default <= self.max:
            raise ValueError(
                f"Slider {self.label!r}: default {self.default} is outside [{self.min}, {self.max}]"
            )
        if self.step <= 0:
            raise ValueError(f"Slider {self.label!r}: step must be positive, got {self.step}")

    @property
    def is_int(self) -> bool:
        return all(
            isinstance(v, int) and not isinstance(v, bool)
            for v in (self.min, self.max, self.step, self.default)
        )


def money_slider(slider: Slider) -> Slider:
    """A slider of dollars as the language shown now reads it: as it is in English (the
    readout ``$50,000``); in another language the readout a plain number (``50,000``: the
    browser's d3 format has no 万) and the currency in the label (``每年毛利（美元）``)."""
    if language() == "en" or not slider.format.startswith("$"):
        return slider
    return replace(slider, format=slider.format[1:],
                   label=_("{label} (USD)").format(label=slider.label))


@dataclass(frozen=True)
class Dropdown:
    """A pick-one input: ``options`` is a list of values, or a mapping label -> value.

    (Named for the control it becomes; :class:`valuekit.exercises.Choice` is a question.)"""

    options: Sequence[Any] | Mapping[str, Any]
    default: Any
    label: str = ""

    def __post_init__(self) -> None:
        values = list(self.options.values()) if isinstance(self.options, Mapping) else list(
            self.options
        )
        if self.default not in values:
            raise ValueError(f"Dropdown {self.label!r}: default {self.default!r} is not an option")


#: The old name of :class:`Dropdown`, kept so notebooks and modules written before the
#: rename still run; new code says Dropdown.
Choice = Dropdown

Spec = Slider | Dropdown | tuple

#: Width of every control's label and of the whole control: the longest labels of the kit
#: ("Main market word of mouth (q)") fit whole at JupyterLab's default font size.
LABEL_WIDTH = "240px"
CONTROL_WIDTH = "700px"


def _as_spec(name: str, spec: Spec) -> Slider | Dropdown:
    if isinstance(spec, Slider | Dropdown):
        return spec
    if isinstance(spec, tuple) and 4 <= len(spec) <= 6:
        return Slider(*spec)
    raise ValueError(
        f"input {name!r}: give a Slider, a Dropdown or a tuple "
        "(min, max, step, default[, label[, format]])"
    )


@dataclass
class Outcome:
    """What a pure interactive function returns: the numbers to show (label -> value, in
    display order), an optional Altair chart, and how to format each number (a Python format
    string such as ``"{:,.0f}"``, ``"${:,.0f}"`` or ``"{:.1%}"``)."""

    numbers: dict[str, Any]
    chart: alt.TopLevelMixin | None = None
    formats: dict[str, str] = field(default_factory=dict)
    note: str = ""
    #: lines shown as a numbered list under the note (e.g. a report's three actions)
    items: tuple[str, ...] = ()

    def formatted(self) -> dict[str, str]:
        """Each number as the readout shows it."""
        out = {}
        for label, value in self.numbers.items():
            fmt = self.formats.get(label)
            if fmt is not None:
                out[label] = fmt.format(value)
            elif isinstance(value, float):
                out[label] = f"{value:,.2f}"
            elif isinstance(value, int):
                out[label] = f"{value:,}"
            else:
                out[label] = str(value)
        return out


def _as_outcome(value: Any) -> Outcome:
    if isinstance(value, Outcome):
        return value
    if isinstance(value, Mapping):
        return Outcome(dict(value))
    if isinstance(value, tuple) and len(value) == 2:
        return Outcome(dict(value[0]), chart=value[1])
    # A programming error, not a bad input: raised, never shown as a readout message.
    raise TypeError(
        "an interactive's function must return an Outcome, a dict of numbers or "
        f"(numbers, chart); got {type(value).__name__}"
    )


_READOUT_CSS = (
    "display:inline-block;margin:4px 18px 4px 0;padding:6px 12px;border-left:4px solid "
    f"{vc.PALETTE[0]};background:#f5f8fb"
)


def readout_html(outcome: Outcome) -> str:
    """The numbers as large cards: readable from the back of a room. A card's label is
    translated here, at display (the outcome's keys stay the English the code reads)."""
    cards = "".join(
        f'<div class="valuekit-number" style="{_READOUT_CSS}">'
        f'<div style="font-size:0.95em;color:#555">{html.escape(localize(label))}</div>'
        f'<div class="valuekit-value" style="font-size:1.7em;font-weight:600;color:#222">'
        f"{html.escape(text)}</div></div>"
        for label, text in outcome.formatted().items()
    )
    note = (
        f'<div style="color:#555;margin-top:4px">{html.escape(outcome.note)}</div>'
        if outcome.note
        else ""
    )
    if outcome.items:
        lines = "".join(f"<li>{html.escape(item)}</li>" for item in outcome.items)
        note += f'<ol class="valuekit-items" style="color:#333;margin:4px 0">{lines}</ol>'
    return f'<div class="valuekit-readout">{cards}{note}</div>'


def _error_html(err: Exception) -> str:
    lead = _("Cannot compute this combination:")
    return (
        '<div class="valuekit-error" style="color:#b00020;font-size:1.1em">'
        f"{html.escape(lead)} {html.escape(str(err))}</div>"
    )


class Interactive(w.VBox):
    """Sliders (and choices) on top, the numbers, then the chart; redrawn on every change.

    Args:
        function: Pure function called as ``function(**inputs, **fixed)``; returns an
            :class:`Outcome`. Kept as :attr:`function` (``fn`` is its old name).
        inputs: name -> :class:`Slider`, :class:`Dropdown` or tuple ``(min, max, step,
            default, label, format)``; names are ``function``'s keyword arguments.
        fixed: Further keyword arguments that no control changes (a frame, a team name).
        continuous_update: Recompute while a slider is dragged (True) or only when it is
            released (False). ipywidgets keeps at most one update in flight and merges the
            rest, so a slow recompute cannot pile up; see benchmarks/widgets.md for the
            timings behind the default.
        draw: ``"svg"`` (default): the kernel draws each chart as SVG (vl-convert) into an
            ``ipywidgets.HTML``, with the chart's title and subtitle as HTML text above it
            (:func:`valuekit.charts.quick_svg`: text is what makes vl-convert slow); what
            the learner sees is what tests and exports see. :attr:`chart_svg` is that SVG.
            ``"browser"``: the kernel sends only the Vega-Lite spec and vega draws it in
            the page (an offline :class:`valuekit.charts.LiveChart`), for charts too slow
            to draw in the kernel on every slider step; :attr:`chart_svg` then stays empty
            and exports show an SVG drawn when the snapshot is taken.
    """

    def __init__(
        self,
        function: Callable[..., Any],
        inputs: Mapping[str, Spec],
        *,
        fixed: Mapping[str, Any] | None = None,
        title: str = "",
        continuous_update: bool = True,
        draw: str = "svg",
    ) -> None:
        if not inputs:
            raise ValueError("an interactive needs at least one input")
        if draw not in ("svg", "browser"):
            raise ValueError(f"draw must be 'svg' or 'browser', not {draw!r}")
        self.draw = draw
        self.title = title
        self.function = function
        self.fixed = dict(fixed or {})
        self.specs = {name: _as_spec(name, spec) for name, spec in inputs.items()}
        self.controls: dict[str, w.ValueWidget] = {
            name: self._control(spec, continuous_update) for name, spec in self.specs.items()
        }
        self.readout = w.HTML()
        self.chart_view: w.HTML | vc.LiveChart = (
            w.HTML() if draw == "svg" else vc.live(None)
        )
        self.result: Outcome | None = None
        self.error: Exception | None = None
        self.chart_svg: str = ""
        head = [w.HTML(f"<h3 style='margin:4px 0'>{html.escape(title)}</h3>")] if title else []
        super().__init__(
            [*head, *self.controls.values(), self.readout, self.chart_view],
            layout=w.Layout(width="100%"),
        )
        self.add_class("valuekit-interactive")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    @staticmethod
    def _control(spec: Slider | Dropdown, continuous_update: bool) -> w.ValueWidget:
        # One label width for every control, so the sliders line up.
        style = {"description_width": LABEL_WIDTH}
        layout = w.Layout(width=CONTROL_WIDTH)
        if isinstance(spec, Dropdown):
            options = list(spec.options.items()) if isinstance(spec.options, Mapping) else list(
                spec.options
            )
            return w.Dropdown(
                options=options, value=spec.default, description=spec.label,
                style=style, layout=layout,
            )
        cls = w.IntSlider if spec.is_int else w.FloatSlider
        kwargs: dict[str, Any] = {
            "min": spec.min, "max": spec.max, "step": spec.step, "value": spec.default,
            "description": spec.label, "continuous_update": continuous_update,
            "style": style, "layout": layout,
        }
        if spec.format:
            kwargs["readout_format"] = spec.format
        return cls(**kwargs)

    @property
    def inputs(self) -> dict[str, Any]:
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def compute(self, **overrides: Any) -> Outcome:
        """Call the pure function on the current inputs (with ``overrides``); no redraw."""
        unknown = set(overrides) - set(self.controls)
        if unknown:
            raise ValueError(
                f"unknown input(s) {sorted(unknown)}; inputs are {list(self.controls)}"
            )
        return _as_outcome(self.function(**{**self.inputs, **overrides}, **self.fixed))

    def refresh(self) -> None:
        """Recompute from the controls and redraw the numbers and the chart."""
        try:
            outcome = self.compute()
        except ValueError as err:
            # A combination the function rejects: say so where the numbers were and keep the
            # last chart, instead of an exception lost in the browser's log.
            self.error = err
            self.readout.value = _error_html(err)
            return
        self.error = None
        self.result = outcome
        self.readout.value = readout_html(outcome)
        if self.draw == "browser":
            self.chart_view.spec = (
                vc.spec_of(outcome.chart) if outcome.chart is not None else None
            )
        elif outcome.chart is not None:
            # Title as HTML, no label limits, no schema check: half the drawing time
            # (valuekit.charts.quick_svg; benchmarks/widgets.md).
            self.chart_svg, self.chart_view.value = vc.quick_svg(outcome.chart)
        else:
            self.chart_svg = ""
            self.chart_view.value = ""

    def _on_change(self, change: dict[str, Any]) -> None:
        self.refresh()

    def snapshot_html(self) -> str:
        """The current numbers and chart as static HTML (no widget needed)."""
        head = f"<h3>{html.escape(self.title)}</h3>" if self.title else ""
        settings = _(", ").join(  # a list separator: "；" in Chinese
            f"{html.escape(spec.label or name)} = {html.escape(_show(self.controls[name]))}"
            for name, spec in self.specs.items()
        )
        body = _error_html(self.error) if self.error is not None else self.readout.value
        if self.draw == "svg":
            chart = self.chart_view.value
        elif self.result is not None and self.result.chart is not None:
            chart = vc.quick_svg(self.result.chart)[1]
        else:
            chart = ""
        note = _("(a snapshot: run the notebook to move the sliders)")
        return (
            f'<div class="valuekit-snapshot">{head}<div style="color:#555">{settings} '
            f"<em>{html.escape(note)}</em></div>"
            f"{body}{chart}</div>"
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        # Live JupyterLab shows the widget view; where widgets cannot run (an untrusted
        # notebook, an HTML export without the CDN widget manager) the front end falls back
        # to this static snapshot instead of "Interactive(children=...)".
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/html"] = self.snapshot_html()
        return bundle

    @property
    def fn(self) -> Callable[..., Any]:
        """The old name of :attr:`function` (``fn`` also names the funnel module)."""
        return self.function

    def __repr__(self) -> str:
        inputs = ", ".join(f"{k}={v!r}" for k, v in self.inputs.items())
        return f"<valuekit Interactive {self.title or self.function.__name__!r}: {inputs}>"


def _show(control: w.ValueWidget) -> str:
    if isinstance(control, w.Dropdown):
        return str(control.label)
    value = control.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    # a handout reads "5,000,000", not Python's "5e+06"; fractions to four figures
    return f"{value:,.0f}" if abs(value) >= 1000 or value == int(value) else f"{value:.4g}"


# ---------------------------------------------------------------------------------------
# Registry of interactive builders (benchmarks and browser tests iterate over it).

#: name -> builder taking no arguments and returning an Interactive on the sample data.
REGISTRY: dict[str, Callable[[], Interactive]] = {}


def register_builder(
    name: str,
) -> Callable[[Callable[[], Interactive]], Callable[[], Interactive]]:
    """Decorator adding an argument-free builder to :data:`REGISTRY` under ``name``."""

    def deco(builder: Callable[[], Interactive]) -> Callable[[], Interactive]:
        old = REGISTRY.get(name)
        # The same function again (a module reloaded in a notebook) replaces itself.
        if old is not None and (old.__module__, old.__qualname__) != (
            builder.__module__, builder.__qualname__
        ):
            raise ValueError(f"an interactive named {name!r} is already registered "
                             f"({old.__module__}.{old.__qualname__})")
        REGISTRY[name] = builder
        return builder

    return deco


#: The old name of :func:`register_builder` (``valuekit.exercises.register_questions`` is
#: the other registry).
register = register_builder


def builders() -> dict[str, Callable[[], Interactive]]:
    """Every registered builder, after importing each module of this package."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return dict(sorted(REGISTRY.items()))


# ---------------------------------------------------------------------------------------
# The framework's own example (setup check, tests, benchmark baseline).


def demo_outcome(retention: float, years: int, customers: int = 100) -> Outcome:
    """Customers left of a cohort after each year at a constant retention rate.

    With a constant annual retention rate r, a cohort of N keeps N * r**t customers after
    t years, and a customer stays 1 / (1 - r) years on average (geometric lifetime; Berger &
    Nasr 1998, "Customer lifetime value: marketing models and applications", J. Interactive
    Marketing 12(1)).
    """
    if not 0 <= retention < 1:
        raise ValueError(f"retention must be at least 0 and below 1, got {retention}")
    if years < 1:
        raise ValueError(f"years must be at least 1, got {years}")
    import pandas as pd

    frame = pd.DataFrame({"year": range(years + 1)})
    frame["customers"] = customers * retention ** frame["year"]
    left = float(frame["customers"].iloc[-1])
    # words translated now, at every redraw: set_language() after import works
    chart = vc.line(
        frame, "year", "customers",
        title=localize(N_("Customers left from a cohort of {customers}", customers=customers)),
        x_title=_("year"), y_title=_("customers"), x_format="d", y_format=",.0f",
        points=True,
    ).encode(
        y=alt.Y("customers:Q", scale=alt.Scale(domain=[0, customers]), title=_("customers"),
                axis=vc.value_axis(",.0f"))
    )
    left_name = localize(N_("Left after {years} years", years=years))
    lifetime = _("Average lifetime (years)")
    return Outcome(
        {left_name: left, lifetime: 1 / (1 - retention)},
        chart=chart,
        formats={left_name: "{:,.1f}", lifetime: "{:.1f}"},
    )


@register_builder("framework.demo")
def demo() -> Interactive:
    """A retention slider that redraws a cohort curve (used by the setup check)."""
    return Interactive(
        demo_outcome,
        {
            "retention": Slider(0.0, 0.95, 0.05, 0.8, _("Retention rate"), ".0%"),
            "years": Slider(1, 15, 1, 5, _("Years"), "d"),
        },
        title=_("Try it: move the retention rate"),
    )
