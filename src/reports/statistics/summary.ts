/** Summary figures of a list of measurements, such as check-in durations in milliseconds. */
export interface Summary {
  count: number;
  min: number | null;
  mean: number | null;
  median: number | null;
  p95: number | null;
  max: number | null;
}

/**
 * Returns the q-quantile (0 ≤ q ≤ 1) of sorted values by linear interpolation between the
 * closest ranks, the method of Excel's PERCENTILE.INC and R's default (type 7): the value at
 * rank 1 + q·(n − 1). Returns null for an empty list.
 */
export function quantile(sortedValues: readonly number[], q: number): number | null {
  if (q < 0 || q > 1 || Number.isNaN(q)) {
    throw new RangeError(`quantile ${q} is invalid: use a fraction from 0 to 1`);
  }
  if (sortedValues.length === 0) {
    return null;
  }

  const position = q * (sortedValues.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const lowerValue = sortedValues[lower] as number;
  const upperValue = sortedValues[upper] as number;

  return lowerValue + (upperValue - lowerValue) * (position - lower);
}

/** Summarises measurements: count, minimum, mean, median, 95th percentile and maximum. */
export function summarise(values: readonly number[]): Summary {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length !== values.length) {
    throw new RangeError('a measurement is not a finite number; remove missing values before summarising');
  }

  const sorted = [...finite].sort((a, b) => a - b);
  if (sorted.length === 0) {
    return { count: 0, min: null, mean: null, median: null, p95: null, max: null };
  }

  return {
    count: sorted.length,
    min: sorted[0] as number,
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    max: sorted[sorted.length - 1] as number,
  };
}

/** Returns the population standard deviation (divisor n), or null for an empty list. */
export function standardDeviation(values: readonly number[]): number | null {
  if (values.length === 0) {
    return null;
  }

  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;

  return Math.sqrt(variance);
}

/** Returns Pearson's correlation of two equally long lists, or null when either has no variance. */
export function pearsonCorrelation(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length) {
    throw new RangeError(`lists of ${xs.length} and ${ys.length} values cannot be correlated; give equal lengths`);
  }
  if (xs.length < 2) {
    return null;
  }

  const meanX = xs.reduce((sum, value) => sum + value, 0) / xs.length;
  const meanY = ys.reduce((sum, value) => sum + value, 0) / ys.length;

  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  xs.forEach((x, index) => {
    const dx = x - meanX;
    const dy = (ys[index] as number) - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  });

  if (varianceX === 0 || varianceY === 0) {
    return null;
  }

  return covariance / Math.sqrt(varianceX * varianceY);
}
