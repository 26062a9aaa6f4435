"""The receive report in a Russian window is Russian: its lines are the core's Messages
(casemanager/bundles/receive.py `ReceiveReport.lines`), shown through `core_text`, the
dry run and the receipt alike; the send dialog's list of what a profile leaves out too.
Tester A5: the window showed the report in English under a Russian interface. The
command line prints the same lines in English, as it always has
(tests/core/test_bundles_*.py hold its words)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from russian_helpers import data_words, english_words
from test_bundle_dialogs import click_and_wait, two_orgs  # noqa: F401 - fixture

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from dossier_case import FIELDS, make_case  # noqa: E402

from casemanager.bundles.send import send_bundle  # noqa: E402
from casemanager.services.cases import update_case  # noqa: E402
from ui.partners.bundle_dialogs import ReceiveBundleDialog, SendBundleDialog  # noqa: E402


def _receive(qtbot, ctx, path) -> ReceiveBundleDialog:
    dialog = ReceiveBundleDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.choose_open_path = lambda: str(path)
    click_and_wait(qtbot, dialog, dialog.open_button)
    return dialog


def test_the_receive_report_is_russian_in_a_russian_window(qtbot, two_orgs, tmp_path,  # noqa: F811
                                                           russian):
    bishkek, kyiv = two_orgs
    ref = make_case(bishkek.db, share_icrc=True)
    first = tmp_path / "first.pgp"
    send_bundle(bishkek.db, [ref], to="Kyiv", output=str(first), profile="partner")
    dialog = _receive(qtbot, kyiv, first)
    report = dialog.report.toPlainText()
    assert report.startswith("Будет принят пакет "), report
    assert "(новое дело)" in report and "новых дел: 1" in report
    assert "  + Номера у партнёров: Bishkek: CM-0001" in report, report
    first_report = report
    click_and_wait(qtbot, dialog, dialog.take_button)
    taken = dialog.report.toPlainText()
    assert taken.startswith("Принят пакет "), taken

    # The partner changes a field we hold (their claim) and fills one we lack.
    update_case(kyiv.db, "CM-0001", fields={"place_of_birth": ""})
    update_case(bishkek.db, ref, fields={"capture_place": "Авдеевка", "health": "ранен"})
    second = tmp_path / "second.pgp"
    send_bundle(bishkek.db, [ref], to="Kyiv", output=str(second), profile="partner")
    report = _receive(qtbot, kyiv, second).report.toPlainText()
    assert "(обновлено)" in report, report
    assert "  + Место рождения: Самарканд" in report, report
    assert "  ! Место пленения: здесь «near Avdiivka», Bishkek сообщает «Авдеевка» (сохранено " \
           "как их данные; здешнее не изменено)" in report, report
    # Nothing English but the data (names, places, partners, the bundle's id and time).
    typed = {w.lower() for v in FIELDS.values() for w in str(v).replace(",", " ").split()}
    data = data_words(kyiv.db) | data_words(bishkek.db) | typed | {"bishkek", "kyiv"}
    # (the bundle's id and the signer's fingerprint are hex: "BBCA" is no English word)
    hex_free = re.sub(r"\b[0-9a-fA-F]{4}\b|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}", " ",
                      first_report + "\n" + report)
    assert english_words([("report", line) for line in hex_free.splitlines()], data) == []


def test_what_a_profile_leaves_out_is_said_in_russian(qtbot, two_orgs, russian):  # noqa: F811
    bishkek, _kyiv = two_orgs
    send = SendBundleDialog(bishkek, ["CM-0001"])
    qtbot.addWidget(send)
    assert send.omits.text() and english_words([("omits", send.omits.text())]) == [], \
        send.omits.text()
