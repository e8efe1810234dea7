// The JSON wire format between our HTTP client and the registry verification service, as our
// simulator implements it. The real service's API is not public; docs/registry.md describes
// this format as ours. Both sides validate with the functions here, so they cannot drift apart.
import { createHash } from 'node:crypto';

import { RegistryError } from './errors.js';
import type { RegistryDocumentEvidence, RegistryField, RegistryRequest, RegistrySex } from './types.js';

/** Path of the verification endpoint, below the configured base URL. */
export const VERIFY_PATH = '/v1/verifications';

/** Header that carries the idempotency key (exam event and candidate). */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** Body of `POST /v1/verifications`. */
export interface WireRequest {
  idNumber: string;
  fullName: string;
  birthDate: string;
  sex?: RegistrySex;
  document?: RegistryDocumentEvidence;
}

export type WireOutcome = 'match' | 'mismatch' | 'not_found' | 'revoked';

/** Body of a 200 response. */
export interface WireAnswer {
  referenceId: string;
  outcome: WireOutcome;
  /** Present, and not empty, only when `outcome` is `mismatch`. */
  mismatchedFields?: RegistryField[];
  /** True when this call was billed; false when it replays an earlier answer for the same key. */
  billable: boolean;
}

/** Body of every 4xx and 5xx response. */
export interface WireError {
  error: string;
  message: string;
}

const WIRE_OUTCOMES: readonly string[] = ['match', 'mismatch', 'not_found', 'revoked'];
const REGISTRY_FIELDS: readonly string[] = ['fullName', 'birthDate', 'sex', 'document'];
const ID_NUMBER_PATTERN = /^\d{12}$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;
const MAX_NAME_LENGTH = 200;

/** Returns true when `value` is a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const parts = DATE_PATTERN.exec(value);

  if (parts === null) {
    return false;
  }

  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * Returns what is wrong with a request body, naming the field but never its value, or null
 * when the body is valid.
 */
export function findWireRequestProblem(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return 'the request body must be a JSON object';
  }

  const fields = body as Record<string, unknown>;

  if (typeof fields.idNumber !== 'string' || !ID_NUMBER_PATTERN.test(fields.idNumber)) {
    return 'idNumber must be a string of 12 digits';
  }

  if (typeof fields.fullName !== 'string' || fields.fullName.trim() === '' || fields.fullName.length > MAX_NAME_LENGTH) {
    return `fullName must be a non-empty string of at most ${MAX_NAME_LENGTH} characters`;
  }

  if (fields.fullName.normalize('NFC') !== fields.fullName) {
    return 'fullName must be normalised to Unicode NFC';
  }

  if (typeof fields.birthDate !== 'string' || !isIsoDate(fields.birthDate)) {
    return 'birthDate must be a date written as YYYY-MM-DD';
  }

  if (fields.sex !== undefined && fields.sex !== 'M' && fields.sex !== 'F') {
    return 'sex must be M or F when present';
  }

  if (fields.document !== undefined) {
    return findDocumentProblem(fields.document);
  }

  return null;
}

function findDocumentProblem(document: unknown): string | null {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return 'document must be a JSON object when present';
  }

  const fields = document as Record<string, unknown>;

  if (fields.sodHash !== undefined && (typeof fields.sodHash !== 'string' || !SHA256_HEX_PATTERN.test(fields.sodHash))) {
    return 'document.sodHash must be 64 lowercase hex digits (SHA-256 of EF.SOD)';
  }

  if (fields.documentNumber !== undefined && (typeof fields.documentNumber !== 'string' || !/^[0-9A-Z]{1,20}$/.test(fields.documentNumber))) {
    return 'document.documentNumber must be 1 to 20 digits or capital letters';
  }

  if (fields.expiryDate !== undefined && fields.expiryDate !== 'none' && (typeof fields.expiryDate !== 'string' || !isIsoDate(fields.expiryDate))) {
    return 'document.expiryDate must be YYYY-MM-DD or none';
  }

  return null;
}

/** Builds the wire body of a request, or throws REGISTRY_BAD_REQUEST naming the invalid field. */
export function toWireRequest(request: RegistryRequest): WireRequest {
  const body: WireRequest = {
    idNumber: request.idNumber,
    fullName: request.fullName,
    birthDate: request.birthDate,
  };

  if (request.sex !== undefined) {
    body.sex = request.sex;
  }

  if (request.document !== undefined) {
    body.document = request.document;
  }

  const problem = findWireRequestProblem(body);

  if (problem !== null) {
    throw new RegistryError('REGISTRY_BAD_REQUEST', `Invalid registry verification request: ${problem}. Correct the candidate's registration or chip data before the check.`);
  }

  return body;
}

/** Parses the body of a 200 answer, or returns null when it does not follow the format. */
export function parseWireAnswer(body: unknown): WireAnswer | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return null;
  }

  const fields = body as Record<string, unknown>;

  if (typeof fields.referenceId !== 'string' || fields.referenceId === '' || fields.referenceId.length > 200) {
    return null;
  }

  if (typeof fields.outcome !== 'string' || !WIRE_OUTCOMES.includes(fields.outcome)) {
    return null;
  }

  if (typeof fields.billable !== 'boolean') {
    return null;
  }

  const outcome = fields.outcome as WireOutcome;

  if (outcome !== 'mismatch') {
    return { referenceId: fields.referenceId, outcome, billable: fields.billable };
  }

  const mismatched = fields.mismatchedFields;

  if (!Array.isArray(mismatched) || mismatched.length === 0 || !mismatched.every((field) => typeof field === 'string' && REGISTRY_FIELDS.includes(field))) {
    return null;
  }

  return { referenceId: fields.referenceId, outcome, billable: fields.billable, mismatchedFields: mismatched as RegistryField[] };
}

/**
 * Returns the SHA-256 of the request's wire body as hex. Two requests under one idempotency
 * key must have the same fingerprint; the value reveals nothing readable of the person.
 */
export function fingerprintRequest(request: RegistryRequest): string {
  return createHash('sha256').update(JSON.stringify(toWireRequest(request))).digest('hex');
}
