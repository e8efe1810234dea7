// The trust store: CSCA certificates and CRLs that an operator loaded, from PEM or DER files
// and ICAO master lists. Nothing is trusted by default. Parsed certificates (with their public
// key objects), the chain result of each document signer certificate and the CRLs of each
// issuer are cached here, because the same few signers sign every card of a country. Every
// change of the content raises `version`, and the chain and CRL caches hold results of the
// current version only.
import { createHash } from 'node:crypto';

import { ChipError } from '../errors.js';
import { toHex } from '../codec/bytes.js';
import { parseCertificate, type ParsedCertificate } from './certificate.js';
import { parseCrl, type ParsedCrl } from './crl.js';
import { LruCache } from './lru-cache.js';
import { parseMasterList } from './master-list.js';

/** One loaded trust file, for reports and the CLI. */
export interface TrustSource {
  name: string;
  kind: 'certificate' | 'master-list' | 'crl';
  /** Certificates (or CRL entries) taken from the file. */
  count: number;
  /** Certificates of a master list that could not be loaded, with the reason. */
  skipped: string[];
}

/** The outcome of chaining a document signer certificate to a CSCA, independent of time. */
export type ChainResult =
  | { status: 'issued-by'; csca: ParsedCertificate }
  | { status: 'unknown-issuer' }
  | { status: 'bad-certificate-signature'; candidates: number };

/** Entries of each cache: far more document signers than a country has at one time. */
const MAX_CACHED_CERTIFICATES = 4096;

export class TrustStore {
  private readonly cscasBySubject = new Map<string, ParsedCertificate[]>();
  private readonly cscasByKeyIdentifier = new Map<string, ParsedCertificate[]>();
  private readonly fingerprints = new Set<string>();
  private readonly crlList: ParsedCrl[] = [];
  private readonly sourceList: TrustSource[] = [];
  private readonly certificateCache = new LruCache<string, ParsedCertificate>(MAX_CACHED_CERTIFICATES);
  private readonly chainCache = new LruCache<string, ChainResult>(MAX_CACHED_CERTIFICATES);
  private readonly crlsByIssuer = new Map<string, readonly ParsedCrl[]>();
  private contentVersion = 0;

  /** Number of changes to the loaded certificates and CRLs; cached results belong to one version. */
  get version(): number {
    return this.contentVersion;
  }

  /** Number of distinct CSCA certificates. */
  get size(): number {
    return this.fingerprints.size;
  }

  get sources(): readonly TrustSource[] {
    return this.sourceList;
  }

  get crls(): readonly ParsedCrl[] {
    return this.crlList;
  }

  /** Returns every CSCA certificate in the store. */
  cscas(): ParsedCertificate[] {
    return [...this.cscasBySubject.values()].flat();
  }

  /** Adds CSCA certificates from PEM text (one or more blocks) or DER bytes. */
  addCertificates(bytes: Uint8Array, name = 'certificate'): void {
    const blocks = pemBlocks(bytes, 'CERTIFICATE');
    const ders = blocks ?? [bytes];

    try {
      for (const der of ders) {
        this.addCsca(parseTrusted(der, name));
      }
    } finally {
      this.changed();
    }

    this.sourceList.push({ name, kind: 'certificate', count: ders.length, skipped: [] });
  }

  /** Adds every CSCA of an ICAO master list after verifying the list's own signature. */
  addMasterList(bytes: Uint8Array, name = 'master list'): void {
    const list = parseMasterList(bytes, name);
    const skipped: string[] = [];
    let count = 0;

    for (const [index, der] of list.certificates.entries()) {
      try {
        this.addCsca(parseCertificate(der, `${name} certificate ${index}`));
        count++;
      } catch (error) {
        // A certificate node:crypto cannot load (e.g. an unsupported curve) is left out, never trusted.
        skipped.push(`certificate ${index}: ${(error as Error).message}`);
      }
    }

    this.changed();
    this.sourceList.push({ name, kind: 'master-list', count, skipped });
  }

  /** Adds a CRL (PEM or DER); its signature must verify with a CSCA already in the store. */
  addCrl(bytes: Uint8Array, name = 'CRL'): void {
    const ders = pemBlocks(bytes, 'X509 CRL') ?? [bytes];

    try {
      for (const der of ders) {
        const crl = parseCrl(der, (issuer) => this.issuersNamed(issuer), name);
        this.crlList.push(crl);
        this.sourceList.push({ name, kind: 'crl', count: crl.revoked.size, skipped: [] });
      }
    } finally {
      this.changed();
    }
  }

