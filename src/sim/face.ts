// A generated face picture for DG2: a simple drawn face (head, hair, eyes, brows, nose, mouth,
// neck and shoulders on a plain background) whose colours and proportions vary with a seed.
// It depicts nobody. JPEG through jpeg-js; JPEG 2000 through the OpenJPEG build of
// @cornerstonejs/codec-openjpeg.
import { createRequire } from 'node:module';

import jpeg from 'jpeg-js';

export interface FacePicture {
  image: Uint8Array;
  width: number;
  height: number;
  format: 'jpeg' | 'jpeg2000';
}

export interface FacePictureOptions {
  /** Picture width in pixels (ICAO portrait ratio 3:4 by default with `height`). Default 240. */
  width?: number;
  /** Picture height in pixels. Default 320. */
  height?: number;
  /** Varies skin, hair, background and face shape. Default 1. */
  seed?: number;
  /** JPEG quality 1..100. Default 90. */
  quality?: number;
  /**
   * Amplitude of the pixel noise added over the drawing (0 for none), like a camera's sensor
   * noise; it also sets the file size. The default 6 gives a JPEG of about 20 KB at 240x320.
   */
  noise?: number;
}

type Rgb = readonly [number, number, number];

const SKIN_TONES: Rgb[] = [[241, 204, 170], [224, 182, 146], [198, 150, 112], [234, 192, 160]];
const HAIR_COLOURS: Rgb[] = [[25, 20, 18], [40, 30, 25], [60, 42, 30], [18, 18, 22]];
const BACKGROUNDS: Rgb[] = [[236, 240, 246], [226, 234, 244], [240, 240, 236]];
const SHIRT_COLOURS: Rgb[] = [[245, 245, 245], [40, 60, 110], [90, 90, 95]];

/** A small deterministic generator (xorshift32) so that a seed always draws the same face. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;

  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Inside the ellipse centred at (cx, cy) with radii rx, ry. */
function inEllipse(x: number, y: number, cx: number, cy: number, rx: number, ry: number): boolean {
  const dx = (x - cx) / rx;
  const dy = (y - cy) / ry;
  return dx * dx + dy * dy <= 1;
}

function shade(colour: Rgb, factor: number): Rgb {
  return [colour[0] * factor, colour[1] * factor, colour[2] * factor];
}

/** Draws the face into an RGBA buffer of `width` x `height`. */
export function drawFace(width: number, height: number, seed = 1, noise = 6): Buffer {
  const random = seededRandom(seed);
  const skin = pick(SKIN_TONES, random);
  const hair = pick(HAIR_COLOURS, random);
  const background = pick(BACKGROUNDS, random);
  const shirt = pick(SHIRT_COLOURS, random);
  const headRx = width * (0.2 + random() * 0.04);
  const headRy = height * (0.22 + random() * 0.03);
  const cx = width / 2;
  const cy = height * 0.42;
  const eyeY = cy - headRy * 0.08;
  const eyeDx = headRx * 0.4;
  const noiseRandom = seededRandom(seed * 7919 + 1);
  const pixels = Buffer.alloc(width * height * 4);

  const colourAt = (x: number, y: number): Rgb => {
    const inHead = inEllipse(x, y, cx, cy, headRx, headRy);
    const inHair = inEllipse(x, y, cx, cy - headRy * 0.18, headRx * 1.1, headRy * 0.95) && y < cy - headRy * 0.45;

    if (inHair || (!inHead && inEllipse(x, y, cx, cy - headRy * 0.1, headRx * 1.12, headRy * 1.02) && y < cy + headRy * 0.1)) return hair;
    if (!inHead && inEllipse(x, y, cx, height * 1.05, width * 0.48, height * 0.3)) return shirt;
    if (!inHead && x > cx - headRx * 0.38 && x < cx + headRx * 0.38 && y > cy) return shade(skin, 0.85);
    if (!inHead) return shade(background, 1 - (y / height) * 0.12);
    if (inEllipse(x, y, cx - eyeDx, eyeY, headRx * 0.13, headRy * 0.05) || inEllipse(x, y, cx + eyeDx, eyeY, headRx * 0.13, headRy * 0.05)) {
      return inEllipse(x, y, cx - eyeDx, eyeY, headRx * 0.06, headRy * 0.045) || inEllipse(x, y, cx + eyeDx, eyeY, headRx * 0.06, headRy * 0.045) ? [35, 25, 20] : [250, 250, 250];
    }
    if (Math.abs(y - (eyeY - headRy * 0.13)) < headRy * 0.025 && Math.abs(Math.abs(x - cx) - eyeDx) < headRx * 0.16) return hair;
    if (inEllipse(x, y, cx, cy + headRy * 0.5, headRx * 0.3, headRy * 0.06)) return [170, 80, 80];
    if (inEllipse(x, y, cx, cy + headRy * 0.2, headRx * 0.09, headRy * 0.16)) return shade(skin, 0.88);

    // Light from the left: the right cheek is slightly darker.
    return shade(skin, 1 - ((x - cx) / headRx) * 0.06);
  };

  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const colour = colourAt(x, y);
      const offset = (y * width + x) * 4;
      const grain = noise === 0 ? 0 : (noiseRandom() - 0.5) * 2 * noise;

      pixels[offset] = clamp(colour[0] + grain);
      pixels[offset + 1] = clamp(colour[1] + grain);
      pixels[offset + 2] = clamp(colour[2] + grain);
      pixels[offset + 3] = 255;
    }
  }

  return pixels;
}

