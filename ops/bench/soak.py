"""Soak benchmark of the production topology: `make bench-soak` (30 min; not part of `make test`).

    python -m ops.bench.soak --minutes 30          (make bench-soak)
    python -m ops.bench.soak --minutes 3 --no-record

Starts the served set-up (ops/stack/serve.py's ``Stack``: nginx, two Rasa instances, PostgreSQL,
Redis, the action server) on free ports, logs under var/bench-soak/, then keeps a steady,
moderate load through nginx's REST channel: ``--users`` simulated users (default 10), each
waiting ``--think`` seconds (default 1) between two messages, new visitors every conversation
(bench_load.py's conversations).  Every ``--every`` seconds (default 15) it samples the RSS of
each part (the sum over its processes).  Writes the curve to reports/bench/soak.png and the
figures as the last section of BENCHMARKS.md (between the ``soak`` markers): turns, errors,
p50/p95 latency, and for each part its RSS after the warm-up, at the end and the slope.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import shutil
import statistics
import sys
import time
from datetime import datetime, timezone
from typing import Dict, List

import aiohttp

from ops.bench.load import CONVERSATION, check_reply, machine, memory, pct, roots
from ops.settings import ROOT
from ops.stack.serve import Stack
from ops.stack.services import free_port

WORK_DIR = ROOT / "var" / "bench-soak"
REPORT = ROOT / "BENCHMARKS.md"
PLOT = ROOT / "reports" / "bench" / "soak.png"
RAW = ROOT / "reports" / "bench" / "soak.json"
BEGIN, END = "<!-- soak: begin (ops/bench/soak.py) -->", "<!-- soak: end -->"


async def load(stack: Stack, parts: Dict[str, int], args) -> Dict:
    url = f"http://127.0.0.1:{stack.serve_port}/webhooks/rest/webhook"
    headers = dict(getattr(stack, "rest_headers", {}))
    deadline = time.monotonic() + args.minutes * 60
    started = time.monotonic()
    latencies: List[float] = []
    errors: List[str] = []
    samples: List[Dict] = []
    visitors = itertools.count()

    async def user(index: int, session: aiohttp.ClientSession) -> None:
        while time.monotonic() < deadline:
            sender = f"soak-{index}-{next(visitors)}"
            for _, message, expect in CONVERSATION:
                if time.monotonic() >= deadline:
                    return
                t0 = time.monotonic()
                try:
                    async with session.post(url, json={"sender": sender, "message": message},
                                            headers=headers) as response:
                        body = await response.json(content_type=None) if response.status == 200 else None
                        problem = (f"HTTP {response.status}" if response.status != 200
                                   else check_reply(body, expect))
                except Exception as error:  # counted, never fatal
                    problem = type(error).__name__
                latencies.append(time.monotonic() - t0)
                if problem:
                    errors.append(problem)
                await asyncio.sleep(args.think)

    async def monitor() -> None:
        while time.monotonic() < deadline:
            sample = {"t_min": (time.monotonic() - started) / 60, "turns": len(latencies), "errors": len(errors)}
            sample.update(measured(parts))
            samples.append(sample)
            print(f"   {sample['t_min']:5.1f} min  {sample['turns']} turns  {sample['errors']} errors  "
                  + "  ".join(f"{k} {v:.0f} MB" for k, v in sample.items() if k in parts), flush=True)
            await asyncio.sleep(args.every)

    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await asyncio.gather(monitor(), *(user(i, session) for i in range(args.users)))
    sample = {"t_min": (time.monotonic() - started) / 60, "turns": len(latencies), "errors": len(errors)}
    sample.update(measured(parts))
    samples.append(sample)
    return {"turns": len(latencies), "errors": len(errors), "error_kinds": sorted(set(errors))[:10],
            "p50_ms": 1000 * (pct(latencies, 0.5) or 0), "p95_ms": 1000 * (pct(latencies, 0.95) or 0),
            "samples": samples, "parts": list(parts),
            "load": " / ".join(f"{x:.1f}" for x in os.getloadavg())}


def measured(parts: Dict[str, int]) -> Dict[str, float]:
    """Each part's RSS (``name``) and PSS (``name pss``: shared pages split between the processes
    that map them, so PostgreSQL's shared buffers count once), in MB."""
    out: Dict[str, float] = {}
    for name, m in memory(parts).items():
        out[name], out[f"{name} pss"] = m["rss_mb"], m["pss_mb"]
    return out


