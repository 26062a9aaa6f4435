"""The words of a refusal on a server (casemanager/domain/roles.py): the server's
"permission denied for table X" as what the role may not see or change."""

from __future__ import annotations

from casemanager.domain.roles import may, refusal, refused_table

DENIED = "permission denied for table {}"


def test_a_refused_table_is_what_the_role_may_not_see_change_or_delete():
    said = refused_table("volunteer", "SELECT appeals.id FROM appeals", DENIED.format("appeals"))
    assert said == ("as a volunteer you may not see appeals (the server refused: permission "
                    "denied for table appeals)")
    said = refused_table("volunteer", "INSERT INTO identity_documents (case_id) VALUES (1)",
                         DENIED.format("identity_documents"))
    assert said.startswith("as a volunteer you may not change identity documents")
    said = refused_table("caseworker", "DELETE FROM contacts WHERE id = 1",
                         DENIED.format("contacts"))
    assert said.startswith("as a caseworker you may not delete contacts")


def test_a_refused_case_column_is_named():
    said = refused_table("volunteer", "UPDATE cases SET confidential_notes=%(a)s, "
                         "version=%(v)s WHERE cases.id = 1", DENIED.format("cases"))
    assert said.startswith("as a volunteer you may not change a case's confidential notes")
    said = refused_table("volunteer", "SELECT cases.id, cases.confidential_notes FROM cases",
                         DENIED.format("cases"))
    assert said.startswith("as a volunteer you may not see a case's confidential notes")


def test_people_functions_and_unknown_reasons():
    said = refused_table("caseworker", "SELECT cm_user_add(%(a)s)",
                         "permission denied for function cm_user_add")
    assert said.startswith("managing people and their roles is for coordinators; you are "
                           "signed in as a caseworker")
    assert refused_table("caseworker", "SELECT 1", "new row violates row-level security "
                         "policy for table \"cases\"") is None
    assert refused_table("", "SELECT 1", DENIED.format("appeals")) is None  # the owner


def test_what_the_role_alone_decides():
    assert may("", "delete") and may("coordinator", "delete")
    assert not may("caseworker", "delete") and not may("volunteer", "export")
    assert may("caseworker", "export") and may("caseworker", "dossier")
    assert refusal("caseworker", "delete") == (
        "deleting a case is for coordinators; you are signed in as a caseworker")
