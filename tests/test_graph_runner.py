"""The project's graph runner (components/graph_runner.py) gives the model's answers exactly as
Rasa's dask runner does: the same parse of each message, the same next action."""
import pytest
from rasa.core.channels.channel import UserMessage
from rasa.core.policies.policy import PolicyPrediction
from rasa.engine import loader
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER

import components.graph_runner as graph_runner
from components.graph_runner import SequentialGraphRunner
from conftest import ROOT

MODEL = ROOT / "models" / "kine.tar.gz"
pytestmark = pytest.mark.skipif(not MODEL.exists(), reason="needs the trained model: make train")

MESSAGES = ["bonjour", "c'est quoi la franchise médicale ?", "10 séances de genou en ALD, mutuelle 200 %",
            "ma fille de 13 ans a une scoliose, c'est remboursé ?", "qsdfghjk", "oui", "🙂"]


@pytest.fixture(scope="module")
def runners(tmp_path_factory):
    metadata, dask_runner = loader.load_predict_graph_runner(
        tmp_path_factory.mktemp("model"), MODEL, LocalModelStorage, DaskGraphRunner)
    sequential = SequentialGraphRunner.__new__(SequentialGraphRunner)
    sequential.__dict__.update(dask_runner.__dict__)  # the same loaded nodes, run the other way
    return metadata, dask_runner, sequential


def parse(runner, metadata, text):
    tracker = DialogueStateTracker.from_events("t", [], metadata.domain.slots)
    result = runner.run(inputs={PLACEHOLDER_MESSAGE: [UserMessage(text)], PLACEHOLDER_TRACKER: tracker},
                        targets=[metadata.nlu_target])
    message = result[metadata.nlu_target][0]
    return message.get("intent"), message.get("intent_ranking"), message.get("entities")


@pytest.mark.parametrize("text", MESSAGES)
def test_a_message_is_parsed_as_by_rasa_s_runner(runners, text):
    metadata, dask_runner, sequential = runners
    assert parse(sequential, metadata, text) == parse(dask_runner, metadata, text)


def tracker_after(runner, metadata, text):
    intent, ranking, entities = parse(runner, metadata, text)
    return DialogueStateTracker.from_events("t", [
        ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
        UserUttered(text, intent=intent, entities=entities,
                    parse_data={"intent": intent, "entities": entities, "intent_ranking": ranking})],
        metadata.domain.slots)


@pytest.mark.parametrize("text", MESSAGES)
def test_the_next_action_is_rasa_s_runner_s(runners, text):
    metadata, dask_runner, sequential = runners
    tracker = tracker_after(sequential, metadata, text)
    for step in range(2):  # after the message, then after the predicted action
        ours: PolicyPrediction = sequential.run(inputs={PLACEHOLDER_TRACKER: tracker},
                                                targets=[metadata.core_target])[metadata.core_target]
        rasa_s: PolicyPrediction = dask_runner.run(inputs={PLACEHOLDER_TRACKER: tracker},
                                                   targets=[metadata.core_target])[metadata.core_target]
        assert (ours.probabilities, ours.policy_name, ours.events) == (
            rasa_s.probabilities, rasa_s.policy_name, rasa_s.events)
        action = metadata.domain.action_names_or_texts[ours.probabilities.index(max(ours.probabilities))]
        tracker.update(ActionExecuted(action))
        if action.startswith("utter_") or action == "action_answer_topic":
            tracker.update(BotUttered("…"))


def test_a_text_input_naming_a_node_is_refused_as_by_rasa(runners):
    metadata, dask_runner, sequential = runners
    for runner in (dask_runner, sequential):
        with pytest.raises(GraphRunError):
            runner.run(inputs={PLACEHOLDER_MESSAGE: metadata.nlu_target}, targets=[metadata.nlu_target])


def test_installed_for_the_servers_the_launchers_start():
    import rasa.core.processor

    before = rasa.core.processor.DaskGraphRunner
    try:
        graph_runner.install()
        assert rasa.core.processor.DaskGraphRunner is SequentialGraphRunner
    finally:
        rasa.core.processor.DaskGraphRunner = before
    launch = (ROOT / "ops" / "stack" / "launch.py").read_text()
    shell = (ROOT / "ops" / "stack" / "shell.py").read_text()
    assert "from components.graph_runner import install" in launch and "install()" in shell
