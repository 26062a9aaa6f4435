"""The window shows each role what it may do (docs/security.md, "Who sees what").

On a shared server the database refuses what a role may not do; the window hides those
controls, so that a volunteer is not offered deleting, merging, exports, dossiers,
contact details, identity documents or confidential notes, and only coordinators see
people, merging and the exchange of bundles. Hiding is a courtesy, not the protection:
a control left visible by mistake still ends in the server's refusal.

On a local file, and for the database's owner, nothing is hidden (role '').
"""

from __future__ import annotations

from casemanager.domain.errors import CaseManagerError
from casemanager.services import access
from ui.context import AppContext

# Window actions (objectName) each role does not get.
_COORDINATORS_ONLY = {
    "delete",  # deleting a case
    "restore",  # replacing the database (on a server: pg_restore, its administrator's)
    "backup",  # on a server: pg_dump of the whole database, which only a coordinator reads
    "send_to_partner", "receive_from_partner",  # need the organisation's secret key
}
HIDDEN_ACTIONS: dict[str, frozenset[str]] = {
    "coordinator": frozenset(),
    "caseworker": frozenset(_COORDINATORS_ONLY),
    "volunteer": frozenset(_COORDINATORS_ONLY | {
        "export", "import", "dossier", "add_to_exchange", "duplicates", "contacts",
    }),
}


def role(ctx: AppContext) -> str:
    """This login's role on a server ('coordinator', 'caseworker', 'volunteer'), '' on a
    local file or for the owner. Asked once per context; a failure to ask hides nothing
    (the server still refuses)."""
    if ctx.role is None:
        try:
            ctx.role = access.session_role(ctx.db)
        except CaseManagerError:
            ctx.role = ""
    return ctx.role


def may(ctx: AppContext, what: str) -> bool:
    """Whether the window offers `what` (an action's objectName, or 'merge', 'people',
    'contacts', 'documents', 'confidential_notes', 'appeals', 'disclosures',
    'add_attachments', 'restrict_case')."""
    current = role(ctx)
    if what == "restrict_case":  # restricting belongs to a server (a file has no people)
        return current == "coordinator" or (current == "" and ctx.db.dialect == "postgresql")
    if what in ("merge", "people"):
        return current in ("coordinator", "")
    if what in ("documents", "confidential_notes", "appeals", "contacts", "disclosures",
                "add_attachments"):
        return current != "volunteer"
    return what not in HIDDEN_ACTIONS.get(current, frozenset())


def apply_to_window(window) -> None:
    """Hide the main window's actions this role may not use (menus, toolbar, keys)."""
    for name, action in window.actions_by_name.items():
        if not may(window.ctx, name):
            action.setVisible(False)
            action.setEnabled(False)


def apply_to_editor(editor) -> None:
    """Hide the case editor's parts a volunteer may not read: contacts, appeals,
    identity documents and confidential notes."""
    ctx = editor.ctx
    # Sections are built when first asked for: ask only for those to hide.
    for name, what in (("contacts", "contacts"), ("appeals", "appeals")):
        if not may(ctx, what):
            editor.tabs.setTabVisible(editor.tabs.indexOf(getattr(editor, name)), False)
    if not may(ctx, "documents"):
        editor.person.documents_box.hide()
    if not may(ctx, "confidential_notes"):
        editor.notes.confidential_box.hide()
    if not may(ctx, "add_attachments"):  # volunteers read attachments, nothing more
        files = editor.attachments
        for button in (files.add_button, files.portrait_button, files.delete_button):
            button.hide()
        files.setAcceptDrops(False)


def apply_to_duplicates(view) -> None:
    """Merging and undoing a merge are coordinators' (caseworkers still mark pairs as
    not the same person)."""
    if not may(view.ctx, "merge"):
        view.compare_button.hide()
        view.undo_button.hide()
