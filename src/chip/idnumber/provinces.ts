// Province codes of the 12-digit personal identification number, kept as data in
// provinces.json so that codes added after the 2025 merger of provinces need no code change.
import provinceData from './provinces.json' with { type: 'json' };

export interface Province {
  /** Three-digit code, e.g. `001`. */
  code: string;
  /** Vietnamese name in Unicode NFC, e.g. `Hà Nội`. */
  name: string;
}

const PROVINCES_BY_CODE: ReadonlyMap<string, Province> = new Map(
  provinceData.provinces.map((province) => [province.code, { code: province.code, name: province.name }]),
);

/** Every known province code, in code order. */
export const PROVINCE_CODES: readonly string[] = [...PROVINCES_BY_CODE.keys()].sort();

/** Returns the province for a three-digit code, or undefined when the code is not known. */
export function findProvince(code: string): Province | undefined {
  return PROVINCES_BY_CODE.get(code);
}
