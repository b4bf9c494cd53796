import { describe, expect, it } from 'vitest';
import { inReadingOrder } from '../src/ocr/columns.js';
import { bestLines, withoutNoise } from '../src/ocr/choose.js';
import { textOf, type Block, type Line, type Word } from '../src/model/index.js';

/**
 * A page's lines as an OCR engine gives them, line across line, each word with its box: a word is
 * 12 px a letter, lines 40 px apart; `at` is where each part of the line starts.
 */
function line(y: number, ...parts: Array<[number, string]>): Line {
  const words: Word[] = [];
  for (const [at, text] of parts) {
    let x = at;
    for (const word of text.split(' ')) {
      words.push({ text: word, gap: words.length === 0 ? '' : ' ', confidence: 90, alternatives: [], box: { page: 1, x, y, width: 12 * word.length, height: 30 }, cell: null });
      x += 12 * word.length + 10;
    }
  }
  return { number: 0, page: 1, text: textOf(words), words };
}

const order = (blocks: Block[]) => inReadingOrder(blocks).flatMap((b) => b.lines.map((l) => l.text));

describe('reading order across columns', () => {
  it('reads a two-column header and foot column by column, and the body across', () => {
    const page: Block[] = [
      {
        kind: 'text',
        lines: [
          line(100, [120, 'UBND TỈNH GIA LAI'], [900, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']),
          line(140, [180, 'VĂN PHÒNG'], [950, 'Độc lập - Tự do - Hạnh phúc']),
          line(190, [150, 'Số: 215/TB-VP'], [960, 'Gia Lai, ngày 21 tháng 9 năm 2022']),
          line(230, [100, 'V/v chuyển đổi số']),
        ],
      },
      // a separate piece of the same band: still the same text
      { kind: 'text', lines: [line(330, [300, 'Kính gửi: các sở, ban, ngành']), line(400, [100, 'Ngày 16 tháng 9 năm 2022, đồng chí Phó Chủ tịch chủ trì cuộc họp về chuyển đổi số'])] },
      { kind: 'text', lines: [line(900, [100, 'Nơi nhận:'], [1000, 'KT. CHÁNH VĂN PHÒNG']), line(940, [100, '- Lưu: VT.'], [980, 'PHÓ CHÁNH VĂN PHÒNG']), line(980, [1050, '(Đã ký)'])] },
    ];
    expect(order(page)).toEqual([
      'UBND TỈNH GIA LAI',
      'VĂN PHÒNG',
      'Số: 215/TB-VP',
      'V/v chuyển đổi số',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Gia Lai, ngày 21 tháng 9 năm 2022',
      'Kính gửi: các sở, ban, ngành',
      'Ngày 16 tháng 9 năm 2022, đồng chí Phó Chủ tịch chủ trì cuộc họp về chuyển đổi số',
      'Nơi nhận:',
      '- Lưu: VT.',
      'KT. CHÁNH VĂN PHÒNG',
      'PHÓ CHÁNH VĂN PHÒNG',
      '(Đã ký)',
    ]);
  });

  it('parts a header\'s first line set close to the motto, where the lines under it stand in each column', () => {
    // the gap between the columns is under twice the words' height, and marks make two words taller
    const first = line(100, [120, 'UBND HUYỆN CẨM XUYÊN'], [412, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']);
    for (const word of first.words.filter((w) => /[ỆỘ]/.test(w.text))) word.box = { ...word.box!, y: 90, height: 50 };
    const header = [
      first,
      line(140, [110, 'PHÒNG GIÁO DỤC VÀ ĐÀO']),
      line(180, [200, 'TẠO']),
      line(145, [480, 'Độc lập - Tự do - Hạnh phúc']),
      line(230, [150, 'Số: 58/GM-PGDĐT']),
      line(235, [470, 'Cẩm Xuyên, ngày 14 tháng 3 năm 2025']),
    ];
    expect(order([{ kind: 'text', lines: header }])).toEqual([
      'UBND HUYỆN CẨM XUYÊN', 'PHÒNG GIÁO DỤC VÀ ĐÀO', 'TẠO', 'Số: 58/GM-PGDĐT',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Cẩm Xuyên, ngày 14 tháng 3 năm 2025',
    ]);
    // a line of the body with such a gap (words a stamp took out) is read as it is
    const body = [line(100, [100, 'Kính gửi: các trường học']), ...header.slice(0, 1), line(140, [100, 'Thực hiện kế hoạch của Ủy ban nhân dân huyện về chuyển đổi số năm nay'])];
    expect(order([{ kind: 'text', lines: body }])).toEqual(body.map((l) => l.text));
  });

  it('reads a foot whose two columns the engine gave as lines of their own, side by side, column by column', () => {
    // a photo's foot: the signer's title a little higher than "Nơi nhận:", each column's lines read apart
    const foot: Block = {
      kind: 'text',
      lines: [
        line(898, [1000, 'GIÁM ĐỐC']),
        line(900, [100, 'Nơi nhận:']),
        line(940, [100, '- UBND tỉnh (để b/c);']),
        line(978, [1050, '(Đã ký)']),
        line(980, [100, '- Lưu: VT, VP.']),
        line(1060, [1000, 'Hoàng Quốc Việt']),
      ],
    };
    expect(order([foot])).toEqual(['Nơi nhận:', '- UBND tỉnh (để b/c);', '- Lưu: VT, VP.', 'GIÁM ĐỐC', '(Đã ký)', 'Hoàng Quốc Việt']);
    // two lines side by side alone (words a stamp parted) stay as read
    const parted: Block = { kind: 'text', lines: [line(100, [100, 'trong quảng bá, tiêu']), line(101, [600, 'sản phẩm nông nghiệp']), line(140, [100, 'hạn chế trong việc'])] };
    expect(order([parted])).toEqual(['trong quảng bá, tiêu', 'sản phẩm nông nghiệp', 'hạn chế trong việc']);
  });

  it('keeps a left line the rule under the issuing body sets far down in its column, level with the date beside it', () => {
    // a photo a little skewed: the number and the date no longer share a line
    const page: Block[] = [
      {
        kind: 'text',
        lines: [
          line(100, [120, 'UBND TỈNH NGHỆ AN'], [900, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']),
          line(140, [100, 'SỞ TÀI NGUYÊN VÀ MÔI'], [950, 'Độc lập - Tự do - Hạnh phúc']),
          line(180, [150, 'TRƯỜNG']),
          line(236, [960, 'Nghệ An, ngày 14 tháng 3 năm 2023']),
          line(244, [150, 'Số: 1184/KH-STNMT']),
          line(330, [500, 'KẾ HOẠCH']),
        ],
      },
    ];
    expect(order(page)).toEqual([
      'UBND TỈNH NGHỆ AN',
      'SỞ TÀI NGUYÊN VÀ MÔI',
      'TRƯỜNG',
      'Số: 1184/KH-STNMT',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Nghệ An, ngày 14 tháng 3 năm 2023',
      'KẾ HOẠCH',
    ]);
  });

  it('parts the header of a blurred photo at a gutter narrower than usual that stands out from the other gaps of its lines', () => {
    // words 10 px apart, the gutters 58 and 60 px: under GUTTER's 75, six times the other gaps
    const header = [
      line(100, [120, 'UBND TỈNH NGHỆ AN'], [378, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']),
      line(140, [130, 'SỞ NỘI VỤ TỈNH'], [350, 'Độc lập - Tự do - Hạnh phúc']),
      line(180, [150, 'Số: 12/SNV'], [400, 'Nghệ An, ngày 14 tháng 3 năm 2023']),
    ];
    expect(order([{ kind: 'text', lines: header }])).toEqual([
      'UBND TỈNH NGHỆ AN',
      'SỞ NỘI VỤ TỈNH',
      'Số: 12/SNV',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Nghệ An, ngày 14 tháng 3 năm 2023',
    ]);
    // a line of the body with a like gap, where a stamp took words out, stays whole, and before the line after it
    const body = [line(100, [100, 'trong quảng bá, tiêu'], [400, 'sản phẩm nông nghiệp còn']), line(140, [100, 'hạn chế.'])];
    expect(order([{ kind: 'text', lines: body }])).toEqual(['trong quảng bá, tiêu sản phẩm nông nghiệp còn', 'hạn chế.']);
  });

  it('leaves a single line spaced out, and tables, as they are', () => {
    const spaced = line(100, [100, 'Tổng cộng'], [900, '1.234']);
    const table: Block = { kind: 'table', lines: [line(200, [100, '1 Sở Nội vụ'], [900, '12 34']), line(240, [100, '2 Sở Y tế'], [900, '5 6'])] };
    expect(order([{ kind: 'text', lines: [spaced] }, table])).toEqual(['Tổng cộng 1.234', '1 Sở Nội vụ 12 34', '2 Sở Y tế 5 6']);
  });
});

describe('the best of two readings of running text', () => {
  /** A line's words read with the given confidence. */
  const read = (y: number, text: string, confidence: number) => line(y, [100, text]).words.map((w) => ({ ...w, confidence }));

  it('takes each stretch of lines from the reading the engine is surer of', () => {
    const ink = [read(100, 'Kính gửi các đơn vị', 91), read(140, 'li tên _~', 31), read(180, 'UBND tỉnh', 88)];
    const grey = [read(102, 'Kính gủi các đơn vị', 80), read(141, 'Như trên;', 84), read(179, 'UBND tinh', 60)];
    expect(bestLines([ink, grey]).map(textOf)).toEqual(['Kính gửi các đơn vị', 'Như trên;', 'UBND tỉnh']);
  });

  it('weighs a stretch whole, where the readings cut its lines differently', () => {
    // one reading runs two lines into one; the other, surer, keeps them apart
    const ink = [read(100, 'Các đơn vị báo cáo tình hình thực hiện', 55)];
    const grey = [read(98, 'Các đơn vị báo cáo', 90), read(112, 'tình hình thực hiện', 90)];
    expect(bestLines([ink, grey]).map(textOf)).toEqual(['Các đơn vị báo cáo', 'tình hình thực hiện']);
  });

  it('keeps one reading of a line where the other ran the lines below it, beside a signature, into one tall line', () => {
    // the list under "Nơi nhận:" beside the signer's title: the black-and-white reading runs two
    // lines of both columns into one line as tall as both, level with its first
    const tall = read(100, '- UBND các huyện; PHÓ CHÁNH VĂN PHÒNG', 70).map((w) => ({ ...w, box: { ...w.box!, height: 100 } }));
    const ink = [read(100, '- Các sở bạn ngành', 60), tall];
    const grey = [read(100, '- Các sở, ban, ngành;', 90), read(120, 'PHÓ CHÁNH VĂN PHÒNG', 90), read(140, '- UBND các huyện;', 90)];
    expect(bestLines([ink, grey]).map(textOf)).toEqual(['- Các sở, ban, ngành;', 'PHÓ CHÁNH VĂN PHÒNG', '- UBND các huyện;']);
  });

  it('gives each word of the kept reading what the others read in its place, where they differ', () => {
    const ink = [read(100, 'chống địch bệnh', 95)];
    const grey = [read(101, 'chống dịch bệnh', 80)];
    const [kept] = bestLines([ink, grey]);
    expect(kept!.map((w) => [w.text, w.alternatives.map((a) => a.text)])).toEqual([
      ['chống', []],
      ['địch', ['dịch']],
      ['bệnh', []],
    ]);
  });
});

describe('noise taken out of running text', () => {
  /** A line's words read with the given confidences, in turn (the last for the rest). */
  const read = (text: string, ...confidences: number[]): Word[] => line(100, [100, text]).words.map((w, i) => ({ ...w, confidence: confidences[i] ?? confidences.at(-1)! }));
  const kept = (words: Word[]) => textOf(withoutNoise(words, 300));

  it('drops a line the engine made of a stamp or a stroke', () => {
    // read as syllables, but with no confidence: a stamp's ring and letters
    expect(kept(read('CÀ ” Si HÀ ~ TT nh n - h ng cư NG:', 8))).toBe('');
    // fairly sure, but no words
    expect(kept(read('3A 20nĐ) 3ueoH', 55))).toBe('');
  });

  it('drops a line lower than any letter, however sure the engine was of it', () => {
    // a stroke's remains read as a dash and a quote, 9 px tall on a 300-dpi page
    const flat = (words: Word[]) => words.map((w) => ({ ...w, box: { ...w.box!, height: 9 } }));
    expect(kept(flat(read("— '", 90)))).toBe('');
    expect(kept(read('xã.', 96))).toBe('xã.');
  });

  it('drops a line whose words stand one above another, read down a stroke or a stamp', () => {
    // the engine's "line" down a signature's stroke: each word below the one before it
    const down = read('H Lễ Ai', 54, 44, 82).map((w, i) => ({ ...w, box: { ...w.box!, x: 100, y: 100 + 35 * i } }));
    expect(kept(down)).toBe('');
    // a short word is about as tall as it is wide, and stays
    expect(kept(read('là', 69))).toBe('là');
  });

  it('keeps faint print, and words read unsurely among sure ones', () => {
    expect(kept(read('nội. hi Sau', 93, 12, 29))).toBe('nội. hi Sau');
    expect(kept(read('- Như trên;', 91, 93, 12))).toBe('- Như trên;');
  });

  it('drops specks read as punctuation, but not a list dash nor sure punctuation', () => {
    expect(kept(read('doanh nghiệp. — + =', 96, 96, 92, 0, 0))).toBe('doanh nghiệp. —');
    expect(kept(read('- Lưu: VT, CTrTT.', 13, 92, 83, 90))).toBe('- Lưu: VT, CTrTT.');
    expect(kept(read('. tủ trấn Phước An', 0, 55, 95, 96, 96))).toBe('tủ trấn Phước An');
  });
});
