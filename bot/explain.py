"""The French explanation of a calculation, line by line, and of each of its amounts.

`explain_fr(calc)` is the text the command line prints with --fr and the
assistant gives when asked for the details; `amount_explanations(calc)` says
what each amount of a result is (« c'est quoi les 20,94 € ? »).  The words they
share with the result card (bot/result_view.py) come from bot/wording.py.
"""
from __future__ import annotations

from decimal import Decimal
from typing import List, Tuple

from bot.calculator import Calculation, Session
from bot.money import ZERO, cents, euros, number, percent, short_date
from bot.wording import (ACT_PART, ASKER, DEPASSEMENT, FREE_FEES, PRICE_PARTS, WARNING_MARK, Audience,
                         assumptions_line, price_part, provenance_lines, reworded)


def _session_groups(sessions: List[Session]) -> List[Tuple[int, int, Session]]:
    groups: List[Tuple[int, int, Session]] = []
    for s in sessions:
        if groups and groups[-1][2].shares() == s.shares():
            first, _, model = groups[-1]
            groups[-1] = (first, s.number, model)
        else:
            groups.append((s.number, s.number, s))
    return groups


def explain_fr(calc: Calculation, who: Audience = ASKER) -> str:
    """The French explanation the assistant gives for a calculation (`who`: whose share it names).

    Every line that shows a computation ("a + b = c", "60 % de x = y") is exact
    as printed: amounts are rounded to the cent per session, as the caisse does,
    and totals are sums of those rounded amounts.
    """
    req, total, first = calc.request, calc.total, calc.sessions[0]
    n = req.sessions
    unit = calc.counted  # « séance », or « bilan » for the bilans
    nomenclature = req.conventionne and not req.hors_nomenclature
    lines = [f"Estimation pour {unit.count(n)}, tarifs au {short_date(req.date)}",
             f"Acte : {calc.act_label}"]

    # Price of one session, part by part.
    parts: List[Tuple[Decimal, str]] = []
    if calc.tariff is not None and (nomenclature or req.price is None):
        parts.append((calc.tariff.act_price, price_part(ACT_PART).name))
        parts.extend((amount, price_part(key).name) for key, amount in calc.tariff.allowances)
        extra = calc.depassement if nomenclature else (req.depassement or ZERO)
        if extra > 0:
            parts.append((extra, price_part(DEPASSEMENT).name))
    if not parts:
        parts.append((first.price, FREE_FEES))
    shown = " + ".join(f"{euros(amount)} ({label})" for amount, label in parts)
    lines.append(f"• Prix {unit.of_a} : {shown}" + (f" = {euros(first.price)}" if len(parts) > 1 else ""))
    if calc.tariff is not None and calc.tariff.ik_km is not None and nomenclature:
        km, rate = calc.tariff.ik_km, calc.tariff.ik_rate
        cut = 2 * req.distance_km - km
        lines.append(f"• Indemnités kilométriques : (2 × {number(req.distance_km)} km − {number(cut)} km) × "
                     f"{euros(rate)} = {euros(dict(calc.tariff.allowances)['ik'])} {unit.per}")
    if first.base != first.price:
        lines.append(f"• Base de remboursement : {euros(first.base)} {unit.per}")
    if n > 1:
        lines.append(f"• Prix total : {euros(first.price)} × {unit.count(n)} = {euros(total['price'])}")
    else:
        lines.append(f"• Prix total : {euros(total['price'])}")

    # Assurance Maladie, rounded per session.
    if first.base == 0:
        lines.append("• Assurance Maladie : rien (base de remboursement nulle)")
    else:
        head = (f"• Assurance Maladie : {percent(calc.rate)} de {euros(first.base)} = {euros(first.amo)} {unit.per} "
                f"(arrondi au centime, {unit.one} par {unit.one}, comme le fait la caisse)")
        lines.append(head + (f", soit {euros(total['amo'])} pour {unit.count(n)}" if n > 1 else ""))
    if total["franchise"]:
        lines.append(f"• Franchise médicale retenue : {euros(total['franchise'])} ; versé par l'Assurance "
                     f"Maladie : {euros(total['amo'])} − {euros(total['franchise'])} = "
                     f"{euros(total['amo'] - total['franchise'])}")
    lines.append(f"• Part mutuelle : {euros(total['mutuelle'])}")
    paid = total["amo"] - total["franchise"]
    lines.append(f"• {who.amount_label} : {euros(total['price'])} − {euros(paid)} (Assurance Maladie) − "
                 f"{euros(total['mutuelle'])} (mutuelle) = {euros(total['patient'])}")
    if n > 1:
        lines.append(f"Détail {unit.per} :")
        for first_n, last_n, s in _session_groups(calc.sessions):
            which = f"{unit.one} {first_n}" if first_n == last_n else f"{unit.many} {first_n} à {last_n}"
            lines.append(
                f"  {which} : prix {euros(s.price)}, Assurance Maladie {euros(s.amo)}, franchise "
                f"{euros(s.franchise)}, mutuelle {euros(s.mutuelle)}, reste {euros(s.patient)}")
    if calc.assumptions:
        lines.append(assumptions_line(reworded(assumption, who) for assumption in calc.assumptions))
    for warning in calc.warnings:
        lines.append(WARNING_MARK + reworded(warning, who))
    if req.mutuelle is not None:  # none said: no share to ask about
        lines.append(f"La part exacte de {who.mutuelle} dépend de {who.contract} : demandez-lui avec un devis.")
    lines.extend(provenance_lines(calc.parameters))
    return "\n".join(lines)


