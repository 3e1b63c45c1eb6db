"""Demo staff accounts: every role at the city and at one ward, with fixed passwords.

The passwords are public demo values: never run the demo on a production database.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from motcua.agencies import policy
from motcua.agencies.models import Agency, Role
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
    return accounts
