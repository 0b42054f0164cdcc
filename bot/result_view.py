"""A calculation as people read it at a glance, on every channel.

`result_view(calc)` turns a `bot.calculator.Calculation` into a `ResultView`: the
answer first (« Reste à votre charge : 81,00 € pour 10 séances (8,10 € par
séance) »), a short breakdown that explains every euro, the assumptions, the
warnings, and at most three sources named by site.  From it:

* `as_custom_payload(view)`: the JSON the web widget renders as a card (Rasa's
  ``custom`` payload, ``{"type": "kine_result", ...}``); `view_from_payload`
  reads it back (the Telegram connector formats it);
* `as_text(view, channel)`: plain text (the fallback, REST), Telegram HTML
  (escaped), or the terminal's (`rasa shell`);
* `result_message(view, input_channel)`: the keyword arguments of
  ``dispatcher.utter_message`` for the channel the user wrote on.

Pure Python, no Rasa.  Amounts are formatted here (bot/money.py) so that every
channel shows the same figures.
"""
from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from bot.money import ZERO, euros, long_date, percent
from bot.request import NO_MUTUELLE_COVER
from bot.wording import (ACT_PART, AMOUNT_LABEL, ASKER, DEPASSEMENT, SESSIONS, WARNING_MARK, Audience, Counted, Source,
                         assumptions_line, capitalised, mutuelle_guarantee, parameter_sources, price_part, reworded)

PAYLOAD_TYPE = "kine_result"
PAYLOAD_VERSION = 1
MAX_SOURCES = 3
CHANNELS = ("plain", "telegram", "shell")
SHELL_CHANNELS = ("cmdline",)  # Rasa's name for `rasa shell`'s input channel
MINUS, PLUS = "− ", "+ "


@dataclass(frozen=True)
class Row:
    """One line of the breakdown; `amount` is signed text (« − 107,40 € »)."""

    label: str
    amount: str
    note: str = ""
    total: bool = False


@dataclass(frozen=True)
class ResultView:
    headline: str                  # « Reste à votre charge : 81,00 € pour 10 séances (8,10 € par séance) »
    amount_label: str              # « Reste à votre charge »
    amount: str                    # « 81,00 € »
    amount_detail: str             # « pour 10 séances (8,10 € par séance) »
    context: str                   # the act and the date of the tariffs
    rows: Tuple[Row, ...]
    assumptions: Tuple[str, ...] = ()
    warnings: Tuple[str, ...] = ()
    sources: Tuple[Source, ...] = ()       # at most MAX_SOURCES
    more_sources: Tuple[Source, ...] = ()  # the others, shown folded or counted
    notes: Tuple[str, ...] = ()            # what was understood, said back before the result
    hint: str = ""                         # what the user can say next


# --------------------------------------------------------------------------
# Building the view
# --------------------------------------------------------------------------
def price_composition(detail: Mapping[str, Decimal], price: Decimal, unit: Counted = SESSIONS) -> str:
    """« 22,68 € = séance 17,90 € + déplacement 2,50 € + indemnités kilométriques 2,28 € » (« bilan 23,65 € + … »
    for a bilan), or "" when the price is the act alone."""
    parts = [(key, amount) for key, amount in detail.items() if key != DEPASSEMENT and amount]
    if len(parts) < 2:
        return ""
    words = " + ".join(f"{unit.one if key == ACT_PART else price_part(key).word} {euros(amount)}"
                       for key, amount in parts)
    return f"{euros(price)} = {words}"


