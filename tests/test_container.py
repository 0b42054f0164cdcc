"""The container image for real: built from the Dockerfile (on the locally built stand-in for
python:3.10-slim where no image registry is reachable), its two processes started as two
containers, and a REST conversation held with them: an FAQ answer and a calculation."""
import os
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests
import yaml

from servers import free_port

ROOT = Path(__file__).resolve().parents[1]
CONTAINER = ROOT / "deploy" / "container"
ENGINE = str(CONTAINER / "engine.sh")
BASE_IMAGE = os.environ.get("KINE_BASE_IMAGE", "localhost/kine-base:py3.10")
TEST_IMAGE = "localhost/kine-assistant:test"  # never the tag `make image` gives


def engine(*args, timeout=120, check=True):
    result = subprocess.run([ENGINE, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        pytest.fail(f"{' '.join(args[:2])} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def run_script(script, env, timeout):
    result = subprocess.run([str(CONTAINER / script)], cwd=ROOT, env=dict(os.environ, **env), capture_output=True,
                            text=True, timeout=timeout)
    if result.returncode != 0:
        pytest.fail(f"{script} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")


@pytest.fixture(scope="module")
def image():
    if shutil.which("podman") is None:
        pytest.skip("podman is not installed: apt-get install podman runc debootstrap "
                    "(README, « Container image »; .ci/run installs them)")
    if engine("image", "exists", BASE_IMAGE, check=False).returncode != 0:
        if shutil.which("debootstrap") is None or os.geteuid() != 0:
            pytest.skip(f"{BASE_IMAGE} is missing and building it needs root and debootstrap: "
                        "run deploy/container/build-base-image.sh as root")
        run_script("build-base-image.sh", {"BASE_IMAGE": BASE_IMAGE}, timeout=1200)
    run_script("build-image.sh", {"IMAGE": TEST_IMAGE, "BASE_IMAGE": BASE_IMAGE}, timeout=3000)
    return TEST_IMAGE


class Container:
    def __init__(self, image, name, ready_url, env, command=()):
        self.image, self.name, self.ready_url, self.env, self.command = image, name, ready_url, env, list(command)

    def start(self, timeout=300):
        env = [f"--env={key}={value}" for key, value in self.env.items()]
        engine("run", "--detach", "--network=host", f"--name={self.name}", *env, self.image, *self.command)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(self.ready_url, timeout=5).status_code < 500:
                    return self
            except requests.RequestException:
                pass
            state = engine("inspect", "--format", "{{.State.Running}}", self.name, check=False).stdout.strip()
            if state != "true":
                break
            time.sleep(2)
        pytest.fail(f"container {self.name} not ready at {self.ready_url}:\n{self.logs()}")

    def logs(self):
        result = engine("logs", self.name, check=False)
        return (result.stdout + result.stderr)[-4000:]

    def remove(self):
        engine("rm", "--force", self.name, check=False)


@pytest.fixture(scope="module")
def rasa_port(image):
    action_port, port = free_port(), free_port()
    suffix = uuid.uuid4().hex[:8]
    actions = Container(image, f"kine-test-actions-{suffix}", f"http://127.0.0.1:{action_port}/health",
                        {"ACTION_PORT": action_port}, ["actions"])
    # The image's default command: the Rasa server.
    rasa = Container(image, f"kine-test-rasa-{suffix}", f"http://127.0.0.1:{port}/webhooks/rest/",
                     {"RASA_PORT": port, "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook"})
    try:  # both containers are removed whatever happens, logs shown when a test fails
        actions.start()
        rasa.start()
        yield port
    finally:
        rasa.remove()
        actions.remove()


def say(port, sender, message):
    response = requests.post(f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                             json={"sender": sender, "message": message}, timeout=60)
    response.raise_for_status()
    return response.json()


def texts(replies):
    return "\n".join(r.get("text", "") for r in replies)


@pytest.mark.servers
def test_container_answers_a_question_with_a_figure(rasa_port):
    reply = texts(say(rasa_port, f"c-{uuid.uuid4()}", "combien coûte une séance de kiné ?"))
    assert "€" in reply, reply


@pytest.mark.servers
def test_container_calculates_what_is_left_to_pay(rasa_port):
    """The form may ask more or fewer questions as the conversation changes: each one is answered
    with its first button (except « Je ne sais pas »), as a user in a hurry would."""
    sender = f"c-{uuid.uuid4()}"
    transcript = []
    replies = say(rasa_port, sender, "10 séances de kiné avec une mutuelle à 100 %, combien je paie ?")
    for _ in range(8):
        transcript.append(texts(replies))
        if "Reste à votre charge" in transcript[-1]:
            break
        buttons = [b for r in replies for b in r.get("buttons", [])
                   if b["title"] not in ("Je ne sais pas", "Autre chose")]
        assert buttons, "a question without buttons:\n" + "\n---\n".join(transcript)
        replies = say(rasa_port, sender, buttons[0]["payload"])
    assert "Reste à votre charge" in transcript[-1], "\n---\n".join(transcript)
    assert "10 séances" in transcript[-1], transcript[-1]


def test_kubernetes_runs_the_image_make_image_builds():
    version = re.search(r'^version = "(.+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M).group(1)
    documents = [d for d in yaml.safe_load_all((ROOT / "deploy" / "kubernetes" / "kine.yaml").read_text(encoding="utf-8"))
                 if d and d["kind"] in ("Deployment", "CronJob")]
    pods = {d["metadata"]["name"]: (d["spec"]["template"]["spec"] if d["kind"] == "Deployment"
                                    else d["spec"]["jobTemplate"]["spec"]["template"]["spec"]) for d in documents}
    images = {c["image"] for pod in pods.values() for c in pod["containers"]}
    assert images == {f"localhost/kine-assistant:{version}"}
    assert pods["kine-rasa"]["containers"][0]["args"] == ["server"]
    assert pods["kine-actions"]["containers"][0]["args"] == ["actions"]
