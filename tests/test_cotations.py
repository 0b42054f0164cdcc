"""The NGAP's act for a pathology named in a question (bot/cotations.py, bot/parameters/cotations.yml)."""
import datetime as dt

import pytest

from bot import dialogue
from bot.answers import answer_values
from bot.cotations import cotation_lines, named_cotations
from bot.parameters import default_parameters
from bot.replies import tarif_acte_fr

DAY = dt.date(2026, 12, 1)


def test_each_act_quotes_its_letter_and_coefficient_from_the_ngap():
    params = default_parameters()
    for key, node in params.node("cotations").items():
        # the NGAP read is the version in force on 21/06/2026 (a rise planned since is a step of its own, unconfirmed)
        step = params.at(f"cotations.{key}.coefficient", dt.date(2026, 6, 21))
        written = str(step.value).replace(".", ",")  # as written in the NGAP: « 8,10 », « 9 »
        assert f"» {written} {node['code']}" in step.reference, key
        assert step.source.endswith("titre14-21062026.txt"), key
        if "seuil" in node:
            params.at(f"parcours.accord_prealable.seuils.{node['seuil']}", DAY)  # a threshold that exists


@pytest.mark.parametrize("text, acts", [
    ("je suis kiné, comment je cote une lombalgie ?", ["RAM 8.09"]),
    ("rééducation après une PTG", ["RIC 8.12"]),
    ("prothèse totale de hanche", ["RIC 8.10"]),
    ("ligament croisé antérieur", ["RIC 8.08"]),
    ("opération du ménisque", ["RIC 8.09"]),
    ("canal carpien", ["RSC 8.09"]),
    ("cervicalgie", ["RAM 8.07"]),
    # operated or not, when said; both when not
    ("entorse de la cheville", ["RIM 8.10", "RIC 8.11"]),
    ("entorse de la cheville non opérée", ["RIM 8.10"]),
    ("coiffe des rotateurs opérée", ["RSC 8.11"]),
    ("fracture du poignet sans chirurgie", ["RSM 8.11"]),
    # a meniscus not operated on is no méniscectomie; a knee alone is no act of this list
    ("j'ai mal au ménisque", []), ("rééducation du genou", []),
    # art. 3: the abdominal wall's after a birth, or before or after an operation (a césarienne's too)
    ("je suis kiné, comment je cote une rééducation abdominale ?", ["RAB 8.00", "RAB 8.01"]),
    ("je suis kiné, je cote comment la rééducation abdominale post partum ?", ["RAB 8.00"]),
    ("rééducation abdominale après une césarienne", ["RAB 8.01"]),  # the operative act, « césarienne comprise »
    # art. 1 E, under 18: a deviation of the spine, by its segment when said, all four when not
    ("comment coter une scoliose ?", ["DRA 8.09", "DRA 8.08", "DRA 8.11", "DRA 8.10"]),
    ("scoliose lombaire de ma fille de 12 ans", ["DRA 8.09"]), ("scoliose dorsale", ["DRA 8.08"]),
    ("scoliose thoraco-lombaire", ["DRA 8.10"]),
])
def test_the_pathology_named_gives_its_acts(text, acts):
    assert [f"{c.code} {c.coefficient.value:.2f}" for c in named_cotations(text, DAY)] == acts


def test_before_2026_no_act_of_the_list_and_the_answers_keep_the_act_membre():
    # The 2024 values were not read in a text: no line, the act « membre » (AMS 7,5 until 22/02/2024).
    assert named_cotations("lombalgie", dt.date(2025, 6, 1)) == []
    # nor after a newer step of the act « membre » (8,4 on 01/07/2027, no value per act yet)
    assert named_cotations("lombalgie", dt.date(2027, 7, 1)) == []
    assert cotation_lines("cotation lombalgie", "cotation_ngap", dt.date(2025, 6, 1)) == []
    assert tarif_acte_fr("prix d'une séance pour une lombalgie", dt.date(2025, 6, 1)).startswith(
        "Une séance de rééducation d'un membre ou du rachis (genou, LCA, entorse, lombalgie) vaut 16,58 €")


