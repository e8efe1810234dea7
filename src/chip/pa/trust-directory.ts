// Loads a trust store from a folder: certificates (.pem .cer .crt .der), ICAO master lists
// (.ml) and CRLs (.crl, or PEM "X509 CRL"). CRLs load last because their signatures are
// checked against the CSCAs.
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

import { ChipError } from '../errors.js';
import { TrustStore } from './trust-store.js';

const CERTIFICATE_EXTENSIONS = new Set(['.pem', '.cer', '.crt', '.der']);

/** Reads every trust file in `directory` (not recursive); an unreadable or invalid file is an error naming it. */
export async function loadTrustDirectory(directory: string, store = new TrustStore()): Promise<TrustStore> {
  const names = (await readdir(directory)).sort();
  const crls: { name: string; bytes: Uint8Array }[] = [];

  for (const name of names) {
    const extension = extname(name).toLowerCase();
    const path = join(directory, name);

    if (extension === '.ml') {
      store.addMasterList(await readBytes(path), name);
    } else if (extension === '.crl' || name.endsWith('.crl.pem')) {
      crls.push({ name, bytes: await readBytes(path) });
    } else if (CERTIFICATE_EXTENSIONS.has(extension)) {
      store.addCertificates(await readBytes(path), name);
    }
  }

  for (const crl of crls) {
    store.addCrl(crl.bytes, crl.name);
  }

  if (store.size === 0) {
    throw new ChipError('TRUST_STORE_INVALID', `${directory} contains no CSCA certificate or master list; add .pem/.cer/.der certificates or .ml master lists`);
  }

  return store;
}

async function readBytes(path: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(path));
}
