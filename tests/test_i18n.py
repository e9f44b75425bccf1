"""The messages in Vietnamese: a complete catalog, and the CLI speaking it when asked.

The catalog is `pipeline/locale/vi/LC_MESSAGES/bantin.po`; every message the
code marks (`_`, `ngettext`, `N_`) must have a Vietnamese translation with
the same placeholders, and the template `bantin.pot` must be what
`tools/update-messages` would extract now. The language comes from `--lang`,
then `[messages] language`, then the locale; the `error:` / `warning:`
prefixes are the same in every language, and worker processes speak the
build's language.
"""

from __future__ import annotations

import logging
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from conftest import ROOT, write

from pipeline import i18n, pool
from pipeline.i18n import LANGUAGES, catalog_path, translations

POT = ROOT / "pipeline" / "locale" / "bantin.pot"
EMPTY = "the file is empty; write the article into it or remove it"
NO_DATE = ("%s: no date found, so the article is in no digest; add its date ('date:"
           " YYYY-MM-DD' in Markdown or JSON, the page's date line in a copied text)")
UNDATED = "---\ntitle: Bài chưa có ngày\n---\n\nMột đoạn văn.\n"
_PERCENT = re.compile(r"%(?:\(\w+\))?[#0\- +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def _catalog(path: Path):
    with path.open("rb") as po:
        return read_po(po)


def _extracted() -> set[str]:
    """Every message id `pybabel extract -F babel.cfg` finds in the code now."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map):
        found |= {message} if isinstance(message, str) else {m for m in message if m}
    return found


def placeholders(message: str) -> tuple[list[tuple[str, str, str | None]], list[str]]:
    """A message's `{name:spec}` fields (in any order) and `%s`-style ones (in order)."""
    fields = sorted((name, spec, conversion) for _text, name, spec, conversion
                    in string.Formatter().parse(message) if name is not None)
    outside = re.sub(r"\{[^{}]*\}", "", message)
    return fields, [p for p in _PERCENT.findall(outside) if p != "%%"]


def test_every_message_has_a_vietnamese_translation_with_the_same_placeholders():
    catalog = _catalog(catalog_path("vi"))
    translated = {}  # a plural entry under its singular and its plural id
    for entry in catalog:
        for msgid in (entry.id if isinstance(entry.id, tuple) else (entry.id,)):
            if msgid:
                translated[msgid] = entry
    problems = []
    for msgid in sorted(_extracted()):
        entry = translated.get(msgid)
        forms = entry.string if entry is not None and isinstance(entry.string, tuple) else (
            (entry.string,) if entry is not None else ())
        if entry is None or not forms or not all(forms):
            problems.append(f"not translated: {msgid!r}")
        elif entry.fuzzy:
            problems.append(f"fuzzy (check it, then drop the flag): {msgid!r}")
        elif any(placeholders(form) != placeholders(msgid) for form in forms):
            problems.append(f"placeholders differ: {msgid!r} → {forms!r}")
        elif any(form != form.strip() or form.count("\n") != msgid.count("\n")
                 for form in forms):
            problems.append(f"one line, no outer spaces: {forms!r}")
    assert not problems, ("run tools/update-messages and translate in"
                          " pipeline/locale/vi/LC_MESSAGES/bantin.po:\n" + "\n".join(problems))


def test_the_template_and_the_catalog_hold_exactly_the_messages_of_the_code():
    def ids(path: Path) -> set[str]:  # a plural entry holds two ids
        return {i for m in _catalog(path) if m.id
                for i in (m.id if isinstance(m.id, tuple) else (m.id,)) if i}

    code = _extracted()
    template, catalog = ids(POT), ids(catalog_path("vi"))
    assert template == code, "pipeline/locale/bantin.pot is stale: run tools/update-messages"
    assert catalog == code, "bantin.po is not merged: run tools/update-messages"


def test_the_catalog_is_nfc_and_compiles_with_its_plural_rule():
    import unicodedata

    text = catalog_path("vi").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text
    vi = translations("vi")
    assert vi.gettext("Build finished:") == "Đã tạo xong:"
    assert vi.ngettext("one", "many", 5) == "many"  # unknown: the English forms
    assert translations("en").gettext("Build finished:") == "Build finished:"
    assert translations("vi") is vi  # read and compiled once per process


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "vi_VN.UTF-8"}, "vi"), ({"LANG": "vi"}, "vi"), ({"LC_ALL": "vi_VN"}, "vi"),
    ({"LC_ALL": "C", "LANG": "vi_VN.UTF-8"}, "en"),  # LC_ALL first, as gettext
    ({"LC_MESSAGES": "vi_VN.UTF-8", "LANG": "en_US.UTF-8"}, "vi"),
    ({"LC_ALL": "", "LANG": "vi_VN.UTF-8"}, "vi"),  # empty is unset
    ({"LANG": "C.UTF-8"}, "en"), ({"LANG": "fr_FR.UTF-8"}, "en"), ({}, "en"),
])
def test_the_locale_chooses_like_gettext(environ, expected):
    assert i18n.from_locale(environ) == expected


def test_a_choice_wins_over_the_locale_and_none_gives_it_back(monkeypatch):
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert i18n.language() == "vi" and i18n._("Building") == "Đang tạo"
    i18n.set_language("en")
    assert i18n.language() == "en" and i18n._("Building") == "Building"
    i18n.set_language(None)
    assert i18n.language() == "vi"
    with pytest.raises(ValueError):
        i18n.set_language("fr")


def _vi(message: str) -> str:
    return translations("vi").gettext(message)


