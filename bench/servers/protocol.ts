/** What a benchmark server child tells its parent once it listens. */
export interface ReadyMessage {
  type: 'ready';
  url: string;
  pid: number;
  /** Product only: what the bench needs to build valid tracking links and authenticated pushes. */
  appSecret?: string;
  icarryApiKey?: string;
  webhookSecret?: string;
}

export interface StopMessage {
  type: 'stop';
}

/** Both children read their settings from this variable (JSON). */
export const CONFIG_ENV = 'BENCH_SERVER_CONFIG';

export interface ProductServerConfig {
  databaseUrl: string;
  poolMax: number;
  /** Extra environment for parseEnv (LOG_LEVEL, TRACKING_LOOKUPS_PER_MINUTE, APP_SECRET...). */
  env: Record<string, string>;
  sandboxLatencyMs?: number;
  webDist?: string;
  startWorkers?: boolean;
}

export interface BaselineServerConfig {
  databaseUrl: string;
  poolMax: number;
  /** A saved copy of a page the product rendered, served as a static file at /static-page. */
  staticPagePath?: string;
  /** The built web app (apps/web/dist), served as static files beside it: the page's script and icon. */
  staticAssetsDir?: string;
}
