import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readLetterhead, type Letterhead } from '../src/extract/letterhead.js';
import { letterheadData } from '../src/lang/letterhead.js';
import { unmark } from '../src/lang/fold.js';
import { digitiseText, DocumentContext } from '../src/index.js';
import { readDispatches, transcript } from '../samples/make-dispatches.js';

const toLines = (text: string) => text.split('\n').map((t, i) => ({ number: i + 1, text: t }));
const readFile = (path: string) => readLetterhead(toLines(readFileSync(path, 'utf8')));
const golden = (name: string) => JSON.parse(readFileSync(`golden/other/${name}.letterhead.json`, 'utf8')) as Letterhead;

/** Every field either null (not settled) or the truth: degraded text may lose fields, never misread them. */
function nullOrTrue(read: Letterhead, truth: Partial<Letterhead>) {
  for (const [field, value] of Object.entries(truth)) {
    const got = read[field as keyof Letterhead];
    if (Array.isArray(got)) expect(got.length === 0 || JSON.stringify(got) === JSON.stringify(value), field).toBe(true);
    else expect(got === null || got === value, `${field}: ${String(got)}`).toBe(true);
  }
}

const SGDDT_TRUTH = golden('2020-sgddt-covid');

/** The education department's header and signature, in the layouts other tools give. */
const body = `
Kính gửi:
- Trưởng phòng Giáo dục và Đào tạo các huyện, thị xã, thành phố;
- Hiệu trưởng các trường trung học phổ thông trực thuộc Sở.

Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Sở Giáo dục và Đào tạo đề nghị các đơn vị triển khai ngay các biện pháp phòng, chống dịch bệnh trong trường học./.

Nơi nhận:
- Như trên;
- Lưu: VT, CTrTT.

KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC

Phạm Đăng Khoa`;

const interleaved = `UBND TỈNH ĐẮK LẮK CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ GIÁO DỤC VÀ ĐÀO TẠO Độc lập - Tự do - Hạnh phúc
Số: 1906/SGDĐT-CTrTT Đắk Lắk, ngày 3 tháng 2 năm 2020
V/v triển khai các biện pháp phòng, chống dịch bệnh
COVID-19 trong các cơ sở giáo dục
${body}`;

describe('readLetterhead on whole dispatches', () => {
  it('reads the education department instruction exactly as its golden file', () => {
    expect(readFile('samples/other/2020-sgddt-covid.txt')).toEqual(SGDDT_TRUTH);
  });

  it('reads the district invitation (pdftotext layout, columns side by side) exactly as its golden file', () => {
    const read = readFile('samples/other/2021-krongpac-giaymoi.txt');
    expect(read).toEqual(golden('2021-krongpac-giaymoi'));
    expect(read.documentType).toBe('giấy mời');
    expect(read.recipients).toHaveLength(3);
  });

  it('reads the Q1/2018 IT-usage dispatch; its struck-through number settles', () => {
    // "Số: ~~2999~~ UBND-KGVX": the strike marks the handwritten registry figure, not a
    // cancellation; its digits are clean and the appendix cites the same "~~2999~~ UBND-KGVX".
    expect(readFile('samples/2018-Q1.txt')).toEqual({
      issuer: 'Ủy ban nhân dân tỉnh Đắk Lắk',
      parentIssuer: null,
      number: '2999/UBND-KGVX',
      place: 'Đắk Lắk',
      issuedOn: '2018-04-17',
      documentType: 'công văn',
      subject: 'kết quả ứng dụng công nghệ thông tin trong công tác hành chính Quý I/2018 (Chỉ thị số 11/CT-UBND ngày 11/8/2017)',
      recipients: ['Các Sở, ban, ngành', 'UBND các huyện, thị xã, thành phố'],
      // "- Văn phòng UBND tỉnh:" heads the sub-item "+ CVP, PCVP (Đ/c Nguyễn);"
      distribution: ['Như trên', 'CT, PCT UBND tỉnh', 'Văn phòng UBND tỉnh: CVP, PCVP (Đ/c Nguyễn)', 'Lưu: VT, KGVX (H^TN-60b)'],
      signer: 'Nguyễn Tuấn Hà',
      signerTitle: 'PHÓ CHỦ TỊCH',
      signingAuthority: 'KT. CHỦ TỊCH',
    });
  });

  it('reads the garbled Q3/2018 dispatch: unsettled fields are null, the rest correct', () => {
    const read = readFile('samples/2018-Q3.txt');
    // the number "s6,3*63 ruBND-KGVx" and the day "4/" are not legible; the header block was lost
    expect(read).toEqual({
      issuer: null, parentIssuer: null, number: null, place: 'Đắk Lắk', issuedOn: null, documentType: 'công văn',
      subject: null, recipients: [], distribution: [], signer: null, signerTitle: 'PHÓ CHỦ TỊCH', signingAuthority: 'KT. CHỦ TỊCH',
    });
    nullOrTrue(read, {
      issuer: 'Ủy ban nhân dân tỉnh Đắk Lắk', issuedOn: '2018-10-11', signer: 'Nguyễn Tuấn Hà', place: 'Đắk Lắk',
    });
  });
});

