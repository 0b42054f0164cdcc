"""Chat spelling written out for the intent classifier (bot/chat_spelling.py)."""
import pytest

from bot.chat_spelling import written_out


@pytest.mark.parametrize("typed, read", [
    ("jai pas dordo il me prend 45e c normal?", "j'ai pas d'ordonnance il me prend 45 euros c'est normal?"),
    ("slt si g pas d'ordo le kine est rembourse", "salut si j'ai pas d'ordonnance le kine est rembourse"),
    ("cb pr 10 seances a 32 eur", "combien pour 10 seances a 32 euros"), ("il prend 32,50e", "il prend 32,50 euros"),
    ("c quoi la franchise", "c'est quoi la franchise"),
    ("c est rembourse ?", "c'est rembourse ?"),  # it read « c'est est rembourse ? »
    ("non en fait c est 25", "non en fait c'est 25"),
    ("jpeux y aller sans ordo ?", "je peux y aller sans ordonnance ?"),
    ("la mutu rembourse qd ?", "la mutuelle rembourse quand ?"),
    ("45€ la seance", "45 euros la seance"),
    ("et si jen fais 20 ?", "et si j'en fais 20 ?"),  # a what-if, sent to the fallback in the middle of a calculation
    # « avc la secu » was the accident vasculaire cérébral: the ALD's line came first
    ("combien ca coute une seance de kine avc la secu", "combien ca coute une seance de kine avec la secu"),
    ("rembourse avc ma mutu ?", "rembourse avec ma mutuelle ?"),
    ("mon bb a une bronchiolite, 2 seances pdt 5 jours", "mon bebe a une bronchiolite, 2 seances pendant 5 jours"),
])
def test_chat_spelling_is_written_out(typed, read):
    assert written_out(typed) == read


@pytest.mark.parametrize("text", [
    "est-ce que je dois sortir ma cb chez le kine",  # the carte bancaire
    "je paie par cb", "c'est quoi", "j'ai une ordonnance", "sa mutuelle", "ta seance", "kine a domicile",
    "1 seance est remboursee", "le 2e rendez-vous", "a partir de la 30e", "2e seance gratuite ?",
    "mon pere a fait un avc la semaine derniere", "apres avc les seances sont remboursees ?", "avc le kine est a 100 % ?",
])
def test_words_in_their_own_right_are_left_alone(text):
    assert written_out(text) == text
