import { CircleCheck, CircleX } from 'lucide-react';
import type { RouterOutputs } from '../../shared/api';
import { Badge } from '../ui/badge';
import { Callout } from '../ui/callout';
import { Spinner } from '../ui/spinner';

type Serviceability = RouterOutputs['shipping']['checkServiceability'];

/** iCarry's answer for the pincode, as a badge, and a callout saying what to do when it is no. */
export function ServiceabilityCheck({
  pincode,
  cod,
  validPincode,
  check,
}: {
  pincode: string;
  cod: boolean;
  validPincode: boolean;
  check: { error: { message: string } | null; data: Serviceability | undefined };
}) {
  const answer = check.data;
  return (
    <>
      <div className="serviceability" aria-live="polite">
        <span className="serviceability-label">
          Pincode <span className="mono">{pincode}</span>
        </span>
        {!validPincode ? (
          <Badge tone="red">Not a valid pincode</Badge>
        ) : check.error ? (
          <span className="muted" title={check.error.message}>
            Could not check right now
          </span>
        ) : !answer ? (
          <span className="muted">
            <Spinner /> Checking…
          </span>
        ) : answer.ok ? (
          <Badge tone="green">
            <CircleCheck size={13} aria-hidden="true" /> Serviceable{cod ? ', COD available' : ''}
          </Badge>
        ) : (
          <Badge tone="red">
            <CircleX size={13} aria-hidden="true" /> {answer.serviceable ? 'No COD at this pincode' : 'Not serviceable'}
          </Badge>
        )}
      </div>
      {answer && !answer.ok && (
        <Callout
          tone="error"
          title={
            answer.serviceable ? 'Cash on delivery is not available here' : 'iCarry does not deliver to this pincode'
          }
        >
          <p>
            {answer.serviceable
              ? 'Couriers reach this pincode only for prepaid parcels. Ask the customer to pay online.'
              : 'Check the pincode with the customer.'}
          </p>
        </Callout>
      )}
    </>
  );
}
