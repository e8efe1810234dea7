// Strict BER-TLV codec (ISO/IEC 7816-4 section 5.2 and ITU-T X.690 section 8.1) for the data
// objects of eMRTD files and APDUs. The parser never reads past its buffer, rejects indefinite
// and impossible lengths, limits nesting depth, and reports the path of the object that failed,
// e.g. `77/30/A0[0]/30`.
import { ChipError, type ChipErrorCode } from '../errors.js';
import { concatBytes } from './bytes.js';

/** One parsed data object. `value` and `encoded` are views into the parsed buffer, not copies. */
export interface TlvNode {
  /** Tag bytes as one number, e.g. 0x5F1F or 0x7F49. */
  readonly tag: number;
  /** True when bit 6 of the first tag byte is set, so the value holds nested objects. */
  readonly constructed: boolean;
  /** Offset of the first tag byte inside the buffer given to the parser. */
  readonly offset: number;
  /** Number of tag and length bytes before the value. */
  readonly headerLength: number;
  /** Value bytes. */
  readonly value: Uint8Array;
  /** Tag, length and value bytes exactly as they appear in the buffer. */
  readonly encoded: Uint8Array;
  /** Path from the outermost object, tags in hex, with an index where a tag repeats. */
  readonly path: string;
  /** Nested objects of a constructed object, in order; empty for a primitive object. */
  readonly children: readonly TlvNode[];
}

export interface TlvParseOptions {
  /** Maximum nesting depth; deeper input is rejected with TLV_TOO_DEEP. Default 24. */
  maxDepth?: number;
  /** Reject long-form lengths that a shorter form could encode (DER). Default false. */
  requireMinimalLength?: boolean;
  /** Path prefix for error messages, e.g. the file name. */
  pathPrefix?: string;
  /** Parse constructed values into children. Default true. */
  parseChildren?: boolean;
}

const DEFAULT_MAX_DEPTH = 24;
const MAX_TAG_BYTES = 3;
const MAX_LENGTH_BYTES = 4;

/** Hex of every one-byte tag, because the parser names each object it reads in its path. */
const ONE_BYTE_TAG_HEX = Array.from({ length: 256 }, (_, tag) => tag.toString(16).toUpperCase().padStart(2, '0'));

/** Tag in upper-case hex, two digits per tag byte. */
export function tagToHex(tag: number): string {
  const known = ONE_BYTE_TAG_HEX[tag];

  if (known !== undefined) {
    return known;
  }

  const hex = tag.toString(16).toUpperCase();
  return hex.length % 2 === 0 ? hex : `0${hex}`;
}

interface Header {
  tag: number;
  constructed: boolean;
  headerLength: number;
  valueLength: number;
}

/**
 * Error about the header of an object inside `parent`. The object's own path (`.../?`) is
 * built only here, because building it for every object that parses cleanly costs time.
 */
function headerError(code: ChipErrorCode, parent: PathSource, tag: number | null, detail: string): ChipError {
  const parentPath = parent.path;
  const path = parentPath === '' ? '?' : `${parentPath}/?`;
  return new ChipError(code, `TLV${tag === null ? '' : ` ${tagToHex(tag)}`} at ${path}: ${detail}`, { path });
}

/**
 * Reads the tag and length at `offset`. No byte at or after `limit`, the end of the enclosing
 * value, is read. `parent` names the enclosing object in errors.
 */
