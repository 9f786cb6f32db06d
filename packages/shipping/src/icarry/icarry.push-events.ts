// What every push becomes: normalised camelCase events, whatever shape iCarry sent.

export type ICarryPushKind = 'status' | 'ndr' | 'weight';

export interface ICarryStatusPush {
  kind: 'status';
  /** iCarry's numeric status code as text, without leading zeros ("22"); map it with mapICarryStatus. */
  statusCode: string;
  shipmentId?: string;
  awb?: string;
  clientOrderId?: string;
}

export interface ICarryNdrEntry {
  shipmentId?: string;
  awb?: string;
  /** iCarry's NDR `type` ("REATTEMPT-CONTACT"); an open set, see describeNdr. */
  reasonCode: string;
  /** The day iCarry reported it (IST), yyyy-mm-dd; null when absent or not a real date. */
  reportedOn: string | null;
  /** `date_added` as sent ("23/01/2025"), for notes and dedupe; null when absent. */
  reportedOnText: string | null;
}

export interface ICarryNdrPush {
  kind: 'ndr';
  /** At least one entry, each naming a shipment by id or AWB. */
  entries: ICarryNdrEntry[];
}

export interface ICarryWeightPush {
  kind: 'weight';
  shipmentId?: string;
  awb?: string;
  statusCode?: string;
  oldWeightGrams?: number;
  /** What the courier weighed, in whole grams (more than 0). */
  newWeightGrams: number;
  /** "LxBxH" in cm as iCarry sends it ("20x15x10"). */
  oldDimensions?: string;
  newDimensions?: string;
}

export type ICarryPushEvent = ICarryStatusPush | ICarryNdrPush | ICarryWeightPush;

export type ICarryPushParse =
  { ok: true; event: ICarryPushEvent } | { ok: false; kind: ICarryPushKind | 'unknown'; reason: string };

export interface PushRefs {
  shipmentId: string | null;
  awb: string | null;
  clientOrderId: string | null;
}
