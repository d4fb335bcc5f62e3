#!/usr/bin/env python3
"""Compare chipgame's exact bimatrix solvers with pygambit and nashpy on random n x n games.

For n = 4..12 (fixed seeds, integer payoffs in [0, 99]) the script writes each game as .nfg to a
temporary directory, then times
  * chipgame  `examples/solve_file enummixed|lcp FILE` (process wall time, and the in-process
    solve time the example reports),
  * pygambit  `enummixed_solve(rational=True)` and `lcp_solve(rational=True)`,
  * nashpy    `Game.vertex_enumeration()` (only up to --nashpy-max, it is slow),
checks that chipgame's extreme equilibria equal pygambit's exactly (as sets of rationals), and
prints a ratio table. Usage: solve_compare.py [--bin PATH] [--reps K] [--sizes 4,6,8] [--seeds 3]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

import numpy as np
import pygambit as gbt

try:
    import nashpy
except ImportError:  # nashpy is optional
    nashpy = None


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


def gambit_key(eq, game):
    out = []
    for p in game.players:
        out.append(tuple(Fraction(str(eq[s])) for s in p.strategies))
    return tuple(out)


def chip_run(binary, method, path):
    t = time.perf_counter()
    out = subprocess.run([binary, method, path], capture_output=True, text=True, check=True).stdout
    wall = time.perf_counter() - t
    d = json.loads(out)
    keys = {tuple(tuple(Fraction(x) for x in s) for s in e["exact"]) for e in d["equilibria"]}
    return wall, d["seconds"], keys


def best_of(fn, reps):
    """Best time of `reps` runs; runs longer than 2 s are not repeated."""
    best = None
    res = None
    for _ in range(reps):
        t = time.perf_counter()
        res = fn()
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
        if dt > 2.0:
            break
    return best, res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "examples", "solve_file"))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--sizes", default="4,5,6,7,8,9,10,11,12")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--nashpy-max", type=int, default=9)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    tmp = tempfile.mkdtemp(prefix="solve_compare_")
    rows = []
    ok_all = True
    for n in sizes:
        tot = {"chip_em": 0.0, "chip_em_in": 0.0, "gbt_em": 0.0, "chip_lcp": 0.0, "gbt_lcp": 0.0, "nashpy": 0.0}
        n_eq = 0
        for seed in range(args.seeds):
            rng = np.random.default_rng(1000 * n + seed)
            a = rng.integers(0, 100, size=(n, n))
            b = rng.integers(0, 100, size=(n, n))
            path = os.path.join(tmp, f"rand_{n}x{n}_{seed}.nfg")
            write_nfg(path, a, b)
            game = gbt.read_nfg(path)
            t_g, r = best_of(lambda: gbt.nash.enummixed_solve(game, rational=True), args.reps)
            gkeys = {gambit_key(e, game) for e in r.equilibria}
            best_wall, best_in, ckeys = None, None, None
            for _ in range(args.reps):
                w, s, ckeys = chip_run(args.bin, "enummixed", path)
                best_wall = w if best_wall is None else min(best_wall, w)
                best_in = s if best_in is None else min(best_in, s)
            if ckeys != gkeys:
                ok_all = False
                print(f"MISMATCH enummixed n={n} seed={seed}: chipgame {len(ckeys)} vs gambit {len(gkeys)}", file=sys.stderr)
            n_eq += len(gkeys)
            t_gl, rl = best_of(lambda: gbt.nash.lcp_solve(game, rational=True), args.reps)
            lw = None
            for _ in range(args.reps):
                w, s, lkeys = chip_run(args.bin, "lcp", path)
                lw = w if lw is None else min(lw, w)
            if not lkeys <= gkeys:
                ok_all = False
                print(f"MISMATCH lcp n={n} seed={seed}: an LH equilibrium is not extreme", file=sys.stderr)
            tot["chip_em"] += best_wall
            tot["chip_em_in"] += best_in
            tot["gbt_em"] += t_g
            tot["chip_lcp"] += lw
            tot["gbt_lcp"] += t_gl
            if nashpy is not None and n <= args.nashpy_max:
                g2 = nashpy.Game(a, b)
                t_n, _ = best_of(lambda: list(g2.vertex_enumeration()), 1)
                tot["nashpy"] += t_n
            else:
                tot["nashpy"] = float("nan")
        k = args.seeds
        rows.append((n, n_eq / k, *(tot[x] / k for x in ["chip_em", "chip_em_in", "gbt_em", "nashpy", "chip_lcp", "gbt_lcp"])))
    print(f"\nrandom n x n games, payoffs uniform in 0..99, {args.seeds} seeds per size, best of {args.reps} runs; times in ms (mean over seeds)")
    print("chip = chipgame solve_file process wall time (incl. process start + JSON); chip-in = in-process solve time")
    hdr = f"{'n':>3} {'#eq':>6} {'chip em':>9} {'chip-in':>9} {'gambit em':>10} {'nashpy ve':>10} {'gbt/chip':>9} {'gbt/in':>8} {'npy/chip':>9} {'chip lcp':>9} {'gbt lcp':>9} {'gbt/chip':>9}"
    print(hdr)
    for (n, neq, ce, ci, ge, ny, cl, gl) in rows:
        print(f"{n:>3} {neq:>6.1f} {ce*1e3:>9.2f} {ci*1e3:>9.2f} {ge*1e3:>10.2f} {ny*1e3:>10.2f} {ge/ce:>9.1f} {ge/ci:>8.1f} {ny/ce:>9.1f} {cl*1e3:>9.2f} {gl*1e3:>9.2f} {gl/cl:>9.1f}")
    print("\nequilibrium sets agree with pygambit: " + ("yes (all games)" if ok_all else "NO"))
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
