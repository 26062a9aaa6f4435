"""Demo data on a real server: invented people are not added among an office's cases by
a person of a role. A coordinator's `casemanager demo` failed with the server's
"permission denied for sequence contacts_id_seq" (tester C2); now everyone of a role is
refused in one line saying why and who may, before anything is written, and the
database's owner (the administrator, on a database for trying things out) still may."""

from __future__ import annotations

import pytest

from casemanager.domain.errors import CaseManagerError
from casemanager.services import demo
from tests.core.test_roles import office, people_server  # noqa: F401 - fixtures
from tests.core.test_roles_contact_log import _as
from tests.core.test_roles_server_log import _owner

pytestmark = pytest.mark.postgres


def test_demo_is_refused_in_one_line_to_every_role_and_made_by_the_owner(office, monkeypatch):  # noqa: F811
    for who in ("coordinator", "caseworker", "volunteer"):
        office.first_sign_in(who)
        r = office.cli(who, "demo", "--cases", "3")
        assert r.returncode == 1, (who, r.stdout, r.stderr)
        (line,) = r.stderr.strip().splitlines()
        assert line.startswith("casemanager: ") and "Traceback" not in r.stderr
        assert "only by its administrator" in line and f"signed in as a {who}" in line, line
        assert "contacts_id_seq" not in line and "permission denied" not in line
    assert _owner(office, "SELECT count(*) FROM cases") == [(0,)]
    assert _owner(office, "SELECT count(*) FROM contacts") == [(0,)]
    # Through the services, as the window calls them: the same refusal, nothing written.
    db = _as(office, "coordinator", monkeypatch)
    try:
        with pytest.raises(CaseManagerError, match="only by its administrator"):
            demo.generate(db, cases=3, seed=1)
    finally:
        db.dispose()
    assert demo.generate(office.owner, cases=3, seed=1) == 3
    assert _owner(office, "SELECT count(*) FROM cases") == [(3,)]
