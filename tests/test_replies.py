"""The price of an act as the assistant says it: the sums it prints add up."""
import datetime as dt

from bot.replies import tarif_acte_fr

DAY = dt.date(2026, 12, 1)


def test_a_home_visit_beyond_two_km_adds_the_ifd_and_the_ik_in_one_line():
    text = tarif_acte_fr("prix d'une séance à domicile à 5 km", DAY)
    assert "17,90 €" in text
    assert ("indemnité forfaitaire de déplacement (IFD) 2,50 € + indemnités kilométriques (IK) 2,28 €, soit 22,68 € la séance"
            in text)
    assert "jusqu'à la distance du kiné le plus proche" in text


def test_a_home_visit_nearby_adds_only_the_ifd():
    text = tarif_acte_fr("prix d'une séance à domicile", DAY)
    assert "indemnité forfaitaire de déplacement (IFD) 2,50 €, soit 20,40 € la séance" in text
    assert "kilométriques" not in text


def test_the_ifd_asked_about_is_said_with_the_session_it_is_added_to():
    # « combien vaut l'IFD en 2026 » got the base session's price alone (17,90 €), with no word on the IFD.
    text = tarif_acte_fr("combien vaut l'IFD en 2026", DAY)
    assert "indemnité forfaitaire de déplacement (IFD) 2,50 €, soit 20,40 € la séance" in text


def test_a_bilan_is_priced_as_a_bilan_not_a_session():
    # « Une séance de bilan-diagnostic kinésithérapique (BDK) vaut 23,65 € », « soit 26,15 € la séance »
    text = tarif_acte_fr("je suis kiné, comment je facture un bilan à domicile ?", DAY)
    assert text.startswith("Un bilan-diagnostic kinésithérapique (BDK) vaut 23,65 € en métropole : AMK 10,7 × lettre "
                           "clé 2,21 €")
    assert "indemnité forfaitaire de déplacement (IFD) 2,50 €, soit 26,15 € le bilan." in text


def test_the_price_of_an_act_by_its_coefficient():
    text = tarif_acte_fr("combien vaut un AMK 8 ?", DAY)
    assert "17,68 €" in text


def test_the_price_of_an_act_names_the_texts_that_set_it_before_the_sites():
    lines = tarif_acte_fr("combien vaut un AMK 8,1 ?", DAY).splitlines()
    texts = next(line for line in lines if line.startswith("Textes : "))
    assert "Avenant n° 7 (signé le 13/07/2023), arrêté du 21/08/2023, JO du 25/08/2023" in texts  # the key letter
    assert "art. L.160-13" in texts  # the 60 % rate
    assert lines.index(texts) < next(i for i, line in enumerate(lines) if line.startswith("Sources : "))


def test_each_text_is_named_once_with_what_it_sets():
    # « RPE 8,5 à domicile » named avenant 7 four times over, each time for another measure.
    texts = next(line for line in tarif_acte_fr("combien vaut un RPE 8,5 à domicile ?", DAY).splitlines()
                 if line.startswith("Textes : "))
    assert texts.count("Avenant n° 7") == 1
    assert ("Avenant n° 7 (signé le 13/07/2023), arrêté du 21/08/2023, JO du 25/08/2023 : IFS unique, mesure reportée "
            "au 01/01/2026 (art. L.162-14-1-1 CSS) — IFS étendue à l'article 9 — RPE 8,5, mesure reportée au 01/01/2026 "
            "(art. L.162-14-1-1 CSS) ; ") in texts


def test_the_removed_ams_letter_is_named_only_before_the_2024_ngap():
    # Décision UNCAM du 14/12/2023, art. 3: AMS and AMC removed with the NGAP of 22/02/2024.
    assert "coefficient 8,1 × lettre clé 2,21 €" in tarif_acte_fr("prix d'une séance pour le genou", DAY)
    assert "AMS" not in tarif_acte_fr("prix d'une séance pour le genou", DAY)
    assert "AMS 7,5 × lettre clé 2,15 €" in tarif_acte_fr("prix d'une séance pour le genou", dt.date(2023, 5, 1))


def test_an_act_is_named_with_its_own_letter_since_the_2024_ngap():
    # NGAP titre XIV (UNCAM decision of 14/12/2023, in force on 22/02/2024): AMK 8 became ARL 8,5, AMK 7 RAV 8.
    assert "ARL 8,5 × lettre clé 2,21 €" in tarif_acte_fr("prix d'une séance de kiné respiratoire", DAY)
    assert "vaut 18,79 €" in tarif_acte_fr("prix d'une séance de kiné respiratoire", DAY)
    assert "AMK 8 × lettre clé 2,15 €" in tarif_acte_fr("prix d'une séance de kiné respiratoire", dt.date(2023, 5, 1))
    assert "RAV 8 × lettre clé 2,21 €" in tarif_acte_fr("tarif d'un drainage lymphatique d'un bras", DAY)
    # A kiné's cotation names the act: ARL 8,5 is the respiratory one (with the IFS at home), ARL 8 (the vestibular
    # rééducation) no act of the parameters, so a coefficient.
    assert "Une séance de kinésithérapie respiratoire" in tarif_acte_fr("combien vaut un ARL 8,5 ?", DAY)
    assert "Un acte ARL 8 vaut 17,68 €" in tarif_acte_fr("combien vaut un ARL 8 ?", DAY)


