"""Demo accounts: staff in every role at the city and at one ward, and two citizens' accounts
("congdan", a person; "doanhnghiep", a company's representative), with fixed passwords.

The passwords are public demo values: never run the demo on a production database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from motcua.agencies import policy
from motcua.agencies.models import Agency, Role
from motcua.citizens.models import CitizenProfile
from motcua.demo.builders.people import Person
from motcua.demo.builders.units import DemoUnits


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    full_name: str
    role: str
    agency: Agency
    password_current: bool = True


def _specs(units: DemoUnits) -> list[tuple[str, str, str, Agency]]:
    ward = units.communes["sai_gon"]
    return [
        ("tp.motcua", "Nguyễn Thị Mai", Role.OFFICER, units.departments["centre"]),
        ("tp.chuyenvien", "Trần Văn Hùng", Role.SPECIALIST, units.divisions["justice.civil"]),
        ("tp.lanhdao", "Lê Minh Tuấn", Role.LEADER, units.departments["justice"]),
        ("tp.quantri", "Phạm Thu Hà", Role.ADMINISTRATOR, units.province),
        ("tp.giamsat", "Võ Thanh Sơn", Role.OVERSIGHT, units.province),
        ("saigon.motcua", "Đặng Ngọc Lan", Role.OFFICER, ward.divisions["centre"]),
        ("saigon.chuyenvien", "Bùi Quốc Khánh", Role.SPECIALIST, ward.divisions["office"]),
        ("saigon.lanhdao", "Hoàng Anh Dũng", Role.LEADER, ward.agency),
        ("saigon.quantri", "Huỳnh Bảo Châu", Role.ADMINISTRATOR, ward.agency),
        ("saigon.giamsat", "Ngô Thị Hạnh", Role.OVERSIGHT, ward.agency),
    ]


def demo_password(username: str) -> str:
    return f"{username.replace('.', '-')}-Demo2025"


def build_accounts(units: DemoUnits) -> list[DemoAccount]:
    User = get_user_model()
    accounts = []
    for username, full_name, role, agency in _specs(units):
        password = demo_password(username)
        user = User.objects.filter(username=username).first()
        if user is None:
            last, first = full_name.rsplit(" ", 1)
            user = User(username=username, first_name=first, last_name=last)
            user.set_password(password)
            user.save()
        policy.grant_role(user, agency, role)
        accounts.append(
            DemoAccount(
                username=username,
                password=password,
                full_name=full_name,
                role=role,
                agency=agency,
                password_current=user.check_password(password),
            )
        )
    # The citizens' accounts too (not listed here: they hold no role at an agency).
    build_citizens()
    return accounts


# --- citizens ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoCitizen:
    username: str
    full_name: str
    phone: str
    email: str
    id_number: str  # 079: born in Ho Chi Minh City; then sex and century, year, serial
    birth_date: datetime.date
    address: str
    organisation_name: str = ""
    tax_code: str = ""


CITIZENS = (
    DemoCitizen(
        "congdan",
        "Nguyễn Văn An",
        "0903123456",
        "congdan@example.vn",
        "079088001234",
        datetime.date(1988, 4, 12),
        "25 Lê Lợi, phường Sài Gòn, Thành phố Hồ Chí Minh",
    ),
    DemoCitizen(
        "doanhnghiep",
        "Trần Thị Bích",
        "0908765432",
        "doanhnghiep@example.vn",
        "079185004321",
        datetime.date(1985, 9, 3),
        "8 Hàm Nghi, phường Sài Gòn, Thành phố Hồ Chí Minh",
        organisation_name="Công ty TNHH Thương mại Dịch vụ Sao Việt",
        tax_code="0312345678",
    ),
)


@dataclass(frozen=True)
class DemoCitizenAccount:
    username: str
    password: str
    full_name: str
    phone: str
    organisation_name: str
    password_current: bool = True


def build_citizens() -> list[DemoCitizenAccount]:
    """The citizens' demo accounts with their profiles (idempotent: an existing account and
    its profile are left as they are)."""
    User = get_user_model()
    accounts = []
    for spec in CITIZENS:
        password = demo_password(spec.username)
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            last, first = spec.full_name.rsplit(" ", 1)
            user = User(username=spec.username, first_name=first, last_name=last, email=spec.email)
            user.set_password(password)
            user.save()
        if not CitizenProfile.objects.filter(user=user).exists():
            CitizenProfile.objects.create(
                user=user,
                kind="organisation" if spec.organisation_name else "person",
                phone=spec.phone,
                id_number=spec.id_number,
                birth_date=spec.birth_date,
                address=spec.address,
                organisation_name=spec.organisation_name,
                tax_code=spec.tax_code,
            )
        accounts.append(
            DemoCitizenAccount(
                username=spec.username,
                password=password,
                full_name=spec.full_name,
                phone=spec.phone,
                organisation_name=spec.organisation_name,
                password_current=user.check_password(password),
            )
        )
    return accounts


def demo_citizen():
    """(user, Person) of "congdan", who owns some of the demo's online dossiers; None when
    the account does not exist."""
    spec = CITIZENS[0]
    user = get_user_model().objects.filter(username=spec.username).first()
    if user is None:
        return None
    last, first = spec.full_name.rsplit(" ", 1)
    person = Person(
        spec.full_name, first, last, spec.id_number, spec.birth_date, spec.phone, spec.address
    )
    return user, person
