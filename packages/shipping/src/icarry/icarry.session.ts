import { ICARRY_ENDPOINTS } from './icarry.request';
import type { RequestSpec } from './icarry.request';
import { parseLoginResponse } from './icarry.schemas';
import type { CallOptions } from './icarry.types';

/** iCarry tokens last about 60 minutes; reuse for 50 to stay clear of the edge. */
export const DEFAULT_TOKEN_TTL_MS = 50 * 60 * 1000;

/**
 * The iCarry session: the `api_token` from `api_login`, cached and reused for `tokenTtlMs`, with
 * one login at a time however many calls need a token. The login itself goes through the
 * transport (`send`), with its retries; the transport asks here for a token before each
 * authenticated attempt and drops a token iCarry rejected.
 */
export class ICarrySession {
  private readonly username: string;
  private readonly apiKey: string;
  private readonly now: () => number;
  private readonly tokenTtlMs: number;
  private readonly send: (spec: RequestSpec<string>, options: CallOptions) => Promise<string>;
  private cachedToken: { value: string; obtainedAt: number } | null = null;
  private pendingLogin: Promise<string> | null = null;

  constructor(options: {
    username: string;
    apiKey: string;
    now: () => number;
    tokenTtlMs: number;
    /** Sends the login request through the transport. */
    send: (spec: RequestSpec<string>, options: CallOptions) => Promise<string>;
  }) {
    this.username = options.username;
    this.apiKey = options.apiKey;
    this.now = options.now;
    this.tokenTtlMs = options.tokenTtlMs;
    this.send = options.send;
  }

  /** Drops the cached token, so that the next call logs in. */
  clear(): void {
    this.cachedToken = null;
  }

  /** The token in use, if any (log messages are scrubbed of it). */
  currentToken(): string | undefined {
    return this.cachedToken?.value;
  }

  obtainToken(options: CallOptions): Promise<string> {
    const cached = this.cachedToken;
    if (cached !== null && this.now() - cached.obtainedAt < this.tokenTtlMs) return Promise.resolve(cached.value);
    // One login at a time: concurrent calls share it instead of creating several sessions.
    if (this.pendingLogin !== null) return this.pendingLogin;
    const pending = this.send(
      {
        op: 'login',
        endpoint: ICARRY_ENDPOINTS.login,
        fields: [
          ['username', this.username],
          ['key', this.apiKey],
        ],
        safe: true,
        auth: false,
        isLogin: true,
        parse: parseLoginResponse,
      },
      // The login is shared by every waiting call: the caller's own hook runs before its own request.
      { ...options, beforeSend: undefined },
    )
      .then((token) => {
        this.cachedToken = { value: token, obtainedAt: this.now() };
        return token;
      })
      .finally(() => {
        this.pendingLogin = null;
      });
    this.pendingLogin = pending;
    return pending;
  }

  tokenObtainedAt(): number | null {
    return this.cachedToken?.obtainedAt ?? null;
  }

  forgetToken(token: string): void {
    // Another call may already have replaced it with a fresh one.
    if (this.cachedToken?.value === token) this.cachedToken = null;
  }
}
