// Comparison rules for short answers: Unicode NFC, case folding and whitespace folding for
// text; numbers accept `,` or `.` as the decimal mark.

/** Folds a text for comparison: NFC, lower case (Vietnamese rules), trimmed, inner spaces collapsed. */
export function foldText(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/gu, ' ').trim();
}

const NUMBER_PATTERN = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/u;

/**
 * Parses a number written with `,` or `.` as the decimal mark (one mark at most, no thousands
 * separators, spaces ignored); returns null when the text is not such a number.
 */
export function parseDecimal(text: string): number | null {
  const compact = text.normalize('NFC').replace(/\s+/gu, '').replace('\u2212', '-');

  if (!NUMBER_PATTERN.test(compact)) {
    return null;
  }

  const value = Number(compact.replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}
