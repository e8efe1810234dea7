// A complete set of chip files for a synthetic CCCD holder: MRZ, DG1, DG2, DG13, DG14, DG15,
// EF.COM, EF.CardAccess and EF.SOD signed by a test document signer, plus the chip's private
// keys for active and chip authentication. Tests, benchmarks and the virtual card build their
// cards here.
import { type KeyObject } from 'node:crypto';

import jpeg from 'jpeg-js';

import type { CardDump, CardFiles } from '../chip/dump.js';
import { computeCheckDigit } from '../chip/mrz/check-digit.js';
import { toMrzDate } from '../chip/mrz/dates.js';
import { OID_PK_ECDH } from '../chip/lds/oids.js';
import type { DigestName } from '../chip/pa/algorithms.js';
import {
  CA_ECDH_AES_128, CCCD_CARD_ACCESS, PACE_ECDH_GM_AES_128, buildCardAccess, buildDg1, buildDg13, buildDg14, buildDg15, buildDg2,
  buildEfCom, buildSod, type Dg13BuildOptions, type Dg13Person, type SodBuildOptions,
} from './lds-builder.js';
import type { TestDocumentSigner } from './pki.js';
import { generateKeyPair, type KeySpec } from './x509-builder.js';

/** A synthetic holder with a well-formed ID number (Hà Nội, male, born 1999) that is not issued to any person. */
export const SAMPLE_PERSON: Dg13Person = {
  idNumber: '001099012345',
  fullName: 'Nguyễn Văn An',
  birthDate: '1999-01-01',
  sex: 'M',
  nationality: 'Việt Nam',
  ethnicity: 'Kinh',
  religion: 'Không',
  placeOfOrigin: 'Xã Đông Hưng, Huyện Đông Hưng, Tỉnh Thái Bình',
  placeOfResidence: 'Số 12 Phố Hàng Bạc, Phường Hàng Bạc, Quận Hoàn Kiếm, Hà Nội',
  identifyingMarks: 'Nốt ruồi C:1cm trên trước đầu lông mày trái',
  issueDate: '2021-04-15',
  expiryDate: '2039-01-01',
  fatherName: 'Nguyễn Văn Bình',
  motherName: 'Trần Thị Cúc',
  spouseName: null,
  oldIdNumber: '012345678',
};

/** Holder name in MRZ form: upper-case ASCII without diacritics (đ becomes D). */
export function mrzName(fullName: string): { surname: string; givenNames: string } {
  const ascii = fullName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toUpperCase();
  const [surname = '', ...given] = ascii.split(/\s+/).filter((part) => part !== '');
  return { surname, givenNames: given.join(' ') };
}

/** Builds the three TD1 lines of a CCCD (document number = last 9 digits of the ID). */
export function cccdMrz(person: Pick<Dg13Person, 'idNumber' | 'fullName' | 'birthDate' | 'sex' | 'expiryDate'>): string[] {
  const documentNumber = person.idNumber.slice(3);
  const birth = toMrzDate(person.birthDate);
  const expiry = toMrzDate(person.expiryDate);

  if (birth === null || expiry === null || !/^\d{12}$/.test(person.idNumber)) {
    throw new Error(`cannot build an MRZ: ID "${person.idNumber}" must be 12 digits and the dates YYYY-MM-DD`);
  }

  const line1 = `IDVNM${documentNumber}${computeCheckDigit(documentNumber)}${person.idNumber}<<${computeCheckDigit(person.idNumber)}`;
  const line2Start = `${birth}${computeCheckDigit(birth)}${person.sex}${expiry}${computeCheckDigit(expiry)}VNM`.padEnd(29, '<');
  const composite = computeCheckDigit(line1.slice(5, 30) + line2Start.slice(0, 7) + line2Start.slice(8, 15) + line2Start.slice(18, 29));
  const name = mrzName(person.fullName);
  const line3 = `${name.surname}<<${name.givenNames.replace(/ /g, '<')}`.padEnd(30, '<').slice(0, 30);

  return [line1, `${line2Start}${composite}`, line3];
}

