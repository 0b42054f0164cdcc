"""The calculator conversation in bot/dialogue.py: what each answer fills, what is asked next."""
import datetime as dt

import pytest

from bot import dialogue
from bot.calculator import calculate
from bot.parsing import parse_request, patient_named, split_place
from bot.wording import UNNAMED_FULL_COVER

TODAY = dt.date(2026, 3, 1)


def converse(*turns, slots=None):
    """Plays user messages; returns the final slots and every note and error said."""
    slots = dict(slots or {name: None for name in dialogue.SLOTS})
    said = []
    requested = None
    for text in turns:
        update = dialogue.interpret(text, requested, current=slots)
        slots.update(update.slots)
        said += update.notes + update.errors
        requested = next((n for n in dialogue.required_slots(slots, today=TODAY) if slots.get(n) is None), None)
    return slots, requested, said


def test_a_fully_specified_message_needs_no_question():
    slots, requested, _ = converse(
        "10 séances de rééducation du genou à domicile, je suis en ALD, mutuelle à 200 %, combien je paie ?")
    assert requested is None
    request = dialogue.request_from_slots(slots, today=TODAY)
    assert request == {"sessions": 10, "act": "membre", "domicile": True, "prise_en_charge_100": "ald",
                       "mutuelle": {"br_percent": 200}}


def left_to_pay(*turns):
    """What a calculation asked in these messages leaves to pay, asserting that nothing more is asked."""
    slots, requested, _ = converse(*turns)
    assert requested is None
    return calculate({**dialogue.request_from_slots(slots, today=TODAY), "date": "2026-03-01"})["total"]["patient"]


@pytest.mark.parametrize("text, left", [
    # The CSS is itself the complémentaire and pays the whole tariff with the Assurance Maladie; the AME too:
    # « Et votre mutuelle ? » was asked anyway until 2026-12-04.
    ("10 séances de kiné respiratoire pour mon bébé avec la CSS", 0), ("j'ai l'AME, 10 séances pour mon genou", 0),
    # In ALD or from the 6th month of pregnancy, a session at the tariff leaves at most the franchise, which no
    # mutuelle pays: it was asked for nothing until the twentieth session.
    ("enceinte de 7 mois, 10 séances pour le dos", 0),
    ("je suis en ALD, 10 séances pour mon genou", 10)])  # the franchise, 1 € a session
def test_when_no_mutuelle_could_pay_anything_it_is_not_asked(text, left):
    assert left_to_pay(text) == left


@pytest.mark.parametrize("turns", [
    ("10 séances pour mon genou",),
    # a dépassement a mutuelle may pay
    ("je suis en ALD, 10 séances à 30 € chez un kiné conventionné", "genou"),
    # a pregnancy's month not said: perhaps before the 6th, at the usual 60 %
    ("je suis enceinte, 10 séances pour le dos",)])
def test_when_a_mutuelle_may_pay_it_is_asked(turns):
    assert converse(*turns)[1] == "calc_mutuelle"


def test_article_case_12_sessions_at_80_with_a_300_forfait_in_two_turns():
    slots, requested, _ = converse("12 séances à 80 € avec un forfait mutuelle de 300 € par an")
    assert requested == "calc_prix_eleve"
    slots, requested, _ = converse("12 séances à 80 € avec un forfait mutuelle de 300 € par an",
                                   "il est non conventionné")
    assert requested is None
    result = calculate({**dialogue.request_from_slots(slots, today=TODAY), "date": "2026-03-01"})
    assert result["total"]["patient"] == 660


def test_a_kine_no_longer_conventionne_is_priced_as_outside_the_convention():
    # « n'est plus conventionné » was read as a conventionné kiné charging a dépassement (32,10 € a
    # session not reimbursed on top of 60 % of 17,90 €): the tarif d'autorité applies instead.
    slots, requested, _ = converse("mon kiné n'est plus conventionné, il me prend 50 €, je suis remboursé combien ?",
                                   "10", "pas de mutuelle", "rien de particulier")
    assert requested is None and slots["calc_prix_eleve"] == "non_conventionne"
    assert dialogue.request_from_slots(slots, today=TODAY)["conventionne"] is False


def test_a_hors_nomenclature_act_with_its_price_in_one_message_is_taken_without_error():
    slots, requested, said = converse("3 séances de pilates à 80 euros hors nomenclature", "pas de mutuelle")
    assert said == [] and requested is None
    result = calculate({**dialogue.request_from_slots(slots, today=TODAY), "date": "2026-03-01"})
    assert result["total"]["patient"] == 240


def test_the_hors_nomenclature_button_after_a_price_is_taken_without_error():
    slots, requested, said = converse("5 séances à 60 €", "acte hors nomenclature", "pas de mutuelle")
    assert said == [] and requested is None
    assert calculate({**dialogue.request_from_slots(slots, today=TODAY), "date": "2026-03-01"})["total"]["patient"] == 300


def test_article_case_10_sessions_at_17_90_with_mutuelle_100_in_two_turns():
    slots, requested, _ = converse("10 séances à 17,90 € avec une mutuelle à 100 %")
    assert requested == "calc_situation"
    slots, requested, _ = converse("10 séances à 17,90 € avec une mutuelle à 100 %", "aucune")
    assert requested is None
    result = calculate({**dialogue.request_from_slots(slots, today=TODAY), "date": "2026-03-01"})
    assert result["total"]["patient"] == 10


def test_step_by_step_with_bare_answers():
    slots, requested, _ = converse("combien je vais payer ?")
    assert requested == "calc_sessions"
    slots, requested, _ = converse("combien je vais payer ?", "dix")
    assert requested == "calc_acte"
    slots, requested, _ = converse("combien je vais payer ?", "dix", "pour mon dos")
    assert requested == "calc_mutuelle"
    slots, requested, _ = converse("combien je vais payer ?", "dix", "pour mon dos", "150")
    assert requested == "calc_situation"
    slots, requested, _ = converse("combien je vais payer ?", "dix", "pour mon dos", "150", "non")
    assert requested is None
    assert dialogue.request_from_slots(slots, today=TODAY) == {
        "sessions": 10, "act": "membre", "mutuelle": {"br_percent": 150}}


def test_a_correction_mid_form_replaces_the_value():
    slots, requested, _ = converse("10 séances", "non, 12 séances")
    assert slots["calc_sessions"] == 12 and requested == "calc_acte"


def test_loose_count_is_taken_and_said():
    slots, _, said = converse("une quinzaine de séances")
    assert slots["calc_sessions"] == 15
    assert any("15 séances" in s for s in said)


@pytest.mark.parametrize("text", ["10 séances genou pas de mutuelle aucune situation particulière",
                                  "10 séances genou pas de mutuelle aucune situation"])
def test_no_particular_situation_in_a_full_message_is_not_asked_again(text):
    slots, requested, _ = converse(text)
    assert requested is None and slots["calc_situation"] == {}


def test_nothing_special_once_the_situation_is_known_answers_no_other_question():
    # « rien de particulier » to « Pour quels soins ? » after « 12 séances à domicile à 8 km »: it was taken for the
    # situation again, and the care asked again without a word; now it fills nothing, so the form says what it needs.
    known = {"calc_sessions": 12, "calc_situation": {"domicile": True, "distance_km": 8}}
    assert dialogue.interpret("rien de particulier", "calc_acte", current=known).slots == {}
    assert dialogue.interpret("rien de particulier", "calc_situation", current=known).slots == {
        "calc_situation": {"domicile": True, "distance_km": 8}}


def test_a_rhythm_and_a_length_are_counted_and_said():
    slots, _, said = converse("2 séances par semaine pendant 6 semaines")
    assert slots["calc_sessions"] == 12
    assert any("Je compte 12 séances (2 par semaine pendant 6 semaines)" in s for s in said)


def test_a_rhythm_then_its_length_make_the_count():
    # « 3 séances par semaine » then « pendant 2 mois » got « Combien de séances ? » twice, the rhythm lost.
    first = "je suis en ALD, 3 séances par semaine à domicile, ça me coûte quoi ?"
    slots, requested, _ = converse(first)
    assert requested == "calc_sessions" and slots["calc_rythme"] == {"per_week": 3}
    assert dialogue.sessions_question(slots) == (
        "À 3 par semaine, pendant combien de temps ? (par exemple « 6 semaines » ou « 2 mois » ; ou le nombre total "
        "de séances)", [{"title": "4 semaines", "payload": "pendant 4 semaines"},
                        {"title": "6 semaines", "payload": "pendant 6 semaines"},
                        {"title": "2 mois", "payload": "pendant 2 mois"}, {"title": "3 mois", "payload": "pendant 3 mois"}])
    slots, requested, said = converse(first, "pendant 2 mois")
    assert slots["calc_sessions"] == 24 and slots["calc_rythme"] is None and requested == "calc_acte"
    assert "Je compte 24 séances (3 par semaine pendant 8 semaines) : corrigez-moi au besoin, par exemple « non, 12 " \
           "séances »." in said
    # The total said instead of the length: taken as it is.
    slots, _, _ = converse(first, "20 séances")
    assert slots["calc_sessions"] == 20


def test_a_length_then_its_rhythm_make_the_count():
    slots, requested, _ = converse("combien je vais payer ?", "pendant 2 mois")
    assert requested == "calc_sessions"
    assert dialogue.sessions_question(slots)[0] == ("Sur 8 semaines, combien de séances par semaine ? (ou le nombre "
                                                    "total de séances)")
    assert dialogue.sessions_question(slots)[1][1] == {"title": "2 par semaine", "payload": "2 séances par semaine"}
    slots, requested, said = converse("combien je vais payer ?", "pendant 2 mois", "2 séances par semaine")
    assert slots["calc_sessions"] == 16 and requested == "calc_acte"
    assert dialogue.sessions_question({"calc_rythme": None}) is None  # the domain's plain question


def test_a_neurological_care_in_the_first_message_is_announced_not_asked():
    # « je suis en ALD pour une sclérose en plaques, 3 séances par semaine… »: the reply asked for the care's
    # coefficient « ou répondez « je ne sais pas » », then the form asked the count, which took « je sais pas »
    # for one session.
    first = dialogue.interpret("je suis en ALD pour une sclérose en plaques, combien je paie ?", None,
                                today=TODAY2)
    # its acts, read in the NGAP (they were « des cotations que je ne connais pas » until 2026-12-06)
    assert first.replies == [
        "Affection neurologique stable ou évolutive (Parkinson, sclérose en plaques…) : NMI 8,51 pour un membre "
        "(18,81 €), NMI 10 pour deux membres ou plus (22,10 €, valeur non confirmée) (NGAP, titre XIV, chapitre II, "
        "art. 4). À la question "
        "sur les soins, indiquez l'acte de la feuille de soins (« NMI 8,51 » ou « NMI 10 »), où porte la rééducation "
        "(« un bras », « les jambes et le dos ») ou le prix d'une séance."]
    assert first.slots[dialogue.PATHOLOGY_SLOT] == "neuro_evolutive"
    asked = dialogue.interpret("c'est pour une sclérose en plaques", "calc_acte", current={"calc_sessions": 10})
    assert asked.replies[0].endswith("ou répondez « je ne sais pas » : je partirai alors de la séance de base, sans "
                                     "garantie.")


def test_where_an_inflammatory_rheumatism_s_rehabilitation_bears_picks_its_act():
    # « j'ai une polyarthrite rhumatoïde… », then « les mains et les pieds »: the NGAP's act for several limbs (titre
    # XIV, chapitre II, art. 2), NMI 9,01 × 2,21 € = 19,91 €, not the orthopaedic « plusieurs territoires »; « le dos »:
    # NMI 8 × 2,21 € = 17,68 € for one limb or the trunk
    first = dialogue.interpret("j'ai une polyarthrite rhumatoïde, 15 séances, mutuelle 100%", None, today=TODAY2)
    assert first.slots[dialogue.PATHOLOGY_SLOT] == "rhumatisme_inflammatoire"
    several = dialogue.interpret("les mains et les pieds", "calc_acte", current=first.slots, today=TODAY2)
    assert several.slots["calc_acte"] == {"coefficient": 9.01, "lettre": "NMI"}
    assert "je compte son acte, NMI 9,01, soit 19,91 € la séance" in several.notes[0]
    trunk = dialogue.interpret("le dos", "calc_acte", current=first.slots, today=TODAY2)
    assert trunk.slots["calc_acte"] == {"coefficient": 8, "lettre": "NMI"}
    # both in one message: the act at once, no question
    at_once = dialogue.interpret("mon père a parkinson, les deux jambes, 20 séances, pas de mutuelle", None,
                                 today=TODAY2)
    assert at_once.slots["calc_acte"] == {"coefficient": 10, "lettre": "NMI"} and at_once.replies == []
    assert at_once.slots[dialogue.PATHOLOGY_SLOT] == "neuro_evolutive"


