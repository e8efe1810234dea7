// The card image (CARD.json): every file of a virtual CCCD, the chip's private keys, its access
// data (CAN, MRZ) and the faults it was built with. `examgate sim card` writes it from a person
// record and a test PKI; `examgate sim insert` and tests turn it into a VirtualCard.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

import { fromBase64, toBase64 } from '../chip/codec/bytes.js';
import { DUMP_FILE_NAMES, type CardFiles, type DumpFileName } from '../chip/dump.js';
import { canFromIdNumber } from '../chip/idnumber/index.js';
import { mrzInformationFromIdNumber } from '../chip/mrz/index.js';
import type { DigestName } from '../chip/pa/algorithms.js';
import { VirtualCard, type RuntimeFaults, type VirtualCardOptions } from './card/virtual-card.js';
import {
  DEFAULT_GROUP_MISSING_FROM_SOD, DEFAULT_PULL_OUT_APDU, DEFAULT_SLOW_CARD_LATENCY_MS, DEFAULT_SM_ERROR_APDU, DEFAULT_TAMPERED_GROUP,
  formatCardFault, parseCardFault, type CardFault,
} from './card/faults.js';
import { buildDocumentFiles, type DocumentFiles } from './document-files.js';
import { faceJpeg, faceJpeg2000, type FacePicture } from './face.js';
import { buildEfCom, buildSod } from './lds-builder.js';
import type { PersonRecord } from './person.js';
import { findSigner, type TestDocumentSigner, type TestPki } from './pki.js';
import { generateKeyPair, type KeySpec } from './x509-builder.js';

export const CARD_IMAGE_FORMAT = 'examgate-card-image/1';

/** Document signer used unless a fault or the caller picks another. */
export const DEFAULT_SIGNER_ID = 'ds-brainpoolP256r1';

/** Card behaviour on the wire. */
export interface CardBehaviour {
  /** Largest Ne of a short READ BINARY. Default 0xDF. */
  maxShortLe: number;
  extendedLength: boolean;
  /** Delay before each response, in milliseconds. */
  latencyMs: number;
}

/** A card image in memory. */
export interface CardImage {
  files: CardFiles;
  access: { can: string; mrz: string[]; mrzInformation: string };
  /** Private keys; `activeAuthentication` is null for a card without DG15. */
  keys: { activeAuthentication: KeyObject | null; chipAuthentication: KeyObject };
  behaviour: CardBehaviour;
  faults: CardFault[];
  runtimeFaults: RuntimeFaults;
  /** Id of the test PKI's document signer that signed EF.SOD. */
  signerId: string;
}

/** JSON form of a card image (CARD.json): bytes in base64, keys as PKCS #8 PEM. */
export interface CardImageJson {
  format: typeof CARD_IMAGE_FORMAT;
  files: Partial<Record<DumpFileName, string>>;
  access: { can: string; mrz: string[]; mrzInformation: string };
  keys: { activeAuthentication: string | null; chipAuthentication: string };
  behaviour: CardBehaviour;
  faults: string[];
  runtimeFaults: RuntimeFaults;
  signerId: string;
}

export interface BuildCardImageOptions {
  person: PersonRecord;
  pki: TestPki;
  /** Document signer of the test PKI. Default ds-brainpoolP256r1; the signer faults override it. */
  signerId?: string;
  /** DG2 face format. Default JPEG. */
  faceFormat?: 'jpeg' | 'jpeg2000';
  /**
   * Active authentication key. Default ECDSA on brainpoolP256r1. Null issues the card without
   * DG15, so the chip proves itself by chip authentication with its DG14 key only.
   */
  activeAuthenticationKey?: KeySpec | null;
  digest?: DigestName;
  faults?: CardFault[];
  behaviour?: Partial<CardBehaviour>;
}

