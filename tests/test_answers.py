"""FAQ answers: one per contract topic, sourced, short, never a literal dated figure, and right."""
import datetime as dt
import re

import pytest

from bot.answers import answer_values
from bot.situation import situation_lines
from bot.topics import CONVERSATION_PLACEHOLDERS, TOPIC_TITLES
from bot.wording import CSS_DEPASSEMENT, IK_NEAREST_KINE

COMPUTED = {"calcul_tarif_acte", "calcul_remboursement"}  # answered by custom actions
PLACEHOLDER = re.compile(r"\{(\w+)\}")
TODAY = dt.date(2026, 12, 1)


def texts(domain, name):
    return [variant["text"] for variant in domain["responses"][name]]


def answer(domain, name, when=TODAY):
    """The response as a user reads it on `when`."""
    values = answer_values(when)
    return "\n".join(text.format(**values) for text in texts(domain, name))


def faq_responses(domain, faq_topics):
    for topic in faq_topics:
        if "asks" not in topic:  # conversation intents are not FAQ answers
            continue
        names = [f"utter_{topic['id']}_details"]
        if topic["id"] not in COMPUTED:
            names.insert(0, f"utter_{topic['id']}")
        for kine in (f"utter_{topic['id']}_for_kine", f"utter_{topic['id']}_details_for_kine"):
            if kine in domain["responses"]:  # worded for a kiné asking
                names.append(kine)
        for name in names:
            yield topic, name


def test_every_contract_topic_has_an_intent_a_title_and_answers(domain, faq_topics):
    for topic in faq_topics:
        assert topic["id"] in domain["intents"], topic["id"]
        assert topic["id"] in TOPIC_TITLES, topic["id"]
        assert f"utter_{topic['id']}_details" in domain["responses"], topic["id"]
        if topic["id"] not in COMPUTED:
            assert f"utter_{topic['id']}" in domain["responses"], topic["id"]


def test_no_response_holds_a_literal_amount_or_rate(domain):
    # The calculator's questions show how to type an answer ("25 €", "200 % BR"): examples, not figures.
    for name, variants in domain["responses"].items():
        if name.startswith("utter_ask_calc_"):
            continue
        for variant in variants:
            assert not re.search(r"\d\s*(€|euros?\b|%)", variant["text"]), name


def test_every_placeholder_is_a_known_value(domain):
    values = {**answer_values(TODAY), **CONVERSATION_PLACEHOLDERS}
    for name, variants in domain["responses"].items():
        for variant in variants:
            for key in PLACEHOLDER.findall(variant["text"]):
                assert key in values, (name, key)


@pytest.mark.parametrize("when", ["2024-06-01", "2026-03-01", "2026-12-01", "2027-08-01"])
def test_answers_render_with_the_figures_of_the_date(domain, when):
    values = {**answer_values(dt.date.fromisoformat(when)), **CONVERSATION_PLACEHOLDERS}
    for name, variants in domain["responses"].items():
        for variant in variants:
            rendered = variant["text"].format(**values)
            assert "{" not in rendered and "None" not in rendered, name
            # One parenthesis per unconfirmed figure, never two in a row.
            assert "confirmée) (" not in rendered and "confirmée))" not in rendered, name


def test_today_figures_match_the_facts():
    values = answer_values(dt.date(2026, 3, 1))
    assert values["tarif_seance"] == "17,90 €"
    assert values["date_tarif_seance"] == "1er janvier 2026"
    assert values["franchise_acte"] == "1 €"
    assert values["part_amo_seance"] == "10,74 €"
    assert values["ticket_moderateur_seance"] == "7,16 €"
    assert values["exemple_mutuelle_200_total"] == "35,80 €"
    assert values["taux_prise_en_charge_totale"] == "100 %"
    assert values["tarif_plusieurs_territoires"] == "21,00 €"  # 9,5 until 9,8 on 28/05/2026
    # TER 9,79 / 9,81 in the NGAP in force on 21/06/2026: 9,8, confirmed
    assert answer_values(dt.date(2026, 6, 1))["tarif_plusieurs_territoires"] == "21,66 €"


def test_home_visit_example_adds_ifd_and_ik():
    # NGAP art. 13: basic act at 5 km in plaine, 2026: 17,90 + 2,50 + (2 × 5 − 4) × 0,38 = 22,68 €.
    values = answer_values(TODAY)
    assert values["exemple_domicile_km_factures"] == "6 km"
    assert values["exemple_domicile_ik"].startswith("2,28 €")
    assert values["exemple_domicile_total"].startswith("22,68 €")


def test_the_scheduled_step_is_called_planned_and_postponable():
    phrase = answer_values(TODAY)["tarif_seance_prevu_phrase"]
    assert "18,56 € (valeur prévue, non confirmée) est prévue au 1er juillet 2027" in phrase
    assert "reportée" in phrase and "L.162-14-1-1" in phrase
    # Once the step applies, the figure itself says it is not confirmed.
    assert answer_values(dt.date(2027, 8, 1))["tarif_seance"] == "18,56 € (valeur prévue, non confirmée)"


def test_faq_answers_are_short_and_name_their_source(domain, faq_topics):
    for topic, name in faq_responses(domain, faq_topics):
        for text in texts(domain, name):
            body, _, source = text.partition("Source : ")
            assert source.strip(), name
            assert len(source.split(" ; ")) <= 3, name
            assert "URL exacte" not in text, name
            if "_details" not in name:
                assert len(body.split()) <= 90, (name, len(body.split()))


