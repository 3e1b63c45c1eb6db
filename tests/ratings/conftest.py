"""The dossier tests' world, and a returned online dossier owned by the citizen."""

import pytest

from tests.dossiers.conftest import World, fast_passwords, vietnamese, world  # noqa: F401, F811


def returned_online(w: World, day: str = "2026-03-02"):
    """An online dossier of `citizen`, accepted, processed and returned through the engine."""
    dossier = w.submitted(f"{day} 08:00")
    dossier = w.act(dossier, "accept", "officer", f"{day} 08:30")
    dossier = w.act(dossier, "transfer", "officer", f"{day} 09:00")
    dossier = w.act(dossier, "approve", "leader", f"{day} 10:00", result="Giấy khai sinh")
    return w.act(dossier, "return", "officer", f"{day} 14:00")


@pytest.fixture
def returned(world):  # noqa: F811
    return returned_online(world)


GOOD = {"time": 2, "contacts": 2, "bodies": 1, "attitude": 2, "information": 1, "costs": 2}