/** Builds a card image: a generated face, every LDS file signed by the test PKI, then the faults. */
export async function buildCardImage(options: BuildCardImageOptions): Promise<CardImage> {
  const faults = options.faults ?? [];
  const has = (name: CardFault['name']): CardFault | undefined => faults.find((fault) => fault.name === name);
  const signerId = has('expired-signer') ? 'ds-expired' : has('unknown-signer') ? 'ds-unknown-issuer' : (options.signerId ?? DEFAULT_SIGNER_ID);
  const signer = findSigner(options.pki, signerId);
  const seed = Number(options.person.idNumber.slice(-6));
  const face: FacePicture = options.faceFormat === 'jpeg2000' ? await faceJpeg2000({ seed }) : faceJpeg({ seed });
  const aaSpec = options.activeAuthenticationKey ?? { type: 'ec', curve: 'brainpoolP256r1' };
  const withoutDg15 = options.activeAuthenticationKey === null;
  const digest = options.digest ?? 'sha256';

  const document = buildDocumentFiles({
    signer,
    person: options.person,
    face: { image: face.image, width: face.width, height: face.height },
    activeAuthenticationKey: aaSpec,
    digest,
  });

  // NOTE: EF.COM lists DG1, DG2, DG13, DG14 and DG15 (when the card has it); a real CCCD also
  // lists DG3, which the card answers with 6982 when it is read (see file-system.ts).
  const image: CardImage = {
    files: { ...document.files },
    access: {
      can: canFromIdNumber(options.person.idNumber),
      mrz: document.mrz,
      mrzInformation: mrzInformationFromIdNumber(options.person.idNumber, options.person.birthDate, options.person.expiryDate),
    },
    keys: { activeAuthentication: document.activeAuthenticationKey, chipAuthentication: document.chipAuthenticationKey },
    behaviour: { maxShortLe: 0xdf, extendedLength: false, latencyMs: 0, ...options.behaviour },
    faults: [...faults],
    runtimeFaults: {},
    signerId,
  };

  if (withoutDg15) {
    removeDg15(image, { document, signer, digest, aaSpec });
  }

  for (const fault of faults) {
    applyFault(image, fault, { document, signer, digest, aaSpec });
  }

  return image;
}

interface FaultContext {
  document: DocumentFiles;
  signer: TestDocumentSigner;
  digest: DigestName;
  aaSpec: KeySpec;
}

function applyFault(image: CardImage, fault: CardFault, context: FaultContext): void {
  switch (fault.name) {
    case 'tampered-dg':
      tamperDataGroup(image.files, (fault.value ?? DEFAULT_TAMPERED_GROUP) as DumpFileName);
      return;
    case 'dg-missing-from-sod':
      image.files['EF.SOD'] = resignWithout(image.files, (fault.value ?? DEFAULT_GROUP_MISSING_FROM_SOD) as DumpFileName, context);
      return;
    case 'broken-sod-signature':
      breakSodSignature(image.files);
      return;
    case 'cloned-chip':
      // A clone copies the files but cannot copy the private keys, so it uses keys of its own.
      image.keys = {
        activeAuthentication: image.keys.activeAuthentication === null ? null : generateKeyPair(context.aaSpec).privateKey,
        chipAuthentication: generateKeyPair({ type: 'ec', curve: 'brainpoolP256r1' }).privateKey,
      };
      return;
    case 'wrong-can':
      image.access.can = String((Number(image.access.can) + 500_001) % 1_000_000).padStart(6, '0');
      return;
    case 'card-pulled-out':
      image.runtimeFaults.pullOutAtApdu = Number(fault.value ?? DEFAULT_PULL_OUT_APDU);
      return;
    case 'sm-error':
      image.runtimeFaults.smErrorAtApdu = Number(fault.value ?? DEFAULT_SM_ERROR_APDU);
      return;
    case 'slow-card':
      image.behaviour.latencyMs = Number(fault.value ?? DEFAULT_SLOW_CARD_LATENCY_MS);
      return;
    case 'expired-signer':
    case 'unknown-signer':
      // Applied when the signer was chosen.
      return;
  }
}

/** Drops DG15 and its key: EF.COM no longer lists it and EF.SOD is signed again without its hash. */
function removeDg15(image: CardImage, context: FaultContext): void {
  image.files['EF.SOD'] = resignWithout(image.files, 'DG15', context);
  image.files['EF.COM'] = buildEfCom([1, 2, 13, 14]);
  delete image.files.DG15;
  image.keys.activeAuthentication = null;
}

/**
 * Changes one byte three quarters into the data group: in DG2 that is inside the JPEG entropy
 * data, so the picture still decodes but its hash no longer matches EF.SOD.
 */
function tamperDataGroup(files: CardFiles, name: DumpFileName): void {
  const bytes = files[name];

  if (bytes === undefined) {
    throw new Error(`card fault tampered-dg: the card has no ${name}`);
  }

  const changed = bytes.slice();
  const index = Math.floor(changed.length * 0.75);
  changed[index] = changed[index]! ^ 0x01;
  files[name] = changed;
}

function resignWithout(files: CardFiles, name: DumpFileName, context: FaultContext): Uint8Array {
  if (files[name] === undefined) {
    throw new Error(`card fault dg-missing-from-sod: the card has no ${name}`);
  }

  const dataGroups: CardFiles = {};

  for (const fileName of DUMP_FILE_NAMES) {
    const bytes = files[fileName];

    if (/^DG\d+$/.test(fileName) && fileName !== name && bytes !== undefined) {
      dataGroups[fileName] = bytes;
    }
  }

  return buildSod({ dataGroups, digest: context.digest, signer: context.signer });
}

