"""Answer the person: the line added after an FAQ answer for the situation the question states
(bot/situation.py), with the figures of 1 December 2026 written out."""
import datetime as dt

import pytest

from bot.dialogue import follow_up_situation, interpret, is_situation_follow_up
from bot.situation import (asked_situation, follow_up_lines, opening_figure, out_of_scope_lines, remembered,
                           situation_lines, stated_situation, topic_turn)
from bot.wording import ESTABLISHMENT_LINE

TODAY = dt.date(2026, 12, 1)
# CSP art. R.4321-5, 2° c: a kiné's perineal rehabilitation after a birth starts on the 90th day at the earliest.
KINE_PERINEAL_START = ("Chez un kiné, la rééducation du périnée après l'accouchement commence au plus tôt le 90e jour ; "
                       "une sage-femme peut la faire avant (code de la santé publique, art. R.4321-5 et R.4127-318).")


def lines(text, topic="remboursement_taux"):
    return situation_lines(stated_situation(text), topic, TODAY)


@pytest.mark.parametrize("text, expected", [
    ("ma fille de 13 ans a une entorse, c'est remboursé ?",
     "Pour un enfant de moins de 18 ans, pas de franchise médicale : les 1 € par séance ne sont pas retenus "
     "sur le remboursement."),
    ("j'habite à Strasbourg, c'est 90 % ?",
     "Si vous êtes affilié au régime local d'Alsace-Moselle, l'Assurance Maladie rembourse 90 % du tarif "
     "conventionné (au lieu de 60 %)."),
    ("je vis en Martinique, combien coûte une séance ?",
     "Dans les DROM, la lettre clé vaut 2,43 € (au lieu de 2,21 €) : la séance de base y coûte 19,68 €."),
    ("je suis en ALD, la franchise s'applique ?",
     "En ALD, les séances liées à l'affection sont remboursées à 100 % du tarif conventionné ; la franchise "
     "de 1 € par séance reste retenue."),
    ("je suis enceinte de 7 mois, le kiné est remboursé ?",
     "À partir du 6e mois de grossesse, les séances sont prises en charge à 100 % du tarif conventionné, "
     "sans franchise."),
    ("je suis enceinte de 4 mois, le kiné est remboursé ?",
     "Au 4e mois de grossesse, le remboursement habituel s'applique (60 %, franchise retenue) ; à partir du "
     "6e mois, c'est 100 %, sans franchise."),
    ("le kiné vient chez moi, c'est remboursé ?",
     "À domicile, le kiné ajoute à chaque séance l'indemnité forfaitaire de déplacement (2,50 €), remboursée comme la "
     "séance, et des indemnités kilométriques hors de son agglomération."),
    ("j'ai la CSS, le kiné peut me faire payer plus ?",
     "Avec la complémentaire santé solidaire (CSS), les séances au tarif conventionné sont prises en charge à "
     "100 %, sans franchise."),
    ("j'ai l'AME, c'est remboursé ?",
     "Avec l'aide médicale de l'État (AME), les séances au tarif conventionné sont prises en charge à 100 %, "
     "sans franchise."),
    ("je suis en accident du travail, c'est remboursé ?",
     "Pour un accident du travail ou une maladie professionnelle reconnus, les séances qui s'y rapportent sont "
     "remboursées à 100 % du tarif conventionné ; la franchise de 1 € par séance reste retenue. Sur présentation "
     "de la feuille d'accident, le kiné ne peut vous demander aucun honoraire : la caisse le paie directement ; seul "
     "un dépassement pour exigence particulière de votre part peut vous être demandé (code de la sécurité sociale, "
     "art. L.432-1 et L.432-3 ; convention nationale des kinés, art. 3.6)."),
    # CSS art. L.160-14, 13°: every session of the pensioner, the franchise kept (L.160-15).
    ("je suis en invalidité, le kiné est à 100 % ?",
     "Avec une pension d'invalidité (ou la pension de vieillesse qui l'a remplacée), toutes vos séances sont prises "
     "en charge à 100 % du tarif conventionné, même sans lien avec l'invalidité ; la franchise de 1 € par séance "
     "reste retenue (code de la sécurité sociale, art. L.160-14, 13° et R.160-10)."),
    ("j'ai une carte d'invalidité à 80 %, le kiné est remboursé à 100 % ?",
     "Une carte d'invalidité (carte mobilité inclusion), l'AAH ou un taux d'incapacité reconnu par la MDPH ne "
     "donnent pas, à eux seuls, une prise en charge à 100 % des séances. Elle vient d'une ALD, d'un accident du "
     "travail, de la maternité, d'une pension d'invalidité versée par l'Assurance Maladie, d'une rente d'accident "
     "du travail d'au moins deux tiers ou de la complémentaire santé solidaire (code de la sécurité sociale, art. "
     "L.160-9, L.160-14, L.371-1, L.431-1 et L.861-3)."),
    # CSS art. L.160-13 II: the participation forfaitaire is for a médecin's acts and biology; III: the franchise.
    ("la participation forfaitaire de 2 € s'applique chez le kiné ?",
     "La participation forfaitaire ne porte que sur les actes des médecins et la biologie (code de la sécurité "
     "sociale, art. L.160-13 II) : pas sur les séances de kiné, où c'est la franchise (1 € par séance) qui est "
     "retenue."),
    # In ALD and at the 7th month: the maternity cover, wider (every session, no franchise), is the one said.
    ("je suis en ALD et enceinte de 7 mois, le kiné est remboursé ?",
     "À partir du 6e mois de grossesse, les séances sont prises en charge à 100 % du tarif conventionné, "
     "sans franchise."),
    # The care asked about has its own rate, even in a general question (nothing remembered).
    ("combien rembourse la sécu pour la rééducation du périnée après accouchement ?",
     "La rééducation du périnée ou des abdominaux après l'accouchement est prise en charge à 100 % du tarif "
     "conventionné par l'assurance maternité ; d'autres soins ne le sont que jusqu'au 12e jour après la naissance. "
     + KINE_PERINEAL_START),
    # The rééducation du périnée without a birth said: the general answer (60 %) said alone missed the maternity
    # cover that most such questions are about.
    ("la rééducation du périnée est remboursée combien",
     "Après un accouchement, la rééducation du périnée est prise en charge à 100 % du tarif conventionné par "
     "l'assurance maternité ; pour une autre raison, c'est le remboursement habituel. " + KINE_PERINEAL_START),
    # The abdominal rehabilitation likewise (NGAP art. 3: after a birth, or before or after an operation).
    ("la rééducation abdominale est remboursée ?",
     "Après un accouchement, la rééducation abdominale est prise en charge à 100 % du tarif conventionné par "
     "l'assurance maternité ; avant ou après une opération, c'est le remboursement habituel."),
    # An act outside the nomenclature: the rate's answer gives the NGAP's rates, which do not apply to it.
    ("le yoga chez le kiné c'est remboursé ?",
     "Un acte hors nomenclature (Pilates, yoga, cours collectif…) n'a pas de tarif dans la nomenclature : le kiné en "
     "fixe le prix et doit vous l'annoncer avant de le réaliser ; l'Assurance Maladie ne le rembourse jamais, seule "
     "une mutuelle avec un forfait dédié peut en prendre une partie (code de la sécurité sociale, art. L.162-1-7 ; "
     "arrêté du 30 mai 2018)."),
])
def test_one_line_for_the_stated_situation(text, expected):
    assert lines(text) == [expected]


