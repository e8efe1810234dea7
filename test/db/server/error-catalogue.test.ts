import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { ApiError, ERROR_CATALOGUE, renderMessage } from '../../../src/server/errors.js';

// Codes of the core server areas, which docs/api.md documents; other areas document theirs in
// their own docs/api-*.md page.
const CORE_CODE = /^(REQUEST|SERVER|AUTH|UNIT|CLASS|PILOT_ROUND|USER|CANDIDATE|IMPORT|ROW|EXAM_EVENT|EXAM_SESSION|ROOM|SEATS?|REGISTRATION)_/;

function documentedCodes(): Map<string, number> {
  const text = readFileSync('docs/api.md', 'utf8');
  const rows = [...text.matchAll(/^\| `([A-Z0-9_]+)` \| (\d{3}) \|/gm)];
  return new Map(rows.map((match) => [match[1] as string, Number(match[2])]));
}

describe('error catalogue', () => {
  it('docs list every core code', () => {
    const documented = documentedCodes();

    for (const code of Object.keys(ERROR_CATALOGUE).filter((name) => CORE_CODE.test(name))) {
      assert.ok(documented.has(code), `${code} is missing from the error table of docs/api.md`);
    }
  });

  it('documented codes exist with their status', () => {
    for (const [code, status] of documentedCodes()) {
      const definition = (ERROR_CATALOGUE as Record<string, { status: number }>)[code];

      assert.ok(definition, `docs/api.md lists ${code}, which the catalogue lacks`);
      assert.equal(definition.status, status, `status of ${code}`);
    }
  });

  it('codes follow AREA_PROBLEM', () => {
    for (const code of Object.keys(ERROR_CATALOGUE)) {
      assert.match(code, /^[A-Z]+(_[A-Z0-9]+)+$/);
    }
  });

  it('both languages use the same placeholders', () => {
    for (const [code, definition] of Object.entries(ERROR_CATALOGUE)) {
      const names = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

      assert.deepEqual(names(definition.vi), names(definition.en), code);
    }
  });

  it('messages name the failing value', () => {
    const message = renderMessage('UNIT_CODE_TAKEN', { code: 'TT-01' });
    const body = new ApiError('UNIT_CODE_TAKEN', { code: 'TT-01' }).toBody();

    assert.match(message.vi, /TT-01/);
    assert.match(message.en, /TT-01/);
    assert.deepEqual(body.details, { code: 'TT-01' });
  });
});
