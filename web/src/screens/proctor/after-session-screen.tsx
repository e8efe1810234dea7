// After the session: the proctor answers the proctor questionnaire of the reports API for the
// exam event they proctored, and the pilot evaluation counts the answers.
import { useState } from 'react';

import type { SessionInfo } from '../../api/auth.js';
import { EVENT_ROUTES, listEvents } from '../../api/events.js';
import { FeedbackForm } from '../../components/feedback-form.js';
import { ErrorMessage } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
import { Bilingual, useI18n } from '../../i18n/index.js';

export function AfterSessionScreen({ session }: { session: SessionInfo }) {
  const { t } = useI18n();
  const unitId = session.user.unitId;
  const events = useApi(() => (unitId === null ? Promise.resolve([]) : listEvents(unitId)), [unitId]);
  const [eventId, setEventId] = useState('');

  if (unitId === null) return <p className="notice">{t('org.noUnit')}</p>;

  return (
    <section aria-labelledby="after-session-title">
      <h1 id="after-session-title"><Bilingual k="nav.afterSession" /></h1>
      <p>{t('afterSession.hint')}</p>
      <div className="toolbar">
        <label htmlFor="after-session-event">{t('nav.events')}</label>
        <select id="after-session-event" value={eventId} onChange={(e) => setEventId(e.target.value)}>
          <option value="">—</option>
          {(events.data ?? []).map((event) => <option key={event.id} value={event.id}>{event.title} ({event.code})</option>)}
        </select>
      </div>
      {events.error !== null && <ErrorMessage error={events.error} route={`GET ${EVENT_ROUTES.events(unitId)}`} />}
      {eventId !== '' && <FeedbackForm key={eventId} respondent="proctor" examEventId={eventId} />}
    </section>
  );
}
