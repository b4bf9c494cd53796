/** Translation catalogues (GNU .mo), read by build-syllables.ts and by the restoration bench. */

/** Catalogues kept out of the counts for the restoration bench (test/bench-restore.ts reads them). */
export const HELD_OUT = ['coreutils.mo', 'tar.mo', 'wget.mo', 'sd.mo'];

/** The translations (msgstr) of a GNU .mo catalogue. */
export function catalogueTexts(bytes: Buffer): string[] {
  const little = bytes.readUInt32LE(0) === 0x950412de;
  const u32 = (at: number) => (little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const [count, translations] = [u32(8), u32(16)];
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const [length, offset] = [u32(translations + 8 * i), u32(translations + 8 * i + 4)];
    // plural forms are separated by NUL
    texts.push(...bytes.toString('utf8', offset, offset + length).split('\0'));
  }
  return texts;
}

