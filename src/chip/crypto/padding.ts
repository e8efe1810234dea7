// ISO/IEC 9797-1 padding method 2 (ICAO Doc 9303 Part 11): append 80, then 00 bytes up to a
// multiple of the block size. A full padding block is added when the data already fills blocks.
import { ChipError } from '../errors.js';

/** Pads `data` to a multiple of `blockSize` with method 2. */
export function pad(data: Uint8Array, blockSize: number): Uint8Array {
  const padded = new Uint8Array((Math.floor(data.length / blockSize) + 1) * blockSize);
  padded.set(data, 0);
  padded[data.length] = 0x80;
  return padded;
}

/** Removes method-2 padding; throws SM_PADDING when the data does not end in 80 00...00. */
export function unpad(data: Uint8Array): Uint8Array {
  let index = data.length - 1;

  while (index >= 0 && data[index] === 0x00) {
    index--;
  }

  if (index < 0 || data[index] !== 0x80) {
    throw new ChipError('SM_PADDING', 'decrypted data does not end in ISO/IEC 9797-1 method 2 padding (80 00...); the keys or the SSC do not match the card');
  }

  return data.subarray(0, index);
}
