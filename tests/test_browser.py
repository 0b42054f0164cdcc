"""The web chat widget (web/) in a real browser: the demo page of a health-information
site, the widget opened by keyboard, a conversation with the real Rasa server and action
server through nginx and the socket.io channel (the production set-up of conftest's
``served``), the same conversation after a reload, and the
French messages when the server cannot be reached and when it is back.

Needs Debian's chromium (CHROMIUM overrides /usr/bin/chromium) and Python Playwright;
builds web/dist with web/build.sh (npm) when it is missing or older than its sources."""
import asyncio
import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
import time
from urllib.parse import urlsplit

import pytest

from servers import ROOT, free_port

pytestmark = [pytest.mark.servers]

WEB = ROOT / "web"
SITE, DIST = WEB / "site", WEB / "dist"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium's own connections are refused on a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOT = ROOT / "reports" / "widget.png"
TIMEOUT_MS = 60_000  # one answer of the assistant, the first one included
STORED = "() => JSON.parse(localStorage.getItem('kine-chat:v1') || 'null')"

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover
    sync_playwright = None


# ---- fixtures ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def widget_built():
    """web/dist as web/build.sh makes it, rebuilt when a source is newer."""
    built = [DIST / "kine-chat.js", DIST / "kine-chat.css"]
    sources = [WEB / "src" / "kine-chat.js", WEB / "src" / "kine-chat.css", WEB / "build.sh", WEB / "package-lock.json"]
    if all(p.exists() for p in built) and max(p.stat().st_mtime for p in sources) <= min(p.stat().st_mtime
                                                                                         for p in built):
        return
    if not shutil.which("npm"):
        pytest.fail("web/dist is missing or older than web/src and npm is not installed: install Node.js "
                    "and npm, then run `bash web/build.sh`")
    result = subprocess.run(["bash", str(WEB / "build.sh")], capture_output=True, text=True, timeout=600)
    if result.returncode != 0 or not all(p.exists() for p in built):
        pytest.fail(f"`bash web/build.sh` failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """The demo site at /, the widget's build at /widget/: the layout the nginx set-up serves."""

    def translate_path(self, path):
        if path.startswith("/widget/"):
            self.directory, path = str(DIST), path[len("/widget"):]
        else:
            self.directory = str(SITE)
        return super().translate_path(path)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(widget_built):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(SITE)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if sync_playwright is None:
        pytest.fail("Python Playwright is missing: pip install -e '.[test]'")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} not found: apt-get install chromium (or set CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser profile; fails the test on a script error or a request off this machine."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    problems = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("dialog", lambda dialog: problems.append(f"dialog opened: {dialog.message}"))
    page.on("request", lambda request: urlsplit(request.url).hostname == "127.0.0.1"
            or problems.append(f"request off this machine: {request.url}"))
    yield page
    context.close()
    assert not problems, problems


class FakeAssistant:
    """A stand-in for Rasa's socket.io channel (same events), started late to test reconnection."""

    def __init__(self, port):
        import socketio
        from aiohttp import web

        self.port, self.received, self.web = port, [], web
        self.sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins=[])
        self.app = web.Application()
        self.sio.attach(self.app)
        self.sio.on("session_request", self._session_request)
        self.sio.on("user_uttered", self._user_uttered)
        self.loop = asyncio.new_event_loop()
        self.runner = None
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    async def _session_request(self, sid, data):
        session_id = (data or {}).get("session_id") or "session-du-faux-serveur"
        await self.sio.enter_room(sid, session_id)
        await self.sio.emit("session_confirm", session_id, room=sid)

    async def _user_uttered(self, sid, data):
        self.received.append(data)
        await self.sio.emit("bot_uttered", {
            "text": f"Bien reçu : {data['message']}\n<b>pas du HTML</b> — voir https://example.org/page.",
            "quick_replies": [{"content_type": "text", "title": "Merci", "payload": "/merci"}],
        }, room=data["session_id"])

    async def _start(self):
        self.runner = self.web.AppRunner(self.app)
        await self.runner.setup()
        await self.web.TCPSite(self.runner, "127.0.0.1", self.port).start()

    def start(self):
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(30)

    async def _stop(self):
        await self.sio.shutdown()
        if self.runner:
            await self.runner.cleanup()
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def stop(self):
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


