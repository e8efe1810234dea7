// Converts a DG2 face image into a format browsers show: JPEG passes through, JPEG 2000 (JP2
// file or raw J2K codestream) is decoded with the OpenJPEG WebAssembly build of
// @cornerstonejs/codec-openjpeg and written as PNG with pngjs.
import { createRequire } from 'node:module';

import { PNG } from 'pngjs';

import { ChipError } from '../errors.js';
import { detectImageFormat } from './dg2.js';

export interface BrowserImage {
  mimeType: 'image/jpeg' | 'image/png';
  data: Uint8Array;
}

interface FrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
}

interface J2kDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): FrameInfo;
  delete?(): void;
}

interface OpenJpegModule {
  J2KDecoder: new () => J2kDecoder;
}

let openJpeg: Promise<OpenJpegModule> | undefined;

function loadOpenJpeg(): Promise<OpenJpegModule> {
  if (openJpeg === undefined) {
    const require = createRequire(import.meta.url);
    const factory = require('@cornerstonejs/codec-openjpeg/wasmjs') as (options: object) => Promise<OpenJpegModule>;
    // The decoder prints progress lines; the library stays silent.
    openJpeg = factory({ print: () => undefined, printErr: () => undefined });
  }

  return openJpeg;
}

/** Returns the image as JPEG unchanged, or JPEG 2000 converted to PNG. */
export async function faceImageForBrowser(data: Uint8Array): Promise<BrowserImage> {
  const format = detectImageFormat(data);

  if (format === 'jpeg') {
    return { mimeType: 'image/jpeg', data };
  }

  if (format === null) {
    throw new ChipError('LDS_IMAGE_INVALID', 'face image is neither JPEG nor JPEG 2000; it cannot be converted', { file: 'DG2' });
  }

  const codestream = format === 'jp2' ? jp2Codestream(data) : data;
  const { pixels, frame } = await decodeJ2k(codestream);
  return { mimeType: 'image/png', data: encodePng(pixels, frame) };
}

async function decodeJ2k(codestream: Uint8Array): Promise<{ pixels: Uint8Array; frame: FrameInfo }> {
  const module = await loadOpenJpeg();
  const decoder = new module.J2KDecoder();

  try {
    decoder.getEncodedBuffer(codestream.length).set(codestream);
    decoder.decode();
    const frame = decoder.getFrameInfo();
    return { pixels: new Uint8Array(decoder.getDecodedBuffer()), frame };
  } catch (error) {
    throw new ChipError('LDS_IMAGE_INVALID', `JPEG 2000 face image cannot be decoded: ${String(error)}`, { file: 'DG2' }, { cause: error });
  } finally {
    decoder.delete?.();
  }
}

/** Codestream of a JP2 file: the contents of its 'jp2c' box (ISO/IEC 15444-1 annex I). */
export function jp2Codestream(file: Uint8Array): Uint8Array {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let offset = 0;

  while (offset + 8 <= file.length) {
    let length = view.getUint32(offset);
    const type = Buffer.from(file.subarray(offset + 4, offset + 8)).toString('latin1');
    let header = 8;

    if (length === 1) {
      if (offset + 16 > file.length) break;
      length = Number(view.getBigUint64(offset + 8));
      header = 16;
    } else if (length === 0) {
      length = file.length - offset;
    }

    if (length < header || offset + length > file.length) break;

    if (type === 'jp2c') {
      return file.subarray(offset + header, offset + length);
    }

    offset += length;
  }

  throw new ChipError('LDS_IMAGE_INVALID', 'JP2 face image has no complete contiguous codestream box (jp2c)', { file: 'DG2' });
}

function encodePng(pixels: Uint8Array, frame: FrameInfo): Uint8Array {
  const { width, height, componentCount, bitsPerSample } = frame;

  if (width === 0 || height === 0 || ![1, 3, 4].includes(componentCount) || bitsPerSample < 1 || bitsPerSample > 16) {
    throw new ChipError('LDS_IMAGE_INVALID', `JPEG 2000 face image of ${width}x${height}, ${componentCount} components of ${bitsPerSample} bits cannot be shown`, { file: 'DG2' });
  }

  const bytesPerSample = bitsPerSample > 8 ? 2 : 1;
  const expected = width * height * componentCount * bytesPerSample;

  if (pixels.length < expected) {
    throw new ChipError('LDS_IMAGE_INVALID', `JPEG 2000 decoder returned ${pixels.length} bytes, expected ${expected}`, { file: 'DG2' });
  }

  const png = new PNG({ width, height });
  const shift = Math.max(0, bitsPerSample - 8);

  for (let pixel = 0; pixel < width * height; pixel++) {
    const sample = (component: number) => {
      const index = pixel * componentCount + component;
      const value = bytesPerSample === 2 ? (pixels[index * 2] as number) | ((pixels[index * 2 + 1] as number) << 8) : (pixels[index] as number);
      return Math.min(255, value >> shift);
    };

    const grey = componentCount === 1;
    png.data[pixel * 4] = sample(0);
    png.data[pixel * 4 + 1] = grey ? sample(0) : sample(1);
    png.data[pixel * 4 + 2] = grey ? sample(0) : sample(2);
    png.data[pixel * 4 + 3] = componentCount === 4 ? sample(3) : 255;
  }

  return new Uint8Array(PNG.sync.write(png));
}
