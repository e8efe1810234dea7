// Vietnamese and English phrases for the request-schema errors that Ajv reports, so that
// REQUEST_INVALID names the field, the limit and the value sent in both languages rather than
// passing Ajv's English message into the Vietnamese text.
import { NO_CONTROL_CHARACTERS } from './routes/schemas.js';

/** One Ajv error object; `data` is present because the server compiles schemas with `verbose`. */
export interface ValidationIssue {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
  data?: unknown;
}

export interface DescribedIssue {
  field: string;
  problemVi: string;
  problemEn: string;
  /** The value sent, when Ajv reported it and it is safe to repeat in a response. */
  value?: string | number | boolean | null;
}

const TYPE_NAMES: Record<string, { vi: string; en: string }> = {
  string: { vi: 'chuỗi ký tự', en: 'a string' },
  number: { vi: 'số', en: 'a number' },
  integer: { vi: 'số nguyên', en: 'an integer' },
  boolean: { vi: 'true hoặc false', en: 'true or false' },
  object: { vi: 'đối tượng JSON', en: 'a JSON object' },
  array: { vi: 'danh sách (mảng JSON)', en: 'a list (JSON array)' },
  null: { vi: 'null', en: 'null' },
};

// Fields whose value a response never repeats, because it may be a credential.
const SECRET_FIELD = /password|secret|token|otp|pin|key/i;
const MAX_VALUE_LENGTH = 60;

/** Returns the dotted field name of an issue, e.g. `body.extraMinutes`, with the missing or extra property. */
export function fieldOf(issue: ValidationIssue, context: string | undefined): string {
  const path = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const parts = [context ?? 'body'];
  const property = issue.params?.missingProperty ?? issue.params?.additionalProperty;

  if (path !== '') parts.push(path);
  if (typeof property === 'string') parts.push(property);

  return parts.join('.');
}

/**
 * Returns the value sent for the issue's field, cut to MAX_VALUE_LENGTH characters. Returns
 * undefined for a missing or extra field, a field that may hold a credential, and a value that
 * is an object or an array.
 */
function shownValue(issue: ValidationIssue, field: string): DescribedIssue['value'] {
  const { data } = issue;

  if (issue.keyword === 'required' || issue.keyword === 'additionalProperties' || SECRET_FIELD.test(field)) {
    return undefined;
  }

  if (typeof data === 'string') {
    return data.length > MAX_VALUE_LENGTH ? `${data.slice(0, MAX_VALUE_LENGTH)}…` : data;
  }

  if (typeof data === 'number' || typeof data === 'boolean' || data === null) {
    return data;
  }

  return undefined;
}

function typeNames(type: unknown): { vi: string; en: string } {
  const names = String(type).split(',').map((name) => TYPE_NAMES[name] ?? { vi: name, en: name });
  return { vi: names.map((name) => name.vi).join(' hoặc '), en: names.map((name) => name.en).join(' or ') };
}

/** Returns the phrases for one keyword, without the value sent. */
function phrases(issue: ValidationIssue, field: string): { vi: string; en: string } {
  const params = issue.params ?? {};
  const limit = String(params.limit);

  switch (issue.keyword) {
    case 'required':
      return { vi: `thiếu trường bắt buộc ${field}`, en: `the required field ${field} is missing` };
    case 'minimum':
    case 'exclusiveMinimum':
      return params.comparison === '>'
        ? { vi: `${field} phải lớn hơn ${limit}`, en: `${field} must be greater than ${limit}` }
        : { vi: `${field} phải lớn hơn hoặc bằng ${limit}`, en: `${field} must be at least ${limit}` };
    case 'maximum':
    case 'exclusiveMaximum':
      return params.comparison === '<'
        ? { vi: `${field} phải nhỏ hơn ${limit}`, en: `${field} must be less than ${limit}` }
        : { vi: `${field} phải nhỏ hơn hoặc bằng ${limit}`, en: `${field} must be at most ${limit}` };
    case 'minLength':
      return { vi: `${field} phải có ít nhất ${limit} ký tự`, en: `${field} must have at least ${limit} characters` };
    case 'maxLength':
      return { vi: `${field} chỉ được có tối đa ${limit} ký tự`, en: `${field} must have at most ${limit} characters` };
    case 'minItems':
      return { vi: `${field} phải có ít nhất ${limit} phần tử`, en: `${field} must have at least ${limit} items` };
    case 'maxItems':
      return { vi: `${field} chỉ được có tối đa ${limit} phần tử`, en: `${field} must have at most ${limit} items` };
    case 'type': {
      const names = typeNames(params.type);
      return { vi: `${field} phải là ${names.vi}`, en: `${field} must be ${names.en}` };
    }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.map(String).join(', ') : '';
      return { vi: `${field} phải là một trong các giá trị: ${allowed}`, en: `${field} must be one of: ${allowed}` };
    }
    case 'const':
      return { vi: `${field} chỉ được là ${String(params.allowedValue)}`, en: `${field} must be ${String(params.allowedValue)}` };
    case 'pattern':
      if (params.pattern === NO_CONTROL_CHARACTERS) {
        return { vi: `${field} chứa ký tự điều khiển (U+0000 đến U+001F hoặc U+007F); hãy bỏ các ký tự đó`, en: `${field} contains a control character (U+0000 to U+001F or U+007F); remove it` };
      }

      return { vi: `${field} không đúng mẫu ${String(params.pattern)}`, en: `${field} does not match the pattern ${String(params.pattern)}` };
    case 'format':
      return { vi: `${field} phải có định dạng ${String(params.format)}`, en: `${field} must be in the ${String(params.format)} format` };
    case 'additionalProperties':
      return { vi: `trường ${field} không được phép; hãy bỏ trường này`, en: `the field ${field} is not allowed; remove it` };
    default:
      // A keyword without a phrase keeps Ajv's English text only in the English message.
      return { vi: `${field} không hợp lệ (quy tắc ${issue.keyword ?? 'không rõ'})`, en: `${field} is invalid: ${issue.message ?? 'unknown rule'}` };
  }
}

/** Describes one Ajv issue in both languages, with the value sent where it may be shown. */
export function describeIssue(issue: ValidationIssue, context: string | undefined): DescribedIssue {
  const field = fieldOf(issue, context);
  const text = phrases(issue, field);
  const value = shownValue(issue, field);

  if (value === undefined) {
    return { field, problemVi: text.vi, problemEn: text.en };
  }

  const shown = typeof value === 'string' ? `"${value}"` : String(value);
  return { field, problemVi: `${text.vi}; giá trị đã gửi: ${shown}`, problemEn: `${text.en}; the value sent was ${shown}`, value };
}
