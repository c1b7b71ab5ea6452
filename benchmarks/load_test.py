"""Load test of the chat server: N concurrent conversations over Chainlit's socket.io protocol.

    python -m benchmarks.load_test                      # 20 sessions x 4 turns, offline then fake LLM
    python -m benchmarks.load_test --data-dir data/build --sessions 20 --turns 4 --json
    python -m benchmarks.load_test --url http://127.0.0.1:8000 --modes as-is   # a server you started

It starts the real `chainlit run chat_app.py` on 127.0.0.1 (one per mode: offline, then against a fake
OpenAI-compatible server that adds a model's latency: time to first token, then one chunk every few ms),
opens the sessions at once, and has each hold its own conversation:

    1. "something like <its own seed title>"   2. "only from <its own decade>"
    3. "something lighter"                      4. "more like the second one"

Every turn is checked for errors and for cross-talk: a session's answers must fit its own requests (its
seed named in the Understanding step, no other session's seed there, picks within its own decade from
turn 2 on, card turn numbers that match its own count, no title twice). Bounded: a per-turn timeout and
a deadline for the whole run. Prints p50/p95 turn latency and time to the first card per mode, errors,
cross-talk, throughput and the server's CPU time and memory. Machine-dependent: compare modes and
before/after within one run or one machine, never against a fixed number.

Default index: the test fixture catalog (a few hundred real titles cut from the shared data) built into a
temporary folder; --data-dir points at a real build (e.g. the full catalog in data/build).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import config  # noqa: F401  (offline model-hub settings before any model library loads)
from config import REPO_ROOT
from testkit.chat_load import run_load


# --- the fake model, in its own process so the load client's event loop doesn't slow it down -----------
def serve_fake_llm(port: int, first_token_s: float, chunk_s: float) -> None:
    from aiohttp import web

    from testkit.fake_llm import FakeLLM

    class LatencyLLM(FakeLLM):
        """Answers like testkit/fake_llm.py, with a model's pace: a wait before the first token, then chunks."""

        async def _chat(self, request: web.Request) -> web.StreamResponse:
            await asyncio.sleep(first_token_s)
            return await super()._chat(request)

    server = LatencyLLM(port=port)
    server.behaviour = "slow"  # FakeLLM's paced streaming, at our pace below
    server.slow_chunk_delay_s = chunk_s
    server.start()
    print(f"fake LLM on {server.base_url}", flush=True)
    while True:
        time.sleep(3600)


def start_fake_llm(first_token_s: float, chunk_s: float) -> tuple[subprocess.Popen, str]:
    from testkit.chainlit_server import free_port

    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "benchmarks.load_test",
            "serve-llm",
            "--port",
            str(port),
            "--first-token-s",
            str(first_token_s),
            "--chunk-s",
            str(chunk_s),
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    line = process.stdout.readline() if process.stdout else ""
    if "fake LLM on" not in line:
        process.kill()
        raise RuntimeError(f"the fake LLM did not start: {line!r}")
    return process, f"http://127.0.0.1:{port}/v1"


# --- servers ------------------------------------------------------------------------------------------------
def build_fixture_index(folder: Path) -> Path:
    from catalog.build import build_catalog
    from testkit.fixture_data import make_fixture_raw_dir
    from tests.fixtures_index import index_settings
    from vectorstore.index import build_index

    raw = make_fixture_raw_dir(folder / "raw", markup_title=True)
    titles, _ = build_catalog(raw)
    settings = index_settings(folder / "build", raw)
    build_index(titles, settings, progress=False)
    return settings.data_dir


def process_usage(pid: int) -> dict:
    import psutil

    process = psutil.Process(pid)
    cpu = process.cpu_times()
    return {"cpu_s": round(cpu.user + cpu.system, 2), "rss_mb": round(process.memory_info().rss / 2**20)}


def run_mode(mode: str, args: argparse.Namespace, data_dir: Path, scratch: Path, extra_env: dict) -> dict:
    from testkit.chat_servers import chat_env, start_chat_server

    llm_process = None
    extra = dict(extra_env)
    if mode == "fake-llm":
        llm_process, llm_url = start_fake_llm(args.llm_first_token_s, args.llm_chunk_s)
        extra["CINECHAT_LLM_TIMEOUT_S"] = "30"
    else:
        llm_url = None
    servers = []
    try:
        for n in range(args.processes):  # several chat processes on one host, as behind a load balancer
            # a fresh folder (and LLM cache) per run: no run may answer from another run's cache
            env = chat_env(data_dir, Path(tempfile.mkdtemp(prefix=f"{mode}-{n}-", dir=scratch)), llm_url, **extra)
            servers.append(start_chat_server(f"load-{mode}-{n}", env))
        urls = [s.url for s in servers]
        # one warm-up message per process (the first pays for opening the index), unlike any measured one
        asyncio.run(warm_up(urls, args.turn_timeout_s))
        before = [process_usage(s.process.pid) for s in servers]
        report = asyncio.run(run_load(urls, args.sessions, args.turns, args.turn_timeout_s, args.deadline_s))
        after = [process_usage(s.process.pid) for s in servers]
        report["processes"] = len(servers)
        report["server_cpu_s"] = round(sum(a["cpu_s"] - b["cpu_s"] for a, b in zip(after, before, strict=True)), 2)
        report["server_rss_mb"] = sum(a["rss_mb"] for a in after)
        report["server_logs"] = [str(s.log_path) for s in servers]
        return report
    finally:
        for server in servers:
            server.stop()
        if llm_process is not None:
            os.killpg(llm_process.pid, 15)
            llm_process.wait(10)