# ---- helpers ------------------------------------------------------------------------------

def open_with_keyboard(page):
    """Tabs to the launcher as a keyboard user would, and opens the panel with Enter."""
    launcher = page.get_by_role("button", name=re.compile("^Ouvrir l'assistant"))
    expect(launcher).to_be_visible()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.classList.contains('kc-launcher')"):
            break
    else:
        pytest.fail("the launcher cannot be reached with Tab")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Assistant remboursement kiné")
    expect(dialog).to_be_visible()
    expect(page.get_by_role("textbox", name="Votre message")).to_be_focused()
    return dialog


def bot_texts(page):
    return page.locator("#kine-chat .kc-bot").all_inner_texts()


def say(page, text, *expected, before=None):
    """Types `text` and waits for new bot messages that contain every `expected` string."""
    before = len(bot_texts(page)) if before is None else before
    box = page.get_by_role("textbox", name="Votre message")
    box.fill(text)
    box.press("Enter")
    return wait_for_reply(page, before, *expected)


def wait_for_reply(page, before, *expected, timeout=TIMEOUT_MS / 1000):
    deadline, reply = time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        reply = "\n".join(bot_texts(page)[before:])
        if reply and all(e in reply for e in expected):
            return reply
        time.sleep(0.2)
    pytest.fail(f"no reply containing {expected} (got {reply!r})")


def watch_typing_indicator(page):
    page.evaluate("""() => {
        const typing = document.querySelector('#kine-chat .kc-typing');
        window.typingSeen = false;
        new MutationObserver(() => { if (!typing.hidden) window.typingSeen = true; })
            .observe(typing, {attributes: true});
    }""")


# ---- tests --------------------------------------------------------------------------------

