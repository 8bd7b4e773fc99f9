import { describe, expect, it } from 'vitest';
import { classifyReport, normaliseWords } from './classify-report';

describe('classifyReport', () => {
  it.each([
    ['Flooding on the main road, water rising fast near the bridge', 'flood', 'en'],
    ['La rivière a débordé, tout le quartier est inondé !', 'flood', 'fr'],
    ['Dlo a monte anpil nan katye a, nou bezwen èd', 'flood', 'ht'],
    ['Incendie dans le marché, beaucoup de fumée', 'fire', 'fr'],
    ['Gen yon gwo dife nan mache a', 'fire', 'ht'],
    ['Feu de forêt près du village, les flammes avancent', 'wildfire', 'fr'],
    ['Two people injured, we need an ambulance', 'medical', 'en'],
    ['Plusieurs blessés graves, il faut un médecin', 'medical', 'fr'],
    ['Gen moun ki blese, tanpri voye yon anbilans', 'medical', 'ht'],
    ['Families displaced, they need shelter and tents tonight', 'shelter', 'en'],
    ['Nou pa gen kay, n ap dòmi deyò', 'shelter', 'ht'],
    ['Tranbleman tè a kraze lekòl la', 'earthquake', 'ht'],
    ['Séisme ressenti, les secousses sont fortes à Jacmel', 'earthquake', 'fr'],
    ['Wout la bloke ak pye bwa', 'access', 'ht'],
    ['Route coupée par un glissement de terrain', 'landslide', 'fr'],
    ['My daughter is missing since the storm, cannot find her', 'missing_person', 'en'],
    ['Timoun yo grangou, nou pa gen manje', 'food', 'ht'],
    ['Pas d’eau potable depuis trois jours', 'water', 'fr'],
    ['Looting reported in the market, gunshots heard', 'security', 'en'],
    ['Cas de choléra signalés à l’hôpital', 'epidemic', 'fr'],
  ])('%s → %s (%s)', (text, category, lang) => {
    const result = classifyReport(text);
    expect(result.category).toBe(category);
    expect(result.lang).toBe(lang);
    expect(result.confidence).toBeGreaterThan(0);
  });

  it('returns no category when nothing matches', () => {
    expect(classifyReport('Bonjour, tout va bien ici')).toMatchObject({ category: null, confidence: 0 });
    expect(classifyReport('')).toEqual({ category: null, confidence: 0, lang: null, matched: [] });
  });

  it('gives phrases more weight than the words they contain', () => {
    const result = classifyReport('feu de foret');
    expect(result.category).toBe('wildfire');
    expect(result.matched).toEqual(expect.arrayContaining(['feu', 'feu de foret']));
  });

  it('is more confident with more, unambiguous evidence', () => {
    const weak = classifyReport('some smoke');
    const strong = classifyReport('huge fire, the blaze is burning houses, smoke everywhere');
    expect(strong.confidence).toBeGreaterThan(weak.confidence);
    expect(strong.confidence).toBeLessThanOrEqual(1);
  });

  it('matches whatever the case, accents and punctuation', () => {
    expect(classifyReport('INONDÉ!!! ').category).toBe('flood');
    expect(classifyReport('inonde').category).toBe('flood');
    expect(normaliseWords("L'eau—monte, vite!")).toEqual(['l', 'eau', 'monte', 'vite']);
  });

  it('does not match inside unrelated words', () => {
    // "feu" must not match "feuille", "war" not "toward", "pont" not "pontife".
    expect(classifyReport('Une feuille, toward the pontife').category).toBeNull();
  });

  it('stays fast on a long text', () => {
    const text = 'the river is rising and the road is blocked '.repeat(180);
    const start = performance.now();
    const result = classifyReport(text);
    expect(performance.now() - start).toBeLessThan(100);
    expect(result.category).not.toBeNull();
  });
});
