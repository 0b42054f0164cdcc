"""Generates realistic tracker-store events (Rasa's ``events`` table) for the conversation
report's tests and benchmark, and tallies what they contain (the expected figures).

    python -m ops.bench.conversations --conversations 100000 --url postgresql://…

Conversations of the four channels over the last days: FAQ questions (some followed by
« en savoir plus »), calculations (finished, abandoned at one of the questions, or stopped
on request), questions the assistant did not understand (fallback, then sometimes a topic
button), out-of-scope questions, doubtful guesses; some of them quoting an e-mail, a phone
number or a name.  A few conversations are older than the retention window or before the
period: the report must not count them.  PostgreSQL is filled with COPY, SQLite with
executemany, in batches.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Optional, Tuple

import sqlalchemy as sa

from bot.topics import TOPIC_TITLES
from ops.figures import TIMEZONE
from ops.nlu_data import key
from ops.scrub import scrub, strip_placeholders

CHANNELS = [("socketio", 0.55), ("telegram", 0.25), ("rest", 0.15), ("cmdline", 0.05)]
FAQ = [t for t in TOPIC_TITLES if t not in ("calcul_remboursement", "calcul_tarif_acte")]
SLOTS = ["calc_sessions", "calc_soin", "calc_mutuelle", "calc_situation"]
QUESTIONS = {"calc_sessions": "Combien de séances ? (par exemple « 10 »)",
             "calc_soin": "Pour quels soins ? Choisissez, ou indiquez le prix d'une séance.",
             "calc_mutuelle": "Et votre mutuelle ? Indiquez son taux, un forfait, ou « pas de mutuelle ».",
             "calc_situation": "Une situation particulière ? (ALD, séance à domicile, non conventionné…)"}
ANSWERS = {"calc_sessions": ["10", "12 séances", "une quinzaine", "20"], "calc_soin": ["genou", "rééducation du dos", "25 €"],
           "calc_mutuelle": ["200 %", "pas de mutuelle", "30 € par séance"], "calc_situation": ["non", "ALD", "aucune"]}
UNANSWERED = [
    "est-ce que l'ostéopathe est remboursé comme le kiné ?", "est ce que l'osteopathe est rembourse comme le kine",
    "mon kiné veut que je paye en liquide c'est normal", "mon kine veut que je paye en liquide, c normal ?",
    "la cryothérapie en cabinet c'est remboursé ?", "cryotherapie cabinet remboursement ?",
    "combien de temps dure une séance de kiné", "une séance de kiné ça dure combien ?",
    "peut-on changer de kiné en cours de traitement ?", "je peux changer de kiné au milieu de mes séances ?",
    "de quelle couleur est le ciel ce soir", "tu connais une bonne pizzeria ?", "donne moi la météo de demain",
    "un kiné a-t-il le droit de faire un arrêt de travail ?", "un kiné peut me mettre en arrêt de travail ?",
    "les séances de pilates chez le kiné sont prises en charge ?", "pilates chez le kiné remboursé ?",
    "mon kiné ne rend pas la monnaie", "j'ai oublié ma carte vitale chez le kiné",
    "j'ai perdu ma carte vitale, comment faire pour le kiné ?", "blorp", "hmmmm", "jkjkjk",
]
PII = ["je m'appelle Camille Martin, {q}", "{q} mon mail est camille.martin@exemple.fr",
       "{q} rappelez-moi au 06 12 34 56 78", "{q} mon numéro de sécu est 2 84 05 75 123 456 78",
       "{q} j'habite 12 rue de la Paix", "{q} je suis née le 12/03/1985"]
FAQ_TEXT = "une question sur {title}"
SESSION_SLOTS = ["tarif_amk", "franchise_acte", "franchise_plafond_jour", "franchise_plafond_an", "taux_amo", "date_tarifs"]


@dataclass
class Truth:
    conversations: Counter = field(default_factory=Counter)
    turns: Counter = field(default_factory=Counter)
    asked: Counter = field(default_factory=Counter)
    answered: Counter = field(default_factory=Counter)
    more: Counter = field(default_factory=Counter)
    calc_started: int = 0
    calc_result: int = 0
    calc_abandoned: int = 0
    calc_stopped: int = 0
    calc_stopped_at: Counter = field(default_factory=Counter)
    messages: Counter = field(default_factory=Counter)
    fallback: Counter = field(default_factory=Counter)
    out_of_scope: Counter = field(default_factory=Counter)
    low_confidence: Counter = field(default_factory=Counter)
    unanswered: Counter = field(default_factory=Counter)  # key of the scrubbed text -> count
    raw_texts: set = field(default_factory=set)  # texts as typed (with personal data)
    senders: set = field(default_factory=set)
    events: int = 0


class Conversation:
    """Builds the events of one conversation the way Rasa 3.6 stores them."""

    def __init__(self, rng: random.Random, sender: str, channel: str, start: float):
        self.rng, self.sender, self.channel, self.t = rng, sender, channel, start
        self.rows: List[Tuple] = []
        self.model = {"model_id": "c0ffee", "assistant_id": "kine-remboursement"}

    def _add(self, data: Dict, intent: Optional[str] = None, name: Optional[str] = None) -> None:
        self.t += 0.01
        metadata = {**data.pop("metadata", {}), **self.model}
        data = {"event": data.pop("event"), "timestamp": self.t, "metadata": metadata, **data}
        self.rows.append((self.sender, data["event"], self.t, intent, name, json.dumps(data)))

    def action(self, name: str, policy: str = "RulePolicy") -> None:
        self._add({"event": "action", "name": name, "policy": policy, "confidence": 1.0, "action_text": None,
                   "hide_rule_turn": False}, name=name)

    def bot(self, text: str, action: Optional[str] = None, buttons: Optional[List] = None) -> None:
        self._add({"event": "bot", "text": text, "data": {"elements": None, "quick_replies": None, "buttons": buttons,
                   "attachment": None, "image": None, "custom": None},
                   "metadata": {"utter_action": action} if action else {}})

    def slot(self, name: str, value) -> None:
        self._add({"event": "slot", "name": name, "value": value}, name=name)

    def loop(self, name: Optional[str]) -> None:
        self._add({"event": "active_loop", "name": name}, name=name)

    def start(self) -> None:
        self.action("action_session_start", policy=None)
        self._add({"event": "session_started"})
        for name in SESSION_SLOTS:
            self.slot(name, "17,90 €")
        self.action("action_listen", policy=None)

    def user(self, text: str, intent: str, confidence: float, others: List[str]) -> None:
        self.t += self.rng.uniform(5, 60)
        ranking = [{"name": intent, "confidence": confidence}]
        rest = 1 - confidence
        for other in others:
            share = rest * self.rng.uniform(0.3, 0.7)
            rest -= share
            ranking.append({"name": other, "confidence": share})
        parse = {"intent": {"name": intent, "confidence": confidence}, "entities": [], "text": text,
                 "message_id": uuid.uuid4().hex, "metadata": {}, "text_tokens": [[0, len(text)]],
                 "intent_ranking": ranking, "response_selector": {"all_retrieval_intents": []}}
        self._add({"event": "user", "text": text, "parse_data": parse, "input_channel": self.channel,
                   "message_id": parse["message_id"]}, intent=intent)
        self._add({"event": "user_featurization", "use_text_for_featurization": False})


def _topics(rng: random.Random, n: int, exclude: str = "") -> List[str]:
    return rng.sample([t for t in FAQ if t != exclude], n)


def generate(n: int, seed: int = 16, today: Optional[dt.date] = None, days: int = 28,
             outside: float = 0.03) -> Iterator[Tuple[List[Tuple], Optional[Truth]]]:
    """Yields (rows, None) batches, then ([], truth) at the end.  ``outside`` of the
    conversations are older than the retention window or dated after ``today``."""
    rng = random.Random(seed)
    today = today or dt.datetime.now(TIMEZONE).date()
    truth = Truth()
    batch: List[Tuple] = []
    for i in range(n):
        sender = uuid.UUID(int=rng.getrandbits(128)).hex
        channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
        counted = rng.random() >= outside
        day = today - dt.timedelta(days=rng.randrange(days)) if counted else today - dt.timedelta(days=45)
        start = dt.datetime.combine(day, dt.time(8), TIMEZONE).timestamp() + rng.uniform(0, 13 * 3600)
        conv = Conversation(rng, sender, channel, start)
        conv.start()
        tally = _play(rng, conv, day, truth if counted else Truth())
        if counted:
            truth.conversations[(day, channel)] += 1
            truth.turns[tally] += 1
            truth.senders.add(sender)
            truth.events += len(conv.rows)
        batch += conv.rows
        if len(batch) >= 50000:
            yield batch, None
            batch = []
    if batch:
        yield batch, None
    yield [], truth


def _play(rng: random.Random, c: Conversation, day: dt.date, truth: Truth) -> int:
    """Plays one conversation into ``c``; returns its number of user messages."""
    turns = 0
    last_topic = None
    for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
        kind = rng.choices(["faq", "calc", "fallback", "oos", "low", "greet"], [50, 14, 10, 6, 6, 8])[0]
        if kind in ("fallback", "oos") and rng.random() < 0.3:
            template = rng.choice(PII)
        else:
            template = "{q}"
        if kind == "greet":
            c.user("bonjour", "greet", 0.99, ["thank"])
            c.action("action_greet")
            c.bot("Bonjour !", "utter_greet")
            truth.messages[day] += 1
            turns += 1
        elif kind in ("faq", "low"):
            topic = rng.choice(FAQ)
            confidence = rng.uniform(0.7, 1.0) if kind == "faq" else rng.uniform(0.25, 0.49)
            text = FAQ_TEXT.format(title=TOPIC_TITLES[topic].lower()) if kind == "faq" else rng.choice(UNANSWERED)
            c.user(text, topic, confidence, _topics(rng, 3, topic))
            c.action("action_answer_topic")
            c.bot(f"Réponse : {TOPIC_TITLES[topic]}.")
            truth.messages[day] += 1
            truth.asked[topic] += 1
            truth.answered[topic] += 1
            last_topic = topic
            turns += 1
            if kind == "low":
                truth.low_confidence[day] += 1
                _unanswered(truth, text)
            if rng.random() < 0.3:
                c.user("en savoir plus", "en_savoir_plus", 0.97, ["affirm"])
                c.action("action_en_savoir_plus")
                c.bot("Bon à savoir : …")
                truth.messages[day] += 1
                truth.more[last_topic] += 1
                turns += 1
        elif kind == "calc":
            played, finished = _calculation(rng, c, day, truth)
            turns += played
            if not finished:  # people who give up on the calculator leave
                break
        elif kind == "fallback":
            text = template.format(q=rng.choice(UNANSWERED))
            guesses = _topics(rng, 3)
            c.user(text, "nlu_fallback", 0.2, guesses)
            c.rows[-2] = _with_ranking_first(c.rows[-2], guesses)
            c.action("action_two_stage_fallback")
            c.loop("action_two_stage_fallback")
            c.bot("Je ne suis pas sûr d'avoir compris. Vouliez-vous parler de :",
                  buttons=[{"title": TOPIC_TITLES[g], "payload": f"/{g}"} for g in guesses])
            truth.messages[day] += 1
            truth.fallback[day] += 1
            turns += 1
            chosen = None
            if rng.random() < 0.5:
                chosen = guesses[0]
                c.user(f"/{chosen}", chosen, 1.0, [])
                c.loop(None)
                c.action(f"utter_{chosen}")
                c.bot(f"Réponse : {TOPIC_TITLES[chosen]}.", f"utter_{chosen}")
                truth.asked[chosen] += 1
                truth.answered[chosen] += 1
                last_topic = chosen
                turns += 1
            _unanswered(truth, text)
        elif kind == "oos":
            text = template.format(q=rng.choice(UNANSWERED))
            c.user(text, "out_of_scope", rng.uniform(0.6, 0.99), _topics(rng, 3))
            c.action("action_out_of_scope")
            c.bot("Désolé, je ne traite que la facturation et le remboursement des séances de kiné.", "utter_out_of_scope")
            truth.messages[day] += 1
            truth.out_of_scope[day] += 1
            turns += 1
            _unanswered(truth, text)
        c.action("action_listen")
    return turns


def _with_ranking_first(row: Tuple, guesses: List[str]) -> Tuple:
    """nlu_fallback comes first in Rasa's ranking, the real guesses after it."""
    data = json.loads(row[5])
    ranking = data["parse_data"]["intent_ranking"]
    data["parse_data"]["intent_ranking"] = [{"name": "nlu_fallback", "confidence": 0.2}] + \
        [{"name": g, "confidence": r["confidence"] or 0.1} for g, r in zip(guesses, ranking[1:] + ranking)]
    return row[:5] + (json.dumps(data),)


