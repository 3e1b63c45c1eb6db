"""Citizens' accounts: sign-up, the identifier a person signs in with, the profile that
pre-fills an online dossier's applicant.

An account is a Django user plus a CitizenProfile. A citizen signs up with a full name and an
e-mail address or a Vietnamese mobile number (or both) and a password checked by Django's
validators; the citizen ID, birth date and address are optional, and so are the name and tax
code of the organisation the person acts for. Everybody (staff too) signs in with a username,
an e-mail address or a phone number (see backends.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.citizens.models import CitizenProfile
from motcua.core.text import nfc
from motcua.dossiers.models import ApplicantKind
from motcua.dossiers.services.intake import CITIZEN_ID, TAX_CODE, Applicant

# Vietnamese mobile numbers: 10 digits, 03x, 05x, 07x, 08x or 09x (after the 2018
# renumbering), written with the national 0 or the country code 84.
_MOBILE = re.compile(r"^0[35789][0-9]{8}\Z")
_SEPARATORS = re.compile(r"[\s.\-()]")


def normalise_phone(value: str) -> str:
    """'+84 90 123 4567', '84901234567', '090.123.4567' -> '0901234567'; '' if not a
    Vietnamese mobile number."""
    raw = _SEPARATORS.sub("", str(value or "").strip())
    if raw.startswith("+84"):
        raw = "0" + raw[3:]
    elif raw.startswith("84") and len(raw) == 11:
        raw = "0" + raw[2:]
    return raw if _MOBILE.match(raw) else ""


def looks_like_phone(value: str) -> bool:
    raw = _SEPARATORS.sub("", str(value or "").strip())
    return bool(raw) and raw.lstrip("+").isdigit()


def full_name(user) -> str:
    """Vietnamese order: family and middle names (last_name) before the given name."""
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


def split_name(name: str) -> tuple[str, str]:
    """'Nguyễn Thị Ánh' -> ('Nguyễn Thị', 'Ánh'): (last_name, first_name)."""
    words = _clean(name).split(" ")
    if len(words) == 1:
        return "", words[0]
    return " ".join(words[:-1]), words[-1]


def is_staff_member(user) -> bool:
    """Staff go to the officers' workspace; is_staff follows their roles (agencies.policy)."""
    return bool(user is not None and user.is_authenticated and (user.is_staff or user.is_superuser))


def _clean(value) -> str:
    return nfc(" ".join(str(value or "").split()))


def find_user(identifier: str):
    """The one active-or-not user a sign-in identifier names: a username, else an e-mail
    address, else a phone number; None when none or several match."""
    User = get_user_model()
    text = str(identifier or "").strip()
    if not text:
        return None
    user = User.objects.filter(username=text).first()
    if user is not None:
        return user
    if "@" in text:
        matches = list(User.objects.filter(email__iexact=text)[:2])
        return matches[0] if len(matches) == 1 else None
    phone = normalise_phone(text)
    if phone:
        profile = CitizenProfile.objects.filter(phone=phone).select_related("user").first()
        return profile.user if profile is not None else None
    return None


@dataclass
class AccountDetails:
    """What a citizen gives at sign-up and may change on the profile page."""

    full_name: str = ""
    email: str = ""
    phone: str = ""
    kind: str = ApplicantKind.PERSON
    id_number: str = ""
    birth_date: date | None = None
    address: str = ""
    organisation_name: str = ""
    tax_code: str = ""


