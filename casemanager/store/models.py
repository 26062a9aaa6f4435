"""The database schema: SQLAlchemy 2 typed models for the whole domain of docs/design.md.

The detainee (the "person") is one per case, so the person's fields live on the case row
itself; lists that belong to the person (aliases, citizenships, documents) have tables
of their own. `Case.version` is SQLAlchemy's version counter: an UPDATE that finds a
different version fails instead of overwriting someone else's save.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship

from casemanager.domain.partialdate import PartialDate, PartialDateType

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {PartialDate: PartialDateType()}


class Case(Base):
    __tablename__ = "cases"
    # The overview's stale list and count read these two columns from the index alone.
    __table_args__ = (Index("ix_cases_updated_status", "updated_at", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    status: Mapped[str] = mapped_column(String(20), index=True, default="reported")
    priority: Mapped[str] = mapped_column(String(10), default="normal", index=True)
    assigned_to: Mapped[str] = mapped_column(String(100), default="", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    confidential_notes: Mapped[str] = mapped_column(Text, default="")

    # The person held.
    family_name: Mapped[str] = mapped_column(String(200), default="", index=True)
    given_name: Mapped[str] = mapped_column(String(200), default="")
    patronymic: Mapped[str] = mapped_column(String(200), default="")
    name_native: Mapped[str] = mapped_column(String(400), default="")
    name_latin: Mapped[str] = mapped_column(String(400), default="")
    sex: Mapped[str] = mapped_column(String(10), default="")
    date_of_birth: Mapped[PartialDate | None]
    place_of_birth: Mapped[str] = mapped_column(String(300), default="")
    ethnicity: Mapped[str] = mapped_column(String(100), default="")
    home_region: Mapped[str] = mapped_column(String(200), default="")
    languages: Mapped[str] = mapped_column(String(200), default="")
    # Third Geneva Convention art. 122 details.
    father_name: Mapped[str] = mapped_column(String(200), default="")
    mother_maiden_name: Mapped[str] = mapped_column(String(200), default="")
    person_to_inform: Mapped[str] = mapped_column(String(400), default="")
    last_proof_of_life: Mapped[PartialDate | None]
    last_proof_of_life_source: Mapped[str] = mapped_column(String(400), default="")

    # Service and capture.
    affiliation: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(200), default="")
    rank: Mapped[str] = mapped_column(String(100), default="")
    service_number: Mapped[str] = mapped_column(String(100), default="")
    recruitment: Mapped[str] = mapped_column(String(20), default="", index=True)
    capture_date: Mapped[PartialDate | None] = mapped_column(index=True)
    capture_place: Mapped[str] = mapped_column(String(300), default="")
    detaining_party: Mapped[str] = mapped_column(String(200), default="")
    health: Mapped[str] = mapped_column(Text, default="")
    medical_urgency: Mapped[str] = mapped_column(String(10), default="")
    icrc_registration: Mapped[str] = mapped_column(String(100), default="")
    # The list's sort keys of the name columns (casemanager.store.sort_keys, migration
    # 0020): written by triggers, so no client default (an INSERT leaves them out).
    family_name_sort: Mapped[str] = mapped_column(String, server_default="")
    given_name_sort: Mapped[str] = mapped_column(String, server_default="")
    name_native_sort: Mapped[str] = mapped_column(String, server_default="")
    assigned_to_sort: Mapped[str] = mapped_column(String, server_default="")
    # Set when this case was merged into another (kept, closed, so the merge can be undone).
    merged_into_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    # Seen on a shared server only by coordinators and the caseworkers named on it
    # (assigned_to or case_members); the server's row-level security enforces it. No
    # client default: a volunteer, who may not set it, leaves it out of the INSERT.
    restricted: Mapped[bool] = mapped_column(Boolean, server_default=false())

    aliases: Mapped[list[Alias]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Alias.position"
    )
    citizenships: Mapped[list[Citizenship]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Citizenship.position"
    )
    documents: Mapped[list[IdentityDocument]] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )
    tags: Mapped[list[CaseTag]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseTag.tag"
    )
    status_history: Mapped[list[StatusChange]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="StatusChange.id"
    )
    custody: Mapped[list[CustodyPeriod]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CustodyPeriod.id"
    )
    media: Mapped[list[MediaAppearance]] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )
    contact_links: Mapped[list[CaseContact]] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )
    appeals: Mapped[list[Appeal]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Appeal.id"
    )
    events: Mapped[list[Event]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Event.id"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Attachment.id"
    )
    tasks: Mapped[list[Task]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Task.id"
    )
    disclosures: Mapped[list[Disclosure]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Disclosure.id"
    )
    external_references: Mapped[list[ExternalReference]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="ExternalReference.id"
    )
    # Read only: the rows go with the case by ON DELETE CASCADE.
    import_links: Mapped[list[ImportedCase]] = relationship(
        viewonly=True, order_by="ImportedCase.id"
    )

    __mapper_args__ = {"version_id_col": version}


# The case list sorts these columns by their sort keys, ties by id: read in order from
# the index, no sort of the whole table (migration 0020; on PostgreSQL the key columns
# are COLLATE "C" there).
for _column in ("family_name", "given_name", "name_native", "assigned_to"):
    Index(f"ix_cases_{_column}_sort", getattr(Case, f"{_column}_sort"), Case.id)


class Alias(Base):
    """Another spelling of the person's name."""

    __tablename__ = "aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    spelling: Mapped[str] = mapped_column(String(400))
    case: Mapped[Case] = relationship(back_populates="aliases")