def test_a_kine_asking_how_to_bill_gets_the_letter_the_coefficient_the_price_and_the_threshold():
    assert cotation_lines("je suis kiné, comment je cote une lombalgie ?", "cotation_ngap", DAY) == [
        "Lombalgie commune : RAM 8,09, soit 17,88 € la séance en métropole ; accord préalable à partir de la 16e "
        "séance d'une série, ou à partir de la 31e si 30 séances ont été prises en charge dans les 12 mois précédents "
        "(NGAP, titre XIV, chapitre II, art. 1)."]
    assert cotation_lines("cotation coiffe des rotateurs", "cotation_ngap", DAY) == [
        "Tendinopathie de la coiffe des rotateurs : RSM 8,09 non opérée (17,88 €), RSC 8,11 opérée (17,92 €) ; "
        "accord préalable à partir de la 26e séance (non opérée) ou 51e (opérée) (NGAP, titre XIV, chapitre II, "
        "art. 1)."]
    assert cotation_lines("canal carpien, quelle cotation ?", "cotation_ngap", DAY) == [
        "Rééducation après libération du nerf médian au canal carpien : RSC 8,09, soit 17,88 € la séance en "
        "métropole ; accord préalable avant la première séance (NGAP, titre XIV, chapitre II, art. 1)."]


def test_the_lombalgie_and_the_cervicalgie_get_both_thresholds_the_ngap_sets():
    # « nécessité d'un accord préalable à partir de la 16ème séance ou à partir de la 31ème séance, si 30 séances
    # pour lombalgie commune ont été prises en charge dans les 12 mois précédents » (NGAP, titre XIV, chap. II, art. 1 A):
    # the second half was not said, and « jusqu'à 15 séances » alone read as a rule for the year.
    assert cotation_lines("combien de séances de kiné pour une lombalgie ?", "seances_par_pathologie", DAY) == [
        "Lombalgie commune : accord préalable à partir de la 16e séance d'une série, ou à partir de la 31e si 30 "
        "séances ont été prises en charge dans les 12 mois précédents ; le kiné le demande à la caisse (NGAP, titre "
        "XIV, chapitre II, art. 1)."]
    assert cotation_lines("cervicalgie : faut-il un accord préalable ?", "accord_prealable", DAY) == [
        "Cervicalgie non spécifique sans atteinte neurologique : accord préalable à partir de la 16e séance d'une "
        "série, ou à partir de la 31e si 30 séances ont été prises en charge dans les 12 mois précédents ; le kiné le "
        "demande à la caisse (NGAP, titre XIV, chapitre II, art. 1)."]
    assert str(default_parameters().at("parcours.accord_prealable.seuils_12_mois.lombalgie", dt.date(2013, 1, 1)).value) == "30"


def test_a_patient_asking_how_many_sessions_gets_the_threshold_of_the_pathology():
    assert cotation_lines("combien de séances après une prothèse de genou ?", "seances_par_pathologie", DAY) == [
        "Prothèse du genou (totale ou uni-compartimentaire) : jusqu'à 25 séances sans accord préalable ; au-delà, "
        "le kiné le demande à la caisse (NGAP, titre XIV, chapitre II, art. 1)."]
    assert cotation_lines("ligament croisé : faut-il un accord préalable ?", "accord_prealable", DAY) == [
        "Reconstruction du ligament croisé antérieur (LCA) : jusqu'à 40 séances sans accord préalable ; au-delà, le "
        "kiné le demande à la caisse (NGAP, titre XIV, chapitre II, art. 1)."]
    # the price of a session asked as a topic (« combien coûte une séance de kiné pour une lombalgie ? »)
    assert cotation_lines("combien coûte une séance de kiné pour une lombalgie ?", "tarif_seance", DAY)[0].startswith(
        "Lombalgie commune : RAM 8,09, soit 17,88 € la séance en métropole")
    # other topics: nothing
    assert cotation_lines("lombalgie, c'est remboursé ?", "remboursement_taux", DAY) == []


def test_the_price_of_a_session_for_a_pathology_is_its_act_s():
    # « combien coûte une séance pour une lombalgie ? » was the act « membre »: 8,1 × 2,21 € = 17,90 €.
    assert tarif_acte_fr("combien coûte une séance pour une lombalgie ?", DAY).startswith(
        "Une séance pour une lombalgie commune vaut 17,88 € en métropole : RAM 8,09 × lettre clé 2,21 € (NGAP, "
        "titre XIV, chapitre II, art. 1 ; coefficient en vigueur depuis le 1er janvier 2026).")
    text = tarif_acte_fr("tarif d'une séance après une prothèse de genou à domicile", DAY)
    assert "vaut 17,95 € en métropole : RIC 8,12" in text
    assert "À domicile, s'y ajoute : indemnité forfaitaire de déplacement (IFD) 2,50 €, soit 20,45 € la séance." in text
    # operated or not unknown: the base session's price, then each act
    lines = tarif_acte_fr("prix d'une séance pour une entorse de la cheville", DAY).splitlines()
    assert lines[0].startswith("Une séance de rééducation d'un membre ou du rachis")
    assert lines[1] == ("Entorse externe récente de la cheville : RIM 8,10 non opérée (17,90 €), RIC 8,11 opérée "
                        "(17,92 €) ; accord préalable à partir de la 11e séance (NGAP, titre XIV, chapitre II, art. 1).")


