/**
 * Text forms used for comparison. Everything the program emits is NFC; everything it compares
 * goes through `comparisonForm`, which keeps the characters an English OCR model substitutes
 * for Vietnamese letters (digits, brackets, €) so the confusion costs can judge them.
 */

/** NFC, with the look-alike Eth letters that stand in for Đ/đ turned into the real ones. */
export function nfc(text: string): string {
  return text.normalize('NFC').replace(/\u00D0/g, 'Đ').replace(/\u00F0/g, 'đ');
}

/** No tone or vowel marks, đ → d; case kept, since OCR stand-ins such as "O" for 0 depend on it. */
export function unmark(text: string): string {
  return nfc(text).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** Lower case, no tone or vowel marks, đ → d. */
export function stripMarks(text: string): string {
  return unmark(text).toLowerCase();
}

/** The tone marks NFD writes: grave, acute, tilde and hook above the vowel, the dot below it (ngang has none). */
export const TONE_MARK = /[\u0300\u0301\u0303\u0309\u0323]/u;
const TONE_MARKS = new RegExp(TONE_MARK, 'gu');

/** A syllable's vowels as written, with their shape (circumflex, breve, horn) and no tone: "người" → ư, ơ, i. */
export function vowelsOf(syllable: string): string[] {
  const letters = nfc(syllable).toLowerCase().normalize('NFD').replace(TONE_MARKS, '');
  return [...letters.matchAll(/[aeiouy][\u0302\u0306\u031b]?/gu)].map((m) => m[0].normalize('NFC'));
}

/**
 * The form names and keywords are compared in: marks stripped, apostrophes dropped (M'Đrắk,
 * MĐrắk and M Đrắk are one name), separators turned into single spaces.
 */
export function comparisonForm(text: string): string {
  return stripMarks(text)
    .replace(/['’‘`´"“”]/g, '')
    .replace(/[\s,.;:()\-–—_/\\*~]+/g, ' ')
    // a word of nothing but symbols is a speck or a smudge the engine read ("Sở Y tế ˆ", "Ban Dân tộc |")
    .replace(/(?<=^|\s)[^\p{Ll}\p{Lu}\p{Lt}\p{Lo}\p{N}\s]+(?=\s|$)/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Turns a Vietnamese name into an ASCII slug, for ids. */
export function slug(text: string): string {
  return comparisonForm(text).replace(/&/g, ' ').trim().replace(/\s+/g, '-');
}