class Citizenship(Base):
    __tablename__ = "citizenships"
    __table_args__ = (UniqueConstraint("case_id", "country"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    country: Mapped[str] = mapped_column(String(2), index=True)  # ISO 3166 alpha-2
    case: Mapped[Case] = relationship(back_populates="citizenships")


class IdentityDocument(Base):
    """Passport, ID card...: sensitive, left out of redacted dossiers."""

    __tablename__ = "identity_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    doc_type: Mapped[str] = mapped_column(String(30))
    number: Mapped[str] = mapped_column(String(100), default="", index=True)
    issuing_country: Mapped[str] = mapped_column(String(2), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    case: Mapped[Case] = relationship(back_populates="documents")


class ExternalReference(Base):
    """A partner's own reference for the case (`ACC-001` at `Partner NGO`): a fact about
    the case, found by search and carried in lists. One (source, reference) names one case."""

    __tablename__ = "external_references"
    __table_args__ = (UniqueConstraint("source", "reference"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(200))
    reference: Mapped[str] = mapped_column(String(100), index=True)
    case: Mapped[Case] = relationship(back_populates="external_references")


class ImportRecord(Base):
    """One list imported: file, source, when and by whom, with its counts."""

    __tablename__ = "imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    file: Mapped[str] = mapped_column(String(400))
    source: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100), default="")
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)


class ImportedCase(Base):
    """A case an import created or changed (`list --import ID`; the case's provenance)."""

    __tablename__ = "import_cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"),
                                           index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(10))  # create / update
    record: Mapped[ImportRecord] = relationship(lazy="joined", viewonly=True)


class CaseTag(Base):
    __tablename__ = "case_tags"
    __table_args__ = (UniqueConstraint("case_id", "tag"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    tag: Mapped[str] = mapped_column(String(60), index=True)
    case: Mapped[Case] = relationship(back_populates="tags")


class StatusChange(Base):
    """One entry of a case's status history."""

    __tablename__ = "status_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    date: Mapped[PartialDate | None]
    source: Mapped[str] = mapped_column(String(400), default="")
    confidence: Mapped[str] = mapped_column(String(12), default="unverified")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(100), default="")
    case: Mapped[Case] = relationship(back_populates="status_history")


class CustodyPeriod(Base):
    """A dated place of detention; an empty facility with `disclosed=False` is valid."""

    __tablename__ = "custody_periods"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    facility: Mapped[str] = mapped_column(String(300), default="")
    disclosed: Mapped[bool] = mapped_column(Boolean, default=True)
    holding_party: Mapped[str] = mapped_column(String(200), default="")
    date_from: Mapped[PartialDate | None]
    date_to: Mapped[PartialDate | None]
    note: Mapped[str] = mapped_column(Text, default="")
    case: Mapped[Case] = relationship(back_populates="custody")


class MediaAppearance(Base):
    __tablename__ = "media_appearances"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    date: Mapped[PartialDate | None]
    link: Mapped[str] = mapped_column(String(1000), default="")
    platform: Mapped[str] = mapped_column(String(100), default="")
    coercion_note: Mapped[str] = mapped_column(Text, default="")
    case: Mapped[Case] = relationship(back_populates="media")


class Contact(Base):
    """A person or organisation: relative, lawyer, embassy, ICRC..."""

    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="other")
    name: Mapped[str] = mapped_column(String(300), index=True)
    organisation: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    language: Mapped[str] = mapped_column(String(50), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    channels: Mapped[list[ContactChannel]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactChannel.id"
    )
    case_links: Mapped[list[CaseContact]] = relationship(
        back_populates="contact", cascade="all, delete-orphan"
    )


class ContactChannel(Base):
    """A phone number, e-mail address or messenger handle of a contact."""

    __tablename__ = "contact_channels"
    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(12))  # phone / email / messenger
    value: Mapped[str] = mapped_column(String(300))
    label: Mapped[str] = mapped_column(String(100), default="")
    contact: Mapped[Contact] = relationship(back_populates="channels")


