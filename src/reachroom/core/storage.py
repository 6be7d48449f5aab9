"""Where uploaded files live: one small interface, local disk by default (`<data_dir>/uploads`). An S3-compatible
store implements the same four methods and is chosen by `REACHROOM_STORAGE_BACKEND`.

Keys are random (never the uploader's file name), so a name cannot steer where a file lands or what it replaces.
"""

import os
import secrets
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Protocol

from reachroom.config import get_settings

CHUNK = 1024 * 1024


class Storage(Protocol):
    """Put bytes under a new key, read them back, delete them."""

    def put(self, source: BinaryIO) -> str: ...

    def chunks(self, key: str) -> Iterator[bytes]: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...


class LocalStorage:
    """Files on local disk under `root`, two levels of folders from the key so no folder grows huge."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if not key.isalnum():  # keys are ours (hex); anything else is not a key
            raise KeyError(key)
        return self.root / key[:2] / key[2:4] / key

    def put(self, source: BinaryIO) -> str:
        """Copy the stream to a new file; returns its key."""
        key = secrets.token_hex(16)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        with open(partial, "wb") as out:
            while chunk := source.read(CHUNK):
                out.write(chunk)
        os.replace(partial, path)  # a half-written file never appears under its key
        return key

    def chunks(self, key: str) -> Iterator[bytes]:
        """The file's bytes, a megabyte at a time."""
        with open(self._path(key), "rb") as f:
            while chunk := f.read(CHUNK):
                yield chunk

    def exists(self, key: str) -> bool:
        try:
            return self._path(key).is_file()
        except KeyError:
            return False

    def delete(self, key: str) -> None:
        """Remove the file (no error when it is already gone)."""
        self._path(key).unlink(missing_ok=True)


@lru_cache(maxsize=4)
def _local(root: str) -> LocalStorage:
    return LocalStorage(Path(root))


def get_storage() -> Storage:
    """The configured store (only "local" ships; an S3 class would be chosen here)."""
    settings = get_settings()
    if settings.storage_backend != "local":
        raise RuntimeError(f"storage backend {settings.storage_backend!r} is not available in this build")
    return _local(str(Path(settings.data_dir) / "uploads"))