def _validate(details: AccountDetails, user=None) -> tuple[dict[str, list[str]], str, str]:
    """Errors by field, and the normalised e-mail and phone."""
    User = get_user_model()
    errors: dict[str, list[str]] = {}

    def err(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not _clean(details.full_name):
        err("full_name", _("Give your full name."))
    email = (details.email or "").strip().lower()
    phone = ""
    if details.phone and str(details.phone).strip():
        phone = normalise_phone(details.phone)
        if not phone:
            err(
                "phone",
                _("Give a Vietnamese mobile number: 10 digits starting 03, 05, 07, 08 or 09."),
            )
    if not email and not details.phone:
        err("email", _("Give an e-mail address or a mobile number (or both)."))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            err("email", _("Give a valid e-mail address."))
    others = User.objects.exclude(pk=user.pk) if user is not None else User.objects.all()
    if email and "email" not in errors and others.filter(email__iexact=email).exists():
        err("email", _("An account with this e-mail address exists already: sign in instead."))
    if phone:
        taken = CitizenProfile.objects.filter(phone=phone)
        if user is not None:
            taken = taken.exclude(user=user)
        if taken.exists() or others.filter(username=phone).exists():
            err("phone", _("An account with this phone number exists already: sign in instead."))
    if details.kind not in ApplicantKind.values:
        err("kind", _("A person or an organisation."))
    if details.id_number and not CITIZEN_ID.match(details.id_number):
        err("id_number", _("A citizen ID has 12 digits."))
    if details.birth_date and details.birth_date > timezone.localdate():
        err("birth_date", _("The birth date is in the future."))
    if details.tax_code and not TAX_CODE.match(details.tax_code):
        err("tax_code", _("A tax code has 10 digits, or 10 digits, a hyphen and 3 digits."))
    if details.kind == ApplicantKind.ORGANISATION and not _clean(details.organisation_name):
        err("organisation_name", _("Give the organisation's name."))
    return errors, email, phone


def _apply(profile: CitizenProfile, details: AccountDetails, phone: str) -> None:
    profile.kind = details.kind
    profile.phone = phone
    profile.id_number = details.id_number or ""
    profile.birth_date = details.birth_date
    profile.address = _clean(details.address)[:500]
    profile.organisation_name = _clean(details.organisation_name)[:255]
    profile.tax_code = (details.tax_code or "").strip()


def sign_up(details: AccountDetails, password: str):
    """Create a citizen's account; ValidationError (by field) changes nothing."""
    User = get_user_model()
    errors, email, phone = _validate(details)
    last, first = split_name(details.full_name)
    username = phone or email
    candidate = User(username=username, email=email, first_name=first[:150], last_name=last[:150])
    try:
        validate_password(password or "", user=candidate)
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if username and User.objects.filter(username=username).exists():
        errors.setdefault("email" if not phone else "phone", []).append(
            _("An account with this identifier exists already: sign in instead.")
        )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            candidate.set_password(password)
            candidate.save()
            profile = CitizenProfile(user=candidate)
            _apply(profile, details, phone)
            profile.save()
    except IntegrityError:  # the same phone or username signed up a moment ago
        raise ValidationError(
            {"phone": [_("An account with this identifier exists already: sign in instead.")]}
        ) from None
    return candidate


def profile_of(user) -> CitizenProfile | None:
    if user is None or not user.is_authenticated:
        return None
    return CitizenProfile.objects.filter(user=user).first()


def details_of(user) -> AccountDetails:
    profile = profile_of(user) or CitizenProfile()
    return AccountDetails(
        full_name=full_name(user) if (user.first_name or user.last_name) else "",
        email=user.email,
        phone=profile.phone,
        kind=profile.kind,
        id_number=profile.id_number,
        birth_date=profile.birth_date,
        address=profile.address,
        organisation_name=profile.organisation_name,
        tax_code=profile.tax_code,
    )


def update_profile(user, details: AccountDetails):
    """Change the account's details (not the password); ValidationError changes nothing.
    Staff accounts get a profile too when they use it to apply for themselves."""
    errors, email, phone = _validate(details, user)
    if errors:
        raise ValidationError(errors)
    last, first = split_name(details.full_name)
    with transaction.atomic():
        user.first_name, user.last_name, user.email = first[:150], last[:150], email
        user.save(update_fields=["first_name", "last_name", "email"])
        profile = CitizenProfile.objects.select_for_update().filter(user=user).first()
        profile = profile or CitizenProfile(user=user)
        _apply(profile, details, phone)
        profile.save()
    return user


def details_from_mapping(data: dict, base: AccountDetails | None = None) -> AccountDetails:
    """An AccountDetails from form or API data; missing keys keep `base`'s values."""
    values = {f.name: getattr(base, f.name) for f in fields(AccountDetails)} if base else {}
    for f in fields(AccountDetails):
        if f.name in data:
            value = data[f.name]
            values[f.name] = value if f.name == "birth_date" else str(value or "").strip()
    return AccountDetails(**values)


def applicant_for(user) -> Applicant:
    """The applicant of a new online dossier, pre-filled from the account: the person, or the
    organisation with the person as its representative."""
    details = details_of(user)
    person_name = details.full_name or ""
    if details.kind == ApplicantKind.ORGANISATION and details.organisation_name:
        return Applicant(
            kind=ApplicantKind.ORGANISATION,
            name=details.organisation_name,
            tax_code=details.tax_code,
            phone=details.phone,
            email=details.email,
            address=details.address,
            representative_name=person_name,
            representative_id_number=details.id_number,
            representative_phone=details.phone,
        )
    return Applicant(
        kind=ApplicantKind.PERSON,
        name=person_name,
        id_number=details.id_number,
        birth_date=details.birth_date,
        phone=details.phone,
        email=details.email,
        address=details.address,
    )