class CaseContact(Base):
    """A contact linked to a case, with the relationship and the family's consent."""

    __tablename__ = "case_contacts"
    __table_args__ = (UniqueConstraint("case_id", "contact_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    relationship_: Mapped[str] = mapped_column("relationship", String(100), default="")
    share_embassy: Mapped[bool] = mapped_column(Boolean, default=False)
    share_icrc: Mapped[bool] = mapped_column(Boolean, default=False)
    share_media: Mapped[bool] = mapped_column(Boolean, default=False)
    share_partner: Mapped[bool] = mapped_column(Boolean, default=False)
    case: Mapped[Case] = relationship(back_populates="contact_links")
    contact: Mapped[Contact] = relationship(back_populates="case_links")


class Appeal(Base):
    __tablename__ = "appeals"
    __table_args__ = (Index("ix_appeals_follow_up_status", "follow_up_date", "status"),
                      # the case list's next follow-up, from the index alone (0016)
                      Index("ix_appeals_case_follow_up", "case_id", "follow_up_date", "status"))
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    channel: Mapped[str] = mapped_column(String(50), default="")
    subject: Mapped[str] = mapped_column(String(400), default="")
    reference_number: Mapped[str] = mapped_column(String(100), default="")
    sent_date: Mapped[PartialDate | None]
    follow_up_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    response_date: Mapped[PartialDate | None]
    response_summary: Mapped[str] = mapped_column(Text, default="")
    case: Mapped[Case] = relationship(back_populates="appeals")
    recipient: Mapped[Contact | None] = relationship()


class Event(Base):
    """A dated entry on the case's timeline."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    date: Mapped[PartialDate | None]
    kind: Mapped[str] = mapped_column(String(20), default="note")
    summary: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(400), default="")
    confidence: Mapped[str] = mapped_column(String(12), default="unverified")
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    case: Mapped[Case] = relationship(back_populates="events")


class Attachment(Base):
    """A photo or document kept inside the database, so encryption and backups cover it."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    appeal_id: Mapped[int | None] = mapped_column(
        ForeignKey("appeals.id", ondelete="SET NULL"), index=True
    )
    filename: Mapped[str] = mapped_column(String(300))
    mime_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(Text, default="")
    is_portrait: Mapped[bool] = mapped_column(Boolean, default=False)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Bytes load only when asked for: lists of attachments stay cheap.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    case: Mapped[Case] = relationship(back_populates="attachments")


class Task(Base):
    """A free-standing follow-up on a case."""

    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_due_done", "due_date", "done"),
                      Index("ix_tasks_case_due", "case_id", "done", "due_date"))  # as appeals'
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(400))
    due_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    assignee: Mapped[str] = mapped_column(String(100), default="")
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    case: Mapped[Case] = relationship(back_populates="tasks")


class Exchange(Base):
    """A negotiation round or prisoner swap."""

    __tablename__ = "exchanges"
    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[PartialDate | None]
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    listings: Mapped[list[ExchangeListing]] = relationship(
        back_populates="exchange", cascade="all, delete-orphan"
    )


