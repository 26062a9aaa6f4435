"""Plain, frozen views of the data that services hand out.

The GUI and the command line never hold live ORM rows: nothing lazy-loads on the GUI
thread and nothing outlives its session.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

from casemanager.domain.names import display_name
from casemanager.domain.partialdate import PartialDate

T = TypeVar("T")


def from_row(cls: type[T], obj: Any, **overrides: Any) -> T:
    """Build a dataclass from an ORM object's attributes of the same names."""
    values = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        values[f.name] = overrides[f.name] if f.name in overrides else getattr(obj, f.name)
    return cls(**values)


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    id: int
    reference: str
    status: str
    priority: str
    family_name: str
    given_name: str
    patronymic: str
    name_native: str
    citizenships: str
    recruitment: str
    assigned_to: str
    capture_date: PartialDate | None
    detention_place: str
    next_follow_up: dt.date | None
    updated_at: dt.datetime
    name_latin: str = ""

    @property
    def display_name(self) -> str:
        """The person's name as lists show it (names.display_name: family name first,
        patronymic included, the native-script name when no Latin one is known)."""
        return display_name(self.family_name, self.given_name, self.patronymic,
                            latin=self.name_latin, native=self.name_native)


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    doc_type: str
    number: str
    issuing_country: str
    note: str


@dataclass(frozen=True)
class StatusEntry:
    id: int
    status: str
    date: PartialDate | None
    source: str
    confidence: str
    note: str
    recorded_at: dt.datetime
    recorded_by: str


@dataclass(frozen=True)
class CustodyInfo:
    id: int
    facility: str
    disclosed: bool
    holding_party: str
    date_from: PartialDate | None
    date_to: PartialDate | None
    note: str

    @property
    def place(self) -> str:
        return self.facility if self.disclosed else "location not disclosed"


@dataclass(frozen=True)
class MediaInfo:
    id: int
    date: PartialDate | None
    link: str
    platform: str
    coercion_note: str


@dataclass(frozen=True)
class ChannelInfo:
    kind: str
    value: str
    label: str


@dataclass(frozen=True)
class ContactInfo:
    id: int
    kind: str
    name: str
    organisation: str
    address: str
    country: str
    language: str
    notes: str
    channels: tuple[ChannelInfo, ...]
    # (reference, display name, relationship) of every case linked to it.
    cases: tuple[tuple[str, str, str], ...] = ()
    # (reference, name in its own script) of those cases that have one.
    case_native_names: tuple[tuple[str, str], ...] = ()

    def values(self, kind: str) -> list[str]:
        return [c.value for c in self.channels if c.kind == kind]


@dataclass(frozen=True)
class LinkedContact:
    """A contact as linked to one case."""

    link_id: int
    relationship: str
    share_embassy: bool
    share_icrc: bool
    share_media: bool
    contact: ContactInfo
    share_partner: bool = False  # partner organisations (bundles), issue 20

    @property
    def is_family(self) -> bool:
        return self.contact.kind == "relative"


@dataclass(frozen=True)
class AppealInfo:
    id: int
    recipient_id: int | None
    recipient_name: str
    channel: str
    subject: str
    reference_number: str
    sent_date: PartialDate | None
    follow_up_date: dt.date | None
    status: str
    response_date: PartialDate | None
    response_summary: str


@dataclass(frozen=True)
class EventInfo:
    id: int
    date: PartialDate | None
    kind: str
    summary: str
    source: str
    confidence: str
    confidential: bool


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    filename: str
    mime_type: str
    size: int
    sha256: str
    description: str
    is_portrait: bool
    confidential: bool
    appeal_id: int | None
    created_at: dt.datetime

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")


@dataclass(frozen=True)
class TaskInfo:
    id: int
    title: str
    due_date: dt.date | None
    assignee: str
    done: bool


@dataclass(frozen=True)
class DisclosureInfo:
    id: int
    recipient: str
    kind: str
    profile: str
    filename: str
    sha256: str
    made_at: dt.datetime
    made_by: str


@dataclass(frozen=True)
class ImportInfo:
    """An import that created or changed the case: which list, from whom, when."""

    import_id: int
    file: str
    source: str
    at: dt.datetime
    action: str  # create / update


@dataclass(frozen=True)
class CaseDetail:
    """A whole case file, as plain data."""

    id: int
    reference: str
    version: int
    status: str
    priority: str
    assigned_to: str
    created_at: dt.datetime
    updated_at: dt.datetime
    notes: str
    confidential_notes: str
    family_name: str
    given_name: str
    patronymic: str
    name_native: str
    name_latin: str
    sex: str
    date_of_birth: PartialDate | None
    place_of_birth: str
    ethnicity: str
    home_region: str
    languages: str
    father_name: str
    mother_maiden_name: str
    person_to_inform: str
    last_proof_of_life: PartialDate | None
    last_proof_of_life_source: str
    affiliation: str
    unit: str
    rank: str
    service_number: str
    recruitment: str
    capture_date: PartialDate | None
    capture_place: str
    detaining_party: str
    health: str
    medical_urgency: str
    icrc_registration: str
    aliases: tuple[str, ...]
    citizenships: tuple[str, ...]
    tags: tuple[str, ...]
    documents: tuple[DocumentInfo, ...]
    status_history: tuple[StatusEntry, ...]
    custody: tuple[CustodyInfo, ...]
    media: tuple[MediaInfo, ...]
    contacts: tuple[LinkedContact, ...]
    appeals: tuple[AppealInfo, ...]
    events: tuple[EventInfo, ...]
    attachments: tuple[AttachmentInfo, ...]
    tasks: tuple[TaskInfo, ...]
    disclosures: tuple[DisclosureInfo, ...]
    # Partners' references, each as `SOURCE: REF` (the interchange column's items).
    external_references: tuple[str, ...] = ()
    imports: tuple[ImportInfo, ...] = ()
    # On a server: seen only by coordinators, its caseworker and the logins named on it.
    restricted: bool = False
    # The case this one was merged into (its reference): kept closed, read-only, so
    # that the merge can be undone; "" for a case not merged away.
    merged_into: str = ""

    @property
    def display_name(self) -> str:
        """The person's name (names.display_name): Latin parts family name first, else
        the whole Latin name, else the native-script name."""
        return display_name(self.family_name, self.given_name, self.patronymic,
                            latin=self.name_latin, native=self.name_native)

    @property
    def latin_name(self) -> str:
        """The name in Latin script only: `name_latin` as written, else the Latin parts
        (family name first); "" when only the native-script name is known."""
        return self.name_latin or display_name(self.family_name, self.given_name,
                                               self.patronymic)

    @property
    def detention_place(self) -> str:
        """Where the person is held now: the latest custody entry."""
        return self.custody[-1].place if self.custody else ""

    @property
    def portrait(self) -> AttachmentInfo | None:
        return next((a for a in self.attachments if a.is_portrait), None)


@dataclass(frozen=True)
class PossibleDuplicate:
    """A case already held that may be the person about to be saved as a new case.

    `name` is the spelling of that case that came closest (an alias, the native-script
    name or the Latin one); `date_of_birth` is shown as caseworkers write it (01.1999);
    `score` is the duplicate score (0..1, casemanager.services.duplicates) with its `reasons`.
    """

    reference: str
    name: str
    date_of_birth: str
    score: float
    reasons: tuple[str, ...]

    def describe(self) -> str:
        """`CM-0091 Tursunow Farrukh, born 01.1999` (the birth part only when known)."""
        born = f", born {self.date_of_birth}" if self.date_of_birth else ""
        return f"{self.reference} {self.name}{born}"
