"""An answer widget: answer a question without code (a drop-down, a number box, or one
drop-down per place or item) and press **Check**, which calls the question's own
``check``: the same verdict, named mistakes and record as ``qN.check(answer)``; **Hint**
shows the hints one by one and **Answer** the model answer.

In a solution notebook::

    ### BEGIN SOLUTION
    answer = "opposite"
    ### END SOLUTION
    ask(dq1, answer)

shows the widget with the answer filled in and checked; the generated exercise has
``answer = ...`` and shows the empty widget, so a learner who does not code picks and
presses Check, and one who codes may type the answer instead.

Which input each kind of question gets: :class:`~valuekit.exercises.Choice` with
``options`` -> a drop-down; :class:`~valuekit.exercises.Number` -> a number box (``1,250``,
``$1,250`` and ``12 %`` are read as numbers); :class:`~valuekit.exercises.decision.OptionOrder`
-> one drop-down per place; :class:`~valuekit.exercises.decision.Match` -> one drop-down per
item; anything else -> a text box.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from valuekit.checks import Verbatim
from valuekit.exercises import Choice, Number, Question, Result
from valuekit.exercises.decision import DECISION_PREFIX, Match, OptionOrder
from valuekit.exercises.display import shown
from valuekit.exercises.feedback import quoted
from valuekit.exercises.question_types import TRY_HINT, dollars, with_unit
from valuekit.i18n import N_, Message, _

__all__ = ["PICK", "AnswerWidget", "answer_widget", "ask", "format_expected", "parse_number"]

#: The empty entry of every drop-down.
PICK = N_("— pick one —")
_WIDE = w.Layout(width="640px")
_STYLE = {"description_width": "220px"}


def parse_number(text: str) -> float | None:
    """A number typed by a person: ``"1,250"``, ``"$1,250"``, ``"12 %"``, ``" -3.5 "``;
    None when the box is empty. Raises ValueError for text that is not a number."""
    cleaned = str(text).replace(",", "").replace("$", "").replace("%", "").replace(" ", "")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(N_("{text} is not a number: type digits only, e.g. 1250000",
                            text=quoted(text))) from None


def format_expected(question: Question) -> str:
    """The expected answer as the Answer button shows it: a :class:`Number` with
    ``decimals`` to exactly that many places ("4", "$576,000", "12.5 %"), anything else as
    the question formats it."""
    q = question
    if not isinstance(q, Number) or q.decimals is None:
        return q._format_expected(q.expected)
    text = f"{float(q.expected):,.{q.decimals}f}"
    if q.unit == "$":
        return dollars(round(float(q.expected), q.decimals), "$" + text)
    if q.unit in ("", "fraction"):
        return text
    return f"{text}{q.unit}" if q.unit == "%" else with_unit(text, q.unit)


#: What a number box's placeholder says of the framework's own units ("a number (%)"); any
#: other unit ("years") is the question's word, translated by the catalogs.
UNIT_WORDS = {"$": N_("$"), "fraction": N_("fraction")}

#: a Ranking's places, shown as the drop-downs' labels
PLACES = (N_("1st"), N_("2nd"), N_("3rd"))


def _dropdown(options: list[str], description: str = "", module: str = "") -> w.Dropdown:
    """(label, value) pairs: the label in the language shown (the question module's domain,
    then the framework's), the value the English option the question checks; plain values
    when every label is its value (the English edition, as before)."""
    pairs = [(shown(PICK), PICK), *[(shown(o, module), o) for o in options]]
    if all(label == value for label, value in pairs):
        pairs = [value for _label, value in pairs]
    return w.Dropdown(options=pairs, value=PICK, description=description,
                      style=_STYLE, layout=_WIDE)


def _message(status: str, text: str) -> str:
    """A verdict-style box ("No answer yet", "Not yet") for what the widget says itself."""
    return Result("", status, text).html()  # type: ignore[arg-type]


def _note(kind: str, title: str, text: str) -> str:
    """A blue box for a hint or the model answer (not a verdict: no "Correct" in it)."""
    return (f'<div class="valuekit-{kind}" style="border-left:5px solid #0a5fa8;'
            f'background:#eaf2fa;padding:8px 12px;margin:4px 0;color:#222">'
            f"<strong>{html.escape(title)}</strong> {html.escape(text)}</div>")


class AnswerWidget(w.VBox):
    """The inputs for one question, a Check, a Hint and an Answer button, and the feedback.

    ``answer`` (optional) fills the inputs. Tests drive it from Python: :meth:`fill`, then
    :meth:`press_check` (what the Check button does) and read :attr:`result` /
    :attr:`feedback`.
    """

    def __init__(self, question: Question, answer: Any = ...) -> None:
        self.question = question
        self.result: Result | None = None
        self._hints_shown = 0
        self.inputs: list[w.ValueWidget] = self._make_inputs()
        self.check_button = w.Button(description=_("Check"), button_style="primary",
                                     icon="check")
        self.hint_button = w.Button(description=_("Hint"), icon="lightbulb-o")
        self.answer_button = w.Button(description=_("Answer"), icon="eye")
        self.feedback = w.HTML()
        self._sink = w.Output()  # takes check()'s own display: the feedback shows it once
        self.check_button.on_click(lambda _: self.press_check())
        self.hint_button.on_click(lambda _: self.press_hint())
        self.answer_button.on_click(lambda _: self.press_answer())
        prompt = w.HTML(f"<div style='margin:4px 0;max-width:760px'><strong>"
                        f"{html.escape(question.name)}.</strong> "
                        f"{html.escape(shown(question.prompt, question.module))}</div>")
        buttons = w.HBox([self.check_button, self.hint_button, self.answer_button])
        super().__init__([prompt, *self.inputs, buttons, self.feedback])
        self.add_class("vk-answer")
        self.add_class(f"vk-answer-{question.name}")
        if answer is not Ellipsis and answer is not None:
            self.fill(answer)
            self.press_check()

    # -- inputs ---------------------------------------------------------------------
    def _make_inputs(self) -> list[w.ValueWidget]:
        q = self.question
        if isinstance(q, OptionOrder):
            places = [*PLACES, *(N_("{i}th", i=i) for i in range(4, len(q.options) + 1))]
            return [_dropdown(q.options, shown(places[i]), q.module)
                    for i in range(len(q.options))]
        if isinstance(q, Match):
            return [_dropdown(q.options, shown(item, q.module), q.module) for item in q.items]
        if isinstance(q, Choice) and q.options:
            return [_dropdown([str(o) for o in q.options], _("Your answer"), q.module)]
        placeholder = _("a number") if isinstance(q, Number) else _("your answer")
        if isinstance(q, Number) and q.unit:
            placeholder = shown(N_("{placeholder} ({unit})", placeholder=placeholder,
                                   unit=UNIT_WORDS.get(q.unit, q.unit)), q.module)
        return [w.Text(value="", placeholder=placeholder, description=_("Your answer"),
                       style=_STYLE, layout=_WIDE)]

    def fill(self, answer: Any) -> None:
        """Put an answer into the inputs (as a learner would pick or type it)."""
        q = self.question
        if isinstance(q, OptionOrder):
            for box, name in zip(self.inputs, answer, strict=False):
                box.value = self._option(box, name)
        elif isinstance(q, Match):
            for box, item in zip(self.inputs, q.items, strict=True):
                box.value = self._option(box, answer.get(item, PICK))
        elif isinstance(self.inputs[0], w.Dropdown):
            self.inputs[0].value = self._option(self.inputs[0], answer)
        else:
            self.inputs[0].value = f"{answer:g}" if isinstance(answer, float) else str(answer)

    @staticmethod
    def _option(box: w.Dropdown, value: Any) -> str:
        from valuekit.exercises.decision import _norm

        values = [o[1] if isinstance(o, tuple) else o for o in box.options]
        for option in values:
            if _norm(option) == _norm(value):
                return option
        raise ValueError(f"{value!r} is not one of the options: {values[1:]}")

    def answer(self) -> Any:
        """The answer the inputs hold, or ``...`` while something is not picked yet."""
        q = self.question
        picked = [box.value for box in self.inputs]
        if any(v == PICK for v in picked):
            return ...
        if isinstance(q, OptionOrder):
            return picked
        if isinstance(q, Match):
            return dict(zip(q.items, picked, strict=True))
        if isinstance(self.inputs[0], w.Dropdown):
            return picked[0]
        text = picked[0]
        if isinstance(q, Number):
            number = parse_number(text)
            return ... if number is None else number
        return text.strip() or ...

    # -- buttons --------------------------------------------------------------------
    def press_check(self) -> Result | None:
        """What the Check button does: the question's ``check`` on the inputs' answer."""
        try:
            answer = self.answer()
        except ValueError as err:  # the number box holds no number: the message says so
            self.feedback.value = _message("incorrect", err.args[0] if err.args else str(err))
            return None
        if answer is Ellipsis:
            what = (N_("First type your answer, then press Check.")
                    if isinstance(self.inputs[0], w.Text)
                    else N_("First pick an option in every box, then press Check."))
            self.feedback.value = _message("unanswered", shown(what))
            return None
        with self._sink:
            self._sink.clear_output()
            self.result = self.question.check(answer)
        text = self.result.message
        if isinstance(text, Message) and text.msgid == TRY_HINT:
            text = N_("{wrong} Press Hint for a hint.", wrong=text.fields["wrong"])
        if self.result.correct and self.question.name.startswith(DECISION_PREFIX) and (
                self.question.solution_code and not self.question.explanation):
            # a decision question's "why" is prose
            text = (f"{shown(text, self.question.module)} "
                    f"{shown(self.question.solution_code, self.question.module)}")
        self.feedback.value = Result(self.result.question, self.result.status, text).html()
        return self.result

    def press_hint(self) -> None:
        """Show the next hint (the last one again when all were shown)."""
        hints = self.question.hints
        if not hints:
            self.feedback.value = _note("hint", _("Hint:"), _("no hint for this one."))
            return
        self._hints_shown = min(self._hints_shown + 1, len(hints))
        n = self._hints_shown
        self.feedback.value = _note("hint", shown(N_("Hint {n} of {total}:", n=n,
                                                     total=len(hints))),
                                    shown(hints[n - 1], self.question.module))

    def press_answer(self) -> None:
        """Show the model answer and why."""
        q = self.question
        try:
            value = shown(format_expected(q), q.module)
        except Exception as err:  # the kit's data, not the learner, is at fault
            value = shown(N_("(cannot compute it here: {err})", err=Verbatim(str(err))))
        label = _("Why:")
        why = f" {label} {shown(q.solution_code, q.module)}" if q.solution_code else ""
        # "4.8 years." / "4.8 年。": the full stop is the reader's language's
        sentence = shown(N_("{answer}.", answer=Verbatim(value)))
        self.feedback.value = _note("answer", _("Answer:"), f"{sentence}{why}")

    # -- where widgets cannot run ----------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        prompt = shown(self.question.prompt, self.question.module)
        bundle["text/html"] = (f"<div><strong>{html.escape(self.question.name)}.</strong> "
                               f"{html.escape(prompt)}</div>{self.feedback.value}")
        bundle["text/plain"] = f"{self.question.name}. {prompt}"
        return bundle


def answer_widget(question: Question, answer: Any = ...) -> AnswerWidget:
    """The answer widget of ``question`` (see the module docstring)."""
    return AnswerWidget(question, answer)


def ask(question: Question, answer: Any = ...) -> AnswerWidget:
    """Show ``question`` with its answer widget; an ``answer`` given is filled in and checked
    at once (recorded like ``question.check(answer)``)."""
    return AnswerWidget(question, answer)
