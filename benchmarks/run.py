"""Side-by-side benchmark of raw urllib3, this repo's pyscim ("ours") and pyscim 1.0.0 ("v1").

Usage (from the repo root):  python3 benchmarks/run.py [--runs N] [--scenarios S1,S2,S3]
                                                        [--impl raw,ours,v1] [--skip-v1]
See benchmarks/README.md. This is a benchmark, never a test: nothing in test/ or CI runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
V1_VENV = BENCH / ".venv-pyscim1"
BENCH_VENV = BENCH / ".venv-bench"
RUNTIME_MODULES = ("urllib3", "dateutil", "certifi")
RUNTIME_DISTS = ("urllib3", "python-dateutil", "certifi")
TARGETS = {"S1": 1.5, "S2": 2.0, "S3": 1.25}
RSS_BUDGET_MB = 15.0
CHILD_TIMEOUT_S = 900
SCENARIO_TITLES = {
    "S1": "S1 bulk_post, 1000 ops",
    "S2": "S2 get_users ×50, 200 users",
    "S3": "S3 get_user_by_id ×2000",
}


def log(msg: str) -> None:
    """Print a progress line on stderr."""
    print(msg, file=sys.stderr, flush=True)


# ----------------------------------------------------------------- interpreters


def venv_python(venv: Path) -> Path:
    """Return the interpreter path inside ``venv``."""
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def probe(python: Path | str, code: str, env: dict[str, str] | None = None) -> str | None:
    """Run ``code`` with ``python``; return its stripped stdout, or None on failure."""
    try:
        proc = subprocess.run([str(python), "-c", code], capture_output=True, text=True,
                              timeout=120, env=env, cwd=BENCH, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def pip_install(python: Path, args: list[str]) -> bool:
    """``pip install`` into the interpreter ``python``; return True on success."""
    cmd = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *args]
    log(f"  $ {shlex.join(cmd)}")
    return subprocess.run(cmd, stdout=sys.stderr, stderr=sys.stderr, check=False).returncode == 0


def make_venv(venv: Path) -> Path:
    """(Re)create ``venv`` from the running interpreter and return its python."""
    log(f"creating venv {venv.relative_to(ROOT)}")
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    return venv_python(venv)


def clean_env(pythonpath: Path | None = None) -> dict[str, str]:
    """Return the child environment: no inherited PYTHONPATH/venv, fixed hash seed."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")}
    env["PYTHONHASHSEED"] = "0"
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


def runtime_python() -> Path:
    """Return an interpreter with pyscim's runtime deps: this one, else benchmarks/.venv-bench."""
    check = "import " + ", ".join(RUNTIME_MODULES)
    if probe(sys.executable, check, clean_env()) is not None:
        return Path(sys.executable)
    python = venv_python(BENCH_VENV)
    if python.exists() and probe(python, check, clean_env()) is not None:
        return python
    python = make_venv(BENCH_VENV)
    requirements = ROOT / "requirements.txt"
    args = ["-r", str(requirements)] if requirements.exists() else []
    if not pip_install(python, [*args, *RUNTIME_DISTS]):
        raise SystemExit("could not install pyscim's runtime dependencies into .venv-bench")
    return python


def v1_python(pins: dict[str, str]) -> Path:
    """Return a python with pyscim 1.0.0 (benchmarks/.venv-pyscim1), creating it if needed.

    urllib3 / python-dateutil are pinned to the versions "ours" runs with, so the
    comparison measures the SDKs rather than different HTTP stacks.
    """
    want = ["1.0.0", pins.get("urllib3", "?"), pins.get("dateutil", "?")]
    code = ("import pyscim, urllib3, dateutil; "
            "print(pyscim.__version__, urllib3.__version__, dateutil.__version__)")
    python = venv_python(V1_VENV)
    if python.exists() and (probe(python, code, clean_env()) or "").split() == want:
        return python
    python = make_venv(V1_VENV)
    pinned = [f"urllib3=={pins['urllib3']}", f"python-dateutil=={pins['dateutil']}"] if pins else []
    installed = pip_install(python, ["pyscim==1.0.0", *pinned])
    if not installed and pins:  # the pins may not exist on the index: take its defaults
        installed = pip_install(python, ["pyscim==1.0.0"])
    if not installed:
        raise RuntimeError("could not pip install pyscim==1.0.0 (use --skip-v1 offline)")
    return python


# ----------------------------------------------------------------- server