function readHeader(bytes: Uint8Array, limit: number, offset: number, parent: PathSource, options: TlvParseOptions): Header {
  const first = offset < limit ? bytes[offset] : undefined;

  if (first === undefined) {
    throw headerError('TLV_TRUNCATED', parent, null, `expected a tag at offset ${offset}, found the end of the data`);
  }

  if (first === 0x00 || first === 0xff) {
    throw headerError('TLV_BAD_TAG', parent, null, `tag byte ${tagToHex(first)} at offset ${offset} is padding, not a tag`);
  }

  let tag = first;
  let cursor = offset + 1;

  // Multi-byte tag: the low five bits all set, then bytes with bit 8 set until the last.
  if ((first & 0x1f) === 0x1f) {
    let next: number | undefined;

    do {
      next = cursor < limit ? bytes[cursor] : undefined;

      if (next === undefined) {
        throw headerError('TLV_TRUNCATED', parent, null, `multi-byte tag ${tagToHex(tag)} is cut off at offset ${cursor}`);
      }

      tag = tag * 256 + next;
      cursor++;

      if (cursor - offset > MAX_TAG_BYTES) {
        throw headerError('TLV_BAD_TAG', parent, null, `tag starting ${tagToHex(first)} is longer than ${MAX_TAG_BYTES} bytes`);
      }
    } while ((next & 0x80) !== 0);
  }

  const lengthByte = cursor < limit ? bytes[cursor] : undefined;

  if (lengthByte === undefined) {
    throw headerError('TLV_TRUNCATED', parent, tag, `length is missing at offset ${cursor}`);
  }

  cursor++;
  let valueLength = lengthByte;

  if (lengthByte === 0x80) {
    throw headerError('TLV_BAD_LENGTH', parent, tag, 'indefinite length (80) is not allowed');
  }

  if (lengthByte > 0x80) {
    const count = lengthByte & 0x7f;

    if (count > MAX_LENGTH_BYTES) {
      throw headerError('TLV_BAD_LENGTH', parent, tag, `length uses ${count} bytes, at most ${MAX_LENGTH_BYTES} are allowed`);
    }

    if (cursor + count > limit) {
      throw headerError('TLV_TRUNCATED', parent, tag, `${count}-byte length is cut off`);
    }

    valueLength = 0;

    for (let index = 0; index < count; index++) {
      valueLength = valueLength * 256 + (bytes[cursor + index] as number);
    }

    cursor += count;

    if (options.requireMinimalLength && (valueLength < 0x80 || valueLength < 256 ** (count - 1))) {
      throw headerError('TLV_BAD_LENGTH', parent, tag, `length ${valueLength} is not in its shortest form (DER)`);
    }
  }

  return { tag, constructed: (first & 0x20) !== 0, headerLength: cursor - offset, valueLength };
}

/** Something with a path: a parsed object, or the prefix given to the parser for the root. */
interface PathSource {
  readonly path: string;
}

/**
 * A parsed object. The value and encoded views and the path are built when first read, because
 * most objects of a file are only walked through. Building them for every object took about 60 %
 * of the time to parse an EF.SOD (Node.js 20.20, `bench/chip-verify.ts` dump).
 */
class ParsedTlvNode implements TlvNode {
  children: readonly TlvNode[] = [];
  private valueView: Uint8Array | undefined;
  private encodedView: Uint8Array | undefined;
  private pathText: string | undefined;

  constructor(
    private readonly bytes: Uint8Array,
    readonly tag: number,
    readonly constructed: boolean,
    readonly offset: number,
    readonly headerLength: number,
    /** Offset just after the value inside `bytes`. */
    readonly end: number,
    private readonly parent: PathSource,
    /** Index of this tag among its siblings with the same tag; null for the first. */
    private readonly index: number | null,
  ) {}

  get value(): Uint8Array {
    this.valueView ??= this.bytes.subarray(this.offset + this.headerLength, this.end);
    return this.valueView;
  }

  get encoded(): Uint8Array {
    this.encodedView ??= this.bytes.subarray(this.offset, this.end);
    return this.encodedView;
  }

  get path(): string {
    if (this.pathText === undefined) {
      const name = this.index === null ? tagToHex(this.tag) : `${tagToHex(this.tag)}[${this.index}]`;
      const parentPath = this.parent.path;
      this.pathText = parentPath === '' ? name : `${parentPath}/${name}`;
    }

    return this.pathText;
  }
}

function parseAt(
  bytes: Uint8Array, limit: number, offset: number, parent: PathSource, index: number | null, depth: number, options: TlvParseOptions,
  header = readHeader(bytes, limit, offset, parent, options),
): ParsedTlvNode {
  const valueStart = offset + header.headerLength;
  const valueEnd = valueStart + header.valueLength;
  const node = new ParsedTlvNode(bytes, header.tag, header.constructed, offset, header.headerLength, valueEnd, parent, index);

  if (valueEnd > limit) {
    throw new ChipError(
      'TLV_TRUNCATED',
      `TLV ${tagToHex(header.tag)} at ${node.path}: length ${header.valueLength} runs past the end of the data (${limit - valueStart} bytes left)`,
      { path: node.path },
    );
  }

  if (header.constructed && options.parseChildren !== false) {
    if (depth + 1 > (options.maxDepth ?? DEFAULT_MAX_DEPTH)) {
      throw new ChipError('TLV_TOO_DEEP', `TLV at ${node.path}: nesting is deeper than ${options.maxDepth ?? DEFAULT_MAX_DEPTH} levels`, { path: node.path });
    }

    node.children = parseRange(bytes, valueStart, valueEnd, node, depth + 1, options);
  }

  return node;
}

