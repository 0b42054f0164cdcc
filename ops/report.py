"""`kine-report` (make report): what users asked, what failed, where the calculator loses them.

    kine-report [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--tracker-store URL] [--out DIR]
                [--retention-days 30] [--low-confidence 0.5]

Reads the tracker store (TRACKER_STORE_URL by default: SQLite locally, PostgreSQL in
production) as a stream and writes into DIR (default var/rapport/, out of git: it quotes users) a
self-contained French HTML page, ``rapport.html`` (inline SVG charts, no script, nothing
fetched: it opens offline), and CSV files (``;``-separated, UTF-8 with BOM, for a
spreadsheet).  Figures are aggregated; no sender id is written anywhere; question texts appear
only for unanswered questions, scrubbed (ops/scrub.py).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from bot.topics import TOPIC_TITLES
from ops import settings
from ops.figures import LOW_CONFIDENCE, TIMEZONE, Collector, Figures, Unanswered
from ops.scrub import strip_placeholders
from ops.tracker import DEFAULT_RETENTION_DAYS, conversations, questions_asked, window

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = Path("var") / "rapport"  # var/ is not versioned: the report quotes users
DEFAULT_DAYS = 30
CLUSTER_LIMIT = 1500  # distinct questions grouped by similarity (the most frequent); the rest stay alone
CLUSTER_DISTANCE = 0.55  # cosine distance (TF-IDF of character n-grams) under which questions group

CHANNELS = {"socketio": "Widget du site", "telegram": "Telegram", "rest": "REST (API)", "cmdline": "Terminal",
            "inconnu": "Canal inconnu"}
KINDS = {"fallback": "non comprise", "out_of_scope": "hors sujet", "low_confidence": "comprise avec doute"}
INTENT_LABELS = {"out_of_scope": "Hors sujet", "greet": "Salutation", "goodbye": "Au revoir", "thank": "Remerciement",
                 "affirm": "Oui", "deny": "Non", "help": "Demande d'aide", "stop": "Arrêt",
                 "bot_challenge": "« Êtes-vous un robot ? »", "en_savoir_plus": "En savoir plus",
                 "inform": "Réponse au calculateur", "forget_conversation": "Oubli de la conversation"}
COLORS = ["#0b5c7a", "#e07a1f", "#3c9d5d", "#8e44ad", "#c0392b", "#7f8c8d"]


def intent_label(intent: str) -> str:
    return TOPIC_TITLES.get(intent) or INTENT_LABELS.get(intent) or intent.replace("_", " ")


def channel_label(channel: str) -> str:
    return CHANNELS.get(channel, channel)


# -- grouping the unanswered questions ----------------------------------------------------------

@dataclass
class Group:
    representative: Unanswered
    members: List[Unanswered] = field(default_factory=list)  # the others, most frequent first
    total: Unanswered = None

    @property
    def count(self) -> int:
        return self.total.count

    def guesses(self, n: int = 3, exclude: Sequence[str] = ()) -> List[Tuple[str, float]]:
        """The likeliest intents, with their mean confidence over the group's messages."""
        ranked = [(name, score / self.count) for name, score in self.total.guesses.most_common()
                  if name not in exclude]
        return ranked[:n]


def group_unanswered(unanswered: Iterable[Unanswered], limit: int = CLUSTER_LIMIT,
                     distance: float = CLUSTER_DISTANCE) -> List[Group]:
    """Questions grouped by similarity (TF-IDF of character n-grams, agglomerative clustering
    with average linkage), the most frequent group first."""
    items = sorted(unanswered, key=lambda u: (-u.count, u.text))
    head, tail = items[:limit], items[limit:]
    labels = list(range(len(head)))
    if len(head) >= 2:
        from sklearn.cluster import AgglomerativeClustering
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = [strip_placeholders(u.text) or u.text for u in head]
        vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), strip_accents="unicode",
                                  sublinear_tf=True).fit_transform(texts)
        distances = (1.0 - (vectors @ vectors.T).toarray()).clip(0.0, 2.0)
        labels = AgglomerativeClustering(n_clusters=None, affinity="precomputed", linkage="average",
                                         distance_threshold=distance).fit_predict(distances).tolist()
    clusters: Dict[int, List[Unanswered]] = {}
    for label, item in zip(labels, head):
        clusters.setdefault(label, []).append(item)
    groups = []
    for members in list(clusters.values()) + [[item] for item in tail]:
        total = Unanswered(members[0].text)
        for member in members:
            total.merge(member)
        groups.append(Group(members[0], members[1:], total))
    return sorted(groups, key=lambda g: (-g.count, g.representative.text))


