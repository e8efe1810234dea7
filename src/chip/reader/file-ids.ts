// File identifiers of the eMRTD elementary files (ICAO Doc 9303 Part 10 section 3.10 and 4.6).
import type { DumpFileName } from '../dump.js';

export const FILE_IDS: Readonly<Partial<Record<DumpFileName, number>>> = {
  'EF.CardAccess': 0x011c,
  'EF.COM': 0x011e,
  'EF.SOD': 0x011d,
  DG1: 0x0101,
  DG2: 0x0102,
  DG3: 0x0103,
  DG4: 0x0104,
  DG5: 0x0105,
  DG6: 0x0106,
  DG7: 0x0107,
  DG8: 0x0108,
  DG9: 0x0109,
  DG10: 0x010a,
  DG11: 0x010b,
  DG12: 0x010c,
  DG13: 0x010d,
  DG14: 0x010e,
  DG15: 0x010f,
  DG16: 0x0110,
};

/** The eMRTD application identifier (LDS1), selected before the data groups. */
export const EMRTD_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01);