# A rule is sourced to the text that sets it: the first source names a primary text (a code, the
# NGAP, the convention and its avenants, an arrêté, décret or UNCAM decision, a law, ameli.fr).
PRIMARY = re.compile(r"^(Code |NGAP|convention nationale|avenants? |arrêtés? |décret |décision |loi |circulaire |"
                     r"question écrite |Légifrance|ameli\.fr|service-public\.fr)", re.I)
# Answers that report what practices say of themselves (no rule), sourced to those sites.
OPINIONS = {"utter_non_conventionne_avantages", "utter_non_conventionne_avantages_details"}


def test_rule_answers_name_a_primary_text_first(domain, faq_topics):
    for topic, name in faq_responses(domain, faq_topics):
        if name in OPINIONS:
            continue
        for text in texts(domain, name):
            first = text.partition("Source : ")[2].split("\n")[0].split(" ; ")[0]
            assert PRIMARY.match(first), (name, first)


def test_answers_say_what_the_primary_texts_say(domain):
    everything = " ".join(v["text"] for variants in domain["responses"].values() for v in variants)
    # Arrêté du 2 octobre 2008: the written estimate from 70 € is for sessions with a dépassement;
    # arrêté du 30 mai 2018: before an act not reimbursed, the patient is told (no written form required).
    assert "dépassement ou un acte non remboursé" not in everything
    assert "informer avant de réaliser un acte non remboursé" in answer(domain, "utter_sans_ordonnance_prix")
    # CSS L.162-1-21: the tiers payant that is a right in ALD and maternity covers the Assurance Maladie's part.
    tiers_payant = answer(domain, "utter_tiers_payant")
    assert "tiers payant de droit sur la part de l'Assurance Maladie" in tiers_payant and "L.162-1-21" in tiers_payant
    # Arrêtés du 6 mars 2020: the low back pain protocol is for structures pluriprofessionnelles, not any practice.
    assert "cabinet ayant un protocole" not in everything
    assert "structure pluriprofessionnelle" in answer(domain, "utter_dos_bloque_details")
    # CSS L.162-1-14-1: three grounds for a CPAM penalty, not only tact et mesure.
    sanctions = answer(domain, "utter_depassement_sanctions_details")
    assert "non conformes à la convention" in sanctions and "information écrite préalable" in sanctions
    # Convention art. 3.6: a « supplément HN » on a reimbursed session is a dépassement, allowed only on
    # the patient's particular demand.
    assert "exigence particulière du patient" in answer(domain, "utter_difference_de_hn")
    assert "veut dire la même chose" not in everything
    # CSS L.861-3 covers the ticket modérateur, not a dépassement; the ban of L.162-5-13 is the médecins'.
    # Every answer that speaks of the CSS and dépassements says the one sentence the calculator says.
    for name in ("utter_ald_100_details", "utter_depassement_definition_details", "utter_depassement_droit_details",
                 "utter_trouver_kine_sans_depassement_details", "utter_depassement_recours_details",
                 "utter_depassement_comment_faire_details"):
        assert CSS_DEPASSEMENT in answer(domain, name), name
    for claim in ("aucun dépassement ne peut vous être", "pas de de pour les bénéficiaires",
                  "ne peut pas facturer de dépassement à un bénéficiaire", "interdiction totale"):
        assert claim not in everything.lower(), claim
    # NGAP titre XIV, head (version of 21/06/2026): art. 14 B of the dispositions générales (urgent care at night, on
    # Sundays) « sont étendues aux actes répétés, en cas de nécessité impérieuse d'un traitement quotidien »; the answer
    # said that only an urgent care allowed the majorations.
    assert "seul un soin urgent" not in everything
    assert "impérativement être quotidiennes" in answer(domain, "utter_majoration_nuit_dimanche")
    assert "nécessité impérieuse d'un traitement quotidien" in answer(domain, "utter_majoration_nuit_dimanche_details")


def test_answers_cite_the_article_that_sets_the_rule(domain):
    # Read in the consolidated CSS (14/03/2026) on 2026-12-04: L.160-13 says nothing of tarifs d'autorité
    # (the arrêté du 9 mars 1966 does) nor of what a mutuelle covers (L.871-1, R.871-2); L.332-1 is the
    # prescription of the prestations en espèces (care: L.160-11); L.646-1 only says who is in the PAMC scheme.
    everything = " ".join(v["text"] for variants in domain["responses"].values() for v in variants)
    assert "L.332-1" not in everything and "L.646-1" not in everything
    for name in ("utter_non_conventionne_remboursement", "utter_non_conventionne_remboursement_details",
                 "utter_secteur_kine_details"):
        assert "arrêté du 9 mars 1966" in answer(domain, name) and "L.160-13" not in answer(domain, name), name
    assert "R.871-2" in answer(domain, "utter_depassement_mutuelle")
    # L.432-3: on the feuille d'accident, no fee at all may be asked of the victim, but a dépassement.
    line = " ".join(situation_lines({"prise_en_charge_100": "at_mp"}, "remboursement_taux", TODAY))
    assert "ne peut vous demander aucun honoraire" in line and "au-delà du tarif" not in line


def test_choosing_a_kine_starts_with_the_free_choice_and_its_one_cost(domain):
    # CSP L.1110-8 and R.4321-57: the patient chooses; NGAP art. 13 C: the caisse pays the travel of the
    # nearest kiné. « je peux aller chez un kiné dans une autre ville ? » is answered by its first line.
    text = answer(domain, "utter_choisir_kine")
    assert text.startswith("Vous choisissez librement votre kiné, y compris dans une autre ville, et pouvez en changer "
                           "en cours de traitement")  # « je peux changer de kiné en cours de traitement ? »
    assert IK_NEAREST_KINE in text and "L.1110-8, R.4321-57" in text


