"""Side-by-side check and timing of chipgame's fictitious play against nashpy's.

Both tools play fictitious play (Brown 1951) in the same random 4x4 bimatrix game: each round,
each player best-responds to the other's action counts so far. nashpy starts from the counts it
is given (one per action here), chipgame from a prior of one pseudo-count per action, which is
the same belief; with generic payoffs there are no ties, so the two must choose the same
action in every round. The script asserts that they do for the first T rounds, then times
T rounds of nashpy against R runs of T rounds of chipgame (the whole process, counting only the
rounds asked for). Usage: python learning_compare.py CHIPGAME_BINARY [--rounds T] [--runs R]
[--check-only]
"""
import argparse
import csv
import os
import random
import subprocess
import tempfile
import time

import numpy as np
import nashpy


def game(seed, n=4):
    rng = random.Random(seed)
    a = [[round(rng.uniform(0, 10), 6) for _ in range(n)] for _ in range(n)]
    b = [[round(rng.uniform(0, 10), 6) for _ in range(n)] for _ in range(n)]
    return a, b


def config(a, b, rounds, runs):
    n = len(a)
    acts = ", ".join(f'"a{i}"' for i in range(n))
    lines = [
        'name = "fp_compare"',
        "[game]",
        f'players = [ {{ name = "Row", actions = [{acts}] }}, {{ name = "Column", actions = [{acts}] }} ]',
        "[game.payoffs]",
    ]
    for i in range(n):
        for j in range(n):
            lines.append(f'"a{i},a{j}" = [{a[i][j]}, {b[i][j]}]')
    lines += [
        "[repeat]", f"rounds = {rounds}", "discount = 1.0", f"runs = {runs}", "seed = 1",
        "[behaviour.Row]", 'rule = "fictitious_play"', "prior = 1.0",
        "[behaviour.Column]", 'rule = "fictitious_play"', "prior = 1.0",
    ]
    return "\n".join(lines) + "\n"


def nashpy_plays(a, b, rounds):
    g = nashpy.Game(np.array(a), np.array(b))
    n = len(a)
    start = [np.ones(n), np.ones(n)]
    plays, last = [], None
    t0 = time.perf_counter()
    for counts in g.fictitious_play(iterations=rounds, play_counts=start):
        if last is not None:
            plays.append((int(np.argmax(counts[0] - last[0])), int(np.argmax(counts[1] - last[1]))))
        last = counts
    return plays, time.perf_counter() - t0


def chipgame_run(binary, text, runs, per_run, out):
    path = os.path.join(out, "fp.toml")
    with open(path, "w") as f:
        f.write(text)
    cmd = [binary, "run", path, "--runs", str(runs), "--threads", "1", "--no-charts",
           "--out", os.path.join(out, "result"), "--force"] + (["--per-run"] if per_run else [])
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--rounds", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--check-only", action="store_true", help="compare the actions, skip the timing")
    args = ap.parse_args()
    a, b = game(args.seed)
    with tempfile.TemporaryDirectory() as out:
        # 1. Same play, round by round.
        chipgame_run(args.binary, config(a, b, args.rounds, 1), 1, True, out)
        with open(os.path.join(out, "result", "trajectories.csv")) as f:
            ours = [(int(r["action.Row"]), int(r["action.Column"])) for r in csv.DictReader(f)]
        theirs, nashpy_secs = nashpy_plays(a, b, args.rounds)
        assert ours == theirs, "fictitious play differs: first difference at round %d" % next(
            i for i, (x, y) in enumerate(zip(ours, theirs)) if x != y)
        print(f"same actions in all {len(ours)} rounds")
        if args.check_only:
            return
        # 2. Throughput.
        chip_secs = min(chipgame_run(args.binary, config(a, b, args.rounds, args.runs), args.runs, False, out)
                        for _ in range(3))
    chip_rate = args.rounds * args.runs / chip_secs
    nashpy_rate = args.rounds / nashpy_secs
    print(f"nashpy fictitious_play: {args.rounds} rounds in {nashpy_secs:.3f} s = {nashpy_rate:,.0f} rounds/s")
    print(f"chipgame fictitious_play: {args.runs} x {args.rounds} rounds in {chip_secs:.3f} s "
          f"(1 thread, whole process) = {chip_rate:,.0f} rounds/s")
    print(f"ratio: {chip_rate / nashpy_rate:,.0f}x")


if __name__ == "__main__":
    main()
