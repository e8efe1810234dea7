import type { Kysely } from 'kysely';

import { DEFAULT_PRICE_LIST, validatePriceList, type PriceList } from '../../reports/cost.js';
import { newId, nowIso, toNumber } from '../db/columns.js';
import type { Database } from '../db/schema.js';

export interface StoredPriceList {
  prices: PriceList;
  /** Null when no price list is stored and the plan's defaults apply. */
  id: string | null;
  createdAt: string | null;
}

/** Loads the department's newest price list, or the plan's defaults when none is stored. */
export async function loadPriceList(db: Kysely<Database>, departmentId: string): Promise<StoredPriceList> {
  const row = await db
    .selectFrom('report_price_lists')
    .selectAll()
    .where('department_id', '=', departmentId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();

  if (row === undefined) {
    return { prices: { ...DEFAULT_PRICE_LIST }, id: null, createdAt: null };
  }

  return {
    id: row.id,
    createdAt: row.created_at,
    prices: {
      readerPrice: toNumber(row.reader_price),
      readerVatRate: row.reader_vat_rate,
      licencePricePerUnitYear: toNumber(row.licence_price_per_unit_year),
      licenceVatRate: row.licence_vat_rate,
      verificationFeePerCheck: toNumber(row.verification_fee_per_check),
      verificationVatRate: row.verification_vat_rate,
    },
  };
}

/**
 * Stores a new version of the department's price list after validating it, and returns its
 * id. Earlier versions stay, so a past cost report can be traced to the prices it used.
 */
export async function savePriceList(db: Kysely<Database>, departmentId: string, prices: PriceList, userId: string | null): Promise<string> {
  validatePriceList(prices);

  const id = newId();
  await db
    .insertInto('report_price_lists')
    .values({
      id,
      department_id: departmentId,
      reader_price: prices.readerPrice,
      reader_vat_rate: prices.readerVatRate,
      licence_price_per_unit_year: prices.licencePricePerUnitYear,
      licence_vat_rate: prices.licenceVatRate,
      verification_fee_per_check: prices.verificationFeePerCheck,
      verification_vat_rate: prices.verificationVatRate,
      created_by: userId,
      created_at: nowIso(),
    })
    .execute();

  return id;
}
