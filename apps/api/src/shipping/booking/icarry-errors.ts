import {
  ICarryAPIError,
  ICarryAuthError,
  ICarryBlockedError,
  ICarryValidationError,
  type ICarryClient,
} from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';

export function requireICarry(deps: AppDeps): ICarryClient {
  if (!deps.icarry) throw new AppError('ICARRY_NOT_CONFIGURED');
  return deps.icarry;
}

/** iCarry's failures in words an admin can act on; raw errors never reach the UI. */
export function toAppError(err: unknown, context: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ICarryValidationError) {
    return new AppError('ADDRESS_INCOMPLETE', { userMessage: err.message, cause: err });
  }
  // An HTTP error page or a garbled answer is iCarry failing, not iCarry refusing: say so (503, try again).
  if (err instanceof ICarryAPIError && err.code !== 'API_ERROR')
    return new AppError('ICARRY_UNAVAILABLE', { cause: err });
  if (err instanceof ICarryAPIError) {
    if (err.kind === 'not_serviceable') {
      return new AppError('PINCODE_NOT_SERVICEABLE', { userMessage: `iCarry says: ${err.message}`, cause: err });
    }
    if (err.kind === 'account') {
      return new AppError('ICARRY_ACCOUNT_PROBLEM', {
        userMessage: `iCarry says: ${err.message}. Top up or clear the hold in the iCarry panel, then try again.`,
        cause: err,
      });
    }
    return new AppError('COURIER_REFUSED', { userMessage: `iCarry refused ${context}: ${err.message}`, cause: err });
  }
  if (err instanceof ICarryAuthError) {
    return new AppError('ICARRY_UNAVAILABLE', {
      userMessage: 'iCarry rejected our credentials. Check ICARRY_USERNAME and ICARRY_API_KEY.',
      cause: err,
    });
  }
  if (err instanceof ICarryBlockedError) {
    return new AppError('ICARRY_UNAVAILABLE', {
      userMessage:
        "iCarry's firewall blocked the request (it answered with a web page). Nothing was booked; try again in a minute.",
      cause: err,
    });
  }
  return new AppError('ICARRY_UNAVAILABLE', { cause: err });
}
