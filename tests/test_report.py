"""The conversation report (ops/report.py, `make report`).

* Generated conversations (ops/bench/conversations.py) in SQLite: every figure equals
  the generator's own tally; the retention window and the period are respected; nothing
  identifying leaves the database.
* The HTML page opens in chromium offline, without console errors; its screenshot is not blank.
* Conversations played through the real REST channel (Rasa server + action server) against
  SQLite and against a real PostgreSQL: the report counts what was played.
"""
from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import sys
import tempfile
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ops import report as kine_report
from ops.bench import conversations as generate_conversations
from ops.figures import TIMEZONE
from ops.nlu_data import key
from ops.scrub import scrub, strip_placeholders
from ops.stack import services
from servers import action_server, environment, free_port, rasa_server, say

TODAY = dt.datetime.now(TIMEZONE).date()
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """600 generated conversations (a few of them older than the retention window) in SQLite."""
    url = f"sqlite:///{tmp_path_factory.mktemp('generated') / 'tracker.db'}"
    truth = generate_conversations.fill(url, 600, seed=7, today=TODAY)
    return url, truth


@pytest.fixture(scope="module")
def built(generated, tmp_path_factory):
    url, truth = generated
    # The period starts long before the retention window: old conversations must still be left out.
    report = kine_report.build(url, TODAY - dt.timedelta(days=90), TODAY)
    out = tmp_path_factory.mktemp("report")
    files = kine_report.write(report, out)
    return report, out, files


def test_every_figure_equals_what_the_conversations_contain(generated, built):
    _, truth = generated
    report, _, _ = built
    f = report.figures
    assert 500 < f.total_conversations < 600  # the rest is older than the retention window
    assert f.conversations == truth.conversations
    assert f.turns == truth.turns
    assert f.asked == truth.asked and f.answered == truth.answered and f.more == truth.more
    assert (f.calc_started, f.calc_result, f.calc_abandoned, f.calc_stopped) == (
        truth.calc_started, truth.calc_result, truth.calc_abandoned, truth.calc_stopped)
    assert f.calc_stopped_at == truth.calc_stopped_at
    assert +f.messages == truth.messages and +f.fallback == truth.fallback
    assert +f.out_of_scope == truth.out_of_scope and +f.low_confidence == truth.low_confidence
    assert {k: u.count for k, u in f.unanswered.items()} == dict(truth.unanswered)
    assert sum(g.count for g in report.groups) == sum(truth.unanswered.values())


def test_the_calculator_questions_are_named_as_users_saw_them(built):
    report, _, _ = built
    labels = {kine_report.question_label(report, slot) for slot in report.figures.calc_stopped_at}
    assert labels == set(generate_conversations.QUESTIONS.values())


def test_unanswered_questions_are_grouped_most_frequent_first_with_the_guesses(built):
    report, _, _ = built
    groups = report.groups
    assert [g.count for g in groups] == sorted((g.count for g in groups), reverse=True)
    # Two wordings of the same question are one group.
    together = [g for g in groups if key(g.representative.text).startswith(("est ce que l osteopathe",))
                or any(key(m.text).startswith("est ce que l osteopathe") for m in g.members)]
    assert len(together) == 1
    assert all(len(g.guesses()) == 3 for g in groups)


def test_a_period_counts_only_its_days(generated):
    url, truth = generated
    day = max(d for d, _ in truth.conversations)
    one_day = kine_report.build(url, day, day).figures
    assert one_day.total_conversations == sum(n for (d, _), n in truth.conversations.items() if d == day)
    assert set(d for d, _ in one_day.conversations) == {day}


