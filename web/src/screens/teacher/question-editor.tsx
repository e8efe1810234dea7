// Question banks: choose or create a bank, read its questions with formulas rendered by KaTeX,
// write a single-choice question with a live preview, or import a question file.
import { useState, type FormEvent } from 'react';

import type { SessionInfo } from '../../api/auth.js';
import { ApiRequestError } from '../../api/client.js';
import { addQuestions, BANK_ROUTES, createBank, importQuestionFile, listBankQuestions, listBanks, type BankQuestion, type ImportResult } from '../../api/question-banks.js';
import { MathText, renderFormula, splitMath } from '../../components/math-text.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
import { formatNumber } from '../../i18n/format.js';
import { Bilingual, useI18n } from '../../i18n/index.js';

const OPTION_IDS = ['a', 'b', 'c', 'd'] as const;

function formulaErrors(text: string): string[] {
  return splitMath(text)
    .filter((segment) => segment.kind !== 'text')
    .map((segment) => renderFormula(segment.content, segment.kind === 'display'))
    .flatMap((rendered) => ('error' in rendered ? [rendered.error] : []));
}

function QuestionCard({ number, question }: { number: number; question: BankQuestion }) {
  const { t } = useI18n();
  const correct = new Set([question.correctOptionId, ...(question.correctOptionIds ?? [])]);

  return (
    <li className="bank-question">
      <p>
        <strong>{t('exam.question', { number })}</strong> · {t(`questions.kind.${question.kind}`)} · {t('exam.points', { points: formatNumber(question.points) })}
      </p>
      <div className="stem"><MathText text={question.stem} /></div>
      {question.options !== undefined && (
        <ol className="bank-options" type="A">
          {question.options.map((option) => (
            <li key={option.id} className={correct.has(option.id) ? 'correct' : undefined}>
              <MathText text={option.text} />
              {correct.has(option.id) && <span className="correct-mark"> ✓ {t('questions.correct')}</span>}
            </li>
          ))}
        </ol>
      )}
      {question.statements !== undefined && (
        <ol className="bank-options" type="a">
          {question.statements.map((statement) => (
            <li key={statement.id}><MathText text={statement.text} /> — {statement.correct ? t('exam.true') : t('exam.false')}</li>
          ))}
        </ol>
      )}
    </li>
  );
}

function NewQuestionForm({ bankId, onAdded }: { bankId: string; onAdded: () => void }) {
  const { t } = useI18n();
  const [stem, setStem] = useState('Nghiệm của phương trình $x^2 - 5x + 6 = 0$ là');
  const [options, setOptions] = useState(['$x = 2$ và $x = 3$', '$x = -2$ và $x = -3$', '$x = 1$ và $x = 6$', 'Vô nghiệm']);
  const [correct, setCorrect] = useState<string>('a');
  const [points, setPoints] = useState('0,25');
  const [error, setError] = useState<unknown>(null);
  const errors = [stem, ...options].flatMap(formulaErrors);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await addQuestions(bankId, [{ kind: 'single', stem, points: Number(points.replace(',', '.')), options: OPTION_IDS.map((id, i) => ({ id, text: options[i] ?? '' })), correctOptionId: correct }]);
      onAdded();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <form className="form inline-form" onSubmit={submit} aria-labelledby="new-question-title">
      <h2 id="new-question-title">{t('questions.add')}</h2>
      <div className="columns">
        <div className="form">
          <label htmlFor="question-stem">{t('questions.stem')}</label>
          <textarea id="question-stem" rows={4} required value={stem} onChange={(e) => setStem(e.target.value)} />
          <fieldset className="option-editor">
            <legend>{t('questions.options')}</legend>
            {OPTION_IDS.map((id, index) => (
              <div key={id} className="option-row">
                <input type="radio" name="correct" aria-label={t('questions.markCorrect', { letter: id.toUpperCase() })} checked={correct === id} onChange={() => setCorrect(id)} />
                <label htmlFor={`option-${id}`}>{id.toUpperCase()}.</label>
                <input id={`option-${id}`} required value={options[index] ?? ''} onChange={(e) => setOptions(options.map((o, i) => (i === index ? e.target.value : o)))} />
              </div>
            ))}
          </fieldset>
          <label htmlFor="question-points">{t('questions.points')}</label>
          <input id="question-points" inputMode="decimal" required value={points} onChange={(e) => setPoints(e.target.value)} />
          {errors.map((message, index) => <p key={index} role="alert" className="notice notice-error">{t('questions.formulaError', { message })}</p>)}
          {error !== null && <ErrorMessage error={error} route={`POST ${BANK_ROUTES.questions(bankId)}`} />}
          <button type="submit" className="primary" disabled={errors.length > 0}>{t('questions.save')}</button>
        </div>
        <div>
          <h3>{t('questions.preview')}</h3>
          <div className="preview" data-testid="question-preview">
            <MathText text={stem} />
            <ol type="A">{options.map((option, index) => <li key={index}><MathText text={option} /></li>)}</ol>
          </div>
        </div>
      </div>
    </form>
  );
}

