import logging

import pytest
from conftest import write

from pipeline.config import DEFAULT_VARIANTS, MIN_MEMORY_MIB, Config, load_config
from pipeline.errors import ConfigError


def test_no_file_means_every_default(tmp_path):
    config = load_config(tmp_path)
    assert config == Config(project=tmp_path)
    assert set(config.variants) == {"standard", "large", "xlarge"}
    large = config.variants["large"]
    assert (large.body_size, large.columns, large.family, large.alignment,
            large.leading) == (18, 1, "sans", "left", 1.5)
    assert config.variants["xlarge"].body_size * config.variants["xlarge"].heading_scale >= 30
    assert config.pdf.variant == "pdf/ua-1"


def test_full_file_is_read(tmp_path):
    write(tmp_path / "bantin.toml", """
[publication]
name = "Bản tin Hội đồng nhân dân tỉnh Bắc Kạn"
publisher = "Văn phòng HĐND tỉnh"
place = "Bắc Kạn"
issues = { "2022-11" = 11, "2022-Q4" = 4 }

[variants.large]
weight = "semibold"

[variants.contrast]
extends = "large"
foreground = "#ffff00"
background = "black"

[variants.pocket]
page_size = "A5"
body_size = 10.5

[normalize]
tone_marks = "new"
boilerplate = ["^Xem thêm:.*$"]

[digest]
periods = ["2022-11", "2022-Q4", "2022-11-01..2022-11-15"]
section_order = ["Kỳ họp", "Giám sát"]

[build]
jobs = 2
time_limit = 120
memory_limit = 1024

[pdf]
variant = "pdf/a-3a"
""")
    config = load_config(tmp_path)
    assert config.publication.issues == {"2022-11": 11, "2022-Q4": 4}
    assert config.variants["large"].weight == "semibold"
    contrast = config.variants["contrast"]
    assert (contrast.body_size, contrast.family, contrast.foreground) == (18, "sans", "#ffff00")
    assert config.variants["pocket"].columns == DEFAULT_VARIANTS["standard"].columns
    assert config.normalize.tone_marks == "new"
    assert config.build.time_limit == 120.0 and config.pdf.variant == "pdf/a-3a"


def test_every_problem_is_reported_at_once(tmp_path):
    path = write(tmp_path / "bantin.toml", """
[publication]
issues = { "2022-13" = 0 }
[variants.large]
body_size = "big"
columns = 9
[variants.Bad_Name]
[variants.x]
extends = "nothing"
[normalize]
tone_marks = "newest"
boilerplate = ["(unclosed"]
[digest]
periods = ["Q4"]
[build]
jobs = -1
[pdf]
variant = "pdf/x"
""")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    problems = "\n".join(caught.value.problems)
    for words in ("'publication.issues.2022-13'", "issue number must be a whole number",
                  "'variants.large.body_size': expected a number",
                  "'variants.large.columns': 9 is outside", "'variants.Bad_Name'",
                  "'variants.x.extends': no variant named 'nothing'",
                  "'normalize.tone_marks'", "'normalize.boilerplate'",
                  "'digest.periods'", "'build.jobs'", "'pdf.variant'"):
        assert words in problems
    assert len(caught.value.problems) >= 11
    assert caught.value.path == path


