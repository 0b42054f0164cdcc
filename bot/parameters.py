"""Dated, sourced parameters, read from every YAML file in bot/parameters/.

Format (README, "Keeping figures current"): a parameter node has a French
`label`, a `unit` and `steps` (or named lists of steps, which take the unit of
the nearest enclosing node that declares one, unless they declare their own).
A step is `{from, value, status, reference, reference_url, source, verified,
note}`: `reference` names the primary legal text (NGAP article, avenant and
arrêté with its JO date, CSS/CSP article, décret), `source` a secondary page,
`verified` the date someone last checked the value against its text.  A node
marked `observation: true` holds market observations: no primary text, so its
steps carry a `source` and no `reference`.

The files' top-level keys are merged; a key defined twice (in one file or in
two) is an error.  Looking a value up by date returns the step itself, so
callers can report the value with its dates, status and sources.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import yaml


DEFAULT_DIR = Path(__file__).with_name("parameters")
DEFAULT_FILE = DEFAULT_DIR / "tarifs.yml"

STATUSES = ("in_force", "scheduled", "uncertain")
UNITS = ("EUR", "EUR/km", "percent", "km", "coefficient", "count", "months", "days", "years", "boolean", "text")
NUMERIC_UNITS = ("EUR", "EUR/km", "percent", "km", "coefficient", "count", "months", "days", "years")
STEP_KEYS = ("from", "value", "status", "reference", "reference_url", "source", "verified", "note")


class ParameterError(ValueError):
    """A parameter file is malformed, or a date has no value."""


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
    unit: str = ""
    reference: str = ""
    reference_url: str = ""
    verified: Optional[dt.date] = None

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
            "unit": self.unit,
            "from": self.start.isoformat(),
            "to": self.end.isoformat() if self.end else None,
            "status": self.status,
            "reference": self.reference,
            **({"reference_url": self.reference_url} if self.reference_url else {}),
            "source": self.source,
            "verified": self.verified.isoformat() if self.verified else None,
            **({"note": self.note} if self.note else {}),
        }


# -- YAML with duplicate keys refused ----------------------------------------------
class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available: 10× faster
    """SafeLoader that refuses a key written twice in the same mapping."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Dict[Any, Any]:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise ParameterError(f"clé « {key} » définie deux fois (ligne {key_node.start_mark.line + 1})")
        seen.add(key)
    return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ParameterError(f"{path.name}: YAML invalide ({exc})") from None
    except ParameterError as exc:
        raise ParameterError(f"{path.name}: {exc}") from None


def parameter_files(directory: Path | str = DEFAULT_DIR) -> List[Path]:
    return sorted(Path(directory).glob("*.yml"))


def _convert(value: Any, unit: str) -> Any:
    if unit == "boolean" or isinstance(value, bool):
        return value
    if unit in NUMERIC_UNITS and isinstance(value, (int, float, str)):
        return Decimal(str(value))
    return value


def is_step_list(node: Any) -> bool:
    return isinstance(node, list) and bool(node) and all(isinstance(s, dict) and "from" in s for s in node)


def iter_step_lists(node: Any, path: str = "", unit: str = "", observation: bool = False
                    ) -> Iterator[Tuple[str, str, bool, List[Dict[str, Any]]]]:
    """(dotted name, unit, observation, steps) for every list of steps under `node`."""
    if isinstance(node, dict):
        unit = node.get("unit", unit)
        observation = bool(node.get("observation", observation))
        for key, child in node.items():
            name = f"{path}.{key}" if path else str(key)
            if key == "steps":
                name = path
            if is_step_list(child):
                yield name, unit, observation, child
            elif isinstance(child, dict):
                yield from iter_step_lists(child, name, unit, observation)