describe('readLetterhead on header variants', () => {
  it('cuts interleaved header columns apart', () => {
    expect(readLetterhead(toLines(interleaved))).toEqual({
      ...SGDDT_TRUTH,
      recipients: SGDDT_TRUTH.recipients.slice(0, 2),
      distribution: ['Như trên', 'Lưu: VT, CTrTT'],
    });
  });

  it('reads "Nơi nhận" whether its column was read apart, beside the signature or between its lines', () => {
    const distribution = ['Như trên', 'UBND tỉnh (để b/c)', 'Giám đốc, các PGĐ Sở', 'Lưu: VT, CTrTT'];
    const head = `UBND TỈNH ĐẮK LẮK
SỞ GIÁO DỤC VÀ ĐÀO TẠO
Số: 1906/SGDĐT-CTrTT
Đắk Lắk, ngày 3 tháng 2 năm 2020
V/v triển khai các biện pháp phòng, chống dịch bệnh

Nhận được Công văn này, yêu cầu Thủ trưởng các đơn vị nghiêm túc triển khai thực hiện./.
`;
    const feet = [
      // the left column, then the right
      'Nơi nhận:\n- Như trên;\n- UBND tỉnh (để b/c);\n- Giám đốc, các\nPGĐ Sở;\n- Lưu: VT, CTrTT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n(Đã ký)\nPhạm Đăng Khoa',
      // side by side, as pdftotext -layout gives it
      'Nơi nhận:                              KT. GIÁM ĐỐC\n- Như trên;                             PHÓ GIÁM ĐỐC\n- UBND tỉnh (để b/c);\n- Giám đốc, các PGĐ Sở;                 (Đã ký)\n- Lưu: VT, CTrTT.\n\n                                        Phạm Đăng Khoa',
      // a line of each in turn, and the archive's copy without its full stop
      'Nơi nhận:\nKT. GIÁM ĐỐC\n- Như trên;\nPHÓ GIÁM ĐỐC\n- UBND tỉnh (để b/c);\n(Đã ký)\n- Giám đốc, các PGĐ Sở;\n- Lưu: VT, CTrTT\nPhạm Đăng Khoa',
    ];
    for (const foot of feet) {
      const read = readLetterhead(toLines(head + foot));
      expect(read.distribution).toEqual(distribution);
      expect(read).toMatchObject({ signer: 'Phạm Đăng Khoa', signerTitle: 'PHÓ GIÁM ĐỐC', signingAuthority: 'KT. GIÁM ĐỐC' });
    }
  });

  it('cuts a subject apart from the place and date printed beside it', () => {
    const shifted = `UBND TỈNH ĐẮK LẮK CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ GIÁO DỤC VÀ ĐÀO TẠO Độc lập - Tự do - Hạnh phúc
Số: 1906/SGDĐT-CTrTT
V/v triển khai các biện pháp phòng, chống dịch bệnh Đắk Lắk, ngày 3 tháng 2 năm 2020
COVID-19 trong các cơ sở giáo dục
${body}`;
    expect(readLetterhead(toLines(shifted))).toMatchObject({
      issuer: SGDDT_TRUTH.issuer, parentIssuer: SGDDT_TRUTH.parentIssuer, number: SGDDT_TRUTH.number,
      place: 'Đắk Lắk', issuedOn: '2020-02-03', subject: SGDDT_TRUTH.subject,
    });
  });

  it('reads a subject on past a blank line an OCR put inside it, where the next line goes on in small letters', () => {
    const gapped = `UBND TỈNH ĐẮK LẮK
SỞ GIÁO DỤC VÀ ĐÀO TẠO
Số: 1906/SGDĐT-CTrTT
V/v triển khai các biện pháp phòng, chống dịch bệnh

COVID-19 trong các cơ sở giáo dục
Đắk Lắk, ngày 3 tháng 2 năm 2020`;
    // "COVID-19" opens in a capital: a blank line before it ends the subject; one before small letters does not
    expect(readLetterhead(toLines(gapped)).subject).toBe('triển khai các biện pháp phòng, chống dịch bệnh');
    expect(readLetterhead(toLines(gapped.replace('\n\nCOVID-19', '\n\ncovid-19'))).subject).toBe('triển khai các biện pháp phòng, chống dịch bệnh covid-19 trong các cơ sở giáo dục');
  });

  it('normalises spacing in the number and symbol', () => {
    for (const line of ['Số : 1906 / SGDĐT-CTrTT', 'Số:1906/SGDĐT- CTrTT', 'Số: 1906/ SGDĐT - CTrTT']) {
      const read = readLetterhead(toLines(interleaved.replace('Số: 1906/SGDĐT-CTrTT', line)));
      expect(read.number, line).toBe('1906/SGDĐT-CTrTT');
      expect(read.place, line).toBe('Đắk Lắk');
    }
  });

  it('reads a header in capitals and emits names in their usual case', () => {
    const upper = interleaved.split('\n').map((l, i) => (i < 5 ? l.toUpperCase().replace('SGDĐT-CTRTT', 'SGDĐT-CTrTT') : l)).join('\n');
    const read = readLetterhead(toLines(upper));
    expect(read).toMatchObject({
      issuer: 'Sở Giáo dục và Đào tạo', parentIssuer: 'UBND tỉnh Đắk Lắk', number: '1906/SGDĐT-CTrTT',
      place: 'Đắk Lắk', issuedOn: '2020-02-03', documentType: 'công văn',
      subject: 'TRIỂN KHAI CÁC BIỆN PHÁP PHÒNG, CHỐNG DỊCH BỆNH COVID-19 TRONG CÁC CƠ SỞ GIÁO DỤC',
    });
  });

  it('reads the header from an OCR without a Vietnamese model only where it is settled', () => {
    const garbled = `UBND TINH DAK LAK CQNG HOA XA HQI CHU NGHiA VIET NAM
S0 GIAO DUC VA DAO TAO EQc lgp - Tq do - H4nh phric
S6: 1906/SGDDT-CTrTT Ddk Ldk, ngdy 3 thdng 2 ndm 2020
V/v tri6n khai cric bi6n phrip phdng, ch6ng dich b6nh
COVID-19 trong cric co sd gi6o duc

Kinh grii:
- Trudng phdng Gi6o dqc vd Ddo tpo cric huyQn;

Nqi nhQn:
- Nhu tr€n;

KT. GIAM D6C
PH0 GIAM D6C

Ph4m Ddng Khoa`;
    const read = readLetterhead(toLines(garbled));
    expect(read).toEqual({
      issuer: 'Sở Giáo dục và Đào tạo', parentIssuer: 'UBND tỉnh Đắk Lắk', number: '1906/SGDĐT-CTrTT',
      place: 'Đắk Lắk', issuedOn: '2020-02-03', documentType: 'công văn', subject: null, recipients: [], distribution: [],
      signer: null, signerTitle: 'PHÓ GIÁM ĐỐC', signingAuthority: 'KT. GIÁM ĐỐC',
    });
  });

  it('gives null for a garbled figure in the number or the date, never a guess', () => {
    const bad = `S6: I9O6/SGDDT-CTrTT
Ddk Ldk, ngdy 3l thdng 2 ndm 2020
V/v tri6n khai`;
    const read = readLetterhead(toLines(bad));
    expect(read.number).toBeNull();
    expect(read.issuedOn).toBeNull();
    expect(read.place).toBe('Đắk Lắk');
  });

  it('leaves a symbol whose stripped "D" could be either letter unsettled', () => {
    // HD (hướng dẫn) and HĐ (hợp đồng) both exist: "12/HD-UBND" without marks is not settled
    const read = readLetterhead(toLines('UBND TINH DAK LAK\nSo: 12/HD-UBND\nDak Lak, ngay 5 thang 3 nam 2021\nV/v viec'));
    expect(read.number).toBeNull();
    expect(read.issuedOn).toBe('2021-03-05');
  });

  it('reads a dispatch with its diacritics stripped: names restored from the data, free text null', () => {
    const stripped = unmark(readFileSync('samples/other/2020-sgddt-covid.txt', 'utf8'));
    const read = readLetterhead(toLines(stripped));
    expect(read).toEqual({
      issuer: 'Sở Giáo dục và Đào tạo', parentIssuer: 'UBND tỉnh Đắk Lắk', number: '1906/SGDĐT-CTrTT',
      place: 'Đắk Lắk', issuedOn: '2020-02-03', documentType: 'công văn', subject: null, recipients: [], distribution: [],
      signer: null, signerTitle: 'PHÓ GIÁM ĐỐC', signingAuthority: 'KT. GIÁM ĐỐC',
    });
    nullOrTrue(read, SGDDT_TRUTH);
  });

  it('reads a typed document: type title, subject under it, TM. authority, numeric date, NFD input', () => {
    const plan = `ỦY BAN NHÂN DÂN
THÀNH PHỐ HÀ NỘI
Số: 15/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 17/4/2018

KẾ HOẠCH
Triển khai thực hiện Chính quyền điện tử
của thành phố năm 2018

Căn cứ Nghị quyết số 36a/NQ-CP ngày 14/10/2015 của Chính phủ, Ủy ban nhân dân Thành phố ban hành kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn Sơn`.normalize('NFD');
    expect(readLetterhead(toLines(plan))).toEqual({
      issuer: 'Ủy ban nhân dân thành phố Hà Nội', parentIssuer: null, number: '15/KH-UBND', place: 'Hà Nội',
      issuedOn: '2018-04-17', documentType: 'kế hoạch',
      subject: 'Triển khai thực hiện Chính quyền điện tử của thành phố năm 2018', recipients: [], distribution: [],
      signer: 'Nguyễn Văn Sơn', signerTitle: 'CHỦ TỊCH', signingAuthority: 'TM. ỦY BAN NHÂN DÂN',
    });
  });

  it('never takes the national motto for the issuer', () => {
    const read = readLetterhead(toLines('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 7/TB-UBND\nHà Nội, ngày 2 tháng 1 năm 2019\nTHÔNG BÁO\nKết luận của Chủ tịch'));
    expect(read).toMatchObject({ issuer: null, parentIssuer: null, number: '7/TB-UBND', documentType: 'thông báo', subject: 'Kết luận của Chủ tịch' });
  });

  it('reads a plan on digital government as a dispatch of its own kind, not as the IT-usage report', () => {
    // most of the report's phrases (electronic documents, administrative procedures), none of what only the report prints
    const plan = readDispatches().find((d) => d.id === '2023-nghean-kehoach')!;
    const { record } = digitiseText(transcript(plan), new DocumentContext('kehoach.txt'));
    expect(record.kind).toBe('unknown');
    expect(record.letterhead).toEqual(JSON.parse(readFileSync('golden/other/2023-nghean-kehoach.letterhead.json', 'utf8')));
    // nor when a photo's OCR misread "thủ tục" as "thủ lục", a character from the report's "phụ lục"
    const misread = transcript(plan).replace('giải quyết thủ tục hành chính', 'giải quyết thủ lục hành chính');
    expect(misread).not.toBe(transcript(plan));
    expect(digitiseText(misread, new DocumentContext('kehoach.txt')).record.kind).toBe('unknown');
  });

  it('reads every bench dispatch\'s typed text to the registry fields written by hand for it', () => {
    for (const d of readDispatches()) {
      const { record } = digitiseText(transcript(d), new DocumentContext(`${d.id}.txt`));
      expect(record.letterhead, d.id).toEqual(golden(d.id));
    }
  });

  it('gives each field of a scan the engine’s confidence in the lines it was read from, and typed text none', () => {
    const header = 'SỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 1906/SGDĐT-CTrTT\nV/v triển khai các biện pháp\nphòng, chống dịch\nĐắk Lắk, ngày 3 tháng 2 năm 2020\nKính gửi: Các trường.';
    const confidences = [80, 90, 70, 50, 95, 60];
    const scanned = header.split('\n').map((text, i) => ({ number: i + 1, text, words: text.split(' ').map(() => ({ confidence: confidences[i]! })) }));
    const read = readLetterhead(scanned);
    expect(read).toMatchObject({ issuer: 'Sở Giáo dục và Đào tạo', number: '1906/SGDĐT-CTrTT', subject: 'triển khai các biện pháp phòng, chống dịch', issuedOn: '2020-02-03' });
    // the subject's two lines, 70 and 50: 0.6
    expect(read.confidence).toEqual({ issuer: 0.8, number: 0.9, documentType: 0.7, subject: 0.6, issuedOn: 0.95, place: 0.95, recipients: 0.6 });
    expect(readLetterhead(toLines(header)).confidence).toBeUndefined();
  });

  it("joins an issuer's name wrapped in the header's column", () => {
    const header = 'UBND TỈNH NGHỆ AN\nSỞ TÀI NGUYÊN VÀ MÔI\nTRƯỜNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 1184/KH-STNMT\nKẾ HOẠCH\nCải cách hành chính năm 2023';
    expect(readLetterhead(toLines(header))).toMatchObject({ issuer: 'Sở Tài nguyên và Môi trường', parentIssuer: 'UBND tỉnh Nghệ An', documentType: 'kế hoạch' });
    // and passes over the rule under it, read by the OCR as marks
    const ruled = header.replace('TRƯỜNG\n', 'TRƯỜNG\n— ềmˆỂ””\n');
    expect(readLetterhead(toLines(ruled))).toMatchObject({ issuer: 'Sở Tài nguyên và Môi trường', parentIssuer: 'UBND tỉnh Nghệ An' });
  });

  it('never takes a title the OCR misread for the signer', () => {
    const foot = 'Kính gửi:\n- Các trường;\nNội dung.\nNơi nhận:\n- Như trên;\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nIÁM ĐỐC\nPhạm Đăng Khoa';
    expect(readLetterhead(toLines(`SỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 1906/SGDĐT-CTrTT\n${foot}`))).toMatchObject({ signer: 'Phạm Đăng Khoa', signerTitle: 'PHÓ GIÁM ĐỐC' });
  });

  it('leaves the signer null when a mark ran into the first word of the name, never its last words', () => {
    // a stroke of ink over "Ma" read as "“Xa": where the name starts is not settled
    const foot = 'Kính gửi:\n- Các xã;\nNội dung.\nNơi nhận:\n- Như trên;\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\nmm shm “Xa Đình Hưởng';
    expect(readLetterhead(toLines(`UBND HUYỆN ĐẠI TỪ\nSố: 187/BC-UBND\n${foot}`))).toMatchObject({ signer: null, signerTitle: 'CHỦ TỊCH', signingAuthority: 'TM. ỦY BAN NHÂN DÂN' });
    expect(readLetterhead(toLines(`UBND HUYỆN ĐẠI TỪ\nSố: 187/BC-UBND\n${foot.replace('mm shm “Xa', 'Ma')}`)).signer).toBe('Ma Đình Hưởng');
  });

  it('reads the number where the OCR put another vowel in "Số:", not a number the body cites', () => {
    const text = 'UBND TỈNH NGHỆ AN\nSỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG\nSẽ: 1184/KH-STNMT\nKẾ HOẠCH\nCăn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021';
    expect(readLetterhead(toLines(text)).number).toBe('1184/KH-STNMT');
  });

  it('reads the number and symbol whose slash a blurred scan lost, or read as a space', () => {
    expect(readLetterhead(toLines('UBND TỈNH GIA LAI\nVĂN PHÒNG\nSố: 215TB-VP\nTHÔNG BÁO')).number).toBe('215/TB-VP');
    expect(readLetterhead(toLines('UBND TỈNH GIA LAI\nVĂN PHÒNG\nSố: 215 TB-VP\nTHÔNG BÁO')).number).toBe('215/TB-VP');
  });

  it('reads a letter of the symbol a scan took for a figure as the part it must be', () => {
    const scanned = (text: string) => toLines(text).map((line) => ({ ...line, words: [{ confidence: 70 }] }));
    expect(readLetterhead(scanned('ỦY BAN NHÂN DÂN\nHUYỆN ĐẠI TỪ\nSố: 187/8C-UBND\nBÁO CÁO')).number).toBe('187/BC-UBND');
    // a part printed with its figures after its letters is kept; one no part of the data reads as is left open
    expect(readLetterhead(scanned('BAN CHỈ ĐẠO 389\nSố: 12/BCĐ389-VP\nBÁO CÁO')).number).toBe('12/BCĐ389-VP');
    expect(readLetterhead(scanned('ỦY BAN NHÂN DÂN\nHUYỆN ĐẠI TỪ\nSố: 187/8X-UBND\nBÁO CÁO')).number).toBeNull();
  });

  it('reads the signer past the marks a stamp or a stroke left after the name', () => {
    const foot = 'Kính gửi:\n- Các trường;\nNội dung.\nNơi nhận:\n- Như trên;\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n(Đã ký)\nPhạm Đăng Khoa - ˆ';
    expect(readLetterhead(toLines(`SỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 1906/SGDĐT-CTrTT\n${foot}`)).signer).toBe('Phạm Đăng Khoa');
    // and past a title the OCR broke in two, whose pieces are no name
    const broken = foot.replace('PHÓ GIÁM ĐỐC', 'IÁM ĐỐC\nPHÓ N 2');
    expect(readLetterhead(toLines(`SỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 1906/SGDĐT-CTrTT\n${broken}`)).signer).toBe('Phạm Đăng Khoa');
  });

  it('spells a province or district the scan read with other marks as the place is spelled', () => {
    const misread = interleaved.replace('UBND TỈNH ĐẮK LẮK', 'UBND tỉnh Đắk Lák').replace('Đắk Lắk, ngày', 'Đắk Lâk, ngày');
    expect(readLetterhead(toLines(misread))).toMatchObject({ parentIssuer: 'UBND tỉnh Đắk Lắk', place: 'Đắk Lắk' });
    // and a district's (lang-data/places.json)
    const district = 'UBND HUYỆN CẤM XUYÊN\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nSố: 58/GM-PGDĐT\nCấm Xuyên, ngày 14 tháng 3 năm 2025\nGIẤY MỜI\nDự hội nghị';
    expect(readLetterhead(toLines(district))).toMatchObject({ parentIssuer: 'UBND huyện Cẩm Xuyên', place: 'Cẩm Xuyên' });
    // a place no province's or district's name is stays as read
    expect(readLetterhead(toLines(interleaved.replace('Đắk Lắk, ngày', 'Ea Tu, ngày'))).place).toBe('Ea Tu');
  });

  it('finds a body a scan misread a letter of, and keeps an unknown one as read', () => {
    const scanned = (text: string) => toLines(text).map((line) => ({ ...line, words: [{ confidence: 80 }] }));
    const header = 'UƯBND TÍNH NGHỆ AN\nSỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG\nSố: 1184/KH-STNMT\nKẾ HOẠCH\nCăn cứ Nghị quyết';
    expect(readLetterhead(scanned(header)).parentIssuer).toBe('UBND tỉnh Nghệ An');
    // typed text is taken as written
    expect(readLetterhead(toLines(header)).parentIssuer).toBe('Uưbnd tính Nghệ An');
    expect(readLetterhead(scanned(header.replace('UƯBND TÍNH NGHỆ AN', 'HỘI NÔNG DÂN TỈNH'))).parentIssuer).toBe('Hội nông dân tỉnh');
  });

  it('reads a decision: the subject after "Về việc", not the heading under it, and a scan\'s Đ that lost its bar', () => {
    const decision = 'UBND TỈNH QUẢNG NAM\nSỞ Y TẾ\nSố: 742/QĐ-SYT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nQuảng Nam, ngày 08 tháng 6 năm 2021\nQUYẾT ĐỊNH\nVề việc thành lập Tổ công tác hỗ trợ tiêm chủng\nGIÁM ĐỐC SỞ Y TẾ\nCăn cứ Quyết định số 12/2016/QĐ-UBND';
    expect(readLetterhead(toLines(decision))).toMatchObject({ documentType: 'quyết định', subject: 'thành lập Tổ công tác hỗ trợ tiêm chủng', number: '742/QĐ-SYT', issuer: 'Sở Y tế', parentIssuer: 'UBND tỉnh Quảng Nam' });
    const scanned = (text: string) => toLines(text).map((line) => ({ ...line, words: [{ confidence: 80 }] }));
    expect(readLetterhead(scanned(decision.replace('742/QĐ-SYT', '742/QD-SYT'))).number).toBe('742/QĐ-SYT');
    // a part the data does not know is kept as a scan read it
    expect(readLetterhead(scanned(decision.replace('742/QĐ-SYT', '742/QĐ-BQLDA'))).number).toBe('742/QĐ-BQLDA');
  });

  it('joins a body\'s name wrapped over lines, and leaves out a speck after it', () => {
    const header = 'UBND HUYỆN CẨM XUYÊN..\nPHÒNG GIÁO DỤC VÀ ĐÀO\nTẠO\nSố: 58/GM-PGDĐT\nCẩm Xuyên, ngày 14 tháng 3 năm 2025\nGIẤY MỜI\nDự hội nghị triển khai chuyển đổi số';
    expect(readLetterhead(toLines(header))).toMatchObject({ issuer: 'Phòng Giáo dục và Đào tạo', parentIssuer: 'UBND huyện Cẩm Xuyên', subject: 'Dự hội nghị triển khai chuyển đổi số' });
  });

  it('reads what a stamp and a speck leave of a scan\'s letterhead: a lone word in the header, a place a letter off, a name without its title', () => {
    const scanned = (text: string) => toLines(text).map((line) => ({ ...line, words: [{ confidence: 60 }] }));
    const decision = 'UBND TỈNH QUẢÁNG NAM\nSỞ Y TẾ\nKem\nSố: 742/QĐ-SYT\nQuóng Nam, ngày 08 tháng 6 năm 2021\nQUYẾT ĐỊNH\nVề việc thành lập Tổ công tác\nĐiều 1. Thành lập Tổ công tác.\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT, NVY.\nLê Quang Minh';
    expect(readLetterhead(scanned(decision))).toMatchObject({ issuer: 'Sở Y tế', parentIssuer: 'UBND tỉnh Quảng Nam', place: 'Quảng Nam', signer: 'Lê Quang Minh', signerTitle: null });
    // typed text keeps its places as typed, and a last row that is no name gives no signer
    expect(readLetterhead(toLines(decision)).place).toBe('Quóng Nam');
    expect(readLetterhead(scanned(decision.replace('\nLê Quang Minh', ''))).signer).toBeNull();
  });

  it('rejects impossible dates', () => {
    expect(readLetterhead(toLines('Hà Nội, ngày 31 tháng 2 năm 2019')).issuedOn).toBeNull();
  });

  it('has its knowledge in lang-data, validated', () => {
    const data = letterheadData();
    expect(data.documentTypes).toContain('giấy mời');
    expect(data.authorityPrefixes).toEqual(expect.arrayContaining(['KT', 'TL', 'TM']));
  });
});
