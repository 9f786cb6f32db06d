import { z } from 'zod';

const percent = z.number().min(0).max(100).nullable();
const count = z.number().int().min(0);

/** Closed shipments and their outcomes; each percentage is of `closed`, null when nothing closed. */
const counts = {
  closed: count,
  delivered: count,
  rto: count,
  lost: count,
  ndr: count,
  deliveredPercent: percent,
  rtoPercent: percent,
  ndrPercent: percent,
};

const paise = z.number().int();

export const insightsOverviewOutput = z.object({
  /** Every closed shipment the memory holds. */
  totals: z.object(counts),
  /** The last 26 IST weeks (Monday to Sunday), oldest first, from the shipments that closed in each. */
  weeks: z.array(z.object({ week: z.string(), weekEnd: z.string(), ...counts })),
  /** By delivery state, both payment modes summed; most closed first. */
  states: z.array(z.object({ state: z.string(), ...counts })),
  payments: z.array(z.object({ payment: z.enum(['cod', 'prepaid']), ...counts })),
  couriers: z.array(
    z.object({
      courier: z.string(),
      courierName: z.string(),
      ...counts,
      medianDays: z.number().int().nullable(),
      p90Days: z.number().int().nullable(),
    }),
  ),
  /** Pincodes with at least `worstPincodeMinClosed` closed shipments and an RTO, highest RTO rate first (10 at most). */
  worstPincodes: z.array(z.object({ pincode: z.string(), state: z.string(), ...counts })),
  worstPincodeMinClosed: count,
  /** Freight paid on parcels that came back: forward (billed, else quoted) and the return leg. */
  rtoMoney: z.object({
    rtoShipments: count,
    forwardPaise: paise,
    returnPaise: paise,
    totalPaise: paise,
    /** True when some return legs had no bill of their own and were counted equal to their forward freight. */
    returnLegEstimated: z.boolean(),
    estimatedReturnShipments: count,
    estimatedReturnPaise: paise,
    /** RTOs with neither a bill nor a quote, counted as nothing. */
    unpricedShipments: count,
  }),
});
