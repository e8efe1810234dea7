// JSON schema pieces shared by route modules.

export const ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

export const idSchema = { type: 'string', pattern: ID_PATTERN } as const;

/**
 * Pattern of a text field without control characters (U+0000 to U+001F and U+007F). PostgreSQL
 * cannot store U+0000 in text at all.
 */
export const NO_CONTROL_CHARACTERS = '^[^\\u0000-\\u001f\\u007f]*$';

/** Params schema for a route with one id parameter of the given name. */
export function idParams(...names: string[]) {
  return {
    type: 'object',
    required: names,
    properties: Object.fromEntries(names.map((name) => [name, idSchema])),
  } as const;
}

export const codeSchema = { type: 'string', minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' } as const;
export const nameSchema = { type: 'string', minLength: 1, maxLength: 200 } as const;
export const isoDateSchema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
export const timeSchema = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' } as const;

export const errorBodySchema = {
  type: 'object',
  required: ['code', 'message', 'details'],
  properties: {
    code: { type: 'string' },
    message: { type: 'object', properties: { vi: { type: 'string' }, en: { type: 'string' } } },
    details: { type: 'object', additionalProperties: true },
  },
} as const;

export const emptyQuerystring = { type: 'object', properties: {}, additionalProperties: false } as const;
