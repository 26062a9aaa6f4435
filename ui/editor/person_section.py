"""The person held: names in every script, origin, the Geneva Convention (art. 122)
details a detaining power must register, and identity documents."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from casemanager.domain.dto import CaseDetail, DocumentInfo
from casemanager.services import records
from casemanager.services.demo import transliterate
from ui.editor.dialogs.person_records import DocumentDialog
from ui.editor.section import EditorHost, Section
from ui.labels import choices, word
from ui.widgets.countries_edit import CountriesEdit
from ui.widgets.form import Form, choice_combo
from ui.widgets.partial_date_edit import PartialDateEdit
from ui.widgets.record_table import RecordTable

# A phone number typed as free text: a "+" or a digit, then at least seven more digits
# among spaces, dashes, dots and brackets (+998 91 444 55 66, 8 (912) 345-67-89).
PHONE_IN_TEXT = re.compile(r"\+?\d(?:[\s\-.()]*\d){7,}")


class PersonSection(Section):
    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.title = self.tr("Person")
        self.form = form = Form(self)
        form.label_width = 135
        inner = QWidget()
        columns = QHBoxLayout(inner)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        box, rows = self.group(self.tr("Name"))
        form.add(rows, "family_name", self.tr("Family name"), QLineEdit())
        form.add(rows, "given_name", self.tr("Given name"), QLineEdit())
        form.add(rows, "patronymic", self.tr("Patronymic"), QLineEdit())
        native = QLineEdit()
        native.setPlaceholderText(self.tr("as written at home, e.g. Турсунов Алишер"))
        form.add(rows, "name_native", self.tr("Native script"), native)
        self.latin = QLineEdit()
        form.add(rows, "name_latin", self.tr("Latin"), self.latin)
        aliases = QLineEdit()
        aliases.setPlaceholderText(self.tr("other spellings, separated by ;"))
        form.add(rows, "aliases", self.tr("Other spellings"), aliases)
        native.textChanged.connect(self._suggest_latin)
        left.addWidget(box)

        box, rows = self.group(self.tr("Birth and origin"))
        form.add(rows, "sex", self.tr("Sex"), choice_combo(choices("sex")))
        form.add(rows, "date_of_birth", self.tr("Date of birth"), PartialDateEdit())
        form.add(rows, "place_of_birth", self.tr("Place of birth"), QLineEdit())
        form.add(rows, "citizenships", self.tr("Citizenships"), CountriesEdit())
        form.add(rows, "ethnicity", self.tr("Ethnicity"), QLineEdit())
        form.add(rows, "home_region", self.tr("Home region"), QLineEdit())
        form.add(rows, "languages", self.tr("Languages"), QLineEdit())
        left.addWidget(box)
        left.addStretch(1)

        box, rows = self.group(self.tr("Geneva Convention III, art. 122"))
        form.add(rows, "father_name", self.tr("Father's first name"), QLineEdit())
        form.add(rows, "mother_maiden_name", self.tr("Mother's maiden name"), QLineEdit())
        inform = QLineEdit()
        form.add(rows, "person_to_inform", self.tr("Person to inform"), inform)
        # Free text escapes the family's consent flags (only redaction's whole-family rule
        # guards it): a phone typed here is better kept in Contacts.
        self.inform_warning = QLabel(self.tr(
            "This looks like a phone number: put the family's phone in Contacts, where "
            "their consent to share it applies."))
        self.inform_warning.setWordWrap(True)
        self.inform_warning.setStyleSheet("color: #9a5b00;")
        self.inform_warning.setVisible(False)
        rows.addRow(self.inform_warning)
        inform.textChanged.connect(
            lambda text: self.inform_warning.setVisible(bool(PHONE_IN_TEXT.search(text))))
        form.add(rows, "last_proof_of_life", self.tr("Last proof of life"), PartialDateEdit())
        form.add(rows, "last_proof_of_life_source", self.tr("Proof of life source"), QLineEdit())
        right.addWidget(box)

        box, rows = self.group(self.tr("Identity documents"))
        self.documents_box = box  # hidden from volunteers (ui.permissions)
        self.documents = RecordTable(
            [
                (self.tr("Type"), lambda d: word("doc_type", d.doc_type)),
                (self.tr("Number"), lambda d: d.number),
                (self.tr("Issued by"), lambda d: d.issuing_country),
                (self.tr("Note"), lambda d: d.note),
            ],
            add_text=self.tr("Add document…"),
        )
        self.documents.setMinimumHeight(150)
        rows.addRow(self.documents)
        right.addWidget(box)
        right.addStretch(1)
        self.documents.add_clicked.connect(self.add_document)
        self.documents.edit_clicked.connect(self.edit_document)
        self.documents.delete_clicked.connect(self.delete_document)
        self.scrolling(inner)

    def _suggest_latin(self, native: str) -> None:
        self.latin.setPlaceholderText(transliterate(native) if native else "")

    def show_records(self, detail: CaseDetail | None) -> None:
        self.documents.set_rows(detail.documents if detail else ())

    def add_document(self) -> None:
        self.open_dialog(lambda ref: DocumentDialog(self.ctx, ref, parent=self))

    def edit_document(self, doc: DocumentInfo) -> None:
        self.open_dialog(lambda ref: DocumentDialog(self.ctx, ref, doc, parent=self))

    def delete_document(self, doc: DocumentInfo) -> None:
        if self.confirm(self.tr("Delete document"), self.tr("Delete this %1?").replace("%1", word("doc_type", doc.doc_type).lower())):
            self.run(lambda db: records.delete_record(db, "document", doc.id, actor=self.ctx.actor))
