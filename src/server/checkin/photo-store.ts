// Chip photos of check-ins, encrypted at rest with AES-256-GCM under a key from the server's
// configuration, and deleted after the retention period. Photos are never logged.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

import type { Kysely } from 'kysely';

import { nowIso } from '../db/columns.js';
import type { Database } from '../db/schema.js';
import { checkInDb } from './checkin-schema.js';

const IV_BYTES = 12;
const KEY_BYTES = 32;

/** The photo encryption key: 32 bytes, with a short id stored beside each photo. */
export interface PhotoKey {
  key: Buffer;
  id: string;
}

/** Reads the key from base64 or hex text (32 bytes); throws naming the setting, never the value. */
export function parsePhotoKey(text: string, setting = 'photo key'): PhotoKey {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');

  if (key.length !== KEY_BYTES) {
    throw new Error(`${setting}: expected 32 bytes as 64 hex digits or base64, got ${key.length} bytes; generate one with \`openssl rand -base64 32\``);
  }

  return { key, id: createHash('sha256').update(key).digest('hex').slice(0, 8) };
}

export interface StoredPhoto {
  mimeType: string;
  data: Uint8Array;
}

/** Encrypts and stores the photo of a check-in, replacing an earlier one. */
export async function storePhoto(db: Kysely<Database>, key: PhotoKey, checkInId: string, photo: StoredPhoto, retentionDays: number): Promise<void> {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  // The check-in id is authenticated data, so a photo row copied to another check-in fails to decrypt.
  cipher.setAAD(Buffer.from(checkInId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(photo.data), cipher.final()]);
  const now = new Date();
  const expires = new Date(now.getTime() + retentionDays * 86_400_000);
  const row = {
    check_in_id: checkInId,
    mime_type: photo.mimeType,
    key_id: key.id,
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    auth_tag: cipher.getAuthTag().toString('base64'),
    created_at: now.toISOString(),
    expires_at: expires.toISOString(),
  };

  const store = checkInDb(db);
  await store.deleteFrom('check_in_photos').where('check_in_id', '=', checkInId).execute();
  await store.insertInto('check_in_photos').values(row).execute();
}

/** Decrypts the photo of a check-in, or returns null when none is stored or it has expired. */
export async function loadPhoto(db: Kysely<Database>, key: PhotoKey, checkInId: string): Promise<StoredPhoto | null> {
  const row = await checkInDb(db).selectFrom('check_in_photos').selectAll().where('check_in_id', '=', checkInId).where('expires_at', '>', nowIso()).executeTakeFirst();

  if (row === undefined) {
    return null;
  }

  if (row.key_id !== key.id) {
    throw new Error(`the photo of check-in ${checkInId} was encrypted with key ${row.key_id}, but the server has key ${key.id}; configure the old key to read it`);
  }

  const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(row.iv, 'base64'));
  decipher.setAAD(Buffer.from(checkInId, 'utf8'));
  decipher.setAuthTag(Buffer.from(row.auth_tag, 'base64'));
  const data = Buffer.concat([decipher.update(Buffer.from(row.ciphertext, 'base64')), decipher.final()]);
  return { mimeType: row.mime_type, data: new Uint8Array(data) };
}

/** Deletes every photo whose retention period has ended; returns how many. */
export async function purgeExpiredPhotos(db: Kysely<Database>, now: Date = new Date()): Promise<number> {
  const result = await checkInDb(db).deleteFrom('check_in_photos').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