def test_unknown_keys_are_warnings_with_a_guess(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    write(tmp_path / "bantin.toml", "[publicaton]\nname='x'\n[build]\njbos = 2\n")
    load_config(tmp_path)
    assert "'publicaton': unknown key ignored (did you mean 'publication'?)" in caplog.text
    assert "'build.jbos': unknown key ignored (did you mean 'jobs'?)" in caplog.text


def test_broken_toml_names_the_file_and_line(tmp_path):
    write(tmp_path / "bantin.toml", "[publication]\nname = \n")
    with pytest.raises(ConfigError, match=r"not valid TOML.*line 2"):
        load_config(tmp_path)


def test_a_named_config_file_must_exist(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path, tmp_path / "other.toml")


def test_documentation_lists_every_option_with_its_default():
    """docs/configuration.md is generated from the schema; it must be current."""
    from conftest import ROOT

    from pipeline.config_doc import render_configuration_doc

    assert (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8") == (
        render_configuration_doc()), "run: python -m pipeline.config_doc > docs/configuration.md"


@pytest.mark.parametrize(("text", "words"), [
    ("[build]\ntime_limit = nan\n", "'build.time_limit': expected a finite number"),
    ("[build]\ntime_limit = inf\n", "'build.time_limit': expected a finite number"),
    ("[build]\ntime_limit = 1e-300\n", "'build.time_limit': use a number of seconds from 1"),
    ("[build]\nmemory_limit = 8796093022208\n", "'build.memory_limit': use a number of MiB"),
    ("[build]\njobs = 100000\n", "'build.jobs': use 0 (one per core) up to 256"),
    ("[build]\ntime_per_1000_characters = -1\n", "'build.time_per_1000_characters': use a"),
    ("[build]\ntime_per_1000_characters = inf\n", "'build.time_per_1000_characters'"),
    ("[build]\nmax_picture_pixels = 10\n", "'build.max_picture_pixels': use a number of"),
    ("[build]\nmax_picture_pixels = 1e12\n", "'build.max_picture_pixels'"),
    ('[variants.a]\npage_size = "0mm 0mm"\n', "'variants.a.page_size': '0mm 0mm' is not a"
                                               " printable page"),
    ('[variants.a]\npage_size = "99999mm 99999mm"\n', "is not a printable page"),
    ("[variants.a]\nbody_size = nan\n", "'variants.a.body_size': expected a finite number"),
    ('[variants.a]\nextends = "b"\n[variants.b]\nextends = "a"\n',
     "extend each other in a circle (a → b → a)"),
    ('[variants.a]\nextends = "b"\n[variants.b]\nextends = "c"\n[variants.c]\nextends = "a"\n',
     "in a circle (a → b → c → a)"),
])
def test_values_no_build_could_use_are_refused(tmp_path, text, words):
    """Bounds for every number; nan, inf and circles never reach the build (or hang it)."""
    write(tmp_path / "bantin.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert any(words in problem for problem in caught.value.problems), caught.value.problems


def test_a_variant_family_without_font_files_is_an_error(bantin, tmp_path):
    write(tmp_path / "bantin.toml", '[variants.large]\nfamily = "Times New Roman"\n')
    write(tmp_path / "input" / "a.md", "---\ntitle: A\ndate: 2022-11-01\n---\n\nX.\n")
    result = bantin("build", "--project", tmp_path)
    assert result.exit_code == 1
    assert "'variants.large.family': no font file TimesNewRoman-Regular.ttf" in result.stderr
    assert not (tmp_path / "output").exists(), "nothing is built with a silent fallback font"


@pytest.mark.parametrize(("text", "words"), [
    ('[variants."ban-in\\nerror: gia-mao"]\nbody_size = 12\n',
     "Config value 'variants.ban-in\\nerror: gia-mao': variant names are lowercase"),
    ('[variants.a]\nextends = ["large"]\n',
     "Config value 'variants.a.extends': expected text, got ['large']"),
    ('[variants.a]\nextends = {x = 1}\n', "Config value 'variants.a.extends': expected text"),
    ("x = " + "[" * 50_000 + "]" * 50_000 + "\n", "nested too deeply to be a configuration"),
    ('[build]\n"a\\nerror: forged" = 1\n', "Config value 'build.a\\nerror: forged': unknown"),
])
def test_a_hostile_config_is_one_line_per_problem(bantin, tmp_path, text, words):
    """Names from the file are printed escaped (no forged `error:` line), a value of the
    wrong type is reported, not a crash, and so is a file too deep for the TOML parser
    (review: hostile 9-config)."""
    write(tmp_path / "bantin.toml", text)
    write(tmp_path / "input" / "a.md", "---\ntitle: A\ndate: 2022-11-01\n---\n\nX.\n")
    result = bantin("build", "--project", tmp_path)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert any(words in line for line in lines), lines
    assert all(line.startswith(("error: ", "warning: ")) for line in lines if
               "Config value" in line or "error" in line), lines
    assert not any(line.startswith(("error: gia-mao", "error: forged")) for line in lines)


def test_memory_limit_minimum_is_what_a_real_build_needs(tmp_path):
    write(tmp_path / "bantin.toml", f"[build]\nmemory_limit = {MIN_MEMORY_MIB - 1}\n")
    with pytest.raises(ConfigError, match=rf"'build.memory_limit': use a number of MiB from"
                                          rf" {MIN_MEMORY_MIB} to"):
        load_config(tmp_path)
    write(tmp_path / "bantin.toml", f"[build]\nmemory_limit = {MIN_MEMORY_MIB}\n")
    assert load_config(tmp_path).build.memory_limit == MIN_MEMORY_MIB