def result_view(calc: Any, notes: Sequence[str] = (), hint: str = "", who: Audience = ASKER) -> ResultView:
    """The view of a `bot.calculator.Calculation` (only its public attributes are read); `who`: whose share it
    names (a kiné asking for a patient: the patient's)."""
    label = who.amount_label
    total = calc.total
    sessions = calc.sessions
    n = len(sessions)
    first = sessions[0]
    patient = total["patient"]

    unit = calc.counted  # « séance », or « bilan » for the bilans
    amount = euros(patient)
    if n == 1:
        detail = f"pour {unit.a}"
    elif all(s.patient == first.patient for s in sessions):
        detail = f"pour {unit.count(n)} ({euros(first.patient)} {unit.per})"
    else:
        detail = f"pour {unit.count(n)} (en moyenne {euros(patient / n)} {unit.per})"

    depassement = sum((s.detail.get(DEPASSEMENT, ZERO) for s in sessions), ZERO)
    tariff = total["price"] - depassement
    what = unit.of_the if n == 1 else f"des {unit.count(n)}"
    parts = price_composition(first.detail, first.price - first.detail.get(DEPASSEMENT, ZERO), unit)
    if parts and n > 1:
        parts = f"{unit.per} : {parts}"
    rows = [Row(("Tarif " if depassement else "Prix ") + what, euros(tariff), parts)]
    if depassement:
        rows.append(Row("Dépassement d'honoraires", PLUS + euros(depassement),
                        "non remboursé par l'Assurance Maladie"))
    # With the CSS, the 100 % is the Assurance Maladie's 60 % and the CSS's ticket modérateur.
    payer = ("Assurance Maladie et complémentaire santé solidaire"
             if getattr(calc.request, "prise_en_charge_100", None) == "css" else "Assurance Maladie")
    if total["base"] and (n == 1 or any(s.base != first.base or s.amo != first.amo for s in sessions)):
        rows.append(Row(f"{payer} ({percent(calc.rate)} de {euros(total['base'])})",
                        MINUS + euros(total["amo"]),
                        "" if n == 1 else f"arrondi au centime {unit.one} par {unit.one}"))
    elif total["base"]:
        # The caisse rounds each act: 60 % of 17,68 € is 10,61 € a session, so 53,05 € for five
        # sessions, not 60 % of 88,40 € (53,04 €). Say it per session, so the line adds up as shown.
        rows.append(Row(f"{payer} ({percent(calc.rate)} de {euros(first.base)} = {euros(first.amo)} "
                        f"{unit.per} × {n})", MINUS + euros(total["amo"]), f"arrondi au centime à chaque {unit.one}"))
    else:
        rows.append(Row("Assurance Maladie", euros(ZERO), "aucun remboursement sur ce prix"))
    if total["franchise"]:
        rows.append(Row("Franchise médicale", PLUS + euros(total["franchise"]),
                        "déduite du remboursement ; un contrat de mutuelle responsable ne la couvre pas"))
    if getattr(calc.request, "mutuelle", None) is not None:
        guarantee = mutuelle_guarantee(calc.request.mutuelle.kind, calc.request.mutuelle.amount, calc.request.mutuelle.cap)
        rows.append(Row(f"Mutuelle ({guarantee})", MINUS + euros(total["mutuelle"]),
                        f"part exacte selon {who.contract}"))
    elif getattr(calc.request, "prise_en_charge_100", None) in NO_MUTUELLE_COVER:
        pass  # the CSS is the complémentaire; with the AME, no mutuelle pays
    elif patient == total["franchise"]:  # a full cover at the tariff: the mutuelle was not asked for
        rows.append(Row("Mutuelle", euros(ZERO), "rien qu'elle puisse prendre en charge"))
    else:
        rows.append(Row("Sans mutuelle", euros(ZERO)))  # none said (« pas de mutuelle ») or none given
    rows.append(Row(label, amount, total=True))

    ranked = parameter_sources(calc.parameters)
    return ResultView(
        headline=f"{label} : {amount} {detail}",
        amount_label=label,
        amount=amount,
        amount_detail=detail,
        context=f"{capitalised(calc.act_label)}, tarifs au {long_date(calc.request.date)}",
        rows=tuple(rows),
        assumptions=tuple(reworded(assumption, who) for assumption in calc.assumptions),
        warnings=tuple(reworded(warning, who) for warning in calc.warnings),
        sources=tuple(ranked[:MAX_SOURCES]),
        more_sources=tuple(ranked[MAX_SOURCES:]),
        notes=tuple(n_ for n_ in notes if n_),
        hint=hint,
    )


# --------------------------------------------------------------------------
# The widget's payload
# --------------------------------------------------------------------------
def as_custom_payload(view: ResultView) -> Dict[str, Any]:
    """The JSON the web widget renders as a card: {"type": "kine_result", ...}."""
    data = json.loads(json.dumps(asdict(view), ensure_ascii=False))  # lists, as the JSON it becomes
    return {"type": PAYLOAD_TYPE, "version": PAYLOAD_VERSION, **data}


def is_result_payload(payload: Any) -> bool:
    return isinstance(payload, Mapping) and payload.get("type") == PAYLOAD_TYPE


# The reply to « oublie notre conversation » carries this payload: the web widget then clears
# what it kept in the browser (history and conversation id); other channels ignore it.
FORGET_PAYLOAD = {"type": "kine_forget"}


def is_forget_payload(payload: Any) -> bool:
    return isinstance(payload, Mapping) and payload.get("type") == FORGET_PAYLOAD["type"]


