/**
 * Social posts, SMS and messages of the Haiti scenario, in French, Haitian Creole and English, as
 * people in the affected towns would write them after the earthquake and during the storm. Some carry
 * personal data (phone numbers, e-mail addresses, names) on purpose: the processor must mask them.
 * The category is what the template is about; it is not sent (enrichment infers it).
 */
import type { TCategory } from '@vigie/contracts/categories';
import type { Prng } from './prng';

export type PostLanguage = 'fr' | 'ht' | 'en';

export interface PostTemplate {
  readonly lang: PostLanguage;
  readonly category: TCategory;
  /** Placeholders: {town} {town2} {road} {river} {quarter} {n} {name} {phone} {email}. */
  readonly text: string;
  /** How often, relative to the other templates of its category (default 1). */
  readonly weight?: number;
}

export const postTemplates: readonly PostTemplate[] = [
  // French
  {
    lang: 'fr',
    category: 'earthquake',
    text: "Effondrement de l'église {quarter} à {town}, plusieurs personnes sous les décombres. On a besoin de bras et de matériel.",
  },
  {
    lang: 'fr',
    category: 'infrastructure',
    text: "Séisme : l'école nationale de {town} est à terre. Les enfants ont été évacués mais des maisons sont fissurées partout.",
  },
  {
    lang: 'fr',
    category: 'water',
    text: "Besoin urgent d'eau potable à {town}, les citernes sont vides depuis deux jours.",
  },
  {
    lang: 'fr',
    category: 'medical',
    text: "L'hôpital de {town} déborde, des blessés attendent dehors sous la pluie. Il faut des médecins et des antibiotiques.",
  },
  {
    lang: 'fr',
    category: 'access',
    text: 'La {road} est coupée entre {town} et {town2} : glissement de terrain, impossible de passer en camion.',
  },
  {
    lang: 'fr',
    category: 'flood',
    text: "La {river} monte très vite à {town}, l'eau entre dans les maisons {quarter}.",
  },
  {
    lang: 'fr',
    category: 'shelter',
    text: "{n} familles dorment dehors à {town} depuis le séisme, il faut des bâches et des kits d'hygiène.",
  },
  {
    lang: 'fr',
    category: 'missing_person',
    text: 'Je suis {name}, ma mère est bloquée sous sa maison à {town}. Appelez-moi au {phone} svp !',
  },
  {
    lang: 'fr',
    category: 'food',
    text: 'Pour coordonner la distribution à {town}, contactez {name} au {phone} ou par mail {email}.',
  },
  {
    lang: 'fr',
    category: 'earthquake',
    text: 'Nouvelle réplique ressentie à {town} il y a quelques minutes, les gens ont peur de rentrer chez eux.',
  },
  {
    lang: 'fr',
    category: 'food',
    text: 'Plus de nourriture au marché de {town}, les prix ont triplé depuis samedi.',
  },
  {
    lang: 'fr',
    category: 'landslide',
    text: 'Éboulement sur la {road} après {town}, deux motos emportées. Prudence !',
  },
  // Haitian Creole
  {
    lang: 'ht',
    category: 'earthquake',
    text: 'Kay yo tonbe {quarter} nan {town}, gen moun anba dekonb yo toujou. Nou bezwen èd kounye a!',
  },
  { lang: 'ht', category: 'water', text: 'Pa gen dlo potab nan {town} depi de jou, timoun yo ap soufri.' },
  {
    lang: 'ht',
    category: 'flood',
    text: 'Larivyè a ap monte anpil {quarter} nan {town}, dlo a rive nan jenou, moun yo ap kouri.',
  },
  {
    lang: 'ht',
    category: 'access',
    text: 'Wout la bloke ant {town} ak {town2}, gen gwo wòch sou {road} la, kamyon pa ka pase.',
  },
  {
    lang: 'ht',
    category: 'medical',
    text: 'Nou gen anpil blese grav isit la nan {town}, lopital la plen nèt. Nou bezwen doktè!',
  },
  {
    lang: 'ht',
    category: 'shelter',
    text: 'Nou dòmi deyò depi tranblemanntè a nan {town}, nou bezwen bach ak manje.',
  },
  {
    lang: 'ht',
    category: 'missing_person',
    text: 'Se {name} k ap pale, manman m bloke anba kay la nan {town}. Rele m nan {phone} tanpri!',
  },
  { lang: 'ht', category: 'food', text: 'Si w ka pote manje pou timoun yo nan {town}, rele nan {phone}.' },
  { lang: 'ht', category: 'earthquake', text: 'Tè a tranble ankò nan {town}, moun pa vle antre lakay yo.' },
  {
    lang: 'ht',
    category: 'infrastructure',
    text: 'Legliz la kraze nèt nan {town}, {n} moun mouri dapre sa vwazen yo di.',
    // Counts of the dead read as casualty reports: days after the earthquake, few people still post them.
    weight: 0.1,
  },
  {
    lang: 'ht',
    category: 'water',
    text: 'Ekri nou nan {email} pou nou kowòdone distribisyon dlo nan {town}.',
  },
  { lang: 'ht', category: 'flood', text: 'Gwo lapli a fè {river} debòde bò {town}, pon an anba dlo.' },
  // English
  {
    lang: 'en',
    category: 'earthquake',
    text: 'Collapsed school in {town}, children may be trapped, search and rescue needed ASAP.',
  },
  {
    lang: 'en',
    category: 'infrastructure',
    text: 'Bridge on {road} near {town} badly cracked, trucks should not cross.',
  },
  {
    lang: 'en',
    category: 'medical',
    text: 'Clinic in {town} is running out of supplies (gauze, antibiotics, IV fluids). Contact {email}.',
  },
  {
    lang: 'en',
    category: 'earthquake',
    text: 'Strong aftershock just now in {town}, people panicking in the streets.',
  },
  {
    lang: 'en',
    category: 'flood',
    text: 'Water rising fast on the {river} at {town}, houses {quarter} flooded.',
  },
  {
    lang: 'en',
    category: 'shelter',
    text: '{n} families sleeping outside in {town}, tarps and hygiene kits needed.',
  },
  {
    lang: 'en',
    category: 'missing_person',
    text: 'My name is {name}, my brother is missing in {town}. Please call {phone} if you have news.',
  },
  {
    lang: 'en',
    category: 'access',
    text: 'Road between {town} and {town2} reopened for 4x4 only, big trucks still blocked.',
  },
  {
    lang: 'en',
    category: 'epidemic',
    text: 'No clean water in {town} for 48h, the risk of cholera is real.',
  },
];

