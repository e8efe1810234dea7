// Passive authentication (ICAO Doc 9303 Part 11 section 5.1) over the raw bytes of a dump.
// It parses EF.SOD, hashes every data group and checks the signed attributes. It verifies the
// SOD signature with the digest and algorithm that the SignerInfo names, checks the document
// signer certificate's validity, chains it to a loaded CSCA and looks it up in loaded CRLs.
// Every step is a check in the report, and an exception inside a step fails that step.
import { createHash } from 'node:crypto';

import { equalBytes, toHex } from '../codec/bytes.js';
import type { CardFiles, DumpFileName } from '../dump.js';
import { parseSod, type Sod } from '../lds/sod.js';
import { DIGEST_OIDS } from './algorithms.js';
import { isValidAt, serialNumberHex, type ParsedCertificate } from './certificate.js';
import { findSignerCertificate } from './master-list.js';
import { allChecksPassed, runCheck, type CertificateSummary, type VerificationCheck } from './report.js';
import { describeSignatureAlgorithm, resolveSignatureAlgorithm, verifySignature } from './signature.js';
import type { ChainResult, TrustStore } from './trust-store.js';

export interface PassiveAuthenticationOptions {
  trustStore: TrustStore;
  /** Time at which certificates must be valid. */
  at: Date;
  /** Data groups that must be present in both the SOD and the dump. Default [1, 2]. */
  requiredDataGroups?: number[];
  /** Accept id-data as the SOD's eContentType (a quirk of some issuers). Default false. */
  allowIdDataContentType?: boolean;
}

export interface PassiveAuthenticationResult {
  /** True when no check failed. */
  passed: boolean;
  checks: VerificationCheck[];
  sod?: Sod;
  documentSigner?: CertificateSummary;
  csca?: CertificateSummary;
  /** Digest algorithm of the data group hashes, e.g. `sha256`. */
  hashAlgorithm?: string;
}

const DATA_GROUP_NAMES = Array.from({ length: 16 }, (_, index) => `DG${index + 1}` as DumpFileName);

/** Runs passive authentication over the files of one card. */
export function passiveAuthentication(files: CardFiles, options: PassiveAuthenticationOptions): PassiveAuthenticationResult {
  const checks: VerificationCheck[] = [];
  const result: PassiveAuthenticationResult = { passed: false, checks };
  const sodBytes = files['EF.SOD'];

  if (sodBytes === undefined) {
    runCheck(checks, { id: 'parse-EF.SOD', kind: 'parse', file: 'EF.SOD' }, () => ({
      status: 'failed', threat: 'file-missing', message: 'EF.SOD is missing from the dump, so no file can be verified',
    }));
    return result;
  }

  let sod: Sod | undefined;
  runCheck(checks, { id: 'parse-EF.SOD', kind: 'parse', file: 'EF.SOD' }, () => {
    sod = parseSod(sodBytes, { allowIdDataContentType: options.allowIdDataContentType ?? false });
    const quirk = sod.idDataContentType ? ' (eContentType id-data accepted by option)' : '';
    return { status: 'passed', message: `EF.SOD parsed: SignedData v3 over an LDSSecurityObject v${sod.ldsSecurityObject.version}${quirk}` };
  }, 'malformed-file');

  if (sod === undefined) {
    return result;
  }

  result.sod = sod;
  result.hashAlgorithm = sod.ldsSecurityObject.hashAlgorithm.name ?? sod.ldsSecurityObject.hashAlgorithm.oid;
  checkDataGroupHashes(checks, files, sod, options.requiredDataGroups ?? [1, 2]);
  checkSignature(checks, sod, options, result);

  result.passed = allChecksPassed(checks);
  return result;
}