def test_a_number_corrected_with_non_is_no_answer_of_non():
    # « non en fait c'est 2,5 » to « Une situation particulière ? » was « non »: no situation, and the result came
    # with the 2,5 lost; « non en fait c'est 150 » to the mutuelle's question was « pas de mutuelle »
    known = {"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None}}
    for text in ("non en fait c'est 2,5", "non en fait c'est 25"):
        assert "calc_situation" not in dialogue.interpret(text, "calc_situation", current=known, today=TODAY2).slots
    assert dialogue.interpret("non", "calc_situation", current=known, today=TODAY2).slots["calc_situation"] == {}
    asked = {"calc_sessions": 10, "calc_acte": {"act": "membre"}}
    assert dialogue.interpret("non en fait c'est 150", "calc_mutuelle", current=asked, today=TODAY2).slots[
        "calc_mutuelle"] == {"mutuelle": {"br_percent": 150}}
    assert dialogue.interpret("non", "calc_mutuelle", current=asked, today=TODAY2).slots["calc_mutuelle"] == {
        "mutuelle": None}


def test_mayotte_named_says_its_own_regime_was_not_checked():
    # « …je suis à Mayotte » counted the DROM key letter and the régime général's 60 % and franchise with no word that
    # Mayotte's health insurance is a regime of its own (ordonnance n° 96-1122 du 20 décembre 1996)
    said = dialogue.interpret("10 séances de drainage lymphatique des 2 jambes, pas de mutuelle, je suis à Mayotte",
                              None, today=TODAY2)
    assert said.slots["calc_situation"] == {"drom": True}
    assert said.notes == [dialogue.MAYOTTE_NOTE]
    assert "ordonnance n° 96-1122 du 20 décembre 1996" in dialogue.MAYOTTE_NOTE
    # another DROM: the key letter alone, as before
    assert dialogue.interpret("j'habite à Fort-de-France, 10 séances pour le genou", None, today=TODAY2).notes == []


def test_a_count_refused_is_not_said_back_with_the_result():
    # « pendant 500 mois » after « 3 par semaine »: 6 000 sessions are refused, and « Je compte 6000 séances » was
    # kept for the result all the same; the one-message rhythm and « 2 fois 400 séances » did the same.
    for turns in (("3 séances par semaine", "pendant 500 mois"), ("3 fois par semaine pendant 500 mois",),
                  ("2 fois 400 séances",)):
        slots, requested, said = converse(*turns)
        assert requested == "calc_sessions" and slots["calc_sessions"] is None, turns
        assert not any(note.startswith("Je compte") for note in said), turns
        assert any("trop grand" in note for note in said), turns


def test_a_rhythm_out_of_range_is_said_and_the_count_asked_again():
    # « 12 fois par semaine » was ignored without a word (a rhythm was taken only up to 7 a week).
    slots, requested, said = converse("30 fois par semaine")
    assert requested == "calc_sessions" and slots["calc_sessions"] is None and not slots["calc_rythme"]
    assert said == ["Je compte de 1 à 14 séances par semaine (deux par jour au plus) ; vous avez écrit « 30 par "
                    "semaine »."]
    slots, _, said = converse("0 séance par semaine pendant 2 mois")
    assert slots["calc_sessions"] is None and said[0].endswith("vous avez écrit « 0 par semaine ».")
    # Two a day is the NGAP's rhythm for an urgent respiratory care (titre XIV, chapitre II, art. 5).
    slots, _, said = converse("12 fois par semaine pendant 1 semaine")
    assert slots["calc_sessions"] == 12 and said[0].startswith("Je compte 12 séances (12 par semaine pendant 1 ")


def test_a_rhythm_by_the_day_is_counted_and_said_and_more_than_two_a_day_refused():
    slots, _, said = converse("kiné respiratoire pour mon bébé, 2 séances par jour pendant 5 jours")
    assert slots["calc_sessions"] == 10
    assert said == ["Je compte 10 séances (2 par jour pendant 5 jours) : corrigez-moi au besoin, par exemple « non, "
                    "12 séances »."]
    slots, requested, said = converse("5 fois par jour pendant 3 jours")
    assert requested == "calc_sessions" and slots["calc_sessions"] is None
    assert said == ["Je compte au plus 2 séances par jour ; vous avez écrit « 5 par jour »."]


def test_a_rhythm_without_its_other_half_known_counts_one_week_or_one_a_week():
    # « je ne sais pas » to « À 3 par semaine, pendant combien de temps ? » took one session, the rhythm lost.
    slots, requested, said = converse("3 séances par semaine", "je ne sais pas")
    assert slots["calc_sessions"] == 3 and slots["calc_rythme"] is None and requested == "calc_acte"
    assert said == ["Durée inconnue : je calcule pour une semaine, soit 3 séances : corrigez-moi au besoin, par exemple "
                    "« non, 24 séances » pour deux mois."]
    slots, _, said = converse("combien je vais payer ?", "pendant 2 mois", "jsp")
    assert slots["calc_sessions"] == 8
    assert said == ["Rythme inconnu : je calcule pour une séance par semaine, soit 8 séances : corrigez-moi au "
                    "besoin, par exemple « non, 16 séances » pour deux par semaine."]
    slots, _, said = converse("combien je vais payer ?", "je sais pas")  # nothing known: one session, as before
    assert slots["calc_sessions"] == 1 and said == ["Nombre de séances inconnu : je calcule pour une séance."]


def test_a_mutuelle_s_rate_without_its_sign_answers_the_mutuelle_s_question():
    # « mutuelle 150 » or « à 150 » to « Et votre mutuelle ? » filled nothing; « 150 » alone did.
    for text in ("mutuelle 150", "à 150", "150", "elle est à 150"):
        assert dialogue.interpret(text, "calc_mutuelle").slots == {"calc_mutuelle": {"mutuelle": {"br_percent": 150}}}
    # said before its question, it is kept too
    assert dialogue.interpret("mutuelle 150", "calc_sessions").slots == {
        "calc_mutuelle": {"mutuelle": {"br_percent": 150}}}
    assert dialogue.interpret("mutuelle 2026", None).slots == {}  # no rate


def test_frais_reels_to_the_mutuelle_s_question_leave_only_the_franchise_of_a_dépassement():
    # « aux frais réels » was a mutuelle named without its rate, 100 % of the base: the 8 € dépassement was left.
    for answer in ("aux frais réels", "elle rembourse les frais réels", "100 % FR"):
        assert dialogue.interpret(answer, "calc_mutuelle").slots == {"calc_mutuelle": {"mutuelle": {"fr_percent": 100}}}
    assert left_to_pay("10 séances pour le genou à 25,90 €, je sais que le kiné fait un dépassement",
                       "ma mutuelle rembourse 100 % des frais réels", "non") == 10  # the franchise, 1 € a session


@pytest.mark.parametrize("text, sessions, said", [
    # « une séance tous les 15 jours pendant 3 mois » was 1 session (« une séance »); one every 15 days from the
    # first day over 12 weeks (a month is 4 weeks) is 6
    ("une séance tous les 15 jours pendant 3 mois pour mon épaule", 6, "une tous les 15 jours pendant 12 semaines"),
    ("kiné un jour sur deux pendant un mois", 14, "une tous les 2 jours pendant 4 semaines"),
    ("1 fois toutes les 2 semaines pendant 6 mois", 12, "une tous les 14 jours pendant 24 semaines"),
])
def test_one_session_every_few_days_over_a_length_is_counted_and_said(text, sessions, said):
    update = dialogue.interpret(text, None, today=TODAY)
    assert update.slots["calc_sessions"] == sessions
    assert any(f"Je compte {sessions} séances ({said}" in note for note in update.notes)


def test_what_is_left_to_pay_is_no_price_and_is_kept_to_be_compared_with_the_result():
    # « il me reste 81,60 € pour 10 séances, c'est normal ? » was a price of 8,16 €, refused as below every tariff
    slots, requested, _ = converse("il me reste 81,60 € pour 10 séances, c'est normal ?")
    assert slots["calc_sessions"] == 10 and slots["calc_acte"] is None and requested == "calc_acte"
    assert slots["calc_reste_dit"] == {"amount": 81.6, "per_session": False}
    slots, _, _ = converse("je paie 10 € de ma poche par séance")
    assert slots["calc_reste_dit"] == {"amount": 10.0, "per_session": True}


def test_one_session_every_few_days_without_its_length_is_no_count_of_one():
    assert "calc_sessions" not in dialogue.interpret("une séance tous les 15 jours pour mon dos", None).slots


def test_what_is_noted_ends_with_one_full_stop():
    # « C'est noté : soins : genou, dos, entorse…. »: the button's title already ends with « … ».
    assert dialogue.noted(dialogue.interpret("pour le genou", "calc_sessions"), "calc_sessions") == \
        "C'est noté : soins : genou, dos, entorse…"
    assert dialogue.noted(dialogue.interpret("pas de mutuelle", "calc_sessions"), "calc_sessions") == \
        "C'est noté : pas de mutuelle."


def test_a_length_counts_only_as_the_answer_to_the_count():
    # « 2 mois » to the mutuelle's question, « depuis 2 mois » anywhere: no half of a rhythm.
    assert "calc_rythme" not in dialogue.interpret("2 mois", "calc_mutuelle").slots
    assert "calc_rythme" not in dialogue.interpret("j'ai mal depuis 2 mois", "calc_sessions").slots
    # Once the count is known, a rhythm changes nothing.
    assert "calc_rythme" not in dialogue.interpret("3 par semaine", "calc_mutuelle", current={"calc_sessions": 10}).slots


def test_dont_know_uses_stated_defaults():
    slots, requested, said = converse("combien je vais payer ?", "5", "je ne sais pas", "je ne sais pas",
                                      "je sais pas")
    assert requested is None
    assert dialogue.request_from_slots(slots, today=TODAY) == {
        "sessions": 5, "act": "membre", "mutuelle": {"br_percent": 100}}
    assert any("contrat responsable" in s for s in said)


@pytest.mark.parametrize("answer", ["j'ai la MGEN", "ma mutuelle c'est Harmonie", "MAAF", "mutuelle d'entreprise",
                                    "je suis chez Malakoff Humanis", "j'ai la mutuelle de mon employeur", "la mgen",
                                    "Harmonie", "la Macif", "Axa."])
def test_a_mutuelle_named_without_its_rate_is_taken_as_a_responsible_contract_and_says_where_the_rate_is(answer):
    update = dialogue.interpret(answer, "calc_mutuelle")
    assert update.slots["calc_mutuelle"] == {"mutuelle": {"br_percent": 100}}
    assert update.notes == ["Je ne connais pas les garanties de chaque mutuelle : je suppose un contrat responsable, "
                            "qui paie le ticket modérateur (100 % de la base). Votre taux est sur votre tableau de "
                            "garanties, à la ligne auxiliaires médicaux ou kinésithérapie (souvent en « % BR ») : "
                            "donnez-le (« 200 % ») et je refais le calcul."]


@pytest.mark.parametrize("requested", [None, "calc_sessions", "calc_soin"])
def test_an_insurer_named_before_its_question_is_kept_and_said_back(requested):
    # « la Matmut » as the first message opened the calculator and was lost: « Et votre mutuelle ? » came later.
    update = dialogue.interpret("la Matmut", requested)
    assert update.slots == {"calc_mutuelle": {"mutuelle": {"br_percent": 100}}}
    assert update.notes[0].startswith("Je ne connais pas les garanties de chaque mutuelle")
    said = dialogue.opening_lines(update) if requested is None else [dialogue.noted(update, requested)]
    assert said[0].startswith("C'est noté : mutuelle à 100 % de la base de remboursement.")


@pytest.mark.parametrize("message, phrase", [("j'ai accouché il y a 2 mois", "rééducation après l'accouchement"),
                                             ("je suis enceinte de 7 mois", "grossesse, 7e mois")])
def test_a_pregnancy_or_a_birth_stated_alone_is_said_back_before_the_questions(message, phrase):
    # « j'ai accouché il y a 2 mois » after an answer on the post-partum opened the calculator with « Combien de
    # séances ? » alone, as if the message had been ignored.
    assert dialogue.opening_lines(dialogue.interpret(message, None)) == [
        f"C'est noté : {phrase}. Pour calculer ce qui resterait à votre charge, il me faut quelques précisions "
        "(écrivez « stop » pour arrêter)."]


@pytest.mark.parametrize("text, early", [
    ("j'ai accouché il y a 1 mois, combien je vais payer pour 10 séances de rééducation du périnée chez le kiné ?", True),
    ("je viens d'accoucher, 10 séances pour le périnée", True),
    ("mon bébé a 6 semaines, 10 séances de rééducation périnéale", True),
    ("j'ai accouché il y a 4 mois, 10 séances pour le périnée", False),
    ("il y a 3 mois que j'ai accouché, 10 séances pour le périnée", False),
    ("j'ai accouché il y a 1 mois, 10 séances pour le dos", False)])  # no perineum: the 90th day is not its rule
def test_a_perineal_calculation_soon_after_a_birth_says_when_a_kine_may_start(text, early):
    # CSP art. R.4321-5, 2° c: from the 90th day; « accouché il y a 1 mois » was counted without a word of it.
    _, _, said = converse(text)
    assert (("L'accouchement date de moins de 90 jours : chez un kiné, la rééducation du périnée après "
             "l'accouchement commence au plus tôt le 90e jour ; une sage-femme peut la faire avant") in " ".join(said)) \
        == early


def test_after_a_birth_only_its_rehabilitation_is_counted_at_100_percent():
    # « j'ai accouché il y a 2 mois, 10 séances pour mon genou » was reimbursed at 100 % by the assurance maternité.
    assert left_to_pay("j'ai accouché il y a 2 mois, 10 séances pour mon genou, sans mutuelle") == 81.6  # 10 × (7,16 € + 1 €)
    # the abdominal rehabilitation after the birth (NGAP art. 3, RAB 8): 100 %, the franchise left
    assert left_to_pay("j'ai accouché il y a 2 mois, 10 séances de rééducation abdominale, sans mutuelle") == 10


def test_an_insurer_stated_in_a_request_is_kept_and_its_question_not_asked():
    # « …sachant que j'ai la MGEN ? » was asked « Et votre mutuelle ? » all the same.
    update = dialogue.interpret("mon médecin m'a prescrit 12 séances pour une tendinite, ça va me coûter combien "
                                "sachant que j'ai la MGEN ?", None)
    assert update.slots["calc_mutuelle"] == {"mutuelle": {"br_percent": 100}} and update.slots["calc_sessions"] == 12
    assert update.notes[0].startswith("Je ne connais pas les garanties de chaque mutuelle")
    rate = dialogue.interpret("10 séances pour le dos avec une mutuelle à 200 %, j'ai la MGEN", None)
    assert rate.slots["calc_mutuelle"] == {"mutuelle": {"br_percent": 200}} and rate.notes == []
    assert "calc_mutuelle" not in dialogue.interpret("10 séances pour le genou, j'ai mal", None).slots


@pytest.mark.parametrize("answer, sessions", [("j'ai la MGEN et 10 séances", 10), ("la Matmut, 12 séances", 12)])
def test_an_insurer_named_with_other_values_in_answer_to_its_question_fills_both(answer, sessions):
    # « j'ai la MGEN et 10 séances » in answer to « Et votre mutuelle ? » was asked the mutuelle again.
    update = dialogue.interpret(answer, "calc_mutuelle")
    assert update.slots == {"calc_sessions": sessions, "calc_mutuelle": {"mutuelle": {"br_percent": 100}}}
    assert update.notes[0].startswith("Je ne connais pas les garanties de chaque mutuelle")
    assert "calc_mutuelle" not in dialogue.interpret("10 séances, j'ai mal au dos", "calc_mutuelle").slots


@pytest.mark.parametrize("answer", ["c'est la sécu", "je suis à 200", "c'est quoi une mutuelle", "j'ai mal au dos",
                                    "OK", "STOP", "c'est quoi la mutuelle ?", "bonjour", "la même",
                                    "la MGEN rembourse combien ?"])
def test_what_names_no_mutuelle_fills_nothing(answer):
    assert "calc_mutuelle" not in dialogue.interpret(answer, "calc_mutuelle").slots


def test_no_mutuelle():
    slots, _, _ = converse("combien je vais payer ?", "5", "genou", "pas de mutuelle")
    assert slots["calc_mutuelle"] == {"mutuelle": None}


@pytest.mark.parametrize("answer, error_word", [("0 séance", "nombre de séances"), ("500 séances", "nombre de séances")])
def test_out_of_range_count_is_refused_and_asked_again(answer, error_word):
    slots, requested, said = converse(answer)
    assert slots["calc_sessions"] is None and requested == "calc_sessions"
    assert any(error_word in s for s in said)


def test_values_sent_as_entities_are_validated_like_text():
    update = dialogue.interpret("/inform", "calc_sessions", entities=[{"entity": "sessions", "value": -4}])
    assert update.slots["calc_sessions"] is None and update.errors
    update = dialogue.interpret("/inform", "calc_sessions", entities=[{"entity": "sessions", "value": 8}])
    assert update.slots["calc_sessions"] == 8
    update = dialogue.interpret("/inform", "calc_acte", entities=[{"entity": "act", "value": "yoga"}])
    assert update.slots["calc_acte"] is None and "Soin inconnu" in update.errors[0]


def test_a_question_fills_nothing():
    update = dialogue.interpret("c'est quoi la franchise médicale ?", "calc_mutuelle")
    assert update.slots == {}


def test_depassement_choice_asks_the_care_then_the_price_is_tariff_plus_depassement():
    slots, requested, _ = converse("5 séances à 30 €", "conventionné avec un dépassement")
    assert requested == "calc_soin"
    slots, requested, _ = converse("5 séances à 30 €", "conventionné avec un dépassement", "pour mon genou",
                                   "pas de mutuelle")
    assert requested is None
    request = dialogue.request_from_slots(slots, today=TODAY)
    assert request == {"sessions": 5, "act": "membre", "price": 30, "conventionne": True}
    result = calculate({**request, "date": "2026-12-01"})
    # 17,90 € tariff, 12,10 € dépassement; AMO 10,74 € − 1 € franchise per session; no mutuelle.
    assert result["total"]["patient"] == pytest.approx(5 * (30 - 10.74 + 1))


# --- The asker's situation, remembered across the conversation ------------------------------------

@pytest.mark.parametrize("text, situation", [
    ("ma fille de 13 ans a une scoliose, c'est remboursé ?", {"age": 13}),
    ("j'habite à Strasbourg, c'est 90 % ?", {"regime": "alsace_moselle"}),
    ("je suis en ALD, la franchise s'applique ?", {"prise_en_charge_100": "ald"}),
    ("je suis enceinte de 7 mois, le kiné est remboursé ?", {"prise_en_charge_100": "maternite", "mois_grossesse": 7}),
    ("je suis enceinte, c'est pris en charge ?", {"prise_en_charge_100": "maternite"}),
    ("mon kiné vient à domicile, il facture combien ?", {"domicile": True}),
    ("on habite à la Réunion, c'est plus cher ?", {"drom": True}),
    ("mon bébé de 4 mois a une bronchiolite", {"age": 0}),
    ("j'ai mal au dos depuis 2 ans, combien de séances ?", {}),
    ("10 séances à 25 € pour mon genou avec une mutuelle à 100 %", {}),
])
def test_situation_stated_in_any_message(text, situation):
    assert dialogue.situation_from_text(text) == situation


@pytest.mark.parametrize("text", ["c'est quoi l'ALD ?", "peut-on avoir un kiné à domicile ?",
                                  "les kinés à la Réunion coûtent plus cher ?", "un kiné non conventionné, c'est quoi ?"])
def test_a_general_question_states_no_situation(text):
    assert dialogue.situation_from_text(text) == {}


def test_situation_is_named_in_french():
    assert dialogue.situation_phrases({"age": 13, "regime": "alsace_moselle"}) == [
        "patient de moins de 18 ans (13 ans)", "régime local d'Alsace-Moselle (si vous y êtes affilié)"]
    assert dialogue.situation_phrases({"prise_en_charge_100": "maternite"}) == ["grossesse (mois à préciser)"]


def result_of(slots):
    """The calculator's French answer for what the slots describe, at the test date."""
    from bot.calculator import compute
    from bot.explain import explain_fr
    return explain_fr(compute({**dialogue.request_from_slots(slots, today=TODAY2), "date": TODAY2.isoformat()}))


TODAY2 = dt.date(2026, 12, 1)


def converse2(*turns):
    """Like converse, at 2026-12-01 (the tariffs of the golden cases)."""
    slots = {name: None for name in dialogue.SLOTS}
    said, requested = [], None
    for text in turns:
        update = dialogue.interpret(text, requested, current=slots, today=TODAY2)
        slots.update(update.slots)
        said += update.notes + update.errors
        requested = next((n for n in dialogue.required_slots(slots, today=TODAY2) if slots.get(n) is None), None)
    return slots, requested, said


# --- #13 item 1: a conventionné price is a tariff plus, at most, a dépassement -----------------

def test_a_conventionne_price_that_is_no_tariff_asks_the_care_then_counts_a_depassement():
    first = "10 séances, mon kiné conventionné me facture 25 € la séance, mutuelle 100 %"
    slots, requested, _ = converse2(first)
    assert requested == "calc_soin"
    text, buttons = dialogue.soin_question(slots, today=TODAY2)
    assert text.startswith("25,00 € la séance ne correspond à aucun tarif conventionné")
    assert "dépassement" in text and "n'est pas conventionné" not in text
    assert buttons[0] == {"title": "Genou, dos, entorse… (17,90 €)", "payload": '/inform{"act": "membre"}'}
    assert {"title": "Bilan (23,65 €)", "payload": '/inform{"act": "bilan"}'} in buttons
    slots, requested, _ = converse2(first, "genou")
    assert requested is None
    answer = result_of(slots)
    # AMO 60 % of 17,90 € = 10,74 € − 1 € franchise; mutuelle 100 % BR: 7,16 €; 7,10 € above the tariff.
    assert "Reste à votre charge : 250,00 € − 97,40 € (Assurance Maladie) − 71,60 € (mutuelle) = 81,00 €" in answer
    assert "dépassement de 7,10 € par séance" in answer


def test_a_price_that_is_a_tariff_needs_no_question_about_the_care():
    slots, requested, _ = converse2("10 séances à 17,90 € chez un kiné conventionné, mutuelle à 100 %")
    assert requested is None
    assert "Reste à votre charge : 179,00 € − 97,40 € (Assurance Maladie) − 71,60 € (mutuelle) = 10,00 €" \
        in result_of(slots)


def test_a_price_with_unknown_status_below_every_tariff_maximum_asks_the_care_and_mentions_the_status():
    slots, requested, _ = converse2("5 séances à 25 €, pas de mutuelle")
    assert requested == "calc_soin"
    text, _ = dialogue.soin_question(slots, today=TODAY2)
    assert "Si votre kiné n'est pas conventionné, dites-le" in text
    slots, requested, _ = converse2("5 séances à 25 €, pas de mutuelle", "il est non conventionné")
    assert requested == "calc_situation" or requested is None
    assert dialogue.request_from_slots(slots)["conventionne"] is False


def test_a_kine_asking_is_asked_about_their_own_status():
    slots, requested, _ = converse2("je suis kiné, 5 séances à 25 € pour un patient, pas de mutuelle")
    assert requested == "calc_soin"
    text, _ = dialogue.soin_question(slots, today=TODAY2)
    assert text.endswith("(Si vous n'êtes pas conventionné, dites-le simplement.)")
    slots, requested, _ = converse2("je suis kiné, mon patient fait 12 séances à 80 €")
    assert requested == "calc_prix_eleve"
    assert "Êtes-vous non conventionné, pratiquez-vous un dépassement (la part au-dessus du tarif" \
        in dialogue.prix_eleve_question(slots, today=TODAY2)
    slots, _, _ = converse2("je suis kiné, mon patient fait 12 séances à 80 €", "je ne suis pas conventionné")
    assert slots["calc_prix_eleve"] == "non_conventionne"


def test_dont_know_the_care_takes_the_basic_act_and_says_so():
    slots, requested, said = converse2("3 séances chez un kiné conventionné à 25 €, pas de mutuelle", "je ne sais pas")
    assert requested is None and slots["calc_acte"] == {"price": 25, "act": "membre"}
    assert any("le reste du prix est un dépassement" in s for s in said)


def test_a_price_above_every_tariff_still_asks_the_status_then_the_care():
    slots, requested, _ = converse2("12 séances à 80 €")
    assert requested == "calc_prix_eleve"
    slots, requested, _ = converse2("12 séances à 80 €", "conventionné avec un dépassement")
    assert requested == "calc_soin"


@pytest.mark.parametrize("answer", ["je sais pas s'il est conventionné ou pas", "conventionné ou non, aucune idée",
                                    "jsais pas si il est conventionné ou pas", "chais pas"])
def test_not_knowing_whether_the_kine_is_conventionne_counts_the_worst_case(answer):
    # « conventionné ou pas » was read as « conventionné » and the price as a dépassement.
    slots, requested, said = converse2("12 séances à 80 €", answer)
    assert slots["calc_prix_eleve"] == "non_conventionne" and requested != "calc_soin"
    assert any("le pire cas" in s for s in said)


@pytest.mark.parametrize("text, word", [("10 séances à 10 € chez mon kiné conventionné", "aucun soin"),
                                        ("1 séance, un bilan à 20 € chez mon kiné conventionné", "tarif conventionné de ce soin")])
def test_a_conventionne_price_below_the_tariff_is_refused_and_asked_again(text, word):
    slots, requested, said = converse2(text)
    assert slots["calc_acte"] is None and requested == "calc_acte"
    assert any(word in s for s in said)


def test_a_price_refused_keeps_the_care_said_with_it_for_the_price_asked_again():
    # « 16 € » is below the 17,90 € of a lumbar care: refused; the care was dropped with it, and asked again after
    # « 20 € ». It is kept: 20 € is the care's tariff plus 2,10 € of dépassement.
    slots, requested, said = converse2("15 séances à 16 euros pour ma lombalgie", "20 euros")
    assert any("inférieur au tarif conventionné de ce soin" in s for s in said)
    assert slots["calc_acte"] == {"act": "membre", "price": 20} and requested == "calc_mutuelle"
    slots, _, _ = converse2("10 séances de kiné respiratoire à 16 euros", "20 €", "pas de mutuelle", "non")
    assert "18,79 € (tarif de l'acte) + 1,21 € (dépassement) = 20,00 €" in result_of(slots)  # the respiratory act's
    assert slots["calc_acte"] == {"act": "respiratoire", "price": 20}
    # another care named instead of a price replaces it
    slots, _, _ = converse2("10 séances de kiné respiratoire à 16 euros", "c'est pour le genou")
    assert slots["calc_acte"] == {"act": "membre"}


def test_a_share_of_the_depassements_is_said_not_counted():
    # « 50 % des dépassements » was no rate and the mutuelle's question came again without a word why.
    slots, requested, said = converse2("10 séances genou à 25 €", "dépassement",
                                       "ma mutuelle prend en charge 50 % des dépassements")
    assert requested == "calc_mutuelle" and slots["calc_mutuelle"] is None
    update = dialogue.interpret("ma mutuelle prend en charge 50 % des dépassements", "calc_mutuelle", current=slots,
                                today=TODAY2)
    assert "(50 %) ne suffit pas au calcul" in update.replies[0] and "« 100 % BR »" in update.replies[0]
    assert not update.notes  # said at once, before the question again, not with the result
    slots, _, said = converse2("10 séances genou à 25 €", "dépassement", "200 % BR et 100 % des dépassements")
    assert slots["calc_mutuelle"] == {"mutuelle": {"br_percent": 200}}
    assert ("Je compte votre mutuelle à 200 % de la base de remboursement ; la part des dépassements qu'elle prend "
            "(100 %) n'est pas comptée en plus : le calcul s'en tient à cette garantie.") in said


def test_a_bilan_is_billed_once_for_a_course():
    # « 10 séances » then « Bilan » counted 10 bilans (236,50 €): one for 1 to 29 sessions, another at the 30th, then
    # every 20 (NGAP titre XIV, chap. I, section 2, 3.).
    slots, requested, said = converse2("10 séances", "Bilan")
    assert slots["calc_sessions"] == 1 and slots["calc_acte"]["act"] == "bilan" and requested == "calc_mutuelle"
    assert "pour 10 séances, je compte 1 bilan" in said[-1]
    assert dialogue.request_from_slots(slots, today=TODAY2) == {"act": "bilan", "sessions": 1}
    slots, _, said = converse2("35 séances", "un bilan kiné")
    assert slots["calc_sessions"] == 2 and "je compte 2 bilans" in said[-1]


def test_the_sessions_of_a_course_come_back_after_its_bilans():
    # « et pour l'épaule ? » after « et le bilan ? » counted the one bilan's session: 1 session, 8,16 € left.
    slots, requested, said = converse2("35 séances pour le dos", "pas de mutuelle", "non", "et le bilan ?",
                                       "et pour l'épaule ?")
    assert slots["calc_sessions"] == 35 and slots["calc_acte"] == {"act": "membre"} and requested is None
    assert said[-1] == "Je reprends les 35 séances du traitement."
    assert "Reste à votre charge : 626,50 € − 340,90 € (Assurance Maladie) − 0,00 € (mutuelle) = 285,60 €" \
        in result_of(slots)
    slots, _, _ = converse2("35 séances pour le dos", "pas de mutuelle", "non", "et le bilan ?", "et pour 12 séances ?")
    assert slots["calc_sessions"] == 1  # 12 sessions of a course: still one bilan
    slots, _, _ = converse2("35 séances pour le dos", "pas de mutuelle", "non", "et le bilan ?",
                            "et 12 séances pour l'épaule ?")
    assert slots["calc_sessions"] == 12  # a count said with the care is the count


def test_a_price_said_for_another_care_or_place_counts_the_tariff_of_the_what_if():
    # 20 € for the knee, then « et à domicile ? » or « et le bilan ? »: 20 € is below 20,40 € (17,90 € + 2,50 € of
    # IFD) and below the bilan's 23,65 €; the calculation was refused and its care lost.
    slots, requested, said = converse2("10 séances genou à 20 €", "pas de mutuelle", "non", "et à domicile ?")
    assert slots["calc_acte"]["act"] == "membre" and "price" not in slots["calc_acte"] and requested is None
    assert any(s.startswith("Le prix de 20,00 € la séance, dit plus haut, est inférieur") for s in said)
    assert "20,40 €" in result_of(slots)
    slots, requested, _ = converse2("10 séances genou à 20 €", "pas de mutuelle", "non", "et le bilan ?")
    assert slots["calc_acte"]["act"] == "bilan" and slots["calc_sessions"] == 1 and requested is None
    assert "Reste à votre charge : 23,65 € − 13,19 € (Assurance Maladie) − 0,00 € (mutuelle) = 10,46 €" \
        in result_of(slots)
    # said now, the price is still refused and asked again
    slots, requested, _ = converse2("10 séances genou à 20 €", "pas de mutuelle", "non", "et le bilan à 22 € ?")
    assert slots["calc_acte"] is None and requested == "calc_acte"


def test_a_price_left_out_for_a_what_if_comes_back_with_the_care_it_fits():
    # 20 € for the knee, « et le bilan ? », then « et pour l'épaule ? » (or « et à domicile ? » then « et au
    # cabinet ? »): the 20 € was lost, and the knee's 2,10 € of dépassement with it (81,60 € left for 102,60 €).
    for what_ifs in (("et le bilan ?", "et pour l'épaule ?"), ("et à domicile ?", "et au cabinet ?")):
        slots, requested, said = converse2("10 séances genou à 20 €", "pas de mutuelle", "non", *what_ifs)
        assert slots["calc_acte"] == {"act": "membre", "price": 20} and requested is None
        assert said[-1] == "Je reprends le prix de 20,00 € la séance dit plus haut."
        assert "Reste à votre charge : 200,00 € − 97,40 € (Assurance Maladie) − 0,00 € (mutuelle) = 102,60 €" \
            in result_of(slots)
    slots, requested, said = converse2("10 séances genou à 20 €", "pas de mutuelle", "non", "et à domicile ?",
                                       "et à 25 € ?")
    assert slots["calc_acte"] == {"act": "membre", "price": 25}  # a new price is the price


def test_the_sessions_price_is_not_the_bilan_s_nor_the_reverse():
    # « et le bilan ? » after 25 € for the knee counted the bilan at 25 € (1,35 € of dépassement); « et pour le
    # genou ? » after « et à 30 € ? » for the bilan counted the sessions at 30 €.
    slots, requested, said = converse2("35 séances pour le genou à 25 €", "pas de mutuelle", "non", "et le bilan ?")
    assert slots["calc_acte"]["act"] == "bilan" and "price" not in slots["calc_acte"] and requested is None
    assert said[-2].startswith("Le prix de 25,00 € la séance, dit plus haut, vaut pour les séances : pour le bilan, je "
                               "compte son tarif.")
    assert "Reste à votre charge : 47,30 € − 26,38 € (Assurance Maladie) − 0,00 € (mutuelle) = 20,92 €" \
        in result_of(slots)  # 2 bilans at 23,65 €, 60 % = 14,19 € less 1 € of franchise each
    slots, requested, said = converse2("35 séances pour le genou à 25 €", "pas de mutuelle", "non", "et le bilan ?",
                                       "et pour le dos ?")
    assert slots["calc_acte"] == {"act": "membre", "price": 25} and slots["calc_sessions"] == 35
    slots, requested, said = converse2("10 séances genou à 20 €", "pas de mutuelle", "non", "et le bilan à 30 € ?",
                                       "dépassement", "et pour le genou ?")
    assert slots["calc_acte"] == {"act": "membre", "price": 20}  # the sessions' 20 €, not the bilan's 30 €
    slots, requested, said = converse2("10 séances", "Bilan", "mutuelle 100 %", "non", "et à 30 € ?", "dépassement",
                                       "et pour le genou ?")
    assert slots["calc_acte"] == {"act": "membre"} and slots["calc_sessions"] == 10
    assert said[-2].startswith("Le prix de 30,00 €, dit pour le bilan, ne vaut pas pour les séances : je compte leur "
                               "tarif.")
    # a non-conventionné kiné's price is his own, whatever the care
    slots, _, _ = converse2("10 séances chez un non conventionné à 40 €", "genou", "pas de mutuelle", "non",
                            "et le bilan ?")
    assert slots["calc_acte"]["price"] == 40


def test_a_care_named_after_the_price_keeps_the_price():
    slots, _, _ = converse2("5 séances à 25 € chez un conventionné", "c'est pour mon dos")
    assert slots["calc_acte"] == {"price": 25, "act": "membre"}


# --- #13 item 3: pregnancy and its month -------------------------------------------------------

PREGNANT = "10 séances pour le dos, je suis enceinte, pas de mutuelle"


def test_a_pregnancy_without_its_month_asks_the_month():
    _, requested, _ = converse2(PREGNANT)
    assert requested == "calc_grossesse"


def test_before_the_6th_month_usual_rate_and_franchise_and_it_is_said():
    slots, requested, said = converse2(PREGNANT, "enceinte de moins de 6 mois")
    assert requested is None
    # 60 % of 17,90 € = 10,74 €, minus 1 € franchise: 8,16 € left per session.
    assert "= 81,60 €" in result_of(slots)
    assert any("Avant le 6e mois de grossesse" in s and "franchise" in s for s in said)


def test_from_the_6th_month_100_percent_and_no_franchise():
    slots, requested, _ = converse2(PREGNANT, "enceinte de 6 mois ou plus")
    assert requested is None
    assert "Reste à votre charge : 179,00 € − 179,00 € (Assurance Maladie) − 0,00 € (mutuelle) = 0,00 €" \
        in result_of(slots)


def test_a_month_stated_needs_no_question():
    slots, requested, _ = converse2("10 séances pour le dos, je suis enceinte de 7 mois, pas de mutuelle")
    assert requested is None and "= 0,00 €" in result_of(slots)


def test_post_natal_rehabilitation_is_asked_once_and_computed_on_its_tariff():
    slots, requested, _ = converse2("10 séances de rééducation du périnée, je suis enceinte, pas de mutuelle",
                                   "après l'accouchement")
    assert requested is None
    assert dialogue.request_from_slots(slots)["post_partum"] is True
    # 100 % of the perineal tariff, 18,79 € per session.
    assert "187,90 €" in result_of(slots)


# --- #13 item 7: minors are read as minors -----------------------------------------------------

@pytest.mark.parametrize("answer", [
    "il a moins de 18 ans, c'est un nourrisson", "il a 4 mois", "c'est un bébé de 4 mois", "ma fille de 13 ans",
    "mineur", "nourrisson", "bébé", "mon fils de 16 ans", "enfant de 8 ans", "moins de 18 ans"])
def test_a_minor_is_read_as_a_minor_and_pays_no_franchise(answer):
    slots, requested, _ = converse2("5 séances pour le genou, pas de mutuelle", answer)
    assert requested is None
    assert slots["calc_situation"]["age"] < 18
    assert "Franchise" not in result_of(slots).split("Détail")[0]


# --- #14: the situation stated earlier is not asked again ---------------------------------------

def test_situation_stated_in_an_earlier_question_starts_the_form():
    remembered = dialogue.remembered_situation(["ma fille de 13 ans a une scoliose, c'est remboursé ?",
                                                "et en Alsace c'est pareil ? j'habite à Strasbourg"])
    assert remembered == {"age": 13, "regime": "alsace_moselle"}
    update = dialogue.interpret("10 séances pour le dos, pas de mutuelle", None)
    dialogue.remember(update, remembered)
    assert update.slots["calc_situation"] == {"age": 13, "regime": "alsace_moselle"}
    assert update.notes[0] == ("Je reprends ce que vous m'avez dit : patient de moins de 18 ans (13 ans) ; "
                               "régime local d'Alsace-Moselle (si vous y êtes affilié).")
    assert "ne vaut que pour ses affiliés" in update.notes[1]
    slots = {name: None for name in dialogue.SLOTS}
    slots.update(update.slots)
    assert [n for n in dialogue.required_slots(slots, today=TODAY2) if slots.get(n) is None] == []
    # 90 % of 17,90 € = 16,11 €, no franchise for a minor: 1,79 € left per session.
    assert "= 17,90 €" in result_of(slots)


def test_the_price_the_person_said_they_pay_starts_the_form():
    # « mon kiné conventionné me prend 35 € la séance, c'est normal ? » then « et pour 10 séances ? »:
    # the price was asked again (« Pour quels soins ? … ou indiquez le prix »).
    earlier = ["mon kiné conventionné me prend 35 € la séance, c'est normal ?"]
    update = dialogue.interpret("et pour 10 séances ça me fait combien ?", None)
    dialogue.remember(update, dialogue.remembered_situation(earlier), price=dialogue.remembered_price(earlier))
    assert update.slots["calc_acte"] == {"price": 35} and update.slots["calc_situation"] == {"conventionne": True}
    assert update.notes[0] == "Je reprends ce que vous m'avez dit : séance à 35,00 € ; kiné conventionné."
    # A care or a price in the current message wins; a general question's price is nobody's.
    update = dialogue.interpret("et pour 10 séances de genou à 40 € ?", None)
    dialogue.remember(update, {}, price=35)
    assert update.slots["calc_acte"] == {"act": "membre", "price": 40} and update.notes == []
    assert dialogue.remembered_price(["une séance à 45 € chez un déconventionné, c'est remboursé ?"]) is None
    # A price the calculator would refuse with what is known now is not taken.
    update = dialogue.interpret("10 séances chez mon kiné conventionné", None)
    dialogue.remember(update, {}, price=10)
    assert "calc_acte" not in update.slots and update.notes == []


def test_what_the_current_message_says_wins_over_what_was_said_before():
    update = dialogue.interpret("10 séances pour le dos, je suis en ALD", None)
    dialogue.remember(update, {"prise_en_charge_100": "maternite", "mois_grossesse": 7, "domicile": True})
    assert update.slots["calc_situation"] == {"domicile": True, "prise_en_charge_100": "ald"}


def test_a_cover_said_not_to_apply_is_taken_away_and_said():
    # « et si elle n'est pas en ALD ? » was read as « en ALD »: the result stayed at 100 %.
    slots, requested, _ = converse2("20 séances à domicile pour ma mère de 85 ans en ALD, pas de mutuelle",
                                    "elle ne marche plus bien")
    assert requested is None and slots["calc_acte"] == {"act": "personne_agee_marche"}
    update = dialogue.interpret("et si elle n'est pas en ALD ?", None, current=slots, today=TODAY2)
    assert update.slots["calc_situation"] == {"domicile": True, "age": 85}
    assert dialogue.noted(update, "calc_mutuelle", slots) == \
        "C'est noté : pas de prise en charge à 100 % (taux habituel)."
    slots.update(update.slots)
    # RPE 8,5 × 2,21 € = 18,79 € + 4,00 € (IFS) = 22,79 €; 60 % = 13,67 €, minus 1,00 € of franchise:
    # 22,79 − 12,67 = 10,12 € left per session, 202,40 € for 20.
    result = result_of(slots)
    assert "60 % de 22,79 € = 13,67 €" in result and "= 202,40 €" in result


def test_a_distance_given_at_another_question_is_said_back_and_counted():
    # « à 3 km » at the mutuelle's question, once the home visit was known, was kept in silence.
    current = {"calc_sessions": 8, "calc_situation": {"age": 72, "domicile": True}}
    update = dialogue.interpret("à 3 km", "calc_mutuelle", current=current, today=TODAY2)
    assert update.slots["calc_situation"] == {"age": 72, "domicile": True, "distance_km": 3}
    assert dialogue.noted(update, "calc_mutuelle", current) == "C'est noté : à 3 km."
    update = dialogue.interpret("en montagne, à 6 km", "calc_mutuelle", current=current, today=TODAY2)
    assert dialogue.noted(update, "calc_mutuelle", current) == "C'est noté : à 6 km, zone : montagne."


def test_a_cover_denied_later_is_not_remembered():
    assert dialogue.remembered_situation(["ma mère de 85 ans est en ALD", "en fait elle n'est plus en ALD"]) \
        == {"age": 85}


def test_a_pregnancy_month_said_earlier_is_not_asked_again():
    update = dialogue.interpret("10 séances pour le dos, pas de mutuelle", None)
    dialogue.remember(update, dialogue.remembered_situation(["je suis enceinte de 7 mois, le kiné est remboursé ?"]))
    slots = {name: None for name in dialogue.SLOTS}
    slots.update(update.slots)
    assert [n for n in dialogue.required_slots(slots, today=TODAY2) if slots.get(n) is None] == []


def test_a_bare_number_in_a_short_what_if_answers_the_sessions_question_or_is_asked_about():
    # Asked « Combien de séances ? », « et pour 20 ? » is 20 sessions; with no question pending (after a result),
    # whether it is a count or a price is asked, as for « 20 » alone.
    assert dialogue.interpret("et pour 20 ?", "calc_sessions").slots["calc_sessions"] == 20
    assert dialogue.unplaced_number("et pour 15 ?", None).startswith("« 15 » seul : est-ce un nombre de séances")
    # One does sessions, not euros: « et si j'en fais 15 ? » (or « jen ») is 15 sessions, not asked about.
    for text in ("et si j'en fais 15 ?", "et si jen fais 15 ?"):
        assert dialogue.unplaced_number(text, None) is None
        assert dialogue.interpret(text, None).slots["calc_sessions"] == 15


def test_a_month_asked_in_a_what_if_is_hypothetical_the_stated_month_stays():
    # « et à 7 mois ? » got the 7th month's line; the calculation asked next keeps the 5th month she stated.
    assert dialogue.remembered_situation(["je suis enceinte de 5 mois, le kiné est remboursé ?", "et à 7 mois ?"]) \
        == {"prise_en_charge_100": "maternite", "mois_grossesse": 5}


# --- #14: the situation is the patient's: another patient named does not inherit it ----------------

def _form_start(earlier, text):
    """The slots and notes of a calculation opened by `text` after the messages `earlier`."""
    update = dialogue.interpret(text, None, today=TODAY2)
    dialogue.remember_conversation(update, earlier, text)
    slots = {name: None for name in dialogue.SLOTS}
    slots.update(update.slots)
    return slots, update.notes


def test_a_baby_s_age_is_not_taken_for_the_parent():
    # After a baby's calculation, « et pour mon dos à moi, 12 séances ? » kept « moins de 18 ans »: no
    # franchise for the parent, 12 € too little left to pay.
    slots, notes = _form_start(["10 séances de kiné pour mon bébé, bronchiolite", "sans mutuelle"],
                               "et pour mon dos à moi, 12 séances ?")
    assert not (slots["calc_situation"] or {}).get("age")
    slots.update({"calc_mutuelle": {"mutuelle": None}, "calc_situation": {}})
    assert notes == ["Pour ce patient, je ne reprends pas ce qui valait pour une autre personne : "
                     "patient de moins de 18 ans."]
    # 12 × 17,90 € = 214,80 €; the Assurance Maladie pays 60 % = 10,74 € less 1,00 € of franchise
    # = 9,74 € a session: 214,80 − 116,88 = 97,92 € left to pay.
    assert "Reste à votre charge : 214,80 € − 116,88 € (Assurance Maladie) − 0,00 € (mutuelle) = 97,92 €" \
        in result_of(slots)


def test_the_asker_s_own_pregnancy_stays_when_they_say_it_is_for_them():
    slots, notes = _form_start(["je suis enceinte de 7 mois, c'est remboursé ?"], "10 séances pour moi, pour le dos")
    assert slots["calc_situation"] == {"prise_en_charge_100": "maternite", "mois_grossesse": 7}
    assert notes[0] == "Je reprends ce que vous m'avez dit : grossesse, 7e mois."


def test_the_care_stated_in_a_question_is_not_asked_again_for_the_same_patient():
    # « ma fille de 13 ans a une scoliose, c'est remboursé ? », then « combien pour 20 séances ? » asked « Pour quels
    # soins ? »: her age was kept, her care lost.
    earlier = ["ma fille de 13 ans a une scoliose, c'est remboursé ?"]
    slots, notes = _form_start(earlier, "combien pour 20 séances ?")
    assert slots["calc_acte"] == {"act": "membre"} and slots["calc_situation"] == {"age": 13}
    assert notes[0] == ("Je reprends ce que vous m'avez dit : soins : genou, dos, entorse… ; patient de moins de "
                        "18 ans (13 ans).")
    slots.update({"calc_mutuelle": {"mutuelle": {"br_percent": 100}}})
    assert "Reste à votre charge : 358,00 € − 214,80 € (Assurance Maladie) − 143,20 € (mutuelle) = 0,00 €" \
        in result_of(slots)
    slots, notes = _form_start(["mon kiné me prend 25 € pour mon genou, c'est normal ?"], "combien pour 10 séances ?")
    assert slots["calc_acte"] == {"act": "membre", "price": 25}
    # another patient, a care said with the count, a care only asked about: not taken
    assert _form_start(earlier, "et pour moi, 10 séances ?")[0]["calc_acte"] is None
    assert _form_start(earlier, "10 séances pour son épaule")[0]["calc_acte"] == {"act": "membre"}
    assert _form_start(["le drainage lymphatique est-il remboursé ?"], "combien pour 10 séances ?")[0]["calc_acte"] \
        is None
    assert _form_start(["le bilan de mon kiné est remboursé ?"], "combien pour 10 séances ?")[0]["calc_acte"] is None


def test_a_pregnancy_is_not_the_husband_s_in_a_what_if():
    # « et pour mon mari ? » after a pregnant woman's result recalculated at 100 %: 0 € left for him.
    earlier = ["je suis enceinte de 7 mois, 10 séances pour mon dos", "pas de mutuelle"]
    slots = {"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None},
             "calc_situation": {"prise_en_charge_100": "maternite", "mois_grossesse": 7}, "calc_grossesse": None}
    update = dialogue.interpret("et pour mon mari ?", None, current=slots, today=TODAY2)
    dialogue.change_patient(update, slots, "et pour mon mari ?", earlier)
    assert update.slots["calc_situation"] == {}
    assert update.notes == ["Pour ce patient, je ne reprends pas ce qui valait pour une autre personne : "
                            "grossesse, 7e mois."]
    # 179,00 € less 10 × 9,74 €: 81,60 € left to pay.
    assert "Reste à votre charge : 179,00 € − 97,40 € (Assurance Maladie) − 0,00 € (mutuelle) = 81,60 €" \
        in result_of({**slots, **update.slots})


def test_a_daughter_named_after_an_ald_gets_her_own_age_and_not_the_ald():
    earlier = ["je suis en ALD, combien pour 10 séances de kiné ?"]
    current = {"calc_sessions": 10, "calc_situation": {"prise_en_charge_100": "ald"}}
    update = dialogue.interpret("et pour ma fille de 8 ans ?", "calc_soin", current=current, today=TODAY2)
    dialogue.change_patient(update, current, "et pour ma fille de 8 ans ?", earlier)
    assert update.slots["calc_situation"] == {"age": 8}
    # A patient named earlier comes back with what was said of them; the region holds for all.
    earlier = ["ma mère de 85 ans est en ALD, c'est remboursé ?", "on habite à Metz",
               "je suis enceinte de 4 mois, 10 séances pour moi"]
    current = {"calc_sessions": 10, "calc_situation": {"prise_en_charge_100": "maternite", "mois_grossesse": 4,
                                                      "regime": "alsace_moselle"}}
    update = dialogue.interpret("et pour ma mère ?", None, current=current, today=TODAY2)
    dialogue.change_patient(update, current, "et pour ma mère ?", earlier)
    assert update.slots["calc_situation"] == {"age": 85, "prise_en_charge_100": "ald", "regime": "alsace_moselle"}
    # The complémentaire santé solidaire is the household's.
    assert dialogue.remembered_situation(["j'ai la CSS", "ma fille de 13 ans a une scoliose"],
                                         "10 séances pour mon mari") == {"prise_en_charge_100": "css"}


def test_a_home_visit_is_the_patient_s_not_the_household_s():
    # The kiné came home for the wife; the baby's bronchiolite was counted at home too: 5 × 2,50 € of IFD
    # that the practice never bills.
    slots, notes = _form_start(["ma femme a une sclérose en plaques, le kiné vient à domicile, c'est remboursé ?"],
                               "mon bb a une bronchiolite, 5 séances")
    assert slots["calc_situation"] == {"age": 0}
    assert notes == ["Pour ce patient, je ne reprends pas ce qui valait pour une autre personne : "
                     "séances à domicile."]
    # For the wife herself (« elle »), the home visit stays.
    slots, notes = _form_start(["ma femme a une sclérose en plaques, le kiné vient à domicile"],
                               "pour elle, 10 séances")
    assert slots["calc_situation"] == {"domicile": True}
    # « chez moi » names nobody: said before anyone is named, it is the first one named's.
    assert dialogue.remembered_situation(["je voudrais 10 séances chez moi"], "et pour ma fille ?") == \
        {"domicile": True}


def test_the_asker_s_own_age_said_after_messages_naming_nobody_keeps_their_home_visit():
    # « … pour mon genou », « et si c'était à domicile ? », then « en fait j'ai 16 ans »: the home visit was
    # dropped as another person's (« Pour ce patient, je ne reprends pas … : séances à domicile »).
    earlier = ["slt combien je vais payer pour 10 seances de kiné pr mon genou", "aucune", "pas de mutuelle",
               "et si c'était à domicile ?"]
    slots = {"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None},
             "calc_situation": {"domicile": True}, "calc_grossesse": None}
    update = dialogue.interpret("en fait j'ai 16 ans", None, current=slots, today=TODAY2)
    dialogue.change_patient(update, slots, "en fait j'ai 16 ans", earlier)
    assert update.slots["calc_situation"] == {"domicile": True, "age": 16}
    assert update.notes == []
    # (17,90 € + 2,50 € of IFD) × 10 = 204,00 €; 60 % = 12,24 € a session, no franchise under 18: 81,60 € left.
    assert "Reste à votre charge : 204,00 € − 122,40 € (Assurance Maladie) − 0,00 € (mutuelle) = 81,60 €" \
        in result_of({**slots, **update.slots})
    # Another person named is still another patient.
    update = dialogue.interpret("et pour ma fille de 8 ans ?", None, current=slots, today=TODAY2)
    dialogue.change_patient(update, slots, "et pour ma fille de 8 ans ?", earlier)
    assert update.slots["calc_situation"] == {"age": 8}


def test_a_message_naming_nobody_or_the_same_patient_changes_nothing():
    earlier = ["ma mère de 85 ans est en ALD", "elle marche mal"]
    current = {"calc_sessions": 10, "calc_situation": {"prise_en_charge_100": "ald", "age": 85}}
    for text in ("et pour 20 séances ?", "c'est pour ma mère", "et à domicile pour elle ?", "c'est à moi de payer ?"):
        update = dialogue.interpret(text, None, current=current, today=TODAY2)
        dialogue.change_patient(update, current, text, earlier)
        assert (update.slots.get("calc_situation") or current["calc_situation"]).get("prise_en_charge_100") == "ald"
        assert not any(note.startswith("Pour ce patient") for note in update.notes)


# --- #13/#14: a count that cannot be right is questioned --------------------------------------

@pytest.mark.parametrize("turns, written", [(("2,5 séances",), "2,5"), (("-5 séances",), "-5"),
                                            (("combien je vais payer ?", "2,5"), "2,5"),
                                            (("combien je vais payer ?", "-5"), "-5"),
                                            # corrected in words, as a count is (bot.parsing.CORRECTION_LEAD)
                                            (("combien je vais payer ?", "non en fait c'est 2,5"), "2,5"),
                                            (("combien je vais payer ?", "plutôt -5"), "-5")])
def test_a_count_that_is_not_a_whole_positive_number_is_questioned(turns, written):
    slots, requested, said = converse2(*turns)
    assert slots["calc_sessions"] is None and requested == "calc_sessions"
    assert any(f"nombre entier et positif (vous avez écrit « {written} »)" in s for s in said)


# --- #14/#17: « c quoi les 20,40 € ? » after a result -------------------------------------------

HOME = {"sessions": 10, "act": "membre", "domicile": True, "mutuelle": {"br_percent": 100}, "date": "2026-12-01"}
DEPASSEMENT = {"sessions": 10, "act": "membre", "price": 25, "conventionne": True, "mutuelle": {"br_percent": 100},
               "date": "2026-12-01"}


@pytest.mark.parametrize("request_, question, answer", [
    (HOME, "c quoi les 20,40 € ?", "20,40 € : c'est le prix d'une séance : tarif de l'acte 17,90 € + "
                                   "indemnité forfaitaire de déplacement 2,50 €."),
    (HOME, "c'est quoi ces 2,50 € ?", "2,50 € : c'est l'indemnité forfaitaire de déplacement d'une séance"),
    (DEPASSEMENT, "pourquoi 81 € ?", "81,00 € : c'est votre reste à charge : prix total 250,00 € − Assurance "
                                     "Maladie 97,40 € − mutuelle 71,60 € (dont 71,00 € de dépassement"),
    (DEPASSEMENT, "c quoi les 7,10 € ?", "7,10 € : c'est le dépassement par séance : le prix facturé 25,00 € moins "
                                         "le tarif conventionné 17,90 €"),
])
def test_an_amount_of_the_last_result_is_explained(request_, question, answer):
    assert dialogue.explain_amount(request_, question).startswith(answer)


def test_an_amount_not_in_the_result_or_no_result_yet():
    assert dialogue.explain_amount(HOME, "c quoi les 3 € ?").startswith("Je ne trouve pas 3,00 € dans le dernier calcul")
    assert dialogue.explain_amount(None, "c quoi les 3 € ?").startswith("Je n'ai pas encore fait de calcul")
    # more sessions than the calculator takes: not explained, no error
    assert dialogue.explain_amount(None, "la sécu m'a remboursé 10,74 € pour 400 séances, pourquoi ?").startswith(
        "Je n'ai pas encore fait de calcul")


@pytest.mark.parametrize("question, answer", [
    ("la sécu m'a remboursé 10,74 € au lieu de 17,90, pourquoi ?",
     "Sur une séance de base (genou, dos, entorse…), sans mutuelle, 10,74 € : c'est la part de l'Assurance "
     "Maladie avant franchise : 60 % de la base de 17,90 €."),
    ("pourquoi je n'ai eu que 9,74 € ?",
     "Sur une séance de base (genou, dos, entorse…), sans mutuelle, 9,74 € : c'est ce que l'Assurance Maladie "
     "vous rembourse : 10,74 € moins 1,00 € de franchise."),
    # The price first, then the amount reimbursed: the one asked about (it explained 17,90 € as the price).
    ("mon kiné me facture 17,90 € mais la sécu ne me rembourse que 9,74 €, pourquoi ?",
     "Sur une séance de base (genou, dos, entorse…), sans mutuelle, 9,74 € : c'est ce que l'Assurance Maladie "
     "vous rembourse : 10,74 € moins 1,00 € de franchise."),
    # What a mutuelle at 100 % of the base pays: it got the franchise's answer.
    ("pourquoi ma mutuelle ne me rembourse que 7,16 € par séance ?",
     "Sur une séance de base (genou, dos, entorse…), sans mutuelle, 7,16 € : c'est le ticket modérateur : 40 % de "
     "17,90 €, la part de la base que l'Assurance Maladie laisse ; une mutuelle à 100 % de la base paie exactement "
     "cela, rien d'un dépassement."),
    # An amount for several sessions, on as many base sessions (it went to the fallback; the second said « Je n'ai pas
    # encore fait de calcul », the sécu's 97,40 € having replaced the 17,90 € paid as the price)
    ("la sécu m'a remboursé 64,44 € pour 6 séances, c'est normal ?",
     "Sur 6 séances de base (genou, dos, entorse…), sans mutuelle, 64,44 € : c'est la part de l'Assurance Maladie "
     "avant franchise : 60 % de la base de 107,40 €."),
    ("j'ai payé 179 € pour 10 séances et la sécu m'a rendu 97,40 €, pourquoi pas plus ?",
     "Sur 10 séances de base (genou, dos, entorse…), sans mutuelle, 97,40 € : c'est ce que l'Assurance Maladie vous "
     "rembourse : 107,40 € moins 10,00 € de franchise."),
])
def test_an_amount_asked_before_any_calculation_is_explained_on_a_base_session(question, answer):
    # « la sécu m'a remboursé 10,74 € au lieu de 17,90, pourquoi ? » got « Je n'ai pas encore fait de calcul ».
    assert dialogue.explain_amount(None, question, today=dt.date(2026, 12, 3)) == answer


# --- Every answer the form's own questions suggest reads back as meant (#13 item 7) ------------

# What each suggested answer means, as the slots it fills (a subset is checked).
MEANING = {
    "calc_sessions": {"1 séance": {"calc_sessions": 1}, "5 séances": {"calc_sessions": 5},
                      "10 séances": {"calc_sessions": 10}, "15 séances": {"calc_sessions": 15},
                      "20 séances": {"calc_sessions": 20}, "10": {"calc_sessions": 10}},
    "calc_acte": {"rééducation du genou": {"calc_acte": {"act": "membre"}},
                  "rééducation de plusieurs membres": {"calc_acte": {"act": "plusieurs_territoires"}},
                  "kiné respiratoire": {"calc_acte": {"act": "respiratoire"}},
                  "drainage lymphatique d'un membre": {"calc_acte": {"act": "drainage_1_membre"}},
                  "rééducation de la marche": {"calc_acte": {"act": "personne_agee_marche"}},
                  "un bilan kiné": {"calc_acte": {"act": "bilan"}},
                  "je ne sais pas": {"calc_acte": {"act": "membre"}},
                  "25 €": {"calc_acte": {"price": 25}}},
    "calc_mutuelle": {"pas de mutuelle": {"calc_mutuelle": {"mutuelle": None}},
                      "mutuelle à 100 % BR": {"calc_mutuelle": {"mutuelle": {"br_percent": 100}}},
                      "mutuelle à 200 % BR": {"calc_mutuelle": {"mutuelle": {"br_percent": 200}}},
                      "mutuelle à 300 % BR": {"calc_mutuelle": {"mutuelle": {"br_percent": 300}}},
                      "je ne sais pas": {"calc_mutuelle": {"mutuelle": {"br_percent": 100}}},
                      "200 %": {"calc_mutuelle": {"mutuelle": {"br_percent": 200}}},
                      "30 € par séance": {"calc_mutuelle": {"mutuelle": {"per_session": 30}}},
                      "300 € par an": {"calc_mutuelle": {"mutuelle": {"annual": 300}}}},
    "calc_situation": {"aucune situation particulière": {"calc_situation": {}},
                       "je suis en ALD": {"calc_situation": {"prise_en_charge_100": "ald"}},
                       "séances à domicile": {"calc_situation": {"domicile": True}},
                       "kiné non conventionné": {"calc_situation": {"conventionne": False}},
                       "régime Alsace-Moselle": {"calc_situation": {"regime": "alsace_moselle"}},
                       "le patient a moins de 18 ans": {"calc_situation": {"age": 17}},
                       "je suis enceinte": {"calc_situation": {"prise_en_charge_100": "maternite"}},
                       "je touche une pension d'invalidité": {"calc_situation": {"prise_en_charge_100": "invalidite"}},
                       # the buttons a kiné asking for a patient gets (utter_ask_calc_situation_patient)
                       "le patient est en ALD": {"calc_situation": {"prise_en_charge_100": "ald"}},
                       "la patiente est enceinte": {"calc_situation": {"prise_en_charge_100": "maternite"}},
                       "le patient touche une pension d'invalidité": {
                           "calc_situation": {"prise_en_charge_100": "invalidite"}},
                       # the examples listed in the question itself
                       "ALD ou autre prise en charge à 100 %": {"calc_situation": {"prise_en_charge_100": "ald"}},
                       "pension d'invalidité": {"calc_situation": {"prise_en_charge_100": "invalidite"}},
                       "séance à domicile": {"calc_situation": {"domicile": True}},
                       "Alsace-Moselle": {"calc_situation": {"regime": "alsace_moselle"}},
                       "moins de 18 ans": {"calc_situation": {"age": 17}}},
    "calc_grossesse": {"enceinte de moins de 6 mois": {"calc_grossesse": "avant_6"},
                       "enceinte de 6 mois ou plus": {"calc_grossesse": "6_plus"},
                       "rééducation après l'accouchement": {"calc_grossesse": "post_partum"}},
    "calc_prix_eleve": {"il est non conventionné": {"calc_prix_eleve": "non_conventionne"},
                        "conventionné avec un dépassement": {"calc_prix_eleve": "depassement"},
                        "acte hors nomenclature": {"calc_prix_eleve": "hors_nomenclature"}},
}


def _suggested(domain):
    """(slot, answer) for every button payload and every « example » or listed item of the form's questions."""
    import re
    from rasa_sdk.executor import CollectingDispatcher  # noqa: F401  (the actions' buttons below)
    found = []
    for slot in dialogue.SLOTS:
        # the question, and its wording for a kiné asking for a patient
        for response in [*domain["responses"].get(f"utter_ask_{slot}", []),
                         *domain["responses"].get(f"utter_ask_{slot}_patient", [])]:
            found += [(slot, button["payload"]) for button in response.get("buttons", [])]
            found += [(slot, quoted) for quoted in re.findall(r"«\s*(.+?)\s*»", response["text"])]
            if slot == "calc_situation":
                listed = re.search(r"\((.+)…\)", response["text"]).group(1)
                found += [(slot, item.strip()) for item in listed.split(",")]
    return found


def test_every_answer_the_questions_suggest_reads_back_as_meant(domain):
    suggested = _suggested(domain)
    assert {slot for slot, _ in suggested} >= {"calc_sessions", "calc_acte", "calc_mutuelle", "calc_situation",
                                               "calc_grossesse"}
    for slot, answer in suggested:
        assert answer in MEANING[slot], f"nouvelle réponse suggérée sans sens attendu : {slot} « {answer} »"
        update = dialogue.interpret(answer, slot, current={})
        for name, value in MEANING[slot][answer].items():
            got = update.slots.get(name)
            if isinstance(value, dict) and isinstance(got, dict) and name == "calc_situation":
                assert {k: got.get(k) for k in value} == value and (value or got == {}), (answer, got)
            else:
                assert got == value, (slot, answer, update.slots)
        assert not update.errors, (answer, update.errors)


def test_the_buttons_built_by_the_actions_read_back_as_meant():
    from actions.calculation import ActionAskCalcPrixEleve  # noqa: F401  (its buttons are listed in MEANING)
    import inspect
    import re
    source = inspect.getsource(ActionAskCalcPrixEleve)
    for payload in re.findall(r'"payload": "([^"]+)"', source):
        update = dialogue.interpret(payload, "calc_prix_eleve")
        assert update.slots["calc_prix_eleve"] == MEANING["calc_prix_eleve"][payload]["calc_prix_eleve"]
    slots = {"calc_acte": {"price": 30}, "calc_situation": {"conventionne": True}}
    _, buttons = dialogue.soin_question(slots, today=TODAY2)
    assert len(buttons) == 13  # one per act (12) and « Je ne sais pas »
    for button in buttons[:-1]:
        act = re.search(r'"act": "(\w+)"', button["payload"]).group(1)
        update = dialogue.interpret(button["payload"], "calc_soin", entities=[{"entity": "act", "value": act}],
                                    current=slots, today=TODAY2)
        assert update.slots["calc_acte"] == {"price": 30, "act": act} and update.slots["calc_soin"] == act
    update = dialogue.interpret(buttons[-1]["payload"], "calc_soin", current=slots, today=TODAY2)
    assert update.slots["calc_acte"] == {"price": 30, "act": "membre"}


def test_a_care_button_says_when_its_tariff_is_not_confirmed():
    _, buttons = dialogue.soin_question({"calc_acte": {"price": 25}}, today=dt.date(2026, 12, 1))
    titles = [b["title"] for b in buttons]
    # 9,8 from 28/05/2026: confirmed by the NGAP in force on 21/06/2026 (TER 9,79 / 9,81)
    assert "Genou, dos, entorse… (17,90 €)" in titles and "Plusieurs régions (21,66 €)" in titles
    _, later = dialogue.soin_question({"calc_acte": {"price": 30}}, today=dt.date(2027, 8, 1))
    assert "Genou, dos, entorse… (18,56 €, prévu)" in [b["title"] for b in later]  # 8,4 from 01/07/2027


@pytest.mark.parametrize("text, topic", [
    # Issue #14's example, as written and in SMS spelling: a question, not values for the calculator.
    ("j'habite à Strasbourg, c'est 90 % ?", "remboursement_taux"),
    ("j'habite a strasbourg c 90% ?", "remboursement_taux"),
    ("c'est 90 % en Alsace ?", "remboursement_taux"),
    ("mon fils a 12 ans, c'est remboursé ?", "remboursement_taux"),
    ("j'habite en Guadeloupe, ça coûte combien ?", "tarif_seance"),
    # Answers to the calculator's questions, a what-if after a result, or a calculation: left alone.
    ("j'habite à Strasbourg", None),
    ("100 % ?", None),
    ("oui je crois ?", None),
    ("je suis enceinte de 7 mois, ça compte ?", None),  # an answer to the form's situation question
    ("et si j'habitais à Metz ?", None),
    ("10 séances à domicile, c'est combien ?", None),
    ("mon kiné prend 40 €, j'habite à Metz, c'est remboursé ?", None),
])
def test_a_situation_question_read_as_a_value_is_a_question(text, topic):
    assert dialogue.situation_question_topic("inform", text) == topic


def test_only_a_value_is_turned_into_a_question():
    assert dialogue.situation_question_topic("ald_100", "je suis en ALD, c'est 100 % ?") is None


def test_a_parent_asking_what_they_pay_for_their_child_is_not_the_patient():
    # « ma fille de 8 ans …, c'est combien pour moi ? »: the parent pays, the daughter is the patient.
    # The age went to the parent: « et pour moi, 12 séances pour le dos, à dom ? » then had no franchise
    # (0,00 € left instead of 12,00 €).
    assert patient_named("ma fille de 8 ans a une entorse, 10 séances c'est combien pour moi ?") == "enfant"
    assert patient_named("pour moi et ma fille") is None and patient_named("ma fille et moi-même") is None
    earlier = ["bjr, ma fille de 8 ans a une entorse, 10 séances c'est combien pour moi ?", "100 % BR"]
    slots, notes = _form_start(earlier, "et pour moi, 12 séances pour le dos, à dom ?")
    assert slots["calc_situation"] == {"domicile": True}
    assert notes == ["Pour ce patient, je ne reprends pas ce qui valait pour une autre personne : "
                     "patient de moins de 18 ans (8 ans)."]
    slots["calc_mutuelle"] = {"mutuelle": {"br_percent": 100}}
    # 17,90 € + 2,50 € (IFD) = 20,40 € a session; the Assurance Maladie pays 60 % = 12,24 € less 1,00 € of
    # franchise = 11,24 €; the mutuelle at 100 % BR pays the 40 % = 8,16 €: 12 × 1,00 € = 12,00 € left.
    assert "Reste à votre charge : 244,80 € − 134,88 € (Assurance Maladie) − 97,92 € (mutuelle) = 12,00 €" \
        in result_of(slots)


# --- Amounts as people write them: a total for the sessions, thousands with spaces ---------------------

@pytest.mark.parametrize("text, price, sessions", [
    ("le kiné me prend 300 € pour 10 séances", 30, 10),
    ("j'ai payé 450 euros pour les 10 séances", 45, 10),
    ("10 séances m'ont coûté 250 €", 25, 10),
    ("10 séances, 300 € au total", 30, 10),
    ("1 200 € pour 20 séances", 60, 20),
    # the sessions done, then what was paid: 250 € a session until 2026-12-06
    ("j'ai fait 10 séances, j'ai payé 250 €, la sécu m'a remboursé 107 €", 25, 10),
    ("j'ai eu 8 séances et payé 200 euros", 25, 8),
])
def test_a_price_for_all_the_sessions_is_divided_by_their_number(text, price, sessions):
    # « 300 € pour 10 séances » was read as 300 € a session: 2 902,60 € left instead of 202,60 €.
    parsed = parse_request(text)
    assert (parsed.fields["price"], parsed.fields["sessions"]) == (price, sessions)
    # A price per session stays one.
    assert parse_request("10 séances à 30 €").fields["price"] == 30
    assert parse_request("10 séances pour 17,90 € chacune").fields["price"] == 17.9
    assert parse_request("j'ai fait 10 séances, j'ai payé 25 € par séance").fields["price"] == 25


def test_a_total_price_is_said_back_and_gives_the_right_result():
    slots, requested, said = converse2("mon kiné conventionné me prend 300 € pour 10 séances, pas de mutuelle",
                                       "pour le dos", "aucune")
    assert said[0] == ("Je compte 30,00 € la séance (300,00 € pour 10 séances) : corrigez-moi au besoin, "
                       "par exemple « non, 30 € la séance ».")
    assert requested is None
    # 17,90 € of tariff + 12,10 € of dépassement; the Assurance Maladie pays 60 % of 17,90 € = 10,74 € less
    # 1,00 € of franchise: 300,00 − 97,40 = 202,60 € left to pay.
    assert "Reste à votre charge : 300,00 € − 97,40 € (Assurance Maladie) − 0,00 € (mutuelle) = 202,60 €" \
        in result_of(slots)


def test_thousands_written_with_spaces_are_one_amount():
    # « forfait 1 000 euros par an » was a forfait of 0 €, « 1 500 € » of 500 €.
    assert parse_request("ma mutuelle rembourse 1 500 € par an").fields["mutuelle"] == {"annual": 1500}
    assert parse_request("forfait 1 000 euros par an").fields["mutuelle"] == {"annual": 1000}
    assert parse_request("forfait de 1\u202f200,50 € par an").fields["mutuelle"] == {"annual": 1200.5}
    assert parse_request("10 séances 300 € par an").fields == {"sessions": 10, "mutuelle": {"annual": 300}}


def test_sessions_said_to_be_more_are_added_to_the_calculation_s():
    # « et si je prends 5 séances de plus ? » after 10 sessions calculated 5 sessions.
    current = {"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None},
               "calc_situation": {}}
    for text, sessions in [("et si je prends 5 séances de plus ?", 15), ("et avec 3 séances supplémentaires ?", 13),
                           ("encore 6 séances", 16), ("et avec 15 séances en tout ?", 15)]:
        update = dialogue.interpret(text, None, current=current, today=TODAY2)
        assert update.slots["calc_sessions"] == sessions, text
    assert update.notes == []
    update = dialogue.interpret("et si je prends 5 séances de plus ?", None, current=current, today=TODAY2)
    assert update.notes == ["Je compte 15 séances en tout."]
    # 15 × 17,90 € = 268,50 €; 15 × 9,74 € from the Assurance Maladie: 122,40 € left to pay.
    assert "Reste à votre charge : 268,50 € − 146,10 € (Assurance Maladie) − 0,00 € (mutuelle) = 122,40 €" \
        in result_of({**current, **update.slots})


def test_sessions_added_without_the_word_seances_and_a_number_of_series():
    # « et si j'en rajoute 4 ? » was not understood; « 2 fois 10 séances » was 2 sessions, « deux séries de
    # 10 séances » 10.
    current = {"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None},
               "calc_situation": {}}
    for text in ("et si j'en rajoute 4 ?", "et avec 4 de plus ?"):
        update = dialogue.interpret(text, None, current=current, today=TODAY2)
        assert update.slots == {"calc_sessions": 14} and update.notes == ["Je compte 14 séances en tout."], text
    # 14 × 17,90 € = 250,60 €; 14 × 10,74 € − 14,00 € of franchises = 136,36 € paid: 114,24 € left.
    assert "Reste à votre charge : 250,60 € − 136,36 € (Assurance Maladie) − 0,00 € (mutuelle) = 114,24 €" \
        in result_of({**current, **update.slots})
    for text in ("2 fois 10 séances pour mon genou", "deux séries de 10 séances pour mon genou"):
        update = dialogue.interpret(text, None, today=TODAY2)
        assert update.slots["calc_sessions"] == 20 and update.notes == ["Je compte 20 séances (2 × 10)."], text
    # Not a count of sessions: a dépassement, an age, a duration.
    assert parse_request("10 € de plus").fields == {"depassement": 10}
    assert "sessions" not in parse_request("encore 2 semaines").fields


def test_a_percentage_typed_with_the_letter_o():
    assert parse_request("mutuelle 2OO%").fields == {"mutuelle": {"br_percent": 200}}
    assert parse_request("ma mutuelle c'est 1o0 % BR").fields == {"mutuelle": {"br_percent": 100}}


def test_a_total_for_the_sessions_of_the_calculation_in_a_what_if():
    current = {"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None},
               "calc_situation": {}}
    update = dialogue.interpret("et si c'était 300 € pour les 10 ?", None, current=current, today=TODAY2)
    assert update.slots["calc_acte"]["price"] == 30 and update.slots["calc_sessions"] == 10


@pytest.mark.parametrize("requested, text, sessions, low", [
    ("calc_sessions", "je sais pas encore, le kiné a dit entre 10 et 15", 15, 10),  # was 1 session (« je sais pas »)
    ("calc_sessions", "15 ou 20", 20, 15),  # was not understood, the question asked again
    (None, "entre 10 et 15 séances pour mon genou", 15, 10),
    (None, "10 à 15 séances de kiné", 15, 10),
])
def test_a_range_of_sessions_counts_its_upper_end_and_says_so(requested, text, sessions, low):
    update = dialogue.interpret(text, requested, today=TODAY2)
    assert update.slots["calc_sessions"] == sessions
    assert update.notes == [f"Je compte {sessions} séances (entre {low} et {sessions} : le haut de la fourchette, pour "
                            f"ne pas sous-estimer) : corrigez-moi au besoin, par exemple « non, {low} séances »."]


@pytest.mark.parametrize("text", ["oui j'en ai une", "oui", "celle de mon employeur, je ne connais pas le taux"])
def test_a_yes_or_an_unknown_rate_to_the_mutuelle_question_takes_a_responsible_contract(text):
    # These got the question again, with no word of why.
    update = dialogue.interpret(text, "calc_mutuelle", today=TODAY2)
    assert update.slots["calc_mutuelle"] == {"mutuelle": {"br_percent": 100}}
    assert "contrat responsable" in update.notes[0]
    assert dialogue.interpret("oui mais pas pour le kiné", "calc_mutuelle", today=TODAY2).slots == {}


def test_franchises_already_paid_are_not_a_price():
    # « et si j'ai déjà payé 30 € de franchises cette année ? » was a price of 30 € a session.
    current = {"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None},
               "calc_situation": {}}
    update = dialogue.interpret("et si j'ai déjà payé 45 € de franchises cette année ?", None, current=current,
                                today=TODAY2)
    assert update.slots == {"calc_situation": {"franchise_already_paid": 45}}
    # 5 € left under the 50 € cap: 5 sessions bear 1,00 €; 179,00 − 102,40 = 76,60 € left to pay.
    assert "Reste à votre charge : 179,00 € − 102,40 € (Assurance Maladie) − 0,00 € (mutuelle) = 76,60 €" \
        in result_of({**current, **update.slots})
    update = dialogue.interpret("et si j'ai déjà atteint le plafond des franchises ?", None, current=current,
                                today=TODAY2)
    assert update.slots == {"calc_situation": {"franchise_already_paid": 50.0}}
    result = result_of({**current, **update.slots})
    assert "= 71,60 €" in result and "Plafond annuel des franchises (50 €) déjà atteint : ces séances n'en supportent pas." \
        in result


def test_a_factor_of_the_sessions_and_a_price_after_a_verb_of_charging():
    current = {"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None},
               "calc_situation": {}}
    # « deux fois moins » was 2 sessions; « et au double ? » and « la moitié » were not understood.
    for text, sessions in [("et si j'en fais deux fois moins ?", 5), ("et au double ?", 20), ("et si je fais la moitié ?", 5)]:
        update = dialogue.interpret(text, None, current=current, today=TODAY2)
        assert update.slots["calc_sessions"] == sessions and update.notes == [f"Je compte {sessions} séances."], text
    # Not a count nor a factor outside a what-if on the sessions: « j'ai 2 fois plus mal » was 2 sessions.
    assert dialogue.interpret("j'ai 2 fois plus mal qu'avant", None, current=current, today=TODAY2).slots == {}
    # « et s'il n'est pas conventionné et prend 40 ? » lost the 40.
    update = dialogue.interpret("et s'il n'est pas conventionné et prend 40 ?", None, current=current, today=TODAY2)
    assert update.slots["calc_acte"]["price"] == 40 and update.slots["calc_prix_eleve"] == "non_conventionne"


def test_a_longer_what_if_giving_the_calculation_s_values_is_one():
    # After a result, « et si je prends 5 séances de plus ? » got the answer on stopping the sessions, and
    # « et si j'ai déjà payé 45 € de franchises cette année ? » the franchise's: more than 8 words.
    assert dialogue.what_if_fields("et si je prends 5 séances de plus ?") == {"sessions": 5}
    assert dialogue.what_if_fields("et si j'ai déjà payé 45 € de franchises cette année ?") == \
        {"franchise_already_paid": 45}
    assert dialogue.what_if_fields("et si je me fais opérer du genou l'an prochain, c'est pareil ?") == {}
    # « et si c'est à domicile à 4 km ? » after a result got the general answer on home visits (9 words).
    assert dialogue.what_if_fields("et si c'est à domicile à 4 km ?") == {"domicile": True, "distance_km": 4}


def test_a_total_the_mutuelle_pays_is_the_mutuelle_s_not_the_price():
    # « ma mutuelle rembourse 300 € pour 10 séances » was read as the kiné's price, 30 € a session.
    update = dialogue.interpret("ma mutuelle rembourse 300 € pour 10 séances", None, today=TODAY2)
    assert update.slots == {"calc_sessions": 10, "calc_mutuelle": {"mutuelle": {"per_session": 30}}}
    assert update.notes == ["Je compte que votre mutuelle paie 30,00 € par séance (300,00 € pour 10 séances) : "
                            "corrigez-moi au besoin, par exemple « mutuelle 200 % »."]
    update = dialogue.interpret("le kiné me prend 300 € pour 10 séances, ma mutuelle 100 %", None, today=TODAY2)
    assert update.slots["calc_acte"] == {"price": 30} and update.slots["calc_mutuelle"] == {"mutuelle": {"br_percent": 100}}


def test_a_negative_price_is_refused_in_french():
    update = dialogue.interpret("10 séances à -20 €", None, today=TODAY2)
    assert update.errors == ["Le prix d'une séance ne peut pas être négatif."]
    assert update.slots == {"calc_sessions": 10, "calc_acte": None}


def test_a_distance_to_the_practice_is_no_home_visit_in_a_calculation():
    # « le cabinet de mon kiné est à 10 km de chez moi » was a home visit at 10 km: 115,90 € left instead of 81,60 €.
    text = "le cabinet de mon kiné est à 10 km de chez moi, combien je paie pour 10 séances de dos sans mutuelle ?"
    update = dialogue.interpret(text, None, today=TODAY2)
    request = dialogue.request_from_slots(update.slots, today=TODAY2)
    assert request == {"domicile": False, "act": "membre", "sessions": 10}
    # 17,90 € a session, 10,74 € reimbursed less 1 € of franchise: 8,16 € left a session.
    assert calculate({**request, "date": "2026-12-01"})["total"]["patient"] == pytest.approx(81.60)


def test_a_full_cover_said_without_its_cause_is_counted_as_an_ald_s_and_said_so():
    # « j'ai une prise en charge à 100 % pour mon AVC » was counted at 60 % (« le calcul suppose qu'elle ne l'est
    # pas »), « je suis pris en charge à 100 % » read nothing, and « 100 % » to the situation's question was the
    # mutuelle's rate.
    stated = dialogue.interpret("j'ai une prise en charge à 100% pour mon AVC, 30 séances, pas de mutuelle", None,
                                today=TODAY2)
    assert stated.slots["calc_situation"] == {"prise_en_charge_100": "ald"}
    assert UNNAMED_FULL_COVER in stated.notes and any("NMI 9" in note for note in stated.notes)  # the AVC's act too
    request = dialogue.request_from_slots(stated.slots, today=TODAY2)
    # 30 × 19,89 € (NMI 9) = 596,70 €, all of it reimbursed, less 30 × 1 € of franchise: 30,00 € left.
    assert calculate({**request, "date": "2026-12-01"})["total"]["patient"] == pytest.approx(30.00)
    known = {"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None}}
    for answer in ("100 %", "je suis à 100% sécu", "prise en charge à 100 %"):
        update = dialogue.interpret(answer, "calc_situation", current=known, today=TODAY2)
        assert update.slots == {"calc_situation": {"prise_en_charge_100": "ald"}}, answer
    # a question on it, a denial, and the mutuelle's 100 % are none
    for text in ("je suis pris en charge à 100 % ?", "je ne suis plus pris en charge à 100 %, 10 séances",
                 "10 séances, j'ai une mutuelle à 100 %"):
        assert "calc_situation" not in dialogue.interpret(text, None, today=TODAY2).slots, text
    assert dialogue.interpret("100 %", "calc_mutuelle", current=known, today=TODAY2).slots == {
        "calc_mutuelle": {"mutuelle": {"br_percent": 100}}}


def test_the_practice_s_distance_said_after_a_home_visit_is_the_kine_s_journey():
    # After a home visit's result (« distance non précisée : pas d'indemnités kilométriques »), « le cabinet est à
    # 5 km » moved the sessions to the practice: 24 sessions lost their 4 € of travel, where the IK were due.
    home = {"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None},
            "calc_situation": {"domicile": True}}
    update = dialogue.interpret("le cabinet est à 5 km", None, current=home, today=TODAY2)
    assert update.slots == {"calc_situation": {"domicile": True, "distance_km": 5}}
    request = dialogue.request_from_slots({**home, **update.slots}, today=TODAY2)
    # 17,90 € + IFD 2,50 € + IK (5 − 2) × 2 km × 0,38 € = 2,28 €: 22,68 € a session, 226,80 € for 10.
    assert calculate({**request, "date": "2026-12-01"})["total"]["price"] == pytest.approx(226.80)
    # the sessions said to be at the practice are
    moved = dialogue.interpret("je vais au cabinet, il est à 5 km", None, current=home, today=TODAY2)
    assert moved.slots["calc_situation"]["domicile"] is False


def test_a_negative_distance_is_refused_in_french():
    update = dialogue.interpret("10 séances à domicile à -5 km", None, today=TODAY2)
    assert update.errors == ["La distance entre le cabinet et le domicile ne peut pas être négative."]


def test_a_pregnancy_said_with_an_ald_reaches_the_calculator():
    # « je suis en ALD et enceinte de 7 mois »: the month was dropped, and the ALD's franchise counted.
    slots = {"calc_situation": {"prise_en_charge_100": "ald", "mois_grossesse": 7}, "calc_sessions": 10,
             "calc_acte": {"act": "membre"}, "calc_grossesse": "6_plus"}
    assert dialogue.request_from_slots(slots) == {"prise_en_charge_100": "ald", "mois_grossesse": 7, "act": "membre",
                                                  "sessions": 10}
    assert dialogue.situation_phrases(slots["calc_situation"]) == ["affection de longue durée (ALD)",
                                                                    "grossesse, 7e mois"]



def test_a_coded_act_that_names_one_act_is_counted_as_that_act():
    # « RPE 8,5 » is the elderly's walking (its IFS at home, 4,00 €), not a bare coefficient with the IFD.
    update = dialogue.interpret("10 séances de RPE 8,5 à domicile, pas de mutuelle", None, today=TODAY2)
    assert update.slots["calc_acte"] == {"act": "personne_agee_marche"}
    assert dialogue.interpret("AMK 8 à domicile", None, today=TODAY2).slots["calc_acte"] == {
        "coefficient": 8, "lettre": "AMK"}


def test_sessions_on_a_sunday_are_priced_as_any_other_and_the_urgent_majoration_is_said():
    # « 10 séances le dimanche » was counted without a word: the majoration (NGAP, dispositions générales, art. 14)
    # is due only for an urgent care the patient's state justifies.
    update = dialogue.interpret("10 séances le dimanche", None, today=TODAY2)
    assert update.slots == {"calc_sessions": 10}
    assert update.notes == ["Un dimanche, un jour férié ou le soir, la séance coûte le même prix : une majoration "
                            "(7,62 € le dimanche ou un jour férié, 9,15 € la nuit) ne s'ajoute que pour un soin urgent "
                            "justifié par l'état du patient, ou des séances qui doivent impérativement être "
                            "quotidiennes. Je ne la compte pas."]
    assert dialogue.interpret("10 séances pour ma jambe", None, today=TODAY2).notes == []
    # in water, the NGAP's supplement is counted (it was said and left out until 2026-12-06): in a pool when said
    assert dialogue.interpret("10 séances en balnéo", None, today=TODAY2).slots == {
        "calc_sessions": 10, "calc_situation": {"balneo": "bassin"}}
    assert dialogue.interpret("kiné en piscine, 10 séances", None, today=TODAY2).slots["calc_situation"] == {
        "balneo": "piscine"}
    assert dialogue.situation_phrases({"balneo": "piscine"}) == ["kinébalnéothérapie en piscine"]
    # « et sans balnéo ? » after a result takes it out
    assert dialogue.interpret("et sans balnéo ?", None, current={"calc_situation": {"balneo": "piscine"}}).slots == {
        "calc_situation": {"balneo": None}}
    # a balnéo said before (remembered from a topic's question), then a bilan or an act outside the nomenclature: the
    # supplement is left out, said (the calculation was refused: « pas à un bilan ni à un acte hors nomenclature »)
    earlier = {"calc_situation": {"balneo": "bassin", "age": 40}}
    bilan = dialogue.interpret("je veux calculer mon reste à charge pour un bilan", None, current=earlier, today=TODAY2)
    assert bilan.slots == {"calc_acte": {"act": "bilan"}, "calc_situation": {"age": 40}}
    assert bilan.notes == ["Le supplément de kinébalnéothérapie s'ajoute à une séance de rééducation de la nomenclature "
                           "(NGAP, titre XIV, chapitre IV), pas à un bilan ni à un acte hors nomenclature. Je ne le "
                           "compte donc pas."]
    outside = dialogue.interpret("et un acte hors nomenclature à 40 € ?", None, current=earlier, today=TODAY2)
    assert outside.slots["calc_situation"] == {"age": 40, "hors_nomenclature": True}
    # a rééducation keeps it; said with the bilan, both are kept and the calculation refuses them together
    assert dialogue.interpret("10 séances pour le genou", None, current=earlier, today=TODAY2).slots == {
        "calc_sessions": 10, "calc_acte": {"act": "membre"}}
    assert dialogue.interpret("un bilan en balnéo", None, today=TODAY2).slots == {
        "calc_acte": {"act": "bilan"}, "calc_situation": {"balneo": "bassin"}}


def test_a_coefficient_keeps_its_key_letter_for_its_label_and_its_home_allowance():
    # « NMI 9 à domicile » was « Acte de coefficient 9 » with the IFD (2,50 €), and a note that some acts have the
    # IFS: every NMI act has it (art. 2 IFR, art. 4 IFN, the IFS unique since 2026; ameli, 02/08/2024).
    update = dialogue.interpret("10 séances NMI 9 à domicile, pas de mutuelle", None, today=TODAY2)
    result = calculate({**dialogue.request_from_slots(update.slots, today=TODAY2), "date": "2026-12-01"})
    assert result["act"] == "acte NMI 9"
    # 9 × 2,21 € = 19,89 € + IFS 4,00 € = 23,89 € a session, 238,90 € for 10
    assert result["total"]["price"] == pytest.approx(238.90)
    assert not any("certains soins" in line for line in result["assumptions"])
    # a letter whose acts differ (AMK: « actes divers ») keeps the IFD, and the note
    other = calculate({"sessions": 10, "coefficient": 9, "lettre": "AMK", "domicile": True, "date": "2026-12-01"})
    assert other["total"]["price"] == pytest.approx(223.90) and other["act"] == "acte AMK 9"
    assert any("certains soins" in line for line in other["assumptions"])


def test_a_care_button_s_title_typed_as_text_is_its_care(domain):
    # « Genou, dos, entorse… » typed (or sent by a REST client) named several regions: it was priced as the act
    # for several territories.
    for button in domain["responses"]["utter_ask_calc_acte"][0]["buttons"][:-1]:
        typed = dialogue.interpret(button["title"], "calc_acte").slots["calc_acte"]
        assert typed == dialogue.interpret(button["payload"], "calc_acte").slots["calc_acte"], button["title"]
    assert dialogue.interpret("genou, dos, entorse...", "calc_acte").slots["calc_acte"] == {"act": "membre"}
    assert dialogue.interpret("genou et dos", "calc_acte").slots["calc_acte"] == {"act": "plusieurs_territoires"}


# --- An ALD said with care it does not cover -------------------------------------------------------------------

@pytest.mark.parametrize("text", ["10 séances pour une entorse, je suis en ALD mais c'est sans rapport",
                                  "10 séances pour une entorse, rien à voir avec mon ALD",
                                  "10 séances pour la cheville, pour autre chose que mon ALD"])
def test_an_ald_said_with_care_unrelated_to_it_is_the_usual_rate(text):
    # « je suis en ALD mais c'est sans rapport » was counted at 100 % (CSS L.324-1: the care the affection calls for).
    slots, requested, said = converse2(text, "pas de mutuelle")
    assert requested is None  # the situation is said: « Une situation particulière ? (ALD…) » is not asked next
    assert slots["calc_situation"] == {}
    assert said[0] == ("Séances sans lien avec votre ALD : elles sont remboursées au taux habituel (60 %), pas à 100 % "
                       "(code de la sécurité sociale, art. L.324-1 : la prise en charge totale vaut pour les soins "
                       "nécessités par le traitement de l'affection). Je compte le taux habituel.")
    # 10 × 17,90 € = 179,00 €; the Assurance Maladie pays 60 % = 10,74 € less 1,00 € of franchise: 81,60 € left.
    assert "Reste à votre charge : 179,00 € − 97,40 € (Assurance Maladie) − 0,00 € (mutuelle) = 81,60 €" \
        in result_of(slots)
    # The ALD's own care stays at 100 %.
    assert parse_request("10 séances pour mon ALD").fields["prise_en_charge_100"] == "ald"


def test_a_limb_after_a_fall_is_the_limb_s_act():
    # « le genou après une chute » was the elderly's walking act (RPE 8,5), the fall read before the knee.
    assert parse_request("10 séances pour le genou après une chute").fields["act"] == "membre"
    assert parse_request("rééducation après une chute, 10 séances").fields["act"] == "personne_agee_marche"


def test_a_son_or_daughter_named_without_an_age_is_counted_as_a_minor_and_it_is_said():
    # « ma fille » alone was a minor in silence (no franchise): 10 € less to pay than for a daughter of 25
    update = dialogue.interpret("ma fille doit faire 10 séances de kiné pour son genou", None, today=TODAY2)
    assert update.slots["calc_situation"] == {"age": 17}
    assert update.notes == ["Je compte votre fille comme mineure (pas de franchise) ; si elle a 18 ans ou plus, "
                            "dites-moi son âge."]
    assert dialogue.interpret("10 séances pour mon fils", None, today=TODAY2).notes == [
        "Je compte votre fils comme mineur (pas de franchise) ; s'il a 18 ans ou plus, dites-moi son âge."]
    # an age, or words that say a child, need no such line
    for text in ("ma fille de 12 ans doit faire 10 séances", "mon fils au collège fait 10 séances",
                 "10 séances pour ma fille, elle est mineure", "mon fils majeur fait 10 séances"):
        assert dialogue.interpret(text, None, today=TODAY2).notes == [], text
    # her age said next replaces the assumed one
    assert dialogue.interpret("elle a 25 ans", None, current={"calc_situation": {"age": 17}},
                              today=TODAY2).slots["calc_situation"] == {"age": 25}


# --- #14: an accident someone else caused: who may pay what is left ---------------------------

def test_an_accident_someone_else_caused_says_that_what_is_left_may_be_claimed_from_the_one_responsible():
    # « une voiture m'a renversé, 15 séances » was counted without a word on the one responsible (CSS L.376-1:
    # the victim keeps the right to claim what the Sécu does not repair; D.376-1: the caisse told within 15 days).
    note = ("Si vos blessures ont été causées par quelqu'un d'autre (accident, agression, morsure…), ce qui reste à "
            "votre charge peut être réclamé au responsable ou à son assureur ; prévenez votre caisse dans les quinze "
            "jours (code de la sécurité sociale, art. L.376-1 et D.376-1).")
    for text in ("une voiture m'a renversé, 15 séances pour le genou", "accident de voiture non responsable, 15 séances pour le dos",
                 "j'ai été agressée, 15 séances pour l'épaule", "le chien du voisin m'a mordu, 15 séances pour la main"):
        slots, requested, said = converse2(text, "pas de mutuelle", "aucune")
        assert requested is None and note in said, text
        # 15 × 17,90 € = 268,50 €; 15 × 9,74 € reimbursed = 146,10 €: 122,40 € left, as without the accident.
        assert "Reste à votre charge : 268,50 € − 146,10 € (Assurance Maladie) − 0,00 € (mutuelle) = 122,40 €" \
            in result_of(slots), text
    # An accident du travail, or one nobody else caused, is no such case.
    for text in ("accident du travail, 15 séances pour le genou", "accident de ski, 15 séances pour le genou",
                 "15 séances pour le genou"):
        assert note not in converse2(text, "pas de mutuelle", "aucune")[2], text


# --- #14: sessions in two places ----------------------------------------------------------------

def test_sessions_at_the_practice_and_at_home_count_the_practice_s_and_say_how_to_get_the_others():
    # « 10 séances au cabinet et 5 à domicile » was 10 sessions, all at home (91,60 € left instead of 81,60 €
    # for those 10, and the other 5 lost); « 30 séances dont 10 à domicile », 30 at home (274,80 €).
    for text, practice, home in (("10 séances au cabinet et 5 à domicile pour mon dos", 10, 5),
                                 ("dix séances à domicile puis cinq au cabinet pour le genou", 5, 10),
                                 ("30 séances dont 10 à domicile pour mon genou", 20, 10),
                                 ("12 séances pour l'épaule et 3 à domicile", 12, 3)):
        slots, requested, said = converse2(text, "pas de mutuelle", "aucune")
        assert requested is None and slots["calc_sessions"] == practice, text
        assert (f"Un calcul ne compte qu'un lieu : je compte ici les {practice} séances au cabinet ; pour les {home} à "
                f"domicile, écrivez ensuite « {home} séances à domicile ».") in said
        # At the practice: 17,90 € less 9,74 € reimbursed = 8,16 € a session, no travel allowance.
        assert f"Prix total : 17,90 € × {practice} séances" in result_of(slots), text
    assert split_place("10 seances dont 10 a domicile") is None  # all of them: a home visit
    assert split_place("10 seances a domicile") is None


# --- #14: a status that changes nothing, an ALD for something else ------------------------------

def test_a_status_to_the_situation_question_is_the_general_case_and_an_ald_for_something_else_the_usual_rate():
    # « retraité » to the situation question was asked again without a word; « je suis en ALD pour autre chose »
    # was counted at 100 % (10,00 € left instead of 81,60 €).
    note = ("Être retraité, étudiant, salarié ou sans emploi ne change pas le remboursement des séances : je compte le "
            "cas général. Si vous touchez une pension d'invalidité, ou une retraite qui l'a remplacée, dites « pension "
            "d'invalidité ».")
    usual = "Reste à votre charge : 179,00 € − 97,40 € (Assurance Maladie) − 0,00 € (mutuelle) = 81,60 €"
    for answer in ("retraité", "étudiante", "au chômage", "je suis en ALD pour autre chose"):
        slots, requested, said = converse2("10 séances genou", "pas de mutuelle", answer)
        assert requested is None and usual in result_of(slots), answer
        assert (note in said) == (answer != "je suis en ALD pour autre chose"), answer
    # A status said with a cover keeps the cover: 10 × 9,74 € reimbursed at 60 % becomes 10 × 16,90 € at 100 %.
    slots, requested, said = converse2("10 séances genou", "pas de mutuelle", "je suis retraité et en ALD pour ma jambe")
    assert "Reste à votre charge : 179,00 € − 169,00 € (Assurance Maladie) − 0,00 € (mutuelle) = 10,00 €" \
        in result_of(slots)


def test_a_rate_with_a_forfait_beside_it_counts_the_rate_and_says_the_forfait():
    # « 200 % BR plus un forfait de 100 € par an » was a forfait of 100 € a year alone: for 20 sessions, 43,20 € of
    # the ticket modérateur left to pay instead of none.
    slots, requested, said = converse2("20 séances genou, ma mutuelle rembourse 200% BR plus un forfait de 100 € par an",
                                       "aucune")
    assert requested is None and slots["calc_mutuelle"] == {"mutuelle": {"br_percent": 200}}
    assert ("Je compte votre mutuelle à 200 % de la base de remboursement ; le forfait de 100,00 € par an n'est pas "
            "ajouté : selon les contrats, il s'ajoute au remboursement ou il couvre d'autres soins (hors nomenclature, "
            "médecines douces…). Voyez le tableau de garanties de votre contrat.") in said
    # 20 × 17,90 € = 358,00 €; 20 × 9,74 € = 194,80 € reimbursed; the mutuelle pays the 20 × 7,16 € of the ticket
    # modérateur: the 20 € of franchise are left.
    assert "Reste à votre charge : 358,00 € − 194,80 € (Assurance Maladie) − 143,20 € (mutuelle) = 20,00 €" \
        in result_of(slots)
    assert parse_request("forfait de 100 € par an").fields == {"mutuelle": {"annual": 100}}
    # a forfait per session beside the rate, the same (it was the forfait alone)
    parsed = parse_request("mutuelle 200 %, forfait 20 € par séance")
    assert parsed.fields == {"mutuelle": {"br_percent": 200}} and parsed.forfait_beside_rate == (20, "séance")
    # « ma mutuelle rembourse 150% et 20€ par séance »: the 20 € were the session's price, and a dépassement
    for text in ("ma mutuelle rembourse 150% et 20€ par séance", "ma mutuelle c'est 150 % BR plus 20 euros la séance"):
        parsed = parse_request(text)
        assert parsed.fields == {"mutuelle": {"br_percent": 150}} and parsed.forfait_beside_rate == (20, "séance"), text
    # a price the person pays, after the rate, stays the price
    parsed = parse_request("ma mutuelle rembourse 100% et je paye 25 € par séance")
    assert parsed.fields == {"mutuelle": {"br_percent": 100}, "price": 25} and parsed.forfait_beside_rate is None


def test_a_kine_asking_for_a_patient_hears_of_the_patients_mutuelle_in_the_notes_beside_its_rate():
    # « Je compte votre mutuelle… » was said to a kiné, whose result card says « Reste à la charge du patient »
    slots, _, said = converse2("je suis kiné, ma patiente a 15 séances pour le dos",
                               "sa mutuelle rembourse 150% et 20€ par séance")
    assert ("Je compte la mutuelle du patient à 150 % de la base de remboursement ; le forfait de 20,00 € par séance "
            "n'est pas ajouté : selon les contrats, il s'ajoute au remboursement ou il couvre d'autres soins (hors "
            "nomenclature, médecines douces…). Voyez le tableau de garanties de son contrat.") in said
    slots, _, said = converse2("je suis kiné, mon patient a 10 séances genou à 25 €", "dépassement",
                               "200 % BR et 100 % des dépassements")
    assert ("Je compte la mutuelle du patient à 200 % de la base de remboursement ; la part des dépassements "
            "qu'elle prend (100 %) n'est pas comptée en plus : le calcul s'en tient à cette garantie.") in said


def test_next_year_said_in_words_is_the_middle_of_next_year_as_a_year_in_figures():
    # « 10 séances l'an prochain » took today's tariffs, without a word
    for text in ("10 séances l'an prochain pour le genou", "10 séances pour le genou l'année prochaine",
                 "10 séances pour le genou en 2027"):
        update = dialogue.interpret(text, None, today=dt.date(2026, 12, 6))
        assert "Je prends les tarifs au 01/07/2027." in update.notes, text



def test_a_value_corrected_in_words_is_read_as_the_value():
    # « non en fait c'est 25 » to « Combien de séances ? » was not read: the count was asked again, the 25 lost
    for text in ("non en fait c'est 25", "c'est 25", "plutôt 25 séances", "finalement ce sera 25"):
        assert dialogue.interpret(text, "calc_sessions", today=TODAY2).slots == {"calc_sessions": 25}, text
    assert dialogue.interpret("non c'est 25 €", "calc_acte", today=TODAY2).slots == {"calc_acte": {"price": 25}}
    # before a calculation, a number alone is asked about, not dropped
    assert dialogue.unplaced_number("non en fait c'est 25", None).startswith("« 25 » seul : est-ce un nombre de séances")
