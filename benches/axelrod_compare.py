"""Side-by-side check and timing of chipgame's tournament against the Axelrod library.

Runs the same round robin (deterministic strategies, PD with R,S,T,P = 3,0,5,1) in both tools,
asserts that every player's score in every repetition is identical, and prints the wall-clock
ratio. Usage: python axelrod_compare.py CHIPGAME_BINARY [--turns T] [--repetitions R] [--check-only]
"""
import argparse
import json
import subprocess
import sys
import time

import axelrod as axl

STRATEGIES = [
    "Cooperator", "Defector", "TitForTat", "Grudger", "Alternator", "GoByMajority",
    "WinStayLoseShift", "SuspiciousTitForTat", "TitFor2Tats", "TwoTitsForTat",
]


def axelrod_scores(names, turns, repetitions, processes):
    players = [getattr(axl, n)() for n in names]
    t = axl.Tournament(players, turns=turns, repetitions=repetitions, seed=1)
    start = time.perf_counter()
    results = t.play(progress_bar=False, processes=processes)
    return results.scores, time.perf_counter() - start


def chipgame_scores(binary, names, turns, repetitions, threads):
    cmd = [binary, "tournament", "--strategies", ",".join(names), "--turns", str(turns),
           "--repetitions", str(repetitions), "--json", "--threads", str(threads)]
    start = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    elapsed = time.perf_counter() - start
    return [p["scores"] for p in json.loads(out)["players"]], elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--turns", type=int, default=200)
    ap.add_argument("--repetitions", type=int, default=50)
    ap.add_argument("--check-only", action="store_true")
    a = ap.parse_args()

    # Exactness on the anchor vectors (game-theory-anchors.md §2.2 #22) and on the full set.
    cases = [(["Cooperator", "Defector"], 10, 1), (["Cooperator", "TitForTat", "Defector", "Grudger", "GoByMajority"], 10, 1),
             (STRATEGIES, 37, 2)]
    for names, turns, reps in cases:
        ref, _ = axelrod_scores(names, turns, reps, 1)
        ours, _ = chipgame_scores(a.binary, names, turns, reps, 1)
        if [[float(x) for x in r] for r in ref] != [[float(x) for x in o] for o in ours]:
            print(f"MISMATCH for {names}, {turns} turns:\n axelrod  {ref}\n chipgame {ours}")
            sys.exit(1)
    print(f"scores identical to axelrod {axl.__version__} on {len(cases)} tournaments")
    if a.check_only:
        return

    names = STRATEGIES
    ref, t_ax1 = axelrod_scores(names, a.turns, a.repetitions, 1)
    ours, t_cg1 = chipgame_scores(a.binary, names, a.turns, a.repetitions, 1)
    assert [[float(x) for x in r] for r in ref] == [[float(x) for x in o] for o in ours], "scores differ"
    _, t_ax2 = axelrod_scores(names, a.turns, a.repetitions, 2)
    _, t_cg2 = chipgame_scores(a.binary, names, a.turns, a.repetitions, 2)
    print(f"tournament: {len(names)} strategies, {a.turns} turns, {a.repetitions} repetitions (scores identical)")
    print(f"{'':12} {'axelrod s':>10} {'chipgame s':>11} {'speed-up':>9}")
    print(f"{'1 process':12} {t_ax1:10.3f} {t_cg1:11.4f} {t_ax1 / t_cg1:8.0f}x")
    print(f"{'2 processes':12} {t_ax2:10.3f} {t_cg2:11.4f} {t_ax2 / t_cg2:8.0f}x")
    print("(chipgame times include process start-up and JSON output)")


if __name__ == "__main__":
    main()
