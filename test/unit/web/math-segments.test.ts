import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { splitMath } from '../../../web/src/components/math-segments.js';

describe('splitMath', () => {
  it('finds inline and display formulas', () => {
    assert.deepEqual(splitMath('Giải $x^2=4$ rồi tính $$\\frac{1}{x}$$.'), [
      { kind: 'text', content: 'Giải ' },
      { kind: 'inline', content: 'x^2=4' },
      { kind: 'text', content: ' rồi tính ' },
      { kind: 'display', content: '\\frac{1}{x}' },
      { kind: 'text', content: '.' },
    ]);
  });

  it('keeps a lone dollar as text', () => {
    assert.deepEqual(splitMath('Giá 5$ một quyển'), [{ kind: 'text', content: 'Giá 5$ một quyển' }]);
  });

  it('reads an escaped dollar as text', () => {
    assert.deepEqual(splitMath('Giá \\$5 và \\$7'), [{ kind: 'text', content: 'Giá $5 và $7' }]);
  });

  it('returns plain text unchanged', () => {
    assert.deepEqual(splitMath('Không có công thức'), [{ kind: 'text', content: 'Không có công thức' }]);
  });
});
