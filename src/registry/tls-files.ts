// Reads the PEM files of mutual TLS for the registry client (operator configuration) and the
// simulator, with errors that name the missing file.
import { readFile } from 'node:fs/promises';

import { RegistryError } from './errors.js';
import type { RegistryTlsOptions } from './http-client.js';

/** Paths of the client's TLS material; each one is optional. */
export interface RegistryTlsFiles {
  /** CA certificates that may sign the service's certificate. */
  caFile?: string;
  /** Our client certificate chain. */
  certFile?: string;
  /** Private key of the client certificate. */
  keyFile?: string;
}

/** Reads a PEM file, or throws REGISTRY_TLS_FILES naming the path and the setting to fix. */
export async function readPemFile(path: string, setting: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new RegistryError('REGISTRY_TLS_FILES', `Cannot read ${path} (${setting}); check the path and the file's permissions.`, { cause: error });
  }
}

/** Loads the client's TLS material; a certificate without its key (or the reverse) is an error. */
export async function loadRegistryTls(files: RegistryTlsFiles): Promise<RegistryTlsOptions> {
  if ((files.certFile === undefined) !== (files.keyFile === undefined)) {
    throw new RegistryError('REGISTRY_BAD_CONFIG', 'The registry client certificate and key go together: set both certFile and keyFile, or neither.');
  }

  const tls: RegistryTlsOptions = {};

  if (files.caFile !== undefined) {
    tls.ca = await readPemFile(files.caFile, 'registry caFile');
  }

  if (files.certFile !== undefined && files.keyFile !== undefined) {
    tls.cert = await readPemFile(files.certFile, 'registry certFile');
    tls.key = await readPemFile(files.keyFile, 'registry keyFile');
  }

  return tls;
}