function clamp(value: number): number {
  return Math.max(0, Math.min(255, Math.round(value)));
}

/** Draws a face and encodes it as JPEG. */
export function faceJpeg(options: FacePictureOptions = {}): FacePicture {
  const width = options.width ?? 240;
  const height = options.height ?? 320;
  const data = drawFace(width, height, options.seed ?? 1, options.noise ?? 6);
  const encoded = jpeg.encode({ data, width, height }, options.quality ?? 90);
  return { image: new Uint8Array(encoded.data), width, height, format: 'jpeg' };
}

interface J2kEncoder {
  getDecodedBuffer(frameInfo: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean; isUsingColorTransform: boolean }): Uint8Array;
  setQuality(lossless: boolean, quantizationStep: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete?(): void;
}

type OpenJpegFactory = (options: object) => Promise<{ J2KEncoder: new () => J2kEncoder }>;

/**
 * Draws a face and encodes it as a JPEG 2000 codestream (J2K, starting FF 4F FF 51) with the irreversible
 * 9/7 wavelet. The drawing has no noise by default, because noise dominates the size.
 * NOTE: this OpenJPEG build ignores setCompressionRatio, so the size cannot be chosen; a
 * 240x320 face is measured here at about 14 KB (seed 1).
 */
export async function faceJpeg2000(options: FacePictureOptions = {}): Promise<FacePicture> {
  const width = options.width ?? 240;
  const height = options.height ?? 320;
  const rgba = drawFace(width, height, options.seed ?? 1, options.noise ?? 0);
  const require = createRequire(import.meta.url);
  const factory = require('@cornerstonejs/codec-openjpeg/wasmjs') as OpenJpegFactory;
  const codec = await factory({});
  const encoder = new codec.J2KEncoder();

  try {
    const input = encoder.getDecodedBuffer({ width, height, bitsPerSample: 8, componentCount: 3, isSigned: false, isUsingColorTransform: true });

    for (let pixel = 0; pixel < width * height; pixel++) {
      input[pixel * 3] = rgba[pixel * 4]!;
      input[pixel * 3 + 1] = rgba[pixel * 4 + 1]!;
      input[pixel * 3 + 2] = rgba[pixel * 4 + 2]!;
    }

    encoder.setQuality(false, 0.1);
    encoder.encode();
    return { image: new Uint8Array(encoder.getEncodedBuffer()), width, height, format: 'jpeg2000' };
  } finally {
    encoder.delete?.();
  }
}
