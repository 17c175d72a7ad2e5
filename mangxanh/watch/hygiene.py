"""Channel hygiene: who holds admin rights, 2FA, recovery e-mail, the last security review; the
unit's compliance; and hand-over tasks when an administrator leaves the unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from mangxanh.org import permissions
from mangxanh.org.models import Membership, Unit
from mangxanh.review.models import ChannelKind, OfficialChannel
from mangxanh.watch.models import ChannelHygiene, HandoverTask
from mangxanh.watch.page import host_of

MIN_ADMINS = 2
REVIEW_EVERY = timedelta(days=365)

CHECKS = {
    "admins": f"Có ít nhất {MIN_ADMINS} người quản trị được ghi tên",
    "two_factor": "Đã bật xác thực hai bước",
    "recovery_email": "Thư điện tử khôi phục thuộc tên miền của đơn vị",
    "reviewed": "Đã rà soát bảo mật trong 12 tháng qua",
}


@dataclass
class ChannelHygieneReport:
    channel: OfficialChannel
    results: dict[str, bool]

    @property
    def passed(self) -> int:
        return sum(self.results.values())

    @property
    def percent(self) -> int:
        return round(100 * self.passed / len(self.results))

    @property
    def items(self) -> list[tuple[str, bool]]:
        return [(CHECKS[key], ok) for key, ok in self.results.items()]


def admin_names(channel: OfficialChannel) -> list[str]:
    """Named administrators: accounts linked to the channel plus the names typed in the registry."""
    names = {(u.full_name or u.get_username()).strip().lower() for u in channel.admin_users.all()}
    names |= {line.strip().lower() for line in channel.admin_names.splitlines() if line.strip()}
    return sorted(n for n in names if n)


def unit_domains(unit: Unit) -> set[str]:
    """The unit's own domains: its e-mail's domain and the hosts of its registered websites."""
    domains = set()
    if unit.email and "@" in unit.email:
        domains.add(unit.email.rsplit("@", 1)[1].lower())
    for address in OfficialChannel.objects.filter(unit=unit, kind=ChannelKind.WEBSITE).values_list("address",
                                                                                                   flat=True):
        host = host_of(address if "://" in address else f"https://{address}")
        domains.add(host[4:] if host.startswith("www.") else host)
    return {d for d in domains if d}


def on_domains(email: str, domains: set[str]) -> bool:
    if "@" not in (email or ""):
        return False
    domain = email.rsplit("@", 1)[1].lower()
    return any(domain == d or domain.endswith("." + d) for d in domains)


def report(channel: OfficialChannel, today: date | None = None, domains: set[str] | None = None) -> ChannelHygieneReport:
    today = today or timezone.localdate()
    domains = unit_domains(channel.unit) if domains is None else domains
    hygiene = ChannelHygiene.objects.filter(channel=channel).first()
    reviewed = channel.last_security_review is not None and today - channel.last_security_review <= REVIEW_EVERY
    return ChannelHygieneReport(channel, {
        "admins": len(admin_names(channel)) >= MIN_ADMINS,
        "two_factor": channel.two_factor_enabled,
        "recovery_email": bool(hygiene) and on_domains(hygiene.recovery_email, domains),
        "reviewed": reviewed,
    })


@dataclass
class UnitCompliance:
    unit: Unit
    channels: list[ChannelHygieneReport]

    @property
    def percent(self) -> int | None:
        total = sum(len(r.results) for r in self.channels)
        return round(100 * sum(r.passed for r in self.channels) / total) if total else None


def unit_compliance(unit: Unit, today: date | None = None) -> UnitCompliance:
    channels = OfficialChannel.objects.filter(unit=unit, active=True).select_related("unit")
    domains = unit_domains(unit)
    return UnitCompliance(unit, [report(c, today, domains) for c in channels.prefetch_related("admin_users")])


def rollup(unit: Unit, today: date | None = None) -> tuple[int | None, list[UnitCompliance]]:
    """Compliance of every unit in the subtree with channels, and the subtree's overall percent
    (every check of every channel counts once, so a unit with many channels weighs more)."""
    rows = [unit_compliance(u, today) for u in unit.subtree().filter(is_active=True)]
    rows = [row for row in rows if row.channels]
    total = sum(len(r.results) for row in rows for r in row.channels)
    passed = sum(r.passed for row in rows for r in row.channels)
    return (round(100 * passed / total) if total else None), rows


def check_share(unit: Unit, check: str, today: date | None = None) -> int | None:
    """Percent of the subtree's active channels that pass one check of the list (CHECKS)."""
    _, rows = rollup(unit, today)
    reports = [r for row in rows for r in row.channels]
    return round(100 * sum(r.results[check] for r in reports) / len(reports)) if reports else None


# --- Hand-over when an administrator leaves ----------------------------------------------------------


def raise_handovers(user, unit: Unit | None = None) -> list[HandoverTask]:
    """One open hand-over task per channel the person administers (in unit, or anywhere)."""
    channels = OfficialChannel.objects.filter(admin_users=user, active=True)
    if unit is not None:
        channels = channels.filter(unit=unit)
    made = []
    for channel in channels:
        if HandoverTask.objects.filter(channel=channel, former_admin=user, done_at__isnull=True).exists():
            continue
        made.append(HandoverTask.objects.create(
            unit=channel.unit, channel=channel, former_admin=user,
            former_admin_name=(user.full_name or user.get_username())[:200]))
    return made


def membership_ended(sender, instance: Membership, **kwargs) -> None:
    """A role removed: when it was the person's last role in that unit, they have left it."""
    origin = kwargs.get("origin")
    if origin is not None and getattr(origin, "model", type(origin)) is not Membership:
        return  # the account or the unit itself is being deleted: nothing left to hand over to
    if Membership.objects.filter(user_id=instance.user_id, unit_id=instance.unit_id).exists():
        return
    raise_handovers(instance.user, instance.unit)


def user_deactivated(sender, instance, **kwargs) -> None:
    if instance.pk is None or instance.is_active:
        return
    was_active = type(instance).objects.filter(pk=instance.pk, is_active=True).exists()
    if was_active:
        raise_handovers(instance)


def complete_handover(task: HandoverTask, user) -> None:
    """Done: the former administrator is taken off the channel's account list too."""
    permissions.require_person(user, "watch.view", task.unit)
    task.done_at, task.done_by = timezone.now(), user
    task.save(update_fields=["done_at", "done_by"])
    if task.former_admin_id:
        task.channel.admin_users.remove(task.former_admin_id)
