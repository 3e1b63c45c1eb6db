"""Helpers of the workspace tests, browser steps included.

Dossiers dated around the real present, so that pages acting "now" respect the clock rules
(the world's shortcuts date everything in March 2026)."""

from __future__ import annotations

import datetime

from django.utils import timezone, translation

from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import Action, Status


def ago(minutes: int) -> str:
    return (timezone.localtime() - datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M")


def recent_in_process(world) -> Dossier:
    """Received an hour ago and transferred half an hour later: the appraisal step is active
    and the appointment is 3 working days away."""
    return world.in_process(ago(60))


def form_data(dossier: Dossier, action: str, **fields) -> dict:
    """POST data of the action's form on the dossier page (fields prefixed by the action)."""
    data = {f"{action}-version": dossier.row_version}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    return data


# --- browser steps (tests/e2e) ---


def label(choice) -> str:
    with translation.override("vi"):
        return str(choice.label)


def take(page, action: Action, **fields) -> None:
    """Open the action's disclosure on the dossier page, fill its fields, submit, and wait
    for the page to reload with the result."""
    box = page.locator(f"details:has(#action-{action.value})")
    box.locator("summary").click()
    for name, value in fields.items():
        field = page.locator(f"#id_{action.value}-{name}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(str(value))
        else:
            field.fill(str(value))
    with page.expect_navigation():
        box.locator("button[type=submit]").click()
    page.get_by_text(f"Đã thực hiện: {label(action)}.").wait_for()


def status_is(page, status: Status) -> None:
    page.locator("[data-testid=status]").get_by_text(label(status), exact=False).wait_for()


def vi(text: str) -> str:
    """An English msgid as the Vietnamese page shows it."""
    with translation.override("vi"):
        return translation.gettext(text)