# How a user asks for Vietnamese (or English), and which language comes out.
CHOICES = {
    "LANG=vi_VN.UTF-8": ({"LANG": "vi_VN.UTF-8"}, [], None, "vi"),
    "--lang vi": ({"LANG": "C.UTF-8"}, ["--lang", "vi"], None, "vi"),
    "bantin.toml vi": ({"LANG": "C.UTF-8"}, [], "vi", "vi"),
    "--lang en over LANG=vi": ({"LANG": "vi_VN.UTF-8"}, ["--lang", "en"], None, "en"),
    "bantin.toml en over LANG=vi": ({"LANG": "vi_VN.UTF-8"}, [], "en", "en"),
    "--lang vi over bantin.toml en": ({"LANG": "C.UTF-8"}, ["--lang", "vi"], "en", "vi"),
    "C locale": ({"LANG": "C.UTF-8"}, [], None, "en"),
}


def _project(tmp_path: Path, setting: str | None) -> Path:
    project = tmp_path / "project"
    (project / "input").mkdir(parents=True)
    if setting is not None:
        write(project / "bantin.toml", f'[messages]\nlanguage = "{setting}"\n')
    return project


def _invoke(bantin, monkeypatch, environ: dict[str, str], *args):
    for name in i18n.LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return bantin(*args)


@pytest.mark.parametrize("choice", list(CHOICES))
def test_an_error_comes_out_in_the_chosen_language(bantin, monkeypatch, tmp_path, choice):
    environ, options, setting, language = CHOICES[choice]
    project = _project(tmp_path, setting)
    empty = write(project / "input" / "empty.md", "")
    result = _invoke(bantin, monkeypatch, environ, *options, "normalize", "--project",
                     project, empty)
    assert result.exit_code == 1
    message = _vi(EMPTY) if language == "vi" else EMPTY
    assert result.stderr.splitlines() == [f"error: {empty}: {message}"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_line_keeps_its_english_prefix(bantin, tmp_path, language):
    """The same bad sources (an existing test's, in test_cli.py) in both languages: the same
    lines in the same order, each `error:` or `warning:`, only the words after differ."""
    write(tmp_path / "a-good.md", UNDATED)
    write(tmp_path / "b-empty.md", "")
    write(tmp_path / "c-binary.md", bytes(range(256)) * 8)
    write(tmp_path / "d-front.md", "---\ntitle: x: y\n---\n")
    write(tmp_path / "f-date.md", "---\ntitle: Ngày sai\ndate: 31/02/2022\n---\nA\n")
    result = bantin("--lang", language, "normalize", tmp_path, "--json")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ", 2)[:2] for line in lines] == [
        ["warning", str(tmp_path / "a-good.md")], ["error", str(tmp_path / "b-empty.md")],
        ["error", str(tmp_path / "c-binary.md")], ["error", str(tmp_path / "d-front.md:2")],
        ["error", str(tmp_path / "f-date.md:3")]]
    if language == "vi":
        assert lines[0] == "warning: " + _vi(NO_DATE) % (tmp_path / "a-good.md")
        assert lines[1].endswith(_vi(EMPTY))
        assert "tháng 2 năm 2022 chỉ có 28 ngày" in lines[4]
    else:
        assert "February 2022 has 28 days" in lines[4]


def test_the_real_command_reads_the_locale(tmp_path):
    empty = write(tmp_path / "empty.md", "")
    environ = {k: v for k, v in os.environ.items() if k not in i18n.LOCALE_VARIABLES}
    run = subprocess.run([sys.executable, "-m", "pipeline", "normalize", str(empty)],
                         env={**environ, "LANG": "vi_VN.UTF-8", "PYTHONPATH": str(ROOT)},
                         capture_output=True, text=True, check=False, cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr == f"error: {empty}: {_vi(EMPTY)}\n"


def test_a_bad_lang_is_one_error_line(bantin):
    result = bantin("--lang", "xx", "normalize")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: --lang: use vi (Vietnamese) or en (English), not 'xx'"]


def test_a_bad_language_setting_is_one_config_error_line(bantin, tmp_path):
    project = _project(tmp_path, "fr")
    result = bantin("normalize", "--project", project)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {project / 'bantin.toml'}: Config value 'messages.language': use vi"
        " (Vietnamese), en (English) or auto (the locale's), not 'fr'"]


def test_a_build_speaks_vietnamese_in_its_workers_and_its_summary(bantin, tmp_path):
    project = _project(tmp_path, None)
    source = write(project / "input" / "bai.md", UNDATED)
    result = bantin("--lang", "vi", "build", "--project", project, "--variant", "standard",
                    "-j", "1")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    # Read in a worker process (the pool), logged there, reported here.
    assert "warning: " + _vi(NO_DATE) % source in lines
    assert "Đã tạo xong:" in lines
    assert any(line.strip().startswith("không có ngày, không vào bản tin tổng hợp")
               for line in lines)
    assert not any(line.startswith(("Build finished", "error")) for line in lines)


def _warn_in_a_worker(task: int) -> str:
    logging.getLogger("pipeline").warning(i18n._("wrote %s"), task)
    return i18n.language()


def test_workers_get_the_language_from_the_pool(monkeypatch):
    i18n.set_language("vi")
    [(_task, done)] = pool.pooled([7], _warn_in_a_worker, workers=1, memory_limit=1024,
                                  time_limit=lambda _t: 60)
    assert isinstance(done, pool.Done)
    assert done.value == "vi" and done.warnings == ("đã ghi 7",)
    # Not only by inheritance when forked: the initializer sets it in any worker.
    started = []
    monkeypatch.setattr(pool, "_start_worker", started.append)
    i18n.set_language(None)
    pool._start(256, "vi")
    assert i18n.language() == "vi" and started == [256]
