// One question with the input its kind needs. Every change goes to the answer queue at once.
import { useEffect, useRef } from 'react';

import type { ExamQuestion, QuestionImage } from '../../api/exam.js';
import { referencedImageIds, splitImageReferences } from '../../components/image-references.js';
import { MathText } from '../../components/math-text.js';
import type { AnswerValue } from '../../exam/answer-types.js';
import type { SaveStatus } from '../../exam/answer-queue.js';
import { formatNumber } from '../../i18n/format.js';
import { useI18n } from '../../i18n/index.js';

const LETTERS = 'ABCDEFGHIJ';

interface Props {
  question: ExamQuestion;
  total: number;
  value: AnswerValue | null;
  flagged: boolean;
  status: SaveStatus;
  disabled: boolean;
  /** Moves focus to the question heading when it opens, so keyboard users go on from there. */
  focusOnOpen: boolean;
  onChange: (value: AnswerValue | null, flagged: boolean) => void;
}

export function QuestionView({ question, total, value, flagged, status, disabled, focusOnOpen, onChange }: Props) {
  const { t } = useI18n();
  const headingId = `question-${question.id}-title`;
  const heading = useRef<HTMLHeadingElement>(null);
  const images = question.images ?? [];
  const referenced = referencedImageIds([question.stem, ...(question.options ?? []).map((option) => option.text), ...(question.statements ?? []).map((statement) => statement.text)]);

  useEffect(() => {
    if (focusOnOpen) heading.current?.focus();
  }, [focusOnOpen]);

  return (
    <article className="question" aria-labelledby={headingId}>
      <header className="question-header">
        <h2 id={headingId} ref={heading} tabIndex={-1}>
          {t('exam.questionOf', { number: question.number, total })}
          <span className="points"> ({t('exam.points', { points: formatNumber(question.points) })})</span>
        </h2>
        <span className={`save-status save-${status}`} role="status" aria-live="polite" data-testid="save-status">
          {t(`exam.status.${status}`)}
        </span>
      </header>

      <div className="stem"><QuestionText text={question.stem} images={images} /></div>
      {images.filter((image) => !referenced.has(image.id)).map((image) => (
        <QuestionFigure key={image.id} image={image} number={images.indexOf(image) + 1} />
      ))}

      <AnswerInput question={question} value={value} disabled={disabled} onChange={(next) => onChange(next, flagged)} />

      <div className="question-tools">
        <label className="flag">
          <input type="checkbox" checked={flagged} disabled={disabled} onChange={(e) => onChange(value, e.target.checked)} />
          {t('exam.flag')}
        </label>
        <button type="button" disabled={disabled || value === null} onClick={() => onChange(null, flagged)}>{t('exam.clear')}</button>
      </div>
    </article>
  );
}

function QuestionFigure({ image, number }: { image: QuestionImage; number: number }) {
  const { t } = useI18n();
  return <img className="question-image" src={`data:${image.mediaType};base64,${image.dataBase64}`} alt={t('exam.figure', { number })} />;
}

/** Renders question text with its formulas, and each `![](image:ID)` as the image it names. */
function QuestionText({ text, images }: { text: string; images: QuestionImage[] }) {
  return (
    <>
      {splitImageReferences(text).map((segment, index) => {
        if (segment.kind === 'text') return <MathText key={index} text={segment.content} />;

        const image = images.find((entry) => entry.id === segment.id);
        if (image === undefined) return null;

        return <QuestionFigure key={index} image={image} number={images.indexOf(image) + 1} />;
      })}
    </>
  );
}

function AnswerInput({ question, value, disabled, onChange }: { question: ExamQuestion; value: AnswerValue | null; disabled: boolean; onChange: (value: AnswerValue | null) => void }) {
  const { t } = useI18n();
  const name = `answer-${question.id}`;

  switch (question.kind) {
    case 'single': {
      const chosen = value !== null && 'choice' in value ? value.choice : null;
      return (
        <fieldset className="options">
          <legend className="visually-hidden">{t('exam.shortAnswer')}</legend>
          {(question.options ?? []).map((option, index) => (
            <label key={option.id} className={chosen === option.id ? 'option chosen' : 'option'}>
              <input type="radio" name={name} value={option.id} checked={chosen === option.id} disabled={disabled} onChange={() => onChange({ choice: option.id })} />
              <span className="option-letter" aria-hidden="true">{LETTERS[index]}.</span>
              <span className="visually-hidden">{LETTERS[index]}. </span>
              <QuestionText text={option.text} images={question.images ?? []} />
            </label>
          ))}
        </fieldset>
      );
    }

    case 'multiple': {
      const chosen = value !== null && 'choices' in value ? value.choices : [];
      const toggle = (id: string, on: boolean) => {
        const next = on ? [...chosen, id] : chosen.filter((c) => c !== id);
        onChange(next.length === 0 ? null : { choices: next });
      };
      return (
        <fieldset className="options">
          <legend className="visually-hidden">{t('exam.shortAnswer')}</legend>
          {(question.options ?? []).map((option, index) => (
            <label key={option.id} className={chosen.includes(option.id) ? 'option chosen' : 'option'}>
              <input type="checkbox" value={option.id} checked={chosen.includes(option.id)} disabled={disabled} onChange={(e) => toggle(option.id, e.target.checked)} />
              <span className="option-letter" aria-hidden="true">{LETTERS[index]}.</span>
              <QuestionText text={option.text} images={question.images ?? []} />
            </label>
          ))}
        </fieldset>
      );
    }

    case 'true_false': {
      const statements = value !== null && 'statements' in value ? value.statements : {};
      const set = (id: string, truth: boolean) => onChange({ statements: { ...statements, [id]: truth } });
      return (
        <div className="statements">
          {(question.statements ?? []).map((statement, index) => {
            const letter = LETTERS[index]?.toLowerCase() ?? String(index + 1);
            return (
              <fieldset key={statement.id} className="statement">
                <legend>
                  <span className="option-letter">{t('exam.statement', { letter })}:</span> <QuestionText text={statement.text} images={question.images ?? []} />
                </legend>
                <label className="truth">
                  <input type="radio" name={`${name}-${statement.id}`} checked={statements[statement.id] === true} disabled={disabled} onChange={() => set(statement.id, true)} />
                  {t('exam.true')}
                </label>
                <label className="truth">
                  <input type="radio" name={`${name}-${statement.id}`} checked={statements[statement.id] === false} disabled={disabled} onChange={() => set(statement.id, false)} />
                  {t('exam.false')}
                </label>
              </fieldset>
            );
          })}
        </div>
      );
    }

    case 'short':
    case 'essay': {
      const text = value !== null && 'text' in value ? value.text : '';
      const label = question.kind === 'short' ? t('exam.shortAnswer') : t('exam.essayAnswer');
      const update = (next: string) => onChange(next === '' ? null : { text: next });
      return (
        <div className="text-answer">
          <label htmlFor={name}>{label}</label>
          {question.kind === 'short' ? (
            <input id={name} value={text} disabled={disabled} onChange={(e) => update(e.target.value)} autoComplete="off" />
          ) : (
            <textarea id={name} value={text} disabled={disabled} rows={10} onChange={(e) => update(e.target.value)} />
          )}
        </div>
      );
    }
  }
}

/** True when the value answers at least part of the question. */
export function isAnswered(value: AnswerValue | null): boolean {
  if (value === null) return false;
  if ('choice' in value) return value.choice !== '';
  if ('choices' in value) return value.choices.length > 0;
  if ('statements' in value) return Object.keys(value.statements).length > 0;
  return value.text.trim() !== '';
}
