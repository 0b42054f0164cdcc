"""Values that FAQ answers quote, computed from the dated parameters.

Answers never hold a dated figure: they hold placeholders such as
{tarif_seance}, filled from `answer_values(date)`.  The assistant stores these
values in slots when a conversation starts; a web page can use them directly.
"""
from __future__ import annotations

import datetime as dt
from typing import Dict, Optional

from bot.money import cents, euros, long_date, number, percent
from bot.parameters import Parameters, default_parameters


def act_price(params: Parameters, act: str, when: dt.date, drom: bool = False):
    """Price of a named act on a date: coefficient × key letter, rounded half-up."""
    letter = params.at("lettre_cle.drom" if drom else "lettre_cle.metropole", when).value
    return cents(params.at(f"actes.{act}.coefficient", when).value * letter)


def _scheduled_note(params: Parameters, name: str, when: dt.date) -> str:
    step = params.at(name, when)
    return "" if step.confirmed else " (valeur prévue, non confirmée)"


def answer_values(when: Optional[dt.date] = None, params: Optional[Parameters] = None) -> Dict[str, str]:
    """Every placeholder the answers may use, as French text, for date `when`."""
    params = params or default_parameters()
    when = when or dt.date.today()
    at = lambda name: params.at(name, when).value  # noqa: E731
    whole = lambda name: euros(at(name), whole=True)  # noqa: E731

    seance = act_price(params, "membre", when)
    taux = at("taux_amo.general")
    coef_step = params.at("actes.membre.coefficient", when)
    upcoming = params.next_step("actes.membre.coefficient", when)
    if upcoming:
        status = "non confirmée" if not upcoming.confirmed else "confirmée"
        prevu = (f"Une hausse à {euros(act_price(params, 'membre', upcoming.start))} est prévue au "
                 f"{long_date(upcoming.start)} ({status}).")
    else:
        prevu = ""
    if not coef_step.confirmed:
        prevu = "Ce tarif correspond à une hausse prévue mais non confirmée : à vérifier sur ameli.fr. " + prevu

    def price(act: str) -> str:
        return euros(act_price(params, act, when)) + _scheduled_note(params, f"actes.{act}.coefficient", when)

    def fourchette(low: str, high: str) -> str:
        return f"{number(at(low))} à {whole(high)}"

    return {
        "tarif_seance": euros(seance),
        "coef_seance": number(coef_step.value),
        "date_tarif_seance": long_date(coef_step.start),
        "tarif_seance_prevu_phrase": prevu.strip(),
        "lettre_cle": euros(at("lettre_cle.metropole")),
        "lettre_cle_drom": euros(at("lettre_cle.drom")),
        "date_lettre_cle": long_date(params.at("lettre_cle.metropole", when).start),
        "taux_amo": percent(taux),
        "taux_ticket_moderateur": percent(100 - taux),
        "taux_alsace_moselle": percent(at("taux_amo.alsace_moselle")),
        "part_amo_seance": euros(seance * taux / 100),
        "ticket_moderateur_seance": euros(seance - cents(seance * taux / 100)),
        "tarif_plusieurs_territoires": price("plusieurs_territoires"),
        "tarif_respiratoire": price("respiratoire"),
        "tarif_drainage_1_membre": price("drainage_1_membre"),
        "tarif_drainage_2_membres": price("drainage_2_membres"),
        "tarif_bilan": price("bilan"),
        "tarif_personne_agee_marche": price("personne_agee_marche"),
        "ifd": euros(at("domicile.ifd"), whole=True),
        "ifs": euros(at("domicile.ifs"), whole=True),
        "ik_plaine": euros(at("domicile.ik.plaine.metropole")),
        "ik_montagne": euros(at("domicile.ik.montagne.metropole")),
        "ik_pied_ski": euros(at("domicile.ik.pied_ski.metropole")),
        "ik_seuil_plaine": f"{number(at('domicile.ik.plaine.seuil_km'))} km",
        "ik_seuil_montagne": f"{number(at('domicile.ik.montagne.seuil_km'))} km",
        "franchise_acte": whole("franchise.par_acte"),
        "franchise_plafond_jour": whole("franchise.plafond_journalier"),
        "franchise_plafond_annuel": whole("franchise.plafond_annuel"),
        "date_franchise": long_date(params.at("franchise.par_acte", when).start),
        "devis_seuil": whole("devis.seuil"),
        "tva_seuil": whole("tva.franchise_en_base"),
        "tva_tolerance": whole("tva.franchise_en_base_tolerance"),
        "sans_ordonnance_fourchette": fourchette("observations.sans_ordonnance_min", "observations.sans_ordonnance_max"),
        "drainage_bien_etre_prix": whole("observations.drainage_bien_etre_min"),
        "cours_collectif_prix": whole("observations.cours_collectif"),
        "non_conventionne_fourchette": fourchette("observations.non_conventionne_min", "observations.non_conventionne_max"),
        "forfait_mutuelle_fourchette": fourchette("observations.forfait_mutuelle_min", "observations.forfait_mutuelle_max"),
        "amende_affichage": whole("affichage.amende"),
        "sanction_exemple_amende": whole("observations.sanction_exemple_amende"),
        "paris_part_depassements": percent(at("observations.paris_part_depassements")),
        "exemple_mutuelle_200_total": euros(seance * 2),
    }