class Server:
    """The canned server subprocess, with its counters read over stdin/stdout."""

    def __init__(self, python: Path) -> None:
        """Start ``python -m canned_server`` and wait for its READY line."""
        self.proc = subprocess.Popen(
            [str(python), "-m", "canned_server"], cwd=BENCH, env=clean_env(), text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )
        assert self.proc.stdout is not None and self.proc.stdin is not None
        line = self.proc.stdout.readline().split()
        if line[:1] != ["READY"]:
            raise SystemExit("canned server failed to start")
        self.url = f"http://127.0.0.1:{line[1]}/jans-scim/restv1/v2"

    def stats(self) -> dict[str, int]:
        """Return the server's request counters."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("stats\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        """Ask the server to quit and reap it."""
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()


def cpu_plan(mode: str) -> tuple[set[int] | None, set[int] | None]:
    """Return the (server, client) CPU sets for --pin ``mode`` (None: leave unpinned).

    "same" (default) puts both on one CPU: the client never idles between a request and
    its reply, which keeps the run-to-run spread at a few percent. "split" gives the
    server its own CPU (idle wake-ups make the client's CPU time noisier).
    """
    if mode == "none" or not hasattr(os, "sched_getaffinity"):
        return None, None
    cpus = sorted(os.sched_getaffinity(0))
    if mode == "same" or len(cpus) < 2:
        return {cpus[-1]}, {cpus[-1]}
    return {cpus[-1]}, set(cpus[:-1])


def pin_self(cpus: set[int] | None) -> None:
    """Pin this process, and so every child it starts from now on, to ``cpus``."""
    if cpus:
        os.sched_setaffinity(0, cpus)


# ----------------------------------------------------------------- runs


@dataclass
class Impl:
    """One implementation: how to start its scenario subprocess."""

    name: str
    mode: str  # "raw" or "sdk" (scenarios.py --impl)
    python: Path | None
    env: dict[str, str]
    setup_error: str | None = None

    def fields(self, scenario: str) -> str:
        """Return which S2 fields this implementation can read."""
        return "basic" if self.name == "v1" and scenario == "S2" else "full"


@dataclass
class Cell:
    """All measurements of one (scenario, implementation) pair."""

    runs: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    versions: dict[str, str] = field(default_factory=dict)
    fields: str = "full"

    def median(self, key: str) -> float:
        """Return the median of ``key`` over the measured runs."""
        return statistics.median(r[key] for r in self.runs)

    @property
    def rss_mb(self) -> float:
        """Return the largest peak RSS of the measured runs, in MB."""
        return max(r["maxrss_kb"] for r in self.runs) / 1024


def run_child(impl: Impl, scenario: str, server: Server) -> dict[str, Any]:
    """Run one measurement subprocess and return its JSON result plus server counters."""
    if impl.setup_error:
        return {"error": impl.setup_error}
    cmd = [str(impl.python), "-m", "scenarios", "--impl", impl.mode, "--scenario", scenario,
           "--url", server.url, "--fields", impl.fields(scenario)]
    before = server.stats()
    try:
        proc = subprocess.run(cmd, cwd=BENCH, env=impl.env, capture_output=True, text=True,
                              timeout=CHILD_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {CHILD_TIMEOUT_S}s"}
    after = server.stats()
    lines = proc.stdout.strip().splitlines()
    try:
        result = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        return {"error": f"exit {proc.returncode}: {tail[0][:300]}"}
    result["server"] = {k: after[k] - before[k] for k in after}
    if "error" not in result:
        result["error"] = check_origin(impl, result.get("versions", {}))
    if result.get("error") is None:
        result.pop("error", None)
    return result


def check_origin(impl: Impl, versions: dict[str, str]) -> str | None:
    """Return an error if the child imported the wrong pyscim."""
    if impl.mode != "sdk":
        return None
    where = Path(versions.get("pyscim_file", "/")).resolve()
    home = V1_VENV if impl.name == "v1" else ROOT / "pyscim"
    if home.resolve() not in where.parents:
        return f"imported the wrong pyscim: {where}"
    return None


def benchmark(impls: list[Impl], scenarios: list[str], runs: int,
              server: Server) -> dict[tuple[str, str], Cell]:
    """Warm up, then run every implementation ``runs`` times per scenario, interleaved."""
    cells = {(s, i.name): Cell(fields=i.fields(s)) for s in scenarios for i in impls}
    for scenario in scenarios:
        for rnd in range(runs + 1):
            label = "warm-up" if rnd == 0 else f"run {rnd}/{runs}"
            for impl in impls:
                cell = cells[scenario, impl.name]
                if cell.error:
                    continue
                result = run_child(impl, scenario, server)
                if "error" in result:
                    cell.error = result["error"]
                    log(f"[{scenario} {label}] {impl.name}: ERROR {cell.error}")
                    continue
                cell.versions = result.get("versions", {})
                log(f"[{scenario} {label}] {impl.name}: cpu {result['cpu_s'] * 1e3:.1f} ms, "
                    f"wall {result['wall_s'] * 1e3:.1f} ms, rss {result['maxrss_kb'] / 1024:.1f} MB")
                if rnd > 0:
                    cell.runs.append(result)
    return cells


# ----------------------------------------------------------------- report


def verdict(ok: bool) -> str:
    """Render a target verdict."""
    return "met" if ok else "**NOT met**"


def report(cells: dict[tuple[str, str], Cell], impls: list[Impl], scenarios: list[str],
           runs: int) -> str:
    """Return the Markdown report: the results table, then notes and sanity checks."""
    out = [
        ("| Scenario | Impl | CPU ms (median) | Wall ms (median) | CPU ratio vs raw "
         "| Peak RSS MB | RSS Δ vs raw MB | CPU target | RSS target |"),
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    notes: list[str] = []
    for scenario in scenarios:
        raw = cells.get((scenario, "raw"))
        base = raw if raw is not None and not raw.error and raw.runs else None
        for impl in impls:
            cell = cells[scenario, impl.name]
            name = impl.name + (" (2 of 4 fields)†" if cell.fields == "basic" else "")
            title = SCENARIO_TITLES[scenario]
            if cell.error or not cell.runs:
                out.append(f"| {title} | {name} | error: {md(cell.error or 'no runs')} "
                           "| – | – | – | – | – | – |")
                continue
            cpu, wall, rss = cell.median("cpu_s") * 1e3, cell.median("wall_s") * 1e3, cell.rss_mb
            ratio = delta = "–"
            cpu_t = rss_t = "–"
            if base is not None and impl.name != "raw":
                r = cpu / (base.median("cpu_s") * 1e3)
                d = rss - base.rss_mb
                ratio, delta = f"{r:.2f}x", f"{d:+.1f}"
                cpu_t = f"≤ {TARGETS[scenario]}x: {verdict(r <= TARGETS[scenario])}"
                rss_t = f"≤ +{RSS_BUDGET_MB:.0f}: {verdict(d <= RSS_BUDGET_MB)}"
            elif impl.name == "raw":
                ratio = "1.00x"
            out.append(f"| {title} | {name} | {cpu:.1f} | {wall:.1f} | {ratio} | {rss:.1f} "
                       f"| {delta} | {cpu_t} | {rss_t} |")
            notes.extend(sanity(scenario, impl.name, cell, base))
    out += [
        "",
        (f"Medians of {runs} measured runs per cell after one discarded warm-up run; every run is "
         "a fresh subprocess, implementations interleaved run by run. CPU = client "
         "`time.process_time()`, wall = `time.perf_counter()`, both around the scenario work "
         "only; peak RSS = largest child `ru_maxrss` over the runs. The targets apply to "
         "**ours**; v1 is marked the same way for reference."),
    ]
    if any(c.fields == "basic" for c in cells.values()):
        out.append("† pyscim 1.0.0 raises `ApiValueError` on `.name` / `.meta` of fetched users "
                   "(allOf composition bug), so its S2 reads only `user_name` and "
                   "`emails[0].value`; its S2 numbers therefore understate its full cost.")
    out += ["", "Sanity checks:", *[f"- {n}" for n in notes], "", "Environment:"]
    for impl in impls:
        versions = next((c.versions for (s, i), c in cells.items() if i == impl.name and c.versions), {})
        line = f"- {impl.name}: {short(str(impl.python)) if impl.python else 'no interpreter'}"
        if versions:
            line += f", Python {versions['python']}, urllib3 {versions['urllib3']}"
            if "pyscim_file" in versions:
                line += f", pyscim {versions['pyscim']} from {short(versions['pyscim_file'])}"
        out.append(line)
    return "\n".join(out)


def sanity(scenario: str, name: str, cell: Cell, raw: Cell | None) -> list[str]:
    """Describe the traffic of one cell and compare its checksum with raw's."""
    srv = cell.runs[-1]["server"]
    spread = (max(r["cpu_s"] for r in cell.runs) - min(r["cpu_s"] for r in cell.runs))
    line = (f"{scenario} {name}: {srv['requests']} requests (1 untimed priming) on "
            f"{srv['connections']} connection(s) per run, {srv['body_bytes'] / 1024:.0f} KiB sent, "
            f"{srv['errors']} HTTP errors, CPU spread {spread / cell.median('cpu_s') * 100:.0f}%")
    sums = {r["checksum"] for r in cell.runs}
    if raw is not None and name != "raw" and cell.fields == "full":
        ok = sums == {r["checksum"] for r in raw.runs}
        line += ", checksum " + ("matches raw" if ok else f"**differs from raw** ({sums})")
    return [line]


def md(text: str) -> str:
    """Escape text for a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def short(path: str | None) -> str:
    """Show ``path`` relative to the repo root when it lies inside it."""
    if not path:
        return "?"
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return path


# ----------------------------------------------------------------- main


def parse_args() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs per cell (default 5)")
    parser.add_argument("--scenarios", default="S1,S2,S3", help="comma list of S1,S2,S3")
    parser.add_argument("--impl", default="raw,ours,v1", help="comma list of raw,ours,v1")
    parser.add_argument("--skip-v1", action="store_true", help="leave out pyscim 1.0.0 (offline)")
    parser.add_argument("--pin", choices=("same", "split", "none"), default="same",
                        help="CPU pinning: client and server on one CPU (default), "
                             "on different CPUs, or not pinned")
    parser.add_argument("--json", type=Path, help="also write every measurement to this file")
    args = parser.parse_args()
    args.scenarios = [s.strip().upper() for s in args.scenarios.split(",") if s.strip()]
    args.impl = [i.strip().lower() for i in args.impl.split(",") if i.strip()]
    if args.skip_v1:
        args.impl = [i for i in args.impl if i != "v1"]
    bad = set(args.scenarios) - set(TARGETS) or set(args.impl) - {"raw", "ours", "v1"}
    if bad or args.runs < 1 or not args.impl or not args.scenarios:
        parser.error(f"bad --scenarios/--impl/--runs ({', '.join(sorted(bad))})")
    return args


def build_impls(names: list[str]) -> list[Impl]:
    """Resolve the interpreters (creating cached venvs if needed) for each implementation."""
    python = runtime_python()
    impls = {
        "raw": Impl("raw", "raw", python, clean_env()),
        "ours": Impl("ours", "sdk", python, clean_env(pythonpath=ROOT)),
    }
    if "v1" in names:
        code = "import urllib3, dateutil; print(urllib3.__version__, dateutil.__version__)"
        found = (probe(python, code, clean_env()) or "").split()
        pins = dict(zip(("urllib3", "dateutil"), found)) if len(found) == 2 else {}
        try:
            impls["v1"] = Impl("v1", "sdk", v1_python(pins), clean_env())
        except (RuntimeError, subprocess.CalledProcessError) as exc:
            impls["v1"] = Impl("v1", "sdk", None, {}, setup_error=str(exc))
    return [impls[n] for n in ("raw", "ours", "v1") if n in names]


def main() -> None:
    """Set up interpreters and the server, run the benchmark and print the table."""
    args = parse_args()
    started = time.perf_counter()
    impls = build_impls(args.impl)
    server_cpus, client_cpus = cpu_plan(args.pin)
    pin_self(server_cpus)
    server = Server(impls[0].python or Path(sys.executable))
    try:
        pin_self(client_cpus)
        cells = benchmark(impls, args.scenarios, args.runs, server)
    finally:
        server.close()
    print(report(cells, impls, args.scenarios, args.runs))
    pinned = f"server on CPU {sorted(server_cpus)}, clients on CPU {sorted(client_cpus)}" \
        if server_cpus and client_cpus else "no CPU pinning"
    print(f"\n`{shlex.join(['python3', 'benchmarks/run.py', *sys.argv[1:]])}` — {pinned}, "
          f"{time.perf_counter() - started:.0f} s total.")
    if args.json:
        dump = [{"scenario": s, "impl": i, "error": c.error, "fields": c.fields, "runs": c.runs}
                for (s, i), c in cells.items()]
        args.json.write_text(json.dumps(dump, indent=1))


if __name__ == "__main__":
    main()
