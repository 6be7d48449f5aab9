"""Page parameters and the page envelope shared by lists in pages, API and CLI."""

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class PageParams:
    """1-based page number and page size."""

    page: int = 1
    size: int = 25

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


@dataclass
class Page(Generic[T]):
    """One page of results plus the total count."""

    items: list[T]
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))
