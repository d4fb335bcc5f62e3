#!/usr/bin/env python3
"""Compare every normal-form method of chipgame with pygambit on games nobody here wrote.

Games:
  * the `.nfg` games of the installed pygambit package's catalog, and the reduced strategic
    forms of its `.efg` games (converted by pygambit, skipped above --max-profiles), loaded from
    the package at run time and written to a temporary directory;
  * with --gambit-dir DIR, every .nfg/.efg under DIR too (e.g. a Gambit checkout's
    contrib/games and tests/test_games);
  * small matrices from the unit tests of Nashpy and QuantEcon (cited where they are defined);
  * generated games: random (nondegenerate) and small-integer (degenerate) bimatrix games,
    QuantEcon-style tournament games, random three-player games, and Battle of the Sexes and a
    three-player unanimity game with payoffs perturbed by up to 1e-3.

Each game is solved by `chipgame solve FILE --method M --json` for every method that applies, and
by pygambit in the same run. Per method the script counts agreements and differences and flags
as ERRORS only what is chipgame's fault:
  * a listed profile whose regret (recomputed here exactly, or in floating point relative to the
    payoff range) exceeds the method's tolerance;
  * an exact complete method (pure, enummixed; enumpoly with two players) missing an
    equilibrium of pygambit's, or listing one pygambit does not have;
  * support or enumpoly missing an extreme equilibrium without a note that the list may be
    incomplete;
  * dominance eliminating a strictly dominated strategy that some equilibrium plays.
Differences that are not errors (logit ending elsewhere than pygambit, lcp finding a different
subset) are listed with their reason. Exit status 1 on any error.

Usage: peer_suites.py --bin target/release/chipgame [--ci] [--gambit-dir DIR] [--timeout S]
"""
import argparse
import glob
import importlib.resources
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

import numpy as np
import pygambit as gbt

METHODS = ["pure", "enummixed", "lcp", "support", "enumpoly", "logit", "dominance"]
TWO_PLAYER_ONLY = {"enummixed", "lcp", "support"}
# Relative regret tolerances of the floating-point methods (times the payoff range).
TOL = {"logit": 1e-8, "enumpoly": 1e-9}


# --------------------------------------------------------------------------------------------
# Games written into this script: facts (small payoff matrices) from other projects' tests.
# --------------------------------------------------------------------------------------------