def _detail_parts(session: Session) -> str:
    """« tarif de l'acte 17,90 € + indemnité forfaitaire de déplacement 2,50 € »."""
    return " + ".join(f"{price_part(name).name} {euros(value)}"
                      for name, value in session.detail.items())


def amount_explanations(calc: Calculation, who: Audience = ASKER) -> List[Tuple[Decimal, str]]:
    """Every amount of a result with its French explanation, most general first (`who`: whose share)."""
    total, n = calc.total, calc.request.sessions
    first, unit = calc.sessions[0], calc.counted
    received = total["amo"] - total["franchise"]
    excess = sum((s.price - s.base for s in calc.sessions), Decimal(0)) if first.base > 0 else Decimal(0)
    lines: List[Tuple[Decimal, str]] = []
    per = f"{unit.count(n)} × " if n > 1 else ""
    lines.append((total["patient"], f"c'est {who.remaining} : prix total {euros(total['price'])} − Assurance "
                  f"Maladie {euros(received)} − mutuelle {euros(total['mutuelle'])}"
                  + (f" (dont {euros(excess)} de dépassement, non remboursé par l'Assurance Maladie)" if excess else "")
                  + (f" ; il comprend {euros(total['franchise'])} de franchise" if total["franchise"] else "") + "."))
    lines.append((total["price"], f"c'est le prix total : {per}{euros(first.price)} {unit.the}."))
    lines.append((total["base"], f"c'est la base de remboursement : {per}{euros(first.base)}, le tarif conventionné "
                  f"{unit.of_the}" + (" déplacement compris" if len(first.detail) > 1 else "") + "."))
    lines.append((total["amo"], f"c'est la part de l'Assurance Maladie avant franchise : {percent(calc.rate)} de la "
                  f"base de {euros(total['base'])}."))
    if total["franchise"]:
        lines.append((received, f"c'est ce que l'Assurance Maladie {who.reimbursed} : {euros(total['amo'])} moins "
                      f"{euros(total['franchise'])} de franchise."))
        lines.append((total["franchise"], "c'est la franchise médicale, retenue sur ce que verse l'Assurance "
                      f"Maladie ({euros(first.franchise)} {unit.per})."))
    lines.append((total["mutuelle"], f"c'est la part de {who.mutuelle}."))
    if first.base > 0 and first.amo < first.base:  # « pourquoi ma mutuelle ne me rembourse que 7,16 € ? »
        ticket = total["base"] - total["amo"]
        lines.append((ticket, f"c'est le ticket modérateur : {per}{percent(100 - calc.rate)} de {euros(first.base)}, "
                      "la part de la base que l'Assurance Maladie laisse ; une mutuelle à 100 % de la base paie exactement cela, rien "
                      "d'un dépassement."))
    if excess:
        lines.append((excess, f"c'est le total des dépassements : ce que le kiné facture au-dessus du tarif "
                      f"conventionné ({euros(first.price - first.base)} {unit.per}), non remboursé par "
                      "l'Assurance Maladie ; seule une mutuelle peut en prendre une partie."))
    if n > 1:
        parts = _detail_parts(first)
        lines.append((first.price, f"c'est le prix {unit.of_a} : {parts}."))
        lines.append((first.patient, f"c'est ce qui reste {who.charge} pour {unit.a} : {euros(first.price)} − "
                      f"Assurance Maladie {euros(first.amo - first.franchise)} − mutuelle {euros(first.mutuelle)}."))
        lines.append((first.amo, f"c'est la part de l'Assurance Maladie pour {unit.a} : {percent(calc.rate)} de "
                      f"{euros(first.base)}."))
        lines.append((first.mutuelle, f"c'est la part de {who.mutuelle} pour {unit.a}."))
    elif len(first.detail) > 1:
        parts = _detail_parts(first)
        lines.append((first.price, f"c'est le prix {unit.of_the} : {parts}."))
    if first.base > 0 and first.price > first.base:
        lines.append((first.price - first.base, f"c'est le dépassement {unit.per} : le prix facturé "
                      f"{euros(first.price)} moins le tarif conventionné {euros(first.base)} ; l'Assurance "
                      "Maladie ne le rembourse pas."))
    for name, value in first.detail.items():
        if name in PRICE_PARTS and name != DEPASSEMENT:
            lines.append((value, f"c'est {PRICE_PARTS[name].with_article} {unit.of_a} ({calc.act_label})."))
    return [(cents(amount), text) for amount, text in lines]
