// DG2 (ICAO Doc 9303 Part 10 section 4.7.2): biometric information templates holding
// ISO/IEC 19794-5 facial records, each with a face image in JPEG or JPEG 2000.
import { ChipError } from '../errors.js';
import { findTlv, requireTlv, type TlvNode } from '../codec/tlv.js';
import { childAt } from './der.js';
import { parseFile } from './file-tags.js';

export type FaceImageFormat = 'jpeg' | 'jp2' | 'j2k';

export interface FaceImage {
  /** Gender code of ISO/IEC 19794-5 (0 unspecified, 1 male, 2 female, 0xFF unknown). */
  gender: number;
  eyeColour: number;
  hairColour: number;
  /** Expression code (0 unspecified, 1 neutral...). */
  expression: number;
  featurePointCount: number;
  /** Face image type (0 basic, 1 full frontal, 2 token frontal). */
  faceImageType: number;
  /** Image data type as declared in the record (0 JPEG, 1 JPEG 2000). */
  declaredDataType: number;
  width: number;
  height: number;
  /** Format found from the image's own signature bytes. */
  format: FaceImageFormat;
  mimeType: 'image/jpeg' | 'image/jp2' | 'image/j2k';
  /** Image bytes (a view into the DG2 buffer). */
  data: Uint8Array;
}

export interface Dg2 {
  faces: FaceImage[];
}

const BIOMETRIC_TEMPLATE_GROUP = 0x7f61;
const BIOMETRIC_TEMPLATE = 0x7f60;
const BIOMETRIC_HEADER = 0xa1;
const BIOMETRIC_DATA = 0x5f2e;
const BIOMETRIC_DATA_ENCIPHERED = 0x7f2e;

/** ISO/IEC 19794-5 facial record header sizes in bytes. */
const GENERAL_HEADER_BYTES = 14;
const FACIAL_INFORMATION_BYTES = 20;
const FEATURE_POINT_BYTES = 8;
const IMAGE_INFORMATION_BYTES = 12;

/** Parses DG2 and every facial record in it; records without an image are rejected. */
export function parseDg2(bytes: Uint8Array): Dg2 {
  const root = parseFile(bytes, 'DG2');
  const group = requireTlv(root, BIOMETRIC_TEMPLATE_GROUP, 'biometric information group template');
  const templates = group.children.filter((child) => child.tag === BIOMETRIC_TEMPLATE);

  if (templates.length === 0) {
    throw new ChipError('LDS_INVALID', 'DG2 has no biometric information template (7F60)', { file: 'DG2', path: group.path });
  }

  const faces = templates.flatMap((template) => parseTemplate(template));
  return { faces };
}

function parseTemplate(template: TlvNode): FaceImage[] {
  requireTlv(template, BIOMETRIC_HEADER, 'biometric header template');
  const data = findTlv(template, BIOMETRIC_DATA) ?? findTlv(template, BIOMETRIC_DATA_ENCIPHERED);

  if (data === undefined) {
    throw new ChipError('LDS_INVALID', `DG2 template ${template.path} has no biometric data block (5F2E or 7F2E)`, { file: 'DG2', path: template.path });
  }

  if (data.tag === BIOMETRIC_DATA_ENCIPHERED) {
    // Enciphered data contains nested objects, and the image is the value of the first one.
    return parseFacialBlock(childAt(data, 0, 'enciphered biometric data').value, data.path);
  }

  return parseFacialBlock(data.value, data.path);
}

/** Parses an ISO/IEC 19794-5 facial record data block ("FAC\0"). */
export function parseFacialBlock(block: Uint8Array, path = 'facial record'): FaceImage[] {
  const view = new Reader(block, path);

  if (view.text(4) !== 'FAC\0') {
    throw new ChipError('LDS_IMAGE_INVALID', `${path}: facial record does not start with "FAC\\0"`, { file: 'DG2', path });
  }

  view.skip(4); // version, e.g. "010\0"
  const recordLength = view.uint(4);
  const count = view.uint(2);

  if (recordLength !== block.length) {
    throw new ChipError('LDS_IMAGE_INVALID', `${path}: facial record length field is ${recordLength}, the block has ${block.length} bytes`, { file: 'DG2', path });
  }

  if (count === 0) {
    throw new ChipError('LDS_IMAGE_INVALID', `${path}: facial record contains no face image`, { file: 'DG2', path });
  }

  const faces: FaceImage[] = [];

  for (let index = 0; index < count; index++) {
    faces.push(parseFacialInformation(view, path));
  }

  return faces;
}