def nashpy_games():
    """Bimatrix games from Nashpy's tests (github.com/drvinceknight/Nashpy, tests/unit/)."""
    src = "Nashpy tests/unit/"
    return [
        (src + "test_game.py: 4x3", [[160, 205, 44], [175, 180, 45], [201, 204, 50], [120, 207, 49]],
         [[2, 2, 2], [1, 0, 0], [3, 4, 1], [4, 1, 2]]),
        (src + "test_game.py: 2x2 a", [[1, 0], [-2, 3]], [[3, 2], [-1, 0]]),
        (src + "test_game.py: 2x2 b", [[2, 1], [0, 2]], [[2, 0], [1, 2]]),
        (src + "test_game.py: 2x2 c", [[-1, 0], [-1, 1]], [[1, 0], [1, -1]]),
        (src + "test_game.py: degenerate 3x2", [[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]),
        (src + "test_game.py: zero", [[0, 0], [0, 0]], [[0, 0], [0, 0]]),
        (src + "test_game.py: 3x3 -10000", [[-1, -1, -1], [0, 0, 0], [-1, -1, -10000]],
         [[-1, -1, -1], [0, 0, 0], [-1, -1, -10000]]),
        (src + "test_game.py: 2x2 d", [[3, 1], [0, 2]], [[2, 1], [0, 3]]),
        (src + "test_game.py: 2x2 e", [[3, 1], [1, 3]], [[1, 3], [3, 1]]),
        (src + "test_game.py: 2x2 f", [[5, 1], [4, 2]], [[3, 5], [2, 1]]),
        (src + "test_game.py: prisoners", [[3, 0], [5, 1]], [[3, 5], [0, 1]]),
        (src + "test_support_enumeration.py: 2x3", [[1, 0, 2], [-2, 3, 9]], [[3, 2, 1], [-1, 0, 2]]),
        (src + "test_support_enumeration.py: 3x2", [[1, 0], [-2, 3], [2, 1]], [[3, 2], [-1, 0], [5, 2]]),
        (src + "test_vertex_enumeration.py: 3x2", [[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]),
        (src + "test_vertex_enumeration.py: pennies", [[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),
        (src + "test_lemke_howson.py: 3x3", [[1, 3, 3], [3, 1, 3], [1, 3, 3]], [[3, 3, 1], [1, 1, 3], [3, 1, 3]]),
    ]


def quantecon_games():
    """Bimatrix games from QuantEcon.py's tests (quantecon/game_theory/tests/)."""
    src = "QuantEcon game_theory/tests/"
    a_cyc = [[0, 0, 0], [0, 1, 1], [1, 1, 0]]
    b_cyc = [[1, 0, 1], [1, 1, 0], [0, 0, 2]]
    return [
        (src + "test_vertex_enumeration.py: von Stengel 2007", [[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]),
        (src + "test_vertex_enumeration.py: degenerate", [[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]),
        (src + "test_vertex_enumeration.py: reordered", [[0, 6], [2, 5], [3, 3]], [[3, 1], [2, 6], [3, 3]]),
        (src + "test_support_enumeration.py: degenerate", [[1, -1], [-1, 1], [0, 0]], [[1, 0], [0, 0], [0, 0]]),
        (src + "test_lemke_howson.py: cycling (row index)", a_cyc, b_cyc),
        (src + "test_lemke_howson.py: cycling (variable index)", [[r[2], r[0], r[1]] for r in a_cyc],
         [[r[2], r[0], r[1]] for r in b_cyc]),
        (src + "test_pure_nash.py: matching pennies", [[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),
        (src + "test_pure_nash.py: prisoners", [[1, -2], [3, 0]], [[1, 3], [-2, 0]]),
        (src + "test_pure_nash.py: battle of the sexes", [[3, 1], [0, 2]], [[2, 0], [1, 3]]),
    ]


def quantecon_nplayer():
    """n-player games from QuantEcon.py's tests: test_mclennan_tourky.py's anti-coordination
    game (first action pays 1, second pays v when everyone else plays the first, else 0) and
    test_pure_nash.py's unanimity game (a = 1 when all play the first action, b = 2 all the
    second)."""
    out = []
    for n, v in [(3, 2.0), (4, 2.0)]:
        shape = (2,) * n
        pay = np.zeros(shape + (n,))
        for prof in itertools.product(range(2), repeat=n):
            for i in range(n):
                others_first = all(prof[j] == 0 for j in range(n) if j != i)
                pay[prof + (i,)] = 1.0 if prof[i] == 0 else (v if others_first else 0.0)
        out.append((f"QuantEcon test_mclennan_tourky.py: anti-coordination N={n}", pay))
    n = 4
    pay = np.zeros((2,) * n + (n,))
    pay[(0,) * n] = 1
    pay[(1,) * n] = 2
    out.append(("QuantEcon test_pure_nash.py: unanimity N=4", pay))
    return out


# --------------------------------------------------------------------------------------------
# Generated games.
# --------------------------------------------------------------------------------------------

def tournament_game(n, k, rng):
    """The win-lose game of Anbalagan, Norin, Savani and Vetta (2013), as QuantEcon generates it:
    the row player picks a node of a random tournament on n nodes, the column player a k-subset;
    the row player wins if its node beats every node of the subset, the column player wins if
    the subset contains the row player's node."""
    beats = np.zeros((n, n), dtype=bool)
    for i in range(n):
        for j in range(i + 1, n):
            if rng.random() < 0.5:
                beats[i, j] = True
            else:
                beats[j, i] = True
    subsets = list(itertools.combinations(range(n), k))
    a = [[1 if all(beats[i, j] for j in s) else 0 for s in subsets] for i in range(n)]
    b = [[1 if i in s else 0 for s in subsets] for i in range(n)]
    return a, b


def generated(ci):
    out = []
    rng = np.random.default_rng(2024)
    sizes = [3, 4, 5] if ci else [3, 4, 5, 6, 8, 9]
    for m in sizes:
        for seed in range(2 if ci else 4):
            a = rng.integers(-10**6, 10**6, size=(m, m)).tolist()
            b = rng.integers(-10**6, 10**6, size=(m, m)).tolist()
            out.append((f"random {m}x{m} #{seed}", a, b))
            a = rng.integers(0, 3, size=(m, m)).tolist()
            b = rng.integers(0, 3, size=(m, m)).tolist()
            out.append((f"degenerate {m}x{m} #{seed}", a, b))
    for n, k, seed in ([(4, 2, 0)] if ci else [(4, 2, 0), (5, 2, 1), (6, 2, 2), (7, 2, 3)]):
        a, b = tournament_game(n, k, np.random.default_rng(seed))
        out.append((f"tournament n={n} k={k} seed={seed}", a, b))
    for seed in range(6):
        r = np.random.default_rng(100 + seed)
        base_a = np.array([[3.0, 0.0], [0.0, 2.0]])
        base_b = np.array([[2.0, 0.0], [0.0, 3.0]])
        pa = np.round(base_a + r.uniform(-1e-3, 1e-3, (2, 2)), 6)
        pb = np.round(base_b + r.uniform(-1e-3, 1e-3, (2, 2)), 6)
        out.append((f"perturbed BoS #{seed}", pa.tolist(), pb.tolist()))
    return out


def generated_nplayer(ci):
    out = []
    for seed in range(3):
        r = np.random.default_rng(200 + seed)
        pay = np.zeros((2, 2, 2, 3))
        for prof in itertools.product(range(2), repeat=3):
            pay[prof] = 1.0 if len(set(prof)) == 1 else 0.0
        pay = np.round(pay + r.uniform(-1e-3, 1e-3, pay.shape), 6)
        out.append((f"perturbed unanimity 2x2x2 #{seed}", pay))
    shapes = [(2, 2, 2), (3, 3, 2)] if ci else [(2, 2, 2), (3, 3, 2), (3, 3, 3), (2, 2, 2, 2)]
    for idx, shape in enumerate(shapes):
        r = np.random.default_rng(300 + idx)
        pay = r.integers(0, 10, size=shape + (len(shape),)).astype(float)
        out.append((f"random {'x'.join(map(str, shape))}", pay))
    return out


# --------------------------------------------------------------------------------------------
# Writing and reading games.
# --------------------------------------------------------------------------------------------

def fmt(x):
    f = Fraction(x).limit_denominator(10**9) if isinstance(x, float) else Fraction(x)
    if isinstance(x, float) and float(f) != x:
        f = Fraction(repr(x))
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def write_tensor_nfg(path, title, pay):
    """pay[a_1, ..., a_n, i]: an n-player game as .nfg (first player's action fastest)."""
    shape = pay.shape[:-1]
    n = len(shape)
    players = " ".join(f'"P{i + 1}"' for i in range(n))
    vals = []
    for prof in itertools.product(*[range(k) for k in reversed(shape)]):
        prof = tuple(reversed(prof))
        vals += [fmt(pay[prof + (i,)].item()) for i in range(n)]
    with open(path, "w") as f:
        f.write(f'NFG 1 R "{title}" {{ {players} }} {{ {" ".join(map(str, shape))} }}\n{" ".join(vals)}\n')


def write_bimatrix(path, title, a, b):
    a, b = np.array(a, dtype=object), np.array(b, dtype=object)
    pay = np.empty(a.shape + (2,), dtype=object)
    pay[..., 0], pay[..., 1] = a, b
    m, n = a.shape
    vals = []
    for j in range(n):
        for i in range(m):
            vals += [fmt(a[i, j]), fmt(b[i, j])]
    with open(path, "w") as f:
        f.write(f'NFG 1 R "{title}" {{ "1" "2" }} {{ {m} {n} }}\n{" ".join(vals)}\n')


def catalog_files():
    root = importlib.resources.files("pygambit") / "catalog_data"
    found = []
    for dirpath, _, files in os.walk(str(root)):
        for f in sorted(files):
            if f.endswith((".nfg", ".efg")):
                found.append(os.path.join(dirpath, f))
    return sorted(found)


def to_strategic(path, out_dir, max_profiles):
    """Reads a .nfg or .efg with pygambit and writes the (reduced) strategic form."""
    g = gbt.read_efg(path) if path.endswith(".efg") else gbt.read_nfg(path)
    profiles = 1
    for p in g.players:
        profiles *= len(p.strategies)
    if profiles > max_profiles or len(g.players) < 1:
        return None, f"{profiles} profiles"
    name = os.path.splitext(os.path.basename(path))[0]
    stem = os.path.basename(os.path.dirname(path)) + "__" + name
    out = os.path.join(out_dir, stem + ".nfg")
    with open(out, "w") as f:
        f.write(g.to_nfg() if hasattr(g, "to_nfg") else g.write(format="nfg"))
    return out, None


def payoff_table(game):
    """Exact payoffs as a dict profile -> list of Fractions, plus the shape."""
    players = list(game.players)
    strategies = [list(p.strategies) for p in players]
    shape = [len(s) for s in strategies]
    table = {}
    for prof in itertools.product(*[range(k) for k in shape]):
        strats = [strategies[i][a] for i, a in enumerate(prof)]
        table[prof] = [Fraction(str(game[strats][p])) for p in players]
    return shape, table


def regret(shape, table, profile):
    """Maximum regret of `profile` (lists of Fractions or floats)."""
    n = len(shape)
    worst = 0
    for i in range(n):
        vals = [0] * shape[i]
        for prof, pay in table.items():
            w = 1
            for j in range(n):
                if j != i:
                    w *= profile[j][prof[j]]
                    if w == 0:
                        break
            if w:
                vals[prof[i]] += w * pay[i]
        cur = sum(v * p for v, p in zip(vals, profile[i]))
        worst = max(worst, max(vals) - cur)
    return worst


# --------------------------------------------------------------------------------------------
# The two sides.
# --------------------------------------------------------------------------------------------

def chip(binary, path, method, timeout):
    t = time.perf_counter()
    try:
        p = subprocess.run([binary, "solve", path, "--method", method, "--json"], capture_output=True,
                           text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"timeout {timeout}s", timeout
    dt = time.perf_counter() - t
    if p.returncode != 0:
        return None, p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit {p.returncode}", dt
    return json.loads(p.stdout), None, dt


def gkey(eq, game):
    return tuple(tuple(Fraction(str(eq[s])) for s in p.strategies) for p in game.players)


def fkey(profile):
    return tuple(tuple(float(x) for x in s) for s in profile)


def close(p, q, tol):
    return all(abs(float(a) - float(b)) <= tol for s, t in zip(p, q) for a, b in zip(s, t))


def reference(game, method, n_players, max_enum):
    """pygambit's answer for `method`, as (list of profiles, seconds), or (None, reason)."""
    t = time.perf_counter()
    try:
        if method == "pure":
            r = gbt.nash.enumpure_solve(game)
        elif method in ("enummixed", "support", "dominance") or (method == "enumpoly" and n_players == 2):
            if n_players != 2:
                return None, "pygambit enummixed needs 2 players", 0
            r = gbt.nash.enummixed_solve(game, rational=True)
        elif method == "lcp":
            r = gbt.nash.lcp_solve(game, rational=True)
        elif method == "enumpoly":
            if max_enum <= 0:
                return None, "skipped", 0
            r = gbt.nash.enumpoly_solve(game, use_strategic=True, stop_after=0)
        elif method == "logit":
            r = gbt.nash.logit_solve(game, use_strategic=True)
        else:
            return None, "no reference", 0
    except Exception as e:  # pygambit raises on unsupported inputs; that is not chipgame's error
        return None, f"pygambit: {e}", time.perf_counter() - t
    return [gkey(e, game) for e in r.equilibria], None, time.perf_counter() - t


def _reference_job(path, method, n_players, max_enum):
    game = gbt.read_nfg(path)
    return reference(game, method, n_players, max_enum)


class Referee:
    """Runs pygambit in a worker process so that a call that hangs can be stopped."""

    def __init__(self, timeout):
        import multiprocessing
        self.ctx = multiprocessing.get_context("fork")
        self.timeout = timeout
        self.pool = self.ctx.Pool(1)

    def __call__(self, path, method, n_players, max_enum):
        t = time.perf_counter()
        job = self.pool.apply_async(_reference_job, (path, method, n_players, max_enum))
        try:
            return job.get(self.timeout)
        except Exception as e:
            self.pool.terminate()
            self.pool = self.ctx.Pool(1)
            return None, f"pygambit: {type(e).__name__} after {time.perf_counter() - t:.0f}s", time.perf_counter() - t


def judge(method, game_info, out, ref, name):
    """Returns ('agree' | 'differ' | 'error', reason)."""
    shape, table, rng = game_info
    eqs = out["equilibria"]
    notes = out.get("notes", [])
    flagged = bool(notes) or "incomplete" in out
    scale = rng if rng > 0 else 1
    # 1. Every listed profile meets its tolerance.
    for e in eqs:
        if e.get("exact"):
            prof = [[Fraction(x) for x in s] for s in e["exact"]]
            r = regret(shape, table, prof)
            if r != 0:
                return "error", f"listed exact profile has regret {float(r):.3g}"
        else:
            prof = [[float(x) for x in s] for s in e["profile"]]
            r = float(regret(shape, {k: [float(x) for x in v] for k, v in table.items()}, prof))
            tol = TOL.get(method, 1e-9) * scale
            # Floating-point evaluation of the regret has rounding of its own.
            if r > tol * 1.01 + 1e-12 * scale:
                return "error", f"listed profile has regret {r:.3g} > tolerance {tol:.3g}"
    if method == "dominance":
        removed = {(el["player"], el["strategy"]) for el in out.get("eliminated", []) if el["strict"]}
        if ref is None:
            return "agree", "no reference equilibria to check"
        names = game_info_names[name]
        for eq in ref:
            for i, s in enumerate(eq):
                for a, p in enumerate(s):
                    if p > 0 and (names[0][i], names[1][i][a]) in removed:
                        return "error", f"strictly eliminated {names[1][i][a]} is played in an equilibrium"
        return "agree", f"{len(out.get('eliminated', []))} eliminated"
    if ref is None:
        return "agree", "regret verified (no reference)"
    ours_exact = [tuple(tuple(Fraction(x) for x in s) for s in e["exact"]) for e in eqs if e.get("exact")]
    if method in ("pure", "enummixed") or (method == "enumpoly" and len(shape) == 2):
        ours = set(ours_exact) if len(ours_exact) == len(eqs) else None
        if ours is not None:
            missing = set(ref) - ours
            extra = ours - set(ref)
        else:
            fl = [fkey(e["profile"]) for e in eqs]
            missing = [r for r in ref if not any(close(r, f, 1e-7) for f in fl)]
            extra = [f for f in fl if not any(close(r, f, 1e-7) for r in ref)]
        if not missing and not extra:
            return "agree", f"{len(ref)} equilibria"
        why = f"missing {len(missing)}, extra {len(extra)} of {len(ref)}"
        if method == "enumpoly" and flagged and not extra:
            return "differ", why + " (flagged incomplete)"
        return "error", why
    if method == "support":
        ours = set(ours_exact)
        if ours == set(ref):
            return "agree", f"{len(ref)} equilibria"
        missing = set(ref) - ours
        if ours - set(ref):
            return "differ", f"{len(ours - set(ref))} non-extreme equilibria listed (regret 0)"
        if flagged:
            return "differ", f"missing {len(missing)} of {len(ref)} (flagged: degenerate)"
        return "error", f"missing {len(missing)} of {len(ref)} without a note"
    if method == "lcp":
        ours = set(ours_exact)
        return ("agree", f"{len(ours)} equilibria") if ours == set(ref) else ("differ", f"chipgame {len(ours)}, pygambit {len(ref)}")
    if method == "enumpoly":
        fl = [fkey(e["profile"]) for e in eqs]
        missing = [r for r in ref if not any(close(r, f, 1e-6) for f in fl)]
        extra = [f for f in fl if not any(close(r, f, 1e-6) for r in ref)]
        if not missing and not extra:
            return "agree", f"{len(ref)} equilibria"
        return "differ", f"missing {len(missing)}, extra {len(extra)} of pygambit's {len(ref)}"
    if method == "logit":
        if not eqs:
            return "differ", "no endpoint listed: " + "; ".join(notes)
        if not ref:
            return "differ", "pygambit gave no endpoint"
        if close(ref[0], fkey(eqs[0]["profile"]), 1e-3):
            return "agree", "same endpoint"
        return "differ", "different endpoint"
    return "agree", ""


game_info_names = {}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "chipgame"))
    ap.add_argument("--ci", action="store_true", help="the quick subset run by .ci/run")
    ap.add_argument("--gambit-dir", action="append", default=[], help="extra directory of .nfg/.efg games")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--max-profiles", type=int, default=4096, help="skip larger strategic forms")
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if args.ci:
        args.timeout = min(args.timeout, 20.0)
    methods = args.methods.split(",")
    tmp = tempfile.mkdtemp(prefix="peer_suites_")
    games = []  # (name, path, source)
    files = catalog_files()
    for d in args.gambit_dir:
        files += sorted(glob.glob(os.path.join(d, "**", "*.nfg"), recursive=True))
        files += sorted(glob.glob(os.path.join(d, "**", "*.efg"), recursive=True))
    skipped = []
    for f in files:
        try:
            out, why = to_strategic(f, tmp, args.max_profiles if not args.ci else 400)
        except Exception as e:
            out, why = None, str(e).splitlines()[0] if str(e) else type(e).__name__
        if out is None:
            skipped.append((os.path.basename(f), why))
        else:
            src = "pygambit catalog" if "catalog_data" in f else "gambit-dir"
            games.append((os.path.basename(os.path.dirname(f)) + "/" + os.path.basename(f), out, src))
    for idx, (name, a, b) in enumerate(nashpy_games() + quantecon_games() + generated(args.ci)):
        path = os.path.join(tmp, f"bimatrix_{idx}.nfg")
        write_bimatrix(path, name, a, b)
        src = "Nashpy" if name.startswith("Nashpy") else "QuantEcon" if name.startswith("QuantEcon") else "generated"
        games.append((name, path, src))
    for idx, (name, pay) in enumerate(quantecon_nplayer() + generated_nplayer(args.ci)):
        path = os.path.join(tmp, f"nplayer_{idx}.nfg")
        write_tensor_nfg(path, name, pay)
        games.append((name, path, "QuantEcon" if name.startswith("QuantEcon") else "generated"))

    referee = Referee(args.timeout)
    stats = {m: {"agree": 0, "differ": 0, "error": 0, "refused": 0, "chip_s": 0.0, "ref_s": 0.0} for m in methods}
    details = []
    for name, path, src in games:
        game = gbt.read_nfg(path)
        shape, table = payoff_table(game)
        vals = [x for v in table.values() for x in v]
        rng = float(max(vals) - min(vals)) if vals else 0.0
        game_info_names[name] = ([p.label for p in game.players], [[s.label for s in p.strategies] for p in game.players])
        n = len(shape)
        profiles = int(np.prod(shape))
        enum_ref_ok = n > 2 and profiles <= (16 if args.ci else 64)
        for m in methods:
            if m in TWO_PLAYER_ONLY and n != 2:
                continue
            out, err, dt = chip(args.bin, path, m, args.timeout)
            if out is None:
                stats[m]["refused"] += 1
                details.append((m, name, "refused", err))
                continue
            stats[m]["chip_s"] += dt
            if m == "dominance":
                ref, rerr, rdt = referee(path, "enummixed" if n == 2 else "pure", n, 0)
            else:
                ref, rerr, rdt = referee(path, m, n, 1 if enum_ref_ok else 0)
            stats[m]["ref_s"] += rdt
            if args.verbose:
                print(f"  {m:<10} {name}: chip {dt:.2f}s ref {rdt:.2f}s", file=sys.stderr, flush=True)
            verdict, why = judge(m, (shape, table, rng), out, ref, name)
            stats[m][verdict] += 1
            if verdict != "agree" or args.verbose:
                details.append((m, name, verdict, why + (f" [{rerr}]" if rerr else "")))

    print(f"\npeer suites: {len(games)} games ({sum(1 for g in games if g[2] == 'pygambit catalog')} from the "
          f"pygambit catalog, {sum(1 for g in games if g[2] == 'gambit-dir')} from --gambit-dir, "
          f"{sum(1 for g in games if g[2] == 'Nashpy')} Nashpy, {sum(1 for g in games if g[2] == 'QuantEcon')} "
          f"QuantEcon, {sum(1 for g in games if g[2] == 'generated')} generated); "
          f"{len(skipped)} catalog files skipped (too large or unreadable)")
    print(f"{'method':<10} {'agree':>6} {'differ':>7} {'error':>6} {'refused':>8} {'chip s':>8} {'pygambit s':>11}")
    for m in methods:
        s = stats[m]
        print(f"{m:<10} {s['agree']:>6} {s['differ']:>7} {s['error']:>6} {s['refused']:>8} {s['chip_s']:>8.2f} {s['ref_s']:>11.2f}")
    if details:
        print("\ndifferences:")
        for m, name, verdict, why in sorted(details, key=lambda d: (d[2] != "error", d[0], d[1])):
            print(f"  {verdict.upper():<7} {m:<10} {name}: {why}")
    errors = sum(stats[m]["error"] for m in methods)
    print(f"\n{errors} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
