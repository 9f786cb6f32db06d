import { ICarryValidationError } from './icarry/icarry.errors';

/**
 * iCarry's 2-letter state codes for `consignee[state]`. They are OpenCart's India zone codes plus
 * newer states, NOT ISO 3166-2:IN: Bihar is BI (ISO BR), Maharashtra MA (ISO MH), Telangana TS.
 */
export const ICARRY_STATE_CODES = {
  AN: 'Andaman and Nicobar Islands',
  AP: 'Andhra Pradesh',
  AR: 'Arunachal Pradesh',
  AS: 'Assam',
  BI: 'Bihar',
  CG: 'Chhattisgarh',
  CH: 'Chandigarh',
  DA: 'Dadra and Nagar Haveli',
  DE: 'Delhi',
  DM: 'Daman and Diu',
  GO: 'Goa',
  GU: 'Gujarat',
  HA: 'Haryana',
  HP: 'Himachal Pradesh',
  JA: 'Jammu and Kashmir',
  JH: 'Jharkhand',
  KA: 'Karnataka',
  KE: 'Kerala',
  LA: 'Ladakh',
  LI: 'Lakshadweep',
  MA: 'Maharashtra',
  ME: 'Meghalaya',
  MI: 'Mizoram',
  MN: 'Manipur',
  MP: 'Madhya Pradesh',
  NA: 'Nagaland',
  OD: 'Odisha',
  PO: 'Puducherry',
  PU: 'Punjab',
  RA: 'Rajasthan',
  SI: 'Sikkim',
  TN: 'Tamil Nadu',
  TR: 'Tripura',
  TS: 'Telangana',
  UK: 'Uttarakhand',
  UP: 'Uttar Pradesh',
  WB: 'West Bengal',
} as const;
export type ICarryStateCode = keyof typeof ICARRY_STATE_CODES;

/** OpenCart zone ids, needed by `api_add_pickup_address` (`zone_id`). */
export const ICARRY_ZONE_IDS = {
  AN: 1475,
  AP: 1476,
  AR: 1477,
  AS: 1478,
  BI: 1479,
  CH: 1480,
  DA: 1481,
  DM: 1482,
  DE: 1483,
  GO: 1484,
  GU: 1485,
  HA: 1486,
  HP: 1487,
  JA: 1488,
  KA: 1489,
  KE: 1490,
  LI: 1491,
  MP: 1492,
  MA: 1493,
  MN: 1494,
  ME: 1495,
  MI: 1496,
  NA: 1497,
  OD: 1498,
  PO: 1499,
  PU: 1500,
  RA: 1501,
  SI: 1502,
  TN: 1503,
  TR: 1504,
  UP: 1505,
  WB: 1506,
  TS: 4231,
  JH: 4239,
  UK: 4240,
  CG: 4241,
  LA: 4242,
} as const satisfies Record<ICarryStateCode, number>;

/**
 * Everything else people type, keyed by the text with every non-letter removed and lowercased
 * ("Tamil-Nadu", "tamilnadu" and "TAMIL NADU" all become "tamilnadu"). ISO/vehicle codes, old
 * names and common spellings. No ISO code collides with a different iCarry code.
 */
