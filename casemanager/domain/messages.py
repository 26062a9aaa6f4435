"""Messages of the core that a person reads, translatable without the core knowing Qt.

The core writes every message a caseworker may read (a refusal, a line of an import
report, a progress step) with `msg`:

    raise ValidationError(name, msg("is {length} characters long; at most {limit}",
                                    length=len(text), limit=max_len))

`msg` returns a `Message`: a `str` holding the English text (so `str(exc)`, the command
line and its contract stay English and unchanged) that also keeps its template and its
parameters. The window translates the template (context "Core", see `CONTEXT`) and
then puts in the parameters in the interface's words (ui/labels.py `core_text`).

The template must be a literal string: scripts/update_translations.py finds every
`msg("…")` in casemanager/ and puts its template in the .ts file for translators, and
tests/ui/test_translations.py fails when one is missing there. Parameters are named
(`{name}`), so a translation may put them in any order; a parameter may itself be a
Message (translated in turn), `Items` (a list of them, joined with commas), a `Word` (a vocabulary code, shown as the interface's word
for it), a `Field` (a field's name, shown as the form's label), a `Kind` (a kind of
record, shown as the interface's word for it) or a date (shown as the interface writes dates).
"""

from __future__ import annotations

from typing import Any

CONTEXT = "Core"


class Message(str):
    """English text that remembers how it was made: `template` and `params`."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, params: dict[str, Any]) -> Message:
        text = template.format(**params) if params else template
        made = super().__new__(cls, text)
        made.template = template
        made.params = params
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Message, (self.template, self.params))


class Word(str):
    """A vocabulary code as a message's parameter (`exchange_listed`): the English text
    keeps the code, the window shows its word ("Exchange listed", «В списке на обмен»)."""


class Field(str):
    """A field's stored name as a message's parameter (`family_name`): the English text
    keeps the name, as the command line has always said it; the window shows the form's
    label for it ("Family name", «Фамилия»)."""


class Kind(str):
    """A kind of record as a message's parameter (`custody`, `event`): the English text
    keeps the code; the window shows its word («место содержания», «событие»)."""


class Items(tuple[Any, ...]):
    """Several parameters shown as one, joined with ", " (each translated in turn)."""

    def __format__(self, spec: str) -> str:
        return format(", ".join(str(item) for item in self), spec)

    def __str__(self) -> str:
        return ", ".join(str(item) for item in self)


class DateText(str):
    """A date's refusal in English (casemanager.domain.partialdate.DateError's text) that
    keeps its `problem` (a DateProblem), so a front end words it and writes its dates
    the interface's way."""

    problem: Any

    def __new__(cls, text: str, problem: Any) -> DateText:
        made = super().__new__(cls, text)
        made.problem = problem
        return made


def msg(template: str, /, **params: Any) -> Message:
    """A message for a person: `template` (a literal, in English) with its `{named}`
    parameters filled in; see the module's doc."""
    return Message(template, params)


def message_of(error: BaseException) -> Message | None:
    """The Message an exception was raised with (its reason, else its first argument)."""
    reason = getattr(error, "reason", None)
    if isinstance(reason, Message):
        return reason
    if error.args and isinstance(error.args[0], Message):
        return error.args[0]
    return None


def counted(count: int, one: str, many: str) -> str:
    """A count and its noun in English, for the command line's plain text (the window
    uses Qt's plural forms): `1 case`, `2 cases`, `101,106 cases` (digits grouped, as the
    command line writes large numbers)."""
    return f"{count:,} {one if count == 1 else many}"
