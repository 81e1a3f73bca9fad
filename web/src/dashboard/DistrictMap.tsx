// Complaints by district on a map (Leaflet, the library of the citizen's location map): one circle
// per district at the mean position of its located complaints, its area proportional to the
// count. A lazy chunk, so that Leaflet loads only on a dashboard that has something to map. The
// bar list next to it carries the same figures as text.
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

export interface DistrictPoint {
  key: string;
  lat: number;
  lng: number;
  value: number;
  /** The tooltip: the district's name and its count. */
  text: string;
}

export interface DistrictMapProps {
  tileUrl: string;
  attribution: string | null;
  points: DistrictPoint[];
  label: string;
  describedBy: string;
}

const MIN_RADIUS = 6;
const MAX_RADIUS = 26;

export default function DistrictMap({ tileUrl, attribution, points, label, describedBy }: DistrictMapProps) {
  const el = useRef<HTMLDivElement>(null);
  // Redraw only when the figures change, not on every render of the dashboard.
  const signature = JSON.stringify(points);

  useEffect(() => {
    const m = L.map(el.current!, { scrollWheelZoom: false });
    L.tileLayer(tileUrl, { attribution: attribution ?? '', maxZoom: 18 }).addTo(m);
    const max = Math.max(1, ...points.map((p) => p.value));
    const group = L.featureGroup();
    for (const p of points) {
      // Area, not radius, proportional to the count, so that twice the complaints look twice as big.
      const radius = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(p.value / max);
      L.circleMarker([p.lat, p.lng], { radius, color: '#7a1a14', weight: 2, fillColor: '#b3261e', fillOpacity: 0.45 })
        .bindTooltip(p.text)
        .addTo(group);
    }
    group.addTo(m);
    m.fitBounds(group.getBounds().pad(0.15), { maxZoom: 12 });
    return () => {
      m.remove();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tileUrl, attribution, signature]);

  return <div ref={el} className="district-map" aria-label={label} aria-describedby={describedBy} data-points={points.length} />;
}