def test_an_act_outside_the_nomenclature_gets_its_line_only_where_the_nomenclatures_tariffs_are_given():
    # « combien coute le pilates chez un kiné » got the NGAP's tariffs alone (17,90 € the basic session)
    assert lines("combien coute le pilates chez un kiné", "tarif_seance")[0].startswith(
        "Un acte hors nomenclature (Pilates, yoga, cours collectif…) n'a pas de tarif")
    assert lines("combien coute le pilates chez un kiné", "hors_nomenclature_exemples") == []
    assert lines("combien coute une séance de kiné", "tarif_seance") == []


def test_a_price_above_the_tariff_is_a_depassement_and_one_session_is_worked_out():
    assert lines("mon kiné conventionné me fait payer 30 € la séance, c'est normal ?") == [
        "Votre kiné est conventionné : ce qu'il demande au-delà du tarif conventionné (séance de base : 17,90 €) "
        "est un dépassement d'honoraires, jamais remboursé par l'Assurance Maladie.",
        # 60 % of 17,90 € = 10,74 €, minus the 1 € franchise; 30,00 − 9,74 = 20,26 €.
        "Pour une séance à 30,00 € chez un kiné conventionné, l'Assurance Maladie rembourse 9,74 € (60 % de "
        "17,90 €, moins 1 € de franchise) ; il vous reste 20,26 €, dont votre mutuelle peut prendre une part."]


def test_a_rente_at_mp_of_two_thirds_covers_every_session_and_below_only_the_accident_s():
    assert lines("j'ai une rente accident du travail à 80 %, le kiné est remboursé ?") == [
        "Avec une rente d'accident du travail ou de maladie professionnelle pour une incapacité d'au moins deux "
        "tiers (66,66 %), toutes vos séances sont prises en charge à 100 % du tarif conventionné, même sans lien "
        "avec l'accident, et celles de vos ayants droit aussi ; la franchise de 1 € par séance reste retenue (code "
        "de la sécurité sociale, art. L.371-1, R.371-1 et R.160-10)."]
    assert lines("j'ai une rente AT à 40 %, le kiné pour mon dos est remboursé ?")[-1] == (
        "Avec une rente pour une incapacité d'au moins deux tiers (66,66 %), ce sont toutes vos séances, même sans "
        "lien avec l'accident, qui sont prises en charge à 100 % (code de la sécurité sociale, art. L.371-1, "
        "R.371-1 et R.160-10).")
    assert remembered(stated_situation("j'ai une rente AT à 70 %")) == {"prise_en_charge_100": "rente_at"}
    # An accident du travail's rate is no MDPH rate: no line on the carte d'invalidité.
    assert not any("carte d'invalidité" in line for line in lines("j'ai un taux d'incapacité de 30 % après mon "
                                                                     "accident du travail"))
    # « invalide à 80 % », « reconnu handicapé » alone: the line on what gives a cover at 100 %.
    for text in ("je suis invalide à 80 %, le kiné est gratuit ?", "je suis reconnu handicapé, le kiné est gratuit ?"):
        assert lines(text)[0].startswith("Une carte d'invalidité (carte mobilité inclusion), l'AAH"), text


OSTEOPATHIE = ("L'ostéopathie et la chiropraxie ne sont pas des actes de la nomenclature : leurs séances ne sont pas "
               "remboursées par l'Assurance Maladie, même faites par un kiné, et leur prix est libre (code de la "
               "sécurité sociale, art. L.162-1-7 : seuls les actes inscrits sont pris en charge). Certaines mutuelles "
               "les remboursent par un forfait « médecines douces », par séance ou par an : voyez votre contrat. Une "
               "séance de kinésithérapie prescrite et facturée au tarif conventionné reste remboursée comme d'habitude.")


def test_the_osteopathie_named_gets_its_line_and_its_price_is_no_depassement():
    # « mon kiné fait aussi ostéo » got the 60 % answer alone; 45 € for an ostéo session was called a
    # dépassement of the base session (17,90 €).
    assert lines("mon kiné fait aussi ostéo, la séance est prise en charge par la sécu ?") == [OSTEOPATHIE]
    assert lines("j'ai payé 45 € une séance d'ostéopathie chez mon kiné, c'est normal ?") == [OSTEOPATHIE]
    assert remembered(stated_situation("l'ostéopathe m'a pris 60 €")) == {}
    assert lines("le chiropracteur est remboursé par la sécu ?") == [OSTEOPATHIE]
    assert lines("jai payé 60e chez losteo c rembourser ?") == [OSTEOPATHIE]
    assert lines("mon kiné m'a pris 45 € la séance") != [OSTEOPATHIE]
    update = interpret("j'ai payé 45 € une séance d'ostéo chez mon kiné, je suis remboursé combien ?", None,
                       today=TODAY)
    assert OSTEOPATHIE in update.notes
    # Above every tariff, no question on the kiné's status: an act outside the nomenclature.
    assert update.slots["calc_prix_eleve"] == "hors_nomenclature"
    # 17,90 € is the base session's tariff: a kiné-ostéopathe's NGAP session, not asked about.
    assert "calc_prix_eleve" not in interpret("mon kiné ostéo me prend 17,90 la séance", None, today=TODAY).slots


def test_a_price_for_a_named_care_is_set_against_that_care_s_tariff():
    # « 30 euros … pour le bilan » was set against the base session (17,90 €): 9,74 € back, 20,26 € left.
    # The BDK's tariff is 23,65 €: 60 % of it is 14,19 €, minus the 1 € franchise; 30,00 − 13,19 = 16,81 €.
    assert lines("le kiné m'a fait payer 30 euros la première séance pour le bilan") == [
        "Si votre kiné est conventionné : ce qu'il demande au-delà du tarif conventionné (bilan-diagnostic "
        "kinésithérapique : 23,65 €) est un dépassement d'honoraires, jamais remboursé par l'Assurance Maladie.",
        "Pour une séance à 30,00 € chez un kiné conventionné, l'Assurance Maladie rembourse 13,19 € (60 % de "
        "23,65 €, moins 1 € de franchise) ; il vous reste 16,81 €, dont votre mutuelle peut prendre une part."]
    # Respiratory care, ARL 8,5 × 2,21 € = 18,79 €: 60 % is 11,27 €, minus 1 €; 25,00 − 10,27 = 14,73 €. 25 € is
    # below the dearest tariff at home, so it was said to be no tariff, against the base session.
    assert lines("kiné respiratoire 25 euros la séance normal ?")[-1] == (
        "Pour une séance à 25,00 € chez un kiné conventionné, l'Assurance Maladie rembourse 10,27 € (60 % de "
        "18,79 €, moins 1 € de franchise) ; il vous reste 14,73 €, dont votre mutuelle peut prendre une part.")
    # At home, the tariff said holds the flat travel allowance: 17,90 + 2,50 = 20,40 €.
    assert lines("kiné à domicile 40 € la séance") == [
        "Si votre kiné est conventionné : ce qu'il demande au-delà du tarif conventionné (séance de base à "
        "domicile, indemnité forfaitaire comprise : 20,40 €) est un dépassement d'honoraires, jamais remboursé "
        "par l'Assurance Maladie."]
    # A price that is no tariff for the care named: that care's tariff is said.
    assert lines("bilan kiné à 24 euros normal?")[0] == (
        "24,00 € la séance ne correspond à aucun tarif conventionné. Si votre kiné est conventionné, le tarif "
        "conventionné de ce soin (bilan-diagnostic kinésithérapique) est de 23,65 € au cabinet : l'écart avec le "
        "tarif de votre soin est un dépassement, jamais remboursé par l'Assurance Maladie.")


