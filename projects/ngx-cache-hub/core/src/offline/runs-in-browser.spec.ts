import { runsInBrowser } from './runs-in-browser';

describe('runsInBrowser', () => {
  it('is true in a page with a document (jsdom)', () => {
    expect(runsInBrowser()).toBe(true);
  });
});