def _unanswered(truth: Truth, text: str) -> None:
    scrubbed = scrub(text)
    truth.unanswered[key(strip_placeholders(scrubbed)) or scrubbed] += 1
    truth.raw_texts.add(text)


def _calculation(rng: random.Random, c: Conversation, day: dt.date, truth: Truth) -> Tuple[int, bool]:
    c.user("je veux calculer mon reste à charge", "calcul_remboursement", 0.95, ["tarif_seance"])
    c.action("action_calcul_reinitialiser")
    for name in SLOTS + ["requested_slot"]:
        c.slot(name, None)
    c.action("calcul_form")
    c.loop("calcul_form")
    truth.messages[day] += 1
    truth.asked["calcul_remboursement"] += 1
    truth.answered["calcul_remboursement"] += 1
    truth.calc_started += 1
    turns = 1
    stop_at = rng.choices([None] + SLOTS, [60, 15, 10, 10, 5])[0]
    for slot in SLOTS:
        c.slot("requested_slot", slot)
        c.bot(QUESTIONS[slot], f"utter_ask_{slot}")
        c.action("action_listen")
        if slot == stop_at:
            truth.calc_abandoned += 1
            truth.calc_stopped_at[slot] += 1
            if rng.random() < 0.3:  # « laisse tomber »
                c.user("laisse tomber", "stop", 0.99, ["deny"])
                c.action("utter_stop")
                c.loop(None)
                c.bot("C'est noté, on s'arrête là.", "utter_stop")
                truth.messages[day] += 1
                truth.calc_stopped += 1
                turns += 1
            return turns, False
        c.user(rng.choice(ANSWERS[slot]), "inform", rng.uniform(0.3, 0.99), ["affirm"])
        c.action("calcul_form")
        c.slot(slot, "x")
        truth.messages[day] += 1
        turns += 1
    c.slot("requested_slot", None)
    c.loop(None)
    c.action("action_calcul_resultat")
    c.bot("Estimation pour 10 séances… Reste à votre charge : 10,00 €")
    truth.calc_result += 1
    return turns, True


