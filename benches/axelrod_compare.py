"""Side-by-side check and timing of chipgame's tournament against the Axelrod library.

Checks (always run, and all that `--check-only` runs):
  1. exactness: every deterministic registered strategy, in round robins of several lengths,
     gets the same score as in axelrod in every repetition;
  2. distribution: with the stochastic strategies in (and, separately, with noise), each
     player's mean payoff per turn against each opponent, and each player's mean score, agree
     with axelrod's within a Welch t-test at family-wise level 0.01 (Bonferroni) -- the
     generators differ, so draws cannot match one for one.
Timing (without `--check-only`): the deterministic round robin in both tools, serial (axelrod
`processes=None`, chipgame 1 thread) and with 2 processes / threads, each tool timed both as a
whole process (start-up, imports, output) and in process (the tournament call alone); scores are
checked identical in the same run, and the machine's load average is printed before and after.

Usage: python axelrod_compare.py DRIVER [--turns T] [--repetitions R] [--runs N] [--check-only]
where DRIVER is chipgame's `axelrod_tournament` example binary.
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time

import axelrod as axl
from scipy import stats

# Axelrod's default game is the prisoner's dilemma R, P, S, T = 3, 1, 0, 5, as chipgame's.
FAMILY_ALPHA = 0.01


def registry(driver):
    """(name, stochastic) for every strategy chipgame registers."""
    out = subprocess.run([driver, "--list"], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        name, kind = line.split()[:2]
        rows.append((name, kind == "stochastic"))
    return rows


def axelrod_run(names, turns, repetitions, noise=0.0, processes=None, seed=1):
    """Scores, per-repetition payoffs per turn, and the in-process time of `Tournament.play`."""
    players = [getattr(axl, n)() for n in names]
    t = axl.Tournament(players, turns=turns, repetitions=repetitions, noise=noise, seed=seed)
    start = time.perf_counter()
    results = t.play(progress_bar=False, processes=processes)
    elapsed = time.perf_counter() - start
    scores = [[float(x) for x in row] for row in results.scores]
    return {"scores": scores, "payoffs": results.payoffs, "elapsed_s": elapsed}


def chipgame_run(driver, names, turns, repetitions, noise=0.0, threads=1, seed=1):
    cmd = [driver, "--strategies", ",".join(names), "--turns", str(turns), "--repetitions", str(repetitions),
           "--noise", str(noise), "--seed", str(seed), "--threads", str(threads)]
    start = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - start
    result = json.loads(out)
    result["scores"] = [p["scores"] for p in result["players"]]
    result["wall_s"] = wall
    return result


def check_identical(driver, names, turns, reps):
    ref = axelrod_run(names, turns, reps)["scores"]
    ours = chipgame_run(driver, names, turns, reps)["scores"]
    if ref != ours:
        for n, r, o in zip(names, ref, ours):
            if r != o:
                print(f"  {n}: axelrod {r} chipgame {o}")
        sys.exit(f"MISMATCH: deterministic scores differ ({len(names)} strategies, {turns} turns)")


def welch(mean_a, var_a, n_a, mean_b, var_b, n_b):
    """Welch's t statistic and degrees of freedom (None when both samples are constant)."""
    va, vb = var_a / n_a, var_b / n_b
    if va + vb == 0:
        return None
    t = (mean_a - mean_b) / math.sqrt(va + vb)
    df = (va + vb) ** 2 / ((va ** 2 / (n_a - 1) if va else 0) + (vb ** 2 / (n_b - 1) if vb else 0))
    return t, df


