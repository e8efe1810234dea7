// The time left, counted on the server's clock. Screen readers hear it only on request (role
// timer is not live), so the ticking does not interrupt a candidate.
import { useEffect, useState } from 'react';

import type { ServerClock } from '../../exam/server-clock.js';
import { formatCountdown } from '../../i18n/format.js';
import { useI18n } from '../../i18n/index.js';

const WARNING_MS = 5 * 60_000;

export function Countdown({ clock, deadlineMs, onExpired }: { clock: ServerClock; deadlineMs: number; onExpired: () => void }) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  const remaining = clock.remainingMs(deadlineMs, now);

  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);

  useEffect(() => {
    if (remaining === 0) onExpired();
  }, [remaining, onExpired]);

  return (
    <div className={remaining <= WARNING_MS ? 'countdown countdown-warning' : 'countdown'}>
      <span className="countdown-label">{t('exam.timeLeft')}</span>
      <span role="timer" aria-label={t('exam.timeLeft')} className="countdown-value" data-testid="countdown">{formatCountdown(remaining)}</span>
    </div>
  );
}
