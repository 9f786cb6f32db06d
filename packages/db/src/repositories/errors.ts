/** What a `getX` lookup was looking for when it found nothing. */
export type NotFoundEntity = 'order' | 'customer' | 'product' | 'shipment';

/** Thrown by `getX` repository functions; `findX` returns undefined instead. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  readonly entity: NotFoundEntity;
  readonly key: string;

  constructor(entity: NotFoundEntity, key: string) {
    super(`${entity} ${key} not found`);
    this.entity = entity;
    this.key = key;
  }
}

/** A pagination cursor that this code did not produce (tampered, truncated or from another list). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';

  constructor(reason: string) {
    super(`invalid cursor: ${reason}`);
  }
}
