"""Files with drafts: checked before anything is kept (type read from the file's first bytes, never its name;
size from settings), stored under a random key, listed with their draft and served back only as what they are.

Images (JPEG, PNG, GIF, WebP, HEIC, AVIF) and videos (MP4, QuickTime, WebM, M4V) are accepted. Anything else —
SVG, HTML, PDF, scripts, archives, a text file called photo.png — is refused with 415, so no active content is
ever stored or served back.
"""

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

import filetype  # type: ignore[import-untyped]
from sqlalchemy import event
from sqlalchemy.orm import Session

from reachroom.campaigns import repository as repo
from reachroom.campaigns import service as campaigns
from reachroom.campaigns.schemas import MediaOut
from reachroom.config import get_settings
from reachroom.core.errors import AppError, FieldError, not_found
from reachroom.core.storage import Storage, get_storage
from reachroom.core.tenancy import WorkspaceContext
from reachroom.models import SubmissionMedia

ALLOWED = {"image/jpeg": "image", "image/png": "image", "image/gif": "image", "image/webp": "image",
           "image/heic": "image", "image/avif": "image", "video/mp4": "video", "video/quicktime": "video",
           "video/webm": "video", "video/x-m4v": "video"}
MAX_FILES = 10
HEAD_BYTES = 8192  # enough for every signature filetype knows


@dataclass
class Incoming:
    """An uploaded file as the router hands it over: the name it came with and a readable, seekable stream."""

    filename: str
    stream: BinaryIO


def _refuse(status: int, field: str, message: str) -> AppError:
    return AppError(status, f"{field}: {message}", "invalid_upload", [FieldError(field, message)])


def sniff(head: bytes) -> str | None:
    """The MIME type the bytes are (from their signature), when it is one drafts may carry; else None."""
    kind = filetype.guess(head)
    return kind.mime if kind is not None and kind.mime in ALLOWED else None


def _size(stream: BinaryIO) -> int:
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def _checked(files: Sequence[Incoming], field: str) -> list[tuple[Incoming, str, int]]:
    """(file, type, size) for each file, or the first problem as 413/415/422 naming the file."""
    if len(files) > MAX_FILES:
        raise _refuse(422, field, f"at most {MAX_FILES} files per draft version")
    limit, out = get_settings().max_upload_bytes, []
    for n, f in enumerate(files, start=1):
        name = f"{field}[{n}] ({f.filename or 'unnamed'})"
        size = _size(f.stream)
        if size == 0:
            raise _refuse(422, name, "the file is empty")
        if size > limit:
            raise _refuse(413, name, f"{size:,} bytes is over the {limit:,}-byte limit")
        kind = sniff(f.stream.read(HEAD_BYTES))
        f.stream.seek(0)
        if kind is None:
            raise _refuse(415, name, "not an image or video we accept (JPEG, PNG, GIF, WebP, HEIC, AVIF, MP4, "
                                     "MOV, WebM); the type is read from the file itself, not its name")
        out.append((f, kind, size))
    return out


class _Hashing:
    """A read-through stream that hashes what passes."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream, self.digest = stream, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        chunk = self.stream.read(n)
        self.digest.update(chunk)
        return chunk


def _discard_on_rollback(db: Session, storage: Storage, keys: list[str]) -> None:
    """Files stored for rows that never commit are deleted again (nothing half-kept)."""
    committed: list[bool] = []

    def discard(_session: Session) -> None:
        if not committed:
            for key in keys:
                storage.delete(key)
    event.listen(db, "after_commit", lambda _s: committed.append(True), once=True)
    event.listen(db, "after_rollback", discard, once=True)


def out(m: SubmissionMedia, campaign_id: int) -> MediaOut:
    """The API shape of a stored file."""
    return MediaOut(id=m.id, submission_id=m.submission_id, content_type=m.content_type,
                    kind=ALLOWED.get(m.content_type, "image"), size=m.size, sha256=m.sha256,
                    filename=m.filename, url=f"/campaigns/{campaign_id}/media/{m.id}", created_at=m.created_at)


def attach(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int, submission_id: int,
           files: Sequence[Incoming], field: str = "files") -> list[MediaOut]:
    """Keep the files with a draft version: all are checked first, then stored; any error keeps none."""
    ctx.require_write()
    entry = campaigns.get_entry(db, ctx, campaign_id, entry_id)
    if repo.submission(db, entry.id, submission_id) is None:
        raise not_found("Draft")
    if not files:
        raise _refuse(422, field, "choose at least one file")
    checked = _checked(files, field)
    storage, keys, rows = get_storage(), list[str](), list[SubmissionMedia]()
    _discard_on_rollback(db, storage, keys)
    try:
        for f, kind, size in checked:
            hashing = _Hashing(f.stream)
            keys.append(storage.put(hashing))  # type: ignore[arg-type]
            rows.append(SubmissionMedia(submission_id=submission_id, storage_key=keys[-1], content_type=kind,
                                        size=size, sha256=hashing.digest.hexdigest(),
                                        filename=(f.filename or "")[:200], created_by=ctx.actor_id))
        repo.add(db, *rows)
    except BaseException:
        for key in keys:
            storage.delete(key)
        raise
    campaigns.record_event(db, ctx, campaign_id, "media", new=str(len(rows)), entry_id=entry.id,
                           detail=", ".join(r.filename or r.content_type for r in rows)[:500])
    return [out(r, campaign_id) for r in rows]


def media_of(db: Session, campaign_id: int, submission_ids: Sequence[int]) -> dict[int, list[MediaOut]]:
    """{draft id: its files} for drafts already known to be this campaign's."""
    return {sid: [out(m, campaign_id) for m in rows] for sid, rows in repo.media_of(db, submission_ids).items()}


def open_media(db: Session, ctx: WorkspaceContext, campaign_id: int, media_id: int,
               entry_id: int | None = None) -> tuple[MediaOut, Iterator[bytes]]:
    """A file of this campaign's drafts (of one creator's, when `entry_id` is given) and its bytes (404 for anything
    else, another workspace's or another creator's included)."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    m = repo.media_in_campaign(db, c.id, media_id, entry_id)
    storage = get_storage()
    if m is None or not storage.exists(m.storage_key):
        raise not_found("File")
    return out(m, c.id), storage.chunks(m.storage_key)