class ExchangeListing(Base):
    __tablename__ = "exchange_listings"
    __table_args__ = (UniqueConstraint("exchange_id", "case_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    exchange_id: Mapped[int] = mapped_column(
        ForeignKey("exchanges.id", ondelete="CASCADE"), index=True
    )
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    added_by: Mapped[str] = mapped_column(String(100), default="")
    released: Mapped[bool] = mapped_column(Boolean, default=False)
    released_date: Mapped[PartialDate | None]
    exchange: Mapped[Exchange] = relationship(back_populates="listings")
    case: Mapped[Case] = relationship()


class Disclosure(Base):
    """What was sent to whom and when, so "who has seen this family's details?" has an answer."""

    __tablename__ = "disclosures"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    recipient: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(30), default="dossier")
    profile: Mapped[str] = mapped_column(String(30), default="")
    filename: Mapped[str] = mapped_column(String(300), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    made_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    made_by: Mapped[str] = mapped_column(String(100), default="")
    case: Mapped[Case] = relationship(back_populates="disclosures")


class DuplicateDismissal(Base):
    """A pair of cases a caseworker said are not the same person (lower id first)."""

    __tablename__ = "duplicate_dismissals"
    __table_args__ = (UniqueConstraint("case_a", "case_b"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_a: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    case_b: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    dismissed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    dismissed_by: Mapped[str] = mapped_column(String(100), default="")


class CaseMember(Base):
    """A server login named on a (restricted) case, besides the assigned caseworker."""

    __tablename__ = "case_members"
    __table_args__ = (UniqueConstraint("case_id", "login"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    login: Mapped[str] = mapped_column(String(63))


class AuditEntry(Base):
    """Who changed what and when; written in the transaction of the change itself."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_case_at", "case_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100), default="", index=True)
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None]
    # No foreign key: the log outlives deleted cases.
    case_id: Mapped[int | None] = mapped_column(Integer)
    case_reference: Mapped[str] = mapped_column(String(20), default="")
    # {field: [old, new]} with values as text.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)


class Setting(Base):
    """Organisation-wide settings kept with the data (organisation name, next reference)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


# Search keys sort byte-wise on both databases, so a prefix is an index range.
_KEY = String(60).with_variant(String(60, collation="C"), "postgresql")


class NameKey(Base):
    """One normalised word of a case (name, alias, reference, document, place) for search.

    Kept current inside every write's transaction by casemanager.store.search_index.
    `initials` is the same on every row of a case: one bit per first character of the
    case's name keys (`search_index.name_initials`), so "Karimov T" checks the initial
    on Karimov's own rows; -1 on reference, document and partner's reference rows (a
    login that may not read documents rewrites a case's keys without them: their value
    would go stale), meaning "look it up".

    The table's shape is made by the migrations (0021): on SQLite a table WITHOUT ROWID
    keyed (key, case_id), one B-tree walked in key order, beside an index (case_id, key,
    kind); on PostgreSQL the primary key (case_id, key) and an index (key, case_id, kind,
    initials), read alone.
    """

    __tablename__ = "name_keys"
    __table_args__ = (
        PrimaryKeyConstraint("key", "case_id"),
        Index("ix_name_keys_case", "case_id", "key", "kind"),
        {"sqlite_with_rowid": False},
    )
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(_KEY)
    kind: Mapped[str] = mapped_column(String(12))
    initials: Mapped[int] = mapped_column(BigInteger)  # no default: every writer gives it
    token: Mapped[str] = mapped_column(String(200), default="")


class SearchVocab(Base):
    """Every key ever indexed, for fuzzy look-ups; a stale key only finds nothing."""

    __tablename__ = "search_vocab"
    key: Mapped[str] = mapped_column(_KEY, primary_key=True)


# ---------------------------------------------------------------- exchange with partners


class OrgKey(Base):
    """The organisation's OpenPGP key pair (the secret key as armored text; see
    docs/bundle-format.md for what protects it)."""

    __tablename__ = "org_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    secret: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100), default="")


class PartnerKey(Base):
    """A partner organisation's public key, trusted once its fingerprint was compared."""

    __tablename__ = "partner_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    certificate: Mapped[str] = mapped_column(Text)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    added_by: Mapped[str] = mapped_column(String(100), default="")


class ReceivedBundle(Base):
    """A bundle taken in: its id makes a replay of the same bundle refusable."""

    __tablename__ = "received_bundles"
    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[str] = mapped_column(String(64), unique=True)
    partner: Mapped[str] = mapped_column(String(100), default="")
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    received_by: Mapped[str] = mapped_column(String(100), default="")


class BundleRecord(Base):
    """Which local row a partner's record (by its stable id) became, so a later bundle
    updates it instead of adding it again, and a record sent back keeps its first id."""

    __tablename__ = "bundle_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    local_id: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)


class PartnerClaim(Base):
    """A partner's value for a field that differs from ours: kept, never applied silently."""

    __tablename__ = "partner_claims"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    partner: Mapped[str] = mapped_column(String(100), default="")
    field: Mapped[str] = mapped_column(String(50))
    value: Mapped[str] = mapped_column(Text, default="")
    bundle_id: Mapped[str] = mapped_column(String(64), default="")
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


# A deleted row's id is never given to a new row (migration 0019): our records travel
# to partners, and stand in the audit log and the bundle ledger, under their ids. SQLite
# otherwise gives the id of a deleted last row again; PostgreSQL's sequences never do.
for _table in Base.metadata.tables.values():
    if "id" in _table.c and _table.c.id.primary_key:
        _table.dialect_kwargs["sqlite_autoincrement"] = True
