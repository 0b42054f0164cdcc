"""French answers that need a computation: the value of an act, a reimbursement."""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional

from bot.calculator import act_code, coded_act, compute, letter_name
from bot.request import ACTS_WITHOUT_BALNEO, BILAN_ACTS
from bot.cotations import coefficient_text, cotation_lines, named_cotations
from bot.money import euros, long_date, number, percent
from bot.parameters import Parameters, default_parameters
from bot.parsing import parse_request
from bot.situation import situation_lines, stated_situation
from bot.wording import ACT_PART, ALLOWANCES, WARNING_MARK, capitalised, coefficient_at_home, price_part, provenance_lines


# What changes the rate or the franchise of an act, as bot.parsing reads it from the question.
COVER_FIELDS = ("prise_en_charge_100", "mois_grossesse", "post_partum", "regime", "age")
# A care the maternity pays after a birth, named without one (bot.situation.stated_situation): its line, not its rate.
AFTER_A_BIRTH_CARE = ("asked_perineal", "asked_abdominal")
# The topic offered after a bilan's price (tarif_acte_topics).
BILAN_TOPIC = "bilan_kine"


def tarif_acte_topics(text: str) -> List[str]:
    """The topics to offer after an act's price: a bilan's rules (its renewal, the fiche sent to the médecin) after a
    bilan's price (« je suis kiné, comment je facture un bilan à domicile ? » got the price alone).

    >>> tarif_acte_topics("comment je facture un bilan à domicile ?"), tarif_acte_topics("prix d'un AMK 8,1")
    (['bilan_kine'], [])
    """
    return [BILAN_TOPIC] if parse_request(text).fields.get("act") in BILAN_ACTS else []


