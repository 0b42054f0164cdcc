"""Load benchmark of the production topology: `make bench-load`.

    python -m ops.bench.load                     10, 50, 100 users; one instance, then two
    python -m ops.bench.load --levels 2,5 --duration 5 --instances 1 --no-record

Starts the real served set-up (ops/stack/serve.py's ``Stack``: nginx in front of N Rasa
instances, PostgreSQL tracker store without fsync, Redis lock store, action server behind
nginx) on free ports, with logs under var/bench-load/.  For each instance count:

* a single-user profile ("where the time goes"): sequential FAQ and calculator turns through
  nginx and straight to one Rasa instance, NLU alone (/model/parse on the instance's own port:
  the HTTP API is opened there with a random token, never through nginx), the action server's
  share read from nginx's access log, and the CPU each process burns per turn (/proc);
* for each level, N simulated users in a closed loop (no think time) through nginx's REST
  channel: a warm-up (until every user has had a first reply), then a measured window; throughput, p50/p95/p99 of FAQ and calculator
  turns, errors (non-200, exceptions, empty or unexpected replies), memory of each process at
  the end of the level and the CPU each one used during the window.

Prints the tables; unless --no-record, writes them between the ``load`` markers of
BENCHMARKS.md (the rest of the file is left alone) and the raw figures to reports/bench/load.json.
This is a benchmark, not a test: it fails only when the stack does not answer correctly at all.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import aiohttp

from ops.settings import ROOT
from ops.stack.serve import ConfigurationError, Stack
from ops.stack.services import free_port

WORK_DIR = ROOT / "var" / "bench-load"
REPORT = ROOT / "BENCHMARKS.md"
RAW = ROOT / "reports" / "bench" / "load.json"
BEGIN, END = "<!-- load: begin (ops/bench/load.py) -->", "<!-- load: end -->"
CLK_TCK = os.sysconf("SC_CLK_TCK")
MAX_EXTRA_WARMUP = 120.0  # seconds the warm-up may last beyond --warmup, waiting for every user's first reply

# One simulated user's conversation (then a new sender id, like a new visitor).  Each calculator
# message carries everything the form needs, so its reply is the full result in one turn.
# (kind, message, a piece every correct reply contains, lower case)
GREET = ("greet", "bonjour", "bonjour")
FAQ = [("faq", "c'est quoi la franchise médicale ?", "franchise"),
       ("faq", "peut-on voir un kiné sans ordonnance ?", "ordonnance"),
       ("faq", "combien coûte une séance de kiné ?", "€"),
       ("faq", "la séance à domicile est-elle remboursée ?", "domicile")]
CALC = [("calc", "10 séances de rééducation du genou au cabinet, pas de situation particulière, "
                 "mutuelle à 100 %, combien je paie ?", "reste à votre charge"),
        ("calc", "10 séances de rééducation du genou à domicile, je suis en ALD, mutuelle à 200 %, "
                 "combien je paie ?", "reste à votre charge"),
        ("calc", "12 séances de kiné respiratoire pour mon enfant de 5 ans, mutuelle à 100 %, "
                 "combien je paie ?", "reste à votre charge")]
CONVERSATION = [GREET, FAQ[0], CALC[0], FAQ[1], FAQ[2], CALC[1], FAQ[3], CALC[2]]
GROUPS = ("rasa", "actions", "postgres", "redis", "nginx")
GROUP_NAMES = {"rasa": "Rasa", "actions": "action server", "postgres": "PostgreSQL", "redis": "Redis",
               "nginx": "nginx", "client": "load generator", "other": "other processes"}


# -- /proc ----------------------------------------------------------------------------------------

def _stat(pid: int) -> Optional[Tuple[int, int, int]]:
    """(ppid, own CPU ticks, reaped children's CPU ticks) of a process, None if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def _all_stats() -> Dict[int, Tuple[int, int, int]]:
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            s = _stat(int(entry))
            if s:
                stats[int(entry)] = s
    return stats


def _tree(root: int, stats: Dict[int, Tuple[int, int, int]]) -> List[int]:
    children: Dict[int, List[int]] = {}
    for pid, (ppid, _, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            out.append(pid)
            todo.extend(children.get(pid, []))
    return out


def _status_kb(pid: int, path: str, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def machine_ticks() -> Tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine since boot."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    total = sum(fields[:8])  # guest time is already inside user
    return total - fields[3] - fields[4], total


def roots(stack: Stack) -> Dict[str, int]:
    """The process (tree) root of each part of the stack."""
    out = {f"rasa-{i + 1}": s.process.pid for i, s in enumerate(stack.rasa)}
    out.update(actions=stack.actions.process.pid, redis=stack.redis.process.pid, nginx=stack.nginx.process.pid)
    try:
        out["postgres"] = int((stack.postgres.data / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        pass
    return out


def cpu_sample(parts: Dict[str, int]) -> Dict[str, float]:
    """CPU seconds used so far by each part (its live processes, plus what its root reaped), by
    this process (the load generator), and by the machine (busy / total)."""
    stats = _all_stats()
    out = {}
    for name, root in parts.items():
        ticks = sum(stats[p][1] for p in _tree(root, stats))
        ticks += stats[root][2] if root in stats else 0
        out[name] = ticks / CLK_TCK
    own = os.times()
    out["client"] = own.user + own.system
    busy, total = machine_ticks()
    out["machine_busy"], out["machine_total"] = busy / CLK_TCK, total / CLK_TCK
    return out


def cpu_delta(before: Dict[str, float], after: Dict[str, float]) -> Dict[str, float]:
    return {k: max(0.0, after[k] - before[k]) for k in after if k in before}


def memory(parts: Dict[str, int]) -> Dict[str, Dict[str, float]]:
    """RSS (sum over the part's processes; shared pages counted in each) and PSS, in MB."""
    stats = _all_stats()
    out = {}
    for name, root in parts.items():
        pids = _tree(root, stats)
        out[name] = {"rss_mb": sum(_status_kb(p, "status", "VmRSS:") for p in pids) / 1024,
                     "pss_mb": sum(_status_kb(p, "smaps_rollup", "Pss:") for p in pids) / 1024,
                     "processes": len(pids)}
    return out


def group(values: Dict[str, float], name: str) -> float:
    """A part's figure, the Rasa instances summed."""
    if name == "rasa":
        return sum(v for k, v in values.items() if k.startswith("rasa-"))
    return values.get(name, 0.0)


# -- nginx's access log ---------------------------------------------------------------------------

class AccessLog:
    """Lines nginx appends: '$remote_addr [$time_local] "$method $uri" $status $upstream_addr $request_time'."""

    def __init__(self, path: Path):
        self.path = path

    def offset(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0

    def since(self, offset: int, end: Optional[int] = None) -> List[Tuple[str, int, str, float]]:
        """(uri, status, upstream, request_time in s) of the requests logged between two offsets."""
        with open(self.path, "rb") as f:
            f.seek(offset)
            chunk = f.read() if end is None else f.read(max(0, end - offset))
        out = []
        for raw in chunk.decode("utf-8", "replace").splitlines():
            try:
                _, request, tail = raw.split('"', 2)
                status, upstream, seconds = tail.split()
                out.append((request.split()[1], int(status), upstream, float(seconds)))
            except (IndexError, ValueError):
                continue
        return out


def action_calls(lines) -> List[float]:
    return [t for uri, _, _, t in lines if uri == "/webhook"]


# -- requests -------------------------------------------------------------------------------------

def check_reply(replies, expect: str) -> Optional[str]:
    """None when the reply is a correct one, else what is wrong with it."""
    if not isinstance(replies, list) or not replies:
        return "empty"
    text = "\n".join(str(r.get("text", "")) for r in replies if isinstance(r, dict)).lower()
    return None if expect in text else "unexpected"


async def turn(session: aiohttp.ClientSession, url: str, sender: str, message: str,
               expect: str) -> Tuple[float, Optional[str], str]:
    """(seconds, error kind or None, reply text) of one REST turn."""
    t0 = time.perf_counter()
    try:
        async with session.post(url, json={"sender": sender, "message": message}) as response:
            body = await response.read()
            seconds = time.perf_counter() - t0
            if response.status != 200:
                return seconds, f"http {response.status}", body[:200].decode("utf-8", "replace")
            replies = json.loads(body)
            return seconds, check_reply(replies, expect), "\n".join(str(r.get("text", "")) for r in replies
                                                                     if isinstance(r, dict))
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
        return time.perf_counter() - t0, f"exception {type(error).__name__}", str(error)[:200]


def pct(values: Sequence[float], q: float) -> Optional[float]:
    """Nearest-rank percentile (q in 0..1); None without values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(-(-q * len(ordered) // 1)) - 1))]


def summary_ms(seconds: Sequence[float]) -> Dict[str, Optional[float]]:
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50": pct(ms, 0.50), "p95": pct(ms, 0.95), "p99": pct(ms, 0.99),
            "mean": statistics.fmean(ms) if ms else None}


# -- the phases -----------------------------------------------------------------------------------

def rest_headers(stack: Stack) -> Dict[str, str]:
    """REST through nginx is for authorised servers only (README, "Privacy"): the benchmark is one."""
    return dict(getattr(stack, "rest_headers", {}))


async def sanity(stack: Stack) -> None:
    """One conversation through nginx: every reply must be the expected one, or nothing is worth measuring."""
    url = f"http://127.0.0.1:{stack.serve_port}/webhooks/rest/webhook"
    log = AccessLog(stack.nginx.log_path.parent / "access.log")
    offset = log.offset()
    problems = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120),
                                     headers=rest_headers(stack)) as session:
        sender = f"load-check-{secrets.token_hex(4)}"
        for kind, message, expect in CONVERSATION:
            seconds, error, text = await turn(session, url, sender, message, expect)
            if error:
                problems.append(f"  « {message} » → {error}: {text[:300]!r}")
    if problems:
        refused = [line for line in log.since(offset) if line[0] == "/webhook" and line[1] != 200]
        hint = ""
        if refused:
            statuses = sorted({str(line[1]) for line in refused})
            hint = (f"\nnginx answered the action server's requests with HTTP {', '.join(statuses)} "
                    f"({len(refused)} times; see {log.path}).")
            if "413" in statuses:
                hint += (" 413 = request body too large: nginx's client_max_body_size (ops/templates/nginx.conf) "
                         "also applies to the actions proxy, and Rasa's requests to the action server carry "
                         "the whole domain.")
        raise RuntimeError("the stack does not answer the benchmark's conversation correctly:\n"
                           + "\n".join(problems) + hint)


async def profile(stack: Stack, parts: Dict[str, int], n: int, token: str) -> Dict:
    """One user, sequential: FAQ and calculator turns via nginx and straight to rasa-1 (each the
    second turn of a fresh conversation, after « bonjour »), and /model/parse on rasa-1."""
    via = f"http://127.0.0.1:{stack.serve_port}/webhooks/rest/webhook"
    direct_port = stack.rasa_ports[0]
    direct = f"http://127.0.0.1:{direct_port}/webhooks/rest/webhook"
    log = AccessLog(stack.nginx.log_path.parent / "access.log")
    out: Dict = {}
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120),
                                     headers=rest_headers(stack)) as session:
        # NLU alone: the messages of both kinds, warmed up once.
        for kind, messages in (("faq", FAQ), ("calc", CALC)):
            times = []
            for i in range(n + 3):
                message = messages[i % len(messages)][1]
                t0 = time.perf_counter()
                async with session.post(f"http://127.0.0.1:{direct_port}/model/parse",
                                        params={"token": token}, json={"text": message}) as response:
                    await response.read()
                    response.raise_for_status()
                if i >= 3:
                    times.append(time.perf_counter() - t0)
            out[f"parse_{kind}"] = summary_ms(times)
        for kind, messages in (("faq", FAQ), ("calc", CALC)):
            rows: Dict[str, Dict[str, list]] = {r: {"client": [], "nginx": [], "actions": [], "action_calls": [],
                                                    "errors": []} for r in ("nginx", "direct")}
            cpu_total = {r: {} for r in rows}
            for i in range(n):
                _, message, expect = messages[i % len(messages)]
                for route, url in (("nginx", via), ("direct", direct)):
                    sender = f"load-profile-{kind}-{route}-{i}-{secrets.token_hex(3)}"
                    await turn(session, url, sender, GREET[1], GREET[2])
                    before, offset = cpu_sample(parts), log.offset()
                    seconds, error, _ = await turn(session, url, sender, message, expect)
                    after = cpu_sample(parts)
                    lines = log.since(offset)
                    row = rows[route]
                    row["client"].append(seconds)
                    if error:
                        row["errors"].append(error)
                    rest = [t for uri, _, _, t in lines if uri == "/webhooks/rest/webhook"]
                    if rest:
                        row["nginx"].append(rest[0])
                    calls = action_calls(lines)
                    row["actions"].append(sum(calls))
                    row["action_calls"].append(len(calls))
                    for k, v in cpu_delta(before, after).items():
                        cpu_total[route][k] = cpu_total[route].get(k, 0.0) + v
            for route, row in rows.items():
                turns = len(row["client"])
                cpu_ms = {k: v / turns * 1000 for k, v in cpu_total[route].items()
                          if k not in ("machine_total",)}
                cpu_ms["rasa"] = group(cpu_ms, "rasa")
                out[f"{kind}_{route}"] = {
                    "turn": summary_ms(row["client"]),
                    "nginx_request_time": summary_ms(row["nginx"]),
                    "action_server": summary_ms(row["actions"]),
                    "action_calls_per_turn": statistics.fmean(row["action_calls"]) if turns else 0,
                    "cpu_ms_per_turn": cpu_ms,
                    "errors": len(row["errors"]),
                }
    return out


async def level(stack: Stack, parts: Dict[str, int], users: int, warmup: float, duration: float,
                tag: str) -> Dict:
    url = f"http://127.0.0.1:{stack.serve_port}/webhooks/rest/webhook"
    log = AccessLog(stack.nginx.log_path.parent / "access.log")
    clock = time.perf_counter
    start = clock()
    # The window opens after the warm-up, and not before every user has had a first reply: the
    # first requests all arrive together, and the queue they form is not the steady state.
    window = {"start": float("inf"), "end": float("inf")}
    replied: set = set()
    all_replied = asyncio.Event()
    latencies: Dict[str, List[float]] = {"greet": [], "faq": [], "calc": []}
    errors: Dict[str, int] = {}
    samples: Dict = {}

    async def user(index: int, session: aiohttp.ClientSession) -> None:
        await asyncio.sleep(min(1.0, warmup / 2) * index / users)  # spread the first requests
        conversation = 0
        skip = index % len(CONVERSATION)  # users start at different turns: the mix is even from the start
        while clock() < window["end"]:
            sender = f"load-{tag}-{users}u-{index}-{conversation}"
            conversation += 1
            for kind, message, expect in CONVERSATION[skip:]:
                if clock() >= window["end"]:
                    return
                seconds, error, _ = await turn(session, url, sender, message, expect)
                finished = clock()
                replied.add(index)
                if len(replied) == users:
                    all_replied.set()
                if window["start"] <= finished <= window["end"]:
                    latencies[kind].append(seconds)
                    if error:
                        errors[error] = errors.get(error, 0) + 1
                if error:
                    await asyncio.sleep(0.1)  # no hot loop against a dead server
                    break  # the conversation is off track: a new one
            skip = 0

    async def monitor() -> None:
        await asyncio.sleep(warmup)
        try:
            await asyncio.wait_for(all_replied.wait(), timeout=MAX_EXTRA_WARMUP)
        except asyncio.TimeoutError:
            pass
        samples["cpu0"], samples["log0"] = cpu_sample(parts), log.offset()
        window["start"] = samples["t0"] = clock()
        window["end"] = window["start"] + duration
        await asyncio.sleep(max(0.0, window["end"] - clock()))
        samples["cpu1"], samples["log1"], samples["t1"] = cpu_sample(parts), log.offset(), clock()
        samples["memory"] = memory(parts)

    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=120),
                                     headers=rest_headers(stack)) as session:
        await asyncio.gather(monitor(), *(user(i, session) for i in range(users)))
    drained = clock() - window["end"]
    warmed = samples["t0"] - start
    window = samples["t1"] - samples["t0"]
    cpu = cpu_delta(samples["cpu0"], samples["cpu1"])
    busy_cores = cpu.pop("machine_busy") / window  # CPU-seconds summed over the cores
    cpu.pop("machine_total")
    cores_used = {k: v / window for k, v in cpu.items()}
    cores_used["other"] = max(0.0, busy_cores - sum(cores_used.values()))
    lines = log.since(samples["log0"], samples["log1"])
    rest = [line for line in lines if line[0] == "/webhooks/rest/webhook"]
    per_upstream: Dict[str, int] = {}
    for _, _, upstream, _ in rest:
        per_upstream[upstream] = per_upstream.get(upstream, 0) + 1
    calls = action_calls(lines)
    completed = sum(len(v) for v in latencies.values())
    return {
        "users": users, "warmup_s": warmed, "duration_s": window, "drain_s": drained,
        "turns": completed, "turns_per_s": completed / window,
        "conversations_per_s": len(latencies["greet"]) / window,
        "greet": summary_ms(latencies["greet"]), "faq": summary_ms(latencies["faq"]),
        "calc": summary_ms(latencies["calc"]),
        "errors": sum(errors.values()), "error_kinds": errors,
        "cores_used": cores_used, "machine_busy_cores": busy_cores,
        "memory": samples["memory"],
        "rest_requests_per_upstream": per_upstream,
        "action_server": {"calls": len(calls), "p50_ms": pct([c * 1000 for c in calls], 0.5),
                          "p95_ms": pct([c * 1000 for c in calls], 0.95),
                          "non_200": sum(1 for line in lines if line[0] == "/webhook" and line[1] != 200)},
    }


def run_stack(instances: int, args) -> Dict:
    work = WORK_DIR / f"{instances}-instance{'s' if instances > 1 else ''}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    token = secrets.token_hex(16)
    env = dict(os.environ, TELEGRAM_TOKEN="", TELEGRAM_SECRET_TOKEN="", TELEGRAM_API_BASE_URL="",
               TRACKER_SPOOL_DIR=str(work / "spool"), RASA_ENABLE_API="1", RASA_AUTH_TOKEN=token)
    stack = Stack(work, production=True, rasa_ports=[free_port() for _ in range(instances)],
                  serve_port=free_port(), action_port=free_port(), actions_proxy_port=free_port(),
                  postgres_port=free_port(), redis_port=free_port(), durable=False,
                  services_dir=work / "services", env=env)
    result: Dict = {"instances": instances, "logs": str(work.relative_to(ROOT))}
    print(f"\n== {instances} Rasa instance(s): starting the stack (about a minute; logs in {work}) ...", flush=True)
    t0 = time.perf_counter()
    try:
        stack.start()
        result["startup_s"] = time.perf_counter() - t0
        print(f"   up in {result['startup_s']:.0f} s", flush=True)
        parts = roots(stack)
        asyncio.run(sanity(stack))
        result["memory_idle"] = memory(parts)
        if args.profile_turns:
            print(f"   single-user profile: {args.profile_turns} turns of each kind, via nginx and direct ...",
                  flush=True)
            result["profile"] = asyncio.run(profile(stack, parts, args.profile_turns, token))
        result["levels"] = []
        for users in args.levels:
            print(f"   {users} users: {args.warmup:g} s warm-up + {args.duration:g} s ...", flush=True)
            figures = asyncio.run(level(stack, parts, users, args.warmup, args.duration, f"{instances}i"))
            result["levels"].append(figures)
            print(f"     (warm-up {figures['warmup_s']:.0f} s, drain {figures['drain_s']:.0f} s) "
                  f"{figures['turns_per_s']:.1f} turns/s, FAQ p50 {fmt(figures['faq']['p50'])} ms, "
                  f"calc p50 {fmt(figures['calc']['p50'])} ms, errors {figures['errors']}", flush=True)
        dead = [s.name for s in [*stack.rasa, stack.actions, stack.nginx] if not s.running]
        if dead:
            result["died"] = dead
            print(f"   !! stopped during the run: {', '.join(dead)}", flush=True)
    finally:
        print("   stopping the stack ...", flush=True)
        stack.stop()
        shutil.rmtree(work / "services" / "postgres" / "pgdata", ignore_errors=True)
    return result


# -- the report -----------------------------------------------------------------------------------

def fmt(value: Optional[float], digits: int = 0) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def machine() -> Dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"arch": platform.machine(), "cores": os.cpu_count(), "cpu": model,
            "ram_gb": int(Path("/proc/meminfo").read_text().split()[1]) / 1024 ** 2,
            "python": platform.python_version(), "kernel": platform.release()}


def tables(results: List[Dict]) -> List[str]:
    lines: List[str] = []
    for r in results:
        lines += ["", f"### {r['instances']} Rasa instance{'s' if r['instances'] > 1 else ''}", "",
                  "| users | turns/s | FAQ p50 / p95 / p99 (ms) | calc p50 / p95 / p99 (ms) | errors |",
                  "|---|---|---|---|---|"]
        for lv in r.get("levels", []):
            f, c = lv["faq"], lv["calc"]
            lines.append(f"| {lv['users']} | {lv['turns_per_s']:.1f} | {fmt(f['p50'])} / {fmt(f['p95'])} / "
                         f"{fmt(f['p99'])} | {fmt(c['p50'])} / {fmt(c['p95'])} / {fmt(c['p99'])} | "
                         f"{lv['errors']}{errors_detail(lv)} |")
    lines += ["", "### Memory (MB, end of each level)", "",
              "RSS of each part; PostgreSQL and nginx are several processes: RSS summed (shared memory "
              "counted in each), PSS in brackets.", "",
              "| instances | users | Rasa (each) | action server | PostgreSQL | Redis | nginx |",
              "|---|---|---|---|---|---|---|"]
    for r in results:
        rows = [("idle", r.get("memory_idle"))] + [(lv["users"], lv["memory"]) for lv in r.get("levels", [])]
        for users, mem in rows:
            if not mem:
                continue
            rasa = " + ".join(f"{mem[k]['rss_mb']:.0f}" for k in sorted(mem) if k.startswith("rasa-"))
            lines.append(f"| {r['instances']} | {users} | {rasa} | {mem['actions']['rss_mb']:.0f} | "
                         f"{mem['postgres']['rss_mb']:.0f} ({mem['postgres']['pss_mb']:.0f}) | "
                         f"{mem['redis']['rss_mb']:.0f} | {mem['nginx']['rss_mb']:.0f} "
                         f"({mem['nginx']['pss_mb']:.0f}) |")
    cores = os.cpu_count() or 1
    lines += ["", f"### CPU during the measured window (cores used, of {cores})", "",
              "| instances | users | machine busy | Rasa (each) | action server | PostgreSQL | Redis | nginx | "
              "load generator | other processes |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        for lv in r.get("levels", []):
            u = lv["cores_used"]
            rasa = " + ".join(f"{u[k]:.2f}" for k in sorted(u) if k.startswith("rasa-"))
            lines.append(f"| {r['instances']} | {lv['users']} | {lv['machine_busy_cores']:.2f} | {rasa} | "
                         f"{u.get('actions', 0):.2f} | {u.get('postgres', 0):.2f} | {u.get('redis', 0):.2f} | "
                         f"{u.get('nginx', 0):.2f} | {u.get('client', 0):.2f} | {u.get('other', 0):.2f} |")
    prof = next((r["profile"] for r in results if r.get("profile")), None)
    if prof:
        lines += ["", "### One user at a time (medians)", "",
                  "| | FAQ turn | calculator turn |", "|---|---|---|",
                  f"| full turn through nginx (client's clock) | {fmt(prof['faq_nginx']['turn']['p50'], 1)} ms | "
                  f"{fmt(prof['calc_nginx']['turn']['p50'], 1)} ms |",
                  f"| same, nginx's own request time | {fmt(prof['faq_nginx']['nginx_request_time']['p50'], 1)} ms "
                  f"| {fmt(prof['calc_nginx']['nginx_request_time']['p50'], 1)} ms |",
                  f"| full turn straight to a Rasa instance | {fmt(prof['faq_direct']['turn']['p50'], 1)} ms | "
                  f"{fmt(prof['calc_direct']['turn']['p50'], 1)} ms |",
                  f"| NLU alone (`/model/parse` on the instance) | {fmt(prof['parse_faq']['p50'], 1)} ms | "
                  f"{fmt(prof['parse_calc']['p50'], 1)} ms |",
                  f"| action server (calls per turn; time per turn) | "
                  f"{prof['faq_nginx']['action_calls_per_turn']:.1f}; "
                  f"{fmt(prof['faq_nginx']['action_server']['p50'], 1)} ms | "
                  f"{prof['calc_nginx']['action_calls_per_turn']:.1f}; "
                  f"{fmt(prof['calc_nginx']['action_server']['p50'], 1)} ms |"]
        for name in GROUPS:
            lines.append(f"| CPU per turn, {GROUP_NAMES[name]} | "
                         f"{prof['faq_nginx']['cpu_ms_per_turn'].get(name, 0):.1f} ms | "
                         f"{prof['calc_nginx']['cpu_ms_per_turn'].get(name, 0):.1f} ms |")
    return lines


def errors_detail(lv: Dict) -> str:
    if not lv["errors"]:
        return ""
    return " (" + ", ".join(f"{k}: {v}" for k, v in sorted(lv["error_kinds"].items())) + ")"


def where_the_time_goes(results: List[Dict]) -> List[str]:
    """Sentences computed from the figures; nothing here is assumed."""
    out: List[str] = []
    cores = os.cpu_count() or 1
    first = results[0] if results else {}
    prof = first.get("profile")
    if prof:
        fv, fd = prof["faq_nginx"]["turn"]["p50"], prof["faq_direct"]["turn"]["p50"]
        cv, cd = prof["calc_nginx"]["turn"]["p50"], prof["calc_direct"]["turn"]["p50"]
        parse = prof["parse_faq"]["p50"]
        act = prof["calc_nginx"]["action_server"]["p50"] or 0.0
        fcpu, ccpu = prof["faq_nginx"]["cpu_ms_per_turn"], prof["calc_nginx"]["cpu_ms_per_turn"]
        stack_cpu = sum(group(fcpu, g) for g in GROUPS)
        out.append(
            f"**One user.** A FAQ turn takes {fv:.0f} ms through nginx and {fd:.0f} ms straight to a Rasa "
            f"instance (nginx: {fv - fd:+.1f} ms). NLU alone (`/model/parse`, HTTP included) is {parse:.0f} ms, "
            f"{parse / fd:.0%} of the direct turn; the other {max(0.0, fd - parse):.0f} ms are Rasa's dialogue "
            f"side: policies, the tracker read from and written to PostgreSQL, the Redis lock"
            + (f", the action server ({prof['faq_nginx']['action_calls_per_turn']:.1f} calls per FAQ turn). "
               if prof["faq_nginx"]["action_calls_per_turn"] else " (no action-server call). ")
            +
            f"The CPU a FAQ turn costs: Rasa {group(fcpu, 'rasa'):.0f} ms, PostgreSQL {fcpu.get('postgres', 0):.0f} ms, "
            f"action server {fcpu.get('actions', 0):.0f} ms, nginx {fcpu.get('nginx', 0):.0f} ms, "
            f"Redis {fcpu.get('redis', 0):.0f} ms ({stack_cpu:.0f} ms in all, {stack_cpu / fv:.0%} of the turn's "
            f"wall time{'' if stack_cpu / fv < 0.8 else ': the turn is CPU work, little waiting'}). "
            f"A calculator turn takes {cv:.0f} ms ({cd:.0f} ms direct); the action server answers its "
            f"{prof['calc_nginx']['action_calls_per_turn']:.1f} calls in {act:.0f} ms in all "
            f"({act / cv:.0%} of the turn); Rasa's CPU per calculator turn is {group(ccpu, 'rasa'):.0f} ms.")
    for r in results:
        levels = r.get("levels") or []
        if not levels:
            continue
        best = max(levels, key=lambda lv: lv["turns_per_s"])
        top = levels[-1]
        u = top["cores_used"]
        rasa_each = [u[k] for k in sorted(u) if k.startswith("rasa-")]
        mean_ms = top["turns"] and sum((top[k]["mean"] or 0) * top[k]["n"] for k in ("greet", "faq", "calc")) / top["turns"]
        little = top["users"] / top["turns_per_s"] * 1000 if top["turns_per_s"] else None
        text = (f"**{r['instances']} instance{'s' if r['instances'] > 1 else ''}.** Throughput peaks at "
                f"{best['turns_per_s']:.1f} turns/s ({best['users']} users). At {top['users']} users the machine "
                f"is busy {top['machine_busy_cores']:.2f} of {cores} cores: Rasa "
                f"{' + '.join(f'{c:.2f}' for c in rasa_each)}, PostgreSQL {u.get('postgres', 0):.2f}, action server "
                f"{u.get('actions', 0):.2f}, nginx {u.get('nginx', 0):.2f}, Redis {u.get('redis', 0):.2f}, the load "
                f"generator {u.get('client', 0):.2f}, other processes {u.get('other', 0):.2f}. ")
        if top["turns_per_s"]:
            stack_cores = sum(group(u, g) for g in GROUPS)
            text += (f"Each turn costs the stack {stack_cores / top['turns_per_s'] * 1000:.0f} ms of CPU there, "
                     f"{group(u, 'rasa') / top['turns_per_s'] * 1000:.0f} ms of it in Rasa. ")
        if little and mean_ms:
            n_faq, n_calc = (sum(1 for t in CONVERSATION if t[0] == k) for k in ("faq", "calc"))
            loaded = [top[k]["mean"] for k in ("faq", "calc")]
            if prof and None not in loaded and top["faq"]["n"] + top["calc"]["n"]:
                single = (n_faq * prof["faq_nginx"]["turn"]["p50"] + n_calc * prof["calc_nginx"]["turn"]["p50"]) \
                    / (n_faq + n_calc)
                loaded_mean = (top["faq"]["mean"] * top["faq"]["n"] + top["calc"]["mean"] * top["calc"]["n"]) \
                    / (top["faq"]["n"] + top["calc"]["n"])
                ratio = loaded_mean / single
                text += (f"FAQ and calculator turns take {loaded_mean:.0f} ms on average there (all turns "
                         f"{mean_ms:.0f} ms; users ÷ throughput, Little's law: {little:.0f} ms) against {single:.0f} ms "
                         f"for the same mix with one user (× {ratio:.1f}): "
                         + ("most of a turn's time under load is waiting in line for a busy process, not work. "
                            if ratio > 2 else "turns wait little. "))
        shares = top["rest_requests_per_upstream"]
        if len(shares) > 1:
            text += (f"nginx spread the REST requests {' / '.join(str(n) for _, n in sorted(shares.items()))} "
                     f"over the instances. ")
        stack_busy = sum(group(u, g) for g in GROUPS) + u.get("client", 0)
        if stack_busy >= 0.85 * cores:
            text += "The stack saturates the cores: more throughput needs less CPU per turn or more cores. "
        elif top["machine_busy_cores"] >= 0.85 * cores:
            text += ("The cores are saturated, but partly by other processes: the stack's own ceiling is not "
                     "measured here. ")
        elif rasa_each and max(rasa_each) >= 0.85 and len(rasa_each) == 1:
            text += (f"The machine is not saturated, yet the one Rasa instance uses only {rasa_each[0]:.2f} core: "
                     f"a single instance does not go beyond about one core (one Python process, one event loop). ")
        if u.get("other", 0) > 0.2 * cores:
            text += (f"Other processes took {u['other']:.2f} cores during the window: these figures are not those "
                     f"of a quiet machine. ")
        out.append(text.strip())
    if len(results) >= 2 and results[0].get("levels") and results[1].get("levels"):
        one, two = results[0], results[1]
        p1 = max(lv["turns_per_s"] for lv in one["levels"])
        p2 = max(lv["turns_per_s"] for lv in two["levels"])
        out.append(f"**From {one['instances']} to {two['instances']} instances** on {cores} cores, peak throughput "
                   f"goes from {p1:.1f} to {p2:.1f} turns/s (× {p2 / p1:.2f})." if p1 else "")
    return [p for p in out if p]


def report(results: List[Dict], settings: Dict, host: Dict, when: datetime) -> str:
    cores = host["cores"]
    lines = [BEGIN, "## Load (make bench-load)", "",
             f"Run by `make bench-load` on {when:%Y-%m-%d %H:%M} UTC ({host['arch']}, {cores} cores"
             f"{', ' + host['cpu'] if host['cpu'] else ''}, {host['ram_gb']:.0f} GB RAM, Python {host['python']}).",
             "",
             f"The production topology on localhost (ops/stack/serve.py's `Stack`): nginx round-robin in front of "
             f"the Rasa instance(s), PostgreSQL tracker store (fsync off), Redis lock store, action server behind "
             f"nginx. Simulated users in a closed loop (no think time) on nginx's REST channel, each running "
             f"conversations of {len(CONVERSATION)} turns (« bonjour », "
             f"{sum(1 for t in CONVERSATION if t[0] == 'faq')} FAQ questions, "
             f"{sum(1 for t in CONVERSATION if t[0] == 'calc')} calculator questions answered in one turn), a new "
             f"sender id per conversation (each user's first one starts at a different turn). Each level: a warm-up, not counted, of {settings['warmup']:g} s and "
             f"until every user has had a first reply (the first requests all arrive at once), then "
             f"{settings['duration']:g} s measured; turns/s counts every turn completed in the window, greetings "
             f"included. Errors: non-200, exceptions, empty or unexpected replies. The load generator (asyncio + "
             f"aiohttp) runs on the same machine."]
    lines += tables(results)
    lines += ["", "### Where the time goes", ""]
    for paragraph in where_the_time_goes(results):
        lines += [paragraph, ""]
    lines += ["Reproduce: `make bench-load` (raw figures: `reports/bench/load.json`).", END]
    return "\n".join(lines) + "\n"


def record(section: str) -> None:
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text.split(BEGIN, 1)[1]:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        text = before + section.rstrip("\n") + after
    else:
        text = text.rstrip("\n") + "\n\n" + section
    REPORT.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="10,50,100", help="simulated users per level (default 10,50,100)")
    parser.add_argument("--instances", default="1,2", help="Rasa instance counts, one stack each (default 1,2)")
    parser.add_argument("--duration", type=float, default=30.0, help="measured seconds per level (default 30)")
    parser.add_argument("--warmup", type=float, default=5.0, help="unmeasured seconds first, at least (default 5; longer until every user has had a reply)")
    parser.add_argument("--profile-turns", type=int, default=30,
                        help="single-user turns of each kind and route (default 30; 0 = skip)")
    parser.add_argument("--no-record", action="store_true", help="print only: no BENCHMARKS.md, no load.json")
    args = parser.parse_args()
    try:
        args.levels = [int(x) for x in args.levels.split(",") if x.strip()]
        instances = [int(x) for x in args.instances.split(",") if x.strip()]
    except ValueError:
        parser.error("--levels and --instances take comma-separated numbers")
    if not args.levels or min(args.levels) < 1 or not instances or min(instances) < 1:
        parser.error("--levels and --instances need numbers ≥ 1")

    def terminate(*_):
        raise KeyboardInterrupt
    for sig in (signal.SIGINT, signal.SIGTERM):  # also when started in the background (SIGINT ignored)
        signal.signal(sig, terminate)
    when, host = datetime.now(timezone.utc), machine()
    started = time.perf_counter()
    results = []
    try:
        for count in instances:
            results.append(run_stack(count, args))
    except (ConfigurationError, RuntimeError) as error:
        print(f"\nErreur : {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrompu.", file=sys.stderr)
        return 130
    settings = {"levels": args.levels, "instances": instances, "duration": args.duration, "warmup": args.warmup,
                "profile_turns": args.profile_turns, "conversation": [list(t[:2]) for t in CONVERSATION],
                "elapsed_s": time.perf_counter() - started}
    section = report(results, settings, host, when)
    print("\n" + section)
    print(f"(whole run: {settings['elapsed_s'] / 60:.1f} min)")
    if not args.no_record:
        record(section)
        RAW.parent.mkdir(parents=True, exist_ok=True)
        RAW.write_text(json.dumps({"date": when.isoformat(timespec="seconds"), "machine": host,
                                   "settings": settings, "runs": results}, indent=1, ensure_ascii=False) + "\n",
                       encoding="utf-8")
        print(f"Written: {REPORT} (load section), {RAW}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