function ImportForm({ bankId, onImported }: { bankId: string; onImported: () => void }) {
  const { t, language } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function run(dryRun: boolean) {
    if (file === null) return;
    setError(null);
    try {
      const result = await importQuestionFile(bankId, file, dryRun);
      setPreview(dryRun ? result : null);
      if (!dryRun) onImported();
    } catch (caught) {
      setError(caught);
    }
  }

  const rowErrors = error instanceof ApiRequestError && Array.isArray(error.details.errors) ? (error.details.errors as unknown[]) : [];

  return (
    <form className="form inline-form" onSubmit={(e) => { e.preventDefault(); void run(true); }} aria-labelledby="question-import-title">
      <h2 id="question-import-title">{t('questions.import')}</h2>
      <label htmlFor="question-file">{t('questions.file')}</label>
      <input id="question-file" type="file" accept=".docx,.xlsx,.gift,.txt,.xml" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setPreview(null); }} />
      <button type="submit" disabled={file === null}>{t('candidates.preview')}</button>
      {error !== null && <ErrorMessage error={error} route={`POST ${BANK_ROUTES.import(bankId, true)}`} />}
      {rowErrors.length > 0 && (
        <ul className="notice notice-error">
          {rowErrors.map((item, index) => {
            const record = item as { message?: string | { vi: string; en: string }; messageVi?: string; line?: number };
            const localised = language === 'vi' && record.messageVi !== undefined ? record.messageVi : record.message;
            const text = typeof localised === 'object' ? localised[language] : localised ?? JSON.stringify(item);
            return <li key={index}>{record.line === undefined ? '' : `${t('questions.line', { line: record.line })}: `}{text}</li>;
          })}
        </ul>
      )}
      {preview !== null && (
        <p role="status" className="notice notice-success">
          {t('questions.importPreview', { count: formatNumber(preview.questionCount), format: preview.format })}{' '}
          <button type="button" className="primary" onClick={() => void run(false)}>{t('questions.importConfirm', { count: formatNumber(preview.questionCount) })}</button>
        </p>
      )}
    </form>
  );
}

export function QuestionBanksScreen({ session }: { session: SessionInfo }) {
  const { t } = useI18n();
  const unitId = session.user.unitId ?? '';
  const banks = useApi(() => listBanks(unitId), [unitId]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const bankId = chosen ?? banks.data?.[0]?.id ?? null;
  const questions = useApi(() => (bankId === null ? Promise.resolve([]) : listBankQuestions(bankId)), [bankId]);

  if (session.user.unitId === null) return <p className="notice">{t('org.noUnit')}</p>;

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const bank = await createBank(unitId, newName);
      setNewName('');
      setChosen(bank.id);
      banks.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section aria-labelledby="questions-title">
      <h1 id="questions-title"><Bilingual k="questions.title" /></h1>
      {banks.error !== null && <ErrorMessage error={banks.error} route={`GET ${BANK_ROUTES.banks(unitId)}`} />}
      {banks.data === null && banks.error === null && <Loading />}
      <div className="toolbar">
        {banks.data !== null && banks.data.length > 0 && (
          <>
            <label htmlFor="bank-picker">{t('questions.bank')}</label>
            <select id="bank-picker" value={bankId ?? ''} onChange={(e) => setChosen(e.target.value)}>
              {banks.data.map((bank) => <option key={bank.id} value={bank.id}>{bank.name}</option>)}
            </select>
          </>
        )}
        <form onSubmit={create} className="toolbar">
          <label htmlFor="bank-name">{t('questions.newBank')}</label>
          <input id="bank-name" required value={newName} onChange={(e) => setNewName(e.target.value)} />
          <button type="submit">{t('questions.createBank')}</button>
        </form>
      </div>
      {error !== null && <ErrorMessage error={error} route={`POST ${BANK_ROUTES.create}`} />}

      {bankId !== null && (
        <>
          <NewQuestionForm bankId={bankId} onAdded={questions.reload} />
          <ImportForm bankId={bankId} onImported={questions.reload} />
          {questions.error !== null && <ErrorMessage error={questions.error} route={`GET ${BANK_ROUTES.questions(bankId)}`} />}
          {questions.data !== null && (
            <section aria-labelledby="bank-questions-title">
              <h2 id="bank-questions-title">{t('questions.list', { count: formatNumber(questions.data.length) })}</h2>
              <ol className="bank-questions" data-testid="bank-questions">
                {questions.data.map((entry, index) => <QuestionCard key={entry.versionId} number={index + 1} question={entry.question} />)}
              </ol>
            </section>
          )}
        </>
      )}
    </section>
  );
}
