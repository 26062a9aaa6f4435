"""What a Russian reader sees: every visible text of a widget tree, and the English
words among them.

`visible_texts(root)` collects what is on screen or one hover away: labels, buttons,
check boxes, group titles, tab titles, placeholders, combo items, table and tree
headers, menus (with their submenus), tool tips and window titles. Data cells (names,
places typed by caseworkers) are not chrome and are left out.

`english_words(texts)` finds Latin-script words of three letters or more that are not
on the small allow-list (ICRC, PDF, CSV… and the program's name).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTabWidget,
    QTextEdit,
    QTreeView,
    QWidget,
)

# Latin words a Russian interface keeps: acronyms, file formats, the program's name, the
# reference prefix, and the examples of what to type (dates, e-mail).
ALLOWED = {
    "icrc", "pdf", "csv", "xlsx", "xlsm", "txt", "utf", "ctrl", "shift", "alt", "del",
    "case", "manager", "casemanager", "sqlcipher", "postgresql", "openpgp", "tls",
    "ftfy", "excel", "windows", "latin", "cyrillic", "gost", "icao", "iso", "enter",
    "esc", "tab", "home", "end", "sqlite", "gnu", "gpl",
    # a language's name in its own language, as language menus write it
    "english",
}
_WORD = re.compile(r"(?<![\w.@/-])[A-Za-z][A-Za-z'’]{2,}(?![\w@/-])")
_TAG = re.compile(r"<[^>]+>")
# Things that are not words: references (CM-0001), addresses, paths, example values.
_NOT_WORDS = re.compile(r"CM-\d+|\S+@\S+|\S*[/\\]\S*|https?://\S+|\b[A-Z]{2}\b|&\w+;"
                        r"|\b[IVX]+\b")


def _plain(text: str) -> str:
    text = _TAG.sub(" ", text)
    return _NOT_WORDS.sub(" ", text.replace("&&", "").replace("&", ""))


def english_words(texts: Iterable[tuple[str, str]], data: frozenset[str] = frozenset()
                  ) -> list[tuple[str, str]]:
    """(where, text) of every text holding a Latin word not in ALLOWED nor in `data`
    (the words of names and other values caseworkers typed: `data_words`)."""
    found = []
    allowed = ALLOWED | data
    for where, text in texts:
        words = [w for w in _WORD.findall(_plain(text)) if w.lower().strip("'’") not in allowed]
        if words:
            found.append((where, text))
    return found


# What caseworkers typed, whose words may be Latin: names, places, tags, organisations,
# logins.
_DATA_COLUMNS = {
    "cases": ("family_name", "given_name", "patronymic", "name_latin", "name_native",
              "assigned_to", "place_of_birth", "capture_place", "home_region", "affiliation",
              "unit", "rank", "detaining_party", "ethnicity", "languages", "father_name",
              "mother_maiden_name", "person_to_inform", "last_proof_of_life_source"),
    "aliases": ("name",), "case_tags": ("tag",), "tasks": ("title", "assignee"),
    "contacts": ("name", "organisation", "address"), "contact_channels": ("label",),
    "audit_entries": ("actor",), "appeals": ("subject",), "exchanges": ("description",),
    "custody_periods": ("facility",), "case_contacts": ("relationship",),
}


def data_words(db) -> frozenset[str]:
    """Lower-case words of every value in `_DATA_COLUMNS` of the database `db`."""
    from sqlalchemy import inspect, text

    words: set[str] = set()
    with db.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        for table, columns in _DATA_COLUMNS.items():
            if table not in tables:
                continue
            present = {c["name"] for c in inspect(conn).get_columns(table)}
            for column in columns:
                if column not in present:
                    continue
                for (value,) in conn.execute(text(f"SELECT DISTINCT {column} FROM {table}")):
                    words.update(w.lower() for w in _WORD.findall(str(value or "")))
    return frozenset(words)


def _menu_texts(menu: QMenu, where: str) -> list[tuple[str, str]]:
    out = [(where, menu.title())]
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        out.append((f"{where} > action", action.text()))
        if action.toolTip() and action.toolTip() != action.text().replace("&", ""):
            out.append((f"{where} > tooltip", action.toolTip()))
        if action.menu() is not None:
            out += _menu_texts(action.menu(), f"{where} > {action.text()}")
    return out


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of everything on screen in `root` and its visible children."""
    out: list[tuple[str, str]] = []
    if root.isWindow() and root.windowTitle():
        out.append((f"{type(root).__name__} title", root.windowTitle()))
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        name = type(widget).__name__
        if widget.toolTip():
            out.append((f"{name} tooltip", widget.toolTip()))
        if isinstance(widget, QLabel | QAbstractButton):
            out.append((name, widget.text()))
        if isinstance(widget, QLineEdit):
            out.append((f"{name} placeholder", widget.placeholderText()))
        if isinstance(widget, QTextEdit):
            out.append((f"{name} placeholder", widget.placeholderText()))
        if isinstance(widget, QGroupBox):
            out.append((name, widget.title()))
        if isinstance(widget, QTabWidget):
            out += [(f"{name} tab", widget.tabText(i)) for i in range(widget.count())]
            out += [(f"{name} tab tooltip", widget.tabToolTip(i)) for i in range(widget.count())]
        if isinstance(widget, QComboBox) and not widget.isEditable():
            out += [(f"{name} item", widget.itemText(i)) for i in range(widget.count())]
        header = (widget.horizontalHeader() if isinstance(widget, QTableView) else
                  widget.header() if isinstance(widget, QTreeView) else None)
        if header is not None and header.isVisible() and widget.model() is not None:
            for column in range(header.count()):
                if header.isSectionHidden(column):
                    continue
                title = widget.model().headerData(column, Qt.Orientation.Horizontal)
                if isinstance(title, str):
                    out.append((f"{name} header", title))
        if isinstance(widget, QMenu):
            out += _menu_texts(widget, name)
    if hasattr(root, "menuBar"):
        for action in root.menuBar().actions():
            if action.menu() is not None and action.isVisible():
                out += _menu_texts(action.menu(), "menu")
    return [(where, text) for where, text in out if text and text.strip()]
