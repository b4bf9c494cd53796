import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { exportDataset, runBatch, type Manifest } from '../src/index.js';
import { scratchDir } from './scratch.js';

// the first test OCRs both sample scans: about a minute alone, several on a loaded machine
const BATCH_TIMEOUT = 300_000;

function byNameIn(out: string, name: string) {
  const manifest = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as Manifest;
  return manifest.inputs.find((e) => e.input.endsWith(name))!;
}

describe('batch', () => {
  it('keeps a manifest, names bad inputs in it, and resumes without doing work again', async () => {
    const dir = scratchDir('digitise-batch-');
    const inputs = join(dir, 'in');
    mkdirSync(join(inputs, 'q3'), { recursive: true });
    copyFileSync('samples/2018-Q1.txt', join(inputs, '2018-Q1.txt'));
    copyFileSync('samples/2018-Q3.txt', join(inputs, 'q3', '2018-Q3.txt'));
    copyFileSync('samples/2018-Q3.scan.pdf', join(inputs, 'q3', 'scan.pdf'));
    writeFileSync(join(inputs, 'corrupt.pdf'), '%PDF-1.4\ntruncated');
    // a blank page: a readable image, but no dispatch on it
    await sharp({ create: { width: 600, height: 800, channels: 3, background: '#ffffff' } }).png().toFile(join(inputs, 'blank.png'));
    const out = join(dir, 'out');

    const first = await runBatch([inputs], out);
    expect(first.results.map((r) => [r.input.slice(inputs.length + 1), r.outcome])).toEqual([
      ['2018-Q1.txt', 'digitised'],
      ['blank.png', 'failed'],
      ['corrupt.pdf', 'failed'],
      ['q3/2018-Q3.txt', 'digitised'],
      ['q3/scan.pdf', 'digitised'],
    ]);
    expect(byNameIn(out, 'scan.pdf')).toMatchObject({ status: 'ok', pages: 6, tables: 4 });
    const byName = (name: string) => byNameIn(out, name);
    expect(byName('blank.png').error!.code).toBe('E_NOT_DISPATCH');
    expect(byName('corrupt.pdf').error!.code).toBe('E_CORRUPT');
    expect(byName('2018-Q1.txt')).toMatchObject({ status: 'ok', tables: 4, stem: '2018-Q1' });
    expect(byName('2018-Q1.txt').hash).toMatch(/^[0-9a-f]{64}$/);
    const csvLines = readFileSync(join(out, 'index.csv'), 'utf8').split('\n');
    expect(csvLines[0]).toBe('input,hash,status,kind,documentType,number,issuedOn,issuer,subject,signer,pages,tables,cells,errors,warnings,infos,seconds,error');
    // the folder is a register: Q1/2018's number, date, issuer, subject and signer as its letterhead prints them
    expect(byName('2018-Q1.txt').register).toEqual({
      kind: 'it-usage',
      documentType: 'công văn',
      number: '2999/UBND-KGVX',
      issuedOn: '2018-04-17',
      issuer: 'Ủy ban nhân dân tỉnh Đắk Lắk',
      subject: 'kết quả ứng dụng công nghệ thông tin trong công tác hành chính Quý I/2018 (Chỉ thị số 11/CT-UBND ngày 11/8/2017)',
      signer: 'Nguyễn Tuấn Hà',
      restored: [],
    });
    expect(csvLines.find((l) => l.startsWith(`${join(inputs, '2018-Q1.txt')},`))).toContain(',it-usage,công văn,2999/UBND-KGVX,2018-04-17,Ủy ban nhân dân tỉnh Đắk Lắk,');
    // Q3/2018 as an English model garbled it: its subject is legible only restored, and says so
    expect(byName('q3/2018-Q3.txt').register).toMatchObject({ number: null, issuedOn: '2018-10-11', signer: 'Nguyễn Tuấn Hà', restored: ['subject'] });
    expect(byName('corrupt.pdf').register).toBeNull();

    // an interrupted write leaves a temporary file at most; the next run clears it
    writeFileSync(join(out, '.2018-Q1.json.1a2b3c4d.tmp'), '{"document":');
    const again = await runBatch([inputs], out);
    // nothing is digitised again, so no OCR runs: the scan is current
    expect(again.results.map((r) => r.outcome)).toEqual(['current', 'failed', 'failed', 'current', 'current']);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // a changed input is digitised again; --force redoes everything
    writeFileSync(join(inputs, '2018-Q1.txt'), readFileSync('samples/2018-Q1.txt', 'utf8') + '\n');
    expect((await runBatch([inputs], out)).results[0]!.outcome).toBe('digitised');
    expect((await runBatch([join(inputs, 'q3')], out, { force: true })).results[0]!.outcome).toBe('digitised');
  }, BATCH_TIMEOUT);

  it('takes glob patterns, and several documents at once', async () => {
    const dir = scratchDir('digitise-batch-');
    mkdirSync(join(dir, 'in', '2018'), { recursive: true });
    copyFileSync('samples/2018-Q1.txt', join(dir, 'in', '2018', 'q1.txt'));
    copyFileSync('samples/2018-Q3.txt', join(dir, 'in', '2018', 'q3.txt'));
    writeFileSync(join(dir, 'in', 'notes.md'), 'not a dispatch');
    const { results } = await runBatch([join(dir, 'in', '**', '*.txt')], join(dir, 'out'), { jobs: 2 });
    expect(results.map((r) => [r.input.slice(dir.length + 1), r.status])).toEqual([
      ['in/2018/q1.txt', 'ok'],
      ['in/2018/q3.txt', 'ok'],
    ]);
    await expect(runBatch(['samples'], join(dir, 'out'), { jobs: 0 })).rejects.toThrow(/--jobs/);
  }, BATCH_TIMEOUT);

  it('keeps two inputs of one name apart', async () => {
    const dir = scratchDir('digitise-batch-');
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    copyFileSync('samples/2018-Q1.txt', join(dir, 'a', 'report.txt'));
    copyFileSync('samples/2018-Q3.txt', join(dir, 'b', 'report.txt'));
    const { results } = await runBatch([join(dir, 'a'), join(dir, 'b')], join(dir, 'out'));
    expect(results[0]!.stem).toBe('report');
    expect(results[1]!.stem).toMatch(/^report\.[0-9a-f]{8}$/);
  }, BATCH_TIMEOUT);

  it('gives same-named inputs in any number of folders, identical or not, each its own outputs', async () => {
    const dir = scratchDir('digitise-batch-');
    const folders = ['a', 'b', 'c'].map((f) => join(dir, f));
    for (const folder of folders) {
      mkdirSync(folder);
      copyFileSync('samples/2018-Q1.txt', join(folder, '2018-Q1.txt'));
    }
    const out = join(dir, 'out');
    const { results } = await runBatch(folders, out);
    const stems = results.map((r) => r.stem!);
    expect(new Set(stems).size).toBe(3);
    for (const stem of stems) expect(JSON.parse(readFileSync(join(out, `${stem}.json`), 'utf8')).tables.idesk).toHaveLength(34);
    const manifest = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as Manifest;
    expect(manifest.inputs.map((e) => [e.status, e.stem])).toEqual(stems.map((stem) => ['ok', stem]));
    // and a second run finds each current under its own stem
    expect((await runBatch(folders, out)).results.map((r) => [r.outcome, r.stem])).toEqual(stems.map((stem) => ['current', stem]));
  }, BATCH_TIMEOUT);

  it('does an input again when one of its outputs was changed or cut short since', async () => {
    const dir = scratchDir('digitise-batch-');
    const out = join(dir, 'out');
    await runBatch(['samples/2018-Q1.txt'], out);
    const record = join(out, '2018-Q1.json');
    const whole = readFileSync(record, 'utf8');
    writeFileSync(record, whole.slice(0, 100));
    expect((await runBatch(['samples/2018-Q1.txt'], out)).results[0]!.outcome).toBe('digitised');
    expect(readFileSync(record, 'utf8')).toBe(whole);
    writeFileSync(join(out, '2018-Q1.idesk.csv'), 'no,unit\n');
    expect((await runBatch(['samples/2018-Q1.txt'], out)).results[0]!.outcome).toBe('digitised');
    expect((await runBatch(['samples/2018-Q1.txt'], out)).results[0]!.outcome).toBe('current');
  }, BATCH_TIMEOUT);

  it('fails an input whose outputs cannot be written with E_WRITE, naming both, and goes on', async () => {
    const dir = scratchDir('digitise-batch-');
    const out = join(dir, 'out');
    // a folder now where one input's record went: that input cannot be written again, the other can
    await runBatch(['samples/2018-Q1.txt', 'samples/2018-Q3.txt'], out);
    rmSync(join(out, '2018-Q1.json'));
    mkdirSync(join(out, '2018-Q1.json'));
    const partly = await runBatch(['samples/2018-Q1.txt', 'samples/2018-Q3.txt'], out, { force: true });
    expect(partly.results.map((r) => [r.status, r.error?.code ?? null])).toEqual([
      ['failed', 'E_WRITE'],
      ['ok', null],
    ]);
    expect(partly.results[0]!.error!.message).toContain('samples/2018-Q1.txt');
    expect(partly.results[0]!.error!.message).toContain(join(out, '2018-Q1.json'));
    expect(partly.manifestError).toBeNull();
    expect(byNameIn(out, '2018-Q3.txt').status).toBe('ok');
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // an output folder that cannot be made (its parent is a file): every input fails, none stops the others
    writeFileSync(join(dir, 'file'), '');
    const none = await runBatch(['samples/2018-Q1.txt', 'samples/2018-Q3.txt'], join(dir, 'file', 'out'));
    expect(none.results.map((r) => r.error?.code)).toEqual(['E_WRITE', 'E_WRITE']);
    expect(none.manifestError).toMatch(/cannot write/);
  }, BATCH_TIMEOUT);

  it('names a path that is not there E_READ, and refuses a pattern that matches nothing', async () => {
    const dir = scratchDir('digitise-batch-');
    const { results } = await runBatch([join(dir, 'scans-2019'), 'samples/2018-Q1.txt'], join(dir, 'out'));
    expect(results[0]!.error).toEqual({ code: 'E_READ', message: `${join(dir, 'scans-2019')}: no such file or folder` });
    expect(results[1]!.status).toBe('ok');
    await expect(runBatch([join(dir, '*.pdf')], join(dir, 'out'))).rejects.toMatchObject({ code: 'E_ARGS' });
  }, BATCH_TIMEOUT);

  it("never replaces a file of the user's in the output folder, nor an earlier run's outputs of another input", async () => {
    const dir = scratchDir('digitise-batch-');
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, '2018-Q1.json'), '{"mine": true}\n');
    const first = await runBatch(['samples/2018-Q1.txt'], out);
    expect(first.results[0]!.stem).toMatch(/^2018-Q1\.[0-9a-f]{8}$/);
    expect(readFileSync(join(out, '2018-Q1.json'), 'utf8')).toBe('{"mine": true}\n');
    // a later run of another file of the same name keeps off the first one's outputs
    mkdirSync(join(dir, 'later'));
    copyFileSync('samples/2018-Q3.txt', join(dir, 'later', '2018-Q1.txt'));
    const later = await runBatch([join(dir, 'later', '2018-Q1.txt')], out);
    expect(later.results[0]!.stem).not.toBe(first.results[0]!.stem);
    expect((await runBatch(['samples/2018-Q1.txt'], out)).results[0]).toMatchObject({ outcome: 'current', stem: first.results[0]!.stem });
  }, BATCH_TIMEOUT);

  it('never writes over an input, even one in the output folder', async () => {
    const dir = scratchDir('digitise-batch-');
    const input = join(dir, '2018-Q1.txt');
    copyFileSync('samples/2018-Q1.txt', input);
    const before = readFileSync(input, 'utf8');
    const { results } = await runBatch([input], dir);
    expect(results[0]).toMatchObject({ status: 'ok', stem: expect.stringMatching(/^2018-Q1\.[0-9a-f]{8}$/) });
    expect(readFileSync(input, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toContain(`${results[0]!.stem}.txt`);
    // run again: the input is current, and still untouched
    const again = await runBatch([input], dir);
    expect(again.results[0]).toMatchObject({ outcome: 'current', stem: results[0]!.stem });
    expect(readFileSync(input, 'utf8')).toBe(before);
  }, BATCH_TIMEOUT);
});

