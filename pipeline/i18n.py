"""The CLI's messages in the user's language: gettext catalogs kept as `.po` text.

English is the source language: every message in the code is its own msgid,
and English needs no catalog. Vietnamese is `locale/vi/LC_MESSAGES/bantin.po`,
a text file reviewed like code; no compiled `.mo` is committed or shipped.
The first Vietnamese lookup reads the `.po` with Babel and compiles it in
memory (a few milliseconds, once per process).

The language is chosen once per process (`set_language`, from `--lang` or
`[messages] language`), else by the locale as gettext would choose it:
the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set; one starting with
`vi` means Vietnamese, anything else English. Worker processes are given the
parent's choice when they start (`pool`), so what they warn about and the
errors they raise read in the same language.

Messages are translated when they are made, never at import: a constant
message is marked with `N_` and passed through `_` where it is shown. The
`error:` / `warning:` / `info:` prefixes are not messages: scripts read them.
`pybabel extract` finds `_`, `ngettext` and `N_` (see `babel.cfg` and
`tools/update-messages`).
"""

from __future__ import annotations

import functools
import gettext
import io
import os
from collections.abc import Mapping
from pathlib import Path

LANGUAGES = ("vi", "en")
"""The languages of the messages: Vietnamese, and English (the source language)."""
DOMAIN = "bantin"
LOCALE_DIR = Path(__file__).with_name("locale")
"""`locale/<language>/LC_MESSAGES/bantin.po`, inside the package (and so the wheel)."""
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
"""Where the locale's language is read, first set first, as gettext reads them."""

_chosen: str | None = None


def catalog_path(language: str) -> Path:
    """The `.po` file of `language`."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of `language` ("vi" or "en"; English is the messages themselves).

    Cached per process; suitable for Jinja2's
    `install_gettext_translations(translations("vi"), newstyle=True)`.
    """
    if language not in LANGUAGES:
        raise ValueError(f"no messages in {language!r}; use one of {', '.join(LANGUAGES)}")
    if language == "en":
        return gettext.NullTranslations()
    # Babel is imported only for a language with a catalog: English starts no faster
    # for it, and only here is it needed.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalog_path(language).open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)  # a fuzzy guess is never shown
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def from_locale(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale asks for: "vi" for a `vi…` locale, else "en"."""
    environ = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = environ.get(name)
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"


def set_language(language: str | None) -> None:
    """Choose the language of this process's messages; None: the locale's."""
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"no messages in {language!r}; use one of {', '.join(LANGUAGES)}")
    global _chosen
    _chosen = language


def language() -> str:
    """The language messages are shown in now: the one chosen, else the locale's."""
    return _chosen if _chosen is not None else from_locale()


def _(message: str) -> str:
    """`message` in the current language (itself in English or when not translated)."""
    if not message:  # gettext would answer "" with the catalog's header
        return message
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of `singular`/`plural` for the count `n`, in the current language."""
    return translations(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a constant message for `pybabel extract`; `_` translates it where it is shown."""
    return message