def test_unreachable_server_is_said_in_french_then_the_widget_reconnects(page, site, tmp_path):
    port = free_port()  # nothing listens there yet
    page.goto(f"{site}/?server=http://127.0.0.1:{port}")
    dialog = open_with_keyboard(page)
    assert page.evaluate("() => typeof window.io") == "undefined"  # socket.io stays inside the widget
    status = dialog.locator(".kc-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_contain_text("Impossible de joindre l'assistant", timeout=20_000)

    say_text = "Un message écrit hors connexion"
    page.get_by_role("textbox", name="Votre message").fill(say_text)
    page.get_by_role("button", name="Envoyer").click()
    expect(dialog.locator(".kc-user .kc-text").last).to_have_text(say_text)
    expect(status).to_contain_text("dès que la connexion sera rétablie")
    page.screenshot(path=str(tmp_path / "widget-offline.png"))

    fake = FakeAssistant(port)
    fake.start()
    try:  # socket.io retries by itself; the queued message leaves once the session is confirmed
        expect(status).to_contain_text("Connexion rétablie", timeout=30_000)
        reply = wait_for_reply(page, 1, "Bien reçu : " + say_text)
        assert fake.received == [{"message": say_text, "session_id": "session-du-faux-serveur"}]
        assert page.evaluate(STORED)["sessionId"] == "session-du-faux-serveur"
        # The bot's text is text too: its markup shows as typed, its URL is a link, its line break a <br>.
        assert "<b>pas du HTML</b>" in reply
        log = dialog.get_by_role("log")
        expect(log.locator("b")).to_have_count(0)
        expect(log.locator(".kc-bot br")).not_to_have_count(0)
        link = log.locator("a[href='https://example.org/page']")  # the final full stop stays text
        expect(link).to_have_text(re.compile(r"^https://example\.org/page \(nouvel onglet\)$"))
        expect(link).to_have_attribute("target", "_blank")
        expect(link).to_have_attribute("rel", re.compile("noopener"))
        # Quick replies are buttons too.
        log.get_by_role("button", name="Merci").click()
        wait_for_reply(page, 2, "Bien reçu : /merci")
        expect(dialog.locator(".kc-user .kc-text").last).to_have_text("Merci")
    finally:
        page.close()  # its connection first, or the server waits for it when stopping
        fake.stop()


def test_conversation_with_the_assistant_in_the_demo_page(page, widget_built, served, tmp_path):
    # The served set-up (conftest's ``served``): nginx serves the page and the widget and
    # proxies /socket.io/ (origin checked, sticky) to the two Rasa instances.
    page.goto(f"http://127.0.0.1:{served.serve_port}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kinésithérapie : ce qui est remboursé")
    dialog = open_with_keyboard(page)

    # What a screen reader finds.
    log = dialog.get_by_role("log")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(log).to_have_accessible_name("Messages de la conversation")
    expect(dialog.get_by_role("button", name="Envoyer")).to_be_visible()
    expect(dialog.get_by_role("button", name="Fermer l'assistant")).to_be_visible()
    expect(dialog.get_by_role("button", name="Nouvelle conversation")).to_be_visible()
    expect(page.get_by_role("button", name="Fermer l'assistant")).to_have_count(2)  # the launcher, now open
    expect(log).to_contain_text("Écrivez « aide » pour voir les thèmes")  # the greeting, shown locally
    page.wait_for_function(f"() => ({STORED})()?.sessionId")

    # A question, answered in French with its source; the typing indicator showed meanwhile.
    watch_typing_indicator(page)
    reply = say(page, "peut-on voir un kiné sans ordonnance ?", "ordonnance", "Source")
    assert page.evaluate("() => window.typingSeen")
    expect(dialog.locator(".kc-typing")).to_be_hidden()
    expect(dialog.locator(".kc-typing")).to_have_text(re.compile("en train d'écrire"))
    assert "rembours" in reply
    source_link = log.get_by_role("link").first
    expect(source_link).to_have_attribute("href", re.compile("^https://"))
    expect(source_link).to_have_attribute("target", "_blank")
    expect(source_link).to_have_attribute("rel", re.compile("noopener"))
    expect(log.locator(".kc-bot br")).not_to_have_count(0)

    # What the user types is shown as text, never read as HTML.
    markup = "<img src=x onerror=alert(1)>"
    say(page, markup, "")
    expect(log.locator(".kc-user .kc-text").last).to_have_text(markup)
    expect(log.locator("img")).to_have_count(0)

    # The help's buttons; a click sends the payload and shows the title.
    say(page, "aide", "thèmes")
    depassements = log.get_by_role("button", name="Dépassements").last
    expect(depassements).to_be_visible()
    expect(log.get_by_role("group", name="Réponses proposées").last).to_be_visible()
    before = len(bot_texts(page))
    depassements.click()
    expect(log.locator(".kc-user .kc-text").last).to_have_text("Dépassements")
    wait_for_reply(page, before, "dépassement", "Source")

    # The picture for the README: the page's top, the help's buttons, a question and its sourced answer.
    page.evaluate("() => window.scrollTo(0, 0)")
    log.evaluate("log => { const groups = log.querySelectorAll('.kc-choices');"
                 " log.scrollTop = groups[groups.length - 1].offsetTop - log.offsetTop - 60; }")
    page.wait_for_timeout(300)
    page.screenshot(path=str(tmp_path / "widget.png"))
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    # Same conversation after a reload: the history on screen, and Rasa's tracker through the session id.
    session_id = page.evaluate(STORED)["sessionId"]
    shown = log.inner_text()
    page.reload()
    dialog = page.get_by_role("dialog", name="Assistant remboursement kiné")
    expect(dialog).to_be_visible()  # it was open
    log = dialog.get_by_role("log")
    expect(log).to_contain_text("peut-on voir un kiné sans ordonnance ?")
    expect(log).to_contain_text(markup)
    assert log.inner_text() == shown
    expect(log.locator("img")).to_have_count(0)
    details = say(page, "en savoir plus", "devis")  # the details of the topic asked before the reload
    assert "Source" in details
    assert page.evaluate(STORED)["sessionId"] == session_id

    # Escape closes the panel and gives the focus back to the launcher.
    page.get_by_role("textbox", name="Votre message").press("Escape")
    expect(dialog).to_be_hidden()
    launcher = page.get_by_role("button", name=re.compile("^Ouvrir l'assistant"))
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")
