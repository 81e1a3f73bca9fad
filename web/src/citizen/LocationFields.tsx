// Where it happened: the district (kecamatan) of the chosen regency, the address, and optional
// coordinates from the map, the phone's location or typing.
import { Suspense, useState } from 'react';
import { lazyChunk } from '../lib/lazy';
import { ChunkBoundary } from '../ui/ChunkBoundary';
import { useT } from '../i18n';
import { api } from '../lib/api';
import { useClientConfig } from '../lib/client-config';
import { useAsync } from '../lib/use-async';
import { SelectField, TextField } from '../ui/fields';
import { Loading } from '../ui/bits';

export interface District {
  code: string;
  name: string;
}

const districtLists = new Map<string, Promise<District[]>>();

/** The districts of a regency/city (GET /api/v1/regions/{code}/districts), fetched once per page load. */
export function districtsOf(regency: string): Promise<District[]> {
  let p = districtLists.get(regency);
  if (!p) {
    p = api.get<{ items: District[] }>(`/api/v1/regions/${encodeURIComponent(regency)}/districts`).then((r) => r.items);
    // A failed load is tried again next time rather than remembered.
    p.catch(() => districtLists.delete(regency));
    districtLists.set(regency, p);
  }
  return p;
}

/** The district select: optional, enabled once a regency/city is chosen. */
export function DistrictSelect({ regency, value, onChange, error }: { regency: string; value: string; onChange(code: string): void; error?: string }) {
  const t = useT();
  const list = useAsync(() => (regency ? districtsOf(regency) : Promise.resolve([])), [regency]);
  return (
    <SelectField
      id="district"
      label={t('location.district')}
      markOptional
      hint={t('location.districtHint')}
      error={error ?? (list.error ? t('region.loadFailed') : undefined)}
      value={value}
      disabled={!regency}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">{!regency ? t('location.districtRegencyFirst') : list.loading ? t('common.loading') : t('location.chooseDistrict')}</option>
      {list.data?.map((d) => (
        <option key={d.code} value={d.code}>
          {d.name}
        </option>
      ))}
    </SelectField>
  );
}

// Never a page reload here (it would lose the form being filled in): "try again" makes a new lazy component.
const loadMap = () => lazyChunk(() => import('./LocationMap'));

export function LocationFields({
  lat,
  lng,
  onCoords,
  errors,
  onBlur,
}: {
  lat: string;
  lng: string;
  onCoords(lat: string, lng: string): void;
  errors: { lat?: string; lng?: string };
  onBlur(field: 'lat' | 'lng'): void;
}) {
  const t = useT();
  const cfg = useClientConfig();
  const [open, setOpen] = useState(false);
  const [LocationMap, setLocationMap] = useState(loadMap);
  const [geoNote, setGeoNote] = useState('');
  const num = (s: string) => (s.trim() === '' || Number.isNaN(Number(s)) ? null : Number(s));
  const useMine = () => {
    if (!('geolocation' in navigator)) return setGeoNote(t('location.geoUnavailable'));
    setGeoNote(t('location.geoWorking'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        onCoords(pos.coords.latitude.toFixed(6), pos.coords.longitude.toFixed(6));
        setGeoNote(t('location.geoDone'));
      },
      () => setGeoNote(t('location.geoFailed')),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };
  return (
    <div className="location">
      {cfg.mapTileUrl ? (
        <div className="map-box">
          {!open ? (
            <button type="button" className="button button--secondary" onClick={() => setOpen(true)}>
              {t('location.openMap')}
            </button>
          ) : (
            <>
              <p className="hint" id="map-help">
                {t('location.mapHelp')}
              </p>
              <ChunkBoundary onRetry={() => setLocationMap(loadMap)}>
                <Suspense fallback={<Loading label={t('location.mapLoading')} />}>
                  <LocationMap
                    tileUrl={cfg.mapTileUrl}
                    attribution={cfg.mapAttribution}
                    lat={num(lat)}
                    lng={num(lng)}
                    label={t('location.mapLabel')}
                    onPick={(a, b) => onCoords(String(a), String(b))}
                  />
                </Suspense>
              </ChunkBoundary>
            </>
          )}
        </div>
      ) : (
        <p className="hint map-unavailable">{t('location.mapUnavailable')}</p>
      )}
      <div className="inline-actions">
        {window.isSecureContext && 'geolocation' in navigator && (
          <button type="button" className="button button--secondary" onClick={useMine}>
            {t('location.useMine')}
          </button>
        )}
        {(lat || lng) && (
          <button type="button" className="button button--secondary" onClick={() => onCoords('', '')}>
            {t('location.clear')}
          </button>
        )}
        <span role="status" className="hint">
          {geoNote}
        </span>
      </div>
      <div className="field-row field-row--pair">
        <TextField
          id="lat"
          label={t('location.lat')}
          inputMode="decimal"
          autoComplete="off"
          value={lat}
          error={errors.lat}
          onChange={(e) => onCoords(e.target.value, lng)}
          onBlur={() => onBlur('lat')}
          hint={t('location.latHint')}
        />
        <TextField
          id="lng"
          label={t('location.lng')}
          inputMode="decimal"
          autoComplete="off"
          value={lng}
          error={errors.lng}
          onChange={(e) => onCoords(lat, e.target.value)}
          onBlur={() => onBlur('lng')}
          hint={t('location.lngHint')}
        />
      </div>
    </div>
  );
}
