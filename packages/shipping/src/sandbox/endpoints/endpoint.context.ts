import type { SandboxState } from '../sandbox.state';
import type { SandboxAddress, SandboxLabelShape, SandboxShipment } from '../sandbox.types';
import type { SandboxWebhooks } from '../sandbox.webhooks';

/** The account the sandbox plays: its credentials, its one warehouse, and where its pages are served. */
export interface SandboxEngineConfig {
  username: string;
  apiKey: string;
  pickupAddressId: string;
  pickupPincode: string;
  publicUrl: () => string;
}

/**
 * What every endpoint handler is given: the shared state and the few things several endpoints
 * need. SandboxEngine is the one implementation; handlers take this interface rather than the
 * engine so that the engine can import them without a cycle.
 */
export interface SandboxEndpointContext {
  readonly state: SandboxState;
  readonly webhooks: SandboxWebhooks;
  readonly config: SandboxEngineConfig;
  /** How label requests are answered (changed at run time by the control API). */
  readonly labelShape: SandboxLabelShape;
  /** Our warehouse as an address: the consignee of returns, the "return to" of labels. */
  warehouse(): SandboxAddress;
  trackingUrl(shipment: SandboxShipment): string;
  /** iCarry ids are short integers; AWBs (even all-digit ones) are not accepted in their place. */
  looksLikeShipmentId(id: string): boolean;
}
