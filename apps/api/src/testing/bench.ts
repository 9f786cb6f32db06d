/** What the benchmarks in bench/ drive in process (exported as @app/api/bench): the server, the router, the hot paths. */
export { createLogger, parseEnv, startRuntime, type Runtime } from '../entry/server';
export { createCaller } from '../entry/router/index';
export { createContextInner } from '../entry/trpc/context';
export { getTracking } from '../customer/tracking/tracking.service';
export { trackingToken } from '../platform/security/tokens';
export { mergeLabelPdfs, renderLabels, renderManifest, type LabelData } from '../shipping/documents/index';
export { buildLabel, buildManifest } from '../shipping/documents/testing/document.fixtures';
export { WhatsAppStandIn } from '../outbox/messaging/whatsapp.stand-in';
export { ingestPush } from '../shipping/inbox/ingest-push';
export { applyPendingPushes } from '../shipping/inbox/inbox-applier';
export { applyPendingChannelWebhooks } from '../intake/channels/channel-inbox';
export { applyPendingWhatsAppPushes } from '../customer/whatsapp-inbox/whatsapp-inbox.service';