class Parameters:
    """All parameters, looked up by dotted name and date."""

    def __init__(self, data: Dict[str, Any]):
        if not isinstance(data, dict):
            raise ParameterError("le fichier de paramètres doit être un dictionnaire")
        self._data = data
        meta = data.get("meta", {})
        self.earliest_date: dt.date = meta.get("earliest_date", dt.date(2012, 7, 15))
        validate(data)

    @classmethod
    def load(cls, path: Path | str = DEFAULT_DIR) -> "Parameters":
        """One YAML file, or every *.yml of a directory (merged; a top-level key twice is an error)."""
        path = Path(path)
        files = parameter_files(path) if path.is_dir() else [path]
        if not files:
            raise ParameterError(f"aucun fichier de paramètres dans {path}")
        merged: Dict[str, Any] = {}
        origin: Dict[str, str] = {}
        for file in files:
            data = read_yaml(file)
            if data is None:
                continue
            if not isinstance(data, dict):
                raise ParameterError(f"{file.name}: le fichier doit être un dictionnaire de paramètres")
            for key, value in data.items():
                if key in merged:
                    raise ParameterError(f"{file.name}: « {key} » est déjà défini dans {origin[key]}")
                merged[key], origin[key] = value, file.name
        return cls(merged)

    # -- lookup ---------------------------------------------------------------
    def node(self, name: str) -> Any:
        node: Any = self._data
        for part in name.split("."):
            if not isinstance(node, dict) or part not in node:
                raise ParameterError(f"paramètre inconnu: {name}")
            node = node[part]
        return node

    def _unit(self, name: str) -> str:
        parts, unit, node = name.split("."), "", self._data
        for part in parts:
            if isinstance(node, dict):
                unit = node.get("unit", unit)
                node = node.get(part)
        if isinstance(node, dict):
            unit = node.get("unit", unit)
        return unit

    def _steps(self, name: str) -> List[Dict[str, Any]]:
        node = self.node(name)
        if isinstance(node, dict) and "steps" in node:
            node = node["steps"]
        if not is_step_list(node):
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
        unit = self._unit(name)
        return Step(
            name=name,
            label=self._label(name),
            value=_convert(raw["value"], unit),
            start=raw["from"],
            end=end,
            status=raw["status"],
            source=raw.get("source", ""),
            note=raw.get("note", ""),
            unit=unit,
            reference=raw.get("reference", ""),
            reference_url=raw.get("reference_url", ""),
            verified=raw.get("verified"),
        )

    def next_step(self, name: str, when: dt.date) -> Optional[Step]:
        """The first step of `name` that starts after `when`, if any."""
        for raw in self._steps(name):
            if raw["from"] > when:
                return self.at(name, raw["from"])
        return None

    def acts(self) -> List[str]:
        return list(self.node("actes"))

    def step_lists(self) -> Iterator[Tuple[str, str, bool, List[Dict[str, Any]]]]:
        return iter_step_lists(self._data)


# -- validation -----------------------------------------------------------------------
def _check_value(where: str, unit: str, value: Any) -> None:
    if unit == "boolean":
        if not isinstance(value, bool):
            raise ParameterError(f"{where}: valeur {value!r} : true ou false attendu (unité boolean)")
    elif unit == "text":
        if not (isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))):
            raise ParameterError(f"{where}: valeur {value!r} : texte attendu (unité text)")
    else:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ParameterError(f"{where}: valeur {value!r} : nombre attendu (unité {unit})")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ParameterError(f"{where}: valeur {value!r} : nombre attendu (unité {unit})") from None
        if not number.is_finite() or number < 0:
            raise ParameterError(f"{where}: valeur {value!r} : nombre positif attendu (unité {unit})")


def validate(data: Dict[str, Any]) -> None:
    """Raise ParameterError on the first malformed step list (unit, status, dates, required keys)."""
    for name, unit, observation, steps in iter_step_lists(data):
        if unit not in UNITS:
            raise ParameterError(f"{name}: unité {unit or 'absente'!r} ; unités possibles : {', '.join(UNITS)}")
        dates = set()
        for step in steps:
            where = f"{name} (étape du {step.get('from')})"
            unknown = set(step) - set(STEP_KEYS)
            if unknown:
                raise ParameterError(f"{where}: clé inconnue {sorted(unknown)}")
            required = ["from", "value", "status", "verified", "source"] + ([] if observation else ["reference"])
            for key in required:
                if key not in step or step[key] in (None, ""):
                    raise ParameterError(f"{where}: '{key}' manquant")
            for key in ("from", "verified"):
                if not isinstance(step[key], dt.date) or isinstance(step[key], dt.datetime):
                    raise ParameterError(f"{where}: '{key}' doit être une date AAAA-MM-JJ, pas {step[key]!r}")
            if step["from"] in dates:
                raise ParameterError(f"{where}: deux étapes à la même date")
            dates.add(step["from"])
            if step["status"] not in STATUSES:
                raise ParameterError(f"{where}: statut inconnu {step['status']!r} ; statuts : {', '.join(STATUSES)}")
            for key in ("reference", "reference_url", "source", "note"):
                if key in step and not isinstance(step[key], str):
                    raise ParameterError(f"{where}: '{key}' doit être un texte")
            for key in ("reference_url", "source"):
                if step.get(key) and not step[key].startswith(("http://", "https://")):
                    raise ParameterError(f"{where}: '{key}' doit être une adresse http(s)")
            _check_value(where, unit, step["value"])


_DEFAULT: Optional[Parameters] = None


def default_parameters() -> Parameters:
    """The project's parameter files, loaded once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Parameters.load()
    return _DEFAULT
