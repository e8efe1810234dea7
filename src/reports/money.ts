/**
 * Amounts in whole Vietnamese đồng (VND). The đồng has no minor unit in use, so every amount
 * is an integer, and rates are held in basis points (1/100 of a percent: 10% = 1000) so that
 * no binary fraction enters a sum.
 */
export type Vnd = number;

/** A VAT or other rate in basis points: 1000 is 10%, 0 is exempt or not applicable. */
export type BasisPoints = number;

const BASIS_POINTS_PER_UNIT = 10_000n;

/**
 * Applies a rate to an amount and rounds the result to whole đồng, half away from zero
 * (0.5 đồng rounds up). Works in BigInt so that large line totals keep every digit.
 */
export function applyRate(amount: Vnd, rate: BasisPoints): Vnd {
  assertWholeVnd(amount, 'amount');
  assertRate(rate);

  const product = BigInt(amount) * BigInt(rate);
  const sign = product < 0n ? -1n : 1n;
  const magnitude = product < 0n ? -product : product;
  const rounded = (magnitude * 2n + BASIS_POINTS_PER_UNIT) / (BASIS_POINTS_PER_UNIT * 2n);

  return Number(sign * rounded);
}

/** Multiplies a price by a quantity, rejecting results that lose integer precision. */
export function multiplyVnd(price: Vnd, quantity: number): Vnd {
  assertWholeVnd(price, 'price');

  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw new RangeError(`quantity ${quantity} is invalid: use a whole number of 0 or more`);
  }

  const product = BigInt(price) * BigInt(quantity);
  if (product > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`line total ${product} VND exceeds the largest exact amount; split the estimate`);
  }

  return Number(product);
}

export function assertWholeVnd(amount: Vnd, name: string): void {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`${name} ${amount} VND is invalid: amounts are whole đồng`);
  }
}

export function assertRate(rate: BasisPoints): void {
  if (!Number.isInteger(rate) || rate < 0 || rate > 10_000) {
    throw new RangeError(`rate ${rate} basis points is invalid: use 0 to 10000 (10% is 1000)`);
  }
}

/** Formats an amount as Vietnamese text with dots between thousands: 24.293.400. */
export function formatVnd(amount: Vnd): string {
  return new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 }).format(amount);
}