  /** CSCAs whose subject equals the given Name DER. */
  issuersNamed(issuer: Uint8Array): ParsedCertificate[] {
    return this.cscasBySubject.get(toHex(issuer)) ?? [];
  }

  /**
   * CSCAs that may have issued `certificate`: those whose subject equals its issuer name, or
   * else those whose subject key identifier equals its authority key identifier (names that
   * differ only in string types or encoding).
   */
  issuersOf(certificate: ParsedCertificate): ParsedCertificate[] {
    const byName = this.issuersNamed(certificate.issuer);

    if (byName.length > 0 || certificate.authorityKeyIdentifier === undefined) {
      return byName;
    }

    return this.cscasByKeyIdentifier.get(toHex(certificate.authorityKeyIdentifier)) ?? [];
  }

  /** CRLs issued under the given CSCA name, looked up once per name and store version. */
  crlsFor(issuer: Uint8Array): readonly ParsedCrl[] {
    const key = toHex(issuer);
    const cached = this.crlsByIssuer.get(key);

    if (cached !== undefined) {
      return cached;
    }

    const crls = Object.freeze(this.crlList.filter((crl) => toHex(crl.issuer) === key));

    // Only loaded CSCA names are kept, so other names cannot grow the map.
    if (crls.length > 0 || this.cscasBySubject.has(key)) {
      this.crlsByIssuer.set(key, crls);
    }

    return crls;
  }

  /**
   * Parses a certificate once per distinct DER (keyed by its SHA-256) and imports its public key
   * once; later calls return the cached result. Parsing does not depend on the store's content,
   * so this cache outlives changes of `version`. Validity is not checked here.
   */
  certificate(der: Uint8Array, what = 'certificate'): ParsedCertificate {
    const key = createHash('sha256').update(der).digest('hex');
    const cached = this.certificateCache.get(key);

    if (cached !== undefined) {
      return cached;
    }

    const parsed = parseCertificate(der, what);
    this.certificateCache.set(key, parsed);
    return parsed;
  }

  /**
   * Chain result of a signer certificate (by its DER's SHA-256), computed once per certificate
   * and store version. The result does not depend on time: callers check validity periods
   * against the verification time on every call.
   */
  cachedChain(fingerprint: string, compute: () => ChainResult): ChainResult {
    const key = `${this.contentVersion}:${fingerprint}`;
    const cached = this.chainCache.get(key);

    if (cached !== undefined) {
      return cached;
    }

    const result = compute();
    this.chainCache.set(key, result);
    return result;
  }

  /** Starts a new version: results computed for the previous content are dropped. */
  private changed(): void {
    this.contentVersion++;
    this.chainCache.clear();
    this.crlsByIssuer.clear();
  }

  private addCsca(certificate: ParsedCertificate): void {
    if (this.fingerprints.has(certificate.fingerprint)) {
      return;
    }

    const key = toHex(certificate.subject);
    this.fingerprints.add(certificate.fingerprint);
    this.cscasBySubject.set(key, [...(this.cscasBySubject.get(key) ?? []), certificate]);

    if (certificate.subjectKeyIdentifier !== undefined) {
      const identifier = toHex(certificate.subjectKeyIdentifier);
      this.cscasByKeyIdentifier.set(identifier, [...(this.cscasByKeyIdentifier.get(identifier) ?? []), certificate]);
    }
  }
}

function parseTrusted(der: Uint8Array, name: string): ParsedCertificate {
  try {
    return parseCertificate(der, name);
  } catch (error) {
    throw new ChipError('TRUST_STORE_INVALID', `${name}: not a loadable X.509 certificate (${(error as Error).message}); expected PEM or DER`, {}, { cause: error });
  }
}

/** DER of each PEM block with `label`, or null when the bytes are not PEM text. */
export function pemBlocks(bytes: Uint8Array, label: string): Uint8Array[] | null {
  const text = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 64))).toString('latin1');

  if (!text.includes('-----BEGIN ')) {
    return null;
  }

  const all = Buffer.from(bytes).toString('latin1');
  const pattern = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  const blocks = [...all.matchAll(pattern)].map((match) => new Uint8Array(Buffer.from((match[1] ?? '').replace(/\s+/g, ''), 'base64')));

  if (blocks.length === 0) {
    throw new ChipError('TRUST_STORE_INVALID', `PEM text contains no "${label}" block`);
  }

  return blocks;
}
