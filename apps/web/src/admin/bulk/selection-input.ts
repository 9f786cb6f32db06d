import type { RouterInputs, RouterOutputs } from '../../shared/api';

/** The ticked orders, or all matching the list's status and search: what bulk ship and Print labels act on. */
export type OrderSelectionInput = RouterInputs['packing']['labelSelection'];
export type CourierPolicy = RouterOutputs['orders']['batch']['courierPolicy'];
