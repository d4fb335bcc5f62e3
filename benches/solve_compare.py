#!/usr/bin/env python3
"""Compare chipgame's exact bimatrix solvers and .nfg reader with pygambit, nashpy and QuantEcon.

Every game is a random n x n bimatrix game with integer payoffs uniform in 0..99 (numpy seed
1000 n + s), written as .nfg to a temporary directory. Each tool runs in its own process, so the
script reports for every tool
  * whole process: wall and CPU seconds of the process (start-up, imports, reading, solving),
  * in process: wall and CPU seconds of the solving call alone (the game already loaded),
and checks the answers in the same run. CPU seconds are the fairer figure on a loaded machine.

Sections:
  enummixed  chipgame `enummixed` vs pygambit `enummixed_solve(rational=True)` (its default) and
             nashpy `vertex_enumeration` (up to --nashpy-max); the sets of extreme equilibria
             must equal pygambit's exactly.
  lcp        one Lemke-Howson path from label 0: chipgame `lcp --label 0` vs pygambit
             `lcp_solve(rational=True, stop_after=1)` (rational is pygambit's default; its
             default stop_after follows all paths), pygambit `lcp_solve(rational=False,
             stop_after=1)` (float), nashpy `lemke_howson(initial_dropped_label=0)` and QuantEcon
             `lemke_howson(init_pivot=0)` when installed. chipgame's equilibrium must equal
             pygambit's rational one; the exact regret (Fractions) of every tool's profile is shown.
  parse      reading an 8-player, 4-action game (65,536 profiles): chipgame vs pygambit `read_nfg`.

Usage: solve_compare.py [--bin PATH] [--check-only] [--sizes 4,6,8] [--lcp-sizes 20,50,100]
                        [--seeds 3] [--lcp-seeds 2] [--reps 3] [--nashpy-max 9] [--timeout 300]
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


# ----------------------------------------------------------------------------------------------
# Worker: one tool, one game, one process. Prints a JSON line.
# ----------------------------------------------------------------------------------------------

def read_matrices(path):
    with open(path) as f:
        lines = f.read().split("\n")
    m = lines[1].count('"r')
    n = lines[2].count('"c')
    vals = [int(v) for v in lines[6].split()]
    a = np.zeros((m, n), dtype=np.int64)
    b = np.zeros((m, n), dtype=np.int64)
    k = 0
    for j in range(n):
        for i in range(m):
            a[i, j], b[i, j] = vals[k], vals[k + 1]
            k += 2
    return a, b


def worker(tool, path):
    t_start = time.perf_counter()
    out = {}
    if tool.startswith("gambit"):
        import pygambit as gbt
        game = gbt.read_nfg(path)
        t, c = time.perf_counter(), time.process_time()
        if tool == "gambit-em":
            res = gbt.nash.enummixed_solve(game, rational=True)
        elif tool == "gambit-lcp":
            res = gbt.nash.lcp_solve(game, rational=True, stop_after=1)
        elif tool == "gambit-lcp-float":
            res = gbt.nash.lcp_solve(game, rational=False, stop_after=1)
        elif tool == "gambit-read":
            res = None
        out["in_wall"], out["in_cpu"] = time.perf_counter() - t, time.process_time() - c
        if tool == "gambit-read":
            t, c = time.perf_counter(), time.process_time()
            gbt.read_nfg(path)
            out["in_wall"], out["in_cpu"] = time.perf_counter() - t, time.process_time() - c
        else:
            out["profiles"] = [[[str(eq[s]) for s in p.strategies] for p in game.players] for eq in res.equilibria]
    elif tool == "nashpy-ve" or tool == "nashpy-lh":
        import nashpy
        a, b = read_matrices(path)
        g = nashpy.Game(a, b)
        t, c = time.perf_counter(), time.process_time()
        if tool == "nashpy-ve":
            eqs = list(g.vertex_enumeration())
        else:
            eqs = [g.lemke_howson(initial_dropped_label=0)]
        out["in_wall"], out["in_cpu"] = time.perf_counter() - t, time.process_time() - c
        out["profiles"] = [[[repr(float(v)) for v in s] for s in e] for e in eqs]
    elif tool == "quantecon":
        import quantecon.game_theory as gt
        a, b = read_matrices(path)
        warm = gt.NormalFormGame((gt.Player(np.array([[1.0, 0.0], [0.0, 1.0]])), gt.Player(np.array([[1.0, 0.0], [0.0, 1.0]]))))
        gt.lemke_howson(warm, init_pivot=0)  # numba compiles here, outside the timed call
        g = gt.NormalFormGame((gt.Player(a.astype(float)), gt.Player(b.T.astype(float))))
        t, c = time.perf_counter(), time.process_time()
        x, y = gt.lemke_howson(g, init_pivot=0)
        out["in_wall"], out["in_cpu"] = time.perf_counter() - t, time.process_time() - c
        out["profiles"] = [[[repr(float(v)) for v in x], [repr(float(v)) for v in y]]]
    out["worker_wall"] = time.perf_counter() - t_start
    print(json.dumps(out))


# ----------------------------------------------------------------------------------------------
# Parent
# ----------------------------------------------------------------------------------------------

def write_nfg(path, a, b):
    m, n = a.shape
    lines = ['NFG 1 R "random" { "1" "2" }', "{ { " + " ".join(f'"r{i}"' for i in range(m)) + " }",
             "{ " + " ".join(f'"c{j}"' for j in range(n)) + " }", "}", '""', ""]
    vals = []
    for j in range(n):
        for i in range(m):
            vals += [str(int(a[i, j])), str(int(b[i, j]))]
    lines.append(" ".join(vals))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def run_process(cmd, timeout):
    """Runs cmd; returns (stdout, wall seconds, CPU seconds of the child) or None on time-out."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {p.stderr.strip()[-2000:]}")
    return p.stdout, wall, cpu