def test_under_a_depassement_topic_only_the_figure_is_added():
    # The topic's answer explains the dépassement; the figure for this price is still worth having.
    assert lines("mon kiné conventionné me demande 35 euros la séance, c'est remboursé ?", "depassement_droit") == [
        "Pour une séance à 35,00 € chez un kiné conventionné, l'Assurance Maladie rembourse 9,74 € (60 % de "
        "17,90 €, moins 1 € de franchise) ; il vous reste 25,26 €, dont votre mutuelle peut prendre une part."]


@pytest.mark.parametrize("text, expected", [
    # A child: no franchise, 10,74 € back, 28,00 − 10,74 = 17,26 €.
    ("ma fille de 12 ans, la séance est à 28 €, remboursé combien ?",
     "Pour une séance à 28,00 € chez un kiné conventionné, l'Assurance Maladie rembourse 10,74 € (60 % de "
     "17,90 €) ; il vous reste 17,26 €, dont votre mutuelle peut prendre une part."),
    # Alsace-Moselle: 90 % of 17,90 € = 16,11 €, minus 1 €.
    ("j'habite à Metz, mon kiné prend 30 € la séance",
     "Pour une séance à 30,00 € chez un kiné conventionné, l'Assurance Maladie rembourse 15,11 € (90 % de "
     "17,90 €, moins 1 € de franchise) ; il vous reste 14,89 €, dont votre mutuelle peut prendre une part."),
    # The DROM: the session's tariff is 8,1 × 2,43 € = 19,68 €; 60 % of it is 11,81 €.
    ("je vis en Guadeloupe, mon kiné prend 30 €",
     "Pour une séance à 30,00 € chez un kiné conventionné, l'Assurance Maladie rembourse 10,81 € (60 % de "
     "19,68 €, moins 1 € de franchise) ; il vous reste 19,19 €, dont votre mutuelle peut prendre une part."),
])
def test_one_session_worked_out_for_the_stated_situation(text, expected):
    assert lines(text)[-1] == expected


def test_no_one_session_figure_where_it_would_need_more():
    # At home the price holds the travel allowances; in a pregnancy the month decides the rate; with
    # the CSS the dépassement itself is in question.
    assert not any("Pour une séance à" in line for line in lines("kiné à domicile 40 € la séance"))
    assert not any("Pour une séance à" in line for line in lines("je suis enceinte, mon kiné prend 30 €"))
    assert not any("Pour une séance à" in line for line in lines("j'ai la CSS, mon kiné prend 30 €"))
    assert "séance de base : 19,68 €" in lines("je vis en Guadeloupe, mon kiné prend 30 €")[1]


def test_a_general_question_gets_no_line():
    assert lines("c'est quoi l'ALD ?") == [] and lines("combien coûte une séance de kiné ?") == []


def test_a_price_for_pilates_is_not_called_a_depassement():
    # Pilates is hors nomenclature: nothing above a tariff, since there is no tariff; what such an act costs instead.
    said = lines("mon kine me fait du pilates a 80 euros c rembourse ?")
    assert len(said) == 1 and said[0].startswith("Un acte hors nomenclature") and "dépassement" not in said[0]
    # … and a calculation asked next is not taken as hors nomenclature.
    assert remembered(stated_situation("mon kine me fait du pilates a 80 euros c rembourse ?")) == {}


def test_a_price_at_a_non_conventionne_is_not_called_a_depassement():
    # Not the asker's own kiné (« chez un déconventionné »), but still no « si votre kiné est conventionné »:
    # what such a kiné's price means for the reimbursement instead.
    assert lines("la séance à 45 € chez un déconventionné, c'est normal ?") == [
        "Chez un kiné non conventionné : l'Assurance Maladie ne rembourse que sur le « tarif d'autorité », quasi "
        "nul ; une mutuelle en % de la base ne verse donc presque rien, seul un forfait (par séance ou annuel) peut "
        "jouer."]
    assert remembered(stated_situation("la séance à 45 € chez un déconventionné, c'est normal ?")) == {}


def test_ones_own_kine_outside_the_convention_gets_its_line_except_in_that_topics_family():
    # The mutuelle's answer alone explains « % BR », which pays next to nothing at such a kiné.
    assert lines("mon kiné n'est pas conventionné, ma mutuelle rembourse ?", topic="mutuelle_prise_en_charge") == [
        "Votre kiné n'est pas conventionné : l'Assurance Maladie ne rembourse que sur le « tarif d'autorité », quasi "
        "nul ; une mutuelle en % de la base ne verse donc presque rien, seul un forfait (par séance ou annuel) peut "
        "jouer."]
    for topic in ("non_conventionne_definition", "non_conventionne_remboursement", "non_conventionne_tarifs",
                  "non_conventionne_avantages"):
        assert lines("mon kiné n'est pas conventionné, je suis remboursé ?", topic=topic) == []


def test_a_price_without_a_prescription_is_not_called_a_depassement():
    # Without a prescription there is no tariff to exceed nor reimbursement: the topic's answer says so.
    assert lines("le kiné m'a demandé 50 euros sans ordonnance, c'est normal ?", topic="sans_ordonnance_prix") == []
    assert lines("j'ai pas d'ordo, il me prend 40 €, je suis remboursé ?") == []
    assert remembered(stated_situation("le kiné m'a demandé 50 euros sans ordonnance")) == {}
    for text in ("le kiné m'a demandé 50 euros avec l'ordonnance, c'est normal ?",
                 "en accès direct sans ordonnance il me prend 40 €, c'est normal ?"):  # billed on the tariff
        assert lines(text)[0].startswith(
            "Si votre kiné est conventionné : ce qu'il demande au-delà du tarif conventionné"), text


def test_a_kine_asking_about_leaving_the_convention_gets_no_patients_line():
    # « Votre kiné n'est pas conventionné : l'Assurance Maladie ne rembourse que… » answered a kiné.
    assert lines("kiné: je veux me déconventionner, comment faire ?", topic="conventionnement_kine") == []
    assert lines("je suis kiné déconventionné, comment je cote un bilan ?", topic="cotation_ngap") == []


def test_no_line_when_the_answer_already_covers_the_situation():
    assert lines("je suis en ALD, c'est remboursé à 100 % ?", topic="ald_100") == []
    assert lines("le kiné vient chez moi, c'est remboursé ?", topic="seance_domicile") == []
    # The régime local's answer gives its 90 %; the refusal answer names the CSS and the AME.
    assert lines("j'habite à Strasbourg, c'est quoi le régime local ?", topic="regime_alsace_moselle") == []
    assert lines("j'ai la CSS et le kiné refuse de me soigner, il a le droit ?", topic="refus_de_soins") == []
    assert lines("j'ai la CSS, le kiné est remboursé comment ?") == [
        "Avec la complémentaire santé solidaire (CSS), les séances au tarif conventionné sont prises en charge à "
        "100 %, sans franchise."]


