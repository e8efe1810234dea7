// Logger settings for the server. Request logs carry the request id, method, path, status and
// time. The query string is left out because it may contain names or ID numbers. Bodies,
// cookies and tokens are not logged, and the redaction paths below catch them if code logs a
// request object.
import { randomUUID } from 'node:crypto';

import type { FastifyServerOptions } from 'fastify';

export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'body',
  'req.body',
  'password',
  '*.password',
];

interface RequestLike {
  id?: string;
  method?: string;
  url?: string;
  ip?: string;
}

function pathOnly(url: string | undefined): string {
  return (url ?? '').split('?')[0] ?? '';
}

export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (request: RequestLike) => ({ method: request.method, path: pathOnly(request.url), remoteAddress: request.ip }),
      res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
    },
    ...(stream === undefined ? {} : { stream }),
  };
}

export function generateRequestId(): string {
  return randomUUID();
}
