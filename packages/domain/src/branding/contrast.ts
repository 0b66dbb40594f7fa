import type { FieldProblem } from '../shared/field-problems.ts';

/** WCAG 2.x AA for normal text: what a patient reads on a button or as a link must reach 4.5:1. */
export const MIN_CONTRAST = 4.5;
export const WHITE = '#FFFFFF';

const channel = (hex: string, at: number): number => {
  const c = parseInt(hex.slice(at, at + 2), 16) / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

/** Relative luminance of `#RRGGBB` (WCAG 2.x definition, sRGB). */
export function relativeLuminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

/** Contrast ratio of two colours, 1–21, rounded down to two decimals (so 4.499 never passes as 4.5). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return Math.floor(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
}

/**
 * Where each brand colour is used, and so which pair must be readable: the primary colour fills buttons
 * under white text; the accent colour is link and heading text on a white page. One problem per failing
 * colour, naming the pair and its ratio.
 */
export const COLOUR_USES = {
  primaryColor: { foreground: WHITE, background: 'self' },
  accentColor: { foreground: 'self', background: WHITE },
} as const;

export function checkBrandColours(colours: { primaryColor: string; accentColor: string }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of ['primaryColor', 'accentColor'] as const) {
    const use = COLOUR_USES[field];
    const colour = colours[field].toUpperCase();
    const foreground = use.foreground === 'self' ? colour : use.foreground;
    const background = use.background === 'self' ? colour : use.background;
    const ratio = contrastRatio(foreground, background);
    if (ratio < MIN_CONTRAST) {
      problems.push({ pointer: `/body/${field}`, code: 'low_contrast', params: { foreground, background, ratio: ratio.toFixed(2), minimum: MIN_CONTRAST.toFixed(1) } });
    }
  }
  return problems;
}
