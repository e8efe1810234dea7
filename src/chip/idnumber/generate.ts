// Seeded generator of valid-looking test identities for tests, fixtures and the demo. The
// numbers follow every structure rule but are made up: they belong to no real person.
import { ChipError } from '../errors.js';
import { centuryDigitFor, type Sex } from './id-number.js';
import { PROVINCE_CODES } from './provinces.js';

export interface GeneratedIdentity {
  idNumber: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  sex: Sex;
  provinceCode: string;
}

export interface IdNumberGeneratorOptions {
  /** First and last year of birth, inclusive. Default 1960..2008. */
  birthYears?: [number, number];
  /** Fixed sex; default random. */
  sex?: Sex;
  /** Fixed province code; default random among the known codes. */
  provinceCode?: string;
}

/** A generator that returns the same sequence of identities for the same seed. */
export interface IdNumberGenerator {
  next(options?: IdNumberGeneratorOptions): GeneratedIdentity;
}

/** Creates a deterministic generator (mulberry32 PRNG) from a 32-bit seed. */
export function createIdNumberGenerator(seed: number): IdNumberGenerator {
  let state = seed >>> 0;

  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const integer = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

  return {
    next(options: IdNumberGeneratorOptions = {}): GeneratedIdentity {
      const [firstYear, lastYear] = options.birthYears ?? [1960, 2008];

      if (firstYear > lastYear || firstYear < 1900 || lastYear > 2399) {
        throw new ChipError('BAD_INPUT', `birth years ${firstYear}..${lastYear} must be an ascending range inside 1900..2399`);
      }

      const provinceCode = options.provinceCode ?? (PROVINCE_CODES[integer(0, PROVINCE_CODES.length - 1)] as string);
      const sex: Sex = options.sex ?? (random() < 0.5 ? 'M' : 'F');
      const year = integer(firstYear, lastYear);
      const month = integer(1, 12);
      const day = integer(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
      const sequence = String(integer(0, 999_999)).padStart(6, '0');
      const idNumber = `${provinceCode}${centuryDigitFor(year, sex)}${String(year % 100).padStart(2, '0')}${sequence}`;
      const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

      return { idNumber, birthDate, sex, provinceCode };
    },
  };
}
