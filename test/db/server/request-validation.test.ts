import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';

import { buildServer } from '../../../src/server/app.js';
import { describeIssue } from '../../../src/server/validation-messages.js';
import { forEachDatabase } from '../../support/databases.js';

// A route with one field per Ajv keyword that the error handler words in both languages.
const SCHEMA = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  properties: {
    reason: { type: 'string', minLength: 3, maxLength: 10 },
    extraMinutes: { type: 'number', minimum: 0, maximum: 600 },
    count: { type: 'integer' },
    kind: { type: 'string', enum: ['no_card', 'broken_chip'] },
    code: { type: 'string', pattern: '^[A-Z]{2}$' },
    day: { type: 'string', format: 'date' },
    seats: { type: 'array', minItems: 1, maxItems: 2 },
    password: { type: 'string', minLength: 12 },
  },
} as const;

const CASES: [body: Record<string, unknown>, field: string, vi: RegExp, en: RegExp, value: unknown][] = [
  [{}, 'body.reason', /thiếu trường bắt buộc body\.reason/, /the required field body\.reason is missing/, undefined],
  [{ reason: 'abc', extraMinutes: -5 }, 'body.extraMinutes', /body\.extraMinutes phải lớn hơn hoặc bằng 0; giá trị đã gửi: -5/, /body\.extraMinutes must be at least 0; the value sent was -5/, -5],
  [{ reason: 'abc', extraMinutes: 601 }, 'body.extraMinutes', /phải nhỏ hơn hoặc bằng 600; giá trị đã gửi: 601/, /must be at most 600/, 601],
  [{ reason: 'ab' }, 'body.reason', /body\.reason phải có ít nhất 3 ký tự; giá trị đã gửi: "ab"/, /must have at least 3 characters; the value sent was "ab"/, 'ab'],
  [{ reason: 'abcdefghijk' }, 'body.reason', /tối đa 10 ký tự/, /at most 10 characters/, 'abcdefghijk'],
  [{ reason: 'abc', count: 'ba' }, 'body.count', /body\.count phải là số nguyên; giá trị đã gửi: "ba"/, /body\.count must be an integer/, 'ba'],
  [{ reason: 'abc', kind: 'because' }, 'body.kind', /một trong các giá trị: no_card, broken_chip; giá trị đã gửi: "because"/, /must be one of: no_card, broken_chip/, 'because'],
  [{ reason: 'abc', code: 'abc' }, 'body.code', /không đúng mẫu \^\[A-Z\]\{2\}\$/, /does not match the pattern/, 'abc'],
  [{ reason: 'abc', day: '31/12/2026' }, 'body.day', /phải có định dạng date/, /must be in the date format/, '31/12/2026'],
  [{ reason: 'abc', seats: [] }, 'body.seats', /ít nhất 1 phần tử/, /at least 1 items?/, undefined],
  [{ reason: 'abc', seats: [1, 2, 3] }, 'body.seats', /tối đa 2 phần tử/, /at most 2 items/, undefined],
  [{ reason: 'abc', password: 'short' }, 'body.password', /ít nhất 12 ký tự\. Hãy sửa/, /at least 12 characters\. Correct/, undefined],
];

forEachDatabase('request validation messages', async (testDatabase, t) => {
  const app = await buildServer({ logLevel: 'info', logStream: new PassThrough(), webRoot: '/nonexistent', database: testDatabase.database });
  app.post('/api/validation-probe', { schema: { body: SCHEMA } }, async () => ({ ok: true }));
  await app.ready();

  try {
    for (const [body, field, vi, en, value] of CASES) {
      await t.test(`${field} ${JSON.stringify(body)}`, async () => {
        const response = await app.inject({ method: 'POST', url: '/api/validation-probe', payload: body });
        const answer = response.json() as { code: string; message: { vi: string; en: string }; details: Record<string, unknown> };

        assert.equal(response.statusCode, 400, response.body);
        assert.equal(answer.code, 'REQUEST_INVALID');
        assert.equal(answer.details['field'], field);
        assert.match(answer.message.vi, vi);
        assert.match(answer.message.en, en);
        assert.doesNotMatch(answer.message.vi, /must|should|is missing/, 'no English in the Vietnamese message');
        assert.equal(answer.details['value'], value);
      });
    }

    await t.test('extra properties are dropped', async () => {
      // Fastify's Ajv removes properties that additionalProperties: false does not allow, so
      // the server never reports that keyword; the phrase is checked on an Ajv issue below.
      const response = await app.inject({ method: 'POST', url: '/api/validation-probe', payload: { reason: 'abc', colour: 'red' } });
      assert.equal(response.statusCode, 200);

      const described = describeIssue({ keyword: 'additionalProperties', instancePath: '', params: { additionalProperty: 'colour' }, data: { colour: 'red' } }, 'body');
      assert.equal(described.field, 'body.colour');
      assert.equal(described.problemVi, 'trường body.colour không được phép; hãy bỏ trường này');
      assert.equal(described.problemEn, 'the field body.colour is not allowed; remove it');
    });

    await t.test('password value is never repeated', async () => {
      const response = await app.inject({ method: 'POST', url: '/api/validation-probe', payload: { reason: 'abc', password: 'hunter2' } });

      assert.doesNotMatch(response.body, /hunter2/);
    });
  } finally {
    await app.close();
  }
});