def test_no_answer_opens_with_a_bare_yes_or_no(domain, faq_topics):
    # A topic is reached by questions asked both ways: « Oui. » under « faut-il une ordonnance ? » read
    # « yes, you may » under « peut-on se passer d'ordonnance ? », read as the same topic.
    for topic, name in faq_responses(domain, faq_topics):
        for text in texts(domain, name):
            assert not re.match(r"(Oui|Non|Très peu)\b", text), name


def test_answers_for_kines_say_so_first(domain, faq_topics):
    for topic, name in faq_responses(domain, faq_topics):
        if topic.get("audience") == "kine":
            for text in texts(domain, name):
                assert text.startswith("Pour le kiné"), name


def test_stale_figures_and_myths_are_not_repeated(domain):
    everything = " ".join(v["text"] for variants in domain["responses"].values() for v in variants).lower()
    assert "16,13" not in everything
    assert "0,50" not in everything
    # "secteur 2" may only appear to say that kinés have no sector, or of the médecin who prescribed.
    for name, variants in domain["responses"].items():
        for variant in variants:
            text = variant["text"].lower()
            if "secteur 2" in text or "secteurs 1 et 2" in text:
                assert any(denial in text for denial in ("concernent les médecins", "à tort", "n'existent pas",
                                                         "secteur du médecin qui a écrit l'ordonnance",
                                                         "un médecin de secteur 2")), name


# --- Corrected claims (issue 13), each with its primary text -------------------------------------

def test_ald_answer_says_the_franchise_applies(domain):
    # CSS art. L.160-13: ALD is not among the exemptions; minors, CSS, AME, maternity are.
    short = answer(domain, "utter_ald_100")
    assert "franchise de 1 € par séance reste due (sauf maternité, mineurs, complémentaire santé solidaire, AME)" in short
    # CSS art. L.160-14, L.432-1 and L.160-9: the cases at 100 % of the base, named first; maternity covers
    # every session of its period, an ALD or a work accident only the care linked to it.
    assert ("liées à votre ALD ou à un accident du travail, et toutes celles de la maternité (du 6e mois de "
            "grossesse au 12e jour après l'accouchement)") in short
    assert "Les patients en ALD, eux, la paient" in answer(domain, "utter_franchise_medicale")


def test_a_pension_d_invalidite_is_among_the_covers_at_100_percent_and_a_disability_card_is_not(domain):
    # CSS art. L.160-14, 13°: every session of a titulaire of a pension d'invalidité (or of the pension de
    # vieillesse that replaced it, L.341-15); the MDPH's card or rate is not among the cases of L.160-14.
    assert "ou d'une pension d'invalidité" in answer(domain, "utter_ald_100")
    details = answer(domain, "utter_ald_100_details")
    assert "tous les soins, même sans lien avec l'invalidité. La franchise reste due." in details
    assert "Une carte d'invalidité (carte mobilité inclusion), l'AAH ou un taux d'incapacité" in details
    assert ("pension d'invalidité (tous les soins) : 100 % de la base, mais la franchise reste due"
            in answer(domain, "utter_remboursement_taux_details"))


def test_maternity_is_dated_wherever_it_is_mentioned(domain):
    for name in ["utter_remboursement_taux", "utter_remboursement_taux_details", "utter_franchise_medicale",
                 "utter_ald_100_details", "utter_tiers_payant", "utter_calcul_remboursement_details"]:
        text = answer(domain, name)
        assert "6e mois" in text, name
    assert "n'a pas pu être confirmé" in answer(domain, "utter_ald_100_details")  # perineal rehab after day 12


def test_a_kines_perineal_rehabilitation_after_a_birth_starts_on_the_90th_day(domain):
    # CSP art. R.4321-5, 2° c: « y compris du post-partum à compter du quatre-vingt-dixième jour après l'accouchement »
    details = answer(domain, "utter_ald_100_details")
    assert ("Chez un kiné, la rééducation du périnée après l'accouchement commence au plus tôt le 90e jour ; une "
            "sage-femme peut la faire avant (code de la santé publique, art. R.4321-5 et R.4127-318).") in details
    assert "R.4321-5" in details.partition("Source : ")[2]


def test_devis_is_per_session_never_over_a_series(domain):
    # Arrêté du 2 octobre 2008: fees of the consultation, DE included, from 70 €.
    short = answer(domain, "utter_devis_obligatoire")
    assert "par séance" in short and "jamais sur le total d'une série" in short
    assert "70 €" in short and "tarif compris" in short
    assert "pas séance par séance" not in answer(domain, "utter_devis_obligatoire_details")


def test_dependent_cases_are_examples_not_a_closed_list(domain):
    # Convention art. 3.6: « telles que », including the patient who chose a distant kiné.
    short = answer(domain, "utter_depassement_droit")
    assert "uniquement" not in short and "3 cas" not in short
    assert "Essentiellement" in short and "kiné éloigné" in short
    everything = " ".join(v["text"] for variants in domain["responses"].values() for v in variants)
    assert "3 cas" not in everything and "3 situations" not in everything


def test_sanctions_separate_the_display_fine_and_drop_unverified_figures(domain):
    short = answer(domain, "utter_depassement_sanctions")
    assert "procédure conventionnelle" in short and "pénalité financière" in short
    assert "défaut d'affichage" in short
    details = answer(domain, "utter_depassement_sanctions_details")
    assert "n'a pas pu être vérifié" in details and "2 000" not in details
    paris = answer(domain, "utter_depassement_paris") + answer(domain, "utter_depassement_paris_details")
    assert "80" not in paris


