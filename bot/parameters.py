"""Dated, sourced parameters, read from the YAML files in bot/parameters/.

A parameter is a list of steps; a step applies from its `from` date until the
next step.  Looking a value up by date returns the step itself, so callers can
report the value together with its dates, status and source.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

DEFAULT_FILE = Path(__file__).with_name("parameters") / "tarifs.yml"

STATUSES = ("in_force", "scheduled", "uncertain")


class ParameterError(ValueError):
    """The parameter file is malformed, or a date has no value."""


@dataclass(frozen=True)
class Step:
    """One value of a parameter, valid from `start` to `end` (inclusive, or open)."""

    name: str
    label: str
    value: Any
    start: dt.date
    end: Optional[dt.date]
    status: str
    source: str
    note: str = ""

    @property
    def confirmed(self) -> bool:
        return self.status == "in_force"

    def as_dict(self) -> Dict[str, Any]:
        value = self.value
        if isinstance(value, Decimal):
            value = str(value)
        return {
            "name": self.name,
            "label": self.label,
            "value": value,
            "from": self.start.isoformat(),
            "to": self.end.isoformat() if self.end else None,
            "status": self.status,
            "source": self.source,
            **({"note": self.note} if self.note else {}),
        }


def _convert(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, str)):
        try:
            return Decimal(str(value))
        except ArithmeticError as exc:  # pragma: no cover - data error
            raise ParameterError(f"valeur non numérique: {value!r}") from exc
    return value


class Parameters:
    """All parameters of one YAML file, looked up by dotted name and date."""

    def __init__(self, data: Dict[str, Any]):
        self._data = data
        meta = data.get("meta", {})
        self.earliest_date: dt.date = meta.get("earliest_date", dt.date(2012, 7, 15))
        self._validate()

    @classmethod
    def load(cls, path: Path | str = DEFAULT_FILE) -> "Parameters":
        with open(path, encoding="utf-8") as handle:
            return cls(yaml.safe_load(handle))

    # -- lookup ---------------------------------------------------------------
    def node(self, name: str) -> Any:
        node: Any = self._data
        for part in name.split("."):
            if not isinstance(node, dict) or part not in node:
                raise ParameterError(f"paramètre inconnu: {name}")
            node = node[part]
        return node

    def _steps(self, name: str) -> List[Dict[str, Any]]:
        node = self.node(name)
        if isinstance(node, dict) and "steps" in node:
            node = node["steps"]
        if not isinstance(node, list):
            raise ParameterError(f"{name} n'est pas une liste d'étapes datées")
        return sorted(node, key=lambda s: s["from"])

    def _label(self, name: str) -> str:
        parts = name.split(".")
        for i in range(len(parts), 0, -1):
            node = self.node(".".join(parts[:i]))
            if isinstance(node, dict) and "label" in node:
                suffix = parts[i:]
                return node["label"] if not suffix else f"{' '.join(suffix)} ({node['label']})"
        return name

    def at(self, name: str, when: dt.date) -> Step:
        """The step of parameter `name` that applies on date `when`."""
        steps = self._steps(name)
        chosen = None
        for index, raw in enumerate(steps):
            if raw["from"] <= when:
                chosen = index
        if chosen is None:
            raise ParameterError(
                f"{name}: aucune valeur connue au {when.isoformat()} "
                f"(première valeur au {steps[0]['from'].isoformat()})"
            )
        raw = steps[chosen]
        end = None
        if chosen + 1 < len(steps):
            end = steps[chosen + 1]["from"] - dt.timedelta(days=1)
        return Step(
            name=name,
            label=self._label(name),
            value=_convert(raw["value"]),
            start=raw["from"],
            end=end,
            status=raw.get("status", "in_force"),
            source=raw["source"],
            note=raw.get("note", ""),
        )

    def next_step(self, name: str, when: dt.date) -> Optional[Step]:
        """The first step of `name` that starts after `when`, if any."""
        for raw in self._steps(name):
            if raw["from"] > when:
                return self.at(name, raw["from"])
        return None

    def acts(self) -> List[str]:
        return list(self.node("actes"))

    # -- validation -----------------------------------------------------------
    def _validate(self) -> None:
        def walk(node: Any, path: str) -> None:
            if isinstance(node, list) and node and isinstance(node[0], dict) and "from" in node[0]:
                for step in node:
                    for key in ("from", "value", "source"):
                        if key not in step:
                            raise ParameterError(f"{path}: étape sans '{key}'")
                    if not isinstance(step["from"], dt.date):
                        raise ParameterError(f"{path}: date invalide {step['from']!r}")
                    if step.get("status", "in_force") not in STATUSES:
                        raise ParameterError(f"{path}: statut inconnu {step.get('status')!r}")
                return
            if isinstance(node, dict):
                for key, child in node.items():
                    walk(child, f"{path}.{key}" if path else key)

        walk(self._data, "")


_DEFAULT: Optional[Parameters] = None


def default_parameters() -> Parameters:
    """The project's parameter file, loaded once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Parameters.load()
    return _DEFAULT
