"""Response rates of campaign touches, against the bands of the training material.

Source: the response-rate matrix of marketing communication (营销沟通的回应率) in
common B2B marketing training material (营销培训资料, the kit's deck 002). It has two
axes: who starts the contact (the company, 公司发起, or the customer, 客户发起) and
whether it is interactive (互动) or passive (被动). Its four quadrants and the
response one can expect:

- passive, company-initiated: traditional marketing (传统营销), 2-5%: mass media,
  direct mail, seminars/exhibitions, catalogues/fax;
- passive, customer-initiated: information-based marketing (信息化营销), 1-3%: voice,
  letter and e-mail requests and web browsing, the customer collecting information;
- interactive, company-initiated: differentiated marketing (差异化营销), 6-15%
  (depends on the quality of the list and the segmentation): direct contact,
  telephone marketing, channel contact, e-marketing;
- interactive, customer-initiated: relationship marketing (关系营销), 18-30% (precise
  targeting, one-to-one): face to face, call centre, internet/e-mail, kiosks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from valuekit.i18n import N_
from valuekit.schema import CHANNELS

from ._checks import amounts, check_frame, rows_text


@dataclass(frozen=True)
class ResponseBand:
    """Expected response rate of one communication approach."""

    key: str
    name: str
    chinese: str
    low: float
    high: float
    note: str
    initiated_by: str  # "company" or "customer" (公司发起 / 客户发起)
    mode: str  # "interactive" or "passive" (互动 / 被动)
    examples: tuple[str, ...] = ()


#: Response-rate bands by approach (rates as fractions).
RESPONSE_BANDS: dict[str, ResponseBand] = {
    b.key: b
    for b in (
        ResponseBand(
            "traditional",
            "Traditional marketing",
            "传统营销",
            0.02,
            0.05,
            "broad campaigns in mass media",
            "company",
            "passive",
            (N_("mass media"), N_("direct mail"),
             N_("seminars / exhibitions"), N_("catalogues / fax")),
        ),
        ResponseBand(
            "information",
            "Information-based marketing",
            "信息化营销",
            0.01,
            0.03,
            "the customer collects information passively",
            "customer",
            "passive",
            (N_("voice requests"), N_("letter requests"),
             N_("e-mail requests"), N_("web browsing")),
        ),
        ResponseBand(
            "differentiated",
            "Differentiated marketing",
            "差异化营销",
            0.06,
            0.15,
            "depends on the quality of the list and of the segmentation",
            "company",
            "interactive",
            (N_("direct contact"), N_("telephone marketing"),
             N_("channel contact"), N_("e-marketing")),
        ),
        ResponseBand(
            "relationship",
            "Relationship marketing",
            "关系营销",
            0.18,
            0.30,
            "precisely targeted, one-to-one",
            "customer",
            "interactive",
            (N_("face to face"), N_("call centre"),
             N_("internet / e-mail"), N_("kiosks")),
        ),
    )
}

#: Which quadrant of the deck's matrix each sample channel belongs to. Mass media,
#: direct mail and seminars are listed under traditional marketing in the deck; the
#: sample's ``email`` channel is e-mail and web information requests the customer
#: starts (information-based); ``phone`` is telephone marketing (differentiated);
#: ``one_to_one`` is face-to-face account work (relationship).
CHANNEL_APPROACH: dict[str, str] = {
    "mass_media": "traditional",
    "direct_mail": "traditional",
    "seminar": "traditional",
    "email": "information",
    "phone": "differentiated",
    "one_to_one": "relationship",
}
assert set(CHANNEL_APPROACH) == set(CHANNELS)


def response_matrix() -> pd.DataFrame:
    """The deck's response-rate matrix as a 2 x 2 table to show.

    Rows: interactive, passive; columns: company-initiated, customer-initiated;
    each cell names the approach, its response band and its example channels.
    Source: 营销沟通的回应率 in common B2B marketing training material (deck 002).
    """
    cells: dict[str, dict[str, str]] = {"interactive": {}, "passive": {}}
    for b in RESPONSE_BANDS.values():
        cells[b.mode][f"{b.initiated_by}-initiated"] = (
            f"{b.name} ({b.chinese}) {b.low:.0%}-{b.high:.0%}: {', '.join(b.examples)}"
        )
    return pd.DataFrame.from_dict(cells, orient="index")[
        ["company-initiated", "customer-initiated"]
    ]


def response_rates(
    touches: pd.DataFrame,
    by: str = "channel",
    approach_of: Mapping[str, str] | None = CHANNEL_APPROACH,
) -> pd.DataFrame:
    """Response rate (responses / contacts) per channel, against its band.

    Sums ``contacts``, ``responses`` and (if present) ``cost`` per value of
    ``by``; the rate is responses / contacts (NaN with no contacts). With
    ``approach_of`` (channel -> key of :data:`RESPONSE_BANDS`; ``by`` must
    then be the channel column) each row gets its approach, the band's
    ``band_low`` and ``band_high`` and ``position``: "below", "within" or
    "above" the band (empty for a channel ``approach_of`` does not list).
    ``cost_per_response`` is cost / responses (NaN with no responses). Source:
    response-rate bands of common B2B marketing training material (see
    :data:`RESPONSE_BANDS`).

    Args:
        touches: the campaign_touches table (``contacts``, ``responses``, optional ``cost``).
        by: the column to group by.
        approach_of: channel -> key of :data:`RESPONSE_BANDS`; None leaves the bands out.

    Returns:
        A DataFrame indexed by ``by``.
    """
    check_frame(touches, [by, "contacts", "responses"], name="campaign_touches")
    contacts = amounts(touches, "contacts")
    responses = amounts(touches, "responses")
    over = responses > contacts
    if over.any():
        raise ValueError(
            f"responses exceed contacts in {rows_text(touches.index, over)} of campaign_touches"
        )
    data = {"contacts": contacts, "responses": responses}
    if "cost" in touches.columns:
        data["cost"] = amounts(touches, "cost")
    out = pd.DataFrame(data, index=touches.index).groupby(touches[by], sort=True).sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate"] = np.where(out["contacts"] > 0, out["responses"] / out["contacts"], np.nan)
        if "cost" in out.columns:
            out["cost_per_response"] = np.where(
                out["responses"] > 0, out["cost"] / out["responses"], np.nan
            )
    if approach_of is not None:
        unknown = [a for a in set(approach_of.values()) if a not in RESPONSE_BANDS]
        if unknown:
            raise ValueError(
                f"approach_of names unknown approach(es) {', '.join(map(repr, sorted(unknown)))}; "
                f"valid ones are {', '.join(RESPONSE_BANDS)}"
            )
        # one lookup per channel (a handful of groups), not per touch
        bands = [RESPONSE_BANDS.get(approach_of.get(c, "")) for c in out.index]
        out["approach"] = [b.key if b else None for b in bands]
        out["band_low"] = [b.low if b else np.nan for b in bands]
        out["band_high"] = [b.high if b else np.nan for b in bands]
        rate, lo, hi = out["rate"], out["band_low"], out["band_high"]
        out["position"] = np.select(
            [rate < lo, rate > hi, (rate >= lo) & (rate <= hi)],
            ["below", "above", "within"],
            default=None,
        )
    return out


__all__ = [
    "CHANNEL_APPROACH",
    "RESPONSE_BANDS",
    "ResponseBand",
    "response_matrix",
    "response_rates",
]
