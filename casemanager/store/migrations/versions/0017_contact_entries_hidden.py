"""an entry about a contact is read only by those who may see the contact (docs/security.md,
"Hardening 0017")

The application logs a contact's creation, change and deletion about no case (a contact
is shared by cases): entity `contact`, its id, and the values (name, address, phones).
0007's `audit_read` lets every caseworker read the entries about no case, so a caseworker
not named on a restricted case read the name, address and phone of its witness in the
log, though the server hides the contact itself from them (`cm_contact_visible`).

A restrictive policy: an entry about a contact (entity `contact`, or 0016's `contacts` /
`contact_channels`) that names no case is read by coordinators, by its author, and by
those who see the contact now. A deleted contact is seen by nobody, so its entries are
then read by coordinators and their authors only. Entries that name a case are left to
`audit_read` (as visible as the case).

SQLite: nothing to do (a file has no roles).

Revision ID: 0017_contact_entries_hidden
Revises: 0016_contacts_keep_the_log
"""

from alembic import op

revision = "0017_contact_entries_hidden"
down_revision = "0016_contacts_keep_the_log"
branch_labels = None
depends_on = None

COORD, CASEW, VOLUN = "casemanager_coordinator", "casemanager_caseworker", "casemanager_volunteer"
APP = f"{COORD}, {CASEW}, {VOLUN}"
DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"

# Entries about a contact: the application's (0007) and the server's (0016).
CONTACT_ENTITIES = "('contact', 'contacts', 'contact_channels')"

# The contact exists and the session may see it (0014's rule: linked to a case it sees,
# or to no case). Run as its definer so a deleted contact is told from a hidden one.
ENTRY_VISIBLE = f"""CREATE FUNCTION public.cm_contact_entry_visible(contact_id integer)
    RETURNS boolean LANGUAGE sql STABLE {DEFINER} AS $$
    SELECT EXISTS (SELECT 1 FROM public.contacts c WHERE c.id = $1)
       AND public.cm_contact_visible($1) $$"""

POLICY = (f"CREATE POLICY audit_contact_read ON public.audit_entries AS RESTRICTIVE "
          f"FOR SELECT TO {APP} USING ("
          f"case_id IS NOT NULL OR entity NOT IN {CONTACT_ENTITIES} OR entity_id IS NULL "
          "OR public.cm_role() = 'coordinator' OR actor = session_user::text "
          "OR public.cm_contact_entry_visible(entity_id))")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(ENTRY_VISIBLE)
    op.execute("REVOKE ALL ON FUNCTION public.cm_contact_entry_visible(integer) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION public.cm_contact_entry_visible(integer) TO {APP}")
    op.execute(POLICY)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP POLICY IF EXISTS audit_contact_read ON public.audit_entries")
    op.execute("DROP FUNCTION IF EXISTS public.cm_contact_entry_visible(integer)")
