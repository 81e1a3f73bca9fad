// The map with a pin (Leaflet). A lazy chunk: loaded only when the person opens the map.
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

export interface LocationMapProps {
  tileUrl: string;
  attribution: string | null;
  lat: number | null;
  lng: number | null;
  label: string;
  onPick(lat: number, lng: number): void;
}

const INDONESIA: L.LatLngTuple = [-2.5, 118];

export default function LocationMap({ tileUrl, attribution, lat, lng, label, onPick }: LocationMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const pin = useRef<L.Marker | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const has = lat !== null && lng !== null;
    const m = L.map(el.current!, { center: has ? [lat, lng] : INDONESIA, zoom: has ? 16 : 5 });
    L.tileLayer(tileUrl, { attribution: attribution ?? '', maxZoom: 19 }).addTo(m);
    const marker = L.marker(has ? [lat, lng] : INDONESIA, {
      draggable: true,
      keyboard: true,
      title: label,
      alt: label,
      icon: L.divIcon({ className: 'map-pin', iconSize: [28, 28], iconAnchor: [14, 28] }),
    });
    if (has) marker.addTo(m);
    const set = (p: L.LatLng) => pick.current(Number(p.lat.toFixed(6)), Number(p.lng.toFixed(6)));
    m.on('click', (e: L.LeafletMouseEvent) => {
      marker.setLatLng(e.latlng).addTo(m);
      set(e.latlng);
    });
    marker.on('dragend', () => set(marker.getLatLng()));
    map.current = m;
    pin.current = marker;
    return () => {
      m.remove();
      map.current = null;
    };
    // The map is created once; later coordinate changes move the pin below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tileUrl]);

  useEffect(() => {
    const m = map.current;
    const marker = pin.current;
    if (!m || !marker || lat === null || lng === null) return;
    const cur = marker.getLatLng();
    if (cur.lat !== lat || cur.lng !== lng || !m.hasLayer(marker)) {
      marker.setLatLng([lat, lng]).addTo(m);
      m.setView([lat, lng], Math.max(m.getZoom(), 15));
    }
  }, [lat, lng]);

  return <div ref={el} className="map" aria-label={label} />;
}
