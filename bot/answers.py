"""Values that FAQ answers quote, computed from the dated parameters.

Answers never hold a dated figure: they hold placeholders such as
{tarif_seance}, filled from `answer_values(date)` when the answer is sent.  A
figure that rests on a scheduled or uncertain step carries one French
parenthesis saying so; a web page can use these values directly.
"""
from __future__ import annotations

import datetime as dt
from typing import Dict, List, Optional

from bot import wording
from bot.calculator import act_code, compute, secteur_3_rule, session_tariff
from bot.cotations import cotation_examples
from bot.money import cents, euros, long_date, number, percent
from bot.parameters import ParameterError, Parameters, Step, default_parameters


# Home-visit example quoted by the answers: basic act, one-way distance in plaine.
EXAMPLE_HOME_KM = 5


def _status_note(*steps) -> str:
    """One French parenthesis for a figure that rests on an unconfirmed step."""
    statuses = {step.status for step in steps}
    if "scheduled" in statuses:
        return " (valeur prévue, non confirmée)"
    if "uncertain" in statuses:
        return " (valeur non confirmée)"
    return ""


# What the base session's tariff is made of (NGAP: coefficient × lettre clé).
BASE_SESSION_PARAMETERS = ("actes.membre.coefficient", "lettre_cle.metropole")


def base_session_in_year(year: int, today: dt.date, params: Optional[Parameters] = None) -> str:
    """The base session's tariffs in metropolitan France during `year`, past or to come, in one French
    sentence; "" for a year before the parameters or the current one (the answers give it).

    >>> base_session_in_year(2024, dt.date(2026, 12, 5))
    "En 2024, la séance de base (rééducation d'un membre ou du dos) valait 16,13 €, puis 16,58 € à partir du 22 février 2024."
    """
    params = params or default_parameters()
    if year == today.year:
        return ""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    starts = {first}
    for name in BASE_SESSION_PARAMETERS:
        step = params.next_step(name, first)
        while step and step.start <= last:
            starts.add(step.start)
            step = params.next_step(name, step.start)
    prices: List[str] = []
    last_price = None
    for start in sorted(starts):
        try:
            price = session_tariff(params, start, act="membre").act_price
        except ParameterError:
            continue  # before the parameters' first values
        if price != last_price:
            note = _status_note(*(params.at(name, start) for name in BASE_SESSION_PARAMETERS))
            prices.append(f"{euros(price)}{note}" + ("" if start == first else f" à partir du {long_date(start)}"))
            last_price = price
    if not prices:
        return ""
    future = first > today
    sentence = (f"En {year}, la séance de base (rééducation d'un membre ou du dos) {'vaudra' if future else 'valait'} "
                + ", puis ".join(prices))
    if future and len(prices) == 1:
        sentence += ", si aucune nouvelle hausse n'est fixée d'ici là"
    return sentence + "."


def scheduled_note(params: Parameters, name: str, when: dt.date) -> str:
    """« (valeur non confirmée) » after a figure whose parameter's step is not confirmed, else ""."""
    return _status_note(params.at(name, when))


