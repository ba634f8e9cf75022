"""Charts of module 6 (creating customer value). Each takes what a
:mod:`valuekit.value_creation` function returned and computes nothing new."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import altair as alt
import pandas as pd

import valuekit.charts as vc
from valuekit.i18n import N_, _, language, localize, money

#: The module's own domain: the kit's categories this module shows (channels, size bands)
#: are translated there, with the question module's options.
DOMAIN = "m06_customer_value"
#: Words the charts draw as data (the components of delivered value, who leads, a channel's
#: verdict), translated when a chart is drawn in another language than English.
CHART_WORDS = (N_("product value"), N_("service value"), N_("personnel value"),
               N_("image value"), N_("money cost"), N_("time cost"), N_("energy cost"),
               N_("psychic cost"), N_("us"), N_("competitor"), N_("pays back"),
               N_("loses money"))
#: A value tier as a chart shows it outside English (in English: the tier's own name).
TIER_LABELS = {"high": N_("High tier"), "medium": N_("Medium tier"), "low": N_("Low tier")}


def shown(value: object) -> str:
    """A category of the kit (a channel, a size band, a component) as the reader's language
    shows it; unchanged in English, and a name the catalogs do not have (a product, an
    account) stays as it is."""
    return localize(str(value), DOMAIN, "valuekit")


def shown_list(values: Iterable[object]) -> str:
    """Categories of the kit (:func:`shown`) as one list in a sentence: ``a, b, c`` in
    English, ``甲、乙、丙`` in Chinese (the enumeration comma a Chinese reader expects)."""
    return ("、" if language() == "zh" else ", ").join(shown(v) for v in values)


def shown_tier(tier: object) -> str:
    """A value tier (high, medium, low) as a chart shows it: its name in English, "高价值层级"
    ... in Chinese (a tier's "medium" is not a size band's)."""
    text = str(tier)
    if language() != "en" and text in TIER_LABELS:
        return localize(TIER_LABELS[text])
    return text


def head_to_head_chart(h2h: pd.DataFrame, names: pd.Series | None = None) -> alt.TopLevelMixin:
    """Bars of the win rate where features decided the loss, per product (``h2h`` from
    :func:`valuekit.value_creation.head_to_head`); ``names``: product_id -> name.

    Args:
        h2h: :func:`valuekit.value_creation.head_to_head`.
        names: product_id -> name.

    Returns:
        The Altair chart.
    """
    frame = h2h.reset_index()
    key = frame.columns[0]
    if names is not None:
        frame[key] = frame[key].map(names).fillna(frame[key])
    return vc.bar(frame, key, "win_rate_on_features", horizontal=True, labels=True,
                  value_format=".0%", title=_("Who wins when features decide the deal?"),
                  subtitle=_("won / (won + lost on the competitor's features), 2023-2025; "
                             "price losses left out"),
                  category_title="",
                  value_title=_("win rate where features decided the loss"))


def _src(frames: Mapping[str, pd.DataFrame] | None, name: str) -> alt.Data | pd.DataFrame:
    # None: a named source, so an interactive builds the chart once (adoption.template)
    return alt.Data(name=name) if frames is None else frames[name]


def _bars(frames: Mapping[str, pd.DataFrame] | None, category: str, value: str, fmt: str,
          value_title: str, title: str, subtitle: str, color: str | None = None,
          domain: list[str] | None = None, order: list[str] | None = None,
          axis: alt.Axis | None = None, label: str | None = None) -> alt.LayerChart:
    """Horizontal bars with their values written at the end; ``domain`` fixes the colours
    (the first blue, the second red) so they do not swap when one kind is missing. ``axis``
    replaces the value axis of ``fmt``; ``label`` names a column of the bars' texts written
    beforehand (money in 万), instead of ``fmt``."""
    enc = {"y": alt.Y(f"{category}:N", title=None, sort=order),
           "x": alt.X(f"{value}:Q", title=value_title, axis=axis or vc.value_axis(fmt))}
    if color is not None:
        enc["color"] = alt.Color(f"{color}:N", title=None, scale=alt.Scale(
            domain=domain, range=[vc.PALETTE[0], vc.PALETTE[3]]))
    bars = alt.Chart(_src(frames, "bars")).mark_bar().encode(**enc)
    text = bars.mark_text(align="left", baseline="middle", dx=4).encode(
        text=alt.Text(f"{label}:N") if label else alt.Text(f"{value}:Q", format=fmt))
    return alt.layer(bars, text, title=vc._title(title, subtitle)).properties(
        width=480, height=alt.Step(30))


def advantage_frame(advantage: pd.DataFrame, segment: str) -> pd.DataFrame:
    """The bars of :func:`advantage_layers` for one segment (a row of
    :func:`valuekit.value_creation.value_advantage`).

    Args:
        advantage: :func:`valuekit.value_creation.value_advantage`.
        segment: the segment (a row of it).

    Returns:
        The bars, one per component.
    """
    row = advantage.loc[segment].drop("responses")
    frame = pd.DataFrame({"component": [shown(c) for c in row.index.str.replace("_", " ")],
                          "advantage": row.to_numpy(dtype=float)})
    frame["who"] = frame["advantage"].map(lambda a: shown("us" if a >= 0 else "competitor"))
    return frame


def advantage_layers(frames: Mapping[str, pd.DataFrame] | None,
                     title: str = N_("Where we are ahead")) -> alt.LayerChart:
    """Our advantage on each value and cost component (``frames``: "bars" from
    :func:`advantage_frame`); positive = we are ahead.

    Args:
        frames: "bars" from :func:`advantage_frame`.
        title: the chart's title.

    Returns:
        The Altair layer chart.
    """
    return _bars(frames, "component", "advantage", "+.2f", _("our advantage (points)"),
                 localize(title),
                 _("blue: we are ahead; red: the competitor; costs are turned round: a "
                   "positive bar means we cost the customer less"),
                 color="who", domain=[shown("us"), shown("competitor")])


def advantage_chart(advantage: pd.DataFrame, segment: str) -> alt.LayerChart:
    """:func:`advantage_layers` drawn for one segment.

    Args:
        advantage: :func:`valuekit.value_creation.value_advantage`.
        segment: the segment to draw.

    Returns:
        The Altair layer chart.
    """
    return advantage_layers({"bars": advantage_frame(advantage, segment)},
                            title=N_("Where we are ahead: {segment}", segment=shown(segment)))


def tier_budget_layers(frames: Mapping[str, pd.DataFrame] | None) -> alt.LayerChart:
    """Budget per tier (``frames``: "bars" from :func:`tier_budget_frame`). Dollars as in
    English (``$230,000``); in another language the bars' texts as :func:`valuekit.i18n.money`
    writes them (``US$23万``) and the kit's money axis (``2万``, :func:`valuekit.charts.
    money_axis`) under a title that names the currency (``预算（美元）``)."""
    english = language() == "en"
    return _bars(frames, "tier", "budget", "$,.0f",
                 _("budget") if english else _("{label} (USD)").format(label=_("budget")),
                 _("The budget by value tier"), _("whole $1,000s"),
                 order=[shown_tier(t) for t in ("high", "medium", "low")],
                 axis=None if english else vc.money_axis(), label=None if english else "label")


def tier_budget_frame(split: pd.DataFrame) -> pd.DataFrame:
    """The bars of :func:`tier_budget_layers` (``split``: :func:`valuekit.value_creation.
    tier_budget`): the tiers named in the language shown, and outside English each budget as
    the bar's text writes it (``label``)."""
    bars = pd.DataFrame({"tier": [shown_tier(t) for t in split.index],
                         "budget": split["budget"].to_numpy()})
    if language() != "en":
        bars["label"] = [money(float(b), "USD", cents=False) for b in bars["budget"]]
    return bars


def tier_budget_chart(split: pd.DataFrame) -> alt.LayerChart:
    """:func:`tier_budget_layers` drawn for one split."""
    return tier_budget_layers({"bars": tier_budget_frame(split)})


def channel_roi_frame(roi: pd.DataFrame) -> pd.DataFrame:
    """The bars of :func:`channel_roi_layers` (``roi`` from
    :func:`valuekit.value_creation.channel_roi`)."""
    frame = roi.reset_index()[["channel", "roi"]]
    frame["channel"] = frame["channel"].map(shown)
    frame["verdict"] = frame["roi"].map(lambda r: shown("pays back" if r >= 0 else "loses money"))
    return frame


def channel_roi_layers(frames: Mapping[str, pd.DataFrame] | None,
                       order: list[str] | None = None) -> alt.LayerChart:
    """ROI per channel, blue where it pays back, red where it loses money.

    Args:
        frames: "bars" with channel, roi, verdict.
        order: the channels in drawing order (None: the data's order).

    Returns:
        The Altair layer chart.
    """
    return _bars(frames, "channel", "roi", "+.0%", "ROI", _("Marketing ROI per channel"),
                 _("(first-year margin of won deals − cost) / cost"), color="verdict",
                 domain=[shown("pays back"), shown("loses money")],
                 order=[shown(c) for c in order] if order is not None else None)


def channel_roi_chart(roi: pd.DataFrame) -> alt.LayerChart:
    """:func:`channel_roi_layers` drawn for one ROI table."""
    return channel_roi_layers({"bars": channel_roi_frame(roi)}, order=list(roi.index))
