import { formatAge, formatSize, formatValue } from './format';

describe('devtools formatting', () => {
  it('rounds ages to the unit a glance needs', () => {
    expect(formatAge(null)).toBe('—');
    expect(formatAge(250)).toBe('250 ms');
    expect(formatAge(12_400)).toBe('12 s');
    expect(formatAge(150_000)).toBe('3 min');
    expect(formatAge(7_200_000)).toBe('2 h');
  });

  it('shows sizes in bytes and kB', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(3_500)).toBe('3.4 kB');
  });

  it('cuts long values and survives cycles', () => {
    expect(formatValue({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(formatValue('x'.repeat(50), 10)).toBe(`"xxxxxxxxx\n… 42 more characters`);
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(formatValue(cycle)).toBe('[object Object]');
  });
});
