// The registry layer's error catalogue. Failures of the service itself are not errors: they
// come back as `unavailable` results. A RegistryError means the caller or the operator gave
// something invalid (a request, a configuration, a simulator data file) and must fix it.

export const REGISTRY_ERROR_CODES = {
  REGISTRY_BAD_REQUEST: 'a verification request has a missing or invalid field',
  REGISTRY_BAD_CONFIG: 'the registry client or simulator configuration is invalid',
  REGISTRY_BAD_DATA_FILE: 'the simulator data file is missing, unreadable or invalid',
  REGISTRY_TLS_FILES: 'a TLS certificate or key file is missing or unreadable',
  REGISTRY_STORAGE: 'the registry storage returned something it should not hold',
} as const;

export type RegistryErrorCode = keyof typeof REGISTRY_ERROR_CODES;

/** The only error type the registry code throws on invalid input or configuration. */
export class RegistryError extends Error {
  readonly code: RegistryErrorCode;

  constructor(code: RegistryErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RegistryError';
    this.code = code;
  }
}