def test_sessions_are_set_by_the_kine_unless_the_doctor_wrote_them(domain):
    for name in ["utter_nombre_seances", "utter_ordonnance_necessaire"]:
        text = answer(domain, name)
        assert "le kiné" in text and "s'impose" in text, name
    assert "arrêté du 22 février 2000" in answer(domain, "utter_nombre_seances")


def test_therapeutic_care_without_prescription_is_not_billed_hors_nomenclature(domain):
    short = answer(domain, "utter_coter_sans_prescription")
    assert "L.4321-1" in short and "non thérapeutiques" in short


def test_cpts_lists_are_published_by_each_ars(domain):
    assert "chaque ARS publie" in answer(domain, "utter_departements_acces_direct")


def test_tva_thresholds_cite_the_law(domain):
    text = answer(domain, "utter_hors_nomenclature_demarches") + answer(domain, "utter_hors_nomenclature_demarches_details")
    assert "loi n° 2025-1044 du 3 novembre 2025" in text and "37 500 €" in text


def test_home_visit_answer_adds_ifd_and_ik(domain):
    short = answer(domain, "utter_seance_domicile")
    # the IK add to the flat allowance (facts.md §13), the IFD or, for some acts, the IFS
    assert "des indemnités kilométriques s'y ajoutent" in short and "à la place" not in short
    assert "indemnité forfaitaire de déplacement (IFD) de 2,50 €, ou de 4,00 € (IFS) pour certains actes" in short
    assert "17,90 € + 2,50 € + 2,28 €" in short and "= 22,68 €" in short
    details = answer(domain, "utter_seance_domicile_details")
    assert "kiné le plus proche" in details and "c'est l'IFD, pas l'IFS" in details


def test_kine_sessions_are_prescribed_by_a_doctor_not_a_midwife_or_dentist(domain):
    details = answer(domain, "utter_ordonnance_necessaire_details")
    assert "Sage-femme, chirurgien-dentiste" in details and "prescription écrite « du médecin »" in details
    assert "demandez l'ordonnance à un médecin" in details


def test_alsace_moselle_rate_is_for_members_of_the_regime_local(domain):
    for name in ["utter_remboursement_taux_details", "utter_calcul_remboursement_details"]:
        assert "affiliés au régime local" in answer(domain, name), name


# H-topicsB: topics added from real questions (issue #14)
def test_bilan_kine_answer(domain):
    short = answer(domain, "utter_bilan_kine")
    assert "dès la première séance : 23,65 € (23,87 € pour un bilan neurologique)" in short
    assert "à la 30e séance, puis toutes les 20 séances" in short
    details = answer(domain, "utter_bilan_kine_details")
    assert "à la 60e séance, puis toutes les 50 séances" in details and "au moins 10 séances" in details


def test_a_session_lasts_about_thirty_minutes_by_the_ngap(domain):
    short = answer(domain, "utter_duree_seance")
    assert "« de l'ordre de » 30 minutes" in short and "même à domicile" in short
    assert "il peut suivre jusqu'à 3 patients à la fois, en consacrant à chacun de l'ordre de 30 minutes" in short


def test_stopping_sessions_needs_consent_and_costs_nothing(domain):
    short = answer(domain, "utter_arreter_seances")
    assert "L.1111-4" in short and "R.4321-98" in short and "vous ne payez que celles qui sont faites" in short
    # Its first sentence stands alone: no bare « Oui. », which read as « yes, it's normal » under « ma kiné
    # veut que je paye 10 séances d'avance, c'est normal ? ».
    assert short.startswith("Vous pouvez arrêter vos séances à tout moment") and "paiement d'avance" in short


def test_finding_a_kine_points_to_the_directories_and_the_ars_lists(domain):
    assert "annuaire santé d'ameli.fr" in answer(domain, "utter_trouver_un_kine")
    assert "chaque ARS publie" in answer(domain, "utter_trouver_un_kine_details")


def test_balneo_supplement_from_2026_and_other_techniques_not_billed_apart(domain):
    short = answer(domain, "utter_techniques_remboursement")
    assert "un supplément de 5,53 € ou 7,74 €" in short
    assert "un supplément de 2,65 € ou 4,86 €" in answer(domain, "utter_techniques_remboursement", dt.date(2025, 6, 1))
    assert "comprises dans son tarif" in short and "hors nomenclature" in short


# H-topicsA: topics added from real questions (issue #14)

def test_feuille_de_soins_electronic_in_a_week_paper_to_the_cpam_two_years(domain):
    short = answer(domain, "utter_feuille_de_soins")
    assert "en principe en 7 jours environ" in short and "envoyez-la à votre caisse (CPAM)" in short
    assert "télétransmission" in short and "L.161-33" in short
    details = answer(domain, "utter_feuille_de_soins_details")
    assert "Vous avez 2 ans pour demander le remboursement" in details and "L.160-11" in details  # not L.332-1 (prestations en espèces)


def test_prescription_validity_is_not_invented_and_renewal_is_within_12_months(domain):
    short = answer(domain, "utter_validite_ordonnance")
    assert "Nous n'avons trouvé aucun texte" in short and "n'est pas confirmé" in short
    assert "une ordonnance de moins de 12 mois" in short and "L.4321-1" in short
    assert "réglementation belge" in answer(domain, "utter_validite_ordonnance_details")


