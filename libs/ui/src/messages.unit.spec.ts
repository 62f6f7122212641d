import { acceptLanguage, initialLang, interpolate } from './messages';

describe('messages', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{count}件 / {site}', { count: 3, site: '本町' })).toBe('3件 / 本町');
    expect(interpolate('{missing}さん')).toBe('{missing}さん');
  });

  it('starts in Japanese unless English was chosen', () => {
    expect(initialLang(null)).toBe('ja');
    expect(initialLang('fr')).toBe('ja');
    expect(initialLang('en')).toBe('en');
  });

  it('asks the services for the chosen language first', () => {
    expect(acceptLanguage('ja')).toBe('ja, en;q=0.5');
    expect(acceptLanguage('en')).toBe('en, ja;q=0.5');
  });
});
