import assert from 'node:assert/strict';
import { test } from 'node:test';

import { REPORT_ROUTES } from '../../../web/src/api/reports.js';

// GET /api/reports/cost rejects a request with neither `round` nor `candidates` and `units`,
// so the download links on the evaluation screen must name the round.
test('cost file route names the round', () => {
  const url = new URL(REPORT_ROUTES.costFile(2, 'pdf'), 'http://127.0.0.1');

  assert.equal(url.pathname, '/api/reports/cost');
  assert.equal(url.searchParams.get('round'), '2');
  assert.equal(url.searchParams.get('format'), 'pdf');
});