def test_accord_prealable_asked_by_the_kine_silence_of_15_days_thresholds_read_in_the_ngap(domain):
    short = answer(domain, "utter_accord_prealable")
    assert "C'est le kiné qui fait la demande" in short and "Sans réponse sous 15 jours, l'accord est acquis" in short
    # NGAP titre XIV, chapitre II, art. 1 (version in force on 21/06/2026): « de 1 à 10 séances » for the ankle.
    assert "par exemple 10 séances après une entorse de cheville" in short
    details = answer(domain, "utter_accord_prealable_details")
    assert "prothèse du genou : 25 ; ligament croisé antérieur (LCA) : 40 ; cervicalgie non spécifique" in details
    # Four more acts of the NGAP in force with a threshold on their line.
    assert ("tendinite de l'épaule (coiffe des rotateurs) non opérée : 25 ; coiffe des rotateurs opérée : 50 ; "
            "fracture du poignet (deux os de l'avant-bras) : 25.") in details
    assert "n'a pas été vérifié" not in details and "non confirmée" not in details
    # CSS R.142-8: a medical decision goes to the commission médicale de recours amiable.
    assert "commission médicale de recours amiable, dans les deux mois qui suivent sa notification" in details


def test_sessions_per_condition_are_set_by_the_kine_with_referential_thresholds(domain):
    short = answer(domain, "utter_seances_par_pathologie")
    assert "c'est le kiné qui fixe le nombre après son bilan" in short and "ni de plafond par an" in short
    assert "prothèse du genou : 25 ; lombalgie commune (par série d'actes) : 15 ; entorse récente de la cheville : 10." in short


# H-topics: topics added from real questions (issue #14)

def test_ngap_key_letter_times_coefficient_and_one_cotation_per_session(domain):
    # UNCAM decision of 14/12/2023 (JO 08/02/2024): AMS and AMC removed, two same-day sessions only
    # with two prescriptions, two NGAP articles, two anatomical regions.
    short = answer(domain, "utter_cotation_ngap")
    # since 22/02/2024 the acts of the NGAP, not the act « membre » (8,1 × 2,21 € = 17,90 €)
    assert ("Chaque acte a une lettre clé et un coefficient : RAM 8,09 × 2,21 € = 17,88 € pour une lombalgie commune, "
            "RIC 8,12 × 2,21 € = 17,95 € après une prothèse du genou.") in short
    assert "AMS et AMC n'existent plus" in short and "une seule cotation par séance" in short
    details = answer(domain, "utter_cotation_ngap_details")
    assert "plusieurs territoires, à 21,66 €" in details and "21,66 € (valeur prévue" not in details
    assert "deux prescriptions distinctes" in details and "deux régions distinctes" in details
    assert "n'est pas confirmé" in details  # the pre-2024 respiratory exception (art. 11 B)
    # The NGAP in force (21/06/2026): each act its own letter and coefficient.
    assert "voisins de 8,1 selon l'acte ; ARL 8,5 pour la kiné respiratoire ; RAV 8 pour le drainage" in details


def test_home_visit_conditions_avenant_7_and_the_court_counterpoint(domain):
    short = answer(domain, "utter_domicile_conditions")
    assert "votre état de santé le justifie" in short and "n'y est plus obligatoire" in short
    assert "« Les séances à domicile »" in short and "€" not in short  # figures live in seance_domicile
    details = answer(domain, "utter_domicile_conditions_details")
    assert "5 décembre 2024" in details and "avant l'avenant 7" in details
    assert "moyens techniques suffisants" in details


def test_home_visit_conditions_offer_the_price_topic_as_a_button():
    from bot.topics import follow_up_buttons

    assert follow_up_buttons("domicile_conditions", "le kiné peut venir chez moi ?", []) == [
        {"title": "Les séances à domicile", "payload": "/seance_domicile"}]


def test_a_close_runner_up_topic_is_offered_under_the_answer():
    from bot.topics import follow_up_buttons

    ranking = [{"name": "tarif_seance", "confidence": 0.62}, {"name": "seance_domicile", "confidence": 0.28},
               {"name": "out_of_scope", "confidence": 0.05}]
    assert follow_up_buttons("tarif_seance", "prix d'une séance de kiné à domicile ?", ranking) == [
        {"title": "Les séances à domicile", "payload": "/seance_domicile"}]
    # A distant runner-up, or one that is not a topic, adds nothing.
    ranking[1]["confidence"] = 0.1
    assert follow_up_buttons("tarif_seance", "prix d'une séance de kiné ?", ranking) == []
    assert follow_up_buttons("tarif_seance", "prix d'une séance ?", [
        {"name": "tarif_seance", "confidence": 0.7}, {"name": "out_of_scope", "confidence": 0.3}]) == []


def test_the_words_of_reimbursement_with_the_figures_of_a_basic_session(domain):
    # CSS L.160-13 and R.160-5: the insured's participation (ticket modérateur) is 40 % of the base for
    # kinés; L.160-14: the exonerations; L.871-1: a contrat responsable never pays the franchise.
    short = answer(domain, "utter_lexique_remboursement")
    assert "la base de remboursement (BR ou BRSS) est le tarif conventionné de l'acte, ici 17,90 €" in short
    assert "rembourse 60 %, soit 10,74 €, moins la franchise médicale de 1 €" in short
    assert "le ticket modérateur est le reste de la base, 40 %, soit 7,16 €" in short
    details = answer(domain, "utter_lexique_remboursement_details")
    assert "À deux fois la base, une séance de base est couverte jusqu'à 35,80 €" in details
    assert "un contrat responsable ne peut pas la rembourser" in details and "tarif d'autorité" in details


