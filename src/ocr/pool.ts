import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createWorker, PSM, type Worker } from 'tesseract.js';

export interface OcrBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One word the engine read, with its box in the image it was given. */
export interface OcrWord {
  text: string;
  /** 0–100. */
  confidence: number;
  box: OcrBox;
}

/** One line of text the engine read, as its words, with its box in the image it was given. */
export interface OcrLine {
  box: OcrBox;
  words: OcrWord[];
}

export interface OcrRequest {
  /** PNG bytes. */
  image: Buffer;
  /** Page segmentation: a block of text, one line, or automatic (columns, as on a letterhead). */
  mode: 'block' | 'line' | 'auto';
  /** Only these characters may be read (numeric cells). */
  whitelist?: string;
  /** The image's resolution, which the engine cannot tell from a PNG cut out of a page. */
  dpi: number;
}

const MODES = { block: PSM.SINGLE_BLOCK, line: PSM.SINGLE_LINE, auto: PSM.AUTO } as const;

/**
 * Recycled after this many images: a tesseract worker adapts as it reads and its memory never
 * shrinks, so a long batch would drift and grow otherwise.
 */
const JOBS_PER_WORKER = 400;

const require = createRequire(import.meta.url);

/** The Vietnamese model from the installed @tesseract.js-data/vie package: nothing is downloaded. */
function langPath(): string {
  return join(dirname(require.resolve('@tesseract.js-data/vie/package.json')), '4.0.0_best_int');
}

interface Slot {
  /** Started at its first image: a batch of texts, or of born-digital PDFs, starts none. */
  worker: Promise<Worker> | null;
  queue: Promise<unknown>;
  jobs: number;
  /** Parameters last set on this worker, so they are only sent when they change. */
  params: string;
}

/**
 * A pool of tesseract.js workers, one per core by default, each reading one image at a time.
 * Work is given to the least busy worker; the pool is reused across pages and documents.
 */
export class OcrPool {
  private readonly slots: Slot[];
  private pending: number[];

  constructor(size = Math.max(1, availableParallelism())) {
    this.slots = Array.from({ length: size }, () => ({ worker: null, queue: Promise.resolve(), jobs: 0, params: '' }));
    this.pending = this.slots.map(() => 0);
  }

  get size(): number {
    return this.slots.length;
  }

  recognize(request: OcrRequest): Promise<OcrLine[]> {
    const index = this.pending.indexOf(Math.min(...this.pending));
    const slot = this.slots[index]!;
    this.pending[index]!++;
    const job = slot.queue.then(async () => {
      if (slot.jobs >= JOBS_PER_WORKER) {
        const old = slot.worker!;
        slot.worker = startWorker();
        slot.params = '';
        slot.jobs = 0;
        await (await old).terminate();
      }
      const worker = await (slot.worker ??= startWorker());
      const params = {
        tessedit_pageseg_mode: MODES[request.mode],
        tessedit_char_whitelist: request.whitelist ?? '',
        user_defined_dpi: String(Math.round(request.dpi)),
        // the engine's own notes ("Detected 6 diacritics") would land among the CLI's progress lines
        debug_file: '/dev/null',
      };
      const key = JSON.stringify(params);
      if (slot.params !== key) {
        await worker.setParameters(params);
        slot.params = key;
      }
      slot.jobs++;
      const { data } = await worker.recognize(request.image, {}, { text: false, blocks: true });
      return linesOf(data);
    });
    slot.queue = job.catch(() => undefined).finally(() => this.pending[index]!--);
    return job;
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map(async (slot) => (await slot.worker)?.terminate()));
  }
}

/** A tesseract.js worker with the installed Vietnamese model, as the pool starts them (and as the benches' plain readings do). */
export function startWorker(): Promise<Worker> {
  // cacheMethod 'none': with a local model there is nothing to cache, and a shared cache file breaks parallel runs
  return createWorker('vie', 1, { langPath: langPath(), cacheMethod: 'none', gzip: true });
}

interface Bbox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const boxOf = (b: Bbox): OcrBox => ({ x: b.x0, y: b.y0, width: b.x1 - b.x0, height: b.y1 - b.y0 });

interface EngineWord {
  text: string;
  confidence: number;
  bbox: Bbox;
}

function linesOf(data: { blocks: Array<{ paragraphs: Array<{ lines: Array<{ bbox: Bbox; words: EngineWord[] }> }> }> | null }): OcrLine[] {
  const lines: OcrLine[] = [];
  for (const block of data.blocks ?? [])
    for (const paragraph of block.paragraphs)
      for (const line of paragraph.lines) {
        const words = line.words.flatMap((w) => (w.text.trim() ? [{ text: w.text.trim(), confidence: w.confidence, box: boxOf(w.bbox) }] : []));
        if (words.length > 0) lines.push({ box: boxOf(line.bbox), words });
      }
  return lines;
}
