// Which engine call answers each iCarry endpoint (faults that change an answer taken on the way).
import type { ApiOutcome } from './endpoints/endpoint.outcome';
import type { SandboxEngine } from './sandbox.engine';
import type { SandboxState } from './sandbox.state';

/** The endpoints the sandbox speaks, by path. */
export const API_ENDPOINTS = new Set([
  '/api_login',
  '/api_get_estimate',
  '/api_check_pincode',
  '/api_add_shipment_surface',
  '/api_add_shipment_air',
  '/api_track_shipment',
  '/api_shipment_status_sync',
  '/api_cancel_shipment',
  '/api_print_shipment_label',
  '/api_add_reverse_shipment',
  '/api_shipment_billing_sync',
]);

export function dispatchApi(
  engine: SandboxEngine,
  state: SandboxState,
  endpoint: string,
  body: Record<string, unknown>,
): ApiOutcome {
  switch (endpoint) {
    case '/api_login':
      return engine.login(body);
    case '/api_get_estimate':
      return engine.estimate(body, {
        phantom: state.takeFault('phantom_courier', endpoint) !== undefined,
        keyed: state.takeFault('keyed_estimate', endpoint) !== undefined,
      });
    case '/api_check_pincode':
      return engine.checkPincode(body);
    case '/api_add_shipment_surface':
    case '/api_add_shipment_air':
      return engine.book(body, endpoint === '/api_add_shipment_air' ? 'express' : 'surface', {
        hangAfterAccept: state.takeFault('book_accept_then_hang', endpoint) !== undefined,
      });
    case '/api_add_reverse_shipment':
      return engine.reverse(body, {
        hangAfterAccept: state.takeFault('book_accept_then_hang', endpoint) !== undefined,
      });
    case '/api_track_shipment':
      return engine.track(body);
    case '/api_shipment_status_sync':
      return engine.statusSync(body);
    case '/api_shipment_billing_sync':
      return engine.billingSync(body);
    case '/api_cancel_shipment':
      return engine.cancel(body);
    case '/api_print_shipment_label':
      return engine.label(body);
    default:
      return { kind: 'json', json: { success: 0, error: `Error : Unknown endpoint ${endpoint}` } };
  }
}
