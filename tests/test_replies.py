"""The price of an act as the assistant says it: the sums it prints add up."""
import datetime as dt

from bot.replies import tarif_acte_fr

DAY = dt.date(2026, 12, 1)


def test_a_home_visit_beyond_two_km_adds_the_ifd_and_the_ik_in_one_line():
    text = tarif_acte_fr("prix d'une séance à domicile à 5 km", DAY)
    assert "17,90 €" in text
    assert ("indemnité de déplacement (IFD) 2,50 € + indemnités kilométriques 2,28 €, soit 22,68 € la séance"
            in text)
    assert "jusqu'à la distance du kiné le plus proche" in text


def test_a_home_visit_nearby_adds_only_the_ifd():
    text = tarif_acte_fr("prix d'une séance à domicile", DAY)
    assert "indemnité de déplacement (IFD) 2,50 €, soit 20,40 € la séance" in text
    assert "kilométriques" not in text


def test_the_price_of_an_act_by_its_coefficient():
    text = tarif_acte_fr("combien vaut un AMK 8 ?", DAY)
    assert "17,68 €" in text
