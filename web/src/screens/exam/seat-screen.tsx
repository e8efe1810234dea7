// The candidate's first screen after sign-in on the assigned seat: once checked in, the seat
// shows the name, candidate number, seat and chip photo, and the exam starts only when the
// candidate presses Start. A candidate not admitted by check-in (or whose attempt already
// started) goes straight to the exam screen, which explains any refusal from the exam API.
import { useState } from 'react';

import { fetchCandidateSeat, SEAT_ROUTE, type CandidateSeat } from '../../api/seat.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
import { Bilingual, useI18n } from '../../i18n/index.js';
import { ExamScreen } from './exam-screen.js';

function SeatCard({ seat, onStart }: { seat: Extract<CandidateSeat, { admitted: true }>; onStart: () => void }) {
  const { t } = useI18n();
  const name = seat.fullName ?? '';

  return (
    <main id="main" className="app-main card" aria-labelledby="seat-title">
      <h1 id="seat-title"><Bilingual k="seat.title" /></h1>
      <div className="seat-identity" data-testid="seat-identity">
        {seat.photo === null
          ? <p className="muted">{t('seat.noPhoto')}</p>
          : <img className="chip-photo" src={`data:${seat.photo.mimeType};base64,${seat.photo.base64}`} alt={t('seat.photoAlt', { name })} />}
        <div>
          <p className="seat-name">{name}</p>
          <p>{t('seat.number', { number: seat.candidateNumber ?? '' })}</p>
          <p>{t('seat.place', { room: seat.roomName ?? seat.roomCode ?? '', seat: seat.seatLabel ?? '' })}</p>
          <p className="notice notice-success" role="status">{seat.override ? t('seat.override') : t('seat.byChip')}</p>
        </div>
      </div>
      <p>{t('seat.notYou')}</p>
      <button type="button" className="primary" onClick={onStart}>{t('seat.start')}</button>
    </main>
  );
}

export function CandidateHome() {
  const seat = useApi(fetchCandidateSeat, []);
  const [started, setStarted] = useState(false);

  if (seat.error !== null) return <main id="main" className="app-main"><ErrorMessage error={seat.error} route={`GET ${SEAT_ROUTE}`} /></main>;
  if (seat.data === null) return <main id="main" className="app-main"><Loading /></main>;

  const showSeat = !started && seat.data.admitted && (seat.data.attemptStatus === null || seat.data.attemptStatus === 'unlocked');
  if (showSeat && seat.data.admitted) return <SeatCard seat={seat.data} onStart={() => setStarted(true)} />;

  return <ExamScreen />;
}
