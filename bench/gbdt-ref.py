"""Reference GBDTs for `npm run bench -- gbdt` (spec 03 §2.12), run with Debian's /usr/bin/python3.

Reads the float32 dataset written by bench/gbdt.ts, trains XGBoost hist and scikit-learn
HistGradientBoostingRegressor at matched settings, prints one JSON line.
Usage: gbdt-ref.py DIR N_ROWS N_COLS THREADS SK_ROUNDS [ROUNDS_RUN PREDICT_ROWS]

Three XGBoost fits: its own early stopping (50 rounds, like ours), exactly ROUNDS_RUN rounds
(the rounds our early-stopped run grew, so both do the same work: equal-rounds timing, MAE
through our kept SK_ROUNDS trees), and a 500-round depth-6 model on 20 000 rows for the
prediction figure (inplace_predict over PREDICT_ROWS rows, `threads` threads).
"""
import json
import os
import sys
import time

d, n_rows, n_cols, threads, sk_rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rounds_run = int(sys.argv[6]) if len(sys.argv) > 6 else 0
predict_rows = int(sys.argv[7]) if len(sys.argv) > 7 else 0
os.environ["OMP_NUM_THREADS"] = str(threads)  # before sklearn / xgboost load OpenMP
# OpenMP threads spin while they wait by default; on a machine shared by many processes that
# burns the cores the other thread needs (measured: 115 s wall, 25 CPU-s for a 1.8 s fit at
# load 20). Passive waiting measures the libraries at their best here.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402

X = np.fromfile(os.path.join(d, "X.f32"), dtype=np.float32).reshape(n_rows, n_cols)
y = np.fromfile(os.path.join(d, "y.f32"), dtype=np.float32)
split = np.fromfile(os.path.join(d, "split.u8"), dtype=np.uint8)
tr, va, te = split == 0, split == 1, split == 2
out = {}

try:
    import xgboost as xgb

    params = {
        "tree_method": "hist",
        "grow_policy": "depthwise",
        "max_depth": 6,
        "eta": 0.05,
        "reg_lambda": 3.0,
        "reg_alpha": 0.0,
        "min_child_weight": 20,
        "max_bin": 255,
        "objective": "reg:squarederror",
        "eval_metric": "rmse",
        "base_score": float(np.mean(y[tr], dtype=np.float64)),
        "nthread": threads,
        "seed": 7,
    }
    t0, c0 = time.perf_counter(), time.process_time()
    dtr = xgb.DMatrix(X[tr], label=y[tr], nthread=threads)
    dva = xgb.DMatrix(X[va], label=y[va], nthread=threads)
    bst = xgb.train(params, dtr, num_boost_round=500, evals=[(dva, "valid")], early_stopping_rounds=50, verbose_eval=False)
    out["xgb_train_s"] = time.perf_counter() - t0
    out["xgb_train_cpu_s"] = time.process_time() - c0
    p = bst.predict(xgb.DMatrix(X[te], nthread=threads), iteration_range=(0, bst.best_iteration + 1))
    out["xgb_mae"] = float(np.mean(np.abs(p - y[te])))
    out["xgb_rounds"] = int(bst.best_iteration + 1)
    out["xgb_rounds_run"] = int(bst.num_boosted_rounds())
    out["xgb_version"] = xgb.__version__

    if rounds_run > 0:
        # equal rounds: the same number of trees as our run grew, validation scored every round
        t0, c0 = time.perf_counter(), time.process_time()
        dtr = xgb.DMatrix(X[tr], label=y[tr], nthread=threads)
        dva = xgb.DMatrix(X[va], label=y[va], nthread=threads)
        eq = xgb.train(params, dtr, num_boost_round=rounds_run, evals=[(dva, "valid")], verbose_eval=False)
        out["xgb_eq_train_s"] = time.perf_counter() - t0
        out["xgb_eq_train_cpu_s"] = time.process_time() - c0
        p = eq.predict(xgb.DMatrix(X[te], nthread=threads), iteration_range=(0, sk_rounds))
        out["xgb_eq_mae"] = float(np.mean(np.abs(p - y[te])))

    if predict_rows > 0:
        # 500 trees of depth 6 (min_child_weight 1: nearly complete), like our synthetic model
        pp = dict(params, min_child_weight=1, eta=0.3)
        small = xgb.DMatrix(X[tr][:20000], label=y[tr][:20000], nthread=threads)
        big = xgb.train(pp, small, num_boost_round=500, verbose_eval=False)
        big.set_param({"nthread": threads})
        PX = np.ascontiguousarray(np.resize(X, (predict_rows, n_cols)))
        big.inplace_predict(PX[:10000])  # warm-up
        t0, c0 = time.perf_counter(), time.process_time()
        big.inplace_predict(PX)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        out["xgb_predict_rows_per_core_s"] = predict_rows / cpu
        out["xgb_predict_wall_rows_per_s"] = predict_rows / wall
except ImportError:
    out["xgb_skipped"] = "python3-xgboost not installed"

try:
    import sklearn
    from sklearn.ensemble import HistGradientBoostingRegressor

    m = HistGradientBoostingRegressor(
        learning_rate=0.05,
        max_iter=sk_rounds,
        max_depth=6,
        max_leaf_nodes=None,
        min_samples_leaf=20,
        l2_regularization=3.0,
        max_bins=255,
        early_stopping=False,
        random_state=7,
    )
    t0, c0 = time.perf_counter(), time.process_time()
    m.fit(X[tr], y[tr])
    out["sk_train_s"] = time.perf_counter() - t0
    out["sk_train_cpu_s"] = time.process_time() - c0
    out["sk_mae"] = float(np.mean(np.abs(m.predict(X[te]) - y[te])))
    out["sk_rounds"] = sk_rounds
    out["sk_version"] = sklearn.__version__
except ImportError:
    out["sk_skipped"] = "python3-sklearn not installed"

print(json.dumps(out))
