// The feedback questionnaire of the reports API, for candidates after their attempt and for
// proctors after the session. Questions and scale labels come from the server, so the form shows
// exactly the questions the pilot evaluation counts.
import { useState, type FormEvent } from 'react';

import { FEEDBACK_ROUTES, fetchQuestionnaires, sendFeedback, type FeedbackAnswers, type FeedbackQuestion, type LikertLevel, type Respondent } from '../api/feedback.js';
import { useI18n } from '../i18n/index.js';
import { ErrorMessage, Loading } from './messages.js';
import { useApi } from './use-api.js';

function LikertField({ question, scale, value, onChange }: { question: FeedbackQuestion; scale: LikertLevel[]; value: number | undefined; onChange: (value: number) => void }) {
  const { language } = useI18n();

  return (
    <fieldset className="scale">
      <legend>{language === 'vi' ? question.textVi : question.textEn}</legend>
      {scale.map((level) => (
        <label key={level.value}>
          <input type="radio" name={question.id} value={level.value} checked={value === level.value} onChange={() => onChange(level.value)} />
          {' '}{language === 'vi' ? level.labelVi : level.labelEn}
        </label>
      ))}
    </fieldset>
  );
}

/** Asks the questionnaire of `respondent` about one exam event and posts the answers once. */
export function FeedbackForm({ respondent, examEventId }: { respondent: Respondent; examEventId: string }) {
  const { t, language } = useI18n();
  const loaded = useApi(fetchQuestionnaires, []);
  const [answers, setAnswers] = useState<FeedbackAnswers>({});
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (loaded.error !== null) return <ErrorMessage error={loaded.error} route={`GET ${FEEDBACK_ROUTES.questionnaires}`} />;
  if (loaded.data === null) return <Loading />;
  if (sent) return <p role="status" className="notice notice-success">{t('feedback.thanks')}</p>;

  const questionnaire = loaded.data.questionnaires[respondent];
  const scale = loaded.data.likertScale;
  const likertIds = questionnaire.questions.filter((q) => q.kind === 'likert').map((q) => q.id);
  const complete = likertIds.every((id) => typeof answers[id] === 'number');
  const titleId = `feedback-title-${respondent}`;

  const setAnswer = (id: string, value: number | string) => setAnswers((current) => ({ ...current, [id]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();

    // Empty free-text answers are left out, so the evaluation lists only real comments.
    const filled = Object.fromEntries(Object.entries(answers).filter(([, value]) => !(typeof value === 'string' && value.trim() === '')));
    try {
      await sendFeedback(examEventId, filled);
      setSent(true);
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <form onSubmit={submit} className="form" aria-labelledby={titleId} data-testid={`feedback-${respondent}`}>
      <h2 id={titleId}>{language === 'vi' ? questionnaire.titleVi : questionnaire.titleEn}</h2>
      <p className="muted">{t('feedback.hint')}</p>
      {questionnaire.questions.map((question) => {
        if (question.kind === 'likert') {
          const value = answers[question.id];
          return <LikertField key={question.id} question={question} scale={scale} value={typeof value === 'number' ? value : undefined} onChange={(v) => setAnswer(question.id, v)} />;
        }

        const inputId = `feedback-${question.id}`;
        const value = answers[question.id];
        return (
          <div key={question.id}>
            <label htmlFor={inputId}>{language === 'vi' ? question.textVi : question.textEn}</label>
            <textarea id={inputId} maxLength={question.maxLength} rows={3} value={typeof value === 'string' ? value : ''} onChange={(e) => setAnswer(question.id, e.target.value)} />
          </div>
        );
      })}
      {error !== null && <ErrorMessage error={error} route={`POST ${FEEDBACK_ROUTES.feedback}`} />}
      <button type="submit" className="primary" disabled={!complete}>{t('feedback.send')}</button>
    </form>
  );
}
