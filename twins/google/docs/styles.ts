// The fixed parts of a Google document as a new one has them: document style (Letter, 1-inch margins),
// the named styles (Normal text, Title, Subtitle, Headings 1-6 with Docs' default sizes) and list
// nesting levels for the bullet presets.
const PT = (magnitude: number) => ({ magnitude, unit: 'PT' });

export const DOCUMENT_STYLE = {
  background: { color: {} }, pageNumberStart: 1,
  marginTop: PT(72), marginBottom: PT(72), marginRight: PT(72), marginLeft: PT(72),
  pageSize: { height: PT(792), width: PT(612) }, marginHeader: PT(36), marginFooter: PT(36),
  useCustomHeaderFooterMargins: true, documentFormat: { documentMode: 'PAGES' },
};

const BLACK = { color: { rgbColor: {} } };
const GREY = { color: { rgbColor: { red: 0.4, green: 0.4, blue: 0.4 } } };
const named = (type: string, size: number, before: number, after: number, extra: Record<string, unknown> = {}) => ({
  namedStyleType: type,
  textStyle: { fontSize: PT(size), ...extra },
  paragraphStyle: { namedStyleType: type, direction: 'LEFT_TO_RIGHT', spaceAbove: PT(before), spaceBelow: PT(after), keepLinesTogether: true, keepWithNext: true },
});

export const NAMED_STYLES = {
  styles: [
    {
      namedStyleType: 'NORMAL_TEXT',
      textStyle: { bold: false, italic: false, underline: false, strikethrough: false, smallCaps: false, backgroundColor: {}, foregroundColor: BLACK, fontSize: PT(11), weightedFontFamily: { fontFamily: 'Arial', weight: 400 }, baselineOffset: 'NONE' },
      paragraphStyle: {
        namedStyleType: 'NORMAL_TEXT', alignment: 'START', lineSpacing: 115, direction: 'LEFT_TO_RIGHT', spacingMode: 'COLLAPSE_LISTS',
        spaceAbove: { unit: 'PT' }, spaceBelow: { unit: 'PT' }, indentFirstLine: { unit: 'PT' }, indentStart: { unit: 'PT' }, indentEnd: { unit: 'PT' },
        keepLinesTogether: false, keepWithNext: false, avoidWidowAndOrphan: true, pageBreakBefore: false,
      },
    },
    named('TITLE', 26, 0, 3),
    named('SUBTITLE', 15, 0, 16, { foregroundColor: GREY, weightedFontFamily: { fontFamily: 'Arial', weight: 400 } }),
    named('HEADING_1', 20, 20, 6),
    named('HEADING_2', 16, 18, 6),
    named('HEADING_3', 14, 16, 4, { foregroundColor: { color: { rgbColor: { red: 0.2627451, green: 0.2627451, blue: 0.2627451 } } } }),
    named('HEADING_4', 12, 14, 4, { foregroundColor: GREY }),
    named('HEADING_5', 11, 12, 4, { foregroundColor: GREY }),
    named('HEADING_6', 11, 12, 4, { foregroundColor: GREY, italic: true }),
  ],
};

export const NAMED_STYLE_TYPES = ['NORMAL_TEXT', 'TITLE', 'SUBTITLE', 'HEADING_1', 'HEADING_2', 'HEADING_3', 'HEADING_4', 'HEADING_5', 'HEADING_6'];

const GLYPHS: Record<string, { symbols?: string[]; types?: string[] }> = {
  BULLET_DISC_CIRCLE_SQUARE: { symbols: ['●', '○', '■'] },
  BULLET_DIAMONDX_ARROW3D_SQUARE: { symbols: ['❖', '➢', '■'] },
  BULLET_CHECKBOX: { symbols: ['❑'] },
  BULLET_ARROW_DIAMOND_DISC: { symbols: ['➔', '◆', '●'] },
  BULLET_STAR_CIRCLE_SQUARE: { symbols: ['★', '○', '■'] },
  BULLET_ARROW3D_CIRCLE_SQUARE: { symbols: ['➢', '○', '■'] },
  BULLET_LEFTTRIANGLE_DIAMOND_DISC: { symbols: ['◄', '◆', '●'] },
  BULLET_DIAMONDX_HOLLOWDIAMOND_SQUARE: { symbols: ['❖', '◇', '■'] },
  BULLET_DIAMOND_CIRCLE_SQUARE: { symbols: ['◆', '○', '■'] },
  NUMBERED_DECIMAL_ALPHA_ROMAN: { types: ['DECIMAL', 'ALPHA', 'ROMAN'] },
  NUMBERED_DECIMAL_ALPHA_ROMAN_PARENS: { types: ['DECIMAL', 'ALPHA', 'ROMAN'] },
  NUMBERED_DECIMAL_NESTED: { types: ['DECIMAL', 'DECIMAL', 'DECIMAL'] },
  NUMBERED_UPPERALPHA_ALPHA_ROMAN: { types: ['UPPER_ALPHA', 'ALPHA', 'ROMAN'] },
  NUMBERED_UPPERROMAN_UPPERALPHA_DECIMAL: { types: ['UPPER_ROMAN', 'UPPER_ALPHA', 'DECIMAL'] },
  NUMBERED_ZERODECIMAL_ALPHA_ROMAN: { types: ['ZERO_DECIMAL', 'ALPHA', 'ROMAN'] },
};
export const BULLET_PRESETS = Object.keys(GLYPHS);

/** The nine nesting levels of a new list of `preset`. */
export function listLevels(preset: string): Record<string, unknown>[] {
  const g = GLYPHS[preset]!;
  return Array.from({ length: 9 }, (_, level) => ({
    bulletAlignment: 'START',
    ...(g.symbols ? { glyphSymbol: g.symbols[level % g.symbols.length], glyphFormat: `%${level}` } : { glyphType: g.types![level % 3], glyphFormat: preset.endsWith('PARENS') ? `%${level})` : `%${level}.`, startNumber: 1 }),
    indentFirstLine: PT(18 + 36 * level), indentStart: PT(36 + 36 * level), textStyle: { underline: false },
  }));
}

export const isNumbered = (levels: Record<string, unknown>[] | undefined) => levels?.[0]?.glyphType !== undefined;