def test_a_missed_appointment_cannot_be_billed_and_the_taxe_lapin_is_not_in_force(domain):
    # CSP R.4321-98: fees « ne peuvent être réclamés qu'à l'occasion d'actes réellement effectués »;
    # LFSS 2025 art. 52 censured (Conseil constitutionnel, 2025-875 DC); R.4321-92: refusing care.
    short = answer(domain, "utter_seance_non_honoree")
    assert short.startswith("Une séance manquée ou annulée, même au dernier moment, ne peut pas vous être facturée")
    assert "« qu'à l'occasion d'actes réellement effectués »" in short and "2025-875 DC" in short
    assert "hors urgence (art. R.4321-92)" in short
    details = answer(domain, "utter_seance_non_honoree_details")
    assert "conventionnés ou non" in details and "« en toute circonstance »" in details
    assert "art. 3.3.6" in details


def test_what_a_non_conventionne_medecin_prescribes_is_no_longer_reimbursed_from_2027(domain):
    # CSS L.162-5-10, rewritten by the LFSS 2026 from 01/01/2027 (the consolidation of 14/03/2026 lists
    # that version as « en vigueur différée »): what a médecin outside the convention prescribes is not
    # reimbursed. The tense follows the date; any other médecin's prescription is reimbursed as usual.
    before = answer(domain, "utter_ordonnance_medecin_non_conventionne", dt.date(2026, 12, 4))
    assert before.startswith("Le secteur du médecin qui a écrit l'ordonnance (secteur 1, secteur 2, OPTAM) ne change rien")
    assert ("à partir du 1er janvier 2027, les soins qu'ils prescrivent, séances de kiné comprises, ne seront plus "
            "remboursés par l'Assurance Maladie ; jusque-là, leurs ordonnances sont remboursées comme les autres.") in before
    assert "art. L.162-5-10, version en vigueur au 1er janvier 2027" in before
    after = answer(domain, "utter_ordonnance_medecin_non_conventionne", dt.date(2027, 3, 1))
    assert ("depuis le 1er janvier 2027, les soins qu'ils prescrivent, séances de kiné comprises, ne sont plus "
            "remboursés par l'Assurance Maladie.") in after
    details = answer(domain, "utter_ordonnance_medecin_non_conventionne_details")
    assert "« Les produits de santé, les actes et les prestations prescrits par les médecins" in details
    assert "nous n'avons pas pu vérifier si la version finale prévoit des exceptions" in details
    assert "Ordonnance écrite avant le 1er janvier 2027 pour des séances faites après" in details
    # The prescription topic's details say the same rule, from the same parameter.
    assert ("Ordonnance d'un médecin non conventionné (« secteur 3 ») : à partir du 1er janvier 2027, les soins"
            in answer(domain, "utter_ordonnance_necessaire_details", dt.date(2026, 12, 4)))


def test_a_kine_may_not_impose_a_means_of_payment(domain):
    # CSP R.4321-98: « Aucun mode particulier de règlement ne peut être imposé aux patients », no forfait nor
    # provision, a receipt never refused; cash is legal tender (code pénal, R.642-3).
    short = answer(domain, "utter_moyens_de_paiement")
    assert short.startswith("Un kiné ne peut pas vous imposer un mode de paiement, par exemple les espèces seulement")
    assert "« aucun mode particulier de règlement ne peut être imposé aux patients »" in short
    assert "ne peut pas vous refuser un reçu" in short and "un forfait pour tout le traitement ou une avance est interdit" in short
    details = answer(domain, "utter_moyens_de_paiement_details")
    assert "refuser de les recevoir est une contravention (code pénal, art. R.642-3)" in details
    assert "nous n'avons trouvé aucun texte qui oblige un kiné à avoir un terminal de paiement" in details


def test_a_sunday_or_night_session_costs_the_same_unless_urgent_care_gets_its_majoration(domain):
    # NGAP, dispositions générales, art. 14: a majoration only « en cas d'urgence justifiée par l'état du
    # malade »; 7,62 € (dimanche, jour férié) and 9,15 € (nuit), avenant of 1998, same value outre-mer.
    short = answer(domain, "utter_majoration_nuit_dimanche")
    assert short.startswith("Une séance coûte le même prix le samedi, le dimanche ou en soirée")
    assert "• 7,62 € le dimanche ou un jour férié (dès le samedi midi pour un appel urgent) ;" in short
    assert "• 9,15 € la nuit (soin entre 20 h et 8 h, appel entre 19 h et 7 h)." in short
    assert "dépassement pour exigence particulière" in short and "art. 3.6" in short
    details = answer(domain, "utter_majoration_nuit_dimanche_details")
    assert "« lorsque, en cas d'urgence justifiée par l'état du malade" in details
    assert "l'indemnité de déplacement (2,50 €)" in details and "appelé entre 19 h et 7 h" in details
    # The details of an act's price quote the same figures, from the same parameters.
    assert ("Des majorations existent pour les soins urgents : 7,62 € le dimanche ou un jour férié, 9,15 € la nuit."
            in answer(domain, "utter_calcul_tarif_acte_details"))


