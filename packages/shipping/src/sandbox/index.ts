export { startSandbox } from './sandbox.server';
export type { Sandbox } from './sandbox.server';
export type { SandboxControl } from './sandbox.control';
export { CONTROL_TOKEN_HEADER } from './sandbox.control';
export { SandboxState, SandboxInputError } from './sandbox.state';
export { SANDBOX_DEFAULTS, SANDBOX_LABEL_SHAPES } from './sandbox.types';
export type {
  SandboxOptions,
  SandboxShipment,
  SandboxAddress,
  SandboxAdoptedShipment,
  SandboxHistoryEntry,
  SandboxFaultKind,
  SandboxFaultSpec,
  SandboxActiveFault,
  SandboxLabelShape,
  SandboxRequestRecord,
  SandboxWebhookUrls,
  WebhookDelivery,
  WebhookKind,
  ControlCallOptions,
  ShipmentChangeResult,
} from './sandbox.types';
export { SANDBOX_COURIERS, pincodeRules, quote, zoneFor } from './sandbox.catalog';
export type { SandboxCourier, PincodeRules, Quote, Zone } from './sandbox.catalog';
export { HAPPY_PATH, REVERSE_PATH } from './sandbox.lifecycle';
export { SURCHARGE_EVERY } from './endpoints/billing-sync.endpoint';
export { MAX_WEBHOOK_LOG } from './sandbox.webhooks';
