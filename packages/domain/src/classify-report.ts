/**
 * Keyword classifier for free-text reports in French, English and Haitian Creole: what the report is
 * about (a category of the shared vocabulary) and which of the three languages it is written in.
 *
 * Text is normalised (lower case, accents and apostrophes folded, punctuation to spaces) so that
 * "Inondé", "inonde" and "INONDÉ!" match alike. Each category has words (`inond*` matches any word
 * starting with `inond`) and phrases (several words in a row); a phrase weighs more than a word, so
 * "feu de forêt" makes a wildfire rather than a fire. The category with the highest weight wins; ties go
 * to the first in `CATEGORY_ORDER` (specific hazards before generic needs). Every list is searched
 * whatever the language, because reports mix languages freely.
 */
import type { TCategory } from '@vigie/contracts/categories';

export type ReportLanguage = 'fr' | 'en' | 'ht';

export interface ReportClassification {
  /** Best category, or null when no keyword matched. */
  category: TCategory | null;
  /** 0 (no evidence) to 1 (several strong, unambiguous keywords). */
  confidence: number;
  /** Language guessed from function words, or null when unsure. */
  lang: ReportLanguage | null;
  /** Keywords that matched, normalised, for explanations and tests. */
  matched: string[];
}

/** Keywords per category: `word`, `stem*`, or a phrase of several words (each may be a stem). */
const KEYWORDS: Record<Exclude<TCategory, 'other'>, readonly string[]> = {
  tsunami: ['tsunami*', 'raz de maree', 'tidal wave', 'lanm monte', 'lanme a monte'],
  earthquake: [
    'earthquake*',
    'quake*',
    'tremor*',
    'aftershock*',
    'seism*',
    'tremblement de terre',
    'tremblements de terre',
    'replique*',
    'secousse*',
    'tranbleman te',
    'tranblemante',
    'te a tranble',
    'te tranble',
  ],
  volcano: ['volcan*', 'eruption*', 'lava', 'lave volcanique', 'volkan'],
  wildfire: [
    'wildfire*',
    'bushfire*',
    'bush fire',
    'forest fire*',
    'feu de foret',
    'feux de foret',
    'incendie de foret',
    'feu de brousse',
    'feux de brousse',
    'dife nan bwa',
    'dife nan fore',
  ],
  landslide: [
    'landslide*',
    'mudslide*',
    'rockfall*',
    'rock fall',
    'glissement*',
    'glissement de terrain',
    'glissements de terrain',
    'eboulement*',
    'coulee de boue',
    'glisman te',
    'eboulman',
    'te a glise',
  ],
  flood: [
    'flood*',
    'inundat*',
    'submerg*',
    'water rising',
    'overflow*',
    'river burst',
    'inond*',
    'crue*',
    'montee des eaux',
    'deborde*',
    'inondasyon',
    'dlo monte',
    'dlo a monte',
    'dlo anvayi',
    'lavalas',
    'debode',
  ],
  storm: [
    'storm*',
    'hurricane*',
    'cyclone*',
    'typhoon*',
    'tornado*',
    'strong wind*',
    'tempete*',
    'ouragan*',
    'orage*',
    'vent violent*',
    'siklon',
    'tanpet',
    'gwo van',
    'loraj',
  ],
  drought: ['drought*', 'dry spell', 'secheresse*', 'sechres', 'pa gen lapli'],
  epidemic: [
    'cholera',
    'outbreak*',
    'epidemic*',
    'diarrh*',
    'dengue',
    'measles',
    'epidemie*',
    'kolera',
    'epidemi',
    'dyare',
  ],
  conflict: ['clashes', 'fighting', 'war', 'affrontement*', 'combats', 'guerre', 'lage', 'batay'],
  accident: ['accident*', 'crash*', 'collision*', 'overturned', 'renverse*', 'aksidan', 'chavire'],
  fire: [
    'fire',
    'fires',
    'burning',
    'blaze',
    'smoke',
    'incendie*',
    'feu',
    'flammes',
    'fumee',
    'dife',
    'boule',
  ],
  infrastructure: [
    'power outage',
    'no electricity',
    'collapsed',
    'bridge down',
    'effondre*',
    'ecroule*',
    'coupure de courant',
    'pas de courant',
    'pont',
    'pa gen kouran',
    'kouran',
    'elektrisite',
    'pon an kraze',
    'kraze',
  ],
  access: [
    'road blocked',
    'road closed',
    'blocked road',
    'roads blocked',
    'impassable',
    'blocked',
    'cut off',
    'route coupee',
    'route bloquee',
    'routes coupees',
    'impraticable*',
    'inaccessible*',
    'wout la bloke',
    'wout bloke',
    'wout koupe',
    'wout la koupe',
    'bloke',
  ],
  medical: [
    'injur*',
    'wounded',
    'hurt',
    'bleeding',
    'doctor*',
    'ambulance*',
    'unconscious',
    'casualt*',
    'dead',
    'killed',
    'blesse*',
    'medecin*',
    'hopital',
    'saign*',
    'morts',
    'deces',
    'inconscient*',
    'blese',
    'dokte',
    'lopital',
    'anbilans',
    'mouri',
    'senyen',
    'malad',
  ],
  shelter: [
    'shelter*',
    'homeless',
    'evacuat*',
    'displaced',
    'tent',
    'tents',
    'no roof',
    'abri*',
    'sans abri',
    'heberg*',
    'evacu*',
    'deplace*',
    'tente*',
    'pa gen kay',
    'san kay',
    'domi deyo',
    'kay kraze',
    'tant',
  ],
  food: [
    'food',
    'hungry',
    'hunger',
    'starving',
    'nothing to eat',
    'nourriture',
    'faim',
    'rien a manger',
    'vivres',
    'manje',
    'grangou',
  ],
  water: [
    'drinking water',
    'clean water',
    'thirst*',
    'no water',
    'eau potable',
    'soif',
    'pas d eau',
    'manque d eau',
    'dlo potab',
    'dlo pou bwe',
    'swaf',
    'pa gen dlo',
  ],
  missing_person: [
    'missing',
    'disappeared',
    'cannot find',
    'can t find',
    'disparu*',
    'introuvable*',
    'sans nouvelles',
    'disparet',
    'pa jwenn',
  ],
  security: [
    'looting',
    'looter*',
    'robbery',
    'gunshot*',
    'gunfire',
    'shooting',
    'armed men',
    'kidnap*',
    'gang',
    'gangs',
    'pillage*',
    'pille*',
    'coups de feu',
    'enlevement*',
    'hommes armes',
    'bandi',
    'kidnaping',
    'zam',
  ],
};

