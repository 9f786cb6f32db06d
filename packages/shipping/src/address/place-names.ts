/**
 * How a city a customer typed is compared with India Post's names: lower case, no accents or
 * punctuation, old and new names folded to one (Bangalore/Bengaluru, Gurgaon/Gurugram, Bombay/Mumbai,
 * ...), and a typo of one letter (two in a long name) forgiven.
 */

/** Old names, English spellings and common misspellings -> the one spelling compared. */
const SPELLINGS: Record<string, string> = {
  bangalore: 'bengaluru',
  bengaluru: 'bengaluru',
  banglore: 'bengaluru',
  bangaluru: 'bengaluru',
  gurgaon: 'gurugram',
  gurgoan: 'gurugram',
  bombay: 'mumbai',
  calcutta: 'kolkata',
  kolkatta: 'kolkata',
  madras: 'chennai',
  poona: 'pune',
  orissa: 'odisha',
  pondicherry: 'puducherry',
  pondichery: 'puducherry',
  trivandrum: 'thiruvananthapuram',
  cochin: 'kochi',
  calicut: 'kozhikode',
  baroda: 'vadodara',
  vizag: 'visakhapatnam',
  vishakhapatnam: 'visakhapatnam',
  vishakapatnam: 'visakhapatnam',
  waltair: 'visakhapatnam',
  mangalore: 'mangaluru',
  mysore: 'mysuru',
  belgaum: 'belagavi',
  hubli: 'hubballi',
  gulbarga: 'kalaburagi',
  shimoga: 'shivamogga',
  tumkur: 'tumakuru',
  bellary: 'ballari',
  bijapur: 'vijayapura',
  allahabad: 'prayagraj',
  benares: 'varanasi',
  banaras: 'varanasi',
  cawnpore: 'kanpur',
  simla: 'shimla',
  tanjore: 'thanjavur',
  trichy: 'tiruchirappalli',
  tiruchirapalli: 'tiruchirappalli',
  trichinopoly: 'tiruchirappalli',
  ootacamund: 'ooty',
  udhagamandalam: 'ooty',
  nilgiris: 'ooty',
  kanchipuram: 'kancheepuram',
  conjeevaram: 'kancheepuram',
  ahmadabad: 'ahmedabad',
  amdavad: 'ahmedabad',
  mohali: 'sasnagar',
  sahibzadaajitsinghnagar: 'sasnagar',
  sasnagarmohali: 'sasnagar',
  nioda: 'noida',
  gautambudhnagar: 'gautambuddhanagar',
  khurda: 'khorda',
  bhubaneshwar: 'bhubaneswar',
  jamshedpur: 'jamshedpur',
  tatanagar: 'jamshedpur',
  raigad: 'raigarh',
  ranga: 'rangareddy',
  rangareddi: 'rangareddy',
  kodagu: 'coorg',
  saltlake: 'bidhannagar',
};

/**
 * Cities whose pincodes India Post files under neighbouring districts: the city is right for any of
 * them (a Salt Lake pincode is in North 24 Parganas; Medavakkam, Chennai, in Kanchipuram).
 */
const METRO_DISTRICTS: Record<string, string[]> = {
  mumbai: ['mumbai', 'mumbaisuburban', 'thane'],
  navimumbai: ['thane', 'raigarh', 'raigarhmh'],
  thane: ['thane', 'palghar'],
  delhi: ['*DE'],
  newdelhi: ['*DE'],
  noida: ['gautambuddhanagar', 'ghaziabad'],
  greaternoida: ['gautambuddhanagar'],
  gurugram: ['gurugram'],
  faridabad: ['faridabad'],
  ghaziabad: ['ghaziabad'],
  bengaluru: ['bengaluru', 'bengalururural', 'bengaluruurban'],
  hyderabad: ['hyderabad', 'rangareddy', 'medchal', 'medchalmalkajgiri', 'sangareddy'],
  secunderabad: ['hyderabad', 'rangareddy', 'medchal', 'medchalmalkajgiri'],
  cyberabad: ['hyderabad', 'rangareddy'],
  chennai: ['chennai', 'kancheepuram', 'tiruvallur', 'thiruvallur', 'chengalpattu'],
  kolkata: ['kolkata', 'north24parganas', 'south24parganas', 'howrah'],
  howrah: ['howrah'],
  pune: ['pune'],
  pimprichinchwad: ['pune'],
  ahmedabad: ['ahmedabad', 'gandhinagar'],
  gandhinagar: ['ahmedabad', 'gandhinagar'],
  sasnagar: ['sasnagar', 'mohali', 'rupnagar', 'chandigarh'],
  chandigarh: ['chandigarh', 'sasnagar', 'mohali', 'panchkula'],
  panchkula: ['panchkula', 'chandigarh'],
  zirakpur: ['sasnagar', 'mohali', 'patiala'],
  bhubaneswar: ['khorda'],
  cuttack: ['cuttack'],
  kochi: ['ernakulam'],
  ernakulam: ['ernakulam'],
  jamshedpur: ['eastsinghbhum'],
  visakhapatnam: ['visakhapatnam'],
  vijayawada: ['krishna', 'ntr'],
  puducherry: ['puducherry'],
};