def slope_mb_per_10min(samples: List[Dict], part: str) -> float:
    """Least-squares slope of a part's memory (RSS, or ``<part> pss``) after the first fifth of the run."""
    kept = [s for s in samples if s["t_min"] >= samples[-1]["t_min"] / 5] or samples
    xs, ys = [s["t_min"] for s in kept], [s[part] for s in kept]
    if len(xs) < 2 or max(xs) == min(xs):
        return 0.0
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return 10 * sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def plot(result: Dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5))
    for part in result["parts"]:
        line, = ax.plot([s["t_min"] for s in result["samples"]], [s[part] for s in result["samples"]],
                        label=f"{part} (RSS)")
        ax.plot([s["t_min"] for s in result["samples"]], [s[f"{part} pss"] for s in result["samples"]],
                linestyle="--", color=line.get_color(), label=f"{part} (PSS)")
    ax.set_xlabel("minutes")
    ax.set_ylabel("MB (RSS solid, PSS dashed)")
    ax.set_title(f"Soak: {result['users']} users, {result['minutes']:g} min, {result['turns']} turns, "
                 f"{result['errors']} errors")
    ax.legend(loc="center right", fontsize=8)
    ax.grid(alpha=0.3)
    PLOT.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(PLOT, dpi=100)


def section(result: Dict, host: Dict, when: datetime) -> str:
    first_kept = next(s for s in result["samples"] if s["t_min"] >= result["samples"][-1]["t_min"] / 5)
    rows = "\n".join(
        f"| {p} | {first_kept[p]:.0f} | {result['samples'][-1][p]:.0f} | {slope_mb_per_10min(result['samples'], p):+.1f} "
        f"| {first_kept[p + ' pss']:.0f} | {result['samples'][-1][p + ' pss']:.0f} "
        f"| {slope_mb_per_10min(result['samples'], p + ' pss'):+.1f} |" for p in result["parts"])
    return f"""{BEGIN}
## Soak: steady moderate load (`make bench-soak`)

{when:%Y-%m-%d %H:%M} UTC, {host.get('cores', '?')} cores; two Rasa instances behind nginx, PostgreSQL, Redis,
the action server. {result['users']} simulated users through nginx's REST channel, {result['think']:g} s
between two messages, for {result['minutes']:g} min: **{result['turns']} turns, {result['errors']} errors**
{('(' + ', '.join(result['error_kinds']) + ') ') if result['errors'] else ''}— p50 {result['p50_ms']:.0f} ms,
p95 {result['p95_ms']:.0f} ms (latencies depend on what else the machine ran: load average
{result.get('load', '?')} at the end). Memory of each part (MB; the sum over its processes), sampled every
{result['every']:g} s. RSS counts a shared page in every process that maps it; PSS splits it between
them, so PostgreSQL's shared buffers (touched little by little by each of its processes) count once:

| part | RSS after the warm-up | RSS at the end | RSS slope (MB / 10 min) | PSS after the warm-up | PSS at the end | PSS slope (MB / 10 min) |
|---|---|---|---|---|---|---|
{rows}

Slopes are least-squares fits after the warm-up (the first fifth of the run).

![RSS and PSS of each part during the soak](reports/bench/soak.png)
{END}
"""


def record(text: str) -> None:
    report = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Benchmarks\n"
    if BEGIN in report and END in report.split(BEGIN, 1)[1]:
        before, rest = report.split(BEGIN, 1)
        report = before + text.rstrip("\n") + rest.split(END, 1)[1]
    else:
        report = report.rstrip("\n") + "\n\n" + text
    REPORT.write_text(report, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--every", type=float, default=15)
    parser.add_argument("--no-record", action="store_true", help="print only")
    args = parser.parse_args()
    shutil.rmtree(WORK_DIR, ignore_errors=True)
    WORK_DIR.mkdir(parents=True)
    env = dict(os.environ, TELEGRAM_TOKEN="", TELEGRAM_SECRET_TOKEN="", TELEGRAM_API_BASE_URL="",
               TRACKER_SPOOL_DIR=str(WORK_DIR / "spool"), RASA_ENABLE_API="")
    stack = Stack(WORK_DIR, production=True, instances=2, rasa_ports=[free_port(), free_port()],
                  serve_port=free_port(), action_port=free_port(), actions_proxy_port=free_port(),
                  postgres_port=free_port(), redis_port=free_port(), durable=False,
                  services_dir=WORK_DIR / "services", env=env)
    print(f"Starting the stack (logs in {WORK_DIR}) …", flush=True)
    stack.start()
    try:
        result = asyncio.run(load(stack, roots(stack), args))
        dead = [s.name for s in [*stack.rasa, stack.actions, stack.nginx] if not s.running]
    finally:
        stack.stop()
        shutil.rmtree(WORK_DIR / "services" / "postgres" / "pgdata", ignore_errors=True)
    result.update(users=args.users, minutes=args.minutes, think=args.think, every=args.every, died=dead)
    print(f"{result['turns']} turns, {result['errors']} errors, p50 {result['p50_ms']:.0f} ms, "
          f"p95 {result['p95_ms']:.0f} ms{', stopped: ' + ', '.join(dead) if dead else ''}")
    if not args.no_record:
        plot(result)
        RAW.write_text(json.dumps(result, indent=1), encoding="utf-8")
        record(section(result, machine(), datetime.now(timezone.utc)))
        print(f"Written: {PLOT.relative_to(ROOT)}, {RAW.relative_to(ROOT)}, BENCHMARKS.md (last section)")
    return 1 if result["errors"] or dead else 0


if __name__ == "__main__":
    sys.exit(main())