def answer_values(when: Optional[dt.date] = None, params: Optional[Parameters] = None) -> Dict[str, str]:
    """Every placeholder the answers may use, as French text, for date `when`."""
    params = params or default_parameters()
    when = when or dt.date.today()
    at = lambda name: params.at(name, when).value  # noqa: E731
    whole = lambda name: euros(at(name), whole=True)  # noqa: E731

    seance = session_tariff(params, when, act="membre").act_price
    taux = at("taux_amo.general")
    coef_step = params.at("actes.membre.coefficient", when)
    seance_note = _status_note(coef_step)
    upcoming = params.next_step("actes.membre.coefficient", when)
    prevu = ""
    if upcoming:
        prevu = (f"Une hausse de la séance de base à {euros(session_tariff(params, upcoming.start, act='membre').act_price)}"
                 f"{_status_note(upcoming)} est prévue au {long_date(upcoming.start)}.")
        if not upcoming.confirmed:
            prevu += (" Une hausse prévue peut être reportée : celle de juillet 2025 a été décalée au "
                      "1er janvier 2026 après l'avis du comité d'alerte de l'ONDAM (code de la sécurité "
                      "sociale, art. L.162-14-1-1).")

    # Home visit, basic act, EXAMPLE_HOME_KM one way in plaine outside the practice's
    # agglomeration: IFD + IK on (2 × distance − abattement) km (NGAP art. 13).
    # The calculator computes it, so the answer and a calculation can never disagree.
    home = compute({"act": "membre", "distance_km": EXAMPLE_HOME_KM, "zone": "plaine", "date": when.isoformat()},
                   params).sessions[0]
    ik_rate = params.at("domicile.ik.plaine.metropole", when)
    ik_cut = params.at("domicile.ik.plaine.abattement_km", when)
    ik_km = 2 * EXAMPLE_HOME_KM - ik_cut.value
    ik = home.detail["ik"]
    home_total = home.price
    home_note = _status_note(coef_step, ik_rate, ik_cut)

    def price(act: str) -> str:
        return (euros(session_tariff(params, when, act=act).act_price)
                + scheduled_note(params, f"actes.{act}.coefficient", when))

    def cotation(act: str) -> str:  # « RAV 8 »: the act's key letter and coefficient
        return f"{act_code(params.node(f'actes.{act}'), when)} {number(at(f'actes.{act}.coefficient'))}"

    def balneo(level: str) -> str:
        coef, letter = params.at(f"balneotherapie.{level}", when), params.at("lettre_cle.metropole", when)
        return euros(session_tariff(params, when, coefficient=coef.value).act_price) + _status_note(coef, letter)

    def fourchette(low: str, high: str) -> str:
        return f"{number(at(low))} à {whole(high)}"

    return {
        "tarif_seance": euros(seance) + seance_note,
        "coef_seance": number(coef_step.value),
        "date_tarif_seance": long_date(coef_step.start),
        "tarif_seance_prevu_phrase": prevu.strip(),
        "lettre_cle": euros(at("lettre_cle.metropole")),
        "lettre_cle_drom": euros(at("lettre_cle.drom")),
        "date_lettre_cle": long_date(params.at("lettre_cle.metropole", when).start),
        "taux_amo": percent(taux),
        "taux_ticket_moderateur": percent(100 - taux),
        "taux_alsace_moselle": percent(at("taux_amo.alsace_moselle")),
        "taux_alsace_reste": percent(100 - at("taux_amo.alsace_moselle")),
        "taux_prise_en_charge_totale": percent(at("taux_amo.prise_en_charge_100")),
        "rente_taux_minimum": percent(at("rente_at_mp.taux_incapacite_minimum")),
        "part_amo_seance": euros(seance * taux / 100) + seance_note,
        "ticket_moderateur_seance": euros(seance - cents(seance * taux / 100)) + seance_note,
        "tarif_plusieurs_territoires": price("plusieurs_territoires"),
        "tarif_respiratoire": price("respiratoire"),
        "tarif_drainage_1_membre": price("drainage_1_membre"),
        "tarif_drainage_2_membres": price("drainage_2_membres"),
        "cotation_exemples": cotation_examples(when, params),
        "cotation_respiratoire": cotation("respiratoire"),
        "cotation_drainage_1_membre": cotation("drainage_1_membre"),
        "cotation_drainage_2_membres": cotation("drainage_2_membres"),
        "tarif_bilan": price("bilan"),
        "tarif_personne_agee_marche": price("personne_agee_marche"),
        "ifd": euros(at("domicile.ifd"), whole=True),
        "ifs": euros(at("domicile.ifs")),  # « 2,50 €, ou de 4,00 € »: both with their cents
        "majoration_nuit": euros(at("majorations.nuit")),
        "majoration_dimanche": euros(at("majorations.dimanche")),
        "ik_plaine": euros(at("domicile.ik.plaine.metropole")),
        "ik_montagne": euros(at("domicile.ik.montagne.metropole")),
        "ik_pied_ski": euros(at("domicile.ik.pied_ski.metropole")),
        "ik_seuil_plaine": f"{number(at('domicile.ik.plaine.seuil_km'))} km",
        "ik_seuil_montagne": f"{number(at('domicile.ik.montagne.seuil_km'))} km",
        "ik_abattement_plaine": f"{number(ik_cut.value)} km",
        "ik_abattement_montagne": f"{number(at('domicile.ik.montagne.abattement_km'))} km",
        "exemple_domicile_distance": f"{EXAMPLE_HOME_KM} km",
        "exemple_domicile_km_factures": f"{number(ik_km)} km",
        "exemple_domicile_ik": euros(ik) + _status_note(ik_rate, ik_cut),
        "exemple_domicile_total": euros(home_total) + home_note,
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
        "exemple_mutuelle_200_total": euros(seance * 2) + seance_note,
        # H-topicsB: topics added from real questions
        "tarif_bilan_neuro": price("bilan_neuro"),
        "bilan_renouvellement_seance": f"{number(at('bilan_renouvellement.premier_renouvellement'))}e",
        "bilan_periode": number(at("bilan_renouvellement.periode")),
        "bilan_neuro_renouvellement_seance": f"{number(at('bilan_renouvellement.neuro_premier_renouvellement'))}e",
        "bilan_neuro_periode": number(at("bilan_renouvellement.neuro_periode")),
        "fiche_synthese_seuil": number(at("bilan_renouvellement.fiche_synthese_seuil")),
        "duree_seance": f"{number(at('duree_seance.minutes'))} minutes",
        "patients_simultanes_max": number(at("duree_seance.patients_simultanes_max")),
        "balneo_supplement_simple": balneo("supplement_simple"),
        "balneo_supplement_majore": balneo("supplement_majore"),
        "css_depassement": wording.CSS_DEPASSEMENT,
        "perinee_kine_debut": wording.kine_perineal_start(int(at("maternite.perinee_kine_debut_jours"))),
        "frais_reels": wording.FRAIS_REELS,
        "ik_kine_proche": wording.IK_NEAREST_KINE,
        # H-topicsA: topics added from real questions
        **_parcours_values(params, when),
    }


