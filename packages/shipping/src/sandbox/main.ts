/* eslint-disable no-console -- the sandbox CLI talks to a person on a terminal. */
import { parseArgs } from 'node:util';
import { startSandbox } from './sandbox.server';
import { SANDBOX_LABEL_SHAPES } from './sandbox.types';
import type { SandboxLabelShape } from './sandbox.types';
import type { ICarryLogger } from '../icarry/icarry.logger';

/**
 * `npm run sandbox -w @app/shipping [-- --port 4010 --state-file .data/icarry-sandbox.json
 *   --auto-advance-ms 15000 --status-url http://localhost:3000/api/webhooks/shipping-updates?secret=...
 *   --ndr-url ... --weight-url ... --latency-ms 0 --verbose]`
 * Options come from the command line only, so nothing here depends on the environment.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    username: { type: 'string' },
    'api-key': { type: 'string' },
    'pickup-address-id': { type: 'string' },
    'pickup-pincode': { type: 'string' },
    'state-file': { type: 'string' },
    'auto-advance-ms': { type: 'string' },
    'status-url': { type: 'string' },
    'ndr-url': { type: 'string' },
    'weight-url': { type: 'string' },
    'latency-ms': { type: 'string' },
    'require-browser-ua': { type: 'boolean', default: false },
    'label-shape': { type: 'string' },
    'control-token': { type: 'string' },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(
    'Usage: npm run sandbox -w @app/shipping -- [--port 4010] [--state-file path] [--auto-advance-ms N] [--status-url URL] [--ndr-url URL] [--weight-url URL] [--latency-ms N] [--label-shape pdf_urls|data|garbage] [--control-token T] [--require-browser-ua] [--verbose]',
  );
  process.exit(0);
}

function integer(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a non-negative integer, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

const consoleLogger: ICarryLogger = {
  info: (obj, msg) => console.log(msg, values.verbose ? JSON.stringify(obj) : ''),
  warn: (obj, msg) => console.warn(msg, JSON.stringify(obj)),
  error: (obj, msg) => console.error(msg, JSON.stringify(obj)),
  debug: (obj, msg) => {
    if (values.verbose) console.log(msg, JSON.stringify(obj));
  },
};

const labelShape = values['label-shape'];
if (labelShape !== undefined && !(SANDBOX_LABEL_SHAPES as readonly string[]).includes(labelShape)) {
  console.error(`--label-shape must be one of ${SANDBOX_LABEL_SHAPES.join(', ')}, got "${labelShape}"`);
  process.exit(2);
}

const sandbox = await startSandbox({
  host: values.host,
  port: integer('port', values.port),
  username: values.username,
  apiKey: values['api-key'],
  pickupAddressId: values['pickup-address-id'],
  pickupPincode: values['pickup-pincode'],
  stateFile: values['state-file'] ?? null,
  autoAdvanceMs: integer('auto-advance-ms', values['auto-advance-ms']) ?? null,
  latencyMs: integer('latency-ms', values['latency-ms']),
  requireBrowserUserAgent: values['require-browser-ua'],
  labelShape: labelShape as SandboxLabelShape | undefined,
  controlToken: values['control-token'],
  webhooks: {
    statusUrl: values['status-url'] ?? null,
    ndrUrl: values['ndr-url'] ?? null,
    weightUrl: values['weight-url'] ?? null,
  },
  logger: consoleLogger,
});

const { credentials } = sandbox;
console.log(`
iCarry sandbox running at ${sandbox.url}

  ICARRY_BASE_URL=${sandbox.url}
  ICARRY_USERNAME=${credentials.username}
  ICARRY_API_KEY=${credentials.apiKey}
  ICARRY_PICKUP_ADDRESS_ID=${credentials.pickupAddressId}
  ICARRY_PICKUP_PINCODE=${credentials.pickupPincode}

  Pincodes: starting with 9 = not serviceable; ending 99 = no COD; ending 98 = no express.
  Control:  ${sandbox.url}/__sandbox  (shipments, advance, status, ndr, weight, faults, webhooks, label-shape, reset)
            JSON bodies only, with the header  X-Sandbox-Token: ${sandbox.controlToken}
  Docs:     docs/sandbox.md
`);

const stop = (): void => {
  void sandbox.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
