// A photo key for a single server on its own SQLite file: kept in `photo.key` beside the database,
// made on the first start, readable only by the server's user. Several instances on PostgreSQL
// share one key through EXAMGATE_PHOTO_KEY instead.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { parsePhotoKey } from './photo-store.js';

export const LOCAL_PHOTO_KEY_FILE = 'photo.key';

/**
 * Returns the base64 photo key stored beside the SQLite file at `databasePath`, creating the key
 * file (mode 600) when it does not exist yet. A key file that does not hold 32 bytes is an error
 * that names the file, because replacing it would make every stored photo unreadable.
 */
export function loadOrCreateLocalPhotoKey(databasePath: string): { key: string; file: string; created: boolean } {
  const file = join(dirname(databasePath), LOCAL_PHOTO_KEY_FILE);

  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    parsePhotoKey(key, file);
    return { key, file, created: false };
  }

  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return { key, file, created: true };
}
