import india from '@svg-maps/india';
import { closedOrdersHref } from './insights-links';
import { navigate } from '../router/navigation';
import { formatPercent, RTO_BANDS, rtoBand } from './insights-format';

/** @svg-maps/india (CC BY 4.0, Victor Cazanave): one SVG path per state or union territory. */
interface IndiaMap {
  viewBox: string;
  locations: { id: string; name: string; path: string }[];
}
const MAP = india as unknown as IndiaMap;

/** The memory names Ladakh on its own; the map draws it within Jammu and Kashmir. */
const DRAWN_AS: Record<string, string> = { Ladakh: 'Jammu and Kashmir' };

interface StateFigures {
  state: string;
  closed: number;
  rto: number;
  rtoPercent: number | null;
}

/**
 * India coloured by RTO rate: each state a link to its returned orders, titled with its figures
 * (the table beside it holds the same numbers, so no figure is only a colour).
 */
export function IndiaMap({ states }: { states: readonly StateFigures[] }) {
  const byName = new Map(states.map((s) => [DRAWN_AS[s.state] ?? s.state, s]));
  return (
    <figure className="india-map" aria-labelledby="insights-map-caption">
      <svg viewBox={MAP.viewBox} role="group" aria-label="Map of India: RTO rate by state" data-testid="india-map">
        {MAP.locations.map((location) => {
          const figures = byName.get(location.name);
          const band = rtoBand(figures?.rtoPercent ?? null);
          const title = figures
            ? `${location.name}: ${formatPercent(figures.rtoPercent)} RTO (${figures.rto} of ${figures.closed} closed)`
            : `${location.name}: no closed parcels yet`;
          const path = (
            <path d={location.path} fill={band.colour} stroke="#ffffff" strokeWidth={0.8} data-state={location.name}>
              <title>{title}</title>
            </path>
          );
          const href = figures && figures.rto > 0 ? closedOrdersHref({ outcome: 'rto', state: figures.state }) : null;
          return href ? (
            <a
              key={location.id}
              href={href}
              aria-label={title}
              className="map-state"
              onClick={(event) => {
                if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
                event.preventDefault();
                navigate(href);
              }}
            >
              {path}
            </a>
          ) : (
            <g key={location.id} role="img" aria-label={title}>
              {path}
            </g>
          );
        })}
      </svg>
      <figcaption id="insights-map-caption">
        <ul className="map-legend" aria-label="RTO rate colours">
          {RTO_BANDS.map((band) => (
            <li key={band.label}>
              <span className="map-swatch" style={{ background: band.colour }} aria-hidden="true" />
              {band.label}
            </li>
          ))}
        </ul>
        <span className="subtle">Share of closed parcels that came back to origin. Click a state for its orders.</span>
      </figcaption>
    </figure>
  );
}