def test_nothing_identifying_leaves_the_database(generated, built):
    _, truth = generated
    _, out, files = built
    written = "\n".join(path.read_text(encoding="utf-8-sig") for path in files)
    assert not [s for s in truth.senders if s in written]
    for secret in ("camille.martin@exemple.fr", "06 12 34 56 78", "2 84 05 75 123 456 78", "Martin", "Camille",
                   "12 rue de la Paix", "12/03/1985"):
        assert secret not in written
    assert "[e-mail]" in written and "[téléphone]" in written and "[nom]" in written
    # Understood questions are counted, never quoted.
    assert "une question sur" not in written


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def test_csv_files_carry_the_same_figures(generated, built):
    _, truth = generated
    report, out, _ = built
    days = read_csv(out / "conversations_par_jour.csv")
    assert days[0] == ["jour", "canal", "conversations"]
    assert sum(int(row[2]) for row in days[1:]) == sum(truth.conversations.values())
    calculator = dict(read_csv(out / "calculateur.csv")[1:])
    assert calculator["commencés"] == str(truth.calc_started) and calculator["résultat donné"] == str(truth.calc_result)
    topics = read_csv(out / "sujets.csv")[1:]
    assert [int(row[2]) for row in topics] == sorted((int(row[2]) for row in topics), reverse=True)
    unanswered = read_csv(out / "questions_sans_reponse.csv")[1:]
    assert len(unanswered) == len(report.groups)


def test_command_line_writes_the_report(generated, tmp_path, capsys):
    url, _ = generated
    code = kine_report.main(["--tracker-store", url, "--out", str(tmp_path), "--since", TODAY.isoformat(),
                             "--until", TODAY.isoformat()])
    assert code == 0
    assert (tmp_path / "rapport.html").exists() and "conversation(s)" in capsys.readouterr().out
    with pytest.raises(SystemExit):  # argparse's French message, exit status 2
        kine_report.main(["--tracker-store", url, "--since", "hier"])
    assert kine_report.main(["--tracker-store", url, "--since", TODAY.isoformat(), "--until",
                             (TODAY - dt.timedelta(days=1)).isoformat()]) == 2


# -- the page in a browser ---------------------------------------------------------------------

@pytest.mark.servers  # needs Debian's chromium, like tests/test_browser.py
def test_the_page_opens_offline_in_chromium_without_errors(built, tmp_path):
    playwright_api = pytest.importorskip("playwright.sync_api")
    from PIL import Image

    _, out, _ = built
    page_path = out / "rapport.html"
    html = page_path.read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html
    errors, requests = [], []
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_path.as_uri())
            assert page.title().startswith("Rapport des conversations")
            assert page.locator("svg").count() >= 5
            assert page.get_by_role("heading", name="Les questions restées sans réponse").is_visible()
            shot = tmp_path / "rapport.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert errors == []
    assert all(url.startswith("file://") for url in requests), requests
    image = Image.open(shot).convert("RGB")
    assert image.height > 1400
    colours = image.resize((200, 400)).getcolors(maxcolors=100000)
    assert len(colours) > 50  # text, bars and lines, not a blank page
    if os.environ.get("SCREENSHOTS_DIR"):
        shutil.copy(shot, Path(os.environ["SCREENSHOTS_DIR"]) / "rapport.png")


# -- conversations through the real REST channel --------------------------------------------------

