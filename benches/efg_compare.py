#!/usr/bin/env python3
"""Cross-check chipgame's game-tree methods against pygambit on Gambit's .efg games, and time both.

Games: every .efg file of pygambit's catalog (shipped inside the installed pygambit package under
pygambit/catalog_data), plus every .efg file under each --extra DIR (for example a checkout of
gambitproject/gambit, whose contrib/games and tests/test_games hold 140 more). Nothing is copied
into this repository.

For each game that pygambit reads, the script runs `examples/efg_file check FILE` (chipgame, one
process per game, in-process times reported by the example) and compares:

  read      chipgame reads the file too;
  reduced   the reduced strategic form: the same reduced strategies (matched by the action each
            takes at each information set) and exactly the same payoff table (pygambit:
            Game.to_arrays(dtype=Rational));
  spe       perfect-information games: the set of pure subgame-perfect equilibria. pygambit has no
            SPE solver, so the reference set is found by brute force over pure behaviour profiles
            (at most --spe-max of them), keeping a profile when pygambit's node_value shows no
            mover gaining by another action at any decision node (the one-shot deviation test);
  lcp       two players, perfect recall: pygambit's lcp_solve(rational=True) on the tree, and
            chipgame's sequence-form Lemke equilibrium: whether chipgame's is exactly one of
            pygambit's, whether chipgame's has exact regret 0, and whether pygambit's does
            (pygambit's own max_regret);
  logit     logit_solve on the tree (agent QRE) against chipgame's agent logit limit: the largest
            difference of any behaviour probability, agreement when below --logit-tol.

Times (best of --reps runs, in-process on both sides) are summed per method over the games where
both tools ran, and reported as ratios pygambit / chipgame measured in the same run.

Usage: efg_compare.py [--bin PATH] [--reps K] [--extra DIR]... [--check-only] [--json OUT]
--check-only: pygambit's catalog only, one run each, small brute-force cap; exits 1 when chipgame
fails a file pygambit reads, or the reduced forms or SPE sets differ, or chipgame's sequence-form
profile is not an exact equilibrium, or chipgame's logit trace errs or does not converge where
pygambit's does. (Different equilibria are not failures: Lemke paths with different starts, and
logit tracers at a bifurcation, may legitimately end at different equilibria; they are counted.)
"""
import argparse
import glob
import itertools
import json
import multiprocessing
import os
import subprocess
import sys
import time
from fractions import Fraction

import pygambit as gbt


def frac(x):
    return Fraction(str(x))


def best_of(reps, fn):
    best, out = None, None
    for _ in range(max(1, reps)):
        t = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
        if dt > 2.0:
            break
    return best, out


def node_path(node):
    """Child indices from the root to `node` (prefix order is the lexicographic order of these)."""
    path = []
    while node.parent is not None:
        path.append(node.prior_action.number)
        node = node.parent
    return tuple(reversed(path))


def infoset_keys(game):
    """(player index, path of the first node) for every player information set."""
    players = list(game.players)
    keys = {}
    for i, p in enumerate(players):
        for h in p.infosets:
            keys[(i, min(node_path(m) for m in h.members))] = h
    return keys


