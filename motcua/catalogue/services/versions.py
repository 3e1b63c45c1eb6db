"""Which version of a procedure is in force, and what changed between two versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from motcua.catalogue.models import (
    ChangeKind,
    Channel,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    ProcessingTime,
)
from motcua.catalogue.services.vocab import unit_code_of
from motcua.core.validity import valid_on_q
from motcua.worktime.units import DurationUnit


def in_force_q(on: date, prefix: str = "") -> Q:
    """Versions in force on `on`: valid_from..valid_to inclusive, abolition rows excluded."""
    return valid_on_q(on, prefix) & ~Q(**{f"{prefix}change_kind": ChangeKind.ABOLISHED})


def version_in_force(procedure: Procedure | str, on: date | None = None) -> ProcedureVersion | None:
    """The version of `procedure` (instance or national code) in force on `on` (default today)."""
    on = on or timezone.localdate()
    versions = ProcedureVersion.objects.filter(in_force_q(on))
    if isinstance(procedure, Procedure):
        versions = versions.filter(procedure=procedure)
    else:
        versions = versions.filter(procedure__code=procedure)
    return versions.select_related("procedure", "field", "decision").order_by("-number").first()


# Duration units as a reader sees them after an amount ("7 ngày làm việc").
UNIT_LABELS = {
    DurationUnit.HOURS: pgettext_lazy("duration unit", "hours"),
    DurationUnit.WORKING_DAYS: pgettext_lazy("duration unit", "working days"),
    DurationUnit.DAYS: pgettext_lazy("duration unit", "days"),
    DurationUnit.MONTHS: pgettext_lazy("duration unit", "months"),
}


def _decimal_text(value: Decimal) -> str:
    value = value.normalize()
    if value == value.to_integral():
        value = value.quantize(Decimal(1))
    return number_format(value)


def describe_time(time: ProcessingTime) -> str:
    """A processing time as published: amount and unit, never a unit the source did not give.

    The national data writes an unspecified unit as the code OTHER ("1 OTHER"): the amount
    is shown with "unit not stated"; a bare OTHER with no amount is "not stated".
    """
    if time.amount is not None and time.unit:
        return f"{_decimal_text(time.amount)} {UNIT_LABELS[DurationUnit(time.unit)]}"
    if time.amount is not None:
        return _("%(amount)s (unit not stated)") % {"amount": _decimal_text(time.amount)}
    text = (time.text or "").strip()
    if text and unit_code_of(text) is None:
        return text
    return _("Not stated")


@dataclass
class FieldChange:
    key: str
    old: Any
    new: Any


@dataclass
class ChannelChange:
    channel: int
    old: str | None
    new: str | None

    @property
    def channel_label(self) -> str:
        return str(Channel(self.channel).label)


@dataclass
class VersionDiff:
    old: ProcedureVersion
    new: ProcedureVersion
    changed_fields: list[FieldChange] = field(default_factory=list)
    processing: list[ChannelChange] = field(default_factory=list)
    fees: list[ChannelChange] = field(default_factory=list)
    documents_added: list[str] = field(default_factory=list)
    documents_removed: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.changed_fields
            or self.processing
            or self.fees
            or self.documents_added
            or self.documents_removed
        )


# Record keys compared field by field (processing, fees and documents have their own view).
_COMPARED_KEYS = (
    "name",
    "field",
    "levels",
    "type",
    "decision",
    "steps",
    "applicants",
    "agencies",
    "result",
    "legal_basis",
    "requirements",
    "online_level",
)


def compare_versions(old: ProcedureVersion, new: ProcedureVersion) -> VersionDiff:
    """What changed from `old` to `new`: fields, time and fees per channel, documents."""
    from motcua.catalogue.services.exporter import version_to_record

    before, after = version_to_record(old), version_to_record(new)
    diff = VersionDiff(old=old, new=new)
    diff.changed_fields = [
        FieldChange(key, before.get(key), after.get(key))
        for key in _COMPARED_KEYS
        if before.get(key) != after.get(key)
    ]
    old_times, new_times = _times_by_channel(old), _times_by_channel(new)
    for channel in Channel.values:
        was, now = old_times.get(channel), new_times.get(channel)
        if was != now:
            diff.processing.append(ChannelChange(channel, was, now))
    old_fees, new_fees = _fees_by_channel(old), _fees_by_channel(new)
    for channel in Channel.values:
        was, now = old_fees.get(channel), new_fees.get(channel)
        if was != now:
            diff.fees.append(ChannelChange(channel, was, now))
    old_docs = [d.name for d in old.documents.all()]
    new_docs = [d.name for d in new.documents.all()]
    diff.documents_added = [name for name in new_docs if name not in old_docs]
    diff.documents_removed = [name for name in old_docs if name not in new_docs]
    return diff


def _times_by_channel(version: ProcedureVersion) -> dict[int, str]:
    times: dict[int, list[str]] = {}
    for time in version.processing_times.all():
        times.setdefault(time.channel, []).append(describe_time(time))
    return {channel: "; ".join(texts) for channel, texts in times.items()}


def _fees_by_channel(version: ProcedureVersion) -> dict[int, str]:
    fees: dict[int, list[str]] = {}
    for fee in version.fees.all():
        text = (
            _("%(amount)s VND") % {"amount": f"{fee.amount_vnd:,}".replace(",", ".")}
            if fee.amount_vnd is not None
            else fee.description
        )
        fees.setdefault(fee.channel, []).append(text)
    return {channel: "; ".join(texts) for channel, texts in fees.items()}


def accepts_online(version: ProcedureVersion) -> bool:
    """Whether dossiers of this version may be submitted online: it is published as a fully
    or partly online public service, or it states a processing time for the online channel."""
    if version.online_level in (OnlineLevel.FULL, OnlineLevel.PARTIAL):
        return True
    return any(time.channel == Channel.ONLINE for time in version.processing_times.all())
