import { z } from 'zod';
import { loadLangData } from './langData.js';

/**
 * The closed lists of the Decree 30 letterhead (lang-data/letterhead.json) and the country's
 * places (lang-data/places.json: provinces first, then districts, towns and cities): the letterhead
 * stage reads its fields by them, and restoration mends the bodies' names it finds misread in the text.
 */
const Names = z.array(z.string().trim().min(1)).min(1);
const LetterheadData = z.object({
  mottos: Names,
  markedWords: Names,
  documentTypes: Names,
  authorityPrefixes: z.array(z.string().regex(/^[A-Z]+$/)).min(1),
  titles: Names,
  collectives: Names,
  bodies: Names,
  levels: Names,
  acronyms: Names,
  symbolParts: Names,
});
const Places = z.object({ provinces: Names, districts: Names });
export type LetterheadData = z.infer<typeof LetterheadData> & { places: string[] };

let cached: LetterheadData | undefined;
export function letterheadData(): LetterheadData {
  if (!cached) {
    const { provinces, districts } = loadLangData('places.json', Places);
    cached = { ...loadLangData('letterhead.json', LetterheadData), places: [...provinces, ...districts] };
  }
  return cached;
}
