// The exam domain's error catalogue. Every error that src/exam throws is an ExamError with a
// stable code; the message names the value, the step and the fix. The server maps these codes
// to HTTP statuses and Vietnamese messages in its own catalogue.

export const EXAM_ERROR_CODES = {
  // Question model
  QUESTION_INVALID: 'a question does not match the rules of its kind',
  RESPONSE_INVALID: 'a response does not fit the question it answers',
  // Forms and blueprints
  BLUEPRINT_SHORT: 'the bank has fewer questions than a blueprint rule draws',
  FORM_INVALID: 'a test form does not match its questions',
  // Importers
  IMPORT_FAILED: 'a question file has errors; nothing was imported',
  IMPORT_UNSUPPORTED: 'the file format is not supported',
} as const;

export type ExamErrorCode = keyof typeof EXAM_ERROR_CODES;

/** The only error type the exam domain throws on bad input. */
export class ExamError extends Error {
  readonly code: ExamErrorCode;

  constructor(code: ExamErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExamError';
    this.code = code;
  }
}

/** Returns true when `error` is an ExamError, optionally with the given code. */
export function isExamError(error: unknown, code?: ExamErrorCode): error is ExamError {
  return error instanceof ExamError && (code === undefined || error.code === code);
}
