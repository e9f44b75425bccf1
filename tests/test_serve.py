"""`bantin serve` driven as staff use it: the real CLI, a real browser, real rebuilds.

The server is the real command in its own process (`bantin serve --port 0`)
on a copy of a few sample sources; the browser is Debian's chromium driven
by Playwright (never a downloaded browser); the pages are checked with
axe-core. Screenshots of the three views are written to docs/ when
`BANTIN_SCREENSHOTS=1` (the README shows them).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import INPUT, ROOT, project_of
from pypdf import PdfReader

from pipeline.validate import ACE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = ACE.parents[1] / "axe-core" / "axe.min.js"
SOURCES = ("000_e7e2aa4e76f9f475.txt", "2022-11-04-giam-sat-y-te-co-so-bach-thong.md",
           "portal-2022-11-23-giam-sat-giai-ngan-cho-don.html",
           "2022-11-21-giam-sat-cau-treo-ngan-son.json",
           "2022-12-14-vni-giam-sat-tiep-cong-dan-ngan-son.txt")
MOVED = "2022-11-04-giam-sat-y-te-co-so-bach-thong.md"
"""The article whose date the test corrects into December."""
SEED = "cac-ban-hdnd-tinh-tich-cuc-chu-dong-trong-cong-tac-phoi-hop"
"""The real article the project was created from, saved from the portal as text."""
SLUG = "ban-van-hoa-xa-hoi-hdnd-tinh-giam-sat-cong-tac-y-te-co-so"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"
                                " (tools/install-test-tools installs it)")


class Server:
    """`bantin serve` in its own process, on a free port."""

    def __init__(self, project: Path, *args: str) -> None:
        self.project = project
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "serve", "--project", str(project),
             "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        match = re.search(r"(http://\S+/) ", line)
        if not match:
            self.process.kill()
            raise AssertionError(f"no address in {line!r}: {self.process.communicate()[1]}")
        self.url = match[1].rstrip("/")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def settled(self, timeout: float = 120) -> dict:
        """Wait until no build runs; the last status."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = json.loads(self.get("/status")[1])
            if not state["building"] and state["total"]:
                time.sleep(0.5)  # a change noticed just now starts another build
                again = json.loads(self.get("/status")[1])
                if not again["building"] and again["version"] == state["version"]:
                    return again
            time.sleep(0.3)
        raise AssertionError("the server never finished building")

    def stop(self) -> str:
        self.process.terminate()
        try:
            _, stderr = self.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, stderr = self.process.communicate()
        return stderr


