"""What an empty database shows instead of a blank grid: what Case Manager is for, and
the three ways to start (a new case, an imported list, demo data to look around)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.icons import icon


class EmptyStatePanel(QWidget):
    new_requested = Signal()
    import_requested = Signal()
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        title = QLabel(self.tr("No cases yet"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        text = QLabel(self)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setText(
            self.tr(
                "<p>Case Manager keeps the file of each detainee your group works for: "
                "who the person is, where they are held, their family and lawyers, "
                "every appeal sent on their behalf and what came back.</p>"
                "<p>Everything stays on this computer. From here you print dossiers "
                "for embassies and the ICRC, and exchange case lists with partners.</p>"
            )
        )
        text.setFixedWidth(620)
        # A wrapped label's size hint guesses its height; ask for the real one.
        text.setMinimumHeight(text.heightForWidth(620))

        self.new_button = QPushButton(icon("new"), self.tr("New case"), self)
        self.new_button.setObjectName("newCase")
        self.new_button.setDefault(True)
        self.new_button.setToolTip(self.tr("Open an empty case file (Ctrl+N)"))
        self.import_button = QPushButton(icon("import"), self.tr("Import a list…"), self)
        self.import_button.setObjectName("importList")
        self.import_button.setToolTip(self.tr("Read cases from a CSV or Excel list"))
        self.demo_button = QPushButton(self.tr("Add demo data"), self)
        self.demo_button.setObjectName("addDemo")
        self.demo_button.setToolTip(
            self.tr("Add 50 invented cases to look around; delete them before real work")
        )
        self.new_button.clicked.connect(self.new_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        self.set_import_available(False)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.new_button, self.import_button, self.demo_button):
            button.setMinimumHeight(button.sizeHint().height() + 8)
            button.setMinimumWidth(140)
            buttons.addWidget(button)
        buttons.addStretch(1)

        column = QVBoxLayout()
        column.addStretch(2)
        column.addWidget(title)
        column.addSpacing(12)
        column.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addSpacing(20)
        column.addLayout(buttons)
        column.addStretch(3)
        self.setLayout(column)

    def set_import_available(self, available: bool) -> None:
        self.import_button.setEnabled(available)
        if not available:
            self.import_button.setToolTip(self.tr("Importing lists is not available yet"))
        else:
            self.import_button.setToolTip(self.tr("Read cases from a CSV or Excel list"))
