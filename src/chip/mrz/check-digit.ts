// MRZ check digits (ICAO Doc 9303 Part 3, section 4.9): weights 7, 3, 1 repeating; digits keep
// their value, letters A..Z count 10..35 (upper or lower case), the filler `<` counts 0; the sum
// modulo 10 is the check digit.
import { ChipError } from '../errors.js';

const WEIGHTS = [7, 3, 1] as const;

function characterValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x5a) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x7a) return code - 0x61 + 10;
  if (code === 0x3c) return 0;
  return -1;
}

/** Computes the check digit of an MRZ field; throws MRZ_FORMAT on a character outside 0-9, A-Z, `<`. */
export function computeCheckDigit(field: string): number {
  let sum = 0;

  for (let index = 0; index < field.length; index++) {
    const value = characterValue(field.charCodeAt(index));

    if (value < 0) {
      throw new ChipError('MRZ_FORMAT', `MRZ character "${field[index]}" at field position ${index + 1} is not 0-9, A-Z or <`);
    }

    sum += value * (WEIGHTS[index % 3] as number);
  }

  return sum % 10;
}

/** Returns `field` followed by its check digit. */
export function withCheckDigit(field: string): string {
  return `${field}${computeCheckDigit(field)}`;
}