class Timing:
    """Best (smallest) whole-process and in-process wall and CPU seconds over repetitions."""

    def __init__(self):
        self.wall = self.cpu = self.in_wall = self.in_cpu = None
        self.timeout = False

    def add(self, wall, cpu, in_wall, in_cpu):
        pick = lambda old, new: new if old is None else min(old, new)
        self.wall, self.cpu = pick(self.wall, wall), pick(self.cpu, cpu)
        self.in_wall, self.in_cpu = pick(self.in_wall, in_wall), pick(self.in_cpu, in_cpu)


def run_tool(tool, path, args, timing, chip_args=None):
    """One run of `tool` on `path`; returns the profiles (lists of strings) or None on time-out."""
    if tool == "chip":
        cmd = [args.bin, chip_args[0], path] + chip_args[1:]
    else:
        cmd = [sys.executable, os.path.abspath(__file__), "--worker", tool, path]
    r = run_process(cmd, args.timeout)
    if r is None:
        timing.timeout = True
        return None
    out, wall, cpu = r
    d = json.loads(out)
    if tool == "chip":
        timing.add(wall, cpu, d["seconds"] + d.get("parse_seconds", 0.0), d["seconds"] + d.get("parse_seconds", 0.0))
        return [e["exact"] for e in d["equilibria"]]
    timing.add(wall, cpu, d["in_wall"], d["in_cpu"])
    return d.get("profiles")


def as_fractions(profile):
    """Exact strategies; float outputs are taken at their exact binary value and normalised."""
    out = []
    for s in profile:
        v = [Fraction(x) for x in s]
        t = sum(v)
        out.append(tuple(x / t for x in v) if t != 0 else tuple(v))
    return tuple(out)


def exact_regret(a, b, prof):
    x, y = prof
    m, n = a.shape
    sy = [j for j in range(n) if y[j] != 0]
    sx = [i for i in range(m) if x[i] != 0]
    u = [sum(int(a[i, j]) * y[j] for j in sy) for i in range(m)]
    v = [sum(int(b[i, j]) * x[i] for i in sx) for j in range(n)]
    p1 = sum(x[i] * u[i] for i in sx)
    p2 = sum(y[j] * v[j] for j in sy)
    return max(max(u) - p1, max(v) - p2)