def tarif_acte_fr(text: str, when: Optional[dt.date] = None, params: Optional[Parameters] = None) -> str:
    """'combien vaut un AMK 8,1 ?', 'tarif d'un bilan', 'prix d'une séance à domicile'."""
    params = params or default_parameters()
    when = when or dt.date.today()
    parsed = parse_request(text)
    found = parsed.fields
    request: Dict[str, Any] = {"date": when.isoformat(), "drom": bool(found.get("drom"))}
    coded = coded_act(parsed.key_letter, found.get("coefficient"), when, params)
    # « une séance pour une lombalgie »: the NGAP's act for it (RAM 8,09), not the act « membre » (8,1)
    named = [] if coded or "coefficient" in found else named_cotations(text, when, params)
    # One act, or several of an article with no base session of its own (art. 2 and 4, rheumatisms and neurology:
    # « Parkinson », one limb or more): the first act's price, then each act; art. 1's several acts (operated or not)
    # follow the base session's.
    cotation = named[0] if len(named) == 1 or (named and named[0].article != 1) else None
    if coded:  # « RPE 8,5 »: the one act of that letter and coefficient, with its own travel allowance
        request["act"] = coded
    elif "coefficient" in found or cotation:
        request["coefficient"] = found["coefficient"] if not cotation else cotation.coefficient.value
        request["lettre"] = found.get("lettre") if not cotation else cotation.code
    else:
        request["act"] = found.get("act", "membre")
    # The asker's cover (« après l'accouchement », « je suis en ALD », « à Strasbourg », « ma fille de
    # 13 ans »): the rate and the franchise said are theirs, not the usual 60 % and franchise.
    cover = {key: found[key] for key in COVER_FIELDS if key in found}
    request.update(cover)
    if found.get("domicile"):
        request["domicile"] = True
        for key in ("distance_km", "zone"):
            if key in found:
                request[key] = found[key]
    if found.get("balneo") and request.get("act") not in ACTS_WITHOUT_BALNEO:  # « une séance en balnéo »
        request["balneo"] = found["balneo"]
    calc = compute(request, params)
    session = calc.sessions[0]
    letter = params.at(letter_name(request["drom"]), when)
    where = "dans les DROM" if request["drom"] else "en métropole"
    if "act" in request:
        coef = params.at(f"actes.{request['act']}.coefficient", when)
        act = params.node(f"actes.{request['act']}")
        code = act_code(act, when)
        head = (f"{capitalised(calc.counted.of_act(calc.act_label))} vaut {euros(session.detail[ACT_PART])} {where} : "
                f"{code} {number(coef.value)} × lettre clé {euros(letter.value)} (coefficient en vigueur depuis le "
                f"{long_date(coef.start)}).")
        used = [coef, letter]
    elif cotation:
        # « , pour un membre, »; a variant that says when (« après un accouchement ») needs no « pour »
        lead = "" if cotation.variant.startswith(("après", "avant")) else "pour "
        variant = f", {lead}{cotation.variant}," if cotation.variant else ""
        head = (f"Une séance pour une {cotation.label}{variant} vaut {euros(session.detail[ACT_PART])} {where} : "
                f"{cotation.code} {coefficient_text(cotation.coefficient.value)} × lettre clé {euros(letter.value)} "
                f"(NGAP, titre XIV, chapitre II, art. {cotation.article} ; "
                + (f"coefficient en vigueur depuis le {long_date(cotation.coefficient.start)})."
                   if cotation.coefficient.status == "in_force" else
                   f"valeur non confirmée depuis le {long_date(cotation.coefficient.start)}, où une hausse était prévue)."))
        used = [cotation.coefficient, letter]
    else:
        written = f"{parsed.key_letter} {number(request['coefficient'])}" if parsed.key_letter else \
            f"de coefficient {number(request['coefficient'])}"
        head = (f"Un acte {written} vaut {euros(session.detail[ACT_PART])} "
                f"{where} : {number(request['coefficient'])} × lettre clé {euros(letter.value)} "
                f"(valeur depuis le {long_date(letter.start)}).")
        used = [letter]
    lines = [head]
    if len(named) > 1:  # « une entorse de la cheville », operated or not: each act, after the base session's
        lines.extend(cotation_lines(text, "calcul_tarif_acte", when, params))
    if request.get("domicile") and "act" not in request and "ifs" not in session.detail:  # the IFD; some acts: IFS
        note = coefficient_at_home(params.at("domicile.ifd", when).value, params.at("domicile.ifs", when).value)
        lines.append(note[0].upper() + note[1:] + ".")
    allowances = [f"{price_part(key).with_abbreviation} {euros(session.detail[key])}"
                  for key in ALLOWANCES if key in session.detail]
    if "balneo" in session.detail:
        lines.append(f"En {request['balneo']}, s'y ajoute le {price_part('balneo').name} de "
                     f"{euros(session.detail['balneo'])} (NGAP, titre XIV, chapitre IV)"
                     + ("" if allowances else f", soit {euros(session.base)} {calc.counted.the}") + ".")
    if allowances:
        lines.append(f"À domicile, s'y ajoute{'nt' if len(allowances) > 1 else ''} : " + " + ".join(allowances)
                     + f", soit {euros(session.base)} {calc.counted.the}.")
    franchise = "moins la franchise médicale" if session.franchise > 0 else "sans franchise médicale"
    # « combien coûte une séance de rééducation abdominale ? », no birth said: the maternity's cover after one
    stated = stated_situation(text, parsed)
    after_a_birth = {key: True for key in AFTER_A_BIRTH_CARE if stated.get(key)}
    lines.extend(situation_lines({**cover, **after_a_birth}, "calcul_tarif_acte", when, params))
    lines.append(f"L'Assurance Maladie en rembourse {percent(calc.rate)}, soit {euros(session.amo)}, {franchise}.")
    lines.extend(WARNING_MARK + w for w in calc.warnings)
    used += [step for step in calc.parameters
             if step.name.startswith(("actes.", "lettre_cle.", "domicile.", "taux_amo."))]
    lines.extend(provenance_lines(used))
    return "\n".join(lines)
