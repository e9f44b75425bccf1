"""Placeholder until the message catalogs land (the i18n branch replaces this file)."""

from __future__ import annotations

import gettext

LANGUAGES = ("vi", "en")


def translations(language: str) -> gettext.NullTranslations:
    return gettext.NullTranslations()