def fmt_t(t, which):
    if t.timeout:
        return "timeout"
    v = getattr(t, which)
    return "-" if v is None else (f"{v*1e3:.1f}" if v < 10 else f"{v*1e3:.0f}")


def ratio(ref, chip, which):
    if ref.timeout:
        return ">" + (f"{args_timeout / getattr(chip, which):.0f}" if getattr(chip, which) else "?")
    r, c = getattr(ref, which), getattr(chip, which)
    if r is None or c is None or c == 0:
        return "-"
    return f"{r / c:.1f}"


args_timeout = 300.0


def section_enummixed(args, tmp, nashpy_ok):
    if not args.sizes:
        return True
    ok = True
    print(f"\n== enummixed: all extreme equilibria (random n x n, {args.seeds} seeds, best of {args.reps}) ==")
    print("times in ms, mean over seeds; W = whole process wall, C = whole process CPU, in = in-process solving (CPU for Python tools)")
    print(f"{'n':>3} {'#eq':>5} | {'chip W':>8} {'chip C':>8} {'chip in':>8} | {'gbt W':>9} {'gbt C':>9} {'gbt in':>9} | {'npy in':>9} | {'gbt/chip C':>10} {'gbt/chip in':>11} {'npy/chip in':>11}")
    for n in args.sizes:
        rows = []
        for seed in range(args.seeds):
            rng = np.random.default_rng(1000 * n + seed)
            a = rng.integers(0, 100, size=(n, n))
            b = rng.integers(0, 100, size=(n, n))
            path = os.path.join(tmp, f"em_{n}_{seed}.nfg")
            write_nfg(path, a, b)
            tc, tg, tn = Timing(), Timing(), Timing()
            for _ in range(args.reps):
                chip = run_tool("chip", path, args, tc, ["enummixed"])
                gbt = run_tool("gambit-em", path, args, tg)
            ck = {as_fractions(p) for p in chip}
            gk = {as_fractions(p) for p in gbt} if gbt is not None else None
            if gk is not None and ck != gk:
                ok = False
                print(f"MISMATCH enummixed n={n} seed={seed}: chipgame {len(ck)} vs pygambit {len(gk)}", file=sys.stderr)
            if any(exact_regret(a, b, p) != 0 for p in ck):
                ok = False
                print(f"NONZERO REGRET enummixed n={n} seed={seed}", file=sys.stderr)
            if nashpy_ok and n <= args.nashpy_max:
                run_tool("nashpy-ve", path, args, tn)
            rows.append((len(ck), tc, tg, tn))
        k = len(rows)
        mean = lambda f: sum(f(r) for r in rows) / k
        def m(which, idx):
            vals = [getattr(r[idx], which) for r in rows]
            return None if any(v is None for v in vals) or any(r[idx].timeout for r in rows) else sum(vals) / k
        agg = []
        for idx in (1, 2, 3):
            t = Timing()
            t.wall, t.cpu, t.in_wall, t.in_cpu = m("wall", idx), m("cpu", idx), m("in_wall", idx), m("in_cpu", idx)
            t.timeout = any(r[idx].timeout for r in rows)
            agg.append(t)
        tc, tg, tn = agg
        print(f"{n:>3} {mean(lambda r: r[0]):>5.1f} | {fmt_t(tc,'wall'):>8} {fmt_t(tc,'cpu'):>8} {fmt_t(tc,'in_cpu'):>8} | "
              f"{fmt_t(tg,'wall'):>9} {fmt_t(tg,'cpu'):>9} {fmt_t(tg,'in_cpu'):>9} | {fmt_t(tn,'in_cpu'):>9} | "
              f"{ratio(tg, tc, 'cpu'):>10} {ratio(tg, tc, 'in_cpu'):>11} {ratio(tn, tc, 'in_cpu'):>11}")
    return ok


