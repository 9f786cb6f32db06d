/** The shipment's own vocabulary, spelled once: every schema, column check and type takes it from here. */

/** How the parcel travels: surface (road/rail, iCarry "S") or express (air, iCarry "E"). */
export const SHIPMENT_MODES = ['surface', 'express'] as const;
export type ShipmentMode = (typeof SHIPMENT_MODES)[number];
/** What a booking uses when nobody chose: the cheaper way. */
export const DEFAULT_SHIPMENT_MODE: ShipmentMode = 'surface';

/** A parcel to the customer (forward) or a return pickup from them back to the store. */
export const SHIPMENT_DIRECTIONS = ['forward', 'return'] as const;
export type ShipmentDirection = (typeof SHIPMENT_DIRECTIONS)[number];