describe('export', () => {
  it('writes one row per figure, and follows a unit across quarters', async () => {
    const dir = scratchDir('digitise-export-');
    await runBatch(['samples/2018-Q1.txt', 'samples/2018-Q3.txt'], join(dir, 'out'));
    const to = join(dir, 'dataset.csv');
    const { rows, records, warnings } = await exportDataset([join(dir, 'out')], to);
    expect(records).toBe(2);
    expect(warnings).toEqual([]);
    const lines = readFileSync(to, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('year,quarter,table,no,unitId,unit,metric,value,source,page');
    expect(lines).toHaveLength(rows + 1);
    const justice = lines.filter((l) => l.includes(',so-tu-phap,') && l.includes(',idesk,'));
    // Sở Tư pháp in Phụ lục 1: Q1/2018 row 14 "212 944"; Q3/2018 row 24 "426 1049"
    expect(justice.map((l) => l.split(',').slice(0, 8).join(','))).toEqual([
      '2018,1,idesk,14,so-tu-phap,Sở Tư pháp,sent,212',
      '2018,1,idesk,14,so-tu-phap,Sở Tư pháp,received,944',
      '2018,3,idesk,24,so-tu-phap,Sở Tư pháp,sent,426',
      '2018,3,idesk,24,so-tu-phap,Sở Tư pháp,received,1049',
    ]);
  }, BATCH_TIMEOUT);

  it('warns when two inputs claim the same quarter', async () => {
    const dir = scratchDir('digitise-export-');
    copyFileSync('samples/2018-Q1.txt', join(dir, 'copy-of-q1.txt'));
    await runBatch(['samples/2018-Q1.txt', join(dir, 'copy-of-q1.txt')], join(dir, 'out'));
    const { warnings } = await exportDataset([join(dir, 'out')], join(dir, 'dataset.csv'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('2018-Q1');
  }, BATCH_TIMEOUT);
});