/** Parses the objects from `start` up to `limit`, the end of the enclosing value. */
function parseRange(bytes: Uint8Array, start: number, limit: number, parent: PathSource, depth: number, options: TlvParseOptions): TlvNode[] {
  const nodes: TlvNode[] = [];
  const seen = new Map<number, number>();
  let offset = start;

  while (offset < limit) {
    // Tag repetitions get an index in the path so that errors point at one object.
    const header = readHeader(bytes, limit, offset, parent, options);
    const count = seen.get(header.tag) ?? 0;
    seen.set(header.tag, count + 1);

    const node = parseAt(bytes, limit, offset, parent, count === 0 ? null : count, depth, options, header);
    nodes.push(node);
    offset = node.end;
  }

  return nodes;
}

/** Parses exactly one data object filling `bytes`; trailing bytes are rejected. */
export function parseTlv(bytes: Uint8Array, options: TlvParseOptions = {}): TlvNode {
  const node = parseAt(bytes, bytes.length, 0, { path: options.pathPrefix ?? '' }, null, 0, options);

  if (node.end !== bytes.length) {
    throw new ChipError(
      'TLV_TRAILING_DATA',
      `TLV ${tagToHex(node.tag)} at ${node.path}: ${bytes.length - node.encoded.length} bytes remain after the object`,
      { path: node.path },
    );
  }

  return node;
}

/** Parses a sequence of zero or more data objects that fill `bytes`. */
export function parseTlvList(bytes: Uint8Array, options: TlvParseOptions = {}): TlvNode[] {
  return parseRange(bytes, 0, bytes.length, { path: options.pathPrefix ?? '' }, 0, options);
}

/**
 * Returns the total encoded length (header plus value) of the object that starts `bytes`,
 * or null when more bytes are needed to know it. Used to size a file from its first bytes.
 */
export function encodedLengthFromHeader(bytes: Uint8Array): number | null {
  try {
    const header = readHeader(bytes, bytes.length, 0, { path: '' }, {});
    return header.headerLength + header.valueLength;
  } catch (error) {
    if (error instanceof ChipError && error.code === 'TLV_TRUNCATED') {
      return null;
    }

    throw error;
  }
}

/** Returns the first child of `node` with `tag`, or undefined. */
export function findTlv(node: TlvNode, tag: number): TlvNode | undefined {
  return node.children.find((child) => child.tag === tag);
}

/** Returns the first child of `node` with `tag`, or throws TLV_MISSING_CHILD naming `what`. */
export function requireTlv(node: TlvNode, tag: number, what: string): TlvNode {
  const child = findTlv(node, tag);

  if (child === undefined) {
    throw new ChipError('TLV_MISSING_CHILD', `${what} (tag ${tagToHex(tag)}) is missing inside ${node.path}`, { path: node.path });
  }

  return child;
}

/** Throws TLV_UNEXPECTED_TAG unless `node` has `tag`. */
export function expectTag(node: TlvNode, tag: number, what: string): TlvNode {
  if (node.tag !== tag) {
    throw new ChipError('TLV_UNEXPECTED_TAG', `${what}: expected tag ${tagToHex(tag)}, found ${tagToHex(node.tag)} at ${node.path}`, { path: node.path });
  }

  return node;
}

/** Length bytes in the shortest form (DER). */
export function encodeTlvLength(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffffffff) {
    throw new ChipError('BAD_INPUT', `TLV length ${length} is outside 0..4294967295`);
  }

  if (length < 0x80) {
    return Uint8Array.of(length);
  }

  const bytes: number[] = [];
  let remaining = length;

  while (remaining > 0) {
    bytes.unshift(remaining & 0xff);
    remaining = Math.floor(remaining / 256);
  }

  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function encodeTag(tag: number): Uint8Array {
  if (!Number.isInteger(tag) || tag <= 0 || tag > 0xffffff) {
    throw new ChipError('BAD_INPUT', `TLV tag ${tag} is outside 1..FFFFFF`);
  }

  const bytes: number[] = [];
  let remaining = tag;

  while (remaining > 0) {
    bytes.unshift(remaining & 0xff);
    remaining = Math.floor(remaining / 256);
  }

  return Uint8Array.from(bytes);
}

/** Encodes one data object; a list of parts is concatenated into the value. */
export function encodeTlv(tag: number, value: Uint8Array | Uint8Array[]): Uint8Array {
  const body = Array.isArray(value) ? concatBytes(...value) : value;
  return concatBytes(encodeTag(tag), encodeTlvLength(body.length), body);
}