def check_distribution(driver, names, turns, reps, noise, label):
    """Per-pair payoffs per turn and per-player scores: Welch t-tests, Bonferroni-corrected."""
    ref = axelrod_run(names, turns, reps, noise=noise, processes=2)
    ours = chipgame_run(driver, names, turns, reps, noise=noise, threads=2)
    n = len(names)
    tests = []  # (label, t, df) or (label, difference) for constant samples
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            a = [float(x) for x in ref["payoffs"][i][j]]
            ma, va = statistics.fmean(a), statistics.variance(a)
            mc, sc = ours["payoff_matrix"][i][j], ours["payoff_stddevs"][i][j]
            tests.append((f"{names[i]} vs {names[j]}", ma, va, mc, sc * sc))
        a, c = ref["scores"][i], ours["scores"][i]
        tests.append((f"{names[i]} total", statistics.fmean(a), statistics.variance(a),
                      statistics.fmean(c), statistics.variance(c)))
    k = len(tests)
    worst, failures = (0.0, ""), []
    for name, ma, va, mc, vc in tests:
        w = welch(ma, va, reps, mc, vc, reps)
        if w is None:
            if abs(ma - mc) > 1e-9:
                failures.append(f"{name}: both constant but axelrod {ma} chipgame {mc}")
            continue
        t, df = w
        p = 2 * stats.t.sf(abs(t), df)
        if abs(t) > worst[0]:
            worst = (abs(t), name)
        if p < FAMILY_ALPHA / k:
            failures.append(f"{name}: axelrod mean {ma:.4f} sd {math.sqrt(va):.4f}, chipgame mean {mc:.4f} "
                            f"sd {math.sqrt(vc):.4f}, t = {t:.2f} (df {df:.0f}), p = {p:.2g}")
    if failures:
        print("\n".join("  " + f for f in failures))
        sys.exit(f"MISMATCH ({label}): {len(failures)} of {k} tests outside the Bonferroni bound "
                 f"(family alpha {FAMILY_ALPHA})")
    print(f"{label}: {n} strategies, {turns} turns, {reps} repetitions, noise {noise}: {k} Welch t-tests "
          f"(pair payoffs and totals) within the family-wise {FAMILY_ALPHA} bound; largest |t| "
          f"{worst[0]:.2f} ({worst[1]})")


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def timed_axelrod_process(names, turns, reps, processes):
    """Runs the axelrod tournament in a fresh interpreter; returns (wall s, in-process s, scores)."""
    code = ("import json, sys, time\nt0 = time.perf_counter()\nimport axelrod as axl\n"
            "names, turns, reps, procs = json.loads(sys.argv[1])\n"
            "players = [getattr(axl, n)() for n in names]\n"
            "t = axl.Tournament(players, turns=turns, repetitions=reps, seed=1)\n"
            "s = time.perf_counter()\nr = t.play(progress_bar=False, processes=procs)\n"
            "e = time.perf_counter() - s\n"
            "print(json.dumps({'elapsed_s': e, 'scores': [[float(x) for x in row] for row in r.scores]}))\n")
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, json.dumps([names, turns, reps, processes])],
                         check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - start
    res = json.loads(out.strip().splitlines()[-1])
    return wall, res["elapsed_s"], res["scores"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("driver")
    ap.add_argument("--turns", type=int, default=200)
    ap.add_argument("--repetitions", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3, help="timing runs per configuration (median reported)")
    ap.add_argument("--stochastic-repetitions", type=int, default=30)
    ap.add_argument("--check-only", action="store_true")
    ap.add_argument("--timing-only", action="store_true",
                    help="skip checks 1 and 2 (the timed runs still check their scores)")
    a = ap.parse_args()

    reg = registry(a.driver)
    deterministic = [n for n, s in reg if not s]
    stochastic = [n for n, s in reg if s]
    missing = [n for n, _ in reg if not hasattr(axl, n)]
    if missing:
        sys.exit(f"not in axelrod {axl.__version__}: {missing}")
    print(f"chipgame registers {len(reg)} strategies ({len(deterministic)} deterministic, "
          f"{len(stochastic)} stochastic); axelrod {axl.__version__}")

    if a.timing_only:
        timing(a, deterministic)
        return
    # 1. Exactness: the anchor vectors (game-theory-anchors.md §2.2 #22), then every
    # deterministic strategy at several lengths (Tideman and Chieruzzi and Stein and Rapoport
    # read the length; 63 and 200 turns reach their fresh starts and chi-squared tests).
    check_identical(a.driver, ["Cooperator", "Defector"], 10, 1)
    check_identical(a.driver, ["Cooperator", "TitForTat", "Defector", "Grudger", "GoByMajority"], 10, 1)
    for turns in (10, 63, 200):
        check_identical(a.driver, deterministic, turns, 2)
    print(f"deterministic: scores identical to axelrod's in every repetition ({len(deterministic)} strategies; "
          f"10, 63 and 200 turns)")

    # 2. Distributions.
    r = a.stochastic_repetitions
    check_distribution(a.driver, deterministic + stochastic, 100, r, 0.0, "stochastic strategies")
    noisy = deterministic[::2] + stochastic[::3]
    check_distribution(a.driver, noisy, 100, r, 0.05, "noise")
    if a.check_only:
        return
    timing(a, deterministic)


def timing(a, deterministic):
    """3. Timing on the deterministic round robin, scores checked in the same run."""
    names, turns, reps = deterministic, a.turns, a.repetitions
    print(f"\ntiming: {len(names)} deterministic strategies, {turns} turns, {reps} repetitions, "
          f"median of {a.runs} runs; {os.cpu_count()} CPUs; load average before {loadavg()}")
    rows = []
    for label, procs, threads in (("serial", None, 1), ("2 processes", 2, 2)):
        ax_wall, ax_in, cg_wall, cg_in = [], [], [], []
        for _ in range(a.runs):
            w, e, ref = timed_axelrod_process(names, turns, reps, procs)
            ax_wall.append(w)
            ax_in.append(e)
            ours = chipgame_run(a.driver, names, turns, reps, threads=threads)
            cg_wall.append(ours["wall_s"])
            cg_in.append(ours["elapsed_s"])
            if ref != ours["scores"]:
                sys.exit("MISMATCH: scores differ in the timed run")
        rows.append((label, *(statistics.median(x) for x in (ax_wall, ax_in, cg_wall, cg_in))))
    print(f"load average after {loadavg()}; scores identical in every timed run")
    print(f"{'':12} {'axelrod whole':>14} {'axelrod in':>11} {'chipgame whole':>15} {'chipgame in':>12} "
          f"{'ratio whole':>12} {'ratio in':>9}")
    for label, aw, ai, cw, ci in rows:
        print(f"{label:12} {aw:13.3f}s {ai:10.3f}s {cw:14.4f}s {ci:11.5f}s {aw / cw:11.0f}x {ai / ci:8.0f}x")
    print("(whole: a fresh process each, start-up and imports included; in: the tournament call alone)")


if __name__ == "__main__":
    main()
