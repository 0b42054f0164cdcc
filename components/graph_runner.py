"""The model's graphs (NLU, then the policies, at every message) run in plain order.

Rasa 3.6 serves with ``DaskGraphRunner``: for every run it prunes the graph schema to the
targets, builds a dask task graph and hands it to ``dask.get`` (dask's synchronous
scheduler: one node after another, in this process). The same nodes called in the same
dependency order give the same results; the bookkeeping around them was about a quarter of
a message's prediction time and a sixth of its parse (py-spy, BENCHMARKS.md). This runner
keeps Rasa's nodes (``GraphNode``, with their hooks) and its errors, and does the pruning
and the ordering once per set of targets.

Installed by ``ops.stack.launch`` and ``ops.stack.shell`` (kine-rasa, kine-shell) before Rasa
loads a model: ``rasa.core.processor`` picks its runner class then. Training keeps Rasa's.
"""
from __future__ import annotations

import logging
from graphlib import TopologicalSorter
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

logger = logging.getLogger(__name__)


class SequentialGraphRunner(DaskGraphRunner):
    """``DaskGraphRunner`` without dask: the nodes of the targets' minimal graph, in dependency order."""

    def _plan(self, targets: Tuple[Text, ...]) -> List[Tuple[Text, Tuple[Text, ...]]]:
        """The nodes needed for ``targets`` in an order where every node follows the nodes it needs,
        each with the names of its inputs in the order of its schema (the order dask passes them)."""
        plans = self.__dict__.setdefault("_plans", {})
        if targets not in plans:
            schema = self._graph_schema.minimal_graph_schema(list(targets))
            needs = {name: tuple(node.needs.values()) for name, node in schema.nodes.items()}
            order = TopologicalSorter({name: [p for p in parents if p in needs] for name, parents in needs.items()})
            plans[targets] = [(name, needs[name]) for name in order.static_order()]
        return plans[targets]

    def run(self, inputs: Optional[Dict[Text, Any]] = None,
            targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
        run_targets = tuple(targets if targets else self._graph_schema.target_names)
        plan = self._plan(run_targets)
        # As dask's graph: an input is a (name, value) pair, a node receives its parents' pairs; a
        # text value naming a node is refused (dask would read it as that node's output).
        results: Dict[Text, Any] = {}
        for name, value in (inputs or {}).items():
            if isinstance(value, str) and any(value == node for node, _ in plan):
                raise GraphRunError(
                    f"Input value '{value}' clashes with a node name. Make sure that none of the input "
                    f"names passed to the `run` method are the same as node names in the graph schema.")
            results[name] = (name, value)
        try:
            for name, parents in plan:
                # A missing input is passed as its name, as dask does (the node then says what is missing).
                results[name] = self._instantiated_nodes[name](*(results.get(parent, parent) for parent in parents))
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error
        return dict(results[target] for target in run_targets)


def install() -> None:
    """Serve with the sequential runner (call before Rasa loads a model)."""
    import rasa.core.processor

    rasa.core.processor.DaskGraphRunner = SequentialGraphRunner