function checkDataGroupHashes(checks: VerificationCheck[], files: CardFiles, sod: Sod, required: number[]): void {
  const hashes = sod.ldsSecurityObject.dataGroupHashes;
  const digest = sod.ldsSecurityObject.hashAlgorithm.name;

  for (const name of DATA_GROUP_NAMES) {
    const number = Number(name.slice(2));
    const bytes = files[name];
    const expected = hashes.get(number);
    const base = { id: `${name}-hash`, kind: 'data-group-hash' as const, file: name };

    if (bytes === undefined && expected === undefined) {
      if (required.includes(number)) {
        runCheck(checks, base, () => ({ status: 'failed', threat: 'file-missing', message: `${name} is required but is missing from both the dump and the SOD` }));
      }

      continue;
    }

    if (bytes === undefined) {
      runCheck(checks, base, () => required.includes(number)
        ? { status: 'failed', threat: 'file-missing', message: `${name} is listed in the SOD and required, but the dump does not hold it` }
        : { status: 'skipped', message: `${name} is listed in the SOD but was not read (not required)` });
      continue;
    }

    if (expected === undefined) {
      runCheck(checks, base, () => ({ status: 'failed', threat: 'file-not-in-sod', message: `${name} is in the dump but the SOD lists no hash for it: the file was added, not issued` }));
      continue;
    }

    runCheck(checks, base, () => {
      if (digest === null) {
        return { status: 'failed', threat: 'unsupported-algorithm', message: `SOD hash algorithm ${sod.ldsSecurityObject.hashAlgorithm.oid} is not supported` };
      }

      const actual = new Uint8Array(createHash(digest).update(bytes).digest());

      return equalBytes(actual, expected)
        ? { status: 'passed', message: `${name} ${digest} hash matches the SOD` }
        : { status: 'failed', threat: 'tampered-file', message: `${name} ${digest} hash ${toHex(actual)} differs from the SOD's ${toHex(expected)}: the file was altered` };
    });
  }
}

function checkSignature(checks: VerificationCheck[], sod: Sod, options: PassiveAuthenticationOptions, result: PassiveAuthenticationResult): void {
  const signerInfo = sod.signedData.signerInfos[0]!;
  const store = options.trustStore;

  runCheck(checks, { id: 'signed-attributes', kind: 'signed-attributes', file: 'EF.SOD' }, () => {
    const digest = DIGEST_OIDS[signerInfo.digestAlgorithm.oid];

    if (digest === undefined) {
      return { status: 'failed', threat: 'unsupported-algorithm', message: `SignerInfo digest algorithm ${signerInfo.digestAlgorithm.oid} is not supported` };
    }

    if (signerInfo.signedAttributes === null || signerInfo.messageDigest === undefined) {
      return { status: 'failed', threat: 'tampered-sod', message: 'SignerInfo has no signed attributes with a messageDigest; Doc 9303 requires them' };
    }

    if (signerInfo.contentType !== undefined && signerInfo.contentType !== sod.signedData.eContentType) {
      return { status: 'failed', threat: 'tampered-sod', message: `contentType attribute ${signerInfo.contentType} differs from eContentType ${sod.signedData.eContentType}` };
    }

    const actual = new Uint8Array(createHash(digest).update(sod.signedData.eContent).digest());

    return equalBytes(actual, signerInfo.messageDigest)
      ? { status: 'passed', message: `messageDigest matches the ${digest} hash of the LDSSecurityObject` }
      : { status: 'failed', threat: 'tampered-sod', message: 'messageDigest differs from the hash of the LDSSecurityObject: the hash list was altered after signing' };
  });

  let signer: ParsedCertificate | undefined;
  runCheck(checks, { id: 'signer-certificate', kind: 'signer-certificate', file: 'EF.SOD' }, () => {
    const certificates = sod.signedData.certificates.map((der, index) => store.certificate(der, `SOD certificate ${index}`));
    signer = findSignerCertificate(certificates, signerInfo);

    return signer === undefined
      ? { status: 'failed', threat: 'signer-certificate-missing', message: `the SOD contains ${certificates.length} certificates, and none is the one its SignerInfo names` }
      : { status: 'passed', message: `document signer certificate found: ${signer.subjectText}` };
  });

  if (signer === undefined) {
    return;
  }

  const documentSigner = signer;
  result.documentSigner = summarize(documentSigner);

  runCheck(checks, { id: 'sod-signature', kind: 'sod-signature', file: 'EF.SOD' }, () => {
    const digest = DIGEST_OIDS[signerInfo.digestAlgorithm.oid];
    const algorithm = resolveSignatureAlgorithm(signerInfo.signatureAlgorithm, digest);
    const signed = signerInfo.signedAttributes ?? sod.signedData.eContent;
    const valid = verifySignature(signed, signerInfo.signature, documentSigner.publicKey, algorithm);

    return valid
      ? { status: 'passed', message: `SOD signature verifies (${describeSignatureAlgorithm(algorithm)})` }
      : { status: 'failed', threat: 'bad-signature', message: `SOD signature does not verify with the document signer's key (${describeSignatureAlgorithm(algorithm)})` };
  }, 'unsupported-algorithm');

  runCheck(checks, { id: 'signer-validity', kind: 'signer-validity' }, () => {
    const when = options.at.toISOString();

    if (options.at < documentSigner.notBefore) {
      return { status: 'failed', threat: 'signer-not-yet-valid', message: `document signer certificate is valid from ${documentSigner.notBefore.toISOString()}, after ${when}` };
    }

    return isValidAt(documentSigner, options.at)
      ? { status: 'passed', message: `document signer certificate is valid at ${when} (until ${documentSigner.notAfter.toISOString()})` }
      : { status: 'failed', threat: 'expired-signer', message: `document signer certificate expired on ${documentSigner.notAfter.toISOString()}, before ${when}` };
  });

  let chain: ChainResult | undefined;

  runCheck(checks, { id: 'certificate-chain', kind: 'certificate-chain' }, () => {
    chain = store.cachedChain(documentSigner.fingerprint, () => chainToCsca(documentSigner, store));

    if (chain.status === 'issued-by') {
      return { status: 'passed', message: `document signer certificate is signed by the loaded CSCA ${chain.csca.subjectText}` };
    }

    if (chain.status === 'bad-certificate-signature') {
      return { status: 'failed', threat: 'bad-certificate-signature', message: `${chain.candidates} loaded CSCA(s) match the issuer ${documentSigner.issuerText}, but none verifies the certificate's signature` };
    }

    return { status: 'failed', threat: 'unknown-issuer', message: `no loaded CSCA is named ${documentSigner.issuerText} or has its key identifier: the issuer is unknown, so the document is not trusted even if its signature is valid` };
  });

  if (chain?.status !== 'issued-by') {
    return;
  }

  const csca = chain.csca;
  result.csca = summarize(csca);

  runCheck(checks, { id: 'csca-validity', kind: 'csca-validity' }, () => isValidAt(csca, options.at)
    ? { status: 'passed', message: `CSCA certificate is valid at ${options.at.toISOString()}` }
    : { status: 'failed', threat: 'expired-csca', message: `CSCA certificate is valid from ${csca.notBefore.toISOString()} to ${csca.notAfter.toISOString()}, not at ${options.at.toISOString()}` });

  runCheck(checks, { id: 'revocation', kind: 'revocation' }, () => {
    const crls = store.crlsFor(csca.subject);

    if (crls.length === 0) {
      return { status: 'skipped', message: `no CRL of ${csca.subjectText} is loaded, so revocation was not checked` };
    }

    const serial = serialNumberHex(documentSigner);

    for (const crl of crls) {
      const revokedAt = crl.revoked.get(serial);

      if (revokedAt !== undefined && revokedAt <= options.at) {
        return { status: 'failed', threat: 'revoked-signer', message: `document signer certificate ${serial} was revoked on ${revokedAt.toISOString()}` };
      }
    }

    const stale = crls.every((crl) => crl.nextUpdate !== undefined && crl.nextUpdate < options.at);
    const note = stale ? '; NOTE: every loaded CRL is past its nextUpdate, load a current one' : '';
    return { status: 'passed', message: `document signer certificate ${serial} is not in ${crls.length} loaded CRL(s)${note}` };
  });
}