# -- writing ----------------------------------------------------------------------------------

def create_table(engine: sa.engine.Engine) -> sa.Table:
    """Rasa's SQLTrackerStore table, created the way Rasa creates it."""
    from rasa.core.tracker_store import SQLTrackerStore

    SQLTrackerStore.Base.metadata.create_all(engine)
    return SQLTrackerStore.SQLEvent.__table__


def fill(url: str, n: int, seed: int = 16, today: Optional[dt.date] = None) -> Truth:
    engine = sa.create_engine(url)
    try:
        table = create_table(engine)
        columns = ("sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")
        for rows, truth in generate(n, seed, today):
            if truth is not None:
                return truth
            if engine.dialect.name == "postgresql":
                buffer = io.StringIO()
                csv.writer(buffer).writerows(rows)
                buffer.seek(0)
                raw = engine.raw_connection()
                try:
                    with raw.cursor() as cursor:
                        cursor.copy_expert(f"COPY events ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)", buffer)
                    raw.commit()
                finally:
                    raw.close()
            else:
                with engine.begin() as connection:
                    connection.execute(table.insert(), [dict(zip(columns, row)) for row in rows])
    finally:
        engine.dispose()
    raise AssertionError("unreachable")


def main() -> int:
    parser = argparse.ArgumentParser(description="Fills a tracker store with generated conversations.")
    parser.add_argument("--conversations", type=int, default=1000)
    parser.add_argument("--url", required=True)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    started = time.monotonic()
    truth = fill(args.url, args.conversations, args.seed)
    print(f"{sum(truth.conversations.values())} conversations in the period, {truth.events} events, "
          f"{time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