def test_a_care_with_the_specific_allowance_names_it_at_home():
    # NGAP art. 5 and ameli (02/08/2024): the IFP, then the single IFS, for cystic fibrosis care at home.
    assert lines("ma fille a la mucoviscidose, le kiné vient à la maison, combien ça coûte ?",
                 topic="seance_domicile") == [
        "Pour un enfant de moins de 18 ans, pas de franchise médicale : les 1 € par séance ne sont pas retenus "
        "sur le remboursement.",
        ALD_LIST.format("mucoviscidose"),
        "Pour ces soins (rééducation respiratoire de la mucoviscidose), c'est l'indemnité forfaitaire spécifique "
        "(4,00 €) que le kiné ajoute à domicile, au lieu de l'indemnité forfaitaire de déplacement (2,50 €) : "
        "elle est remboursée comme la séance."]
    # The care read in the message is named with its allowance, so that it can be corrected.
    assert lines("mon père fait de la kiné respiratoire, le kiné vient chez lui, c'est remboursé ?") == [
        "À domicile, pour ces soins (kinésithérapie respiratoire), le kiné ajoute à chaque séance l'indemnité "
        "forfaitaire spécifique (4,00 €), remboursée comme la séance, et des indemnités kilométriques hors de son "
        "agglomération."]
    assert lines("j'ai 72 ans, je fais de la kiné à domicile depuis ma chute, c'est remboursé ?")[0].startswith(
        "À domicile, pour ces soins (rééducation de la marche de la personne âgée), le kiné ajoute")
    # Urgent care (bronchiolitis) and the basic act keep the IFD the answer gives: no line.
    assert lines("bronchiolite à domicile, combien ?", topic="seance_domicile") == []
    assert lines("séance à domicile pour mon genou, combien ?", topic="seance_domicile") == []
    # The care shapes the line; it is not remembered for a calculation.
    assert "act" not in remembered(stated_situation("ma fille a la mucoviscidose, le kiné vient à la maison"))
    # A pathology named by its acts' letter (« parkinsonien »: NMI, IFN then IFS) got the IFD's line (2,50 €).
    assert lines("je suis kiné, comment coter la rééducation d'un patient parkinsonien à domicile ?",
                 topic="cotation_ngap")[1] == (
        "À domicile, pour ces soins (affection neurologique stable ou évolutive (Parkinson, sclérose en plaques…)), le "
        "kiné ajoute à chaque séance l'indemnité forfaitaire spécifique (4,00 €), remboursée comme la séance, et des "
        "indemnités kilométriques hors de son agglomération.")
    assert "asked_letter" not in remembered(stated_situation("mon père a Parkinson, le kiné vient à la maison"))


NEAREST_KINE = ("La caisse ne rembourse les indemnités kilométriques que jusqu'à la distance du kiné le plus proche de "
                "votre domicile : si vous avez choisi un kiné plus éloigné, le surplus reste à votre charge.")


def test_a_distance_said_gets_the_travel_allowances_at_that_distance():
    # NGAP art. 13 C: the IK add to the flat allowance, on 2 × the distance less 2 km each way in plaine,
    # 1 km in montagne; none up to 2 km (plaine) or 1 km (montagne).
    assert lines("kiné à domicile à 8 km de chez lui, en montagne, combien de frais de déplacement ?",
                 topic="seance_domicile") == [
        "À 8 km (montagne), hors de l'agglomération du cabinet : l'indemnité forfaitaire de déplacement (2,50 €) + "
        "les indemnités kilométriques, (2 × 8 km − 2 km d'abattement) × 0,61 € = 8,54 €, soit 11,04 € de frais de "
        "déplacement par séance, remboursés comme la séance. " + NEAREST_KINE]
    assert lines("le kiné vient chez moi, j'habite à 12 km de son cabinet, combien ?", topic="seance_domicile") == [
        "À 12 km (plaine), hors de l'agglomération du cabinet : l'indemnité forfaitaire de déplacement (2,50 €) + "
        "les indemnités kilométriques, (2 × 12 km − 4 km d'abattement) × 0,38 € = 7,60 €, soit 10,10 € de frais de "
        "déplacement par séance, remboursés comme la séance. " + NEAREST_KINE]
    # Respiratory care outside urgency: the IFS (4 €), to which the IK add as well.
    assert lines("kiné respiratoire à domicile à 10 km", topic="seance_domicile")[-1].startswith(
        "À 10 km (plaine), hors de l'agglomération du cabinet : l'indemnité forfaitaire spécifique (4,00 €) + "
        "les indemnités kilométriques, (2 × 10 km − 4 km d'abattement) × 0,38 € = 6,08 €, soit 10,08 €")
    assert lines("frais de déplacement du kiné pour 1,5 km", topic="seance_domicile") == [
        "À 1,5 km (plaine), pas d'indemnités kilométriques : elles ne s'ajoutent qu'au-delà de 2 km, hors de "
        "l'agglomération du cabinet. Le kiné ajoute seulement l'indemnité forfaitaire de déplacement (2,50 €) à "
        "chaque séance."]
    # A typing error gets the calculator's message, not a figure.
    assert lines("kiné à domicile à 100000 km", topic="seance_domicile") == [
        "La distance entre le cabinet et le domicile semble trop grande (100 000) : le maximum accepté est 300."]
    # A distance to the practice is no home visit: no line, nothing remembered (it got both home-visit lines, and
    # a calculation then counted the IFD and the IK).
    for text, topic in (("le cabinet est à 3 km de chez moi, il faut une ordonnance ?", "ordonnance_necessaire"),
                        ("j'habite à 5 km du kiné, je peux en choisir un autre ?", "choisir_kine")):
        assert lines(text, topic=topic) == [] and remembered(stated_situation(text)) == {}
    # Someone else's distance is asked about, not remembered for a calculation; one's own is.
    assert remembered(stated_situation("kiné à domicile à 8 km de chez lui, en montagne")) == {}
    assert remembered(stated_situation("le kiné vient chez moi, j'habite à 12 km"))["distance_km"] == 12


def test_a_calculation_opening_on_a_conventionne_price_gets_the_one_session_figure():
    def first(text):
        return opening_figure(interpret(text, None).slots, TODAY)
    assert first("mon kiné est conventionné et me demande 35 € la séance, je suis remboursé combien ?") == [
        # 60 % of 17,90 € = 10,74 €, minus the 1 € franchise; 35,00 − 9,74 = 25,26 €.
        "Pour une séance à 35,00 € chez un kiné conventionné, l'Assurance Maladie rembourse 9,74 € (60 % de "
        "17,90 €, moins 1 € de franchise) ; il vous reste 25,26 €, dont votre mutuelle peut prendre une part."]
    assert first("10 séances à 35 € chez un conventionné") == []  # the total follows soon
    # Conventionné or not: not said, so both cases when the message asks (the form asks the status next).
    assert opening_figure(interpret("35 € la séance, combien je récupère ?", None).slots, TODAY, asked=True) == [
        "Pour une séance à 35,00 € chez un kiné conventionné, l'Assurance Maladie rembourse 9,74 € (60 % de "
        "17,90 €, moins 1 € de franchise) ; il vous reste 25,26 €, dont votre mutuelle peut prendre une part.",
        "Chez un kiné non conventionné, l'Assurance Maladie ne rembourse presque rien (« tarif d'autorité »)."]
    assert first("mon kiné prend 35 € la séance") == []  # no question: the form asks
    assert first("mon kiné conventionné prend 25 € la séance") == []  # the care question says why
    assert first("mon kiné conventionné vient à domicile, 35 € la séance") == []  # allowances in the price


