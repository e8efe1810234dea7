// The only way screens reach the server: JSON over fetch with the session cookie and, on every
// request that changes something, the session's anti-forgery token in the x-csrf-token header.

/** A message in both languages, as the server's error catalogue returns it. */
export interface LocalisedMessage {
  vi: string;
  en: string;
}

/** An error body from the API, or a network failure (status 0). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly localised: LocalisedMessage,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}: ${localised.en}`);
    this.name = 'ApiRequestError';
  }

  /** True when the route does not exist on this server yet. */
  get routeMissing(): boolean {
    return this.status === 404 && this.code === 'REQUEST_NOT_FOUND';
  }
}

let csrfToken: string | null = null;

/** Sets the token that the session returned; null after sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

function networkError(error: unknown): ApiRequestError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ApiRequestError(0, 'NETWORK_UNREACHABLE', {
    vi: `Không kết nối được máy chủ (${reason}).`,
    en: `The server cannot be reached (${reason}).`,
  });
}

async function errorFromResponse(response: Response): Promise<ApiRequestError> {
  const text = await response.text();

  try {
    const body = JSON.parse(text) as { code?: string; message?: LocalisedMessage | string; details?: Record<string, unknown> };
    const message = typeof body.message === 'string' ? { vi: body.message, en: body.message } : body.message;
    return new ApiRequestError(response.status, body.code ?? `HTTP_${response.status}`, message ?? { vi: text, en: text }, body.details ?? {});
  } catch {
    const fallback = `HTTP ${response.status} ${response.statusText}`;
    return new ApiRequestError(response.status, `HTTP_${response.status}`, { vi: fallback, en: fallback });
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/** Sends a request to the API and returns the parsed JSON body (undefined for 204). */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: RequestInit['body'];

  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  if (method !== 'GET' && csrfToken !== null) {
    headers['x-csrf-token'] = csrfToken;
  }

  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin', signal: options.signal ?? null });
  } catch (error) {
    throw networkError(error);
  }

  if (!response.ok) {
    throw await errorFromResponse(response);
  }

  if (response.status === 204) {
    return undefined as T;
  }

  return (await response.json()) as T;
}

/** Returns the session's anti-forgery token, for requests made outside apiRequest. */
export function currentCsrfToken(): string | null {
  return csrfToken;
}
