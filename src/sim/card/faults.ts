// Named faults of the virtual card. Each one makes a genuine reader or verifier fail in its own
// way: the file and signature faults change the card image when it is built, the others act
// while the card answers APDUs.

/** Every fault name, as `examgate sim card --fault NAME[=VALUE]` takes it. */
export const CARD_FAULTS = {
  'tampered-dg': 'a data group changed after signing, so its hash no longer matches EF.SOD (value: the data group, default DG2)',
  'dg-missing-from-sod': 'EF.SOD has no hash for a data group the chip holds (value: the data group, default DG13)',
  'broken-sod-signature': 'the signature of EF.SOD does not verify',
  'expired-signer': 'EF.SOD is signed by a document signer whose certificate has expired',
  'unknown-signer': 'EF.SOD is signed under a CSCA that is not in the trust store',
  'cloned-chip': 'the chip answers active and chip authentication with keys that do not match DG15 and DG14',
  'card-pulled-out': 'the card leaves the reader when a given APDU arrives (value: the APDU number, default 40)',
  'sm-error': 'the card answers a given APDU with 6988 and drops secure messaging (value: the APDU number, default 20)',
  'wrong-can': 'the chip expects another CAN than the one printed on the card, so PACE with the CAN fails',
  'slow-card': 'the card waits before every answer (value: milliseconds, default 150)',
} as const;

export type CardFaultName = keyof typeof CARD_FAULTS;

/** One fault with its optional value (a data group name, an APDU number or milliseconds). */
export interface CardFault {
  name: CardFaultName;
  value?: string;
}

export const DEFAULT_TAMPERED_GROUP = 'DG2';
export const DEFAULT_GROUP_MISSING_FROM_SOD = 'DG13';
export const DEFAULT_PULL_OUT_APDU = 40;
export const DEFAULT_SM_ERROR_APDU = 20;
export const DEFAULT_SLOW_CARD_LATENCY_MS = 150;

const DATA_GROUP = /^DG([1-9]|1[0-6])$/;

/** Parses `NAME` or `NAME=VALUE`; throws with the list of names when the name is unknown. */
export function parseCardFault(text: string): CardFault {
  const [name = '', value] = text.split('=', 2);

  if (!(name in CARD_FAULTS)) {
    const known = Object.keys(CARD_FAULTS).join(', ');
    throw new Error(`unknown card fault "${name}"; expected one of ${known}`);
  }

  const fault: CardFault = { name: name as CardFaultName };

  if (value === undefined || value === '') {
    return fault;
  }

  const expectsGroup = name === 'tampered-dg' || name === 'dg-missing-from-sod';
  const expectsNumber = name === 'card-pulled-out' || name === 'sm-error' || name === 'slow-card';

  if (expectsGroup && !DATA_GROUP.test(value)) {
    throw new Error(`card fault ${name}: "${value}" is not a data group; expected DG1 to DG16`);
  }

  if (expectsNumber && !/^[1-9]\d{0,5}$/.test(value)) {
    throw new Error(`card fault ${name}: "${value}" is not a positive whole number`);
  }

  if (!expectsGroup && !expectsNumber) {
    throw new Error(`card fault ${name} takes no value, got "${value}"`);
  }

  fault.value = value;
  return fault;
}

/** `NAME` or `NAME=VALUE` of a fault. */
export function formatCardFault(fault: CardFault): string {
  return fault.value === undefined ? fault.name : `${fault.name}=${fault.value}`;
}
