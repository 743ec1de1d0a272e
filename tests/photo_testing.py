"""Photos for the attachment tests: small real images, two activities of the running project to attach
them to, and where the data folder keeps a photo."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image

from desktop.domain.project_workflow import Status
from desktop.services import attachments, project_activities
from desktop.services.project_activities import OWNER_TABLE, ActivityInput
from desktop.storage.database import Database


def photo(folder: Path, name: str, fmt: str = "JPEG", colour: str = "orange") -> Path:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, fmt)
    path = folder / name
    path.write_bytes(out.getvalue())
    return path


@pytest.fixture
def activities(head: Database, project: dict[Status, str]) -> tuple[str, str]:
    """Two activities of the running project."""
    held = date.today() - timedelta(days=2)
    with head.write() as session:
        first, second = (project_activities.add_activity(session, project[Status.RUNNING],
                                                         ActivityInput(held, title, "group")).id
                         for title in ("长者生日会", "手工小组"))
    return first, second


def attach(db: Database, owner_id: str, path: Path, caption: str = "") -> attachments.AttachmentView:
    with db.write() as session:
        return attachments.attach(session, OWNER_TABLE, owner_id, path, caption)


def stored_path(db: Database, view: attachments.AttachmentView) -> Path:
    assert db.path is not None
    return db.path.parent / "attachments" / view.sha256[:2] / view.sha256
