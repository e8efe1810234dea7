// Writing a question with LaTeX formulas and a live KaTeX preview.
// NOTE: the server has no question bank routes yet, so the editor previews but cannot save.
import { useState } from 'react';

import { ApiMissing } from '../../components/messages.js';
import { MathText, renderFormula, splitMath } from '../../components/math-text.js';
import { Bilingual, useI18n } from '../../i18n/index.js';

const QUESTION_BANK_API = '/api/question-banks';

export function QuestionEditor() {
  const { t } = useI18n();
  const [stem, setStem] = useState('Nghiệm của phương trình $x^2 - 5x + 6 = 0$ là gì?');

  const errors = splitMath(stem)
    .filter((segment) => segment.kind !== 'text')
    .map((segment) => renderFormula(segment.content, segment.kind === 'display'))
    .flatMap((rendered) => ('error' in rendered ? [rendered.error] : []));

  return (
    <section aria-labelledby="questions-title">
      <h1 id="questions-title"><Bilingual k="questions.title" /></h1>
      <ApiMissing route={QUESTION_BANK_API} />
      <div className="columns">
        <div className="form">
          <label htmlFor="question-stem">{t('questions.stem')}</label>
          <textarea id="question-stem" rows={6} value={stem} onChange={(e) => setStem(e.target.value)} />
          {errors.map((message, index) => <p key={index} role="alert" className="notice notice-error">{t('questions.formulaError', { message })}</p>)}
        </div>
        <div>
          <h2>{t('questions.preview')}</h2>
          <div className="preview" data-testid="question-preview"><MathText text={stem} /></div>
        </div>
      </div>
    </section>
  );
}
