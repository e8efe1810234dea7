import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';

describe('examgate command', () => {
  it('prints its help through npx-style entry', () => {
    const output = execFileSync(process.execPath, ['bin/examgate.js', '--help'], { encoding: 'utf8' });

    assert.match(output, /Usage: examgate/);
  });
});
