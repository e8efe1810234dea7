// An HTTP client of the examgate API as the web app uses it: the session cookie, the CSRF
// header, JSON bodies.

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

export class DemoApiClient {
  private readonly cookies = new Map<string, string>();
  private csrfToken: string | null = null;

  constructor(readonly baseUrl: string) {}

  async login(username: string, password: string): Promise<this> {
    const response = await this.request('POST', '/api/auth/login', { username, password });

    if (response.status !== 200) {
      throw new Error(`login as ${username} failed with HTTP ${response.status}: ${JSON.stringify(response.body)}`);
    }

    this.csrfToken = String(response.body.csrfToken);
    return this;
  }

  get<T = any>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body: unknown = {}): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body);
  }

  /** Downloads a file; throws unless the server returns 200. */
  async download(path: string): Promise<Buffer> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: this.headers() });

    if (response.status !== 200) {
      throw new Error(`GET ${path} returned HTTP ${response.status}: ${await response.text()}`);
    }

    return Buffer.from(await response.arrayBuffer());
  }

  async request<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const headers = this.headers();

    if (body !== undefined) headers['content-type'] = 'application/json';

    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', ...value] = pair.split('=');
      if (name.trim() !== '') this.cookies.set(name.trim(), value.join('='));
    }

    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, body: (type.includes('application/json') && text !== '' ? JSON.parse(text) : text) as T };
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = {};
    const cookie = [...this.cookies.entries()].filter(([, value]) => value !== '').map(([name, value]) => `${name}=${value}`).join('; ');

    if (cookie !== '') headers.cookie = cookie;
    if (this.csrfToken !== null) headers['x-csrf-token'] = this.csrfToken;
    return headers;
  }
}
