import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The embedded font faces. Noto Sans (SIL Open Font License, shipped as TTF by the
 * @expo-google-fonts/noto-sans package) covers every Vietnamese letter with its tone marks as
 * precomposed glyphs, and pdfkit embeds a subset of each face in the PDF, so the report
 * prints the same on a machine without any system font.
 */
export const FONT = {
  regular: 'NotoSans-Regular',
  bold: 'NotoSans-Bold',
  italic: 'NotoSans-Italic',
} as const;

export type FontFace = (typeof FONT)[keyof typeof FONT];

const FONT_FILES: Record<FontFace, string> = {
  [FONT.regular]: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  [FONT.bold]: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  [FONT.italic]: '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf',
};

/** Registers the three faces with a pdfkit document under the names in `FONT`. */
export function registerReportFonts(doc: PDFKit.PDFDocument): void {
  for (const [face, file] of Object.entries(FONT_FILES)) {
    doc.registerFont(face, require.resolve(file));
  }
}

/**
 * Text options for every string the reports print. The font's `ccmp` feature splits some
 * letters with a dot below (such as "ị") into a base glyph and a mark. pdfkit 0.20 maps that
 * mark to no character, so text extracted from the PDF gains a stray control character.
 * With `ccmp` off the font's precomposed glyphs are used and the text extracts intact. The option is an object at run time (fontkit reads it), which the pdfkit typings
 * do not describe.
 */
export const TEXT_FEATURES = { ccmp: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[];
