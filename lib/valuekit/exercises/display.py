"""How a check looks: an HTML box in a notebook, plain text elsewhere (the view of the
exercise framework; :mod:`valuekit.exercises.question_types` decides, this module shows)."""

from __future__ import annotations

import html
import sys
from typing import Literal

from valuekit.i18n import N_, localize

__all__ = ["COLOURS", "Status", "box", "code_html", "in_notebook", "show", "shown"]

Status = Literal["correct", "incorrect", "unanswered", "error"]

COLOURS = {
    "correct": ("#1b7f3b", "#eaf6ee", N_("Correct")),
    "incorrect": ("#b00020", "#fdecee", N_("Not yet")),
    "unanswered": ("#0a5fa8", "#eaf2fa", N_("No answer yet")),
    "error": ("#8a5a00", "#fff6e0", N_("Cannot check")),
}


def shown(text: object, module: str = "") -> str:
    """A user-facing text in the language the kit shows now, translated at display time:
    from the question module's domain (``m01_value``), then the framework's (``valuekit``);
    the English when neither has it (see :mod:`valuekit.i18n`)."""
    return localize(text, *([module] if module else []), "valuekit")


def in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    from IPython import get_ipython

    return get_ipython() is not None


def show(html_text: str, plain: str) -> None:
    if in_notebook():
        from IPython.display import display

        display({"text/html": html_text, "text/plain": plain}, raw=True)
    else:
        print(plain)


def box(status: Status, body_html: str) -> str:
    ink, paper, _ = COLOURS[status]
    return (
        f'<div class="valuekit-check valuekit-{status}" style="border-left:5px solid {ink};'
        f'background:{paper};padding:8px 12px;margin:4px 0;color:#222">{body_html}</div>'
    )


def code_html(code: str) -> str:
    return (
        '<pre style="background:#f6f6f6;padding:8px;margin:6px 0;overflow-x:auto">'
        f"{html.escape(code.strip())}</pre>"
    )