def test_a_calculation_opening_on_a_care_alone_gets_that_care_s_session_first():
    # « la kiné coûte combien » with a care and no count asked « Combien de séances ? » before any figure.
    def first(text):
        return opening_figure(interpret(text, None, today=TODAY).slots, TODAY)
    assert first("mon bébé de 3 mois a une bronchiolite, la kiné coûte combien") == [
        # ARL 8,49 × 2,21 € = 18,76 €; 60 % = 11,256 → 11,26 €; no franchise under 18; 18,76 − 11,26 = 7,50 €.
        "Une séance de désencombrement respiratoire urgent coûte 18,76 € au cabinet chez un kiné conventionné : "
        "l'Assurance Maladie en rembourse 11,26 € (60 % de 18,76 €) ; il vous reste 7,50 €, dont votre mutuelle "
        "peut prendre une part."]
    # In ALD what is left is the franchise alone, which a mutuelle does not cover.
    assert first("je suis en ALD, combien je paie pour le bilan") == [
        "Un bilan-diagnostic kinésithérapique coûte 23,65 € au cabinet chez un kiné conventionné : "
        "l'Assurance Maladie en rembourse 22,65 € (100 % de 23,65 €, moins 1 € de franchise) ; il vous reste "
        "1,00 €, la franchise, que la mutuelle ne couvre pas."]
    assert first("10 séances de drainage des deux jambes") == []  # the total follows soon
    assert first("le kiné vient à domicile pour mon genou, combien je paie") == []  # allowances: the calculator
    assert first("enceinte de 7 mois, le kiné pour le dos coûte combien") == []  # the month asked first


def test_the_franchise_of_the_date():
    old = situation_lines({"age": 13}, "franchise_medicale", dt.date(2024, 3, 1))
    assert old == ["Pour un enfant de moins de 18 ans, pas de franchise médicale : les 0,50 € par séance ne sont "
                   "pas retenus sur le remboursement."]


def test_the_calculator_remembers_the_situation_not_the_price():
    situation = stated_situation("mon kiné conventionné me fait payer 30 € la séance, c'est normal ?")
    assert remembered(situation) == {"conventionne": True}


def test_sessions_said_to_be_in_balneo_are_remembered_for_a_calculation():
    # « mes séances de kiné sont en balnéo, c'est remboursé ? » then « combien pour 10 séances ? »: the supplement was
    # left out of the result
    turn = topic_turn("mes séances de kiné sont en balnéo, c'est remboursé ?", {}, after_result=False)
    assert turn.remembered == {"balneo": "bassin"}
    assert topic_turn("je fais de la rééducation en piscine avec mon kiné", {}, False).remembered == {"balneo": "piscine"}
    # a question on the balnéo is nobody's sessions
    for text in ("la balnéo c'est remboursé ?", "est-ce que la balnéothérapie est remboursée ?"):
        assert topic_turn(text, {}, after_result=False).remembered == {}, text

def follow_up(text, topic="franchise_medicale"):
    return follow_up_lines(follow_up_situation(text), topic, TODAY)


def test_a_follow_up_for_an_adult_says_the_answer_stands():
    # « et pour ma mère de 80 ans ? » after the franchise: not the out-of-scope reply, not a calculation.
    assert follow_up("et pour ma mère de 80 ans ?") == [
        "À 80 ans, la réponse ci-dessus vaut aussi : le remboursement ne dépend pas de l'âge ; seuls les moins "
        "de 18 ans sont exonérés de la franchise médicale."]
    assert follow_up("et pour un adulte ?")[0].startswith("Pour un adulte, la réponse ci-dessus vaut aussi")


def test_a_follow_up_for_a_child_gets_the_childs_line_only():
    assert follow_up("et pour un enfant ?") == [
        "Pour un enfant de moins de 18 ans, pas de franchise médicale : les 1 € par séance ne sont pas retenus "
        "sur le remboursement."]


def test_a_follow_up_with_a_month_after_a_pregnancy_answer_gets_that_months_line():
    # « je suis enceinte de 5 mois, le kiné est remboursé ? », then « et à 7 mois ? »: until 2026-12-03 the
    # month alone opened the calculator.
    assert any("6e mois" in line and "100 %" in line for line in follow_up("et à 7 mois ?"))


def test_the_metropole_after_the_drom_s_figures_gets_its_own_beside_them():
    # « c quoi la différence avec la métropole ? », « et en métropole ? » after the DROM's key letter got the
    # out-of-scope reply.
    metropole = ("En métropole, la lettre clé vaut 2,21 € (2,43 € dans les DROM) : la séance de base y coûte 17,90 € "
                 "(19,68 € dans les DROM).")
    for text in ("et en métropole ?", "c quoi la différence avec la métropole ?", "et si j'habitais en métropole ?"):
        assert is_situation_follow_up("out_of_scope", 0.6, text), text
        assert follow_up(text, "tarif_seance") == [metropole], text
    assert follow_up("quelle différence pour un enfant ?") == follow_up("et pour un enfant ?")
    # said in a question of one's own, the metropole is no situation to remember: the form still asks for one
    assert remembered(stated_situation("j'habite en métropole, le kiné est remboursé combien ?")) == {}
    # a DROM named too is the DROM
    assert follow_up_situation("et en Martinique, c'est pas comme en métropole ?") in ({}, {"drom": True})


def test_a_follow_up_naming_no_age_and_no_known_case_gets_no_line():
    assert follow_up("et pour le dos ?") == []


def test_a_general_question_on_post_natal_rehabilitation_is_answered_but_not_remembered():
    assert remembered(stated_situation("la rééducation du périnée après l'accouchement est remboursée ?")) == {}
    assert remembered(stated_situation("je viens d'accoucher, la rééducation du périnée est remboursée ?")) == {
        "prise_en_charge_100": "maternite", "post_partum": True}


def test_a_rate_question_for_a_situation_that_is_nobody_s_gets_its_line_not_remembered():
    # « les séances de kiné sont-elles remboursées pour un enfant ? » got the general answer only; after
    # it, « ok et c'est remboursé pour un enfant ? » got the same answer again, word for word.
    # « c'est gratuit le kiné pour les enfants ? » got the general answer only too.
    for text in ("les séances de kiné sont-elles remboursées pour un enfant ?", "ok et c'est remboursé pour un enfant ?",
                 "c'est gratuit le kiné pour les enfants ?"):
        turn = topic_turn(text, {}, after_result=False)
        assert situation_lines(turn.situation, "remboursement_taux", dt.date(2026, 12, 4)) == [
            "Pour un enfant de moins de 18 ans, pas de franchise médicale : les 1 € par séance ne sont pas "
            "retenus sur le remboursement."]
        assert turn.remembered == {}
    turn = topic_turn("en Alsace-Moselle, le kiné est remboursé à combien ?", {}, after_result=False)
    assert situation_lines(turn.situation, "remboursement_taux", dt.date(2026, 12, 4))[0].startswith(
        "Si vous êtes affilié au régime local d'Alsace-Moselle, l'Assurance Maladie rembourse 90 %")
    # Not for a question on something else, nor for the kiné's status or a home visit (« votre kiné »).
    for text in ("kiné pour bébé, comment en trouver un ?", "pour un enfant, une séance dure combien de temps ?",
                 "un kiné non conventionné, c'est remboursé ?", "le kiné à domicile, c'est remboursé ?"):
        assert asked_situation(text) == {}, text


