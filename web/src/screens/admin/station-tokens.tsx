// The check-in stations of one room and their tokens: a unit administrator issues a token for
// a station (shown once, to paste into `examgate station --token`) and revokes a token, which
// disconnects the station that uses it.
import { useState } from 'react';

import { fetchRoom, issueStationToken, listStationTokens, revokeStationToken, STATION_ROUTES, type IssuedToken } from '../../api/stations.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
import { formatDateTime } from '../../i18n/format.js';
import { useI18n } from '../../i18n/index.js';

export function StationTokens({ roomId }: { roomId: string }) {
  const { t } = useI18n();
  const room = useApi(() => fetchRoom(roomId), [roomId]);
  const tokens = useApi(() => listStationTokens(roomId), [roomId]);
  const [issued, setIssued] = useState<(IssuedToken & { stationName: string }) | null>(null);
  const [error, setError] = useState<unknown>(null);

  if (room.error !== null) return <ErrorMessage error={room.error} route={`GET ${STATION_ROUTES.room(roomId)}`} />;
  if (tokens.error !== null) return <ErrorMessage error={tokens.error} route={`GET ${STATION_ROUTES.tokens(roomId)}`} />;
  if (room.data === null || tokens.data === null) return <Loading />;

  const stationNames = new Map(room.data.stations.map((station) => [station.id, station.name]));

  async function issue(stationId: string, stationName: string) {
    setError(null);
    try {
      const token = await issueStationToken(stationId, stationName);
      setIssued({ ...token, stationName });
      tokens.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  async function revoke(tokenId: string) {
    setError(null);
    try {
      await revokeStationToken(tokenId);
      if (issued?.id === tokenId) setIssued(null);
      tokens.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  const titleId = `stations-title-${roomId}`;

  return (
    <section className="card" aria-labelledby={titleId} data-testid="station-tokens">
      <h2 id={titleId}>{t('stations.title', { room: room.data.name })}</h2>
      <ul className="plain-list">
        {room.data.stations.map((station) => (
          <li key={station.id}>
            {station.name}{' '}
            <button type="button" onClick={() => void issue(station.id, station.name)}>{t('stations.issue', { station: station.name })}</button>
          </li>
        ))}
      </ul>
      {issued !== null && (
        <div className="notice notice-success" role="status" data-testid="issued-token">
          <p>{t('stations.issued', { station: issued.stationName })}</p>
          <code className="token-text">{issued.token}</code>
        </div>
      )}
      {error !== null && <ErrorMessage error={error} />}
      <table className="table">
        <caption>{t('stations.tokens')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('stations.station')}</th><th scope="col">{t('stations.label')}</th><th scope="col">{t('stations.createdAt')}</th>
            <th scope="col">{t('stations.lastSeen')}</th><th scope="col">{t('stations.state')}</th><th scope="col"><span className="visually-hidden">{t('stations.revoke')}</span></th>
          </tr>
        </thead>
        <tbody>
          {tokens.data.length === 0 && <tr><td colSpan={6}>{t('org.empty')}</td></tr>}
          {tokens.data.map((token) => (
            <tr key={token.id}>
              <td>{stationNames.get(token.stationId) ?? ''}</td>
              <td>{token.label}</td>
              <td>{formatDateTime(token.createdAt)}</td>
              <td>{token.lastSeenAt === null ? '—' : formatDateTime(token.lastSeenAt)}</td>
              <td>{token.revokedAt !== null ? t('stations.revoked', { time: formatDateTime(token.revokedAt) }) : token.connected ? t('stations.connected') : t('stations.active')}</td>
              <td>{token.revokedAt === null && <button type="button" className="danger" onClick={() => void revoke(token.id)}>{t('stations.revokeOne', { label: token.label })}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
