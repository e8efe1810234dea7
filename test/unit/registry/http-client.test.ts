import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';

import { RegistryError } from '../../../src/registry/errors.js';
import { HttpRegistryClient, type HttpRegistryClientOptions } from '../../../src/registry/http-client.js';
import { RegistrySimulator } from '../../../src/registry/simulator.js';
import { generateTestPki, type TestPki } from '../../../src/registry/test-pki.js';
import { ManualClock, RECORDS, recordAt, requestFor } from './support.js';

describe('registry HTTP client over mutual TLS', () => {
  let pki: TestPki;
  let otherPki: TestPki;
  let simulator: RegistrySimulator;
  let baseUrl: string;
  const clients: HttpRegistryClient[] = [];

  const makeClient = (options: Partial<HttpRegistryClientOptions> = {}): HttpRegistryClient => {
    const client = new HttpRegistryClient({
      baseUrl,
      tls: { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key },
      backoff: { baseDelayMs: 5, maxDelayMs: 20 },
      ...options,
    });
    clients.push(client);
    return client;
  };

  before(async () => {
    pki = await generateTestPki('http client test');
    otherPki = await generateTestPki('untrusted');
    simulator = new RegistrySimulator({ records: RECORDS, tls: { ca: pki.ca.cert, cert: pki.server.cert, key: pki.server.key } });
    baseUrl = await simulator.listen();
  });

  after(async () => {
    for (const client of clients) {
      client.close();
    }

    await simulator.close();
  });

  it('answers match for the same data', async () => {
    const result = await makeClient().verify(requestFor(0, 'event-match'));

    assert.equal(result.outcome, 'match');
    assert.equal(result.billable, true);
    assert.match(result.referenceId ?? '', /^SIM-/);
    assert.ok(result.latencyMs >= 0);
  });

  it('answers mismatch naming the fields', async () => {
    // The generated records are born 1970-2008, so 1960-01-01 differs from every one.
    const request = { ...requestFor(1, 'event-mismatch'), fullName: `${recordAt(1).fullName} Anh`, birthDate: '1960-01-01' };
    const result = await makeClient().verify(request);

    assert.equal(result.outcome, 'mismatch');
    assert.deepEqual(result.outcome === 'mismatch' ? result.mismatchedFields : [], ['fullName', 'birthDate']);
  });

  it('ignores case and spacing but not diacritics', async () => {
    const record = recordAt(2);
    const client = makeClient();
    const spaced = await client.verify({ ...requestFor(2, 'event-case'), fullName: `  ${record.fullName.toLocaleLowerCase('vi')}  ` });
    const withoutDiacritics = record.fullName.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
    const plain = await client.verify({ ...requestFor(2, 'event-plain'), fullName: withoutDiacritics });

    assert.equal(spaced.outcome, 'match');
    assert.equal(plain.outcome, 'mismatch');
  });

  it('answers not_found for an unknown ID', async () => {
    const result = await makeClient().verify({ ...requestFor(0, 'event-unknown'), idNumber: '001099999999' });

    assert.equal(result.outcome, 'not_found');
    assert.equal(result.billable, true);
  });

  it('answers revoked for a revoked record', async () => {
    const result = await makeClient().verify(requestFor(4, 'event-revoked'));

    assert.equal(result.outcome, 'revoked');
  });

  it('replays a repeated key without billing', async () => {
    const client = makeClient();
    const before = simulator.stats().billableChecks;
    const first = await client.verify(requestFor(3, 'event-replay'));
    const second = await client.verify(requestFor(3, 'event-replay'));

    assert.equal(first.billable, true);
    assert.equal(second.billable, false);
    assert.equal(second.referenceId, first.referenceId);
    assert.equal(simulator.stats().billableChecks - before, 1);
  });

  it('reports a reused key with other data as a conflict', async () => {
    const client = makeClient();
    await client.verify(requestFor(5, 'event-conflict', 'same-candidate'));
    const result = await client.verify(requestFor(6, 'event-conflict', 'same-candidate'));

    assert.equal(result.outcome, 'unavailable');
    assert.equal(result.outcome === 'unavailable' ? result.reason : '', 'idempotency_conflict');
    assert.equal(result.outcome === 'unavailable' ? result.retryable : true, false);
  });

  it('rejects an invalid request before sending', async () => {
    const requestsBefore = simulator.stats().requests;

    await assert.rejects(makeClient().verify({ ...requestFor(0), idNumber: '12345' }), (error: unknown) => error instanceof RegistryError && error.code === 'REGISTRY_BAD_REQUEST');
    await assert.rejects(makeClient().verify({ ...requestFor(0), fullName: 'Nguyễn'.normalize('NFD') }), RegistryError);
    assert.equal(simulator.stats().requests, requestsBefore);
  });

  it('fails with a client certificate from another CA', async () => {
    // Node's TLS server closes the socket without an alert when it rejects a client certificate
    // after a TLS 1.3 handshake, so the client sees ECONNRESET; servers that send the alert
    // give a TLS error code.
    const client = makeClient({ tls: { ca: pki.ca.cert, cert: otherPki.client.cert, key: otherPki.client.key }, maxAttempts: 1 });
    const result = await client.verify(requestFor(0, 'event-wrong-cert'));

    assert.equal(result.outcome, 'unavailable');
    assert.ok(['tls_failure', 'connection_failed'].includes(result.outcome === 'unavailable' ? result.reason : ''), JSON.stringify(result));
  });

  it('fails without a client certificate', async () => {
    const client = makeClient({ tls: { ca: pki.ca.cert }, maxAttempts: 1 });
    const result = await client.verify(requestFor(0, 'event-no-cert'));

    assert.equal(result.outcome, 'unavailable');
    assert.ok(['tls_failure', 'connection_failed'].includes(result.outcome === 'unavailable' ? result.reason : ''), JSON.stringify(result));
  });

  it('fails when the server certificate is not trusted', async () => {
    const client = makeClient({ tls: { ca: otherPki.ca.cert, cert: pki.client.cert, key: pki.client.key }, maxAttempts: 1 });
    const result = await client.verify(requestFor(0, 'event-untrusted-server'));

    assert.equal(result.outcome, 'unavailable');
    assert.equal(result.outcome === 'unavailable' ? result.reason : '', 'tls_failure');
  });
});

