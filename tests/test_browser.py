"""The web chat widget (web/) in a real browser: the demo page of a health-information
site, the widget opened by keyboard, a conversation with the real Rasa server and action
server through nginx and the socket.io channel (the production set-up of conftest's
``served``), the same conversation after a reload and in two tabs of one browser, and
the French messages when the server cannot be reached and when it is back.

Needs Debian's chromium (CHROMIUM overrides /usr/bin/chromium) and Python Playwright;
builds web/dist with web/build.sh (npm) when it is missing or older than its sources.

A calculation result (the ``kine_result`` card) is checked against a stand-in socket.io
server at phone (390×844) and desktop sizes: the amount visible without scrolling, the
card's parts, an axe-core audit (web/node_modules, locked in web/package-lock.json) with no
violation.  Screenshots go to each test's temporary folder; with SCREENSHOTS_DIR set
(`make screenshots`) the README's pictures are written there too."""
import asyncio
import functools
import json
import http.server
import os
import re
import shutil
import subprocess
import threading
import time
import uuid
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
AXE = WEB / "node_modules" / "axe-core" / "axe.min.js"
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
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
    built = [DIST / "kine-chat.js", DIST / "kine-chat.css", AXE]
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


def save_screenshot(page, tmp_path, name, **options):
    """Into the test's temporary folder; also into SCREENSHOTS_DIR when set (make screenshots)."""
    page.screenshot(path=str(tmp_path / name), **options)
    if os.environ.get("SCREENSHOTS_DIR"):
        folder = ROOT / os.environ["SCREENSHOTS_DIR"]
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name), **options)


@pytest.fixture
def page(browser, request):
    """A fresh browser profile; fails the test on a script error or a request off this machine.
    Desktop size, or the size given by indirect parametrization."""
    viewport = getattr(request, "param", DESKTOP)
    context = browser.new_context(viewport=viewport, locale="fr-FR",
                                  device_scale_factor=2 if viewport == PHONE else 1)
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

    def __init__(self, port, replies=None):
        import socketio
        from aiohttp import web

        self.port, self.received, self.web = port, [], web
        self.replies = replies or self.echo
        self.sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins=[])
        self.app = web.Application()
        self.sio.attach(self.app)
        self.sio.on("session_request", self._session_request)
        self.sio.on("user_uttered", self._user_uttered)
        self.loop = asyncio.new_event_loop()
        self.runner = None
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    refusals = 0  # new conversations refused first, as connectors/socketio.py does past its limit

    async def _session_request(self, sid, data):
        if self.refusals > 0:
            self.refusals -= 1
            from bot.service_status import TOO_MANY
            await self.sio.emit("bot_uttered", {"text": TOO_MANY}, room=sid)
            return
        session_id = (data or {}).get("session_id") or "session-du-faux-serveur"
        await self.sio.enter_room(sid, session_id)
        await self.sio.emit("session_confirm", session_id, room=sid)

    @staticmethod
    def echo(message):
        return [{
            "text": f"Bien reçu : {message}\n<b>pas du HTML</b> — voir https://example.org/page.",
            "quick_replies": [{"content_type": "text", "title": "Merci", "payload": "/merci"}],
        }]

    async def _user_uttered(self, sid, data):
        self.received.append(data)
        for reply in self.replies(data["message"]):  # each with its id, as connectors/socketio.py
            await self.sio.emit("bot_uttered", {**reply, "id": uuid.uuid4().hex}, room=data["session_id"])

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
        plain = reply.replace("\u00a0", " ")  # the widget's no-break spaces (unbroken()), as the assistant wrote them
        if reply and all(e in reply or e in plain for e in expected):
            return plain
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
    assert "rembours" in reply and "Légifrance" in reply  # the short answer names its sources
    # Their addresses come with the details, as links.
    say(page, "en savoir plus", "https")
    source_link = log.get_by_role("link").first
    expect(source_link).to_have_attribute("href", re.compile("^https://"))
    expect(source_link).to_have_attribute("target", "_blank")
    expect(source_link).to_have_attribute("rel", re.compile("noopener"))
    expect(log.locator(".kc-bot br")).not_to_have_count(0)

    # What the user types is shown as text, never read as HTML.
    markup = "<img src=x onerror=alert(1)>"
    say(page, markup, "ameli.fr")  # an answer (out of scope or the fallback: where to ask), not an error
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
    save_screenshot(page, tmp_path, "widget.png")

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


