import { applyRate, assertRate, assertWholeVnd, multiplyVnd, type BasisPoints, type Vnd } from './money.js';

/**
 * The prices the department sets for the cost report. Every price is net of VAT, in whole
 * đồng; each has its own VAT rate because the software licence may be exempt while readers
 * and verification fees carry VAT.
 */
export interface PriceList {
  /** One contactless card reader for a check-in station, bought once. */
  readerPrice: Vnd;
  readerVatRate: BasisPoints;

  /** The software licence for one unit for one year. */
  licencePricePerUnitYear: Vnd;
  licenceVatRate: BasisPoints;

  /** One billable check against the national population database (one per candidate per exam event). */
  verificationFeePerCheck: Vnd;
  verificationVatRate: BasisPoints;
}

/**
 * The prices of the department's pilot plan, used when no price list is stored. A reader costs
 * 6,669,000 VND with 10% VAT, and the licence 10,000,000 VND per unit per year without VAT.
 * A verification costs 6,325 VND with 10% VAT.
 */
export const DEFAULT_PRICE_LIST: Readonly<PriceList> = Object.freeze({
  readerPrice: 6_669_000,
  readerVatRate: 1000,
  licencePricePerUnitYear: 10_000_000,
  licenceVatRate: 0,
  verificationFeePerCheck: 6_325,
  verificationVatRate: 1000,
});

export type CostLineCode = 'reader' | 'licence' | 'verification';

/** One line of the cost table. VAT is computed on the line's net total, never per item. */
export interface CostLine {
  code: CostLineCode;
  labelVi: string;
  labelEn: string;
  unitVi: string;
  unitEn: string;
  quantity: number;
  unitPrice: Vnd;
  net: Vnd;
  vatRate: BasisPoints;
  vat: Vnd;
  gross: Vnd;
}

export interface CostTable {
  lines: CostLine[];
  totalNet: Vnd;
  totalVat: Vnd;
  total: Vnd;
  /** The rounding rule, stated in the report beside the figures. */
  roundingVi: string;
  roundingEn: string;
}

export interface CostEstimateInput {
  candidates: number;
  units: number;
  /** Card readers per unit; default 1. */
  readersPerUnit?: number;
  /** Licence years; default 1. */
  years?: number;
  /** Exam events in which every candidate is verified once; default 1. */
  examEvents?: number;
}

export interface RoundCostInput {
  /** Billable checks the registry adapter metered in the round (repeated taps are not billed). */
  billableChecks: number;
  /** Readers bought for the round; default 0 because readers are usually bought once beforehand. */
  readers?: number;
  /** Unit licence years charged to the round; default 0. */
  licenceUnitYears?: number;
}

export const ROUNDING_RULE_VI =
  'Thuế GTGT tính trên thành tiền của từng dòng, làm tròn đến đồng (từ 0,5 đồng làm tròn lên).';
export const ROUNDING_RULE_EN =
  'VAT is computed on each line total and rounded to whole đồng (0.5 đồng and above rounds up).';

/** Builds the cost estimate for N candidates in M units with the given price list. */
export function estimateCost(prices: PriceList, input: CostEstimateInput): CostTable {
  validatePriceList(prices);

  const readersPerUnit = input.readersPerUnit ?? 1;
  const years = input.years ?? 1;
  const examEvents = input.examEvents ?? 1;
  assertCount(input.candidates, 'candidates');
  assertCount(input.units, 'units');
  assertCount(readersPerUnit, 'readers per unit');
  assertCount(years, 'years');
  assertCount(examEvents, 'exam events');

  const lines = [
    readerLine(prices, input.units * readersPerUnit),
    licenceLine(prices, input.units * years),
    verificationLine(prices, input.candidates * examEvents),
  ];

  return totalTable(lines);
}

/**
 * Builds the actual cost of a round from the metered billable checks, plus readers and
 * licence years when the department charges them to that round.
 */
export function computeRoundCost(prices: PriceList, input: RoundCostInput): CostTable {
  validatePriceList(prices);

  const readers = input.readers ?? 0;
  const licenceUnitYears = input.licenceUnitYears ?? 0;
  assertCount(input.billableChecks, 'billable checks');
  assertCount(readers, 'readers');
  assertCount(licenceUnitYears, 'licence unit-years');

  const lines: CostLine[] = [];
  if (readers > 0) {
    lines.push(readerLine(prices, readers));
  }
  if (licenceUnitYears > 0) {
    lines.push(licenceLine(prices, licenceUnitYears));
  }
  lines.push(verificationLine(prices, input.billableChecks));

  return totalTable(lines);
}

/** Rejects a price list with a negative, fractional or oversized price or an invalid rate. */
export function validatePriceList(prices: PriceList): void {
  const amounts: [keyof PriceList, Vnd][] = [
    ['readerPrice', prices.readerPrice],
    ['licencePricePerUnitYear', prices.licencePricePerUnitYear],
    ['verificationFeePerCheck', prices.verificationFeePerCheck],
  ];
  for (const [name, amount] of amounts) {
    assertWholeVnd(amount, name);
    if (amount < 0) {
      throw new RangeError(`${name} ${amount} VND is invalid: a price cannot be negative`);
    }
  }

  assertRate(prices.readerVatRate);
  assertRate(prices.licenceVatRate);
  assertRate(prices.verificationVatRate);
}

function readerLine(prices: PriceList, quantity: number): CostLine {
  return buildLine('reader', 'Đầu đọc thẻ CCCD gắn chip', 'Chip card reader', 'chiếc', 'piece',
    quantity, prices.readerPrice, prices.readerVatRate);
}

function licenceLine(prices: PriceList, quantity: number): CostLine {
  return buildLine('licence', 'Bản quyền phần mềm (đơn vị/năm)', 'Software licence (unit/year)', 'đơn vị-năm', 'unit-year',
    quantity, prices.licencePricePerUnitYear, prices.licenceVatRate);
}

function verificationLine(prices: PriceList, quantity: number): CostLine {
  return buildLine('verification', 'Phí xác thực CSDL quốc gia về dân cư', 'Population database verification fee', 'lượt', 'check',
    quantity, prices.verificationFeePerCheck, prices.verificationVatRate);
}

function buildLine(
  code: CostLineCode,
  labelVi: string,
  labelEn: string,
  unitVi: string,
  unitEn: string,
  quantity: number,
  unitPrice: Vnd,
  vatRate: BasisPoints,
): CostLine {
  const net = multiplyVnd(unitPrice, quantity);
  const vat = applyRate(net, vatRate);

  return { code, labelVi, labelEn, unitVi, unitEn, quantity, unitPrice, net, vatRate, vat, gross: net + vat };
}

function totalTable(lines: CostLine[]): CostTable {
  const totalNet = lines.reduce((sum, line) => sum + line.net, 0);
  const totalVat = lines.reduce((sum, line) => sum + line.vat, 0);

  return {
    lines,
    totalNet,
    totalVat,
    total: totalNet + totalVat,
    roundingVi: ROUNDING_RULE_VI,
    roundingEn: ROUNDING_RULE_EN,
  };
}

function assertCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} ${value} is invalid: use a whole number of 0 or more`);
  }
}
