"""Add or edit an appeal: recipient (a contact), channel, subject, dates, status, answer.

The recipient list offers the case's own contacts first, then the embassies, the ICRC and
the other organisations; everyone else (hundreds of relatives of other detainees) is
reached through the search field under it, whose hits say whose relative, of which case,
where and the end of a phone number, so namesakes can be told apart. A contact chosen
there joins the list; once the appeal is sent, the services link it to the case.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QComboBox,
    QCompleter,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from casemanager.domain.dto import AppealInfo
from casemanager.services import records
from casemanager.services.recipients import (
    RecipientChoice,
    RecipientIndex,
    find_recipients,
    recipient_index,
)
from ui.context import AppContext
from ui.editor.dialogs.record_dialog import RecordDialog
from ui.i18n import QT_TRANSLATE_NOOP
from ui.labels import choices, country_name, relationship_text, word
from ui.widgets.form import choice_combo, combo_set
from ui.widgets.partial_date_edit import PartialDateEdit

# Suggestions for a free-text field: the caseworker's language is what gets stored.
CHANNELS = (
    QT_TRANSLATE_NOOP("AppealDialog", "letter"),
    QT_TRANSLATE_NOOP("AppealDialog", "e-mail"),
    QT_TRANSLATE_NOOP("AppealDialog", "fax"),
    QT_TRANSLATE_NOOP("AppealDialog", "in person"),
    QT_TRANSLATE_NOOP("AppealDialog", "phone"),
    QT_TRANSLATE_NOOP("AppealDialog", "online form"),
    QT_TRANSLATE_NOOP("AppealDialog", "messenger"),
)


def channel_text(value: str) -> str:
    """A stored channel in the interface's words: one the dialog offers ("letter", as an
    English window stores it) translated, anything typed as it is."""
    if value in CHANNELS:
        return QCoreApplication.translate("AppealDialog", value)
    return value


class AppealDialog(RecordDialog):
    def __init__(
        self,
        ctx: AppContext,
        reference: str,
        appeal: AppealInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("Edit appeal") if appeal else self.tr("Add appeal"))
        self.setMinimumWidth(520)
        self.reference, self.appeal = reference, appeal
        # The recipients are read on the database worker (load, below); until then the
        # list holds only "(no recipient yet)" and the search waits.
        self.index: RecipientIndex | None = None
        self.recipient = QComboBox()
        self.recipient.setMaxVisibleItems(20)
        self.recipient.addItem(self.tr("(no recipient yet)"), None)
        self._found_header = False
        self.other_recipient = QLineEdit()
        self.other_recipient.setEnabled(False)
        self.other_recipient.setClearButtonEnabled(True)
        self.other_recipient.setPlaceholderText(self.tr("Someone else: search by name, phone, place or case…"))
        self.other_recipient.setAccessibleName(self.tr("Find another recipient"))
        self.found_model = QStandardItemModel(self)
        completer = QCompleter(self.found_model, self)
        # The model holds the search's hits already; the completer shows them as they are.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        completer.activated[QModelIndex].connect(self._found_chosen)  # type: ignore[index]  # PySide6's overloaded signal
        self.other_recipient.setCompleter(completer)
        self.other_recipient.textEdited.connect(self._search)
        self.add("recipient_id", self.tr("Recipient"), self.recipient)
        # The search goes under the list, in the same row of the form.
        box_layout = self.form.bindings["recipient_id"].box.layout()
        assert isinstance(box_layout, QBoxLayout)
        box_layout.insertWidget(1, self.other_recipient)
        channel = QComboBox()
        channel.setEditable(True)
        # Enter accepts the dialog; it does not add what was typed to the list.
        channel.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        channel.addItems([self.tr(c) for c in CHANNELS])
        channel.setEditText("")
        self.add("channel", self.tr("Channel"), channel)
        self.add("subject", self.tr("Subject"), QLineEdit())
        self.add("reference_number", self.tr("Reference number"), QLineEdit())
        self.sent_date = PartialDateEdit()
        self.add("sent_date", self.tr("Sent"), self.sent_date)
        self.add("follow_up_date", self.tr("Follow up on"), PartialDateEdit(require_day=True))
        self.status = status = choice_combo(choices("appeal_status"), blank=None)
        self.add("status", self.tr("Status"), status)
        self.add("response_date", self.tr("Answered on"), PartialDateEdit())
        summary = QPlainTextEdit()
        summary.setTabChangesFocus(True)
        summary.setFixedHeight(80)
        self.add("response_summary", self.tr("Answer summary"), summary)
        if appeal is not None:
            self.form.set_values(appeal)
        else:
            combo_set(status, "draft")
        self.recipient.setEnabled(False)
        self.load(lambda db: recipient_index(db, reference), self._index_read)
        # A sent date means the appeal left: a draft becomes "sent", in view, and the
        # caseworker can set it back. Only when the date is typed, not on loading.
        # The sent date moved the draft on (undone if wiped). A saved appeal that is
        # "sent" with its date counts too: wiping the date makes it a draft again, not a
        # "sent" appeal that was never sent.
        self._sent_by_date = bool(appeal is not None and appeal.status == "sent"
                                  and appeal.sent_date)
        self.sent_date.textEdited.connect(self._sent_date_typed)

    # ------------------------------------------------------------ recipients

    def _header(self, text: str) -> None:
        """A heading inside the list: shown, never chosen."""
        self.recipient.addItem(text, None)
        model = self.recipient.model()
        assert isinstance(model, QStandardItemModel)  # a QComboBox's own model
        item = model.item(self.recipient.count() - 1)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = item.font()
        font.setBold(True)
        item.setFont(font)

    def _index_read(self, index: RecipientIndex) -> None:
        self.index = index
        if index.own:
            self._header(self.tr("This case's contacts"))
            for choice in index.own:
                self.recipient.addItem(self.describe(choice), choice.id)
        if index.organisations:
            self._header(self.tr("Embassies, ICRC and other organisations"))
            for choice in index.organisations:
                self.recipient.addItem(self.describe(choice), choice.id)
        chosen = self.appeal.recipient_id if self.appeal is not None else None
        if chosen is not None:
            at = self.recipient.findData(chosen)
            if at < 0:
                known = index.get(chosen)
                at = self._add_found(known) if known is not None else 0
            self.recipient.setCurrentIndex(at)
        self.recipient.setEnabled(True)
        self.other_recipient.setEnabled(True)
        focused = self.focusWidget()
        if focused is None or isinstance(focused, QAbstractButton):
            self.recipient.setFocus()  # where the caseworker starts, unless they began

    def describe(self, choice: RecipientChoice) -> str:
        """One line that tells this contact from namesakes."""
        if choice.is_own:
            parts = [choice.name, relationship_text(choice.own_relationship)
                     or word("contact_kind", choice.kind)]
        elif choice.is_organisation:
            parts = [choice.name, word("contact_kind", choice.kind)]
            if choice.organisation and not choice.organisation.startswith(choice.name):
                parts.append(choice.organisation)
            if choice.country:
                parts.append(country_name(choice.country))
            return " · ".join(p for p in parts if p)
        else:
            # "mother of CM-0012 …" says more than "Relative".
            related = any(relationship for _, _, relationship in choice.cases[:2])
            parts = [choice.name, "" if related else word("contact_kind", choice.kind)]
            for reference, case_name, relationship in choice.cases[:2]:
                case = f"{reference} {case_name}".strip()
                parts.append(self.tr("%1 of %2").replace("%1", relationship_text(relationship))
                             .replace("%2", case)
                             if relationship else self.tr("on %1").replace("%1", case))
            if len(choice.cases) > 2:
                parts.append(self.tr("%Ln more case(s)", "", len(choice.cases) - 2))
        parts.append(choice.place)
        if choice.phone_tail:
            parts.append(self.tr("phone …%1").replace("%1", choice.phone_tail))
        return " · ".join(p for p in parts if p)

    def _search(self, text: str) -> None:
        self.found_model.clear()
        if self.index is None:
            return
        for choice in find_recipients(self.index, text):
            item = QStandardItem(self.describe(choice))
            item.setData(choice.id, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            self.found_model.appendRow(item)
        if not self.found_model.rowCount() and text.strip():
            item = QStandardItem(self.tr("No contact matches “%1”").replace("%1", text.strip()))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.found_model.appendRow(item)
        self.other_recipient.completer().complete()

    def _found_chosen(self, index: QModelIndex) -> None:
        contact_id = index.data(Qt.ItemDataRole.UserRole)
        choice = (self.index.get(contact_id)
                  if contact_id is not None and self.index is not None else None)
        if choice is None:
            return
        self.choose_recipient(choice)
        # The completer writes the hit into the field after this; empty it afterwards.
        QTimer.singleShot(0, self.other_recipient.clear)

    def _add_found(self, choice: RecipientChoice) -> int:
        at = self.recipient.findData(choice.id)
        if at >= 0:
            return at
        if not self._found_header:
            self._header(self.tr("Found by search"))
            self._found_header = True
        self.recipient.addItem(self.describe(choice), choice.id)
        return self.recipient.count() - 1

    def choose_recipient(self, choice: RecipientChoice) -> None:
        self.recipient.setCurrentIndex(self._add_found(choice))

    def _sent_date_typed(self, text: str) -> None:
        # A sent date moves a draft to "sent"; wiping that date out again takes it back
        # (only a move made here: a status the caseworker chose stays).
        if text.strip() and self.status.currentData() == "draft":
            combo_set(self.status, "sent")
            self._sent_by_date = True
        elif not text.strip() and self._sent_by_date:
            if self.status.currentData() == "sent":
                combo_set(self.status, "draft")
            self._sent_by_date = False

    def work(self):
        reference, actor, values = self.reference, self.ctx.actor, self.values()
        if self.appeal is None:
            return lambda db: records.add_appeal(db, reference, actor=actor, **values)
        appeal_id = self.appeal.id

        def update(db) -> int:
            records.update_record(db, "appeal", appeal_id, fields=values, actor=actor)
            return appeal_id

        return update
