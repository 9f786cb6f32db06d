// `api_check_pincode`: whether one pincode is served, as Y/N flags.
import { isValidPincode, pincodeRules } from '../sandbox.catalog';
import { text } from './endpoint.body';
import type { Body } from './endpoint.body';
import { fail, ok } from './endpoint.outcome';
import type { ApiOutcome } from './endpoint.outcome';

export function checkPincodeEndpoint(body: Body): ApiOutcome {
  const pincode = text(body.pincode);
  if (!isValidPincode(pincode)) return fail('Error : Invalid pincode.');
  const rules = pincodeRules(pincode);
  if (!rules.serviceable) return ok({ success: 0, msg: [] });
  const yn = (flag: boolean): string => (flag ? 'Y' : 'N');
  return ok({ success: 1, msg: [{ service: 'Y', prepaid: 'Y', cod: yn(rules.cod), pickup: yn(rules.pickup) }] });
}