def _project(folder: Path) -> Path:
    return project_of(folder, SOURCES)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    running = Server(_project(tmp_path_factory.mktemp("desk")))
    yield running
    stderr = running.stop()
    assert "Traceback" not in stderr, stderr


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    opened = context.new_page()
    yield opened
    context.close()


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page as it is now (WCAG 2.1 A and AA rules and best
    practice), one line each."""
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed at {AXE}: run tools/install-test-tools")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['html'][:120]})"
            for v in result["violations"]]


def shot(page, name: str, tmp_path: Path) -> Path:
    target = (ROOT / "docs" if os.environ.get("BANTIN_SCREENSHOTS") == "1" else tmp_path)
    path = target / f"serve-{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def test_the_month_view_lists_every_article_with_what_needs_a_look_first(
        server, page, tmp_path):
    page.goto(server.url + "/")
    assert page.url.endswith("/period/2022-12")  # the latest month with articles
    # page.url changes when the navigation commits, before the new page is parsed:
    # wait for it to load, or the table may not be there yet.
    with page.expect_navigation(url="**/period/2022-11"):
        page.get_by_role("link", name="2022-11", exact=True).click()
    rows = page.locator("table.articles tbody tr")
    assert rows.count() == 4  # the December article is not in November
    assert page.locator("h1").inner_text() == "Bản tin tháng 11/2022"
    # In Vietnamese by default, for staff.
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("thead").inner_text().split("\t")[-1].strip() == "Cần xem lại"
    seed = page.locator("tr", has_text="Các Ban HĐND tỉnh tích cực")
    assert "flagged" in (seed.get_attribute("class") or "")
    # The month's articles that need a look (guessed captions, dropped lines) come first.
    flagged = [r.get_attribute("class") or "" for r in rows.all()]
    assert flagged == sorted(flagged, key=lambda c: "flagged" not in c)
    assert axe_violations(page) == []
    shot(page, "month", tmp_path)


def test_an_article_shows_its_source_rules_previews_and_epub_text(server, page, tmp_path):
    page.goto(f"{server.url}/article/{SEED}")
    assert "Các Ban HĐND tỉnh tích cực" in page.locator("h1").inner_text()
    # Previews of every print variant appear by themselves, images of the real PDF pages.
    for variant in ("standard", "large", "xlarge"):
        page.locator(f"#v-{variant} ~ ul.pages img").first.wait_for(timeout=30_000)
    image = page.locator("#v-large ~ ul.pages img").first
    width = page.evaluate("(img) => img.complete && img.naturalWidth", image.element_handle())
    assert width > 700
    assert "1" in image.get_attribute("alt")
    # The source as saved, every line the reader dropped or recognised marked with its rule.
    assert page.locator("ol.lines li").count() > 5
    dropped = page.locator("ol.lines li.dropped")
    assert dropped.count() >= 2
    assert any("Tăng cỡ chữ" in t and "font-size toolbar" in t
               for t in dropped.all_inner_texts())
    assert page.locator("ol.lines li.found .rule", has_text="date").count() == 1
    page.locator(".epub p").first.wait_for(timeout=30_000)
    assert "Ủy ban MTTQ Việt Nam tỉnh" in page.locator(".epub").inner_text()
    assert axe_violations(page) == []
    shot(page, "article", tmp_path)


def test_a_corrected_date_moves_the_article_into_the_right_digest(server, page, tmp_path):
    server.settled()
    page.goto(f"{server.url}/article/{SLUG}")
    page.locator("#v-standard ~ ul.pages img").first.wait_for(timeout=30_000)
    before = page.locator("#v-standard ~ ul.pages img").first.get_attribute("src")
    page.fill("#f-date", "2022-12-20")
    page.click("#save")
    page.locator(".saved").wait_for()
    fix = server.project / "input" / (MOVED + ".fix.toml")
    recorded = tomllib.loads(fix.read_text(encoding="utf-8"))
    assert str(recorded["date"]) == "2022-12-20"
    assert recorded["kept"] == {"slug": SLUG, "date": recorded["kept"]["date"]}
    assert (INPUT / MOVED).read_bytes() == (server.project / "input" / MOVED).read_bytes()
    # The article's previews are made again (new PDFs, new keys) and the page shows them.
    page.wait_for_function(
        "(old) => { const i = document.querySelector('#v-standard ~ ul.pages img');"
        " return i && i.getAttribute('src') !== old && i.complete && i.naturalWidth > 0; }",
        arg=before, timeout=30_000)
    assert page.locator("dl.facts").inner_text().count("20/12/2022") == 1
    server.settled()
    # November no longer lists it; December's digest holds it, with its page number.
    page.goto(f"{server.url}/period/2022-11")
    assert page.locator(f"#a-{SLUG}").count() == 0
    page.goto(f"{server.url}/digest/2022-12")
    entry = page.locator(f"#a-{SLUG}")
    assert entry.count() == 1
    page.wait_for_function(
        f"() => document.querySelector('#a-{SLUG} .cpage').textContent.trim() !== ''",
        timeout=60_000)
    page.locator("details[open] ul.pages img").first.wait_for(timeout=60_000)
    # The page number is the one printed in the digest (its page label, not the sheet).
    server.settled()
    built = server.project / "output" / "digests" / "2022-12" / "bantin-2022-12.standard.pdf"
    reader = PdfReader(built)
    title = entry.locator(".ctitle").inner_text()
    [printed] = [reader.page_labels[reader.get_destination_page_number(item)]
                 for item in _bookmarks(reader.outline) if item.title == title]
    assert entry.locator(".cpage").inner_text().split()[-1] == printed
    assert axe_violations(page) == []
    shot(page, "digest", tmp_path)


def _bookmarks(items: list) -> Iterator:
    for item in items:
        yield from _bookmarks(item) if isinstance(item, list) else (item,)


def test_moving_an_article_in_the_digest_is_kept_in_the_periods_file(server, page):
    server.settled()
    page.goto(f"{server.url}/digest/2022-11")
    titles = page.locator("ol.contents .ctitle").all_inner_texts()
    assert len(titles) >= 2
    last = page.locator("ol.contents li").last
    slug = last.get_attribute("id").removeprefix("a-")
    last.locator("input[name=section]").fill("Tin nổi bật")
    with page.expect_navigation():
        last.locator("button[value=move]").click()
    arrangement = tomllib.loads(
        (server.project / "input" / "digests" / "2022-11.toml").read_text(encoding="utf-8"))
    assert arrangement["sections"][slug] == "Tin nổi bật"
    assert page.locator("h3", has_text="Tin nổi bật").count() == 1


def test_an_edited_source_updates_the_open_page_by_itself(server, page):
    server.settled()
    page.goto(f"{server.url}/period/2022-11")
    source = server.project / "input" / "2022-11-21-giam-sat-cau-treo-ngan-son.json"
    record = json.loads(source.read_text(encoding="utf-8"))
    record["title"] = "Giám sát cầu treo: tiêu đề sửa trong tệp"
    source.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    page.locator("table.articles", has_text="tiêu đề sửa trong tệp").wait_for(timeout=30_000)
    assert page.url.endswith("/period/2022-11")  # updated in place, not navigated


def test_paths_outside_the_outputs_and_forged_posts_are_refused(server):
    server.settled()
    for path in ("/files/../bantin.toml", "/files/%2e%2e/bantin.toml",
                 "/files/..%2fbantin.toml", "/files/articles/../../input/" + MOVED,
                 "/files//etc/passwd", "/preview/../../bantin.toml/1.png",
                 "/preview/" + "0" * 64 + "/1.png"):
        status, body = server.get(path)
        assert status in (403, 404), path
        assert "Traceback" not in body and "[publication]" not in body
    status, _ = server.get("/files/manifest.json")
    assert status == 200
    request = urllib.request.Request(f"{server.url}/article/{SLUG}/correct",
                                     data=b"title=Forged&csrf=wrong", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    status, body = server.get("/article/no-such-article")
    assert status == 404 and "Traceback" not in body


def test_the_error_page_passes_axe_too(server, page):
    page.goto(f"{server.url}/article/no-such-article")
    assert axe_violations(page) == []


def test_it_listens_only_on_this_machine_and_shows_unreadable_sources_in_english_too(tmp_path):
    project = _project(tmp_path)
    (project / "input" / "2022-11-30-hong.md").write_bytes(b"---\ntitle: [\n---\nx\n")
    running = Server(project, "--no-watch", "--lang", "en")
    try:
        assert running.url.startswith("http://127.0.0.1:")
        status, body = running.get("/period/2022-11")
        assert status == 200
        assert "2022-11-30-hong.md" in body and "Traceback" not in body
        assert '<html lang="en">' in body and "Sources that could not be read" in body
    finally:
        stderr = running.stop()
    assert "Traceback" not in stderr


def test_the_page_is_usable_from_the_keyboard(server, page):
    page.goto(f"{server.url}/article/{SEED}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    # Every field of the correction form, then its button, in order, by Tab alone.
    page.focus("#f-title")
    reached = []
    for _ in range(8):
        reached.append(page.evaluate("document.activeElement.id"))
        page.keyboard.press("Tab")
    assert reached[:7] == ["f-title", "f-date", "f-lead", "f-byline", "f-section", "f-tags",
                           "save"]
