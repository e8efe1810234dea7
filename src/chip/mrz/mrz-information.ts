// MRZ_information, the input to the BAC key seed and to the PACE password from the MRZ
// (ICAO Doc 9303 Part 11, section 9.7.2): document number, date of birth and date of expiry,
// each followed by its check digit.
import { ChipError } from '../errors.js';
import { documentNumberFromIdNumber } from '../idnumber/id-number.js';
import { withCheckDigit } from './check-digit.js';
import { toMrzDate } from './dates.js';

export interface MrzInformationInput {
  /** Document number as printed in the MRZ; shorter numbers are padded with `<` to 9. */
  documentNumber: string;
  /** `YYMMDD` or `YYYY-MM-DD`. */
  birthDate: string;
  /** `YYMMDD`, `YYYY-MM-DD`, or null for a card without expiry (991231). */
  expiryDate: string | null;
}

/** Builds MRZ_information, e.g. `L898902C<369080619406236` for the Doc 9303 Appendix D specimen. */
export function mrzInformation(input: MrzInformationInput): string {
  const documentNumber = input.documentNumber.toUpperCase().padEnd(9, '<');
  const birth = toMrzDate(input.birthDate);
  const expiry = toMrzDate(input.expiryDate);

  if (!/^[A-Z0-9<]+$/.test(documentNumber)) {
    throw new ChipError('BAD_INPUT', 'MRZ information: the document number may hold only 0-9, A-Z and <');
  }

  if (birth === null || expiry === null) {
    throw new ChipError('BAD_INPUT', 'MRZ information: birth and expiry dates must be YYMMDD or YYYY-MM-DD (expiry null for no expiry)');
  }

  return withCheckDigit(documentNumber) + withCheckDigit(birth) + withCheckDigit(expiry);
}

/** MRZ_information of a CCCD from registration data: the document number is the last 9 ID digits. */
export function mrzInformationFromIdNumber(idNumber: string, birthDate: string, expiryDate: string | null): string {
  return mrzInformation({ documentNumber: documentNumberFromIdNumber(idNumber), birthDate, expiryDate });
}
