"""Dates inside the files we write come from the articles, never from the clock."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator


@contextlib.contextmanager
def pinned_clock(epoch: int) -> Iterator[None]:
    """fontTools stamps each font subset with the time unless SOURCE_DATE_EPOCH is set;
    pin it (to the user's value if given) so the same input gives the same bytes."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if before is None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def epoch_of(day: dt.date | None) -> int:
    """Seconds since 1970 at midnight UTC of `day` (0 when there is no date)."""
    if day is None:
        return 0
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
