"""Form fields bound to names, with a message line under each field.

A `Form` knows, for every field name the services use (`family_name`, `capture_date`...),
the widget that edits it, how to read and fill it, and a small label under it. A
ValidationError from a service names its field, so `show_error(field, reason)` can put
the message right there (red border, text under the field, focus) instead of in a box
the user must dismiss before finding the field again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain.partialdate import PartialDate
from ui.widgets.checked_line_edit import CheckedLineEdit
from ui.widgets.countries_edit import CountriesEdit
from ui.widgets.partial_date_edit import PartialDateEdit

_ERROR_BORDER = "border: 1px solid #c62828; border-radius: 3px;"
_HINT_STYLE = "color: #5f6368; font-size: 11px;"
_ERROR_TEXT_STYLE = "color: #c62828; font-size: 11px;"
_WARNING_TEXT_STYLE = "color: #9a5b00; font-size: 11px;"


@dataclass
class Binding:
    name: str
    widget: QWidget
    get: Callable[[], Any]
    set: Callable[[Any], None]
    box: QWidget
    message: QLabel
    label: str = ""
    error: str = ""
    hint: str = ""
    warning: str = ""  # possible but unlikely: said at the field, the value is kept


def _joined(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def _set_if_changed(get: Callable[[], str], put: Callable[[str], None], text: str) -> None:
    # Saving reloads the form; rewriting unchanged text would move the cursor and scroll
    # a long note back to its top under the caseworker's hands.
    if get() != text:
        put(text)


def combo_set(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value if value is not None else "")
    combo.setCurrentIndex(max(index, 0))


def choice_combo(choices: Iterable[tuple[str, str]], *, blank: str | None = "") -> QComboBox:
    """A combo box whose item data are the codes the services take."""
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, "")
    for code, label in choices:
        combo.addItem(label, code)
    return combo


class Form(QObject):
    """The bindings of one form; `changed(name)` fires on every edit the user makes."""

    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bindings: dict[str, Binding] = {}
        self._loading = False
        # Captions of one width, so forms in boxes stacked in a column line up.
        self.label_width = 0

    # ------------------------------------------------------------ building

    def add(self, layout: QFormLayout, name: str, label: str | None, widget: QWidget) -> Binding:
        """Add a row; label "" leaves the caption column empty, None spans the row."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        message = QLabel()
        message.setWordWrap(True)
        if isinstance(widget, CheckedLineEdit):
            # A date or country field says what it read as it is typed ("March 1990"):
            # its line is kept while empty, or every later field would jump up and down
            # under the caseworker's typing.
            message.setStyleSheet(_HINT_STYLE)
            message.ensurePolished()
            message.setMinimumHeight(message.fontMetrics().lineSpacing())
            policy = message.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            message.setSizePolicy(policy)
        message.setVisible(False)
        column.addWidget(message)
        binding = Binding(
            name, widget, *self._accessors(name, widget), box=box, message=message,
            label=label or "",
        )
        self.bindings[name] = binding
        if label is None:
            layout.addRow(box)
        else:
            caption = QLabel(label)
            caption.setBuddy(widget)
            # Top-aligned with the field (not centred on field + message line), nudged
            # down to the field's text baseline.
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            caption.setContentsMargins(0, 4, 0, 0)
            if self.label_width:
                caption.setMinimumWidth(self.label_width)
            layout.addRow(caption, box)
        return binding

    def _accessors(self, name: str, widget: QWidget
                   ) -> tuple[Callable[[], Any], Callable[[Any], None]]:
        def emit(*_args: Any) -> None:
            if not self._loading:
                self.changed.emit(name)

        def emit_and_clear(*_args: Any) -> None:
            # Editing a field the services refused takes its mark away; date and country
            # fields re-check themselves instead (their text may still be wrong).
            binding = self.bindings.get(name)
            if binding is not None and binding.error and not self._loading:
                self.clear_error(name)
            emit()

        if isinstance(widget, PartialDateEdit):
            # Date and country fields check themselves and report through `feedback`.
            widget.textChanged.connect(emit)
            widget.feedback.connect(lambda text, ok: self._feedback(name, text, ok))
            return widget.service_text, widget.setDate
        if isinstance(widget, CountriesEdit):
            widget.textChanged.connect(emit)
            widget.feedback.connect(lambda text, ok: self._feedback(name, text, ok))
            return widget.text, lambda v: widget.set_codes(v or ())
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(emit_and_clear)
            return widget.text, lambda v: _set_if_changed(widget.text, widget.setText, _joined(v))
        if isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(emit_and_clear)
            return widget.toPlainText, lambda v: _set_if_changed(
                widget.toPlainText, widget.setPlainText, _joined(v)
            )
        if isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(emit_and_clear)
            if widget.isEditable():
                widget.editTextChanged.connect(emit_and_clear)
                return widget.currentText, lambda v: widget.setEditText(_joined(v))
            return widget.currentData, lambda v: combo_set(widget, v)
        if isinstance(widget, QCheckBox):
            widget.toggled.connect(emit_and_clear)
            return widget.isChecked, lambda v: widget.setChecked(bool(v))
        raise TypeError(f"no form binding for {type(widget).__name__}")

    # ------------------------------------------------------------ values

    def has(self, name: str) -> bool:
        return name in self.bindings

    def widget(self, name: str) -> QWidget:
        return self.bindings[name].widget

    def value(self, name: str) -> Any:
        return self.bindings[name].get()

    def values(self, names: Iterable[str] | None = None) -> dict[str, Any]:
        chosen = self.bindings if names is None else [n for n in names if n in self.bindings]
        return {n: self.bindings[n].get() for n in chosen}

    @contextmanager
    def loading(self):
        """Fill widgets without reporting the changes as the user's edits."""
        self._loading = True
        try:
            yield
        finally:
            self._loading = False

    def set_values(self, source: Mapping[str, Any] | Any) -> None:
        with self.loading():
            for name, binding in self.bindings.items():
                if isinstance(source, Mapping):
                    if name not in source:
                        continue
                    value = source[name]
                else:
                    value = getattr(source, name, None)
                if isinstance(value, dt.date) and not isinstance(binding.widget, PartialDateEdit):
                    value = PartialDate.from_date(value).display()  # typed form, read back
                binding.set(value)
            self.clear_errors()

    # ------------------------------------------------------------ messages

    def _feedback(self, name: str, text: str, ok: bool) -> None:
        binding = self.bindings[name]
        binding.hint = text if ok else ""
        if ok and binding.error:
            self.clear_error(name)
        if ok and not binding.error and binding.warning:
            self._show_message(binding, binding.warning, False, warning=True)
            return
        self._show_message(binding, text if not ok else (binding.error or text), not ok)

    def _show_message(self, binding: Binding, text: str, is_error: bool, *,
                      warning: bool = False) -> None:
        binding.message.setText(text)
        binding.message.setStyleSheet(_ERROR_TEXT_STYLE if is_error else
                                      _WARNING_TEXT_STYLE if warning else _HINT_STYLE)
        binding.message.setVisible(bool(text))

    def show_warning(self, name: str, text: str) -> bool:
        """Say under a field that its value is unlikely (empty text: no longer), without
        refusing it; an error shown there stays first. False when there is no such field."""
        binding = self.bindings.get(name)
        if binding is None:
            return False
        binding.warning = text
        if not binding.error:
            self._show_message(binding, text or binding.hint, False, warning=bool(text))
        return True

    def warnings(self) -> dict[str, str]:
        return {n: b.warning for n, b in self.bindings.items() if b.warning}

    def show_error(self, name: str, reason: str, *, focus: bool = True) -> bool:
        """Mark a field as wrong; False when this form has no such field."""
        binding = self.bindings.get(name)
        if binding is None:
            return False
        binding.error = reason
        kind = type(binding.widget).__mro__
        selector = next(
            (c.__name__ for c in kind if c in (QLineEdit, QPlainTextEdit, QComboBox, QCheckBox)),
            "QWidget",
        )
        binding.widget.setStyleSheet(f"{selector} {{ {_ERROR_BORDER} }}")
        if isinstance(binding.widget, CheckedLineEdit):
            binding.widget.keep_marked()
        self._show_message(binding, reason, True)
        if focus:
            binding.widget.setFocus()
            scroller = _scroll_area_of(binding.box)
            if scroller is not None:
                scroller.ensureWidgetVisible(binding.box)
        return True

    def clear_error(self, name: str) -> None:
        binding = self.bindings[name]
        binding.error = ""
        binding.widget.setStyleSheet("")
        self._show_message(binding, binding.warning or binding.hint, False,
                           warning=bool(binding.warning))

    def clear_errors(self) -> None:
        for name, binding in self.bindings.items():
            if binding.error:
                self.clear_error(name)

    def errors(self) -> dict[str, str]:
        return {n: b.error for n, b in self.bindings.items() if b.error}


def _scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None