def test_an_act_given_by_its_letter_is_priced_alone_even_with_a_pathology():
    text = tarif_acte_fr("combien vaut un RIC 8,12 pour une entorse de cheville ?", DAY)
    assert text.startswith("Un acte RIC 8,12 vaut 17,95 €") and "Entorse externe" not in text


def test_the_cotation_answer_gives_two_acts_of_the_ngap_as_examples():
    # « 8,1 × 2,21 € = 17,90 € pour la rééducation d'un membre »: no act of the NGAP since 22/02/2024.
    assert answer_values(DAY)["cotation_exemples"] == (
        "RAM 8,09 × 2,21 € = 17,88 € pour une lombalgie commune, RIC 8,12 × 2,21 € = 17,95 € après une prothèse "
        "du genou")


def test_a_calculation_for_a_named_pathology_says_its_act_and_how_to_count_it():
    # The answers gave RIC 8,12 (17,95 €) for a knee prosthesis, the calculation the base session (17,90 €),
    # without a word: the note says both, and « RIC 8,12 » then counts the act.
    update = dialogue.interpret("j'ai 20 séances pour une prothèse de genou, mutuelle 100", None, today=DAY)
    assert update.slots["calc_acte"] == {"act": "membre"}
    assert update.notes == [
        "Prothèse du genou (totale ou uni-compartimentaire) : son acte est RIC 8,12, 17,95 € la séance ; je compte "
        "la séance de base, 17,90 € : écrivez « RIC 8,12 » pour compter l'acte exact."]
    assert dialogue.interpret("RIC 8,12", "calc_acte", today=DAY).slots == {"calc_acte": {"coefficient": 8.12, "lettre": "RIC"}}
    # operated or not unsaid, or before 2026: no note
    assert dialogue.interpret("10 séances pour une entorse de la cheville", None, today=DAY).notes == []
    assert dialogue.interpret("10 séances pour une lombalgie", None, today=dt.date(2025, 6, 1)).notes == []


def test_the_neurological_acts_are_the_ngap_s_art_4():
    # « La rééducation neurologique a ses propres cotations, que je ne connais pas » until 2026-12-06: they are in
    # the NGAP (titre XIV, chapitre II, art. 4), unchanged since the decision of 14/12/2023 (in force on 22/02/2024).
    assert cotation_lines("je suis kiné, comment je cote un AVC ?", "cotation_ngap", DAY) == [
        "Rééducation de l'hémiplégie (après un AVC, par exemple) : NMI 9, soit 19,89 € la séance en métropole (NGAP, "
        "titre XIV, chapitre II, art. 4)."]
    # NMI 10 was to become 11 on 01/09/2026 (avenant 7: « l'AMK 10 en AMK 11 »), which the NGAP read (21/06/2026)
    # cannot confirm: the value is said unconfirmed from that day
    assert cotation_lines("cotation parkinson", "cotation_ngap", DAY) == [
        "Affection neurologique stable ou évolutive (Parkinson, sclérose en plaques…) : NMI 8,51 un membre (18,81 €), "
        "NMI 10 deux membres ou plus (22,10 €, valeur non confirmée) (NGAP, titre XIV, chapitre II, art. 4)."]
    assert "(22,10 €)" in cotation_lines("cotation parkinson", "cotation_ngap", dt.date(2026, 8, 31))[0]
    # their price asked: the first act's, not the base session's 17,90 €, then each act
    assert tarif_acte_fr("prix d'une séance pour Parkinson", DAY).startswith(
        "Une séance pour une affection neurologique stable ou évolutive (Parkinson, sclérose en plaques…), pour un "
        "membre, vaut 18,81 € en métropole : NMI 8,51 × lettre clé 2,21 € (NGAP, titre XIV, chapitre II, art. 4 ; "
        "coefficient en vigueur depuis le 22 février 2024).")
    # not moved by the act « membre »'s 2027 step, as art. 1's acts are
    assert [c.code for c in named_cotations("myopathie", dt.date(2027, 8, 1))] == ["NMI"]
    assert named_cotations("hémiplégie", dt.date(2024, 1, 1)) == []  # before the NGAP of 22/02/2024 (AMK then)


