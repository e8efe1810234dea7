// The proctor's check-in panel: pick the candidate (list, candidate number or QR scan of the
// card), see the chip photo beside the registration, the verification result, then confirm the
// face or admit with a written reason.
// NOTE: the server has no check-in API yet, so no candidate list, chip photo or verification
// result is loaded and the decision buttons stay disabled. The QR field works locally.
import { useState } from 'react';

import { parseCccdQr, type CccdQr } from '../../check-in/cccd-qr.js';
import { ApiMissing } from '../../components/messages.js';
import { formatDate } from '../../i18n/format.js';
import { Bilingual, useI18n } from '../../i18n/index.js';

const CHECK_IN_API = '/api/check-in';

export function CheckInPanel() {
  const { t } = useI18n();
  const [number, setNumber] = useState('');
  const [qrText, setQrText] = useState('');
  const [qr, setQr] = useState<CccdQr | null>(null);
  const [qrError, setQrError] = useState<string | null>(null);
  const [overrideReason, setOverrideReason] = useState('');

  function readQr(text: string) {
    setQrText(text);
    if (text.trim() === '') {
      setQr(null);
      setQrError(null);
      return;
    }

    const result = parseCccdQr(text);
    setQr(result.ok ? result.value : null);
    setQrError(result.ok ? null : result.reason);
  }

  return (
    <section aria-labelledby="check-in-title" className="check-in">
      <h1 id="check-in-title"><Bilingual k="checkIn.title" /></h1>
      <ApiMissing route={CHECK_IN_API} />

      <div className="columns">
        <div className="form">
          <label htmlFor="check-in-picker">{t('checkIn.picker')}</label>
          <select id="check-in-picker" disabled><option>{t('checkIn.picker')}</option></select>

          <label htmlFor="check-in-number">{t('checkIn.number')}</label>
          <input id="check-in-number" inputMode="numeric" value={number} onChange={(e) => setNumber(e.target.value.replace(/\D/g, ''))} />

          <label htmlFor="check-in-qr">{t('checkIn.qr')}</label>
          <input id="check-in-qr" aria-describedby="check-in-qr-hint" value={qrText} onChange={(e) => readQr(e.target.value)} autoComplete="off" />
          <p id="check-in-qr-hint" className="muted">{t('checkIn.qrHint')}</p>
          {qrError !== null && <p role="alert" className="notice notice-error">{t('checkIn.qrInvalid', { reason: qrError })}</p>}
          {qr !== null && (
            <p role="status" className="notice notice-success" data-testid="qr-parsed">
              {t('checkIn.qrParsed', { name: qr.fullName, birthDate: formatDate(`${qr.birthDate}T12:00:00Z`), idNumber: qr.idNumber })}
            </p>
          )}
        </div>

        <div className="photo-pair">
          <figure>
            <div className="photo-frame" role="img" aria-label={t('checkIn.noPhoto')}>{t('checkIn.noPhoto')}</div>
            <figcaption>{t('checkIn.chipPhoto')}</figcaption>
          </figure>
          <div>
            <h2>{t('checkIn.registration')}</h2>
            <p className="muted">{t('org.empty')}</p>
          </div>
        </div>
      </div>

      <div className="form">
        <h2>{t('checkIn.decision')}</h2>
        <button type="button" className="primary" disabled>{t('checkIn.confirmFace')}</button>
        <label htmlFor="override-reason">{t('checkIn.overrideReason')}</label>
        <textarea id="override-reason" rows={2} value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} />
        <button type="button" disabled>{t('checkIn.override')}</button>
      </div>
    </section>
  );
}
