import { billedCharge, billingSyncEndpoint } from './endpoints/billing-sync.endpoint';
import { bookEndpoint } from './endpoints/book.endpoint';
import { cancelEndpoint } from './endpoints/cancel.endpoint';
import { checkPincodeEndpoint } from './endpoints/check-pincode.endpoint';
import type { Body } from './endpoints/endpoint.body';
import type { SandboxEndpointContext, SandboxEngineConfig } from './endpoints/endpoint.context';
import type { ApiOutcome } from './endpoints/endpoint.outcome';
import { estimateEndpoint } from './endpoints/estimate.endpoint';
import { labelEndpoint } from './endpoints/label.endpoint';
import { loginEndpoint } from './endpoints/login.endpoint';
import { reverseEndpoint } from './endpoints/reverse.endpoint';
import { statusSyncEndpoint } from './endpoints/status-sync.endpoint';
import { trackEndpoint } from './endpoints/track.endpoint';
import { placeFor } from './sandbox.catalog';
import type { SandboxMode } from './sandbox.catalog';
import * as lifecycle from './sandbox.lifecycle';
import type { SandboxState } from './sandbox.state';
import type {
  ControlCallOptions,
  SandboxAddress,
  SandboxLabelShape,
  SandboxShipment,
  ShipmentChangeResult,
} from './sandbox.types';
import type { SandboxWebhooks } from './sandbox.webhooks';

/** The warehouse's state for a few pincode regions (printed on labels only). */
const WAREHOUSE_STATE_BY_PREFIX: Record<string, string> = {
  '11': 'DE',
  '12': 'HA',
  '30': 'RA',
  '38': 'GU',
  '40': 'MA',
  '41': 'MA',
  '50': 'TS',
  '56': 'KA',
  '60': 'TN',
  '70': 'WB',
};

/**
 * The sandbox's iCarry: endpoint handlers with iCarry's validation and answers, and the
 * shipment lifecycle (status changes, NDRs, weight disputes) that the control API drives.
 *
 * Each endpoint lives in its own module (`endpoints/*.endpoint.ts`) and the lifecycle in
 * `sandbox.lifecycle.ts`; the engine holds what they share (state, webhooks, the account's
 * config, the label shape, the warehouse and shipment lookups) and hands itself to them as
 * their SandboxEndpointContext. Dispatch, control and the server call its methods.
 */
export class SandboxEngine implements SandboxEndpointContext {
  constructor(
    readonly state: SandboxState,
    readonly webhooks: SandboxWebhooks,
    readonly config: SandboxEngineConfig,
  ) {}

  /** How label requests are answered; set by the option and the control call. */
  labelShape: SandboxLabelShape = 'pdf_urls';

  /** Our warehouse as an address: the consignee of returns, the "return to" of labels. */
  warehouse(): SandboxAddress {
    const pincode = this.config.pickupPincode;
    return {
      name: `Sandbox warehouse ${this.config.pickupAddressId}`,
      mobile: '9000000001',
      address: '1 Warehouse Road, Industrial Area',
      city: placeFor(pincode).replace(/_/g, ' '),
      state: WAREHOUSE_STATE_BY_PREFIX[pincode.slice(0, 2)] ?? 'DE',
      pincode,
    };
  }

  /** iCarry ids are short integers; AWBs (even all-digit ones) are not accepted in their place. */
  looksLikeShipmentId(id: string): boolean {
    return /^\d{1,10}$/.test(id) && this.findByAwb(id) === undefined;
  }

  trackingUrl(shipment: SandboxShipment): string {
    return shipment.awb === null
      ? ''
      : `${this.config.publicUrl()}/track-shipment?awb=${encodeURIComponent(shipment.awb)}`;
  }

  findByAwb(awb: string): SandboxShipment | undefined {
    return [...this.state.shipments.values()].find((shipment) => shipment.awb === awb);
  }

  // iCarry's endpoints, one module each (see sandbox.dispatch for which path calls which).

  login(body: Body): ApiOutcome {
    return loginEndpoint(this, body);
  }

  estimate(body: Body, options: { phantom: boolean; keyed: boolean }): ApiOutcome {
    return estimateEndpoint(this, body, options);
  }

  checkPincode(body: Body): ApiOutcome {
    return checkPincodeEndpoint(body);
  }

  book(body: Body, mode: SandboxMode, options: { hangAfterAccept: boolean }): ApiOutcome {
    return bookEndpoint(this, body, mode, options);
  }

  track(body: Body): ApiOutcome {
    return trackEndpoint(this, body);
  }

  statusSync(body: Body): ApiOutcome {
    return statusSyncEndpoint(this, body);
  }

  cancel(body: Body): ApiOutcome {
    return cancelEndpoint(this, body);
  }

  label(body: Body): ApiOutcome {
    return labelEndpoint(this, body);
  }

  reverse(body: Body, options: { hangAfterAccept: boolean }): ApiOutcome {
    return reverseEndpoint(this, body, options);
  }

  billingSync(body: Body): ApiOutcome {
    return billingSyncEndpoint(this, body);
  }

  /** What billing sync answers for a shipment now (billing-sync.endpoint). */
  billedCharge(shipment: SandboxShipment): { paise: number; grams: number } | null {
    return billedCharge(shipment);
  }

  // The lifecycle the control API drives (sandbox.lifecycle).

  advance(id: string, options?: ControlCallOptions): Promise<ShipmentChangeResult> {
    return lifecycle.advance(this, id, options);
  }

  setStatus(id: string, code: number, options?: ControlCallOptions): Promise<ShipmentChangeResult> {
    return lifecycle.setStatus(this, id, code, options);
  }

  raiseNdr(id: string, type: string, options?: ControlCallOptions): Promise<ShipmentChangeResult> {
    return lifecycle.raiseNdr(this, id, type, options);
  }

  weightDiscrepancy(
    id: string,
    newGrams: number,
    options?: ControlCallOptions & { newDimensions?: { lengthCm: number; breadthCm: number; heightCm: number } },
  ): Promise<ShipmentChangeResult> {
    return lifecycle.weightDiscrepancy(this, id, newGrams, options);
  }

  autoAdvanceTick(): number {
    return lifecycle.autoAdvanceTick(this);
  }
}