# Referential thresholds quoted by the answers (parameter key, French name), in reading order.
REFERENTIAL_THRESHOLDS = (
    ("entorse_cheville", "entorse récente de la cheville"),
    ("lombalgie", "lombalgie commune (par série d'actes)"),
    ("meniscectomie", "méniscectomie"),
    ("prothese_hanche", "prothèse totale de hanche"),
    ("prothese_genou", "prothèse du genou"),
    ("ligament_croise", "ligament croisé antérieur (LCA)"),
    ("cervicalgie", "cervicalgie non spécifique (par série d'actes)"),
    ("coiffe_non_operee", "tendinite de l'épaule (coiffe des rotateurs) non opérée"),
    ("coiffe_operee", "coiffe des rotateurs opérée"),
    ("fracture_poignet", "fracture du poignet (deux os de l'avant-bras)"),
)
# The three the short answers quote, most asked first.
EXAMPLE_THRESHOLDS = ("prothese_genou", "lombalgie", "entorse_cheville")


def _parcours_values(params: Parameters, when: dt.date) -> Dict[str, str]:
    """Placeholders of the patient-path topics: feuille de soins, renewal, accord préalable."""
    def count(name: str, unit: str) -> str:
        step = params.at(name, when)
        return f"{number(step.value)} {unit}" + _status_note(step)

    seuils = {key: params.at(f"parcours.accord_prealable.seuils.{key}", when) for key, _ in REFERENTIAL_THRESHOLDS}
    names = dict(REFERENTIAL_THRESHOLDS)

    def listing(keys) -> str:
        """'prothèse du genou : 25 ; … (valeurs non confirmées)': one note for the whole list."""
        text = " ; ".join(f"{names[key]} : {number(seuils[key].value)}" for key in keys)
        unconfirmed = any(seuils[key].status != "in_force" for key in keys)
        return text + (" (valeurs non confirmées)" if unconfirmed else "")

    values = {
        "fs_delai_remboursement": count("parcours.feuille_de_soins.delai_remboursement_electronique", "jours"),
        "fs_delai_envoi": count("parcours.feuille_de_soins.prescription_annees", "ans"),
        "fse_delai_paiement_direct": count("parcours.feuille_de_soins.transmission_paiement_direct_jours_ouvres",
                                           "jours ouvrés"),
        "fse_delai_tiers_payant": count("parcours.feuille_de_soins.transmission_tiers_payant_jours_ouvres",
                                        "jours ouvrés"),
        "fs_papier_delai_tiers_payant": count("parcours.feuille_de_soins.papier_tiers_payant_jours", "jours"),
        "fse_conservation": count("parcours.feuille_de_soins.conservation_double_jours", "jours"),
        "renouvellement_anciennete": count("parcours.renouvellement_kine.anciennete_max_mois", "mois"),
        "accord_prealable_delai": count("parcours.accord_prealable.delai_reponse_jours", "jours"),
        "accord_prealable_delai_max": count("parcours.accord_prealable.delai_reponse_max_jours", "jours"),
        "seuils_referentiels": listing(names),
        "seuils_exemples": listing(EXAMPLE_THRESHOLDS),
    }
    for key, step in seuils.items():
        values[f"seuil_{key}"] = f"{number(step.value)} séances" + _status_note(step)
    now, change = secteur_3_rule(params, when)
    values["secteur_3_regle"] = _secteur_3_wording(now, change)
    values["secteur_3_date"] = long_date(change.start) if change else ""
    return values


def _secteur_3_wording(now: Step, change: Optional[Step]) -> str:
    """Whether what a non-conventionné médecin prescribes is reimbursed, in the tense of the step `now`."""
    care = "les soins qu'ils prescrivent, séances de kiné comprises,"
    if change is None:
        return "leurs ordonnances sont remboursées comme les autres" + _status_note(now)
    if change is now:
        return f"depuis le {long_date(change.start)}, {care} ne sont plus remboursés par l'Assurance Maladie" \
            + _status_note(change)
    return (f"à partir du {long_date(change.start)}, {care} ne seront plus remboursés par l'Assurance Maladie"
            f"{_status_note(change)} ; jusque-là, leurs ordonnances sont remboursées comme les autres")