function chainToCsca(signer: ParsedCertificate, store: TrustStore): ChainResult {
  const candidates = store.issuersOf(signer);

  if (candidates.length === 0) {
    return { status: 'unknown-issuer' };
  }

  const algorithm = resolveSignatureAlgorithm(signer.signatureAlgorithm);
  const csca = candidates.find((candidate) => verifySignature(signer.tbs, signer.signature, candidate.publicKey, algorithm));

  return csca === undefined ? { status: 'bad-certificate-signature', candidates: candidates.length } : { status: 'issued-by', csca };
}

/** Summaries of the trust store's cached certificates, built once per certificate object. */
const summaries = new WeakMap<ParsedCertificate, CertificateSummary>();

/** Summarizes a certificate for reports; each call returns a new object. */
export function summarize(certificate: ParsedCertificate): CertificateSummary {
  let summary = summaries.get(certificate);

  if (summary === undefined) {
    summary = {
      subject: certificate.subjectText,
      issuer: certificate.issuerText,
      serialNumber: serialNumberHex(certificate),
      notBefore: certificate.notBefore.toISOString(),
      notAfter: certificate.notAfter.toISOString(),
      fingerprint: certificate.fingerprint,
    };
    summaries.set(certificate, summary);
  }

  return { ...summary };
}
