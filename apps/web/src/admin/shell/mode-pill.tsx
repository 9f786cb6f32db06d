import { FlaskConical } from 'lucide-react';
import { useMode } from '../data/me';

/** Always in view: whether a booking here reaches a real courier. */
export function ModePill() {
  const mode = useMode();
  if (mode === 'sandbox') {
    return (
      <span className="mode-pill mode-sandbox" title="iCarry sandbox: nothing is booked with a real courier">
        <FlaskConical size={13} aria-hidden="true" /> Sandbox
      </span>
    );
  }
  if (mode === 'live') {
    return (
      <span className="mode-pill mode-live" title="Bookings go to your iCarry account">
        Live
      </span>
    );
  }
  return null;
}
