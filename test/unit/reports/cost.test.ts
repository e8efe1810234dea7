import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEFAULT_PRICE_LIST, computeRoundCost, estimateCost, validatePriceList } from '../../../src/reports/cost.js';
import { applyRate, formatVnd } from '../../../src/reports/money.js';

describe('cost estimate', () => {
  it('reproduces the plan for one unit of 1,000 candidates', () => {
    const table = estimateCost(DEFAULT_PRICE_LIST, { candidates: 1000, units: 1 });
    const [reader, licence, verification] = table.lines;

    assert.equal(table.lines.length, 3);
    assert.ok(reader && licence && verification);

    assert.equal(reader.code, 'reader');
    assert.equal(reader.quantity, 1);
    assert.equal(reader.net, 6_669_000);
    assert.equal(reader.vat, 666_900);
    assert.equal(reader.gross, 7_335_900);

    assert.equal(licence.code, 'licence');
    assert.equal(licence.net, 10_000_000);
    assert.equal(licence.vat, 0);
    assert.equal(licence.gross, 10_000_000);

    assert.equal(verification.code, 'verification');
    assert.equal(verification.quantity, 1000);
    assert.equal(verification.unitPrice, 6_325);
    assert.equal(verification.net, 6_325_000);
    assert.equal(verification.vat, 632_500);
    assert.equal(verification.gross, 6_957_500);

    assert.equal(table.total, 24_293_400);
    assert.equal(table.totalNet + table.totalVat, table.total);
  });

  it('scales readers, licences and checks', () => {
    const table = estimateCost(DEFAULT_PRICE_LIST, { candidates: 3000, units: 3, readersPerUnit: 2, years: 2 });

    assert.deepEqual(table.lines.map((line) => line.quantity), [6, 6, 3000]);
    assert.equal(table.lines[0]?.net, 6 * 6_669_000);
    assert.equal(table.lines[1]?.net, 6 * 10_000_000);
    assert.equal(table.lines[2]?.vat, 1_897_500);
  });

  it('computes VAT on the line total', () => {
    // 3 checks at 6,325 VND: VAT per item would be 632.5 each (1,899 after rounding each
    // up); on the line total 18,975 it is 1,897.5, which rounds to 1,898.
    const prices = { ...DEFAULT_PRICE_LIST };
    const table = computeRoundCost(prices, { billableChecks: 3 });

    assert.equal(table.lines.length, 1);
    assert.equal(table.lines[0]?.net, 18_975);
    assert.equal(table.lines[0]?.vat, 1_898);
    assert.equal(table.total, 20_873);
  });

  it('adds readers and licences to a round', () => {
    const table = computeRoundCost(DEFAULT_PRICE_LIST, { billableChecks: 40, readers: 1, licenceUnitYears: 1 });

    assert.deepEqual(table.lines.map((line) => line.code), ['reader', 'licence', 'verification']);
    assert.equal(table.lines[2]?.net, 253_000);
    assert.equal(table.total, 7_335_900 + 10_000_000 + 278_300);
  });

  it('rejects invalid prices and counts', () => {
    assert.throws(() => validatePriceList({ ...DEFAULT_PRICE_LIST, readerPrice: -1 }), /readerPrice -1 VND/);
    assert.throws(() => validatePriceList({ ...DEFAULT_PRICE_LIST, readerPrice: 1.5 }), /whole đồng/);
    assert.throws(() => validatePriceList({ ...DEFAULT_PRICE_LIST, licenceVatRate: 10.5 }), /basis points/);
    assert.throws(() => estimateCost(DEFAULT_PRICE_LIST, { candidates: -3, units: 1 }), /candidates -3/);
    assert.throws(() => computeRoundCost(DEFAULT_PRICE_LIST, { billableChecks: 0.5 }), /billable checks 0.5/);
  });
});

describe('money', () => {
  it('rounds half away from zero', () => {
    assert.equal(applyRate(5, 1000), 1);
    assert.equal(applyRate(4, 1000), 0);
    assert.equal(applyRate(15, 1000), 2);
    assert.equal(applyRate(-15, 1000), -2);
    assert.equal(applyRate(Number.MAX_SAFE_INTEGER - 1, 10_000), Number.MAX_SAFE_INTEGER - 1);
  });

  it('formats with Vietnamese grouping', () => {
    assert.equal(formatVnd(24_293_400), '24.293.400');
  });
});