/**
 * Flips the last byte of EF.SOD. SignerInfos is the last field of SignedData and the signature
 * the last field of a SignerInfo without unsigned attributes, so the last byte belongs to the
 * signature value and the structure still parses.
 */
function breakSodSignature(files: CardFiles): void {
  const sod = files['EF.SOD'];

  if (sod === undefined) {
    throw new Error('card fault broken-sod-signature: the card has no EF.SOD');
  }

  const changed = sod.slice();
  changed[changed.length - 1] = changed[changed.length - 1]! ^ 0x01;
  files['EF.SOD'] = changed;
}

/** A virtual card that answers with this image's files, keys, behaviour and runtime faults. */
export function virtualCardFromImage(image: CardImage, options: Omit<VirtualCardOptions, 'faults'> = {}): VirtualCard {
  return new VirtualCard(
    image.files,
    {
      can: image.access.can,
      mrzInformation: image.access.mrzInformation,
      ...(image.keys.activeAuthentication === null ? {} : { activeAuthenticationKey: image.keys.activeAuthentication }),
      chipAuthenticationKey: image.keys.chipAuthentication,
    },
    { ...image.behaviour, ...options, faults: image.runtimeFaults },
  );
}

/** Converts a card image to its JSON form. */
export function cardImageToJson(image: CardImage): CardImageJson {
  const files: CardImageJson['files'] = {};

  for (const name of DUMP_FILE_NAMES) {
    const bytes = image.files[name];

    if (bytes !== undefined) files[name] = toBase64(bytes);
  }

  const pem = (key: KeyObject): string => key.export({ format: 'pem', type: 'pkcs8' }).toString();

  return {
    format: CARD_IMAGE_FORMAT,
    files,
    access: { ...image.access, mrz: [...image.access.mrz] },
    keys: { activeAuthentication: image.keys.activeAuthentication === null ? null : pem(image.keys.activeAuthentication), chipAuthentication: pem(image.keys.chipAuthentication) },
    behaviour: { ...image.behaviour },
    faults: image.faults.map(formatCardFault),
    runtimeFaults: { ...image.runtimeFaults },
    signerId: image.signerId,
  };
}

/** Reads a card image from its JSON form; throws with the field that is wrong. */
export function cardImageFromJson(value: unknown, where = 'card image'): CardImage {
  const json = value as Partial<CardImageJson> | null;

  if (typeof json !== 'object' || json === null || json.format !== CARD_IMAGE_FORMAT) {
    throw new Error(`${where}: format is "${String(json?.format)}", expected "${CARD_IMAGE_FORMAT}"; write it with \`examgate sim card\``);
  }

  if (json.files === undefined || json.access === undefined || json.keys === undefined || json.behaviour === undefined) {
    throw new Error(`${where}: "files", "access", "keys" and "behaviour" are required`);
  }

  const files: CardFiles = {};

  for (const [name, text] of Object.entries(json.files)) {
    if (!(DUMP_FILE_NAMES as readonly string[]).includes(name) || typeof text !== 'string') {
      throw new Error(`${where}: file "${name}" is not an LDS file name with base64 content`);
    }

    files[name as DumpFileName] = fromBase64(text);
  }

  return {
    files,
    access: { can: String(json.access.can), mrz: [...json.access.mrz], mrzInformation: String(json.access.mrzInformation) },
    keys: {
      activeAuthentication: json.keys.activeAuthentication === null ? null : createPrivateKey(json.keys.activeAuthentication),
      chipAuthentication: createPrivateKey(json.keys.chipAuthentication),
    },
    behaviour: { maxShortLe: json.behaviour.maxShortLe ?? 0xdf, extendedLength: json.behaviour.extendedLength === true, latencyMs: json.behaviour.latencyMs ?? 0 },
    faults: (json.faults ?? []).map(parseCardFault),
    runtimeFaults: { ...json.runtimeFaults },
    signerId: String(json.signerId),
  };
}

export async function writeCardImage(image: CardImage, path: string): Promise<void> {
  await writeFile(path, `${JSON.stringify(cardImageToJson(image), null, 2)}\n`, { mode: 0o600 });
}

export async function readCardImage(path: string): Promise<CardImage> {
  return cardImageFromJson(JSON.parse(await readFile(path, 'utf8')), path);
}