def test_each_letter_of_the_ngap_since_2024_is_read_with_its_coefficient():
    # « RAM 8,09 » (lombalgie commune), « VIM 8,11 », « NMI 8,51 » were not read: the act of the care's
    # question instead (a care of a limb at 8,1, 17,90 €), or the question again.
    assert tarif_acte_fr("combien vaut un RAM 8,09 ?", DAY).startswith(
        "Un acte RAM 8,09 vaut 17,88 € en métropole : 8,09 × lettre clé 2,21 €")
    assert tarif_acte_fr("tarif NMI 8,51", DAY).startswith("Un acte NMI 8,51 vaut 18,81 €")
    # and a coefficient without its letter, « un acte de coefficient 9 », was the care of a limb
    assert tarif_acte_fr("combien vaut un acte de coefficient 9 ?", DAY).startswith(
        "Un acte de coefficient 9 vaut 19,89 € en métropole")


def test_the_price_of_an_act_asked_with_a_situation_gives_that_situations_rate_and_franchise():
    # « combien coute la reeducation du perinee apres accouchement » was told 60 %, the usual rate.
    lines = tarif_acte_fr("combien coute la reeducation du perinee apres accouchement", DAY).splitlines()
    assert lines[1:3] == ["La rééducation du périnée ou des abdominaux après l'accouchement est prise en charge à "
                          "100 % du tarif conventionné par l'assurance maternité ; d'autres soins ne le sont que "
                          "jusqu'au 12e jour après la naissance. Chez un kiné, la rééducation du périnée après l'accouchement "
                          "commence au plus tôt le 90e jour ; une sage-femme peut la faire avant (code de la santé "
                          "publique, art. R.4321-5 et R.4127-318).",
                          "L'Assurance Maladie en rembourse 100 %, soit 18,79 €, moins la franchise médicale."]
    assert tarif_acte_fr("tarif d'une séance pour ma fille de 13 ans", DAY).splitlines()[1:3] == [
        "Pour un enfant de moins de 18 ans, pas de franchise médicale : les 1 € par séance ne sont pas retenus "
        "sur le remboursement.",
        "L'Assurance Maladie en rembourse 60 %, soit 10,74 €, sans franchise médicale."]
    assert "rembourse 90 %, soit 16,11 €" in tarif_acte_fr("j'habite à Strasbourg, prix d'une séance pour le genou", DAY)
    assert "les séances liées à l'affection" in tarif_acte_fr("je suis en ALD, combien vaut un AMK 8,1 ?", DAY)
    assert tarif_acte_fr("combien vaut un AMK 8,1 ?", DAY).splitlines()[1] == \
        "L'Assurance Maladie en rembourse 60 %, soit 10,74 €, moins la franchise médicale."


def test_a_key_letter_that_names_one_act_is_that_act_with_its_own_travel_allowance():
    # « combien vaut RPE 8,5 avec IFS ? » was an act of coefficient 8,5 with the IFD (2,50 €): the elderly's
    # walking (RPE 8,5 since 1 January 2026) has the IFS (4,00 €) at home: 18,79 € + 4,00 € = 22,79 €.
    text = tarif_acte_fr("combien vaut un RPE 8,5 à domicile avec IFS ?", DAY)
    assert text.startswith("Une séance de rééducation de la marche de la personne âgée (ex AMK 6, RPE depuis 2026) "
                           "vaut 18,79 € en métropole : RPE 8,5 × lettre clé 2,21 €")
    assert "À domicile, s'y ajoute : indemnité forfaitaire spécifique (IFS) 4,00 €, soit 22,79 € la séance." in text
    # A coefficient several acts share (AMK 8) stays a coefficient, and the IFS those acts may have is said.
    text = tarif_acte_fr("AMK 8 à domicile", DAY)
    assert "Acte donné par son coefficient : je compte l'indemnité forfaitaire de déplacement (2,50 €) ; certains " \
           "soins (rééducation neurologique, respiratoire hors urgence, de plusieurs régions…) ont à la place " \
           "l'indemnité forfaitaire spécifique (4,00 €)" in text


def test_a_session_in_water_adds_the_kinebalneotherapie_supplement():
    # NGAP, titre XIV, chapitre IV: 2,5 AMK in a basin, 3,5 in a pool, for the acts of chapter II
    text = tarif_acte_fr("combien coûte une séance de kiné en balnéo ?", DAY)
    assert ("En bassin, s'y ajoute le supplément de kinébalnéothérapie de 5,53 € (NGAP, titre XIV, chapitre IV), "
            "soit 23,43 € la séance.") in text
    assert "En piscine, s'y ajoute le supplément de kinébalnéothérapie de 7,74 €" in tarif_acte_fr(
        "prix d'une séance en piscine", DAY)
    assert "kinébalnéothérapie" not in tarif_acte_fr("tarif d'un bilan en balnéo", DAY)  # chapter I: none
