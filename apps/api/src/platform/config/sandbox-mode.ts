/**
 * What the admin panel may do to the simulated couriers in sandbox mode. The runtime adapts the
 * iCarry sandbox's control object to this, so the API never depends on sandbox internals.
 */
export interface SandboxControl {
  /** Moves the shipment to its next status and lets the sandbox push the webhook. */
  advance(providerShipmentId: string): Promise<{ statusCode: number }>;
  setStatus(providerShipmentId: string, statusCode: number): Promise<void>;
  raiseNdr(providerShipmentId: string, type: string): Promise<void>;
  reportWeight(providerShipmentId: string, newWeightGrams: number): Promise<void>;
}
