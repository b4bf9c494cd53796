import { basename, extname } from 'node:path';
import type { Issue } from './record/schema.js';

export type Stage = 'load' | 'rasterise' | 'preprocess' | 'layout' | 'ocr' | 'normalise' | 'classify' | 'segment' | 'extract' | 'repair' | 'validate' | 'restore' | 'write';

/** What a stage noticed, tied to a table cell where it concerns one. */
export interface Message extends Issue {
  stage: Stage;
  /** 1-based line of the input the message concerns, where known. */
  line: number | null;
}

export interface Where {
  table?: string | null;
  no?: number | null;
  field?: string | null;
  line?: number | null;
}

/**
 * The document as it travels through the stages: where it came from, and everything each stage
 * noticed (the way unified's VFile collects messages). Stages never throw for doubtful content;
 * they report here and carry on.
 */
export class DocumentContext {
  readonly path: string;
  readonly stem: string;
  readonly messages: Message[] = [];
  readonly timings: Partial<Record<Stage, number>> = {};
  /** The stage now running, so messages are attributed without each call naming it. */
  stage: Stage = 'load';

  constructor(path: string) {
    this.path = path;
    this.stem = basename(path, extname(path));
  }

  /** A fresh context for running later stages again, keeping what the earlier stages noticed. */
  restartFrom(stage: Stage): DocumentContext {
    const order: Stage[] = ['load', 'rasterise', 'preprocess', 'layout', 'ocr', 'normalise', 'classify', 'segment', 'extract', 'repair', 'validate', 'restore', 'write'];
    const earlier = new Set(order.slice(0, order.indexOf(stage)));
    const next = new DocumentContext(this.path);
    next.messages.push(...this.messages.filter((m) => earlier.has(m.stage)));
    Object.assign(next.timings, this.timings);
    return next;
  }

  /** A context for trying one way of reading, whose messages are kept only if that way is chosen. */
  fork(): DocumentContext {
    const trial = new DocumentContext(this.path);
    trial.stage = this.stage;
    return trial;
  }

  /** Keeps what a trial noticed, and passes on what it made. */
  adopt<T>(trial: DocumentContext, result: T): T {
    this.messages.push(...trial.messages);
    return result;
  }

  info(code: string, message: string, where: Where = {}): void {
    this.add('info', code, message, where);
  }

  warn(code: string, message: string, where: Where = {}): void {
    this.add('warning', code, message, where);
  }

  error(code: string, message: string, where: Where = {}): void {
    this.add('error', code, message, where);
  }

  /** Runs one stage, timing it and attributing its messages. */
  run<T>(stage: Stage, work: () => T): T {
    this.stage = stage;
    const started = performance.now();
    const done = () => (this.timings[stage] = (this.timings[stage] ?? 0) + performance.now() - started);
    let result: T;
    try {
      result = work();
    } catch (error) {
      done();
      throw error;
    }
    if (result instanceof Promise) return result.finally(done) as T;
    done();
    return result;
  }

  private add(severity: Message['severity'], code: string, message: string, where: Where): void {
    this.messages.push({
      severity,
      code,
      stage: this.stage,
      table: where.table ?? null,
      no: where.no ?? null,
      field: where.field ?? null,
      line: where.line ?? null,
      message,
    });
  }
}
