import type { ValidManifestData } from './document.schema';

/** The manifest's figures, apart from the PDF: "Today's pickup" shows them without loading the PDF stack. */

type Shipment = ValidManifestData['shipments'][number];

export interface CourierSummary {
  courierName: string;
  shipments: Shipment[];
  count: number;
  weightGrams: number;
  /** Parcels whose cash the courier collects, and how much in all (integer paise). */
  codCount: number;
  codPaise: number;
}

export interface ManifestSummary {
  couriers: CourierSummary[];
  count: number;
  weightGrams: number;
  codCount: number;
  codPaise: number;
}

/**
 * Groups shipments by courier (sections in alphabetical order of the courier's name, shipments in
 * the order given) and adds up each group. The PDF prints exactly these figures, so a "Today's
 * pickup" page can show the same numbers.
 */
export function summarizeManifest(shipments: readonly Shipment[]): ManifestSummary {
  const byCourier = new Map<string, CourierSummary>();
  for (const s of shipments) {
    let group = byCourier.get(s.courierName);
    if (!group) {
      group = { courierName: s.courierName, shipments: [], count: 0, weightGrams: 0, codCount: 0, codPaise: 0 };
      byCourier.set(s.courierName, group);
    }
    group.shipments.push(s);
    group.count++;
    group.weightGrams += s.weightGrams;
    if (s.payment.kind === 'cod') {
      group.codCount++;
      group.codPaise += s.payment.amountPaise;
    }
  }
  const couriers = [...byCourier.values()].sort((a, b) =>
    a.courierName.localeCompare(b.courierName, 'en', { sensitivity: 'base' }),
  );
  return {
    couriers,
    count: shipments.length,
    weightGrams: couriers.reduce((sum, c) => sum + c.weightGrams, 0),
    codCount: couriers.reduce((sum, c) => sum + c.codCount, 0),
    codPaise: couriers.reduce((sum, c) => sum + c.codPaise, 0),
  };
}
