import { describe, expect, it } from 'vitest';
import { checkBrandColours, contrastRatio, DEFAULT_BRANDING } from './index.ts';

describe('brand colour contrast (WCAG 2.x AA, 4.5:1)', () => {
  it('when black and white are compared, then the ratio is 21 either way round', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBe(21);
    expect(contrastRatio('#FFFFFF', '#000000')).toBe(21);
  });

  it('when known pairs are compared, then the ratios match the WCAG formula', () => {
    expect(contrastRatio('#767676', '#FFFFFF')).toBe(4.54); // the lightest grey that passes AA on white
    expect(contrastRatio('#777777', '#FFFFFF')).toBe(4.47);
    expect(contrastRatio('#FFFFFF', '#FFFFFF')).toBe(1);
  });

  it('when the default KoreVitta colours are checked, then they pass', () => {
    expect(checkBrandColours(DEFAULT_BRANDING)).toEqual([]);
  });

  it('when the primary colour is too light for white button text, then one problem names white on it and the ratio', () => {
    expect(checkBrandColours({ primaryColor: '#7fd1ae', accentColor: '#1F4E79' })).toEqual([
      { pointer: '/body/primaryColor', code: 'low_contrast', params: { foreground: '#FFFFFF', background: '#7FD1AE', ratio: '1.80', minimum: '4.5' } },
    ]);
  });

  it('when both colours fail, then there is one problem per colour, the accent as text on white', () => {
    const problems = checkBrandColours({ primaryColor: '#FFFF00', accentColor: '#777777' });
    expect(problems.map((p) => [p.pointer, p.params?.foreground, p.params?.background, p.params?.ratio])).toEqual([
      ['/body/primaryColor', '#FFFFFF', '#FFFF00', '1.07'],
      ['/body/accentColor', '#777777', '#FFFFFF', '4.47'],
    ]);
  });
});