def test_a_rate_question_after_a_situation_was_said_gets_that_situation_s_line():
    # « j'habite à Metz », then « la kiné c'est remboursé combien ? »: the 60 % answer alone, to a person of the régime
    # local (90 %) or in ALD (100 %).
    when = dt.date(2026, 12, 7)
    turn = topic_turn("la kiné c'est remboursé combien ?", {"regime": "alsace_moselle"}, False,
                      topic="remboursement_taux")
    assert situation_lines(turn.situation, "remboursement_taux", when)[0].startswith(
        "Si vous êtes affilié au régime local d'Alsace-Moselle, l'Assurance Maladie rembourse 90 %")
    assert turn.remembered == {"regime": "alsace_moselle"}
    turn = topic_turn("c'est quoi la franchise ?", {"age": 13, "domicile": True}, False, topic="franchise_medicale")
    assert turn.situation == {"age": 13}  # the home visit changes no franchise
    # A situation said with the question is the one answered; another topic's answer takes none.
    turn = topic_turn("et pour un enfant, c'est remboursé ?", {"regime": "alsace_moselle"}, False,
                      topic="remboursement_taux")
    assert "regime" not in turn.situation and turn.situation["age"] < 18
    assert topic_turn("faut-il une ordonnance ?", {"regime": "alsace_moselle"}, False,
                      topic="ordonnance_necessaire").situation == {}
    # « mon kiné est déconventionné… », then « et ma mutuelle ? »: « À deux fois la base, une séance à 17,90 € est
    # couverte jusqu'à 35,80 € » alone; the percentage of a base that is nearly nil pays nearly nothing
    turn = topic_turn("et ma mutuelle ?", {"conventionne": False}, False, topic="mutuelle_prise_en_charge")
    assert situation_lines(turn.situation, "mutuelle_prise_en_charge", when) == [
        "Votre kiné n'est pas conventionné : l'Assurance Maladie ne rembourse que sur le « tarif d'autorité », quasi "
        "nul ; une mutuelle en % de la base ne verse donc presque rien, seul un forfait (par séance ou annuel) peut "
        "jouer."]


def test_an_faq_turn_parses_its_message_once(monkeypatch):
    import bot.situation
    calls = []
    real = bot.situation.parse_request
    monkeypatch.setattr(bot.situation, "parse_request", lambda text: calls.append(text) or real(text))
    turn = topic_turn("et si elle n'est pas en ALD ?", {"prise_en_charge_100": "ald", "age": 82}, after_result=False)
    assert turn.remembered == {"age": 82} and not turn.recalculate
    assert calls == ["et si elle n'est pas en ALD ?"]
    # A care's figure asked after a calculation: whom it is about is read from that parse too
    import bot.dialogue
    real_dialogue = bot.dialogue.parse_request
    monkeypatch.setattr(bot.dialogue, "parse_request", lambda text: calls.append(text) or real_dialogue(text))
    calls.clear()
    turn = topic_turn("et le bilan il coute combien ?", {"age": 16}, after_result=False)
    assert turn.situation["age"] == 16 and calls == ["et le bilan il coute combien ?"]


def test_a_conventionne_price_below_every_top_tariff_but_matching_none_is_said_to_be_no_tariff():
    # « mon kiné conventionné me facture 22 € la séance, c'est normal ? » got the general answer on
    # dépassements: 22 € is below the dearest tariff (at home), so no line was said.
    situation = stated_situation("mon kiné me facture 22 € la séance, il est conventionné, c'est normal ?")
    assert situation_lines(situation, "depassement_droit", TODAY) == [
        "22,00 € la séance ne correspond à aucun tarif conventionné : la séance de base (genou, dos, entorse…) "
        "vaut 17,90 € au cabinet ; l'écart avec le tarif de votre soin est un dépassement, jamais remboursé par "
        "l'Assurance Maladie.",
        "Pour une séance à 22,00 € chez un kiné conventionné, l'Assurance Maladie rembourse 9,74 € (60 % de "
        "17,90 €, moins 1 € de franchise) ; il vous reste 12,26 €, dont votre mutuelle peut prendre une part."]
    # A tariff (the base session, the bilan): no line.
    for text in ("mon kiné conventionné me prend 17,90 € la séance, c'est normal ?",
                 "mon kiné conventionné me prend 23,65 € la séance, c'est normal ?"):
        assert situation_lines(stated_situation(text), "depassement_droit", TODAY) == [], text
    # A kiné whose convention is not said, above the base session: the same, if he is conventionné (« mon kiné
    # facture 21,50 la séance, c'est normal ? » got only the general answer on a session's price).
    assert situation_lines(stated_situation("mon kiné me prend 21,50 € la séance, c'est normal ?"), "tarif_seance",
                           TODAY) == [
        "21,50 € la séance ne correspond à aucun tarif conventionné. Si votre kiné est conventionné, la séance de base "
        "(genou, dos, entorse…) vaut 17,90 € au cabinet : l'écart avec le tarif de votre soin est un dépassement, "
        "jamais remboursé par l'Assurance Maladie.",
        "Pour une séance à 21,50 € chez un kiné conventionné, l'Assurance Maladie rembourse 9,74 € (60 % de "
        "17,90 €, moins 1 € de franchise) ; il vous reste 11,76 €, dont votre mutuelle peut prendre une part."]
    # Below the base session, with the status unsaid: no line (it may be no kiné act at all).
    assert situation_lines(stated_situation("ma kiné me prend 15 € la séance, c'est normal ?"), "tarif_seance",
                           TODAY) == []


def test_a_disability_card_is_not_remembered_a_pension_d_invalidite_is():
    assert remembered(stated_situation("j'ai une carte d'invalidité, c'est remboursé ?")) == {}
    assert remembered(stated_situation("je touche une pension d'invalidité")) == {"prise_en_charge_100": "invalidite"}


def test_a_year_asked_about_gets_that_year_s_base_session():
    # « combien coûte une séance de kiné en 2027 » got today's 17,90 € alone.
    assert lines("combien coûte une séance de kiné en 2027", "tarif_seance") == [
        "En 2027, la séance de base (rééducation d'un membre ou du dos) vaudra 17,90 €, puis 18,56 € (valeur "
        "prévue, non confirmée) à partir du 1er juillet 2027."]
    # 7,5 × 2,15 € = 16,13 €; 7,5 × 2,21 € = 16,58 € from the lettre clé's step of 22 February 2024.
    assert lines("tarif kiné 2024", "tarif_seance") == [
        "En 2024, la séance de base (rééducation d'un membre ou du dos) valait 16,13 €, puis 16,58 € à partir du "
        "22 février 2024."]
    assert lines("remboursement kiné 2025", "remboursement_taux") == [
        "En 2025, la séance de base (rééducation d'un membre ou du dos) valait 16,58 €."]
    assert lines("prix séance kiné 2026", "tarif_seance") == []  # the answer's own year
    assert lines("franchise kiné 2024", "franchise_medicale") == []  # not a price topic
    assert remembered(stated_situation("tarif kiné 2024")) == {}