PLAYED = {
    "faq": ["bonjour", "c'est quoi la franchise médicale ?", "en savoir plus"],
    "direct": ["peut-on voir un kiné sans ordonnance ?"],
    "abandon": ["je veux calculer mon reste à charge"],
    "result": ["Calcule mon reste à charge pour 10 séances de rééducation du genou chez un kiné conventionné à "
               "17,90 €, mutuelle à 100 % de la BR, pas de situation particulière"],
    "outside": ["quelle est la couleur du ciel ?",
                "je m'appelle Camille Martin, tu connais une bonne pizzeria ? écrivez-moi à camille.martin@exemple.fr"],
}
RESULT_MARK = "reste à votre charge"


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """One action server, and one Rasa server on SQLite and one on PostgreSQL."""
    logs = tmp_path_factory.mktemp("report-servers")
    # PostgreSQL runs as the postgres user, which cannot enter pytest's private directories.
    pg_dir = Path(tempfile.mkdtemp(prefix="kine-report-pg-"))
    pg_dir.chmod(0o755)
    postgres = services.Postgres(pg_dir, free_port(), durable=False)
    action_port = free_port()
    sqlite_env = environment(action_port, logs / "tracker.db")
    pg_env = dict(sqlite_env, TRACKER_STORE_URL=postgres.url, TRACKER_SPOOL_DIR=str(logs / "pg-spool"))
    ports = {"sqlite": free_port(), "postgresql": free_port()}
    actions = action_server(logs, sqlite_env, action_port)
    rasa = {"sqlite": rasa_server(logs, sqlite_env, ports["sqlite"], name="rasa-sqlite"),
            "postgresql": rasa_server(logs, pg_env, ports["postgresql"], name="rasa-postgresql")}
    try:
        postgres.start()
        with ThreadPoolExecutor(max_workers=3) as pool:  # loading the models at the same time is quicker
            list(pool.map(lambda server: server.start(), [actions, *rasa.values()]))
        yield {"sqlite": (sqlite_env["TRACKER_STORE_URL"], ports["sqlite"]),
               "postgresql": (postgres.url, ports["postgresql"])}
    finally:
        for server in rasa.values():
            server.stop()
        actions.stop()
        postgres.stop()
        shutil.rmtree(pg_dir, ignore_errors=True)


def texts(replies):
    return "\n".join(r.get("text", "") for r in replies)


@pytest.mark.servers
@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_report_counts_what_was_played_through_the_rest_channel(stores, store, tmp_path):
    url, port = stores[store]
    replies, senders = {}, {}
    for name, messages in PLAYED.items():
        senders[name] = f"{name}-{uuid.uuid4().hex[:8]}"
        replies[name] = [texts(say(port, senders[name], message)) for message in messages]
    # What the assistant did, as the user saw it.
    assert "franchise" in replies["faq"][1].lower()
    assert RESULT_MARK not in replies["abandon"][0].lower() and "?" in replies["abandon"][0]
    assert RESULT_MARK in replies["result"][0].lower()
    refused = [m for name in ("outside",) for m, r in zip(PLAYED[name], replies[name])
               if "ne traite que" in r or "ameli.fr" in r or "Vouliez-vous" in r or "pas sûr" in r]
    assert len(refused) == 2

    report = kine_report.build(url, TODAY, TODAY)
    f = report.figures
    assert f.total_conversations == len(PLAYED)
    assert dict(f.conversations) == {(TODAY, "rest"): len(PLAYED)}
    assert f.turns == Counter(len(messages) for messages in PLAYED.values())
    assert f.messages[TODAY] == sum(len(messages) for messages in PLAYED.values())
    assert f.asked["franchise_medicale"] == 1 and f.more == Counter({"franchise_medicale": 1})
    assert f.asked["acces_direct"] == 1
    assert (f.calc_started, f.calc_result, f.calc_abandoned) == (2, 1, 1)
    assert sum(f.calc_stopped_at.values()) == 1
    (stopped_at,) = f.calc_stopped_at
    assert "?" in kine_report.question_label(report, stopped_at)  # the question as the assistant asked it
    assert f.out_of_scope[TODAY] + f.fallback[TODAY] >= 2
    # The unanswered list: both refused questions, scrubbed; nothing that was answered.
    listed = {key(strip_placeholders(u.text)) for u in f.unanswered.values()}
    assert {key(strip_placeholders(scrub(m))) for m in refused} <= listed
    played_keys = {key(strip_placeholders(scrub(m))) for messages in PLAYED.values() for m in messages}
    assert listed <= played_keys
    out = kine_report.write(report, tmp_path)
    written = "\n".join(p.read_text(encoding="utf-8-sig") for p in out)
    assert "Camille" not in written and "camille.martin" not in written and "[e-mail]" in written
    assert not [s for s in senders.values() if s in written]
