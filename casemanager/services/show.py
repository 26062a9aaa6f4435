"""A whole case as JSON-ready data and as readable text (the `show` command)."""

from __future__ import annotations

from typing import Any

from casemanager.domain.countries import country_name
from casemanager.domain.dto import CaseDetail
from casemanager.domain.fields import as_text
from casemanager.services.interchange import case_row


def _fields(obj: Any, names: tuple[str, ...]) -> dict[str, str]:
    return {n: as_text(getattr(obj, n)) for n in names}


def case_json(case: CaseDetail) -> dict[str, Any]:
    """The interchange fields plus everything else on the case, values as text."""
    data: dict[str, Any] = case_row(case)
    data.update(
        _fields(
            case,
            (
                "name_latin", "ethnicity", "languages", "father_name", "mother_maiden_name",
                "person_to_inform", "last_proof_of_life", "last_proof_of_life_source",
                "service_number", "detaining_party", "medical_urgency", "icrc_registration",
                "notes", "created_at", "version",
            ),
        )
    )
    # On a server: seen only by coordinators, its caseworker and the logins named on it.
    data["restricted"] = case.restricted
    data["documents"] = [
        _fields(d, ("doc_type", "number", "issuing_country", "note")) for d in case.documents
    ]
    data["status_history"] = [
        _fields(s, ("status", "date", "source", "confidence", "note", "recorded_by", "recorded_at"))
        for s in case.status_history
    ]
    data["custody_history"] = [
        {**_fields(c, ("facility", "holding_party", "date_from", "date_to", "note")),
         "disclosed": as_text(c.disclosed)}
        for c in case.custody
    ]
    data["media"] = [_fields(m, ("date", "link", "platform", "coercion_note")) for m in case.media]
    data["contacts"] = [
        {
            "id": str(link.contact.id),
            "name": link.contact.name,
            "kind": link.contact.kind,
            "organisation": link.contact.organisation,
            "relationship": link.relationship,
            "country": link.contact.country,
            "address": link.contact.address,
            "phones": ";".join(link.contact.values("phone")),
            "emails": ";".join(link.contact.values("email")),
            "messengers": ";".join(link.contact.values("messenger")),
            "share_embassy": as_text(link.share_embassy),
            "share_icrc": as_text(link.share_icrc),
            "share_media": as_text(link.share_media),
            "share_partner": as_text(link.share_partner),
        }
        for link in case.contacts
    ]
    data["appeals"] = [
        _fields(
            a,
            (
                "id", "recipient_name", "channel", "subject", "reference_number", "sent_date",
                "follow_up_date", "status", "response_date", "response_summary",
            ),
        )
        for a in case.appeals
    ]
    data["events"] = [
        _fields(e, ("date", "kind", "summary", "source", "confidence")) for e in case.events
    ]
    data["attachments"] = [
        _fields(a, ("id", "filename", "mime_type", "size", "sha256", "description", "is_portrait"))
        for a in case.attachments
    ]
    data["tasks"] = [_fields(t, ("title", "due_date", "assignee", "done")) for t in case.tasks]
    data["imports"] = [
        {"import_id": str(i.import_id), "file": i.file, "source": i.source,
         "at": as_text(i.at), "action": i.action}
        for i in case.imports
    ]
    data["disclosures"] = [
        _fields(d, ("recipient", "kind", "profile", "sha256", "made_at", "made_by"))
        for d in case.disclosures
    ]
    return data


def case_text(case: CaseDetail) -> str:
    """A readable summary for the terminal."""
    lines = [f"{case.reference}  {case.display_name}  [{case.status}, {case.priority}"
             + (", restricted]" if case.restricted else "]")]
    if case.merged_into:
        lines.append(f"  Merged into {case.merged_into}: kept closed, read-only, so that "
                     "the merge can be undone")

    def add(label: str, value: Any) -> None:
        text = as_text(value)
        if text:
            lines.append(f"  {label + ':':<22}{text}")

    add("Native name", case.name_native)
    add("Aliases", "; ".join(case.aliases))
    add("Born", " ".join(x for x in (as_text(case.date_of_birth), case.place_of_birth) if x))
    add("Citizenship", ", ".join(country_name(c) for c in case.citizenships))
    add("Home region", case.home_region)
    add("Recruitment", case.recruitment)
    add("Affiliation", " / ".join(x for x in (case.affiliation, case.unit, case.rank) if x))
    add("Captured", " ".join(x for x in (as_text(case.capture_date), case.capture_place) if x))
    add("Held at", case.detention_place)
    add("Last proof of life", " ".join(
        x for x in (as_text(case.last_proof_of_life),
                    f"({case.last_proof_of_life_source})" if case.last_proof_of_life_source
                    else "") if x))
    add("Health", case.health)
    add("Assigned to", case.assigned_to)
    add("Tags", "; ".join(case.tags))
    add("Partners' references", "; ".join(case.external_references))
    if case.imports:
        lines.append("  Imports:")
        for i in case.imports:
            source = f" from {i.source}" if i.source else ""
            lines.append(f"    {as_text(i.at)[:16]:<16} import {i.import_id} {i.action}d "
                         f"the case: {i.file}{source}")
    if case.status_history:
        lines.append("  Status history:")
        for s in case.status_history:
            lines.append(f"    {as_text(s.date):<10} {s.status:<16} {s.source} {s.note}".rstrip())
    if case.contacts:
        lines.append("  Contacts:")
        for link in case.contacts:
            c = link.contact
            lines.append(f"    {c.name} ({link.relationship or c.kind}) {' '.join(c.values('phone'))}".rstrip())
    if case.appeals:
        lines.append("  Appeals:")
        for a in case.appeals:
            lines.append(
                f"    {as_text(a.sent_date):<10} {a.status:<13} {a.recipient_name}: {a.subject}"
                + (f" (follow up {a.follow_up_date})" if a.follow_up_date else "")
            )
    if case.events:
        lines.append("  Timeline:")
        for e in case.events:
            lines.append(f"    {as_text(e.date):<10} {e.kind:<8} {e.summary.splitlines()[0][:90]}")
    if case.attachments:
        lines.append("  Attachments:")
        for att in case.attachments:
            lines.append(f"    {att.filename} ({att.size} bytes) {att.description}".rstrip())
    return "\n".join(lines)
