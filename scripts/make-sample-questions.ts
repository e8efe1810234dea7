// Writes samples/questions/de-mau-2025.docx from sample-questions-docx.ts.
// Run: node --import tsx scripts/make-sample-questions.ts
import { writeFile } from 'node:fs/promises';

import { buildSampleQuestionsDocx } from './sample-questions-docx.js';

const path = new URL('../samples/questions/de-mau-2025.docx', import.meta.url);
await writeFile(path, await buildSampleQuestionsDocx());
process.stdout.write(`wrote ${path.pathname}\n`);
