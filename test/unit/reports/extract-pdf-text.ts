import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Extracts the text of every page of a PDF with pdf.js (legacy build, which runs on Node 20),
 * joined page by page in NFC. Items on one line are joined with a space, lines with "\n".
 */
export async function extractPdfText(pdf: Buffer): Promise<{ pages: string[]; text: string }> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, verbosity: 0 }).promise;
  const pages: string[] = [];

  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    const parts: string[] = [];

    for (const item of content.items) {
      if (!('str' in item)) {
        continue;
      }
      parts.push(item.str);
      parts.push(item.hasEOL ? '\n' : ' ');
    }
    pages.push(parts.join('').normalize('NFC'));
  }

  await document.destroy();
  return { pages, text: pages.join('\n') };
}
