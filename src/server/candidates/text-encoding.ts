// Decoding of CSV candidate lists and detection of the legacy Vietnamese encodings.
//
// Lists come as UTF-8 (with or without a byte-order mark) or as Windows-1258, the Windows code
// page for Vietnamese. Older lists were typed with the 8-bit font encodings TCVN3 (ABC, fonts
// .VnTime...) and VNI (fonts VNI-Times...), which reuse the bytes 0x80-0xFF of the Latin
// code pages for Vietnamese letters; read as Windows-1258 they turn "Nguyễn Văn Đức" into
// "NguyÔn V¨n §øc" (TCVN3) or "Nguyeãn Vaên Ñöùc" (VNI). Converting them needs the font
// tables, so the import names the encoding and asks for a Unicode file instead of guessing.
import iconv from 'iconv-lite';

export type LegacyEncoding = 'TCVN3' | 'VNI';
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1258';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

// TCVN3 stores lower-case Vietnamese letters at 0xA8-0xAE (ă â ê ô ơ ư đ) and 0xB5-0xFE (letters
// with tone marks). Those below read as symbols in Windows-1258 (¨ © ª « ¬ ® µ ¶ · ¸ ¹ º » ¼ ½ ¾), which never stand next to a
// letter in Vietnamese text. Ô, Õ and Ö between two lower-case letters ("NguyÔn") are TCVN3's
// ễ, ế and ệ. § is TCVN3's Đ before a lower-case letter.
const TCVN3_SYMBOL_LETTERS = /[a-zA-Z][\u00a8-\u00ae\u00b5-\u00be]|[\u00a8-\u00ae\u00b5-\u00be][a-zA-Z]/g;
const TCVN3_CAPITALS_IN_WORD = /[a-z][\u00d4-\u00d6][a-z]/g;
const TCVN3_D_STROKE = /\u00a7[a-z]/g;

// VNI writes a base letter followed by a mark byte. Read as Windows-1258, the marks become
// letters that Vietnamese never uses (ø ï å ä ë ü û ö ñ Ñ, and Ö, Ø after a capital), or pairs
// that no Vietnamese syllable contains: a or e followed by â ê á à ã é è ú ("Vaên", "Nguyeãn"),
// and "oâ".
const VNI_MARKS = /[a-zA-Z][\u00f8\u00ef\u00e5\u00e4\u00eb\u00fc\u00fb\u00f6\u00d8\u00cf\u00c5\u00c4\u00cb\u00dc\u00db\u00d6]|[\u00d1\u00f1][a-zA-Z\u00f6\u00f4]/g;
const VNI_VOWEL_PAIRS = /[aeAE][\u00e2\u00ea\u00e1\u00e0\u00e3\u00e9\u00e8\u00fa]|[oO]\u00e2/g;

/** Minimum number of tell-tale letter pairs before a text counts as a legacy encoding. */
const LEGACY_MIN_MATCHES = 2;

function countMatches(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * Names the legacy encoding (TCVN3 or VNI) a text was typed in, or returns null. `text` holds
 * characters as read through a Latin code page (bytes as Latin-1, or cells of a workbook typed
 * with a legacy font), so legacy bytes show as the Latin-1 letters they share codes with.
 */
export function detectLegacyEncoding(text: string): LegacyEncoding | null {
  const tcvn3 = countMatches(text, TCVN3_SYMBOL_LETTERS) + countMatches(text, TCVN3_CAPITALS_IN_WORD) + countMatches(text, TCVN3_D_STROKE);
  const vni = countMatches(text, VNI_MARKS) + countMatches(text, VNI_VOWEL_PAIRS);

  if (Math.max(tcvn3, vni) < LEGACY_MIN_MATCHES) {
    return null;
  }

  return vni > tcvn3 ? 'VNI' : 'TCVN3';
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export type DecodedText = { ok: true; text: string; encoding: TextEncoding } | { ok: false; legacyEncoding: LegacyEncoding };

/**
 * Decodes a CSV file: UTF-8 with or without a byte-order mark, else Windows-1258. Returns
 * `ok: false` with the encoding's name for TCVN3 and VNI files. The text is in Unicode NFC.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodedText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  if (buffer.subarray(0, 3).equals(UTF8_BOM)) {
    return checkedText(buffer.subarray(3).toString('utf8'), 'utf-8-bom');
  }

  if (isValidUtf8(buffer)) {
    return checkedText(buffer.toString('utf8'), 'utf-8');
  }

  const legacy = detectLegacyEncoding(buffer.toString('latin1'));

  if (legacy !== null) {
    return { ok: false, legacyEncoding: legacy };
  }

  // Windows-1258 writes most tone marks as combining characters after the letter; NFC joins them.
  return { ok: true, text: iconv.decode(buffer, 'windows1258').normalize('NFC'), encoding: 'windows-1258' };
}

function checkedText(text: string, encoding: TextEncoding): DecodedText {
  // A UTF-8 file can still carry legacy text, when a TCVN3 or VNI file was converted as if it
  // were Latin-1.
  const legacy = detectLegacyEncoding(text);
  return legacy === null ? { ok: true, text: text.normalize('NFC'), encoding } : { ok: false, legacyEncoding: legacy };
}
