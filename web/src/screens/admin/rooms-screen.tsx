// Unit administrators: exam rooms with their seats and check-in stations, and the tokens of
// each room's stations (issue and revoke).
import { useState, type FormEvent } from 'react';

import type { SessionInfo } from '../../api/auth.js';
import { createRoom, EVENT_ROUTES, listRooms } from '../../api/events.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
import { formatNumber } from '../../i18n/format.js';
import { Bilingual, useI18n } from '../../i18n/index.js';
import { StationTokens } from './station-tokens.js';

export function RoomsScreen({ session }: { session: SessionInfo }) {
  const { t } = useI18n();
  const unitId = session.user.unitId ?? '';
  const rooms = useApi(() => listRooms(unitId), [unitId]);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [seatCount, setSeatCount] = useState('40');
  const [stations, setStations] = useState('Trạm 1');
  const [error, setError] = useState<unknown>(null);
  const [stationRoomId, setStationRoomId] = useState('');

  if (session.user.unitId === null) return <p className="notice">{t('org.noUnit')}</p>;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const stationNames = stations.split(',').map((s) => s.trim()).filter((s) => s !== '');
    try {
      await createRoom(unitId, { code, name, seatCount: Number(seatCount), ...(stationNames.length === 0 ? {} : { stationNames }) });
      setCode('');
      setName('');
      rooms.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section aria-labelledby="rooms-title">
      <h1 id="rooms-title"><Bilingual k="nav.rooms" /></h1>
      {rooms.error !== null && <ErrorMessage error={rooms.error} route={`GET ${EVENT_ROUTES.rooms(unitId)}`} />}
      {rooms.data === null && rooms.error === null && <Loading />}
      {rooms.data !== null && (
        <table className="table">
          <thead><tr><th scope="col">{t('org.code')}</th><th scope="col">{t('org.name')}</th><th scope="col">{t('rooms.seats')}</th><th scope="col">{t('rooms.stations')}</th><th scope="col"><span className="visually-hidden">{t('stations.manage')}</span></th></tr></thead>
          <tbody>
            {rooms.data.length === 0 && <tr><td colSpan={5}>{t('org.empty')}</td></tr>}
            {rooms.data.map((room) => (
              <tr key={room.id}><td>{room.code}</td><td>{room.name}</td><td>{formatNumber(room.seatCount)}</td><td>{formatNumber(room.stationCount)}</td>
                <td><button type="button" aria-pressed={stationRoomId === room.id} onClick={() => setStationRoomId(stationRoomId === room.id ? '' : room.id)}>{t('stations.manageRoom', { room: room.name })}</button></td></tr>
            ))}
          </tbody>
        </table>
      )}
      {stationRoomId !== '' && <StationTokens key={stationRoomId} roomId={stationRoomId} />}
      <form className="form inline-form" onSubmit={submit} aria-labelledby="room-create-title">
        <h2 id="room-create-title">{t('rooms.create')}</h2>
        <label htmlFor="room-code">{t('org.code')}</label>
        <input id="room-code" required value={code} onChange={(e) => setCode(e.target.value)} />
        <label htmlFor="room-name">{t('org.name')}</label>
        <input id="room-name" required value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="room-seats">{t('rooms.seats')}</label>
        <input id="room-seats" type="number" min={1} max={500} required value={seatCount} onChange={(e) => setSeatCount(e.target.value)} />
        <label htmlFor="room-stations">{t('rooms.stationNames')}</label>
        <input id="room-stations" value={stations} onChange={(e) => setStations(e.target.value)} />
        {error !== null && <ErrorMessage error={error} route={`POST ${EVENT_ROUTES.rooms(unitId)}`} />}
        <button type="submit" className="primary">{t('rooms.create')}</button>
      </form>
    </section>
  );
}