/** Encodes a synthetic noisy gradient (no real face) as a JPEG at quality 90; 140x187 gives about 22 KB. */
export function syntheticFaceImage(width = 240, height = 320, seed = 1): Uint8Array {
  const data = Buffer.alloc(width * height * 4);
  let state = seed >>> 0 || 1;

  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      state = (state * 1103515245 + 12345) >>> 0;
      const noise = state >>> 27;
      const offset = (y * width + x) * 4;
      data[offset] = (x * 255) / width + noise;
      data[offset + 1] = (y * 255) / height + noise;
      data[offset + 2] = ((x + y) * 127) / (width + height) + 64;
      data[offset + 3] = 255;
    }
  }

  return new Uint8Array(jpeg.encode({ data, width, height }, 90).data);
}

export interface DocumentFilesOptions {
  signer: Pick<TestDocumentSigner, 'certificate' | 'privateKey' | 'scheme'>;
  person?: Dg13Person;
  /** Face image (JPEG or JPEG 2000) with its size; default a synthetic 240x320 JPEG. */
  face?: { image: Uint8Array; width: number; height: number };
  /** Digest of the SOD; default SHA-256. */
  digest?: DigestName;
  /** Active authentication key; default ECDSA on brainpoolP256r1. */
  activeAuthenticationKey?: KeySpec;
  dg13?: Dg13BuildOptions;
  /** Passed to the SOD builder for negative tests. */
  sodFaults?: SodBuildOptions['faults'];
}

export interface DocumentFiles {
  files: CardFiles;
  mrz: string[];
  person: Dg13Person;
  /** Private key behind DG15 (active authentication). */
  activeAuthenticationKey: KeyObject;
  /** Private key behind DG14's ChipAuthenticationPublicKeyInfo (ECDH on brainpoolP256r1). */
  chipAuthenticationKey: KeyObject;
}

/** Builds every file of a CCCD chip and signs EF.SOD over DG1, DG2, DG13, DG14 and DG15. */
export function buildDocumentFiles(options: DocumentFilesOptions): DocumentFiles {
  const person = options.person ?? SAMPLE_PERSON;
  const mrz = cccdMrz(person);
  const face = options.face ?? { image: syntheticFaceImage(), width: 240, height: 320 };
  const activeAuthentication = generateKeyPair(options.activeAuthenticationKey ?? { type: 'ec', curve: 'brainpoolP256r1' });
  const chipAuthentication = generateKeyPair({ type: 'ec', curve: 'brainpoolP256r1' });

  const dataGroups: CardFiles = {
    DG1: buildDg1(mrz),
    DG2: buildDg2({ ...face, sex: person.sex }),
    DG13: buildDg13(person, options.dg13),
    DG14: buildDg14([
      { kind: 'ChipAuthenticationPublicKeyInfo', protocol: OID_PK_ECDH, publicKeyInfo: chipAuthentication.publicKeyInfo },
      { kind: 'ChipAuthenticationInfo', protocol: CA_ECDH_AES_128, version: 1 },
      { kind: 'PACEInfo', protocol: PACE_ECDH_GM_AES_128, version: 2, parameterId: 13 },
    ]),
    DG15: buildDg15(activeAuthentication.publicKeyInfo),
  };

  const sodOptions: SodBuildOptions = { dataGroups, digest: options.digest ?? 'sha256', signer: options.signer };
  if (options.sodFaults !== undefined) sodOptions.faults = options.sodFaults;

  const files: CardFiles = {
    'EF.COM': buildEfCom([1, 2, 13, 14, 15]),
    'EF.CardAccess': buildCardAccess(CCCD_CARD_ACCESS),
    'EF.SOD': buildSod(sodOptions),
    ...dataGroups,
  };

  return { files, mrz, person, activeAuthenticationKey: activeAuthentication.privateKey, chipAuthenticationKey: chipAuthentication.privateKey };
}

/** Returns a dump of the document's files, as a reader produces after PACE with the CAN. */
export function documentDump(document: DocumentFiles): CardDump {
  return { files: { ...document.files }, accessControl: 'PACE-CAN' };
}
