/** A call to a store's API failed; `retryable` says whether trying again can help (network, 5xx, 429). */
export class ChannelCallError extends Error {
  override readonly name = 'ChannelCallError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
    readonly userErrors: unknown = null,
  ) {
    super(message);
  }
}