def shown_messages(page):
    """The conversation on screen, in order: ("user" or "bot", its text, with plain spaces for the widget's
    no-break ones)."""
    return [[who, text.replace("\u00a0", " ")] for who, text in page.evaluate(
        """() => [...document.querySelectorAll('#kine-chat .kc-message')].map(m =>
        [m.classList.contains('kc-user') ? 'user' : 'bot', m.innerText.trim()])""")]


def same_conversation_in(tabs, *expected):
    """Waits until every tab shows the same messages, `expected` among them, each question
    and each answer once, and the stored copy has them; returns them."""
    deadline, shown = time.monotonic() + TIMEOUT_MS / 1000, []
    while time.monotonic() < deadline:
        shown = [shown_messages(tab) for tab in tabs]
        if all(s == shown[0] for s in shown) and all(any(e in text for _, text in shown[0]) for e in expected):
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"the tabs do not show the same conversation with {expected}: {shown}")
    tabs[0].wait_for_timeout(1500)  # nothing comes twice later
    assert [shown_messages(tab) for tab in tabs] == shown
    conversation = shown[0]
    assert len(set(map(tuple, conversation))) == len(conversation), conversation  # no message twice
    for tab in tabs:  # the stored copy is the same conversation
        stored = tab.evaluate(STORED)["messages"]
        assert [m["from"] for m in stored] == [who for who, _ in conversation]
        assert all(m["text"].split("\n")[0][:30] in text for m, (_, text) in zip(stored, conversation))
    return conversation


@pytest.mark.parametrize("page", [PHONE], indirect=True)
def test_two_tabs_show_one_conversation(page, widget_built, served, tmp_path):
    """Two tabs of the site (one browser, one localStorage, so one conversation): a question
    typed in either, and its answer, appear once in both, in order; « oublie notre
    conversation » in one clears both."""
    url = f"http://127.0.0.1:{served.serve_port}/"
    tab_a = page
    tab_a.goto(url)
    open_with_keyboard(tab_a)
    tab_a.wait_for_function(f"() => ({STORED})()?.sessionId")
    tab_b, problems = tab_a.context.new_page(), []
    tab_b.set_default_timeout(TIMEOUT_MS)
    tab_b.on("pageerror", lambda error: problems.append(f"script error in the second tab: {error}"))
    tab_b.goto(url)
    expect(tab_b.get_by_role("dialog", name="Assistant remboursement kiné")).to_be_visible()  # open, as in the first
    assert shown_messages(tab_b) == shown_messages(tab_a)  # the greeting, once

    question = "peut-on voir un kiné sans ordonnance ?"
    reply = say(tab_a, question, "ordonnance", "Source").split("\n")[0]
    conversation = same_conversation_in([tab_a, tab_b], question, reply)
    assert [who for who, _ in conversation].count("user") == 1
    expect(tab_b.locator("#kine-chat .kc-typing")).to_be_hidden()

    details = say(tab_b, "en savoir plus", "https").split("\n")[0]  # about the question asked in the other tab
    conversation = same_conversation_in([tab_a, tab_b], question, reply, "en savoir plus", details)
    assert [who for who, _ in conversation].count("user") == 2
    assert tab_a.evaluate(STORED)["sessionId"] == tab_b.evaluate(STORED)["sessionId"]
    for tab, name in ((tab_a, "a"), (tab_b, "b")):
        tab.evaluate("() => window.scrollTo(0, 0)")
        tab.screenshot(path=str(tmp_path / f"widget-two-tabs-{name}.png"))

    # A reload of either shows the same.
    tab_b.reload()
    expect(tab_b.locator("#kine-chat .kc-log")).to_contain_text(question)
    assert shown_messages(tab_b) == conversation

    say(tab_b, "oublie notre conversation", "effacé notre conversation", before=0)
    for tab in (tab_a, tab_b):
        expect(tab.locator("#kine-chat .kc-message")).to_have_count(1)
        expect(tab.locator("#kine-chat .kc-log")).to_contain_text("effacé notre conversation")
        expect(tab.locator("#kine-chat .kc-log")).not_to_contain_text("ordonnance")
    stored = tab_a.evaluate(STORED)
    assert "ordonnance" not in json.dumps(stored) and stored["sessionId"] is None
    assert not problems, problems