const ALIASES: Record<string, ICarryStateCode> = {
  // ISO 3166-2:IN and vehicle-registration style codes that differ from iCarry's.
  br: 'BI',
  ct: 'CG',
  dn: 'DA',
  dd: 'DM',
  dl: 'DE',
  ga: 'GO',
  gj: 'GU',
  hr: 'HA',
  jk: 'JA',
  kl: 'KE',
  ld: 'LI',
  mh: 'MA',
  ml: 'ME',
  mz: 'MI',
  nl: 'NA',
  or: 'OD',
  py: 'PO',
  pb: 'PU',
  rj: 'RA',
  sk: 'SI',
  tg: 'TS',
  ut: 'UK',
  ua: 'UK',
  cg: 'CG',
  od: 'OD',
  ts: 'TS',
  uk: 'UK',
  la: 'LA',
  // Old names and spellings.
  orissa: 'OD',
  pondicherry: 'PO',
  pondichery: 'PO',
  uttaranchal: 'UK',
  uttrakhand: 'UK',
  uttarkhand: 'UK',
  chattisgarh: 'CG',
  chhatisgarh: 'CG',
  chattishgarh: 'CG',
  chhattisgarh: 'CG',
  jandk: 'JA',
  jammukashmir: 'JA',
  jammuandkashmir: 'JA',
  kashmir: 'JA',
  andamanandnicobar: 'AN',
  andamanandnicobarislands: 'AN',
  andamannicobar: 'AN',
  andaman: 'AN',
  dadranagarhaveli: 'DA',
  dadraandnagarhaveli: 'DA',
  damandiu: 'DM',
  damananddiu: 'DM',
  delhi: 'DE',
  newdelhi: 'DE',
  nctofdelhi: 'DE',
  delhinct: 'DE',
  nationalcapitalterritoryofdelhi: 'DE',
  telengana: 'TS',
  tamilnadu: 'TN',
  tamilnad: 'TN',
  westbengal: 'WB',
  westbengol: 'WB',
  uttarpradesh: 'UP',
  madhyapradesh: 'MP',
  andhrapradesh: 'AP',
  arunachalpradesh: 'AR',
  himachalpradesh: 'HP',
  lakshadweepislands: 'LI',
  laccadives: 'LI',
  maharastra: 'MA',
  maharashtra: 'MA',
  karnatak: 'KA',
  mysore: 'KA',
  kerela: 'KE',
  gujrat: 'GU',
  rajastan: 'RA',
  punjab: 'PU',
  panjab: 'PU',
};

/** Pincodes of Daman (396210-396220) and Diu (362520): used for the merged UT name. */
const DAMAN_DIU_PINCODE = /^(3962[01]\d|362520)$/;
const MERGED_DNH_DD = new Set(['dadraandnagarhavelianddamananddiu', 'dnhanddd', 'dnhdd', 'dh']);

const BY_KEY: ReadonlyMap<string, ICarryStateCode> = (() => {
  const map = new Map<string, ICarryStateCode>();
  for (const [code, name] of Object.entries(ICARRY_STATE_CODES) as [ICarryStateCode, string][]) {
    map.set(code.toLowerCase(), code);
    map.set(normaliseKey(name), code);
  }
  for (const [alias, code] of Object.entries(ALIASES)) map.set(alias, code);
  return map;
})();

function normaliseKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z]/g, '');
}

export function isICarryStateCode(value: string): value is ICarryStateCode {
  return Object.hasOwn(ICARRY_STATE_CODES, value);
}

/** Like toICarryStateCode but returns null instead of throwing. */
export function findICarryStateCode(
  stateNameOrCode: string | null | undefined,
  options: { pincode?: string } = {},
): ICarryStateCode | null {
  const key = normaliseKey(typeof stateNameOrCode === 'string' ? stateNameOrCode : '');
  if (key === '') return null;
  if (MERGED_DNH_DD.has(key)) {
    // The 2020 merged UT has no iCarry code of its own; Daman and Diu pincodes go to DM.
    return options.pincode !== undefined && DAMAN_DIU_PINCODE.test(options.pincode.trim()) ? 'DM' : 'DA';
  }
  // "State of Kerala", "Kerala State", "Kerala, India"
  const stripped = key.replace(/^stateof/, '').replace(/(state|india)+$/, '');
  return BY_KEY.get(key) ?? BY_KEY.get(stripped) ?? null;
}

/**
 * Maps a state as customers type it (full name, old name like Orissa/Pondicherry, ISO-style
 * MH/OR/BR/TG/UT/CT, iCarry code, any case or spacing) to iCarry's code. Throws
 * ICarryValidationError naming the state when it cannot be mapped: booking with a wrong state is
 * worse than not booking.
 */
export function toICarryStateCode(
  stateNameOrCode: string | null | undefined,
  options: { pincode?: string; field?: string } = {},
): ICarryStateCode {
  const code = findICarryStateCode(stateNameOrCode, options);
  if (code === null) {
    const shown = (typeof stateNameOrCode === 'string' ? stateNameOrCode : '').trim().slice(0, 60);
    throw new ICarryValidationError(
      shown === ''
        ? 'State is missing: iCarry needs the consignee state'
        : `Unknown Indian state "${shown}": cannot map it to an iCarry state code`,
      { field: options.field ?? 'consignee.state' },
    );
  }
  return code;
}