def chip_check(binary, path, reps):
    t = time.perf_counter()
    out = subprocess.run([binary, "check", path, "--reps", str(reps)], capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - t
    if out.returncode != 0:
        return None, wall, out.stderr.strip()[:300]
    return json.loads(out.stdout), wall, None


def compare_reduced(game, chip, order):
    """Returns (status, detail). order: chipgame information set index -> pygambit infoset."""
    red = chip["reduced"]
    if "error" in red:
        return "chip-limit", red["error"]
    players = list(game.players)
    n = len(players)
    perm = []
    for i, p in enumerate(players):
        ours = [frozenset((int(k), v) for k, v in plan.items()) for plan in red["plans"][i]]
        index = {plan: s for s, plan in enumerate(ours)}
        if len(index) != len(ours):
            return "mismatch", f"player {i + 1}: repeated plans"
        theirs = []
        for strat in p.strategies:
            plan = []
            for k, h in enumerate(order):
                if h.player == p:
                    a = strat.action(h)
                    if a is not None:
                        plan.append((k, a.number))
            theirs.append(frozenset(plan))
        if sorted(map(sorted, theirs)) != sorted(map(sorted, ours)):
            return "mismatch", f"player {i + 1}: {len(theirs)} strategies in pygambit, {len(ours)} in chipgame"
        perm.append([index[t] for t in theirs])
    arrays = game.to_arrays(dtype=gbt.Rational)
    shape = [len(x) for x in perm]
    strides = [1] * n
    for i in range(1, n):
        strides[i] = strides[i - 1] * len(red["plans"][i - 1])
    table = red["table"]
    for prof in itertools.product(*[range(k) for k in shape]):
        idx = sum(perm[i][prof[i]] * strides[i] for i in range(n))
        for j in range(n):
            if frac(arrays[j][prof]) != Fraction(table[idx * n + j]):
                return "mismatch", f"payoff of player {j + 1} at {prof}"
    return "agree", ""


def brute_force_spe(game, order, cap):
    """Pure behaviour profiles passing pygambit's one-shot deviation test, as action tuples."""
    sizes = [len(h.actions) for h in order]
    total = 1
    for k in sizes:
        total *= k
    if total > cap:
        return None
    movers = [(n, list(n.children)) for n in game.nodes if not n.is_terminal and not n.player.is_chance]
    found = set()
    for choice in itertools.product(*[range(k) for k in sizes]):
        prof = game.mixed_behavior_profile(rational=True)
        for h, a in zip(order, choice):
            for b, act in enumerate(h.actions):
                prof[act] = gbt.Rational(1 if a == b else 0)
        ok = True
        for node, children in movers:
            pl = node.player
            chosen = prof.node_value(pl, children[choice[order.index(node.infoset)]])
            if any(prof.node_value(pl, c) > chosen for c in children):
                ok = False
                break
        if ok:
            found.add(choice)
    return found


def _solver_child(queue, path, chip_infosets, which, reps):
    game = gbt.read_efg(path)
    keys = infoset_keys(game)
    order = [keys[(h["player"], tuple(h["path"]))] for h in chip_infosets]
    if which == "lcp":
        t, res = best_of(reps, lambda: gbt.nash.lcp_solve(game, rational=True))
        eqs = [{
            "profile": [[frac(eq[a]) for a in h.actions] for h in order],
            "reached": [frac(eq.infoset_prob(h)) > 0 for h in order],
            "nash": frac(eq.max_regret()) == 0,
        } for eq in res.equilibria]
    else:
        t, res = best_of(reps, lambda: gbt.nash.logit_solve(game))
        eq = res.equilibria[0]
        eqs = [{"profile": [[float(eq[a]) for a in h.actions] for h in order], "agent_regret": float(eq.agent_max_regret())}]
    queue.put((t, eqs))


def run_solver(path, chip_infosets, which, reps, timeout):
    """Runs pygambit's lcp_solve or logit_solve on the tree in a child process; returns
    (seconds, equilibria) or raises TimeoutError / RuntimeError."""
    queue = multiprocessing.Queue()
    proc = multiprocessing.Process(target=_solver_child, args=(queue, path, chip_infosets, which, reps))
    proc.start()
    try:
        out = queue.get(timeout=timeout)
    except Exception:
        proc.kill()
        proc.join()
        if proc.exitcode not in (None, 0, -9):
            raise RuntimeError(f"pygambit exited with status {proc.exitcode}")
        raise TimeoutError(f"pygambit took more than {timeout:g} s")
    proc.join()
    return out


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--bin", default=os.path.join(here, "..", "target", "release", "examples", "efg_file"))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--extra", action="append", default=[], help="another directory of .efg files (searched recursively)")
    ap.add_argument("--spe-max", type=int, default=20000, help="most pure profiles tried by the brute-force SPE reference")
    ap.add_argument("--logit-tol", type=float, default=1e-3)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds allowed to each pygambit solver call")
    ap.add_argument("--check-only", action="store_true")
    ap.add_argument("--json", help="write per-game results here")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if args.check_only:
        args.reps, args.extra, args.spe_max = 1, [], 5000
    catalog = os.path.join(os.path.dirname(gbt.__file__), "catalog_data")
    files = sorted(glob.glob(os.path.join(catalog, "**", "*.efg"), recursive=True))
    sources = {f: "pygambit catalog" for f in files}
    for d in args.extra:
        for f in sorted(glob.glob(os.path.join(d, "**", "*.efg"), recursive=True)):
            sources.setdefault(f, d)
    files = list(sources)
    counts = {}
    times = {}
    failures = []
    rows = []
    spe_seconds = [0.0, 0.0]

    def count(key, status):
        counts.setdefault(key, {}).setdefault(status, 0)
        counts[key][status] += 1

    def add_time(key, ours, theirs):
        t = times.setdefault(key, [0.0, 0.0, 0, []])
        t[0] += ours
        t[1] += theirs
        t[2] += 1
        t[3].append(theirs / ours if ours > 0 else float("inf"))

    t_start = time.perf_counter()
    for path in files:
        name = os.path.relpath(path, catalog) if sources[path] == "pygambit catalog" else os.path.relpath(path, sources[path])
        row = {"file": name, "source": sources[path]}
        rows.append(row)
        try:
            t_read, game = best_of(args.reps, lambda: gbt.read_efg(path))
        except Exception as e:  # pygambit cannot read it: nothing to compare against
            row["pygambit"] = f"cannot read: {e}"
            count("read", "pygambit cannot read")
            continue
        chip, wall, err = chip_check(args.bin, path, args.reps)
        if chip is None or not chip.get("ok"):
            row["read"] = f"chipgame failed: {err or chip.get('error')}"
            count("read", "chipgame failed")
            failures.append(f"{name}: chipgame cannot read it: {err or chip.get('error')}")
            continue
        count("read", "both read")
        keys = infoset_keys(game)
        order = []
        for h in chip["infosets"]:
            order.append(keys.get((h["player"], tuple(h["path"]))))
        if any(h is None for h in order) or len(order) != len(keys):
            row["infosets"] = "mismatch"
            count("infosets", "mismatch")
            failures.append(f"{name}: information sets differ")
            continue
        count("infosets", "agree")
        # Reduced strategic form.
        try:
            n_prof = 1
            for p in game.players:
                n_prof *= len(p.strategies)
            if n_prof > 200000:
                status, detail = "skipped", f"{n_prof} profiles"
            else:
                t_nf, _ = best_of(args.reps, lambda: gbt.read_efg(path).to_arrays(dtype=gbt.Rational))
                status, detail = compare_reduced(game, chip, order)
                if status == "agree":
                    add_time("reduced form (read + table)", chip["read_seconds"] + chip["reduced"]["seconds"], t_nf)
        except Exception as e:
            status, detail = "pygambit error", str(e)[:100]
        row["reduced"] = f"{status} {detail}".strip()
        count("reduced", status)
        if status == "mismatch":
            failures.append(f"{name}: reduced form: {detail}")
        # Subgame-perfect equilibria (perfect information).
        if chip["perfect_information"]:
            t0 = time.perf_counter()
            ref = brute_force_spe(game, order, args.spe_max)
            t_ref = time.perf_counter() - t0
            if ref is None:
                status = "skipped (too many pure profiles)"
            elif "error" in chip["spe"]:
                status = "chip error"
                failures.append(f"{name}: spe: {chip['spe']['error']}")
            else:
                ours = {tuple(e) for e in chip["spe"]["equilibria"]}
                status = "agree" if ours == ref else "mismatch"
                row["spe_count"] = [len(ours), len(ref)]
                if status == "mismatch":
                    failures.append(f"{name}: SPE sets differ: chipgame {len(ours)}, reference {len(ref)}")
                else:
                    spe_seconds[0] += chip["spe"]["seconds"]
                    spe_seconds[1] += t_ref
            row["spe"] = status
            count("spe", status)
        # Sequence-form Lemke against lcp_solve on the tree.
        if len(list(game.players)) == 2 and game.is_perfect_recall:
            sq = chip["seqform"]
            if "error" in sq:
                status = "chip error"
                failures.append(f"{name}: seqform: {sq['error']}")
            else:
                try:
                    t_lcp, res = run_solver(path, chip["infosets"], "lcp", args.reps, args.timeout)
                except (TimeoutError, RuntimeError) as e:
                    t_lcp, res = None, None
                    status = f"pygambit: {e}"
                if res is not None:
                    theirs = [eq["profile"] for eq in res]
                    ours = [[Fraction(x) for x in h] for h in sq["profile"]]
                    ours_nash = sq["max_regret"] == "0"
                    theirs_nash = all(eq["nash"] for eq in res)
                    if ours in theirs:
                        kind = "same profile"
                    else:
                        # Equal wherever pygambit's profile reaches the information set: the same
                        # play, differing only off the path, where an equilibrium leaves choices free.
                        kind = "another equilibrium"
                        for eq in res:
                            if all(eq["profile"][k] == ours[k] for k in range(len(order)) if eq["reached"][k]):
                                kind = "same play, differs off the path"
                                break
                    status = kind + ("" if ours_nash else ", chipgame NOT Nash") + ("" if theirs_nash else ", pygambit's not Nash")
                    row["lcp_count"] = len(res)
                    if not ours_nash:
                        failures.append(f"{name}: chipgame's sequence-form profile is not an equilibrium")
                    add_time("seqform vs lcp_solve (tree, rational)", sq["seconds"], t_lcp)
            row["lcp"] = status
            count("lcp", status)
        # Agent logit QRE.
        lg = chip["logit"]
        try:
            t_logit, res = run_solver(path, chip["infosets"], "logit", args.reps, args.timeout)
            theirs = res[0]["profile"]
            their_regret = res[0]["agent_regret"]
        except (TimeoutError, RuntimeError) as e:
            theirs, their_regret, t_logit = None, None, None
            status = f"pygambit: {e}"
        if theirs is not None:
            if "error" in lg and "absent-minded" in lg["error"]:
                status = "chipgame refuses (absent-minded)"
            elif "error" in lg:
                status = "chipgame error"
                row["logit_error"] = lg["error"][:100]
                failures.append(f"{name}: logit: {lg['error']}")
            else:
                diff = max((abs(a - b) for h1, h2 in zip(lg["profile"], theirs) for a, b in zip(h1, h2)), default=0.0)
                row["logit_diff"] = diff
                row["logit_regret"] = [lg["agent_regret"], their_regret]
                rng = float(game.max_payoff) - float(game.min_payoff)
                tol = 1e-6 * max(rng, 1e-12)
                both = lg["agent_regret"] < tol and their_regret < tol
                ours_ok = lg["agent_regret"] < tol
                if diff < args.logit_tol:
                    status = "agree"
                    add_time("agent logit (tree)", lg["seconds"], t_logit)
                elif both:
                    # Both reached an equilibrium, different ones: the branch passes a bifurcation
                    # (symmetric games), where a tracer may continue on either branch.
                    status = "both converged, different limits"
                elif their_regret < tol and not ours_ok:
                    status = "chipgame did not converge"
                    failures.append(f"{name}: logit: chipgame's agent regret {lg['agent_regret']:.3g}")
                else:
                    status = "apart, pygambit did not converge"
        row["logit"] = status
        count("logit", status)
        if args.verbose:
            print(json.dumps(row), flush=True)
    elapsed = time.perf_counter() - t_start

    print(f"{len(files)} .efg files ({sum(1 for f in files if sources[f] == 'pygambit catalog')} from pygambit's catalog), "
          f"pygambit {gbt.__version__}, {elapsed:.1f} s in all")
    for key in ["read", "infosets", "reduced", "spe", "lcp", "logit"]:
        parts = ", ".join(f"{v} {k}" for k, v in sorted(counts.get(key, {}).items(), key=lambda kv: -kv[1]))
        print(f"  {key:9s} {parts}")
    print("Times summed over the games where both tools ran and agreed (in-process, best of "
          f"{args.reps}):")
    print(f"  {'method':40s} {'games':>5s} {'chipgame s':>11s} {'pygambit s':>11s} {'sum ratio':>10s} "
          f"{'per-game ratio: min':>20s} {'median':>7s} {'max':>8s}")
    for key, (ours, theirs, n, ratios) in times.items():
        ratio = theirs / ours if ours > 0 else float("inf")
        r = sorted(ratios)
        med = r[len(r) // 2] if len(r) % 2 else 0.5 * (r[len(r) // 2 - 1] + r[len(r) // 2])
        print(f"  {key:40s} {n:5d} {ours:11.4f} {theirs:11.4f} {ratio:9.1f}x {r[0]:19.1f}x {med:6.1f}x {r[-1]:7.0f}x")
    print(f"  (backward induction took {spe_seconds[0]:.4f} s in all; the brute-force reference on pygambit "
          f"{spe_seconds[1]:.2f} s, which is no speed comparison: pygambit has no SPE solver)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": rows, "counts": counts, "times": times}, f, indent=1)
    if failures:
        print("Disagreements:")
        for f in failures:
            print("  " + f)
    if args.check_only and failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
