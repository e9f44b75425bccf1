"""Identity and dates of what we publish (DESIGN.md, Contracts: "Identity and dates").

The identifier of an EPUB or PDF is derived from the publication's identity
(publisher + slug + date for an article, publisher + period for a digest),
so a corrected edition keeps it. "Modified" is `SOURCE_DATE_EPOCH` when it
is set, else the newest date in the articles' metadata — never the wall
clock — and every date a library would stamp is pinned the same way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import uuid
from collections.abc import Iterator, Sequence

from ..model import Article


def identifier(*identity: str) -> uuid.UUID:
    """The publication's permanent identifier: a name-based UUID, never random.

    EPUBs carry it as `urn:uuid:…`, PDFs as the first part of their `/ID`.
    """
    return uuid.uuid5(uuid.NAMESPACE_URL, "bantin:" + "\x1f".join(identity))


def source_date_epoch() -> int | None:
    """`SOURCE_DATE_EPOCH` when it is set to a number of seconds, else None."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def modified(articles: Sequence[Article]) -> dt.datetime | None:
    """When the publication was last modified; None when nothing gives a date."""
    epoch = source_date_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    dates = [a.date for a in articles if a.date]
    if not dates:
        return None
    day = max(dates)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def modified_text(articles: Sequence[Article]) -> str | None:
    """`modified` as metadata writes it: a day, or the exact time SOURCE_DATE_EPOCH gives."""
    moment = modified(articles)
    if moment is None:
        return None
    if source_date_epoch() is not None:
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.date().isoformat()


def epoch_of(day: dt.date | None) -> int:
    """Seconds since 1970 at midnight UTC of `day` (0 when there is no date)."""
    if day is None:
        return 0
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


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
