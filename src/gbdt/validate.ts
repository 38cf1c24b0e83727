import { GbdtInputError } from './params.ts';
import type { Dataset } from './types.ts';

/** Input errors name the field, the row and the feature (spec 03 §2.2). */
export function validateDataset(label: string, ds: Dataset, isTraining: boolean): void {
  const { X, nRows, nCols, y, weight, featureNames } = ds;
  if (!Number.isInteger(nRows) || nRows < 1)
    throw new GbdtInputError(`${label}.nRows must be a positive integer`);
  if (!Number.isInteger(nCols) || nCols < 1)
    throw new GbdtInputError(`${label}.nCols must be a positive integer`);
  if (!(X instanceof Float32Array)) throw new GbdtInputError(`${label}.X must be a Float32Array`);
  if (X.length !== nRows * nCols)
    throw new GbdtInputError(
      `${label}.X has length ${X.length}, expected nRows × nCols = ${nRows} × ${nCols} = ${nRows * nCols}`,
    );
  if (!Array.isArray(featureNames) || featureNames.length !== nCols)
    throw new GbdtInputError(
      `${label}.featureNames has length ${featureNames?.length}, expected nCols = ${nCols}`,
    );
  if (!(y instanceof Float32Array) || y.length !== nRows)
    throw new GbdtInputError(`${label}.y must be a Float32Array of length nRows = ${nRows}`);
  for (let i = 0; i < nRows; i++)
    if (!Number.isFinite(y[i])) throw new GbdtInputError(`${label}.y: non-finite label ${y[i]} at row ${i}`);
  if (weight !== undefined) {
    if (!(weight instanceof Float32Array) || weight.length !== nRows)
      throw new GbdtInputError(`${label}.weight must be a Float32Array of length nRows = ${nRows}`);
    let total = 0;
    for (let i = 0; i < nRows; i++) {
      const w = weight[i];
      if (!Number.isFinite(w))
        throw new GbdtInputError(`${label}.weight: non-finite weight ${w} at row ${i}`);
      if (w < 0) throw new GbdtInputError(`${label}.weight: negative weight ${w} at row ${i}`);
      total += w;
    }
    if (!(total > 0)) throw new GbdtInputError(`${label}.weight: total weight is zero`);
  }
  if (isTraining) {
    for (let i = 0; i < X.length; i++) {
      const x = X[i];
      if (x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY) {
        const r = Math.floor(i / nCols);
        const f = i % nCols;
        throw new GbdtInputError(`${label}.X: ${x} at row ${r}, feature ${f} (${featureNames[f]})`);
      }
    }
  }
}
