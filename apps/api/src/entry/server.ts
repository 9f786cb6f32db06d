/**
 * The server as a program starts it (exported as @app/api/server): read the environment, make the
 * logger, start the runtime. main.ts is `npm start`'s use of it; bench/servers/product.ts is another.
 */
export { EnvError, loadEnv, parseEnv, REPO_ROOT } from '../platform/config/env';
export { createLogger } from '../platform/core/logger';
export { startRuntime, stopOnSignals, type Runtime, type RuntimeOptions } from './runtime';