function parseFacialInformation(view: Reader, path: string): FaceImage {
  const start = view.offset;
  const length = view.uint(4);
  const featurePointCount = view.uint(2);
  const gender = view.uint(1);
  const eyeColour = view.uint(1);
  const hairColour = view.uint(1);
  view.skip(3); // property mask
  const expression = view.uint(2);
  view.skip(6); // pose angle and its uncertainty
  view.skip(featurePointCount * FEATURE_POINT_BYTES);

  const faceImageType = view.uint(1);
  const declaredDataType = view.uint(1);
  const width = view.uint(2);
  const height = view.uint(2);
  view.skip(4); // colour space, source type, device type
  view.skip(2); // quality

  const headerBytes = FACIAL_INFORMATION_BYTES + featurePointCount * FEATURE_POINT_BYTES + IMAGE_INFORMATION_BYTES;

  if (length < headerBytes) {
    throw new ChipError('LDS_IMAGE_INVALID', `${path}: facial information length ${length} is shorter than its ${headerBytes}-byte header`, { file: 'DG2', path });
  }

  const data = view.take(start + length - view.offset);
  const format = detectImageFormat(data);

  if (format === null) {
    throw new ChipError('LDS_IMAGE_INVALID', `${path}: face image is neither JPEG nor JPEG 2000 (first bytes ${Buffer.from(data.subarray(0, 4)).toString('hex')})`, { file: 'DG2', path });
  }

  const mimeType = MIME_TYPES[format];
  return { gender, eyeColour, hairColour, expression, featurePointCount, faceImageType, declaredDataType, width, height, format, mimeType, data };
}

const MIME_TYPES: Readonly<Record<FaceImageFormat, FaceImage['mimeType']>> = {
  jpeg: 'image/jpeg',
  jp2: 'image/jp2',
  j2k: 'image/j2k',
};

const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const JP2_SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
const J2K_SIGNATURE = [0xff, 0x4f, 0xff, 0x51];

/** Detects JPEG, JP2 or J2K from the signature bytes; returns null for any other format. */
export function detectImageFormat(data: Uint8Array): FaceImageFormat | null {
  const startsWith = (signature: number[]) => signature.every((byte, index) => data[index] === byte);

  if (startsWith(JPEG_SIGNATURE)) return 'jpeg';
  if (startsWith(JP2_SIGNATURE)) return 'jp2';
  if (startsWith(J2K_SIGNATURE)) return 'j2k';
  return null;
}

/** Big-endian reader over a byte block that throws LDS_IMAGE_INVALID instead of reading past its end. */
class Reader {
  offset = 0;

  constructor(private readonly bytes: Uint8Array, private readonly path: string) {}

  private need(count: number): void {
    if (count < 0 || this.offset + count > this.bytes.length) {
      throw new ChipError('LDS_IMAGE_INVALID', `${this.path}: facial record is cut off at offset ${this.offset} (needs ${count} more bytes, ${this.bytes.length - this.offset} left)`, { file: 'DG2', path: this.path });
    }
  }

  uint(count: number): number {
    this.need(count);
    let value = 0;

    for (let index = 0; index < count; index++) {
      value = value * 256 + (this.bytes[this.offset + index] as number);
    }

    this.offset += count;
    return value;
  }

  skip(count: number): void {
    this.need(count);
    this.offset += count;
  }

  take(count: number): Uint8Array {
    this.need(count);
    const slice = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return slice;
  }

  text(count: number): string {
    return Buffer.from(this.take(count)).toString('latin1');
  }
}
