import assert from 'node:assert/strict';
import { test } from 'node:test';

import { referencedImageIds, splitImageReferences } from '../../../web/src/components/image-references.js';

test('image reference splits text', () => {
  const segments = splitImageReferences('Cạnh huyền bằng ![](image:5d34-a) (xem hình) và $x^2$');

  assert.deepEqual(segments, [
    { kind: 'text', content: 'Cạnh huyền bằng ' },
    { kind: 'image', id: '5d34-a', alt: '' },
    { kind: 'text', content: ' (xem hình) và $x^2$' },
  ]);
});

test('text without images stays whole', () => {
  assert.deepEqual(splitImageReferences('Câu hỏi [1](a)'), [{ kind: 'text', content: 'Câu hỏi [1](a)' }]);
});

test('referenced ids across texts', () => {
  const ids = referencedImageIds(['![hình](image:a)', 'A. ![](image:b)', 'không có hình']);

  assert.deepEqual([...ids].sort(), ['a', 'b']);
});
