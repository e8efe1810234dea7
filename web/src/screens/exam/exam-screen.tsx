// The candidate's exam: question grid, the question, the countdown, save states, the offline
// banner and submission. Keys (outside text fields): N next, P previous, F flag, 1–9 option.
import { useCallback, useEffect, useState } from 'react';

import { ApiRequestError } from '../../api/client.js';
import { submitAttempt } from '../../api/exam.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { useExam, useQueueVersion } from '../../exam/use-exam.js';
import { useI18n } from '../../i18n/index.js';
import { formatTime } from '../../i18n/format.js';
import { AfterExam } from './after-exam.js';
import { Countdown } from './countdown.js';
import { heldNotice } from './held-notice.js';
import { QuestionGrid } from './question-grid.js';
import { QuestionView } from './question-view.js';
import { SubmitDialog } from './submit-dialog.js';

function submitKeyFor(attemptId: string): string {
  const storageKey = `examgate.submitKey.${attemptId}`;
  const existing = localStorage.getItem(storageKey);
  if (existing !== null) return existing;

  const key = crypto.randomUUID();
  localStorage.setItem(storageKey, key);
  return key;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && target.type !== 'radio' && target.type !== 'checkbox');
}

export function ExamScreen() {
  const { t, language } = useI18n();
  const { state, error, reload } = useExam();
  useQueueVersion(state?.queue ?? null);
  const [current, setCurrentIndex] = useState(0);
  const [moved, setMoved] = useState(false);
  const setCurrent = useCallback((next: number | ((index: number) => number)) => {
    setMoved(true);
    setCurrentIndex(next);
  }, []);
  const [confirming, setConfirming] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submittedAt, setSubmittedAt] = useState<string | null>(null);

  // The local countdown reaching zero closes editing at once; the server's clock then confirms
  // it or, after a proctor granted extra time, reopens the attempt with the new deadline.
  const setStatus = state?.setStatus;
  const pollClock = state?.pollClock;
  const onExpired = useCallback(() => {
    setStatus?.('expired');
    void pollClock?.();
  }, [setStatus, pollClock]);

  const question = state?.questions[current];
  const closed = state === null || state.status !== 'in_progress';

  const onKey = useCallback(
    (event: KeyboardEvent) => {
      if (state === null || question === undefined || confirming || isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;

      const key = event.key.toLowerCase();
      if (key === 'n') setCurrent((i) => Math.min(i + 1, state.questions.length - 1));
      else if (key === 'p') setCurrent((i) => Math.max(i - 1, 0));
      else if (key === 'f' && !closed) {
        const answer = state.queue.answerOf(question.id);
        state.queue.change(question.id, answer.value, !answer.flagged);
      } else if (/^[1-9]$/.test(key) && !closed && (question.kind === 'single' || question.kind === 'multiple')) {
        const option = question.options?.[Number(key) - 1];
        if (option === undefined) return;

        const answer = state.queue.answerOf(question.id);
        if (question.kind === 'single') {
          state.queue.change(question.id, { choice: option.id }, answer.flagged);
        } else {
          const chosen = answer.value !== null && 'choices' in answer.value ? answer.value.choices : [];
          const next = chosen.includes(option.id) ? chosen.filter((id) => id !== option.id) : [...chosen, option.id];
          state.queue.change(question.id, next.length === 0 ? null : { choices: next }, answer.flagged);
        }
      } else return;

      event.preventDefault();
    },
    [state, question, confirming, closed, setCurrent],
  );

  useEffect(() => {
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onKey]);

  if (error !== null) {
    if (error instanceof ApiRequestError && error.code === 'EXAM_ATTEMPT_NOT_FOUND') return <p className="notice">{t('exam.noAttempt')}</p>;
    if (error instanceof ApiRequestError && error.code === 'EXAM_NOT_STARTED') return <p className="notice">{t('exam.notStarted')}</p>;
    if (error instanceof ApiRequestError && (error.code === 'EXAM_ATTEMPT_SUSPENDED' || error.code === 'EXAM_ATTEMPT_LOCKED')) {
      return (
        <div role="alert" className="notice notice-warning" data-testid="exam-held">
          <p>{error.localised[language]}</p>
          <button type="button" onClick={reload}>{t('exam.heldRetry')}</button>
        </div>
      );
    }
    return <ErrorMessage error={error} route="GET /api/exam/attempt" />;
  }

  if (state === null) return <Loading />;

  const { queue, questions, attempt } = state;
  const unsent = queue.unsentCount;
  const offline = !state.online || queue.consecutiveFailures > 0;

  // A hold after the registry rejected the candidate: changes stay queued and go out after re-admission.
  if (state.status === 'suspended' || state.status === 'locked') {
    const notice = heldNotice(unsent);
    return <p role="alert" className="notice notice-warning" data-testid="exam-held">{t(notice.key, notice.params)}</p>;
  }

  if (state.status !== 'in_progress' && unsent === 0) {
    return <AfterExam attempt={attempt} questions={questions} submittedAt={submittedAt ?? attempt.submittedAt ?? null} expired={state.status === 'expired'} />;
  }

  async function submit() {
    if (state === null) return;
    setSubmitting(true);
    setSubmitError(null);

    try {
      const response = await submitAttempt(state.attempt.id, submitKeyFor(state.attempt.id));
      setSubmittedAt(response.submittedAt);
      state.setStatus('submitted');
      setConfirming(false);
    } catch (caught) {
      setSubmitError(caught instanceof ApiRequestError ? caught.localised[language] : t('app.networkError'));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div className="exam">
      <header className="exam-bar">
        <h1 className="exam-title">{attempt.examTitle}</h1>
        <Countdown clock={state.clock} deadlineMs={state.deadlineMs} onExpired={onExpired} />
        <button type="button" className="primary" onClick={() => setConfirming(true)} disabled={closed}>{t('exam.submit')}</button>
      </header>

      {offline && unsent > 0 && <p className="banner banner-offline" role="alert" data-testid="offline-banner">{t('exam.offline', { count: unsent })}</p>}
      {!offline && unsent > 0 && <p className="banner" role="status" data-testid="unsent-banner">{t('exam.unsent', { count: unsent })}</p>}
      {queue.localStorageFailed && <p className="banner banner-offline" role="alert">{t('exam.storageFailed')}</p>}
      {state.status === 'expired' && <p className="banner banner-offline" role="alert">{t('exam.timeUp')}</p>}
      {state.changedDeadlineMs !== null && state.status === 'in_progress' && <p className="banner" role="status" data-testid="deadline-changed">{t('exam.deadlineChanged', { time: formatTime(state.changedDeadlineMs) })}</p>}

      <div className="exam-body">
        <QuestionGrid questions={questions} queue={queue} current={current} onSelect={setCurrent} />
        <main id="main" className="exam-main" tabIndex={-1}>
          {question !== undefined && (
            <QuestionView
              key={question.id}
              question={question}
              total={questions.length}
              {...queue.answerOf(question.id)}
              disabled={closed}
              focusOnOpen={moved}
              onChange={(value, flagged) => queue.change(question.id, value, flagged)}
            />
          )}
          <div className="pager">
            <button type="button" onClick={() => setCurrent((i) => Math.max(i - 1, 0))} disabled={current === 0}>← {t('exam.previous')}</button>
            <button type="button" onClick={() => setCurrent((i) => Math.min(i + 1, questions.length - 1))} disabled={current === questions.length - 1}>{t('exam.next')} →</button>
          </div>
          <p className="muted keyboard-help">{t('exam.keyboardHelp')}</p>
          {unsent === 0 && <p className="muted" role="status">{t('exam.allSaved')}</p>}
        </main>
      </div>

      {confirming && (
        <SubmitDialog questions={questions} queue={queue} busy={submitting} error={submitError} onConfirm={() => void submit()} onCancel={() => setConfirming(false)} />
      )}
    </div>
  );
}