/** Tie-break order: specific hazards first, then damage, then needs. */
export const CATEGORY_ORDER: readonly Exclude<TCategory, 'other'>[] = [
  'tsunami',
  'earthquake',
  'volcano',
  'wildfire',
  'landslide',
  'flood',
  'storm',
  'drought',
  'epidemic',
  'conflict',
  'accident',
  'fire',
  'missing_person',
  'medical',
  'security',
  'infrastructure',
  'access',
  'shelter',
  'water',
  'food',
];

/** Function words that tell the three languages apart (words they share are left out). */
const LANGUAGE_WORDS: Record<ReportLanguage, readonly string[]> = {
  fr: [
    'le',
    'les',
    'des',
    'du',
    'de',
    'un',
    'une',
    'est',
    'et',
    'il',
    'elle',
    'nous',
    'vous',
    'ils',
    'sont',
    'dans',
    'sur',
    'avec',
    'mais',
    'au',
    'aux',
    'ce',
    'cette',
    'qui',
    'que',
    'ne',
    'notre',
    'tres',
    'rue',
    'eau',
    'aide',
    'besoin',
    'maison',
    'ont',
    'plus',
    'personnes',
    'enfants',
    'c',
    'j',
    'l',
    'd',
    'qu',
  ],
  en: [
    'the',
    'is',
    'are',
    'and',
    'we',
    'you',
    'they',
    'in',
    'on',
    'of',
    'to',
    'for',
    'with',
    'there',
    'our',
    'please',
    'help',
    'need',
    'no',
    'not',
    'it',
    'this',
    'has',
    'have',
    'was',
    'people',
    'children',
    'water',
    'house',
    'street',
    'at',
    'from',
    'near',
  ],
  ht: [
    'mwen',
    'nou',
    'yo',
    'li',
    'gen',
    'pa',
    'ki',
    'nan',
    'sou',
    'se',
    'ak',
    'tanpri',
    'kounye',
    'lakay',
    'bezwen',
    'moun',
    'anpil',
    'tout',
    'te',
    'ap',
    'pral',
    'sa',
    'kote',
    'dlo',
    'kay',
    'pitit',
    'fanmi',
    'genyen',
    'paske',
    'men',
    'timoun',
    'lari',
    'isit',
    'yon',
    'konsa',
    'bay',
    'fe',
  ],
};

