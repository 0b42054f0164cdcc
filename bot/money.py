"""Money helpers: Decimal rounding to the cent and French formatting (babel).

Babel separates thousands and units with (narrow) no-break spaces; chat
channels and terminals render plain spaces more reliably, and users search and
copy them, so the formatted strings use plain spaces.
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

CENT = Decimal("0.01")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})
ZERO = Decimal("0.00")


def cents(value: Decimal) -> Decimal:
    """Round half-up to the cent."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def euros(value: Decimal, *, whole: bool = False) -> str:
    """'17,90 €'; with whole=True, '1 €' for a whole amount."""
    value = Decimal(value)
    if whole and value == value.to_integral_value():
        text = format_currency(value, "EUR", format="#,##0\u00a0¤", locale="fr_FR", currency_digits=False)
    else:
        text = format_currency(cents(value), "EUR", locale="fr_FR")
    return text.translate(_SPACES)


def number(value: Decimal) -> str:
    """'8,1', '37 500'."""
    return format_decimal(Decimal(value), locale="fr_FR").translate(_SPACES)


def percent(value: Decimal) -> str:
    """A percentage given in points: 60 -> '60 %', 66.66 -> '66,66 %' (the locale's pattern rounds to a unit)."""
    return format_percent(Decimal(value) / 100, format="#,##0.## %", locale="fr_FR").translate(_SPACES)


def long_date(value: dt.date) -> str:
    """'1er janvier 2026', '22 février 2024'."""
    text = format_date(value, format="d MMMM y", locale="fr_FR")
    return "1er" + text[1:] if value.day == 1 else text


def short_date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")
