"""Electronic identifier codes of agencies (mã định danh điện tử).

Legal frame:

* QĐ 20/2020/QĐ-TTg, art. 4 §1: at most 35 characters; only ".", the digits 0-9 and the
  capital letters A-Z; groups of characters separated by dots, one group per level.
* art. 4 §2: the level-1 code (Mã cấp 1) has the form MX1X2, M a letter A-Y, X1 X2 digits.
* art. 4 §3: each further group identifies a unit belonging to the unit of the level before.

Two written forms are in use and both are accepted:

* QCVN 102:2016/BTTTT, the form the national one-stop systems and dossier codes use:
  ``V1V2V3.Z1Z2.Y1Y2.MX1X2`` (e.g. ``000.00.15.H51``) with the level-1 code on the right,
  then level 2 (Y1Y2), level 3 (Z1Z2), level 4 (V1V2V3) leftwards; a group of zeros means
  "no unit at this level", so zeros may only be followed (leftwards) by zeros.
* QĐ 20/2020 art. 4 §1-§2 literally: the level-1 code leftmost and the groups developing
  from left to right (e.g. ``H51.15.02``).

The helpers return the groups ordered from level 1 downwards whatever the written form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 35  # QĐ 20/2020/QĐ-TTg art. 4 §1
LEVEL1_RE = re.compile(r"^[A-Y][0-9]{2}$")  # art. 4 §2: MX1X2, M from A to Y
GROUP_RE = re.compile(r"^[0-9A-Z]+$")
QCVN_RE = re.compile(r"^([0-9]{3})\.([0-9]{2})\.([0-9]{2})\.([A-Z][0-9]{2})$")

FORM_QCVN102 = "qcvn102"
FORM_QD20 = "qd20"


@dataclass(frozen=True)
class AgencyCode:
    """A parsed identifier code; `levels[0]` is the level-1 code (e.g. "H51")."""

    code: str
    form: str
    levels: tuple[str, ...]

    @property
    def depth(self) -> int:
        return len(self.levels)

    @property
    def level1(self) -> str:
        return self.levels[0]


def _error(message, code: str, value: str) -> ValidationError:
    return ValidationError(message, code=code, params={"value": value})


def _parse_qcvn(code: str, match: re.Match) -> AgencyCode:
    level1 = match.group(4)
    if not LEVEL1_RE.match(level1):
        raise _error(
            _(
                "Invalid level-1 code “%(value)s”: it must have the form MX1X2 with M a "
                "letter from A to Y (QĐ 20/2020/QĐ-TTg, article 4 clause 2)."
            ),
            "invalid_level1",
            level1,
        )
    # Right to left: Y1Y2 (level 2), Z1Z2 (level 3), V1V2V3 (level 4).
    lower = [match.group(3), match.group(2), match.group(1)]
    levels = [level1]
    seen_empty = False
    for group in lower:
        if set(group) == {"0"}:
            seen_empty = True
            continue
        if seen_empty:
            raise _error(
                _(
                    "Invalid code “%(value)s”: a level with a non-zero group needs non-zero "
                    "groups for every level above it (to its right), since each unit belongs "
                    "to the unit of the level before (QĐ 20/2020/QĐ-TTg, article 4 clause 3)."
                ),
                "gap",
                code,
            )
        levels.append(group)
    return AgencyCode(code=code, form=FORM_QCVN102, levels=tuple(levels))


def _parse_qd20(code: str) -> AgencyCode:
    groups = code.split(".")
    if any(group == "" for group in groups):
        raise _error(
            _(
                "Invalid code “%(value)s”: groups are separated by exactly one dot and none "
                "may be empty (QĐ 20/2020/QĐ-TTg, article 4 clause 1)."
            ),
            "empty_group",
            code,
        )
    if not LEVEL1_RE.match(groups[0]):
        raise _error(
            _(
                "Invalid code “%(value)s”: use the form V1V2V3.Z1Z2.Y1Y2.MX1X2 (QCVN "
                "102:2016/BTTTT, e.g. 000.00.15.H51) or start with a level-1 code MX1X2, M a "
                "letter from A to Y (QĐ 20/2020/QĐ-TTg, article 4 clause 2)."
            ),
            "invalid_format",
            code,
        )
    return AgencyCode(code=code, form=FORM_QD20, levels=tuple(groups))


def parse_agency_code(code: str) -> AgencyCode:
    """Parse `code` or raise ValidationError with a Vietnamese message naming the rule."""
    if not isinstance(code, str) or not code.strip():
        raise _error(_("The identifier code is required."), "required", "")
    code = code.strip()
    if len(code) > MAX_LENGTH:
        raise _error(
            _(
                "Code “%(value)s” is longer than 35 characters "
                "(QĐ 20/2020/QĐ-TTg, article 4 clause 1)."
            ),
            "too_long",
            code,
        )
    if not all(GROUP_RE.match(group) for group in code.split(".") if group):
        raise _error(
            _(
                "Code “%(value)s” contains characters that are not allowed: only dots, the "
                "digits 0-9 and the capital letters A-Z (QĐ 20/2020/QĐ-TTg, article 4 clause 1)."
            ),
            "invalid_characters",
            code,
        )
    match = QCVN_RE.match(code)
    if match:
        return _parse_qcvn(code, match)
    return _parse_qd20(code)


def validate_agency_code(code: str) -> str:
    """Return the normalised code (surrounding spaces removed) or raise ValidationError.

    Usable as a model-field validator (the return value is then ignored).
    """
    return parse_agency_code(code).code


def code_levels(code: str) -> tuple[str, ...]:
    """Groups of a valid code from level 1 downwards: "000.02.15.H51" -> ("H51", "15", "02")."""
    return parse_agency_code(code).levels


def code_depth(code: str) -> int:
    """Number of levels a code identifies: "000.00.00.H51" -> 1, "000.00.15.H51" -> 2."""
    return parse_agency_code(code).depth


def level1_code(code: str) -> str:
    """The level-1 code (Mã cấp 1) of a valid code, e.g. "H51"."""
    return parse_agency_code(code).level1


def parent_code(code: str) -> str | None:
    """The code of the unit one level up, in the same written form; None for a level-1 code."""
    parsed = parse_agency_code(code)
    if parsed.depth == 1:
        return None
    levels = parsed.levels[:-1]
    if parsed.form == FORM_QD20:
        return ".".join(levels)
    lower = list(levels[1:])  # Y, Z, V present above the dropped level
    y, z, v = (lower[i] if i < len(lower) else "0" * width for i, width in enumerate((2, 2, 3)))
    return f"{v}.{z}.{y}.{levels[0]}"


def is_within(code: str, ancestor: str) -> bool:
    """True when `code` identifies `ancestor` or a unit below it (by the code groups)."""
    mine, theirs = code_levels(code), code_levels(ancestor)
    return mine[: len(theirs)] == theirs