def test_a_session_at_home_for_a_named_pathology_gets_its_act_and_its_home_allowance():
    # « combien coûte une séance de kiné à domicile après un AVC ? » got the IFD's example (17,90 € + 2,50 €): an NMI
    # act has the IFS (IFN before 2026; ameli, « Prise en charge à domicile », 02/08/2024).
    assert cotation_lines("combien coûte une séance de kiné à domicile après un AVC ?", "seance_domicile", DAY) == [
        "Rééducation de l'hémiplégie (après un AVC, par exemple) : à domicile, NMI 9 19,89 € + indemnité forfaitaire "
        "spécifique (IFS) 4,00 € = 23,89 € par séance (NGAP, titre XIV, chapitre II, art. 4)."]
    assert cotation_lines("kiné à domicile pour une lombalgie", "seance_domicile", DAY) == [
        "Lombalgie commune : à domicile, RAM 8,09 17,88 € + indemnité forfaitaire de déplacement (IFD) 2,50 € = "
        "20,38 € par séance (NGAP, titre XIV, chapitre II, art. 1)."]


def test_the_inflammatory_rheumatisms_have_their_two_acts_and_the_calculation_asks_which():
    # NGAP, titre XIV, chapitre II, art. 2: NMI 8 for one limb or the trunk, NMI 9,01 for more; « 10 séances pour ma
    # polyarthrite rhumatoïde » asked « Pour quels soins ? », whose closest choice is another act's tariff.
    assert cotation_lines("comment coter une polyarthrite rhumatoïde ?", "cotation_ngap", DAY) == [
        "Affection rhumatismale inflammatoire (polyarthrite rhumatoïde, spondylarthrite…) : NMI 8 un membre ou le tronc "
        "(17,68 €), NMI 9,01 plusieurs membres, ou le tronc et un membre ou plus (19,91 €) (NGAP, titre XIV, chapitre II, "
        "art. 2)."]
    update = dialogue.interpret("10 séances pour ma polyarthrite rhumatoïde", None, today=DAY)
    assert update.replies[0].endswith("À la question sur les soins, indiquez l'acte de la feuille de soins (« NMI 8 » "
                                      "ou « NMI 9,01 »), où porte la rééducation (« un bras », « les jambes et le "
                                      "dos ») ou le prix d'une séance.")
    assert cotation_lines("arthrose du genou, quelle cotation ?", "cotation_ngap", DAY) == []  # an arthrose is art. 1's


def test_the_abdominal_rehabilitation_s_two_acts_are_given_with_their_prices():
    # « je suis kiné, je cote comment la rééducation abdominale post partum ? » got the NGAP's general answer alone.
    assert cotation_lines("je suis kiné, comment je cote une rééducation abdominale ?", "cotation_ngap",
                          DAY) == ["Rééducation abdominale : RAB 8 après un accouchement (17,68 €), RAB 8,01 avant ou "
                                   "après une opération, césarienne comprise (17,70 €) (NGAP, titre XIV, chapitre II, "
                                   "art. 3)."]
    # one variant named by the question's words, said (« après une césarienne »: the operative act, NGAP art. 3)
    assert cotation_lines("je suis kiné, comment je facture la rééducation abdominale après une césarienne ?",
                          "cotation_ngap", DAY) == [
        "Rééducation abdominale (avant ou après une opération, césarienne comprise) : RAB 8,01, soit 17,70 € la séance "
        "en métropole (NGAP, titre XIV, chapitre II, art. 3)."]
    # its price after a birth: that act's, at the maternity's rate
    answer = tarif_acte_fr("c'est combien la rééduc des abdos après bébé ?", DAY).splitlines()
    assert answer[0].startswith("Une séance pour une rééducation abdominale, après un accouchement, vaut 17,68 € en "
                                "métropole : RAB 8 × lettre clé 2,21 €")
    assert "L'Assurance Maladie en rembourse 100 %, soit 17,68 €, moins la franchise médicale." in answer
    # no birth said: the maternity's line before the usual rate (it said 60 % alone)
    answer = tarif_acte_fr("combien coûte une séance de rééducation abdominale ?", DAY).splitlines()
    assert answer[2:4] == ["Après un accouchement, la rééducation abdominale est prise en charge à 100 % du tarif "
                           "conventionné par l'assurance maternité ; avant ou après une opération, c'est le "
                           "remboursement habituel.",
                           "L'Assurance Maladie en rembourse 60 %, soit 10,61 €, moins la franchise médicale."]
