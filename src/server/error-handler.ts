// Turns every error into the API's error body `{ code, message: { vi, en }, details }`.
// Client errors are logged at info level with their code; server errors at error level with
// the stack. Neither logs the request body.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { ApiError } from './errors.js';
import { describeIssue, type ValidationIssue } from './validation-messages.js';

/**
 * Returns the constraint name when `error` is a unique-constraint violation from SQLite
 * (SQLITE_CONSTRAINT_UNIQUE or _PRIMARYKEY) or PostgreSQL (SQLSTATE 23505), else null. Routes
 * check for duplicates first; this catches two requests that pass the check at the same time.
 */
function uniqueViolation(error: unknown): string | null {
  const candidate = error as { code?: unknown; constraint?: unknown; message?: unknown };

  if (candidate.code === '23505') {
    return typeof candidate.constraint === 'string' ? candidate.constraint : 'unique';
  }

  if (candidate.code === 'SQLITE_CONSTRAINT_UNIQUE' || candidate.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return typeof candidate.message === 'string' ? candidate.message.replace(/^UNIQUE constraint failed: /, '') : 'unique';
  }

  return null;
}

function toApiError(error: FastifyError, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) {
    return error;
  }

  const constraint = uniqueViolation(error);

  if (constraint !== null) {
    return new ApiError('REQUEST_CONFLICT', { constraint });
  }

  if (error.validation !== undefined) {
    const issues = (error.validation as ValidationIssue[]).map((issue) => describeIssue(issue, error.validationContext));
    const field = error.validationContext ?? 'body';
    const first = issues[0] ?? { field, problemVi: `${field} không hợp lệ`, problemEn: `${field} is invalid` };
    const params = { field: first.field, problem: first.problemEn, problemVi: first.problemVi, problemEn: first.problemEn, value: first.value };

    // The first issue fills the message; every issue is in details, each in both languages.
    return new ApiError('REQUEST_INVALID', params, { issues });
  }

  // A file upload has the upload limit. Any other body has the route's body limit (1 MiB for JSON).
  if (error.code === 'FST_REQ_FILE_TOO_LARGE') {
    return new ApiError('REQUEST_TOO_LARGE', { limitBytes: request.server.settings.uploadLimitBytes });
  }

  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new ApiError('REQUEST_TOO_LARGE', { limitBytes: request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit });
  }

  if (error.code === 'FST_ERR_CTP_INVALID_JSON' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new ApiError('REQUEST_INVALID', { field: 'body', fieldVi: 'nội dung yêu cầu', problemVi: 'nội dung không phải JSON hợp lệ', problemEn: 'the body is not valid JSON', problem: 'the body is not valid JSON' });
  }

  const status = error.statusCode ?? 500;

  if (status >= 400 && status < 500) {
    return new ApiError('REQUEST_INVALID', { field: 'request', fieldVi: 'yêu cầu', problemVi: `máy chủ không nhận yêu cầu này (mã ${error.code ?? status})`, problem: error.message });
  }

  return new ApiError('SERVER_INTERNAL', { requestId: request.id });
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toApiError(error, request);

    if (apiError.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ code: apiError.code }, 'request rejected');
    }

    return reply.status(apiError.status).send(apiError.toBody());
  });

  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '';
    const isPageRequest = (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/') && path !== '/api';

    // The web app routes in the browser, so any page path that is not a file gets index.html.
    if (isPageRequest && typeof reply.sendFile === 'function') {
      return reply.type('text/html').sendFile('index.html');
    }

    const apiError = new ApiError('REQUEST_NOT_FOUND', { method: request.method, url: path });
    return reply.status(404).send(apiError.toBody());
  });
}