# -- the report ---------------------------------------------------------------------------------

@dataclass
class Report:
    since: dt.date
    until: dt.date
    retention_days: float
    figures: Figures
    groups: List[Group]
    slot_questions: Dict[str, str]
    seconds: float = 0.0
    low_confidence: float = LOW_CONFIDENCE

    @property
    def days(self) -> List[dt.date]:
        return [self.since + dt.timedelta(days=i) for i in range((self.until - self.since).days + 1)]


def epoch(day: dt.date) -> float:
    return dt.datetime.combine(day, dt.time(), TIMEZONE).timestamp()


def build(url: str, since: dt.date, until: dt.date, retention_days: float = DEFAULT_RETENTION_DAYS,
          low_confidence: float = LOW_CONFIDENCE, now: Optional[float] = None) -> Report:
    started = time.monotonic()
    collector = Collector(low_confidence)
    start, end, retained = window(epoch(since), epoch(until + dt.timedelta(days=1)),
                                  time.time() if now is None else now, retention_days)
    for events in conversations(url, start, end, retained):
        collector.add(events)
    figures = collector.figures
    texts = questions_asked(url, list(figures.slot_question.values()))
    slot_questions = {slot: _first_line(texts.get(event_id, "")) for slot, event_id in figures.slot_question.items()}
    groups = group_unanswered(figures.unanswered.values())
    return Report(since, until, retention_days, figures, groups, slot_questions, time.monotonic() - started,
                  low_confidence)


def _first_line(text: str, width: int = 90) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= width else line[:width - 1].rstrip() + "…"


def question_label(report: Report, slot: str) -> str:
    if not slot:
        return "Avant la première question"
    return report.slot_questions.get(slot) or slot.replace("calc_", "").replace("_", " ")


# -- French formatting ----------------------------------------------------------------------------

NBSP = "\u202f"


def number(value: float) -> str:
    return f"{value:,.0f}".replace(",", NBSP)


def decimal(value: float) -> str:
    """One decimal, French style: 3,5."""
    return f"{value:.1f}".replace(".", ",")


def percent(part: float, whole: float) -> str:
    if not whole:
        return "–"
    return f"{100 * part / whole:.1f}".replace(".", ",") + f"{NBSP}%"


def french_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# -- CSV ---------------------------------------------------------------------------------------------

def _csv(path: Path, header: Sequence[str], rows: Iterable[Sequence]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)


def _ratio(part: float, whole: float) -> str:
    return f"{part / whole:.4f}" if whole else ""


def write_csv(report: Report, out: Path) -> List[Path]:
    f = report.figures
    channels = sorted({c for _, c in f.conversations})
    files = []

    def csv_file(name, header, rows):
        path = out / name
        _csv(path, header, rows)
        files.append(path)

    csv_file("conversations_par_jour.csv", ["jour", "canal", "conversations"],
             [(d.isoformat(), channel_label(c), f.conversations[(d, c)]) for d in report.days for c in channels
              if f.conversations[(d, c)]])
    csv_file("messages_par_conversation.csv", ["messages", "conversations"], sorted(f.turns.items()))
    csv_file("sujets.csv", ["sujet", "identifiant", "questions", "réponses", "en_savoir_plus", "taux_en_savoir_plus"],
             [(intent_label(t), t, n, f.answered[t], f.more[t], _ratio(f.more[t], f.answered[t]))
              for t, n in f.asked.most_common()])
    csv_file("calculateur.csv", ["étape", "calculs"],
             [("commencés", f.calc_started), ("résultat donné", f.calc_result), ("abandonnés", f.calc_abandoned),
              ("dont arrêtés à la demande", f.calc_stopped)])
    csv_file("calculateur_abandons.csv", ["dernière question posée", "abandons"],
             [(question_label(report, s), n) for s, n in f.calc_stopped_at.most_common()])
    csv_file("incomprehension_par_jour.csv",
             ["jour", "messages", "non_compris", "hors_sujet", "compris_avec_doute", "taux_non_compris",
              "taux_hors_sujet"],
             [(d.isoformat(), f.messages[d], f.fallback[d], f.out_of_scope[d], f.low_confidence[d],
               _ratio(f.fallback[d], f.messages[d]), _ratio(f.out_of_scope[d], f.messages[d])) for d in report.days])
    csv_file("questions_sans_reponse.csv",
             ["rang", "nombre", "question", "questions_proches", "raisons", "suppositions", "choisi_ensuite"],
             [(rank, g.count, g.representative.text, " | ".join(m.text for m in g.members[:5]),
               ", ".join(f"{KINDS[k]} : {n}" for k, n in g.total.kinds.most_common()),
               " | ".join(f"{intent_label(i)} ({c:.0%})" for i, c in g.guesses()),
               " | ".join(f"{intent_label(i)} : {n}" for i, n in g.total.chosen.most_common(3)))
              for rank, g in enumerate(report.groups, 1)])
    return files