/** Words that name no place on their own ("New Delhi" and "Delhi" share "delhi", not "new"). */
const GENERIC = new Set([
  'city',
  'town',
  'nagar',
  'road',
  'colony',
  'east',
  'west',
  'north',
  'south',
  'central',
  'new',
  'old',
  'urban',
  'rural',
  'district',
  'dist',
  'distt',
  'cantt',
  'cantonment',
  'sector',
  'bazar',
  'bazaar',
  'market',
  'camp',
  'the',
  'of',
  'and',
  'po',
  'post',
  'office',
  'head',
  'sub',
  'branch',
  'gpo',
  'ho',
  'so',
  'bo',
  'mh',
  'india',
]);

/** Lower-case words of a place name: no accents, "&" as "and", everything else a separator. */
export function placeWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

function fold(word: string): string {
  return SPELLINGS[word] ?? word;
}

/** The canonical key of a whole name ("Navi Mumbai" -> "navimumbai", "Bangalore" -> "bengaluru"). */
export function placeKey(text: string): string {
  const words = placeWords(text).map(fold);
  const joined = words.join('');
  return SPELLINGS[joined] ?? joined;
}

/** The words that carry the name, folded: "Bangalore Urban" -> ["bengaluru"]. */
function significantWords(text: string): string[] {
  return placeWords(text)
    .map(fold)
    .filter((w) => !GENERIC.has(w) && !/^\d+$/.test(w) && w.length > 1);
}

/** Optimal string alignment distance (a transposition counts as one edit), capped for speed. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i += 1) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j += 1) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const prev = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? cap + 1;
}

function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 5) return false;
  const allowed = shorter >= 9 ? 2 : 1;
  return editDistance(a, b, allowed) <= allowed;
}

/** A name's key and significant words, folded once: the same office names come up order after order. */
const folded = new Map<string, { key: string; words: string[] }>();
/** Enough for every name of the pincodes a store ships to; cleared when full (a city typed many ways). */
const FOLDED_NAMES_KEPT = 20_000;

function foldedName(name: string): { key: string; words: string[] } {
  let result = folded.get(name);
  if (result === undefined) {
    if (folded.size >= FOLDED_NAMES_KEPT) folded.clear();
    result = { key: placeKey(name), words: significantWords(name) };
    folded.set(name, result);
  }
  return result;
}

export interface PlaceCandidates {
  /** District, sub-district and post office names of the pincode. */
  names: readonly string[];
  districts: readonly string[];
  /** The pincode's states, as iCarry codes. */
  states: readonly string[];
}

/**
 * Whether the city a customer typed fits the pincode's names: the same name (after folding
 * spellings), one name's words inside the other's ("Delhi" in "Central Delhi", "Bengaluru" in
 * "Bengaluru Urban"), a one-letter typo, or a metro whose pincodes sit in a neighbouring district.
 */
export function cityMatches(city: string, place: PlaceCandidates): boolean {
  const { key, words: cityWords } = foldedName(city);
  if (key === '') return false;
  for (const name of place.names) {
    const candidate = foldedName(name);
    if (candidate.key === key) return true;
    if (sameWord(candidate.key, key)) return true;
    if (cityWords.length > 0 && cityWords.every((w) => candidate.words.some((c) => sameWord(w, c)))) return true;
    if (candidate.words.length > 0 && candidate.words.every((c) => cityWords.some((w) => sameWord(w, c)))) return true;
  }
  const metro = METRO_DISTRICTS[key];
  if (metro) {
    const districtKeys = place.districts.map(placeKey);
    for (const district of metro) {
      if (district.startsWith('*') && place.states.includes(district.slice(1))) return true;
      if (districtKeys.includes(district)) return true;
    }
  }
  return false;
}