async def warm_up(urls: list[str], turn_timeout_s: float) -> None:
    from testkit.chat_socket import ChatClient

    for url in urls:
        async with ChatClient(url, turn_timeout_s=turn_timeout_s) as chat:
            await chat.ask("a quiet drama about a lighthouse keeper")


def build_into_chroma_server(folder: Path) -> tuple[object, Path, dict]:
    """A `chroma run` server holding the fixture index; returns (server, data_dir, env for the chat)."""
    from catalog.build import build_catalog
    from testkit.chroma_server import ChromaServer
    from testkit.fixture_data import make_fixture_raw_dir
    from tests.fixtures_index import index_settings
    from vectorstore.index import build_index

    chroma = ChromaServer(folder / "chroma-data").start()
    raw = make_fixture_raw_dir(folder / "raw", markup_title=True)
    titles, _ = build_catalog(raw)
    settings = index_settings(folder / "build", raw, chroma_host="127.0.0.1", chroma_port=chroma.port)
    build_index(titles, settings, progress=False)
    env = {"CINECHAT_CHROMA_HOST": "127.0.0.1", "CINECHAT_CHROMA_PORT": str(chroma.port)}
    return chroma, settings.data_dir, env


def print_report(mode: str, r: dict) -> None:
    print(
        f"\n== {mode}: {r['sessions']} sessions, {r['turns_done']}/{r['turns_planned']} turns in {r['wall_s']} s "
        f"({r['turns_per_s']} turns/s)"
    )
    print(f"   turn latency   p50 {r['turn_p50_s']:.3f} s   p95 {r['turn_p95_s']:.3f} s   max {r['turn_max_s']:.3f} s")
    print(f"   first card     p50 {r['first_card_p50_s']:.3f} s   p95 {r['first_card_p95_s']:.3f} s")
    if "server_cpu_s" in r:
        print(f"   server         {r['processes']} process(es): {r['server_cpu_s']} s CPU, {r['server_rss_mb']} MB RSS")
    print(f"   errors         {len(r['errors'])}" + "".join(f"\n     {e}" for e in r["errors"][:10]))
    print(f"   cross-talk     {len(r['crosstalk'])}" + "".join(f"\n     {c}" for c in r["crosstalk"][:10]))


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "serve-llm":
        serve = argparse.ArgumentParser()
        serve.add_argument("serve_llm")
        serve.add_argument("--port", type=int, required=True)
        serve.add_argument("--first-token-s", type=float, default=0.5)
        serve.add_argument("--chunk-s", type=float, default=0.03)
        a = serve.parse_args()
        serve_fake_llm(a.port, a.first_token_s, a.chunk_s)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="Measure this running server instead of starting one (mode 'as-is').")
    parser.add_argument("--data-dir", type=Path, help="A built index (default: the fixture catalog, built now).")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--turns", type=int, default=4, choices=range(1, 5))
    parser.add_argument("--modes", default="offline,fake-llm", help="offline, fake-llm (comma-separated).")
    parser.add_argument("--processes", type=int, default=1, help="Chat server processes; sessions spread over them.")
    parser.add_argument(
        "--compare-blocking-sleep",
        action="store_true",
        help="Run each mode with Chainlit's blocking 1 ms sleep per message (as shipped) and without "
        "(ui/nonblocking.py), alternating, --repeat times.",
    )
    parser.add_argument("--repeat", type=int, default=1, help="Repeat every measurement (alternating variants).")
    parser.add_argument(
        "--chroma-server",
        action="store_true",
        help="Serve the (fixture) index from a `chroma run` server instead of the embedded store.",
    )
    parser.add_argument("--llm-first-token-s", type=float, default=0.5, help="The fake model's time to first token.")
    parser.add_argument("--llm-chunk-s", type=float, default=0.03, help="Seconds between its ~12-character chunks.")
    parser.add_argument("--turn-timeout-s", type=float, default=120.0)
    parser.add_argument("--deadline-s", type=float, default=600.0, help="The whole run of one mode stops here.")
    parser.add_argument("--json", action="store_true", help="One JSON object with every mode's numbers, last line.")
    args = parser.parse_args()

    reports: dict[str, dict] = {}
    if args.url:
        reports["as-is"] = asyncio.run(
            run_load(args.url, args.sessions, args.turns, args.turn_timeout_s, args.deadline_s)
        )
    else:
        with tempfile.TemporaryDirectory(prefix="cinechat-load-") as tmp:
            scratch = Path(tmp)
            chroma, extra_env = None, {}
            if args.chroma_server:
                if args.data_dir:
                    parser.error("--chroma-server builds the fixture index into the server; leave out --data-dir")
                chroma, data_dir, extra_env = build_into_chroma_server(scratch / "index")
            else:
                data_dir = args.data_dir.resolve() if args.data_dir else build_fixture_index(scratch / "index")
            variants = {"": {}}
            if args.compare_blocking_sleep:
                variants = {
                    " / Chainlit's blocking sleep": {"CINECHAT_CHAINLIT_BLOCKING_SLEEP": "1"},
                    " / no blocking sleep": {},
                }
            try:
                for mode in [m.strip() for m in args.modes.split(",") if m.strip()]:
                    for n in range(args.repeat):
                        for label, env in variants.items():
                            run = f" #{n + 1}" if args.repeat > 1 else ""
                            reports[f"{mode}{label}{run}"] = run_mode(mode, args, data_dir, scratch, extra_env | env)
            finally:
                if chroma is not None:
                    chroma.stop()
    for mode, report in reports.items():
        print_report(mode, report)
    if args.json:
        print(json.dumps(reports))
    failed = any(r["errors"] or r["crosstalk"] for r in reports.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
