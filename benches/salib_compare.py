"""Side-by-side check and timing of chipgame's sensitivity analysis against SALib's.

For each test function (Ishigami with a = 7, b = 0.1 on [-pi, pi]^3, and Sobol's G function
with a = (0, 1, 4.5, 9, 99, 99, 99, 99) on [0, 1]^8):

1. Saltelli design: chipgame's unscrambled design must equal SALib's
   `sobol.sample(problem, N, calc_second_order, scramble=False)` (same Sobol' points, same
   block layout, same scaling).
2. Sobol' indices: the outputs are computed once here on SALib's design and given to both
   estimators; S1, ST (and S2 for Ishigami) must agree to rounding. The bootstrap half-widths
   use different random streams, so they need only agree to within sampling error.
3. Morris: SALib's design (and then chipgame's) with its outputs goes to both analysers; mu,
   mu* and sigma must agree to rounding, the mu* half-widths to within sampling error.

Then both tools are timed on the same work (design generation and estimation; the model
evaluation and file input/output are excluded from both).

With --prim (EMA Workbench installed), PRIM's peeling and pasting trajectory on synthetic data
must equal EMA Workbench's `Prim(...).find_box()` step for step: coverage, density, mass,
number of restricted dimensions and every box limit. Usage:
python salib_compare.py STUDY_COMPARE_BINARY [--check-only] [--prim] [--n N] [--r R] [--boot B]
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from importlib.metadata import version
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

POINT_TOL = 1e-9  # indices computed from the same numbers: rounding only
CI_RATIO = (0.6, 1.6)  # bootstrap half-widths from different random streams


def ishigami(x, a=7.0, b=0.1):
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


G_A = np.array([0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0])


def sobol_g(x):
    return np.prod((np.abs(4.0 * x - 2.0) + G_A) / (1.0 + G_A), axis=1)


def ishigami_analytic(a=7.0, b=0.1):
    v1 = 0.5 * (1 + b * math.pi**4 / 5) ** 2
    v2 = a * a / 8
    v13 = b * b * math.pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]


def g_analytic():
    vj = 1 / (3 * (1 + G_A) ** 2)
    prod = np.prod(1 + vj)
    v = prod - 1
    return list(vj / v), list(vj * prod / (1 + vj) / v)


CASES = [
    {
        "name": "Ishigami",
        "problem": {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3},
        "f": ishigami,
        "second_order": True,
        "analytic": ishigami_analytic(),
    },
    {
        "name": "Sobol G (k=8)",
        "problem": {"num_vars": 8, "names": [f"x{i + 1}" for i in range(8)], "bounds": [[0.0, 1.0]] * 8},
        "f": sobol_g,
        "second_order": False,
        "analytic": g_analytic(),
    },
]


def run(binary, *args):
    out = subprocess.run([binary, *map(str, args)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def bounds_arg(problem):
    return ",".join(f"{lo!r}:{hi!r}" for lo, hi in problem["bounds"])


def save(path, a):
    np.savetxt(path, np.atleast_2d(a.T).T if a.ndim == 1 else a, delimiter=",", fmt="%.17g")


def best_of(reps, fn):
    best, result = float("inf"), None
    for _ in range(reps):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def max_abs(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    mask = ~(np.isnan(a) & np.isnan(b))
    return float(np.max(np.abs(a[mask] - b[mask]))) if mask.any() else 0.0


def ci_ratio_ok(ours, theirs):
    bad = []
    for i, (o, t) in enumerate(zip(np.ravel(ours), np.ravel(theirs))):
        if o is None or t is None or (isinstance(t, float) and math.isnan(t)):
            continue
        if abs(o) < 1e-12 and abs(t) < 1e-12:
            continue
        r = o / t if t else float("inf")
        if not CI_RATIO[0] <= r <= CI_RATIO[1]:
            bad.append((i, o, t))
    return bad


def compare_prim(binary, reps):
    """PRIM trajectories of chipgame and EMA Workbench on the same synthetic data."""
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    import pandas as pd
    from ema_workbench.analysis import prim

    logging.getLogger("EMA").setLevel(logging.ERROR)
    rng = np.random.default_rng(11)
    cases = [
        ("box x0>=.6, x2<=.3", 2000, 4, lambda x: (x[:, 0] >= 0.6) & (x[:, 2] <= 0.3), 0.05, False, 0.05),
        ("same, pasting enabled", 2000, 4, lambda x: (x[:, 0] >= 0.6) & (x[:, 2] <= 0.3), 0.05, True, 0.05),
        ("oblique + 5% noise", 3000, 6, lambda x: ((x[:, 0] + x[:, 1] > 1.2) & (x[:, 3] < 0.5)) | (rng.random(len(x)) < 0.05),
         0.1, True, 0.02),
        ("coarse peel (alpha 0.2)", 2000, 2, lambda x: (x[:, 0] >= 0.5) & (x[:, 1] >= 0.5), 0.2, True, 0.05),
        # With 10-15 % of the labels flipped, peeling stops short of density 1 and pasting
        # takes back slabs denser than the box.
        ("15% label noise", 1500, 3, lambda x: ((x[:, 0] > 0.3) & (x[:, 1] < 0.6)) ^ (rng.random(len(x)) < 0.15),
         0.2, True, 0.05),
        ("10% label noise", 1500, 3, lambda x: ((x[:, 0] > 0.3) & (x[:, 1] < 0.6)) ^ (rng.random(len(x)) < 0.1),
         0.1, True, 0.05),
    ]
    failures, timings, total_pastes = [], [], 0
    print("\n== PRIM against EMA Workbench " + version("ema_workbench"))
    with tempfile.TemporaryDirectory() as tmp:
        px, py = os.path.join(tmp, "x.csv"), os.path.join(tmp, "y.csv")
        for name, n, k, rule, alpha, paste, mass_min in cases:
            x = rng.random((n, k))
            y = rule(x).astype(int)
            df = pd.DataFrame(x, columns=[f"x{j}" for j in range(k)])
            save(px, x)
            np.savetxt(py, y, fmt="%d")

            def ema():
                # threshold 0.5 marks y = 1 as the cases of interest; the paste_alpha is the
                # default 0.05 in both tools.
                p = prim.Prim(df, y, threshold=0.5, peel_alpha=alpha, mass_min=mass_min)
                if not paste:
                    p._paste = lambda box: box
                return p.find_box()

            t_ema, box = best_of(reps, ema)
            outs = [run(binary, "prim", px, py, alpha, 1 if paste else 0, mass_min) for _ in range(reps)]
            t_ours = min(o["seconds"] for o in outs)
            steps = outs[0]["steps"]
            tr = box.peeling_trajectory
            worst = 0.0
            for i in range(min(len(tr), len(steps))):
                e, c, lims = tr.iloc[i], steps[i], box.box_lims[i]
                d = max(abs(e[key] - c[key]) for key in ["coverage", "density", "mass", "res_dim"])
                d = max(d, max(abs(lims.iloc[0, j] - c["limits"][j][0]) + abs(lims.iloc[1, j] - c["limits"][j][1])
                               for j in range(k)))
                worst = max(worst, d)
            pastes = sum(1 for c in steps if c["phase"] == "Paste")
            total_pastes += pastes
            last = steps[-1]
            print(f"{name:<24} {len(steps):3d} steps ({pastes} pasting), EMA {len(tr):3d}; max |diff| {worst:.3g}; "
                  f"final coverage {last['coverage']:.3f} density {last['density']:.3f}")
            if len(tr) != len(steps) or worst > 1e-12:
                failures.append(f"PRIM {name}: trajectories differ ({len(steps)} vs {len(tr)} steps, max {worst:.3g})")
            timings.append(("PRIM", f"{name} (n={n}, k={k})", t_ema, t_ours))
    if total_pastes == 0:
        failures.append("PRIM: no case exercised pasting")
    return timings, failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--check-only", action="store_true")
    ap.add_argument("--n", type=int, help="Saltelli base points (a power of two)")
    ap.add_argument("--r", type=int, help="Morris trajectories")
    ap.add_argument("--boot", type=int, default=None, help="bootstrap resamples in both tools")
    ap.add_argument("--reps", type=int, default=None, help="timing repetitions (best of)")
    ap.add_argument("--prim", action="store_true", help="also compare PRIM with EMA Workbench")
    args = ap.parse_args()
    n = args.n or (1 << 10 if args.check_only else 1 << 14)
    r = args.r or (100 if args.check_only else 1000)
    boot = args.boot or (200 if args.check_only else 100)
    reps = args.reps or (1 if args.check_only else 3)
    print(f"SALib {version('SALib')}, numpy {np.__version__}; N = {n} base points, R = {r} trajectories, "
          f"{boot} bootstrap resamples, best of {reps}")
    failures = []
    timings = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            name, problem, f, second = case["name"], case["problem"], case["f"], case["second_order"]
            k = problem["num_vars"]
            so = 1 if second else 0

            # 1. The Saltelli design.
            t_salib_sample, x_salib = best_of(
                reps, lambda: sobol_sample.sample(problem, n, calc_second_order=second, scramble=False))
            path_x = os.path.join(tmp, "x.csv")
            ours = [run(args.binary, "saltelli", n, so, bounds_arg(problem), path_x) for _ in range(reps)]
            t_ours_sample = min(o["seconds"] for o in ours)
            x_ours = np.loadtxt(path_x, delimiter=",", ndmin=2)
            d_design = max_abs(x_ours, x_salib)
            if x_ours.shape != x_salib.shape or d_design > 1e-12:
                failures.append(f"{name}: Saltelli designs differ (shape {x_ours.shape} vs {x_salib.shape}, max {d_design:.3g})")

            # 2. Sobol' indices on the same outputs.
            y = f(x_salib)
            path_y = os.path.join(tmp, "y.csv")
            save(path_y, y)
            t_salib_sobol, si = best_of(reps, lambda: sobol_analyze.analyze(
                problem, y, calc_second_order=second, num_resamples=boot, seed=1))
            ours = [run(args.binary, "sobol", path_y, k, so, boot, 1) for _ in range(reps)]
            t_ours_sobol = min(o["seconds"] for o in ours)
            ci = ours[0]
            d_s1, d_st = max_abs(ci["S1"], si["S1"]), max_abs(ci["ST"], si["ST"])
            d_s2 = max_abs(np.array(ci["S2"], dtype=float), si["S2"]) if second else 0.0
            for what, d in [("S1", d_s1), ("ST", d_st), ("S2", d_s2)]:
                if d > POINT_TOL:
                    failures.append(f"{name}: Sobol' {what} differs by {d:.3g}")
            for what in ["S1_conf", "ST_conf"]:
                bad = ci_ratio_ok(ci[what], si[what])
                if bad:
                    failures.append(f"{name}: Sobol' {what} half-widths differ beyond sampling error: {bad}")
            s1_true, st_true = case["analytic"]
            print(f"\n== {name}: Saltelli design {x_salib.shape[0]} rows x {k}, designs max |diff| = {d_design:.3g}")
            print(f"{'param':>6} {'S1 chipgame':>12} {'S1 SALib':>12} {'S1 exact':>9} {'ST chipgame':>12} {'ST SALib':>12} "
                  f"{'ST exact':>9} {'S1 conf c/S':>13} {'ST conf c/S':>13}")
            for j in range(k):
                print(f"{problem['names'][j]:>6} {ci['S1'][j]:12.6f} {si['S1'][j]:12.6f} {s1_true[j]:9.4f} "
                      f"{ci['ST'][j]:12.6f} {si['ST'][j]:12.6f} {st_true[j]:9.4f} "
                      f"{ci['S1_conf'][j]:6.4f}/{si['S1_conf'][j]:6.4f} {ci['ST_conf'][j]:6.4f}/{si['ST_conf'][j]:6.4f}")
            print(f"max |diff|: S1 {d_s1:.3g}, ST {d_st:.3g}" + (f", S2 {d_s2:.3g}" if second else ""))
            if second:
                print(f"S13: chipgame {ci['S2'][0][2]:.6f}, SALib {si['S2'][0][2]:.6f}")

            # 3. Morris on SALib's design, then on chipgame's.
            levels = 4
            t_salib_msample, xm = best_of(reps, lambda: morris_sample.sample(problem, r, num_levels=levels, seed=3))
            ym = f(xm)
            path_xm, path_ym = os.path.join(tmp, "xm.csv"), os.path.join(tmp, "ym.csv")
            save(path_xm, xm)
            save(path_ym, ym)
            t_salib_morris, sm = best_of(reps, lambda: morris_analyze.analyze(
                problem, xm, ym, num_resamples=boot, num_levels=levels, seed=4))
            ours = [run(args.binary, "morris", path_xm, path_ym, levels, boot, 4) for _ in range(reps)]
            t_ours_morris = min(o["seconds"] for o in ours)
            mo = ours[0]
            ours_s = [run(args.binary, "morris-sample", r, levels, 5, bounds_arg(problem), path_xm) for _ in range(reps)]
            t_ours_msample = min(o["seconds"] for o in ours_s)
            xm2 = np.loadtxt(path_xm, delimiter=",", ndmin=2)
            ym2 = f(xm2)
            save(path_ym, ym2)
            sm2 = morris_analyze.analyze(problem, xm2, ym2, num_resamples=boot, num_levels=levels, seed=4)
            mo2 = run(args.binary, "morris", path_xm, path_ym, levels, boot, 4)
            d_m = {}
            for key in ["mu", "mu_star", "sigma"]:
                d_m[key] = max(max_abs(mo[key], sm[key]), max_abs(mo2[key], sm2[key]))
                if d_m[key] > POINT_TOL * max(1.0, float(np.max(np.abs(sm[key])))):
                    failures.append(f"{name}: Morris {key} differs by {d_m[key]:.3g}")
            bad = ci_ratio_ok(mo["mu_star_conf"], sm["mu_star_conf"]) + ci_ratio_ok(mo2["mu_star_conf"], sm2["mu_star_conf"])
            if bad:
                failures.append(f"{name}: Morris mu* half-widths differ beyond sampling error: {bad}")
            print(f"Morris, {r} trajectories on {levels} levels (SALib's design):")
            print(f"{'param':>6} {'mu* chipgame':>13} {'mu* SALib':>11} {'mu chipgame':>12} {'mu SALib':>10} "
                  f"{'sigma c':>9} {'sigma S':>9} {'conf c/S':>15}")
            for j in range(k):
                print(f"{problem['names'][j]:>6} {mo['mu_star'][j]:13.6f} {sm['mu_star'][j]:11.6f} {mo['mu'][j]:12.6f} "
                      f"{sm['mu'][j]:10.6f} {mo['sigma'][j]:9.4f} {sm['sigma'][j]:9.4f} "
                      f"{mo['mu_star_conf'][j]:7.4f}/{sm['mu_star_conf'][j]:7.4f}")
            print("max |diff| over both designs: " + ", ".join(f"{k_} {v:.3g}" for k_, v in d_m.items()))
            timings += [
                (name, f"Saltelli design ({x_salib.shape[0]} rows)", t_salib_sample, t_ours_sample),
                (name, f"Sobol' indices ({boot} resamples)", t_salib_sobol, t_ours_sobol),
                (name, f"Morris design ({xm.shape[0]} rows)", t_salib_msample, t_ours_msample),
                (name, f"Morris measures ({boot} resamples)", t_salib_morris, t_ours_morris),
            ]

    if args.prim:
        prim_timings, prim_failures = compare_prim(args.binary, reps)
        timings += prim_timings
        failures += prim_failures

    print(f"\n{'function':<14} {'step':<38} {'reference':>10} {'chipgame':>10} {'ratio':>9}")
    print("(reference: SALib for Sobol' and Morris, EMA Workbench for PRIM)")
    for fname, step, ts, tc in timings:
        print(f"{fname:<14} {step:<38} {ts:9.4f}s {tc:9.4f}s {ts / tc:8.1f}x")
    if failures:
        print("\nFAILED:")
        for f_ in failures:
            print("  " + f_)
        sys.exit(1)
    print("\nall checks passed")


if __name__ == "__main__":
    main()
