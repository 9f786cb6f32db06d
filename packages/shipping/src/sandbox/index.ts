export { startSandbox } from './sandbox.server';
export type { Sandbox, SandboxControl } from './sandbox.server';
export { SandboxState, SandboxInputError } from './sandbox.state';
export { SANDBOX_DEFAULTS } from './sandbox.types';
export type {
  SandboxOptions,
  SandboxShipment,
  SandboxHistoryEntry,
  SandboxFaultKind,
  SandboxFaultSpec,
  SandboxActiveFault,
  SandboxRequestRecord,
  SandboxWebhookUrls,
  WebhookDelivery,
  WebhookKind,
  ControlCallOptions,
  ShipmentChangeResult,
} from './sandbox.types';
export { SANDBOX_COURIERS, pincodeRules, quote, zoneFor } from './sandbox.catalog';
export type { SandboxCourier, PincodeRules, Quote, Zone } from './sandbox.catalog';
export { HAPPY_PATH } from './sandbox.engine';