def test_a_year_asked_as_a_follow_up():
    # « et en 2027 ? » after the price got « Je n'ai pas de réponse plus précise… ».
    assert follow_up("et en 2027 ?", "tarif_seance") == [
        "En 2027, la séance de base (rééducation d'un membre ou du dos) vaudra 17,90 €, puis 18,56 € (valeur "
        "prévue, non confirmée) à partir du 1er juillet 2027."]
    assert follow_up("et en 2027 ?", "franchise_medicale") == []
    # After a result it is a what-if: the calculation at the middle of that year (8,4 × 2,21 € = 18,56 €).
    assert is_situation_follow_up("out_of_scope", 0.6, "et en 2027 ?")
    full = {"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None},
            "calc_situation": {}}
    update = interpret("et en 2027 ?", None, current=full, today=TODAY)
    assert update.slots == {"calc_situation": {"date": "2027-07-01"}}
    assert update.notes == ["Je prends les tarifs au 01/07/2027."]
    # The month named too (« et en juillet 2027 ? » got the same « Je n'ai pas de réponse plus précise… »).
    assert is_situation_follow_up("out_of_scope", 0.6, "et en juillet 2027 ?")
    assert follow_up("et en juillet 2027 ?", "tarif_seance") == follow_up("et en 2027 ?", "tarif_seance")
    assert interpret("et en juillet 2027 ?", None, current=full, today=TODAY).slots == {
        "calc_situation": {"date": "2027-07-01"}}


def test_a_rate_of_incapacity_above_100_percent_is_said_not_dropped():
    # « je suis invalide à 1000 % » opened a calculation that said nothing of it.
    update = interpret("je suis invalide à 1000 %", None, today=TODAY)
    assert update.errors == ["Un taux d'incapacité ou d'invalidité va de 0 à 100 % (vous avez écrit « 1000 % ») : "
                             "je n'en tiens pas compte."]
    assert interpret("je suis invalide à 80 %", None, today=TODAY).errors == []


ALD_LIST = ("La liste des affections de longue durée comprend « {} » (code de la sécurité sociale, art. D.160-4) : si "
            "l'affection est reconnue en ALD par la caisse d'assurance maladie, les séances qui s'y rapportent "
            "sont prises en charge à 100 % du tarif conventionné (art. L.160-14, 3°) ; sinon, c'est le remboursement "
            "habituel.")


def test_a_disease_of_the_ald_list_gets_the_cover_it_may_open():
    # The issue's own example got the minor's franchise alone; D.160-4 lists the « scoliose idiopathique
    # structurale évolutive ».
    assert lines("ma fille de 13 ans a une scoliose, c'est remboursé ?") == [
        "Pour un enfant de moins de 18 ans, pas de franchise médicale : les 1 € par séance ne sont pas retenus "
        "sur le remboursement.",
        ALD_LIST.format("scoliose idiopathique structurale évolutive")]
    assert lines("drainage lymphatique après mon cancer du sein, c'est remboursé ?") == [
        ALD_LIST.format("tumeur maligne")]
    # The ALD said: its own line, not this one.
    assert lines("je suis en ALD pour ma sclérose en plaques, le kiné est remboursé ?") == [
        "En ALD, les séances liées à l'affection sont remboursées à 100 % du tarif conventionné ; la franchise de "
        "1 € par séance reste retenue."]
    assert lines("j'ai une entorse, c'est remboursé ?") == []
    # « avc » typed for « avec » named the accident vasculaire cérébral: its ALD line came first.
    assert lines("combein ca coute une seanse de kine avc la secu") == []
    assert lines("mon père a fait un AVC le mois dernier, le kiné est remboursé ?") == [
        ALD_LIST.format("accident vasculaire cérébral invalidant")]
    assert "asked_ald_disease" not in remembered(stated_situation("ma fille a une scoliose"))
    # In a calculation, a note: the usual rate is counted until the ALD is said.
    assert interpret("10 séances pour la scoliose de ma fille de 12 ans", None, today=TODAY).notes == [
        ALD_LIST.format("scoliose idiopathique structurale évolutive")
        + " Le calcul suppose qu'elle ne l'est pas ; si elle l'est, dites « en ALD »."]
    # « en ALD », as the note says, right after the result: the calculation again, not the ALD's answer.
    assert topic_turn("en ALD", {}, after_result=True).recalculate
    assert not topic_turn("en ALD", {}, after_result=False).recalculate


def test_a_figure_asked_for_a_care_gets_its_session_reimbursement_and_what_is_left():
    # « combien rembourse la sécu pour un drainage des deux jambes ? » got the tariffs of the answer, no
    # reimbursement. Drainage of two limbs, RAV 9 × 2,21 € = 19,89 €; 60 % = 11,93 €, less the 1 € franchise =
    # 10,93 €; 8,96 € left.
    assert lines("combien rembourse la sécu pour une séance de drainage lymphatique des deux jambes ?",
                 topic="drainage_lymphatique") == [
        "Une séance de drainage lymphatique manuel de deux membres coûte 19,89 € au cabinet "
        "chez un kiné conventionné : l'Assurance Maladie en rembourse 10,93 € (60 % de 19,89 €, moins 1 € de "
        "franchise) ; il vous reste 8,96 €, dont votre mutuelle peut prendre une part."]
    # A child: no franchise; respiratory care ARL 8,5 × 2,21 € = 18,79 €, 60 % = 11,27 €, 7,52 € left.
    assert lines("kiné respiratoire pour mon fils de 5 ans, combien rembourse la sécu ?")[-1] == (
        "Une séance de kinésithérapie respiratoire coûte 18,79 € au cabinet chez un kiné conventionné : l'Assurance "
        "Maladie en rembourse 11,27 € (60 % de 18,79 €) ; il vous reste 7,52 €, dont votre mutuelle peut prendre une "
        "part.")
    # In ALD, asked about in general: 100 %, the franchise alone is left.
    turn = topic_turn("le drainage lymphatique d'un bras est remboursé à combien en ALD ?", {}, False)
    assert situation_lines(turn.situation, "ald_100", TODAY) == [
        # RAV 8 × 2,21 € = 17,68 € (AMK 7, 15,47 €, before 22/02/2024).
        "Une séance de drainage lymphatique manuel d'un membre coûte 17,68 € au cabinet chez "
        "un kiné conventionné : l'Assurance Maladie en rembourse 16,68 € (100 % de 17,68 €, moins 1 € de franchise) ; "
        "il vous reste 1,00 €, la franchise, que la mutuelle ne couvre pas."]
    # No figure for a yes or no, for the base session (the answers give it), nor beside the perineal line.
    assert lines("drainage lymphatique après une opération, c'est remboursé ?") == []
    assert lines("combien coûte une séance de kiné pour le genou ?", topic="tarif_seance") == []
    assert len(lines("combien coûte une séance de rééducation du périnée ?", topic="tarif_seance")) == 1


