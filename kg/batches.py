"""Items in consecutive batches bounded by a count and by a size: a batch sent at once (to a
worker, to a database) should be neither one item nor too large to send."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def batches(items: Iterable[T], most: int, budget: int, size: Callable[[T], int]) -> Iterator[list[T]]:
    """Batches of at most `most` items and, past the first item of each, `budget` in total
    `size`: an item larger than the budget goes alone, never dropped."""
    batch, used = [], 0
    for item in items:
        n = size(item)
        if batch and (len(batch) >= most or used + n > budget):
            yield batch
            batch, used = [], 0
        batch.append(item)
        used += n
    if batch:
        yield batch
