// The candidate's live socket (GET /api/exam/attempts/:id/live) as the exam HTTP tests use it.
import WebSocket from 'ws';

export interface LiveSocket {
  messages: Record<string, unknown>[];
  closed: Promise<{ code: number; reason: string }>;
  socket: WebSocket;
}

/** Opens the candidate's live socket of an attempt and collects its messages. */
export function openLive(baseUrl: string, attemptId: string, cookie: string | null): LiveSocket {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/exam/attempts/${attemptId}/live`, cookie === null ? {} : { headers: { cookie } });
  const messages: Record<string, unknown>[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(data.toString()) as Record<string, unknown>));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return { messages, closed, socket };
}

/** Returns the first value that `read` gives within the time, polling every 20 ms. */
export async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;

  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not arrive within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