def test_a_care_s_figure_asked_after_a_calculation_is_the_patient_s():
    # After a 16-year-old's calculation (at home), « et la séance de bilan elle coute combien en plus ? » took
    # the 1 € franchise off a minor. Bilan 23,65 €: 60 % = 14,19 €, no franchise, 9,46 € left.
    turn = topic_turn("et la séance de bilan elle coute combien en plus ?", {"domicile": True, "age": 16}, False)
    assert situation_lines(turn.situation, "bilan_kine", TODAY) == [
        "Pour un enfant de moins de 18 ans, pas de franchise médicale : les 1 € par séance ne sont pas retenus sur "
        "le remboursement.",
        "Un bilan-diagnostic kinésithérapique coûte 23,65 € au cabinet chez un kiné conventionné : "
        "l'Assurance Maladie en rembourse 14,19 € (60 % de 23,65 €) ; il vous reste 9,46 €, dont votre mutuelle peut "
        "prendre une part."]
    # A calculation without a mutuelle: what is left is what is paid (« dont votre mutuelle peut prendre une part »)
    turn = topic_turn("et la séance de bilan elle coute combien en plus ?", {"age": 16}, False, no_mutuelle=True)
    assert situation_lines(turn.situation, "bilan_kine", TODAY)[1].endswith(
        "(60 % de 23,65 €) ; sans mutuelle, il vous reste 9,46 € à payer.")
    # Another person named is not the patient of the calculation; nothing remembered, the general figure.
    turn = topic_turn("et pour mon mari, le bilan coûte combien ?", {"age": 16}, False)
    assert "age" not in turn.situation


def test_a_question_without_a_mutuelle_gets_what_is_paid_for_one_session():
    # « combien coute le kine sans mutuelle » got the answer on a price without a prescription, with no figure.
    # Base session 8,1 × 2,21 € = 17,90 €; 60 % = 10,74 €, less the 1 € franchise = 9,74 €; 8,16 € paid.
    base = ("Une séance de rééducation d'un membre ou du rachis coûte 17,90 € au cabinet chez un kiné conventionné : "
            "l'Assurance Maladie en rembourse 9,74 € (60 % de 17,90 €, moins 1 € de franchise) ; sans mutuelle, il vous "
            "reste 8,16 € à payer.")
    for text in ("combien coute le kine sans mutuelle", "je n'ai pas de mutuelle, combien je paie le kiné ?"):
        assert lines(text, topic="tarif_seance") == [base]
    # A price said: 30 € − 9,74 € = 20,26 €, the dépassement included.
    assert lines("mon kiné conventionné prend 30 € et j'ai pas de mutuelle, je paie combien ?")[-1] == (
        "Pour une séance à 30,00 € chez un kiné conventionné, l'Assurance Maladie rembourse 9,74 € (60 % de 17,90 €, "
        "moins 1 € de franchise) ; sans mutuelle, il vous reste 20,26 € à payer.")
    # Nothing reimbursed without a prescription, nor at a non-conventionné kiné: no figure.
    assert lines("sans mutuelle et sans ordonnance, combien ?") == []
    assert all("sans mutuelle" not in line for line in lines("mon kiné n'est pas conventionné et j'ai pas de mutuelle"))
    # Not remembered: the calculator asks the mutuelle itself.
    assert "asked_sans_mutuelle" not in remembered(stated_situation("combien coûte le kiné sans mutuelle ?"))


def test_a_calculation_opening_without_a_mutuelle_gives_what_is_paid_for_one_session():
    # « combien coûte un kiné quand on n'a pas de mutuelle ? » opened the calculator on « Combien de séances ? ».
    def first(text):
        return opening_figure(interpret(text, None, today=TODAY).slots, TODAY, asked=True)
    assert first("combien coûte un kiné quand on n'a pas de mutuelle ?") == [
        "Une séance de rééducation d'un membre ou du rachis coûte 17,90 € au cabinet chez un kiné conventionné : "
        "l'Assurance Maladie en rembourse 9,74 € (60 % de 17,90 €, moins 1 € de franchise) ; sans mutuelle, il vous "
        "reste 8,16 € à payer."]
    # A price above the tariff: 35 € − 9,74 € = 25,26 €, then the other case (status not said).
    assert first("mon kiné prend 35 € la séance, pas de mutuelle, je paie combien ?")[0].endswith(
        "; sans mutuelle, il vous reste 25,26 € à payer.")
    # « pas de mutuelle » alone asks nothing: no figure.
    assert opening_figure(interpret("pas de mutuelle", None, today=TODAY).slots, TODAY) == []


def test_the_css_under_a_depassement_answer_says_it_does_not_pay_the_depassement():
    # « je suis kiné, est-ce que je peux facturer un dépassement à un patient CSS ? » got the 100 % line alone.
    assert lines("j'ai la CSS, le kiné peut me faire payer plus ?", topic="depassement_droit") == [
        "Avec la complémentaire santé solidaire (CSS), les séances au tarif conventionné sont prises en charge à 100 %, "
        "sans franchise.",
        "Complémentaire santé solidaire : elle ne prend pas en charge un dépassement, qu'un kiné conventionné ne peut "
        "facturer que pour une exigence particulière du patient (horaire imposé, domicile non justifié, kiné éloigné "
        "choisi), comme à tout patient."]
    assert len(lines("j'ai la CSS, le kiné c'est remboursé ?", topic="remboursement_taux")) == 1


def test_a_status_of_work_or_study_said_with_a_rate_question_gets_its_line():
    # « je suis retraité, le kiné est remboursé à combien ? » got the general answer with no word on the status.
    line = ("Être retraité, étudiant, salarié ou sans emploi ne change pas le remboursement des séances ; une pension "
            "d'invalidité, ou la retraite qui l'a remplacée, donne en revanche une prise en charge à 100 % (code de la "
            "sécurité sociale, art. L.160-14, 13°).")
    for text in ("je suis retraité, le kiné est remboursé à combien ?", "je suis étudiant, la kiné c'est remboursé ?"):
        turn = topic_turn(text, {}, after_result=False)
        assert situation_lines(turn.situation, "remboursement_taux", TODAY) == [line], text
        assert turn.remembered == {}
    # A cover said with it is the cover's line; a question on something else gets none.
    turn = topic_turn("je suis retraité et en ALD, c'est remboursé ?", {}, after_result=False)
    assert situation_lines(turn.situation, "remboursement_taux", TODAY)[0].startswith("En ALD")
    assert topic_turn("je suis retraité, il faut une ordonnance ?", {}, after_result=False).situation == {}



def test_a_kine_asking_of_a_bilan_s_renewal_or_a_patient_in_an_ehpad_gets_no_patient_s_line():
    # « je suis kiné, combien de séances avant de refaire un bilan ? » got the bilan's price and « il vous reste
    # 10,46 € » first; « je suis kiné, je peux facturer l'IFD pour un patient en EHPAD ? » got « ce que vous payez
    # pour la kiné dépend de l'établissement »
    assert "asked_care_figure" not in stated_situation("je suis kiné, combien de séances avant de refaire un bilan ?")
    assert stated_situation("combien coûte un bilan kiné ?")["asked_care_figure"]
    assert out_of_scope_lines("je suis kiné, je peux facturer l'IFD pour un patient en EHPAD ?") == []
    assert out_of_scope_lines("ma mère est en EHPAD, le kiné c'est remboursé ?") == [ESTABLISHMENT_LINE]