# -- SVG charts ---------------------------------------------------------------------------------------

def _e(text) -> str:
    return html.escape(str(text), quote=True)


def svg_hbars(items: Sequence[Tuple[str, float]], label: str, width: int = 760, color: str = COLORS[0],
              value_text=number) -> str:
    """Horizontal bars, one per item, the value written at the end of the bar."""
    if not items:
        return '<p class="vide">Aucune donnée sur la période.</p>'
    row, left, right = 22, 300, 80
    top = max(v for _, v in items) or 1
    height = row * len(items) + 10
    bars = []
    for i, (name, value) in enumerate(items):
        y = 5 + i * row
        w = (width - left - right) * value / top
        bars.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{_e(name)}</text>'
                    f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{color}" rx="2"/>'
                    f'<text x="{left + w + 6:.1f}" y="{y + 15}">{_e(value_text(value))}</text>')
    return (f'<svg role="img" aria-label="{_e(label)}" viewBox="0 0 {width} {height}" width="100%" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{_e(label)}</title>{"".join(bars)}</svg>')


def _x_labels(days: Sequence[dt.date], x, baseline: float) -> str:
    step = max(1, len(days) // 10)
    return "".join(f'<text x="{x(i):.1f}" y="{baseline + 16}" text-anchor="middle">{d.strftime("%d/%m")}</text>'
                   for i, d in enumerate(days) if i % step == 0)


def svg_columns(days: Sequence[dt.date], series: Dict[str, List[float]], label: str,
                width: int = 760, height: int = 240) -> str:
    """Stacked columns per day, one colour per series, with a legend."""
    left, bottom, top_margin = 50, 30, 30
    totals = [sum(values[i] for values in series.values()) for i in range(len(days))]
    top = max(totals or [0]) or 1
    plot_w, plot_h = width - left - 10, height - bottom - top_margin
    slot = plot_w / max(1, len(days))
    x = lambda i: left + slot * (i + 0.5)  # noqa: E731
    parts = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#999"/>',
             f'<text x="{left - 6}" y="{top_margin + 4}" text-anchor="end">{_e(number(top))}</text>',
             f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end">0</text>']
    for i in range(len(days)):
        y = height - bottom
        for k, values in enumerate(series.values()):
            h = plot_h * values[i] / top
            if h > 0:
                y -= h
                parts.append(f'<rect x="{x(i) - slot * 0.4:.1f}" y="{y:.1f}" width="{slot * 0.8:.1f}" '
                             f'height="{h:.1f}" fill="{COLORS[k % len(COLORS)]}"/>')
    parts.append(_x_labels(days, x, height - bottom))
    parts += [f'<rect x="{left + 150 * k}" y="6" width="12" height="12" fill="{COLORS[k % len(COLORS)]}"/>'
              f'<text x="{left + 150 * k + 18}" y="17">{_e(name)}</text>' for k, name in enumerate(series)]
    return (f'<svg role="img" aria-label="{_e(label)}" viewBox="0 0 {width} {height}" width="100%" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{_e(label)}</title>{"".join(parts)}</svg>')


def svg_lines(days: Sequence[dt.date], series: Dict[str, List[Optional[float]]], label: str,
              width: int = 760, height: int = 240) -> str:
    """Rates (0..1) per day as lines, with a legend; days without messages are gaps."""
    left, bottom, top_margin = 50, 30, 30
    values = [v for vs in series.values() for v in vs if v is not None]
    top = max(values or [0]) or 1
    top = min(1.0, max(0.05, top * 1.15))
    plot_w, plot_h = width - left - 10, height - bottom - top_margin
    x = lambda i: left + plot_w * (i + 0.5) / max(1, len(days))  # noqa: E731
    y = lambda v: height - bottom - plot_h * v / top  # noqa: E731
    parts = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#999"/>',
             f'<text x="{left - 6}" y="{y(top) + 4:.1f}" text-anchor="end">{_e(percent(top, 1))}</text>',
             f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end">0</text>']
    for k, (name, vs) in enumerate(series.items()):
        color = COLORS[k % len(COLORS)]
        points = [(x(i), y(v)) for i, v in enumerate(vs) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        parts += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.5" fill="{color}"/>' for px, py in points]
        parts.append(f'<rect x="{left + 190 * k}" y="6" width="12" height="12" fill="{color}"/>'
                     f'<text x="{left + 190 * k + 18}" y="17">{_e(name)}</text>')
    parts.append(_x_labels(days, x, height - bottom))
    return (f'<svg role="img" aria-label="{_e(label)}" viewBox="0 0 {width} {height}" width="100%" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{_e(label)}</title>{"".join(parts)}</svg>')


# -- HTML -----------------------------------------------------------------------------------------------

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2b33;margin:0;background:#f4f7f9}
main{max-width:900px;margin:0 auto;padding:24px}
h1{color:#0b5c7a;margin-bottom:4px}h2{color:#0b5c7a;border-bottom:2px solid #d5e3ea;padding-bottom:4px;margin-top:36px}
section{background:#fff;border-radius:8px;padding:8px 20px 16px;margin:16px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.chiffres{display:flex;flex-wrap:wrap;gap:12px}.chiffres div{background:#eaf2f6;border-radius:6px;padding:10px 14px;min-width:150px}
.chiffres strong{display:block;font-size:1.6em;color:#0b5c7a}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:.93em}th,td{border-bottom:1px solid #e1e8ec;padding:5px 6px;text-align:left;vertical-align:top}
th{background:#f0f5f8}td.n,th.n{text-align:right;white-space:nowrap}svg{font-size:12px;fill:#1d2b33;display:block;margin:8px 0}
.note{color:#52636d;font-size:.9em}.vide{color:#52636d;font-style:italic}.proches{color:#52636d;font-size:.9em}
"""


def _table(header: Sequence[str], rows: Iterable[Sequence], numeric: Sequence[int] = ()) -> str:
    head = "".join(f'<th class="n">{_e(h)}</th>' if i in numeric else f"<th>{_e(h)}</th>"
                   for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(f'<td class="n">{_e(c)}</td>' if i in numeric else f"<td>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>" if body else \
        '<p class="vide">Aucune donnée sur la période.</p>'


def render_html(report: Report, max_questions: int = 200) -> str:
    f = report.figures
    days = report.days
    total = f.total_conversations
    messages = sum(f.messages.values())
    channels = sorted({c for _, c in f.conversations}, key=lambda c: -sum(n for (_, k), n in f.conversations.items()
                                                                            if k == c))
    by_channel = [(channel_label(c), sum(n for (_, k), n in f.conversations.items() if k == c)) for c in channels]
    mean_turns = sum(n * c for n, c in f.turns.items()) / total if total else 0
    median_turns = _median(f.turns)
    turn_bins = [(f"{n} message{'s' if n > 1 else ''}", f.turns[n]) for n in range(1, 10)]
    turn_bins.append(("10 ou plus", sum(c for n, c in f.turns.items() if n >= 10)))

    parts = [f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rapport des conversations du {french_date(report.since)} au {french_date(report.until)}</title>
<style>{STYLE}</style></head><body><main>
<h1>Ce que vos visiteurs demandent à l'assistant</h1>
<p class="note">Du {french_date(report.since)} au {french_date(report.until)} (heure de Paris). Conversations conservées :
{number(report.retention_days)} derniers jours ; les plus anciennes sont effacées et ne sont pas lues. Chiffres agrégés :
aucun identifiant de visiteur n'apparaît ; seules les questions restées sans réponse sont citées, après effacement
des données personnelles (e-mails, téléphones, numéros de sécurité sociale, dates, noms, adresses).</p>
<section><div class="chiffres">
<div><strong>{number(total)}</strong>conversations</div>
<div><strong>{number(messages)}</strong>messages écrits</div>
<div><strong>{decimal(mean_turns)}</strong>messages par conversation (moyenne)</div>
<div><strong>{percent(sum(f.fallback.values()) + sum(f.out_of_scope.values()), messages)}</strong>messages non compris ou hors sujet</div>
<div><strong>{number(f.calc_started)}</strong>calculs commencés, {percent(f.calc_result, f.calc_started)} menés au bout</div>
</div></section>"""]

    parts.append("<h2>Conversations par jour et par canal</h2><section>")
    parts.append(svg_columns(days, {channel_label(c): [f.conversations[(d, c)] for d in days] for c in channels},
                             "Conversations par jour, par canal"))
    parts.append(_table(["Canal", "Conversations", "Part"], [(_e(n), number(v), percent(v, total)) for n, v in by_channel],
                        numeric=(1, 2)))
    parts.append("</section><h2>Messages par conversation</h2><section>")
    parts.append(f'<p>Moyenne {decimal(mean_turns)}, médiane {number(median_turns)}. '
                 "Une conversation d'un seul message est souvent une question simple, bien répondue… ou un visiteur "
                 "parti sans réponse utile : voir les questions sans réponse plus bas.</p>")
    parts.append(svg_hbars(turn_bins, "Nombre de conversations selon leur nombre de messages"))

    parts.append("</section><h2>Sujets demandés</h2><section>")
    parts.append("<p>Les sujets reconnus, du plus demandé au moins demandé. « En savoir plus » : part des réponses "
                 "après lesquelles le visiteur a demandé les détails.</p>")
    parts.append(svg_hbars([(intent_label(t), n) for t, n in f.asked.most_common(20)], "Les 20 sujets les plus demandés"))
    parts.append(_table(["Sujet", "Questions", "Réponses", "« En savoir plus »", "Taux"],
                        [(_e(intent_label(t)), number(n), number(f.answered[t]), number(f.more[t]),
                          percent(f.more[t], f.answered[t])) for t, n in f.asked.most_common()], numeric=(1, 2, 3, 4)))

    parts.append("</section><h2>Le calculateur de reste à charge</h2><section>")
    parts.append(svg_hbars([("Commencés", f.calc_started), ("Résultat donné", f.calc_result),
                            ("Abandonnés", f.calc_abandoned)], "Calculs commencés, menés au bout, abandonnés",
                           color=COLORS[1]))
    parts.append(f"<p>{number(f.calc_abandoned)} calcul(s) abandonné(s) ({percent(f.calc_abandoned, f.calc_started)}), "
                 f"dont {number(f.calc_stopped)} arrêté(s) à la demande du visiteur. Où les visiteurs s'arrêtent "
                 "(la dernière question que l'assistant leur a posée) :</p>")
    parts.append(_table(["Dernière question posée", "Abandons", "Part des abandons"],
                        [(_e(question_label(report, s)), number(n), percent(n, f.calc_abandoned))
                         for s, n in f.calc_stopped_at.most_common()], numeric=(1, 2)))

    parts.append("</section><h2>Messages non compris et hors sujet, jour par jour</h2><section>")
    rate = lambda c, d: (c[d] / f.messages[d]) if f.messages[d] else None  # noqa: E731
    parts.append(svg_lines(days, {"non compris": [rate(f.fallback, d) for d in days],
                                  "hors sujet": [rate(f.out_of_scope, d) for d in days],
                                  "compris avec doute": [rate(f.low_confidence, d) for d in days]},
                           "Part des messages non compris, hors sujet et compris avec doute, par jour"))
    parts.append(f"<p>Sur la période : {percent(sum(f.fallback.values()), messages)} non compris (l'assistant propose "
                 f"des thèmes), {percent(sum(f.out_of_scope.values()), messages)} hors sujet, "
                 f"{percent(sum(f.low_confidence.values()), messages)} compris avec doute (confiance sous "
                 f"{percent(report.low_confidence, 1)}).</p>")

    parts.append("</section><h2>Les questions restées sans réponse</h2><section>")
    parts.append("<p>Regroupées par ressemblance, les plus fréquentes d'abord, avec les sujets que l'assistant "
                 "jugeait les plus probables. Pour les lui apprendre : <code>make review</code> (voir le README).</p>")
    rows = []
    for rank, g in enumerate(report.groups[:max_questions], 1):
        near = "".join(f"<br><span class=\"proches\">≈ {_e(m.text)}</span>" for m in g.members[:3])
        more_members = len(g.members) - 3
        if more_members > 0:
            near += f'<br><span class="proches">… et {more_members} autre(s) formulation(s)</span>'
        guesses = "<br>".join(f"{_e(intent_label(i))} ({_e(percent(c, 1))})" for i, c in g.guesses())
        chosen = "<br>".join(f"{_e(intent_label(i))} : {n}" for i, n in g.total.chosen.most_common(2))
        kinds = ", ".join(f"{KINDS[k]} {n}" for k, n in g.total.kinds.most_common())
        rows.append((rank, number(g.count), f"{_e(g.representative.text)}{near}", _e(kinds), guesses or "–",
                     chosen or "–"))
    parts.append(_table(["#", "Fois", "Question", "Raison", "Suppositions de l'assistant", "Thème choisi ensuite"],
                        rows, numeric=(0, 1)))
    if len(report.groups) > max_questions:
        parts.append(f"<p class=\"note\">{number(len(report.groups) - max_questions)} autre(s) groupe(s) dans "
                     "questions_sans_reponse.csv.</p>")

    parts.append(f"""</section><h2>Ce que ce rapport ne montre pas</h2><section><ul>
<li>Les textes des questions bien comprises (seuls les sujets sont comptés) et les réponses de l'assistant.</li>
<li>Si la réponse a satisfait le visiteur : seul « en savoir plus » et la suite de la conversation en donnent une idée.</li>
<li>Qui sont les visiteurs : aucun identifiant, aucune adresse IP ; un visiteur revenu un autre jour compte comme une
nouvelle conversation.</li>
<li>Les conversations effacées : plus vieilles que {number(report.retention_days)} jours, ou oubliées à la demande du
visiteur.</li>
<li>Un nom cité sans « je m'appelle », « Madame »… ne peut pas être reconnu : relisez les questions avant de les
partager.</li></ul>
<p class="note">Généré le {dt.datetime.now(TIMEZONE).strftime('%d/%m/%Y à %H:%M')} en {decimal(report.seconds)} s ; {number(f.events)} événements lus.</p></section></main></body></html>""")
    return "\n".join(parts)


def _median(histogram: Counter) -> float:
    total = sum(histogram.values())
    if not total:
        return 0
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen * 2 >= total:
            return value
    return 0


def write(report: Report, out: Path) -> List[Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = write_csv(report, out)
    page = out / "rapport.html"
    page.write_text(render_html(report), encoding="utf-8")
    return [page] + files


# -- command line ---------------------------------------------------------------------------------------

def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date attendue au format AAAA-MM-JJ, pas « {text} »")


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    today = dt.datetime.now(TIMEZONE).date()
    parser = argparse.ArgumentParser(prog="kine-report", description=(
        "Rapport des conversations : sujets demandés, calculateur, questions sans réponse (HTML + CSV)."))
    parser.add_argument("--since", type=_date, default=today - dt.timedelta(days=DEFAULT_DAYS - 1),
                        help=f"premier jour (AAAA-MM-JJ ; défaut : il y a {DEFAULT_DAYS - 1} jours)")
    parser.add_argument("--until", type=_date, default=today, help="dernier jour inclus (défaut : aujourd'hui)")
    parser.add_argument("--tracker-store", default=settings.get("TRACKER_STORE_URL"),
                        help="adresse SQLAlchemy de la base des conversations (défaut : TRACKER_STORE_URL)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"dossier du rapport (défaut : {DEFAULT_OUT})")
    parser.add_argument("--retention-days", type=float, default=DEFAULT_RETENTION_DAYS,
                        help=f"ne lit pas les conversations plus vieilles (défaut : {DEFAULT_RETENTION_DAYS}, "
                             "comme make purge)")
    parser.add_argument("--low-confidence", type=float, default=LOW_CONFIDENCE,
                        help="confiance sous laquelle une question comprise compte comme douteuse (défaut : 0,5)")
    return parser.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    if not args.tracker_store:
        print("Erreur : indiquez la base des conversations (--tracker-store ou TRACKER_STORE_URL).",
              file=sys.stderr)
        return 2
    if args.until < args.since:
        print("Erreur : --until est avant --since.", file=sys.stderr)
        return 2
    import sqlalchemy as sa

    try:
        report = build(args.tracker_store, args.since, args.until, args.retention_days, args.low_confidence)
    except sa.exc.SQLAlchemyError as error:
        print(f"Erreur : base des conversations illisible ({type(error).__name__}).", file=sys.stderr)
        return 1
    files = write(report, args.out)
    f = report.figures
    print(f"{number(f.total_conversations)} conversation(s), {number(sum(f.messages.values()))} message(s), "
          f"{number(len(report.groups))} groupe(s) de questions sans réponse ; lu en {decimal(report.seconds)} s.")
    print(f"Rapport : {files[0]}")
    print(f"Tableaux : {args.out}/*.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