def test_a_kine_may_refuse_a_patient_but_never_for_a_discriminatory_reason(domain):
    # CSP R.4321-92: refusal allowed « hors le cas d'urgence et celui où il manquerait à ses devoirs
    # d'humanité »; L.1110-3: never for a discriminatory reason nor for the CSS or the AME, and the
    # complaint to the CPAM or the Ordre, with a conciliation within three months.
    short = answer(domain, "utter_refus_de_soins")
    assert short.startswith("Un kiné peut refuser de vous prendre en charge, pour des raisons professionnelles ou "
                            "personnelles, sauf en cas d'urgence")
    # R.4321-58, rewritten by décret n° 2026-62 (JO 07/02/2026), names discrimination (code pénal,
    # art. 225-1), no longer the « couverture sociale »: the CSS and the AME rest on L.1110-3.
    assert "âge… : art. R.4321-58" in short
    assert "complémentaire santé solidaire ou l'aide médicale de l'État (art. L.1110-3)" in short
    details = answer(domain, "utter_refus_de_soins_details")
    assert "cette démarche vaut plainte. Une conciliation est menée dans les trois mois" in details
    assert "art. R.1110-8" in details and "art. L.861-3" in details


def test_the_regime_local_pays_90_percent_to_its_members_only_and_not_the_franchise(domain):
    # CSS L.325-1: a compulsory complementary cover for the categories of its II (not every resident),
    # which covers the participation of L.160-13 I, not the franchise (III) nor the forfait (II).
    short = answer(domain, "utter_regime_alsace_moselle")
    assert "les séances de kiné sont remboursées à 90 % de la base au lieu de 60 %" in short
    assert "Habiter le Bas-Rhin, le Haut-Rhin ou la Moselle ne suffit pas" in short
    assert "La franchise médicale de 1 € par séance reste due" in short
    details = answer(domain, "utter_regime_alsace_moselle_details")
    assert "Une mutuelle reste utile pour les 10 % de la base restants" in details
    assert "Il ne prend pas en charge la franchise médicale (1 € par séance)" in details and "art. L.242-13" in details


def test_a_reimbursement_is_contested_before_the_commission_de_recours_amiable_then_a_mediateur(domain):
    # CSS L.142-4 and R.142-1: a prior recourse to the commission de recours amiable within two months;
    # R.142-6: no answer in two months is a rejection; code de la consommation L.612-1/L.612-2: the
    # mutuelle's médiateur, free, after a written complaint, within a year.
    short = answer(domain, "utter_contester_remboursement")
    assert "commission de recours amiable de votre caisse, dans les deux mois qui suivent la notification" in short
    assert "saisir gratuitement le médiateur dont elle relève, dans l'année qui suit cette réclamation" in short
    details = answer(domain, "utter_contester_remboursement_details")
    assert "votre demande est considérée comme rejetée (art. R.142-6)" in details
    assert "commission médicale de recours amiable (art. R.142-8)" in details and "art. L.217-7-1" in details


def test_a_kine_joins_or_leaves_the_convention_by_registered_letter_and_the_zonage_regulates_it(domain):
    # Convention nationale (2007), art. 5.2.2: adhesion by LRAR, effective on the caisse's acknowledgement;
    # leaving takes effect one month after the letter is received. Avenant 7 (ameli): four zones,
    # « 1 départ pour 1 installation » in zones non prioritaires; its exceptions were not read.
    short = answer(domain, "utter_conventionnement_kine")
    assert "son adhésion prend effet à la date où la caisse en accuse réception" in short
    assert "« 1 départ pour 1 installation »" in short and "prend effet un mois après sa réception" in short
    details = answer(domain, "utter_conventionnement_kine_details")
    assert "nous ne les avons pas vérifiés dans son texte" in details


def test_the_session_length_quotes_the_ngap_in_force_and_its_rule_for_patients_treated_together(domain):
    # NGAP titre XIV (version in force on 21/06/2026): « de l'ordre de trente minutes », and chapter III, art. 2:
    # « le nombre de malades pris en charge simultanément ne peut excéder trois ».
    details = answer(domain, "utter_duree_seance_details")
    assert "Le texte, inchangé dans la nomenclature en vigueur" in details and "n'est pas confirmé" not in details
    assert ("jusqu'à 3 patients en même temps, jamais plus, à condition de consacrer à chacun de l'ordre de "
            "30 minutes") in details


def test_the_non_conventionne_answer_first_says_what_conventionne_means(domain):
    # « c'est quoi un kiné conventionné ? » is answered by this topic: both cases, the signed one first.
    first, second = texts(domain, "utter_non_conventionne_definition")[0].split("\n")[:2]
    assert first.startswith("Un kiné conventionné a signé la convention") and "remboursées" in first
    assert second.startswith("Un kiné non conventionné ne l'a pas signée") and "librement" in second


def test_accord_prealable_delay_cites_d315_5_and_its_21_days_and_does_not_close_the_list(domain):
    # The 15 days are CSS art. D.315-5 (décret n° 2018-557), which allows up to 21 days; the answer cited
    # R.315-2 and said no accord préalable was ever asked outside the thresholds it listed.
    details = answer(domain, "utter_accord_prealable_details")
    assert "il peut être porté à 21 jours au plus quand la prestation le justifie (art. D.315-5)" in details
    assert "la liste complète est dans la NGAP, titre XIV, chapitre II, article 1" in details and "R.315-2" not in details
    # Chapter V (the referentials) was abrogated by the UNCAM decision of 14/12/2023; the thresholds stand on each
    # act's line, read in the NGAP in force on 21/06/2026: no « non vérifié » left.
    assert "entorse récente de la cheville : 10 ;" in details and "vérifié" not in details


def test_a_depassement_is_only_for_an_exigence_particuliere_css_included(domain):
    details = answer(domain, "utter_tiers_payant_details")
    assert "dépassement d'honoraires (permis seulement pour une exigence particulière de votre part)" in details
    assert "complémentaire santé solidaire comprise" not in details