describe('registry HTTP client failures', () => {
  let simulator: RegistrySimulator;
  let baseUrl: string;
  let randomValues: number[] = [];
  const clients: HttpRegistryClient[] = [];

  const makeClient = (options: Partial<HttpRegistryClientOptions> = {}): HttpRegistryClient => {
    const client = new HttpRegistryClient({ baseUrl, backoff: { baseDelayMs: 5, maxDelayMs: 20 }, maxAttempts: 3, ...options });
    clients.push(client);
    return client;
  };

  before(async () => {
    // Each verification request draws one number, and a number below the outage rate makes it a 503.
    simulator = new RegistrySimulator({ records: RECORDS, outageRate: 0.5, random: () => randomValues.shift() ?? 0.99 });
    baseUrl = await simulator.listen();
  });

  after(async () => {
    for (const client of clients) {
      client.close();
    }

    await simulator.close();
  });

  it('retries a 503 and then succeeds', async () => {
    randomValues = [0.1, 0.99];
    const before = simulator.stats();
    const result = await makeClient().verify(requestFor(0, 'event-retry'));
    const after = simulator.stats();

    assert.equal(result.outcome, 'match');
    assert.equal(after.requests - before.requests, 2);
    assert.equal(after.outageAnswers - before.outageAnswers, 1);
    assert.equal(after.billableChecks - before.billableChecks, 1);
  });

  it('gives up after maxAttempts with server_error', async () => {
    randomValues = [0.1, 0.1, 0.1];
    const before = simulator.stats().requests;
    const result = await makeClient().verify(requestFor(0, 'event-down'));

    assert.equal(result.outcome, 'unavailable');
    assert.equal(result.outcome === 'unavailable' ? result.reason : '', 'server_error');
    assert.equal(result.outcome === 'unavailable' ? result.retryable : false, true);
    assert.equal(result.billable, false);
    assert.equal(simulator.stats().requests - before, 3);
  });

  it('times out a slow answer', async () => {
    simulator.setLatency(400);

    try {
      const result = await makeClient({ responseTimeoutMs: 100, maxAttempts: 2 }).verify(requestFor(1, 'event-slow'));

      assert.equal(result.outcome, 'unavailable');
      assert.equal(result.outcome === 'unavailable' ? result.reason : '', 'response_timeout');
      assert.ok(result.latencyMs >= 200, `latency ${result.latencyMs} ms covers both attempts`);
    } finally {
      simulator.setLatency(0);
    }
  });

  it('stops at the total timeout', async () => {
    simulator.setLatency(400);
    const before = simulator.stats().requests;

    try {
      const result = await makeClient({ responseTimeoutMs: 300, totalTimeoutMs: 350, maxAttempts: 5 }).verify(requestFor(1, 'event-total'));

      assert.equal(result.outcome === 'unavailable' ? result.reason : '', 'response_timeout');
      assert.ok(result.latencyMs >= 340, `latency ${result.latencyMs} ms reaches the total timeout`);
      assert.ok(simulator.stats().requests - before <= 2, 'no attempt starts after the deadline');
    } finally {
      simulator.setLatency(0);
    }
  });

  it('times out a hanging service', async () => {
    simulator.setFault('hang');

    try {
      const result = await makeClient({ responseTimeoutMs: 100, maxAttempts: 1 }).verify(requestFor(1, 'event-hang'));

      assert.equal(result.outcome === 'unavailable' ? result.reason : '', 'response_timeout');
    } finally {
      simulator.setFault('none');
    }
  });

  it('reports a malformed answer', async () => {
    simulator.setFault('malformed');

    try {
      const result = await makeClient().verify(requestFor(1, 'event-malformed'));

      assert.equal(result.outcome === 'unavailable' ? result.reason : '', 'malformed_response');
    } finally {
      simulator.setFault('none');
    }
  });

  it('reports a refused connection', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const result = await makeClient({ baseUrl: `http://127.0.0.1:${port}`, maxAttempts: 2 }).verify(requestFor(1, 'event-refused'));

    assert.equal(result.outcome === 'unavailable' ? result.reason : '', 'connection_failed');
    assert.equal(result.outcome === 'unavailable' ? result.detail : '', 'ECONNREFUSED');
  });

  it('times out a TLS handshake that never completes', async () => {
    const silent = net.createServer(() => undefined);
    const sockets: net.Socket[] = [];
    silent.on('connection', (socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;

    try {
      const result = await makeClient({ baseUrl: `https://127.0.0.1:${port}`, connectTimeoutMs: 100, maxAttempts: 1 }).verify(requestFor(1, 'event-silent'));

      assert.equal(result.outcome === 'unavailable' ? result.reason : '', 'connect_timeout');
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('opens the circuit and recovers through half-open', async () => {
    const clock = new ManualClock();
    const client = makeClient({ clock: clock.now, maxAttempts: 1, circuitBreaker: { failureThreshold: 2, openDurationMs: 10_000, halfOpenMaxProbes: 1 } });
    const states: string[] = [];
    client.breaker.onStateChange((state) => states.push(state));
    simulator.setFault('unavailable');

    try {
      await client.verify(requestFor(0, 'event-breaker'));
      await client.verify(requestFor(0, 'event-breaker'));
      assert.equal(client.circuitState, 'open');

      const requestsWhileOpen = simulator.stats().requests;
      const rejected = await client.verify(requestFor(0, 'event-breaker'));
      assert.equal(rejected.outcome === 'unavailable' ? rejected.reason : '', 'circuit_open');
      assert.equal(simulator.stats().requests, requestsWhileOpen);

      clock.advance(10_000);
      assert.equal(client.circuitState, 'half_open');
      const failedProbe = await client.verify(requestFor(0, 'event-breaker'));
      assert.equal(failedProbe.outcome === 'unavailable' ? failedProbe.reason : '', 'server_error');
      assert.equal(client.circuitState, 'open');

      clock.advance(10_000);
      simulator.setFault('none');
      const probe = await client.verify(requestFor(0, 'event-breaker'));
      assert.equal(probe.outcome, 'match');
      assert.equal(client.circuitState, 'closed');
      assert.deepEqual(states, ['open', 'half_open', 'open', 'half_open', 'closed']);
    } finally {
      simulator.setFault('none');
    }
  });
});