const quarters: Record<PostLanguage, readonly string[]> = {
  fr: [
    'près du marché',
    "à côté de l'église",
    'près du wharf',
    'du quartier de la ravine',
    'derrière la place',
  ],
  ht: ['bò mache a', 'kote legliz la', 'bò waf la', 'nan ravin nan', 'dèyè plas la'],
  en: ['near the market', 'by the church', 'near the wharf', 'along the ravine', 'behind the square'],
};

const names = [
  'Jean-Baptiste Pierre',
  'Marie-Claude Joseph',
  'Wilner Louis',
  'Rose-Mina Charles',
  'Jacques Étienne',
  'Nadège Saint-Fleur',
  'Frantz Dorsainvil',
  'Guerda Alexis',
  'Ricardo Jean',
  'Mirlande Célestin',
];

const handles = [
  'kayes_enfo',
  'jeremi_lakay',
  'nippes_alert',
  'radyo_sid',
  'ti_jak_509',
  'grandans_news',
  'volontaire_sud',
  'manmanrose',
  'lasile_kominote',
  'aid_watch_ht',
];

function phoneNumber(prng: Prng): string {
  const digits = `${prng.pick(['3', '4', '3', '4', '5'])}${prng.int(1_000_000, 9_999_999)}`;
  const a = digits.slice(0, 4);
  const b = digits.slice(4);
  return prng.pick([`+509 ${a} ${b}`, `+509-${a}-${b}`, `${a} ${b}`, `(509) ${a}-${b}`, `509${digits}`]);
}

function emailAddress(prng: Prng, name: string): string {
  const plain = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.');
  return prng.pick([
    `${plain}@gmail.com`,
    `${plain.replace('.', '')}${prng.int(10, 99)}@yahoo.fr`,
    `contact@sante-${prng.pick(['sud', 'nippes', 'grandanse'])}.org`,
    `${plain}@hotmail.com`,
  ]);
}

export interface PostContext {
  town: string;
  otherTown: string;
  road: string;
  river: string | undefined;
}

export interface ComposedPost {
  text: string;
  lang: PostLanguage;
  category: TCategory;
  /** True when the text holds a phone number, an e-mail address or a person's name. */
  hasPersonalData: boolean;
  author: string;
}

/** Writes one post: a template chosen by weight (flood weights are raised by the storm), filled in. */
export function composePost(
  prng: Prng,
  context: PostContext,
  weights: Partial<Record<TCategory, number>>,
): ComposedPost {
  const lang = prng.weighted<PostLanguage>([
    ['ht', 0.42],
    ['fr', 0.38],
    ['en', 0.2],
  ]);
  const candidates = postTemplates.filter(
    (t) => t.lang === lang && (context.river !== undefined || !t.text.includes('{river}')),
  );
  const template = prng.weighted(
    candidates.map((t) => [t, (weights[t.category] ?? 1) * (t.weight ?? 1)] as const),
  );
  const name = prng.pick(names);
  const riverName = context.river ?? (lang === 'ht' ? 'larivyè a' : lang === 'fr' ? 'rivière' : 'river');
  const text = template.text
    .replaceAll('{town}', context.town)
    .replaceAll('{town2}', context.otherTown)
    .replaceAll('{road}', context.road)
    .replaceAll('{river}', riverName)
    .replaceAll('{quarter}', prng.pick(quarters[lang]))
    .replaceAll('{n}', String(prng.int(5, 60)))
    .replaceAll('{name}', name)
    .replaceAll('{phone}', phoneNumber(prng))
    .replaceAll('{email}', emailAddress(prng, name));
  const hasPersonalData = /\{(name|phone|email)\}/.test(template.text);
  return { text, lang, category: template.category, hasPersonalData, author: `@${prng.pick(handles)}` };
}