# ---- a calculation result, as a card ------------------------------------------------------------

CALCULATION = {"date": "2026-12-01", "sessions": 10, "act": "membre", "mutuelle": {"br_percent": 100}}
LONG_ANSWER = "\n".join(f"Ligne {i} d'une longue réponse." for i in range(1, 81))


def calculation_replies(message):
    """What the assistant sends (through connectors/socketio.py) for a calculation: what it
    understood, then the result's plain text with its card; a long text for « long »."""
    from bot.calculator import compute
    from bot.result_view import as_custom_payload, as_text, result_view

    if message == "long":
        return [{"text": LONG_ANSWER}]
    if "séances" not in message:
        return FakeAssistant.echo(message)
    view = result_view(compute(CALCULATION), hint="Pour changer une valeur, dites-la simplement "
                                                  "(« 12 séances », « à domicile », « je suis en ALD »).")
    card = {"text": as_text(view), "custom": as_custom_payload(view),
            "buttons": [{"title": "Nouveau calcul", "payload": "/calcul_remboursement"}]}
    return [{"text": "J'ai compris : 10 séances de rééducation d'un membre, mutuelle à 100 % de la base."}, card]


@pytest.fixture
def fake_assistant(page):
    fake = FakeAssistant(free_port(), replies=calculation_replies)
    fake.start()
    yield fake
    page.close()  # its connection first, or the server waits for it when stopping
    fake.stop()