def test_a_rente_at_mp_of_two_thirds_is_among_the_covers_at_100_percent_with_its_rate_from_the_parameters(domain):
    # CSS art. L.371-1, R.371-1 (« au moins des deux tiers »), R.160-10: every care, the ayants droit's too.
    assert ("Avec une rente pour une incapacité d'au moins deux tiers (66,66 %) : tous les soins, et ceux des "
            "ayants droit." in answer(domain, "utter_ald_100_details"))


def test_sessions_abroad_are_reimbursed_on_the_french_tariff_in_europe_and_at_a_flat_rate_elsewhere(domain):
    # CSS R.160-2 III: care in another EU or EEA state, no prior authorisation, « dans les mêmes conditions que si
    # les soins avaient été reçus en France »; R.160-1: a temporary stay, the state's rules or the French ones,
    # never above the expense; R.160-4: outside Europe, a flat rate for an unexpected illness.
    short = answer(domain, "utter_soins_etranger")
    assert ("le remboursement se calcule sur le tarif français (60 % de 17,90 € pour une séance de base) ; ce que vous "
            "avez payé au-delà reste à votre charge ou à celle de votre mutuelle (code de la sécurité sociale, "
            "art. R.160-2)." in short)
    assert "sans dépasser ce que vous avez payé (art. R.160-1)" in short
    assert ("Dans les autres pays, votre caisse peut rembourser au forfait les soins d'une maladie survenue "
            "inopinément, au plus ce qui l'aurait été en France ; d'autres soins, seulement à titre exceptionnel" in short)
    details = answer(domain, "utter_soins_etranger_details")
    assert "des séances de kiné en cabinet n'en demandent pas (art. R.160-2, III)" in details
    assert "règlement (CE) n° 883/2004, art. 19" in details


def test_two_sessions_the_same_day_are_answered_with_their_conditions(domain):
    # UNCAM decision of 14/12/2023 (NGAP titre XIV, dispositions liminaires): two sessions the same day at full
    # rate need two prescriptions, for affections of different articles, on two regions, in two sessions.
    # « le kiné m'a facturé 2 séances le même jour, c'est normal ? » went to the fallback.
    assert "deux séances le même jour, chacune à taux plein, seulement avec deux prescriptions distinctes" in answer(
        domain, "utter_cotation_ngap")
    details = answer(domain, "utter_cotation_ngap_details")
    assert "deux prescriptions distinctes, pour des affections relevant d'articles différents de la NGAP, sur deux " \
           "régions distinctes et en deux séances séparées" in details


def test_sessions_after_an_accident_caused_by_someone_else_are_reimbursed_as_usual_and_the_caisse_told(domain):
    # CSS L.376-1: the caisses pay their benefits, then recover them from the one responsible; the victim keeps the
    # right to claim what they do not repair. D.376-1: the caisse told within fifteen days, the health professional
    # too; R.161-42 4°: the feuille de soins mentions the accident. « j'ai eu un accident de voiture, qui paye le
    # kiné ? » got the out-of-scope reply.
    short = answer(domain, "utter_accident_tiers")
    assert ("vos séances de kiné sont remboursées comme d'habitude : 60 % du tarif conventionné par l'Assurance "
            "Maladie" in short)
    assert "Votre caisse se fait ensuite rembourser par le responsable ou son assureur" in short
    assert "Prévenez votre caisse dans les quinze jours" in short
    details = answer(domain, "utter_accident_tiers_details")
    assert ("peut être réclamé au responsable ou à son assureur : vous gardez le droit de demander réparation du "
            "préjudice que la Sécurité sociale ne répare pas (art. L.376-1)") in details
    # An accident at work or on the way to it is an accident du travail: 100 %, the franchise still due (L.432-1).
    assert "prises en charge à 100 % du tarif conventionné, la caisse paie le kiné directement" in details


def test_a_kine_prescribes_the_devices_of_the_arrete_and_nicotine_substitutes_and_nothing_else(domain):
    # CSP L.4321-1 and the arrêté du 9 janvier 2006 (modified 29 June 2006): the list of medical devices a kiné may
    # prescribe, « sauf indication contraire du médecin », the material of the session excluded; L.3511-3: nicotine
    # substitutes. « le kiné peut-il prescrire des semelles ? » got who prescribes kiné (0.79), « le kiné peut-il
    # prescrire des anti-inflammatoires ? » the out-of-scope reply.
    short = answer(domain, "utter_prescription_par_kine")
    assert short.startswith("Un kiné ne peut prescrire que certains dispositifs médicaux, pour la rééducation qu'il "
                            "conduit et sauf avis contraire du médecin : cannes, béquilles, déambulateur, attelles souples")
    assert "fauteuil roulant manuel loué moins de trois mois, talonnettes" in short
    assert "Il peut aussi prescrire des substituts nicotiniques." in short
    assert "ni médicaments, ni examens (radio, IRM), ni arrêt de travail, ni semelles orthopédiques" in short
    for_kine = answer(domain, "utter_prescription_par_kine_for_kine")
    assert for_kine.startswith("Vous ne pouvez prescrire que certains dispositifs médicaux")
    assert for_kine.split("Source : ")[1] == short.split("Source : ")[1]
    details = answer(domain, "utter_prescription_par_kine_details")
    assert "Le matériel utilisé pendant la séance ne se prescrit pas" in details
    assert "les talonnettes amortissantes, si" in details
