"""Reference GBDTs for `npm run bench -- gbdt` (spec 03 §2.12), run with Debian's /usr/bin/python3.

Reads the float32 dataset written by bench/gbdt.ts, trains XGBoost hist and scikit-learn
HistGradientBoostingRegressor at matched settings, prints one JSON line.
Usage: gbdt-ref.py DIR N_ROWS N_COLS THREADS SK_ROUNDS
"""
import json
import os
import sys
import time

d, n_rows, n_cols, threads, sk_rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
os.environ["OMP_NUM_THREADS"] = str(threads)  # before sklearn / xgboost load OpenMP

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
    out["xgb_version"] = xgb.__version__
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
