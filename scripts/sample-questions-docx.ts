// Builds the sample question file in the Vietnamese teachers' Word convention for the 2025
// format: Phần I (4-option choice, right option underlined, bold or red), Phần II (true/false
// items of 4 statements a) to d)), Phần III (short answers), an answer key table at the end,
// Word equations and an image. Every name and text is invented for the sample.
import {
  AlignmentType, Document, ImageRun, Math as WordMath, MathFraction, MathRadical, MathRun, MathSubScript, MathSuperScript,
  Packer, Paragraph, Table, TableCell, TableRow, TextRun, UnderlineType, WidthType,
} from 'docx';
import { PNG } from 'pngjs';

/** A 24×24 PNG of a right triangle, so the sample carries a real image. */
export function trianglePng(): Buffer {
  const size = 24;
  const png = new PNG({ width: size, height: size });

  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const offset = (y * size + x) * 4;
      const inside = x <= y;
      png.data[offset] = inside ? 30 : 255;
      png.data[offset + 1] = inside ? 90 : 255;
      png.data[offset + 2] = inside ? 200 : 255;
      png.data[offset + 3] = 255;
    }
  }

  return PNG.sync.write(png);
}

const text = (value: string, options: { bold?: boolean; underline?: boolean; red?: boolean } = {}): TextRun => new TextRun({
  text: value,
  ...(options.bold === true ? { bold: true } : {}),
  ...(options.underline === true ? { underline: { type: UnderlineType.SINGLE } } : {}),
  ...(options.red === true ? { color: 'FF0000' } : {}),
});

const line = (...children: (TextRun | ImageRun | WordMath)[]): Paragraph => new Paragraph({ children });

const cell = (value: string): TableCell => new TableCell({ children: [new Paragraph(value)], width: { size: 900, type: WidthType.DXA } });

/** Builds the sample document and returns its bytes. */
export async function buildSampleQuestionsDocx(): Promise<Buffer> {
  const children = [
    new Paragraph({ alignment: AlignmentType.CENTER, children: [text('ĐỀ KIỂM TRA GIỮA KỲ I – MÔN TOÁN 10 (ĐỀ MẪU)', { bold: true })] }),
    line(text('Thời gian làm bài: 45 phút')),
    line(text('PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn.', { bold: true }), text(' Thí sinh trả lời từ câu 1 đến câu 4.')),
    line(text('Câu 1: ', { bold: true }), text('Tập nghiệm của phương trình '), new WordMath({ children: [new MathSuperScript({ children: [new MathRun('x')], superScript: [new MathRun('2')] }), new MathRun('-4=0')] }), text(' là')),
    line(text('A. {2}.')),
    line(text('B. {−2}.')),
    line(text('C. {−2; 2}.', { underline: true })),
    line(text('D. ∅.')),
    line(text('Câu 2. ', { bold: true }), text('Giá trị của biểu thức '), new WordMath({ children: [new MathFraction({ numerator: [new MathRun('1')], denominator: [new MathRun('2')] }), new MathRun('+'), new MathRadical({ children: [new MathRun('9')] })] }), text(' bằng')),
    line(text('A. 3.'), text('\t'), text('B. 3,5.', { red: true }), text('\t'), text('C. 4.'), text('\t'), text('D. 4,5.')),
    line(text('Câu 3: ', { bold: true }), text('Cho tam giác vuông như hình vẽ. Cạnh huyền của tam giác có cạnh góc vuông 3 và 4 bằng')),
    line(new ImageRun({ type: 'png', data: trianglePng(), transformation: { width: 48, height: 48 } })),
    line(text('A. 5.', { bold: true }), text('\t'), text('B. 6.'), text('\t'), text('C. 7.'), text('\t'), text('D. 12.')),
    line(text('Câu 4: ', { bold: true }), text('Số hạng '), new WordMath({ children: [new MathSubScript({ children: [new MathRun('u')], subScript: [new MathRun('3')] })] }), text(' của cấp số cộng có '), new WordMath({ children: [new MathSubScript({ children: [new MathRun('u')], subScript: [new MathRun('1')] }), new MathRun('=2, d=3')] }), text(' là')),
    line(text('A. 5.')),
    line(text('B. 8.')),
    line(text('C. 11.')),
    line(text('D. 14.')),
    line(text('Đáp án: C')),
    line(text('PHẦN II. Câu trắc nghiệm đúng sai.', { bold: true }), text(' Trong mỗi ý a), b), c), d) ở mỗi câu, thí sinh chọn đúng hoặc sai.')),
    line(text('Câu 1: ', { bold: true }), text('Cho hàm số '), new WordMath({ children: [new MathRun('y='), new MathSuperScript({ children: [new MathRun('x')], superScript: [new MathRun('2')] }), new MathRun('-2x')] }), text('.')),
    line(text('a) Đồ thị hàm số đi qua gốc toạ độ.')),
    line(text('b) Hàm số đồng biến trên khoảng (−∞; 1).')),
    line(text('c) Giá trị nhỏ nhất của hàm số bằng −1.')),
    line(text('d) Trục đối xứng của đồ thị là đường thẳng x = 2.')),
    line(text('Câu 2: ', { bold: true }), text('Một lớp có 40 học sinh, trong đó 25 bạn thích bóng đá, 20 bạn thích cầu lông và 10 bạn thích cả hai môn.')),
    line(text('a) Có 35 bạn thích ít nhất một trong hai môn.', { underline: true })),
    line(text('b) Có 5 bạn không thích môn nào.', { underline: true })),
    line(text('c) Có 15 bạn chỉ thích bóng đá.', { underline: true })),
    line(text('d) Có 12 bạn chỉ thích cầu lông.')),
    line(text('PHẦN III. Câu trắc nghiệm trả lời ngắn.', { bold: true }), text(' Thí sinh trả lời từ câu 1 đến câu 2.')),
    line(text('Câu 1: ', { bold: true }), text('Tính diện tích tam giác có hai cạnh góc vuông bằng 3 và 5.')),
    line(text('Câu 2: ', { bold: true }), text('Tìm số nghiệm nguyên của bất phương trình '), new WordMath({ children: [new MathSuperScript({ children: [new MathRun('x')], superScript: [new MathRun('2')] }), new MathRun('<10')] }), text('.')),
    line(text('ĐÁP ÁN', { bold: true })),
    line(text('Phần II')),
    new Table({ rows: [new TableRow({ children: ['Câu', '1', '2'].map(cell) }), new TableRow({ children: ['Đáp án', 'ĐSĐS', 'ĐĐĐS'].map(cell) })] }),
    line(text('Phần III')),
    new Table({ rows: [new TableRow({ children: ['Câu', '1', '2'].map(cell) }), new TableRow({ children: ['Đáp án', '7,5', '7'].map(cell) })] }),
  ];

  const document = new Document({ creator: 'examgate sample generator', title: 'Đề mẫu 2025', sections: [{ children }] });
  return Packer.toBuffer(document);
}