def section_lcp(args, tmp, tools):
    ok = True
    print(f"\n== lcp: one Lemke-Howson path from label 0 (random n x n, {args.lcp_seeds} seeds, best of {args.lcp_reps}) ==")
    print("per game: times in ms (W = whole process wall, C = whole process CPU, in = in-process solving CPU);")
    print("regret = exact regret of the returned profile (payoffs 0..99); `=` means chipgame's equilibrium equals pygambit rational's,")
    print("`deg` that the game is degenerate and the two tie-breaking rules reached different extreme equilibria (both in pygambit's enummixed set)")
    names = {"gambit-lcp": "gbt rat", "gambit-lcp-float": "gbt flt", "nashpy-lh": "nashpy", "quantecon": "qe"}
    hdr = f"{'n':>4} {'s':>2} {'supp':>5} | {'chip W':>7} {'chip C':>7} {'chip in':>7} |"
    for t in tools:
        hdr += f" {names[t] + ' C':>9} {names[t] + ' in':>9} {'regret':>8} |"
    hdr += f" {'rat/chip C':>10} {'rat/chip in':>11}"
    print(hdr)
    summary = []
    for n in args.lcp_sizes:
        for seed in range(args.lcp_seeds):
            rng = np.random.default_rng(1000 * n + seed)
            a = rng.integers(0, 100, size=(n, n))
            b = rng.integers(0, 100, size=(n, n))
            path = os.path.join(tmp, f"lcp_{n}_{seed}.nfg")
            write_nfg(path, a, b)
            tc = Timing()
            for _ in range(args.lcp_reps):
                chip = run_tool("chip", path, args, tc, ["lcp", "--label", "0"])
            if chip is None:
                print(f"{n:>4} {seed:>2}   chipgame did not finish within {args.timeout:.0f} s (wall); other tools skipped", flush=True)
                continue
            cp = as_fractions(chip[0])
            creg = exact_regret(a, b, cp)
            if creg != 0:
                ok = False
                print(f"NONZERO REGRET lcp n={n} seed={seed}: {float(creg)}", file=sys.stderr)
            supp = f"{sum(1 for v in cp[0] if v)}/{sum(1 for v in cp[1] if v)}"
            line = f"{n:>4} {seed:>2} {supp:>5} | {fmt_t(tc,'wall'):>7} {fmt_t(tc,'cpu'):>7} {fmt_t(tc,'in_cpu'):>7} |"
            timings = {}
            for t in tools:
                tt = Timing()
                if t == "nashpy-lh" and n > args.nashpy_lh_max:
                    timings[t] = tt
                    line += f" {'-':>9} {'-':>9} {'-':>8} |"
                    continue
                reps = args.lcp_reps if t != "gambit-lcp" or n <= 50 else 1
                prof = None
                for _ in range(reps):
                    prof = run_tool(t, path, args, tt)
                    if prof is None:
                        break
                timings[t] = tt
                if prof is None or not prof:
                    reg = "-"
                else:
                    fp = as_fractions(prof[0])
                    rv = exact_regret(a, b, fp)
                    reg = "0" if rv == 0 else f"{float(rv):.1e}"
                    if t == "gambit-lcp":
                        if fp == cp:
                            reg = "0 ="
                        elif n <= 12 and cp in {as_fractions(p) for p in run_tool("gambit-em", path, args, Timing())}:
                            # In a degenerate game the two lexicographic rules may break a tie
                            # differently; both ends are exact extreme equilibria.
                            reg = "0 deg"
                        else:
                            ok = False
                            print(f"MISMATCH lcp n={n} seed={seed}: chipgame's label-0 equilibrium differs from pygambit's", file=sys.stderr)
                line += f" {fmt_t(tt,'cpu'):>9} {fmt_t(tt,'in_cpu'):>9} {reg:>8} |"
            if "gambit-lcp" in timings:
                g = timings["gambit-lcp"]
                line += f" {ratio(g, tc, 'cpu'):>10} {ratio(g, tc, 'in_cpu'):>11}"
            print(line, flush=True)
            summary.append((n, tc))
    return ok