interface Keyword {
  category: Exclude<TCategory, 'other'>;
  text: string;
  /** Words of the keyword; a word ending with `*` is a prefix. */
  words: string[];
  weight: number;
}

const COMPILED: Keyword[] = Object.entries(KEYWORDS).flatMap(([category, list]) =>
  list.map((text) => {
    const words = text.split(' ');
    return {
      category: category as Exclude<TCategory, 'other'>,
      text,
      words,
      weight: words.length > 1 ? 2 + words.length / 2 : 1,
    };
  }),
);

/**
 * Keywords indexed by their first word: exact first words by the word, stems by their first three
 * letters (every stem has at least three), so each word of a report probes two maps.
 */
const BY_FIRST_WORD = new Map<string, Keyword[]>();
const BY_STEM_HEAD = new Map<string, Keyword[]>();
for (const keyword of COMPILED) {
  const first = keyword.words[0]!;
  const [map, key] = first.endsWith('*') ? [BY_STEM_HEAD, first.slice(0, 3)] : [BY_FIRST_WORD, first];
  const list = map.get(key) ?? [];
  list.push(keyword);
  map.set(key, list);
}

const LANGUAGE_SETS = Object.fromEntries(
  (Object.keys(LANGUAGE_WORDS) as ReportLanguage[]).map((lang) => {
    const others = (Object.keys(LANGUAGE_WORDS) as ReportLanguage[]).filter((l) => l !== lang);
    const own = LANGUAGE_WORDS[lang].filter((w) => !others.some((o) => LANGUAGE_WORDS[o].includes(w)));
    return [lang, new Set(own)];
  }),
) as Record<ReportLanguage, Set<string>>;

/** Lower case, accents folded, apostrophes and punctuation to spaces; returns the words. */
export function normaliseWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

function wordMatches(pattern: string, word: string): boolean {
  return pattern.endsWith('*') ? word.startsWith(pattern.slice(0, -1)) : word === pattern;
}

function matchesAt(keyword: Keyword, words: readonly string[], at: number): boolean {
  if (at + keyword.words.length > words.length) return false;
  for (let k = 0; k < keyword.words.length; k++) {
    if (!wordMatches(keyword.words[k]!, words[at + k]!)) return false;
  }
  return true;
}

function guessLanguage(words: readonly string[]): ReportLanguage | null {
  const counts: Record<ReportLanguage, number> = { fr: 0, en: 0, ht: 0 };
  for (const word of words) {
    for (const lang of ['fr', 'en', 'ht'] as const) if (LANGUAGE_SETS[lang].has(word)) counts[lang]++;
  }
  const ranked = (Object.entries(counts) as [ReportLanguage, number][]).sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (first === undefined || first[1] === 0) return null;
  if (second !== undefined && first[1] === second[1]) return null;
  return first[0];
}

export function classifyReport(text: string): ReportClassification {
  const words = normaliseWords(text);
  const weights = new Map<Exclude<TCategory, 'other'>, number>();
  const matched: string[] = [];
  for (let at = 0; at < words.length; at++) {
    const word = words[at]!;
    for (const candidates of [BY_FIRST_WORD.get(word), BY_STEM_HEAD.get(word.slice(0, 3))]) {
      for (const keyword of candidates ?? []) {
        if (!matchesAt(keyword, words, at)) continue;
        weights.set(keyword.category, (weights.get(keyword.category) ?? 0) + keyword.weight);
        matched.push(keyword.text);
      }
    }
  }
  // A phrase also matches its own words ("feu de foret" contains "feu"): the phrase outweighs them.
  let best: Exclude<TCategory, 'other'> | null = null;
  let top = 0;
  let second = 0;
  for (const category of CATEGORY_ORDER) {
    const weight = weights.get(category) ?? 0;
    if (weight > top) {
      second = top;
      top = weight;
      best = category;
    } else if (weight > second) second = weight;
  }
  const confidence = best === null ? 0 : Math.min(1, top / 3) * (top / (top + second));
  return {
    category: best,
    confidence: Math.round(confidence * 100) / 100,
    lang: guessLanguage(words),
    matched,
  };
}
