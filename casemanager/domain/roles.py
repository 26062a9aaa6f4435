"""What each role on an office server may do, in the words a refusal uses (issue 19).

The server decides (privileges, row-level security, triggers: docs/security.md); these
are the client's words for it. Where the role alone decides (deleting a case, merging,
managing people, a volunteer's dossier or export), the core asks the role first
(casemanager.services.access.require) and refuses in one line naming the real reason:

    deleting a case is for coordinators; you are signed in as a caseworker

Where the server refuses something else ("permission denied for table appeals"), the
storage layer turns its line into a sentence about what the role may not see or change
(`refused_table`), keeping the server's words after it for whoever administers it.

Role '' (a local file, the database's owner, a superuser) is never refused here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from casemanager.domain.messages import Items, Message, msg

ROLES = ("coordinator", "caseworker", "volunteer")
_EVERYONE_BUT_VOLUNTEERS = frozenset({"coordinator", "caseworker"})
_COORDINATORS = frozenset({"coordinator"})


def role_words(role: str) -> Message:
    """'a coordinator', 'a caseworker', 'a volunteer' (as in "you are signed in as …")."""
    if role == "coordinator":
        return msg("a coordinator")
    if role == "caseworker":
        return msg("a caseworker")
    return msg("a volunteer")


# action -> (the roles that may, the sentence for anyone else)
ACTIONS: dict[str, tuple[frozenset[str], Callable[[Message], Message]]] = {
    "delete": (_COORDINATORS, lambda r: msg(
        "deleting a case is for coordinators; you are signed in as {role}", role=r)),
    "merge": (_COORDINATORS, lambda r: msg(
        "merging cases (and undoing a merge) is for coordinators; you are signed in as "
        "{role}", role=r)),
    "people": (_COORDINATORS, lambda r: msg(
        "managing people and their roles is for coordinators; you are signed in as {role}",
        role=r)),
    "restrict": (_COORDINATORS, lambda r: msg(
        "restricting a case (or lifting it) is for coordinators; you are signed in as "
        "{role}", role=r)),
    "bundles": (_COORDINATORS, lambda r: msg(
        "sending and receiving case files with partners is for coordinators (it needs the "
        "organisation's secret key); you are signed in as {role}", role=r)),
    "org_settings": (_COORDINATORS, lambda r: msg(
        "the organisation's settings are changed by coordinators; you are signed in as "
        "{role}", role=r)),
    "dossier": (_EVERYONE_BUT_VOLUNTEERS, lambda r: msg(
        "dossiers and letters are for caseworkers and coordinators; you are signed in as "
        "{role}", role=r)),
    "export": (_EVERYONE_BUT_VOLUNTEERS, lambda r: msg(
        "exporting lists of cases is for caseworkers and coordinators; you are signed in "
        "as {role}", role=r)),
    "list_json": (_EVERYONE_BUT_VOLUNTEERS, lambda r: msg(
        "a list of cases as JSON is an export, which is for caseworkers and coordinators; "
        "you are signed in as {role} (the table format is open to you)", role=r)),
    "import": (_EVERYONE_BUT_VOLUNTEERS, lambda r: msg(
        "importing lists of cases is for caseworkers and coordinators; you are signed in "
        "as {role}", role=r)),
    "contacts": (_EVERYONE_BUT_VOLUNTEERS, lambda r: msg(
        "contacts and their details are for caseworkers and coordinators; you are signed "
        "in as {role}", role=r)),
    "appeals": (_EVERYONE_BUT_VOLUNTEERS, lambda r: msg(
        "appeals are for caseworkers and coordinators; you are signed in as {role}",
        role=r)),
    # Demo cases are invented people: among an office's real cases they would be taken
    # for real detainees (in lists, exports, reports to partners). On a server only the
    # administrator who set the database up (for a training database) adds them; a
    # coordinator met the server's "permission denied for sequence contacts_id_seq".
    "demo": (frozenset(), lambda r: msg(
        "demo cases are added on a server only by its administrator, on a database for "
        "trying things out (invented people among the office's cases would be taken for "
        "real ones); you are signed in as {role}", role=r)),
}


def may(role: str, action: str) -> bool:
    """Whether `role` may do `action` (a key of ACTIONS); role '' may do everything."""
    if not role:
        return True
    allowed, _ = ACTIONS[action]
    return role in allowed


def refusal(role: str, action: str) -> Message:
    """The one line refusing `action` to `role`."""
    return ACTIONS[action][1](role_words(role))


# What a table holds, for a person: "As a volunteer you may not see {what}".
def _table_words(table: str) -> Message:
    words: dict[str, Callable[[], Message]] = {
        "cases": lambda: msg("cases"),
        "identity_documents": lambda: msg("identity documents"),
        "contacts": lambda: msg("contacts"),
        "contact_channels": lambda: msg("contacts' phone numbers and addresses"),
        "case_contacts": lambda: msg("a case's contacts"),
        "appeals": lambda: msg("appeals"),
        "disclosures": lambda: msg("the record of what was handed to whom (disclosures)"),
        "external_references": lambda: msg("partners' references of cases"),
        "settings": lambda: msg("the organisation's settings"),
        "org_keys": lambda: msg("the organisation's keys"),
        "partner_keys": lambda: msg("partners' keys"),
        "partner_claims": lambda: msg("partners' claims"),
        "cm_first_passwords": lambda: msg("the list of people and their roles"),
        "imports": lambda: msg("the record of imports"),
        "import_cases": lambda: msg("the record of imports"),
        "audit_entries": lambda: msg("the history (audit log)"),
        "attachments": lambda: msg("attachments"),
        "exchanges": lambda: msg("exchanges"),
        "exchange_listings": lambda: msg("exchange lists"),
        "case_members": lambda: msg("who may see a restricted case"),
    }
    made = words.get(table)
    return made() if made is not None else msg("the table {table}", table=table)


# Columns of `cases` some role may not write (docs/security.md), for a refused save.
_CASE_COLUMNS: dict[str, Callable[[], Message]] = {
    "confidential_notes": lambda: msg("confidential notes"),
    "restricted": lambda: msg("restriction"),
    "merged_into_id": lambda: msg("merging"),
    "assigned_to": lambda: msg("caseworker (of a restricted case)"),
}


def _written_columns(statement: str) -> list[str]:
    """The columns an INSERT or UPDATE statement names (SQLAlchemy's plain forms)."""
    text = " ".join(statement.split())
    update = re.match(r"(?i)UPDATE \S+ SET (.*?)(?: WHERE |$)", text)
    if update:
        return re.findall(r"(\w+)\s*=", update.group(1))
    insert = re.match(r"(?i)INSERT INTO \S+ \((.*?)\)", text)
    return [c.strip() for c in insert.group(1).split(",")] if insert else []


_PERMISSION = re.compile(r'permission denied for (table|relation|view|sequence) "?([\w.]+)"?')
_FUNCTION = re.compile(r'permission denied for function "?([\w.]+)"?')


def refused_table(role: str, statement: str, reason: str) -> Message | None:
    """The server's `reason` ("permission denied for table appeals") for `statement` as a
    sentence about what `role` may not see or change, with the server's words after it;
    None when `reason` is not about a table or one of our functions."""
    if not role:
        return None
    who = role_words(role)
    function = _FUNCTION.search(reason)
    if function is not None:
        name = function.group(1)
        if name.startswith("cm_user"):
            return msg("{sentence} (the server refused: {reason})",
                       sentence=refusal(role, "people"), reason=reason)
        return None
    found = _PERMISSION.search(reason)
    if found is None:
        return None
    table = found.group(2).rsplit(".", 1)[-1]
    if table == "cm_first_passwords":
        return msg("{sentence} (the server refused: {reason})",
                   sentence=refusal(role, "people"), reason=reason)
    what = _table_words(table)
    verb = (statement.lstrip().split(None, 1) or ["SELECT"])[0].upper()
    if table == "cases" and verb in ("INSERT", "UPDATE"):
        # A role writes cases, but not every column: name the ones it may not.
        withheld = [_CASE_COLUMNS[c]() for c in _written_columns(statement)
                    if c in _CASE_COLUMNS]
        if withheld:
            return msg("as {role} you may not change a case's {what} (the server refused: "
                       "{reason})", role=who, what=Items(withheld), reason=reason)
    if table == "cases" and verb in ("SELECT", "WITH") and "confidential_notes" in statement:
        return msg("as {role} you may not see a case's {what} (the server refused: {reason})",
                   role=who, what=_CASE_COLUMNS["confidential_notes"](), reason=reason)
    if verb in ("INSERT", "UPDATE"):
        return msg("as {role} you may not change {what} (the server refused: {reason})",
                   role=who, what=what, reason=reason)
    if verb == "DELETE":
        return msg("as {role} you may not delete {what} (the server refused: {reason})",
                   role=who, what=what, reason=reason)
    return msg("as {role} you may not see {what} (the server refused: {reason})",
               role=who, what=what, reason=reason)
