/**
 * The demo store's catalogue. `weightText` is what a shop owner really types into a product form,
 * so the parcel-weight parser meets every shape it must handle; `grams` is the true weight, used only
 * to give seeded shipments a plausible `weight_grams`.
 */
export interface CatalogProduct {
  sku: string;
  name: string;
  weightText: string | null;
  pricePaise: number;
  grams: number;
}

export const DEMO_CATALOG: readonly CatalogProduct[] = [
  { sku: 'PKL-AVAKAYA-500', name: 'Andhra Avakaya Mango Pickle', weightText: '500g', pricePaise: 34900, grams: 500 },
  { sku: 'PKL-LEMON-250', name: 'Sweet Lemon Pickle', weightText: '250 gm', pricePaise: 18900, grams: 250 },
  { sku: 'PKL-GARLIC-500', name: 'Garlic Pickle', weightText: '500 gms', pricePaise: 29900, grams: 500 },
  { sku: 'PKL-GONGURA-500', name: 'Gongura Pickle', weightText: '0.5KG', pricePaise: 32900, grams: 500 },
  { sku: 'PKL-MIXVEG-1000', name: 'Punjabi Mixed Vegetable Pickle', weightText: '1kg', pricePaise: 52900, grams: 1000 },
  // A bare number: grams or kilograms? The parser has to decide and say so.
  { sku: 'PKL-REDCHILLI-500', name: 'Stuffed Red Chilli Pickle', weightText: '500', pricePaise: 27900, grams: 500 },
  { sku: 'MSL-SAMBAR-200', name: 'Sambar Masala', weightText: '200g', pricePaise: 14900, grams: 200 },
  { sku: 'MSL-GARAM-100', name: 'Stone-ground Garam Masala', weightText: '100 g', pricePaise: 12900, grams: 100 },
  { sku: 'MSL-KASHMIRI-250', name: 'Kashmiri Chilli Powder', weightText: '250g', pricePaise: 21900, grams: 250 },
  { sku: 'MSL-LAKADONG-500', name: 'Lakadong Turmeric Powder', weightText: '500 g', pricePaise: 39900, grams: 500 },
  { sku: 'GHE-A2COW-1L', name: 'A2 Desi Cow Ghee (Bilona)', weightText: '1 L', pricePaise: 189900, grams: 920 },
  { sku: 'GHE-A2COW-500', name: 'A2 Desi Cow Ghee (Bilona)', weightText: '500 ml', pricePaise: 99900, grams: 460 },
  { sku: 'GHE-BUFFALO-1000', name: 'Buffalo Ghee', weightText: '1kg', pricePaise: 124900, grams: 1000 },
  { sku: 'HNY-WILDFOREST-500', name: 'Wild Forest Honey', weightText: '500g', pricePaise: 44900, grams: 500 },
  {
    sku: 'HNY-MULTIFLORA-1500',
    name: 'Multiflora Honey (Family Jar)',
    weightText: '1.5 kg',
    pricePaise: 89900,
    grams: 1500,
  },
  { sku: 'OIL-GROUNDNUT-1L', name: 'Cold-Pressed Groundnut Oil', weightText: '1 L', pricePaise: 42900, grams: 910 },
  {
    sku: 'OIL-COCONUT-200',
    name: 'Cold-Pressed Virgin Coconut Oil',
    weightText: '200 ml',
    pricePaise: 24900,
    grams: 185,
  },
  { sku: 'OIL-MUSTARD-1L', name: 'Kachi Ghani Mustard Oil', weightText: '1 Ltr', pricePaise: 32900, grams: 910 },
  {
    sku: 'MLT-FOXTAIL-2X500',
    name: 'Foxtail Millet (Twin Pack)',
    weightText: '2 x 500g',
    pricePaise: 27900,
    grams: 1000,
  },
  { sku: 'MLT-RAGI-1000', name: 'Sprouted Ragi Flour', weightText: '1 kg', pricePaise: 18900, grams: 1000 },
  { sku: 'MLT-LITTLE-500', name: 'Little Millet (Samai)', weightText: '500g', pricePaise: 13900, grams: 500 },
  { sku: 'SNK-BANANA-200', name: 'Kerala Banana Chips', weightText: '200g', pricePaise: 16900, grams: 200 },
  // Nonsense a parser cannot read: falls back to 0.5 kg and says so.
  { sku: 'SNK-MURUKKU-FAM', name: 'Millet Murukku', weightText: 'family pack', pricePaise: 29900, grams: 750 },
  { sku: 'SWT-JAGGERY-1000', name: 'Organic Jaggery Powder', weightText: '1kg', pricePaise: 15900, grams: 1000 },
  // Never filled in on the product form.
  { sku: 'GFT-FESTIVE-BOX', name: 'Festive Gift Hamper', weightText: null, pricePaise: 149900, grams: 2200 },
];