def section_parse(args, tmp):
    print("\n== parse: 8 players x 4 actions (65,536 profiles, 524,288 payoffs), best of 3 ==")
    rng = np.random.default_rng(48)
    for kind in ("integers", "decimals"):
        path = os.path.join(tmp, f"big_{kind}.nfg")
        vals = rng.integers(-1000, 1000, size=65536 * 8)
        with open(path, "w") as f:
            f.write('NFG 1 R "4^8" { "1" "2" "3" "4" "5" "6" "7" "8" } { 4 4 4 4 4 4 4 4 }\n\n')
            if kind == "integers":
                f.write(" ".join(str(int(v)) for v in vals) + "\n")
            else:
                f.write(" ".join(f"{v / 100:.2f}" for v in vals) + "\n")
        tc, tg = Timing(), Timing()
        for _ in range(3):
            r = run_process([args.bin, "pure", path], args.timeout)
            d = json.loads(r[0])
            tc.add(r[1], r[2], d["parse_seconds"], d["parse_seconds"])
            run_tool("gambit-read", path, args, tg)
        print(f"{kind:>9}: chipgame parse {tc.in_cpu*1e3:.1f} ms in process (whole `pure` solve process {tc.wall*1e3:.0f} ms wall); "
              f"pygambit read_nfg {tg.in_cpu*1e3:.0f} ms in process -> {tg.in_cpu / tc.in_cpu:.0f}x")


def main():
    global args_timeout
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "examples", "solve_file"))
    ap.add_argument("--check-only", action="store_true", help="small sizes, one repetition: the CI agreement check")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--sizes", default=None)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--lcp-sizes", default=None)
    ap.add_argument("--lcp-seeds", type=int, default=2)
    ap.add_argument("--lcp-reps", type=int, default=None)
    ap.add_argument("--nashpy-max", type=int, default=9)
    ap.add_argument("--nashpy-lh-max", type=int, default=30, help="largest n for nashpy's lemke_howson (slow beyond)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds before a tool's run is abandoned")
    ap.add_argument("--no-parse", action="store_true")
    args = ap.parse_args()
    args_timeout = args.timeout
    if args.check_only:
        args.sizes = args.sizes or "4,5,6,7"
        args.lcp_sizes = args.lcp_sizes or "5,10,20"
        args.seeds, args.reps, args.nashpy_max, args.no_parse = 2, 1, 6, True
    small_run = args.sizes is not None and args.lcp_sizes is None
    args.sizes = [int(s) for s in (args.sizes if args.sizes is not None else "4,5,6,7,8,9,10,11,12").split(",") if s]
    args.lcp_sizes = [int(s) for s in (args.lcp_sizes if args.lcp_sizes is not None else ("5,10,20" if small_run else "20,30,40,50,60,80,100,150,200")).split(",") if s]
    if args.lcp_reps is None:
        args.lcp_reps = 1 if (args.check_only or small_run) else 2
    if small_run:
        args.no_parse = True
    try:
        import nashpy  # noqa: F401
        nashpy_ok = True
    except ImportError:
        nashpy_ok = False
    try:
        import quantecon  # noqa: F401
        qe_ok = True
    except ImportError:
        qe_ok = False
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at start; "
          f"QuantEcon {'installed' if qe_ok else 'not installed (optional: benches/solve_compare.sh --quantecon)'}")
    tmp = tempfile.mkdtemp(prefix="solve_compare_")
    ok = section_enummixed(args, tmp, nashpy_ok)
    tools = ["gambit-lcp", "gambit-lcp-float"] + (["nashpy-lh"] if nashpy_ok else []) + (["quantecon"] if qe_ok else [])
    if args.check_only or small_run:
        tools = ["gambit-lcp"]
    ok = section_lcp(args, tmp, tools) and ok
    if not args.no_parse:
        section_parse(args, tmp)
    load = os.getloadavg()
    print(f"\nload average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print("equilibria agree with pygambit and have zero exact regret: " + ("yes (all games)" if ok else "NO"))
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3])
        sys.exit(0)
    sys.exit(main())