def visible_in_log(page, selector):
    """True when the element is entirely inside the visible part of the messages' log."""
    return page.evaluate("""selector => {
        const log = document.querySelector('#kine-chat .kc-log').getBoundingClientRect();
        const nodes = document.querySelectorAll(selector);
        const box = nodes[nodes.length - 1].getBoundingClientRect();
        return box.height > 0 && box.top >= log.top - 1 && box.bottom <= log.bottom + 1
            && box.bottom <= window.innerHeight;
    }""", selector)


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        const result = await axe.run(document.getElementById('kine-chat'), {resultTypes: ['violations']});
        return result.violations.map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`);
    }""")


@pytest.mark.parametrize("page, size", [(PHONE, "phone"), (DESKTOP, "desktop")], indirect=["page"])
def test_a_calculation_is_a_card_readable_at_a_glance(page, size, site, fake_assistant, tmp_path):
    page.goto(f"{site}/?server=http://127.0.0.1:{fake_assistant.port}")
    dialog = open_with_keyboard(page)
    log = dialog.get_by_role("log")
    say(page, "bonjour", "Bien reçu : bonjour")
    say(page, "un autre message", "Bien reçu : un autre message")

    say(page, "10 séances, mutuelle 100 %", "J'ai compris", "10,00\u00a0€")
    card = log.locator(".kc-card").last
    expect(card).to_be_visible()
    # The answer first, in large type, visible without scrolling; the answer shown from its start.
    expect(card.locator(".kc-card-amount")).to_have_text("10,00 €")
    expect(card.locator(".kc-card-label")).to_have_text("Reste à votre charge")
    expect(card.locator(".kc-card-detail")).to_have_text("pour 10 séances (1,00 € par séance)")
    assert visible_in_log(page, "#kine-chat .kc-card-amount")
    assert visible_in_log(page, "#kine-chat .kc-bot:has(+ .kc-has-card) .kc-bubble")  # what was understood
    assert float(page.evaluate("() => getComputedStyle(document.querySelector('.kc-card-amount')).fontSize")
                 .rstrip("px")) >= 28
    # The breakdown as a small table, the assumptions, the warnings, the sources folded by name.
    table = card.get_by_role("table", name="Détail du calcul")
    expect(table.get_by_role("row")).to_have_count(5)
    expect(table.get_by_role("row").first).to_have_text(re.compile(r"^Prix des 10 séances\s*179,00\s€$"))
    expect(table.get_by_role("row").last).to_have_text(re.compile(r"^Reste à votre charge\s*10,00\s€$"))
    expect(card.locator(".kc-card-assumptions")).to_contain_text("Hypothèses :")
    expect(card.locator(".kc-card-assumptions")).to_contain_text("patient majeur")
    # The card too keeps a figure with its unit: « 60 % de 17,90 » then « € » on the next line at 390 px.
    assert "60\u00a0% de 17,90\u00a0€" in page.evaluate(
        "() => document.querySelector('#kine-chat .kc-card-table').textContent")
    sources = card.locator("details.kc-card-sources")
    expect(sources).not_to_have_attribute("open", "")
    expect(sources.locator("summary")).to_have_text(re.compile(r"^Sources \(\d+\)$"))
    expect(card.get_by_role("link", name=re.compile("^SNMKR"))).to_be_hidden()
    expect(log.get_by_role("button", name="Nouveau calcul")).to_be_visible()
    assert "https://" not in card.inner_text()
    page.evaluate("() => window.scrollTo(0, 0)")
    save_screenshot(page, tmp_path, f"widget-card-{size}.png")

    sources.locator("summary").click()
    link = card.get_by_role("link", name=re.compile("^SNMKR"))
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", "https://www.snmkr.fr/avenant-7")
    expect(link).to_have_attribute("rel", re.compile("noopener"))
    assert axe_violations(page) == []

    # The card survives a reload (stored with the conversation).
    page.reload()
    expect(page.locator("#kine-chat .kc-card .kc-card-amount")).to_have_text("10,00 €")


@pytest.mark.parametrize("page", [PHONE], indirect=True)
def test_a_long_answer_is_shown_from_its_start(page, site, fake_assistant):
    page.goto(f"{site}/?server=http://127.0.0.1:{fake_assistant.port}")
    open_with_keyboard(page)
    say(page, "bonjour", "Bien reçu")
    say(page, "long", "Ligne 80")
    assert visible_in_log(page, "#kine-chat .kc-user")  # the question, just above its answer
    first_line_top = page.evaluate("""() => {
        const log = document.querySelector('#kine-chat .kc-log');
        return document.querySelector('#kine-chat .kc-bot:last-child').getBoundingClientRect().top
            - log.getBoundingClientRect().top;
    }""")
    assert 0 <= first_line_top < 200
    assert page.evaluate("() => { const l = document.querySelector('#kine-chat .kc-log');"
                         " return l.scrollHeight - l.clientHeight - l.scrollTop; }") > 100  # not at the end


def test_a_figure_and_its_unit_never_part_across_two_lines(page, site, fake_assistant):
    # « coûte 19,89 » at a line's end, « € » on the next: seen at 390 px wide. The assistant writes plain spaces.
    page.goto(f"{site}/?server=http://127.0.0.1:{fake_assistant.port}")
    open_with_keyboard(page)
    say(page, "19,89 € soit 60 % à 8 km", "Bien reçu")
    shown = page.evaluate("() => document.querySelector('#kine-chat .kc-bot:last-child').textContent")
    assert "19,89\u00a0€ soit 60\u00a0% à 8\u00a0km" in shown
    # « (par exemple « » at a line's end, « 10 ») » on the next: the guillemets and « : ; ? ! » too.
    say(page, "par exemple « 10 » : combien ?", "Bien reçu")
    shown = page.evaluate("() => document.querySelector('#kine-chat .kc-bot:last-child').textContent")
    assert "par exemple «\u00a010\u00a0»\u00a0: combien\u00a0?" in shown


def test_a_paste_over_the_limit_is_refused_in_the_widget(page, site, fake_assistant):
    page.goto(f"{site}/?server=http://127.0.0.1:{fake_assistant.port}")
    dialog = open_with_keyboard(page)
    box = page.get_by_role("textbox", name="Votre message")
    box.fill("é" * 2345)  # not cut by the field: the whole paste is there
    expect(box).to_have_value("é" * 2345)
    alert = dialog.get_by_role("alert")
    expect(alert).to_have_text("Votre message fait 2 345 caractères : c'est trop long (2 000 au plus). "
                               "Raccourcissez-le avant de l'envoyer.")
    expect(box).to_have_attribute("aria-invalid", "true")
    box.press("Enter")
    page.wait_for_timeout(1000)
    assert fake_assistant.received == [] and dialog.locator(".kc-user").count() == 0
    box.fill("combien coûte une séance ?")
    expect(alert).to_be_hidden()
    box.press("Enter")
    wait_for_reply(page, 1, "Bien reçu : combien coûte une séance ?")


def test_a_refused_new_conversation_is_asked_again_and_the_waiting_message_then_leaves(page, site, fake_assistant):
    fake_assistant.refusals = 1
    page.clock.install()
    page.goto(f"{site}/?server=http://127.0.0.1:{fake_assistant.port}")
    open_with_keyboard(page)
    box = page.get_by_role("textbox", name="Votre message")
    box.fill("combien coûte une séance ?")
    box.press("Enter")
    log = page.locator("#kine-chat .kc-log")
    expect(log).to_contain_text("Trop de messages, réessayez dans un instant.")
    page.wait_for_timeout(500)
    assert fake_assistant.received == []  # nothing sent without a conversation
    page.clock.fast_forward("00:31")  # the widget asks again after 30 s
    expect(log).to_contain_text("Bien reçu : combien coûte une séance ?")
    assert [m["message"] for m in fake_assistant.received] == ["combien coûte une séance ?"]


def test_new_conversation_in_one_tab_starts_it_in_both(page, site, fake_assistant):
    """Both tabs loaded before any conversation; each receives every reply (the session's
    room) and shows it once; « Nouvelle conversation » in one empties both."""
    url = f"{site}/?server=http://127.0.0.1:{fake_assistant.port}"
    tab_a, tab_b = page, page.context.new_page()
    try:
        tab_b.on("dialog", lambda dialog: dialog.accept())  # « Effacer cette conversation… ? »
        tab_a.goto(url)
        tab_b.goto(url)
        open_with_keyboard(tab_a)
        tab_b.get_by_role("button", name=re.compile("^Ouvrir l'assistant")).click()
        say(tab_a, "bonjour", "Bien reçu : bonjour")
        say(tab_b, "une question de l'autre onglet", "Bien reçu : une question de l'autre onglet")
        conversation = same_conversation_in([tab_a, tab_b], "bonjour", "Bien reçu : une question")
        assert [who for who, _ in conversation] == ["bot", "user", "bot", "user", "bot"]
        assert fake_assistant.sio.manager.rooms["/"]["session-du-faux-serveur"].__len__() == 2  # both receive

        tab_b.get_by_role("button", name="Nouvelle conversation").click()
        for tab in (tab_a, tab_b):
            expect(tab.locator("#kine-chat .kc-message")).to_have_count(1)  # the greeting
        say(tab_a, "on recommence", "Bien reçu : on recommence")
        conversation = same_conversation_in([tab_a, tab_b], "Bien reçu : on recommence")
        assert [who for who, _ in conversation] == ["bot", "user", "bot"]
    finally:
        tab_b.close()


def test_a_reply_stored_by_a_tab_that_lagged_never_comes_before_its_question(page, site):
    """The race two tabs can run into: tab B shows the reply before tab A's question has reached
    its copy of the storage, and stores the reply alone; tab A, still waiting for that reply on
    its socket, follows B's write. The reply goes after the question A showed earlier, in A and
    in the stored copy (before: after the greeting, above the question, in both tabs)."""
    silent = FakeAssistant(free_port(), replies=lambda message: [])  # the reply comes from « tab B »
    silent.start()
    other = page.context.new_page()
    try:
        page.goto(f"{site}/?server=http://127.0.0.1:{silent.port}")
        other.goto(f"{site}/?server=http://127.0.0.1:{silent.port}")  # same origin: same storage
        open_with_keyboard(page)
        box = page.get_by_role("textbox", name="Votre message")
        box.fill("une question")
        box.press("Enter")
        expect(page.locator("#kine-chat .kc-user")).to_have_text(re.compile("une question"))
        # Tab B's write, as it makes it in the race: its stale copy (the greeting) and the reply.
        other.evaluate("""() => {
            const stored = JSON.parse(localStorage.getItem('kine-chat:v1'));
            const question = stored.messages.find(m => m.from === 'user');
            stored.messages = stored.messages.filter(m => m.from !== 'user');
            stored.messages.push({id: 's-reponse', from: 'bot', text: 'La réponse', buttons: [], at: question.at + 300});
            stored.savedAt = Date.now();
            localStorage.setItem('kine-chat:v1', JSON.stringify(stored));
        }""")
        expect(page.locator("#kine-chat .kc-message").last).to_contain_text("La réponse")
        assert [who for who, _ in shown_messages(page)] == ["bot", "user", "bot"]
        stored = page.evaluate(STORED)
        assert [m["from"] for m in stored["messages"]] == ["bot", "user", "bot"]
    finally:
        other.close()
        page.close()
        silent.stop()


def test_the_demo_page_has_a_favicon(page, site):
    page.goto(f"{site}/")
    href = page.locator("link[rel=icon]").get_attribute("href")
    response = page.request.get(f"{site}/{href}")
    assert response.status == 200 and response.body().startswith(b"<svg")


def forget_replies(message):
    if "oublie" in message:
        return [{"text": "C'est fait : j'ai effacé notre conversation.", "custom": {"type": "kine_forget"}}]
    return FakeAssistant.echo(message)


def test_oublie_clears_what_the_browser_kept_and_old_history_expires(page, site):
    fake = FakeAssistant(free_port(), replies=forget_replies)
    fake.start()
    try:
        page.goto(f"{site}/?server=http://127.0.0.1:{fake.port}")
        open_with_keyboard(page)
        say(page, "ma fille de 13 ans a une scoliose", "Bien reçu")
        assert "scoliose" in json.dumps(page.evaluate(STORED))
        say(page, "oublie notre conversation", "effacé", before=0)
        stored = page.evaluate(STORED)
        assert "scoliose" not in json.dumps(stored) and stored["sessionId"] is None
        expect(page.locator("#kine-chat .kc-log")).not_to_contain_text("scoliose")
        # A history saved more than 24 hours ago is not shown again, nor its conversation id reused.
        page.evaluate("""() => localStorage.setItem('kine-chat:v1', JSON.stringify({
            sessionId: 'web-ancienne', open: true, savedAt: Date.now() - 25 * 3600 * 1000,
            messages: [{from: 'user', text: 'ma sciatique', buttons: []}]}))""")
        page.reload()
        expect(page.locator("#kine-chat")).not_to_contain_text("sciatique")
        page.wait_for_timeout(500)
        assert "sciatique" not in json.dumps(page.evaluate(STORED))
        open_with_keyboard(page)  # a new conversation, not the expired one
        page.wait_for_function(f"() => ({STORED})()?.sessionId === 'session-du-faux-serveur'")
    finally:
        page.close()
        fake.stop()
