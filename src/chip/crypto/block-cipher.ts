// 3DES (two-key, EDE) and AES in CBC and ECB mode without padding, on node:crypto. Single DES,
// needed by the retail MAC, runs as 3DES with three equal keys because OpenSSL 3 keeps plain DES
// in its legacy provider.
import { createCipheriv, createDecipheriv } from 'node:crypto';

import { ChipError } from '../errors.js';

export type BlockCipherName = 'DESede' | 'AES';

const DES_BLOCK = 8;
const AES_BLOCK = 16;

/** Block size in bytes: 8 for 3DES, 16 for AES. */
export function blockSize(cipher: BlockCipherName): number {
  return cipher === 'AES' ? AES_BLOCK : DES_BLOCK;
}

function algorithm(cipher: BlockCipherName, key: Uint8Array, mode: 'cbc' | 'ecb'): { name: string; key: Uint8Array } {
  if (cipher === 'DESede') {
    if (key.length === 8) return { name: mode === 'cbc' ? 'des-ede3-cbc' : 'des-ede3', key: Buffer.concat([key, key, key]) };
    if (key.length === 16) return { name: mode === 'cbc' ? 'des-ede-cbc' : 'des-ede-ecb', key };
    if (key.length === 24) return { name: mode === 'cbc' ? 'des-ede3-cbc' : 'des-ede3', key };
  }

  if (cipher === 'AES' && (key.length === 16 || key.length === 24 || key.length === 32)) {
    return { name: `aes-${key.length * 8}-${mode}`, key };
  }

  throw new ChipError('BAD_INPUT', `${cipher} key of ${key.length} bytes is not supported (3DES: 8, 16 or 24 bytes; AES: 16, 24 or 32)`);
}

function run(encrypt: boolean, cipher: BlockCipherName, key: Uint8Array, data: Uint8Array, iv: Uint8Array | null): Uint8Array {
  const size = blockSize(cipher);

  if (data.length % size !== 0) {
    throw new ChipError('BAD_INPUT', `${cipher} input of ${data.length} bytes is not a multiple of the ${size}-byte block`);
  }

  const { name, key: cipherKey } = algorithm(cipher, key, iv === null ? 'ecb' : 'cbc');
  const engine = encrypt ? createCipheriv(name, cipherKey, iv) : createDecipheriv(name, cipherKey, iv);
  engine.setAutoPadding(false);
  const first = engine.update(data);
  const last = engine.final();
  return last.length === 0 ? new Uint8Array(first.buffer, first.byteOffset, first.length) : new Uint8Array(Buffer.concat([first, last]));
}

/** CBC encryption without padding; the IV defaults to zero bytes. */
export function encryptCbc(cipher: BlockCipherName, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
  return run(true, cipher, key, data, iv ?? new Uint8Array(blockSize(cipher)));
}

/** CBC decryption without padding; the IV defaults to zero bytes. */
export function decryptCbc(cipher: BlockCipherName, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
  return run(false, cipher, key, data, iv ?? new Uint8Array(blockSize(cipher)));
}

/** ECB encryption of whole blocks. */
export function encryptEcb(cipher: BlockCipherName, key: Uint8Array, data: Uint8Array): Uint8Array {
  return run(true, cipher, key, data, null);
}

/** ECB decryption of whole blocks. */
export function decryptEcb(cipher: BlockCipherName, key: Uint8Array, data: Uint8Array): Uint8Array {
  return run(false, cipher, key, data, null);
}