def view_from_payload(payload: Mapping[str, Any]) -> ResultView:
    """The view a payload describes; anything of the wrong type is left out."""

    def text(value: Any) -> str:
        return value if isinstance(value, str) else ""

    def texts(value: Any) -> Tuple[str, ...]:
        return tuple(v for v in value if isinstance(v, str) and v) if isinstance(value, (list, tuple)) else ()

    def items(value: Any) -> List[Mapping[str, Any]]:
        return [v for v in value if isinstance(v, Mapping)] if isinstance(value, (list, tuple)) else []

    def sources(value: Any) -> Tuple[Source, ...]:
        return tuple(Source(text(s.get("name")), text(s.get("url"))) for s in items(value)
                     if text(s.get("name")) and text(s.get("url")).startswith(("https://", "http://")))

    return ResultView(
        headline=text(payload.get("headline")),
        amount_label=text(payload.get("amount_label")) or AMOUNT_LABEL,
        amount=text(payload.get("amount")),
        amount_detail=text(payload.get("amount_detail")),
        context=text(payload.get("context")),
        rows=tuple(Row(text(r.get("label")), text(r.get("amount")), text(r.get("note")), r.get("total") is True)
                   for r in items(payload.get("rows")) if text(r.get("label"))),
        assumptions=texts(payload.get("assumptions")),
        warnings=texts(payload.get("warnings")),
        sources=sources(payload.get("sources")),
        more_sources=sources(payload.get("more_sources")),
        notes=texts(payload.get("notes")),
        hint=text(payload.get("hint")),
    )


# --------------------------------------------------------------------------
# Text, per channel
# --------------------------------------------------------------------------
def _others(count: int) -> str:
    return f"{count} autre{'s' if count > 1 else ''} source{'s' if count > 1 else ''}"


def _row_line(row: Row) -> str:
    return f"{row.label} : {row.amount}" + (f" ({row.note})" if row.note else "")


def as_text(view: ResultView, channel: str = "plain") -> str:
    """The view as text: "plain" (the fallback), "telegram" (HTML) or "shell"."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}; expected one of {CHANNELS}")
    if channel == "telegram":
        return _telegram(view)
    breakdown = [row for row in view.rows if not row.total]
    lines = list(view.notes)
    lines.append(view.headline)
    if view.context:
        lines.append(view.context)
    lines += ["• " + _row_line(row) for row in breakdown]
    if view.assumptions:
        lines.append(assumptions_line(view.assumptions))
    lines += [WARNING_MARK + warning for warning in view.warnings]
    if view.sources:
        more = f" (et {_others(len(view.more_sources))})" if view.more_sources else ""
        if channel == "shell":
            lines.append("Sources : " + ", ".join(s.name for s in view.sources) + more)
            lines += [f"  {s.name} : {s.url}" for s in view.sources]
        else:
            lines.append("Sources : " + " ; ".join(f"{s.name} {s.url}" for s in view.sources) + more)
    if view.hint:
        lines.append(view.hint)
    return "\n".join(lines)


def _telegram(view: ResultView) -> str:
    e = html.escape
    lines = [f"<i>{e(note)}</i>" for note in view.notes]
    lines.append(f"<b>{e(view.amount_label)} : {e(view.amount)}</b> {e(view.amount_detail)}".rstrip())
    if view.context:
        lines.append(f"<i>{e(view.context)}</i>")
    lines.append("")
    for row in view.rows:
        if row.total:
            lines.append(f"<b>{e(row.label)} : {e(row.amount)}</b>")
        else:
            lines.append(f"{e(row.label)} : {e(row.amount)}" + (f" <i>({e(row.note)})</i>" if row.note else ""))
    if view.assumptions or view.warnings:
        lines.append("")
    if view.assumptions:
        lines.append(assumptions_line(view.assumptions, e))
    lines += ["⚠️ " + e(warning) for warning in view.warnings]
    if view.sources:
        links = ", ".join(f'<a href="{e(s.url, quote=True)}">{e(s.name)}</a>' for s in view.sources)
        more = f" (et {_others(len(view.more_sources))})" if view.more_sources else ""
        lines += ["", f"Sources : {links}{more}"]
    if view.hint:
        lines += ["", e(view.hint)]
    return "\n".join(lines)


def result_message(view: ResultView, input_channel: Optional[str] = None) -> Dict[str, Any]:
    """Keyword arguments for rasa_sdk's ``dispatcher.utter_message``: the terminal gets its text
    only; every other channel the plain text and the card (``json_message``, which Rasa sends as
    ``custom``): the widget (connectors/socketio.py) and Telegram (connectors/telegram.py) show
    the card instead of the text, REST clients get both."""
    if input_channel in SHELL_CHANNELS:
        return {"text": as_text(view, "shell")}
    return {"text": as_text(view, "plain"), "json_message": as_custom_payload(view)}
