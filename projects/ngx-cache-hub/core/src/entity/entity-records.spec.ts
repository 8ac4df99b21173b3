import { EntityRecords } from './entity-records';

describe('EntityRecords', () => {
  it('creates a record once and finds it by type and id', () => {
    const records = new EntityRecords(10, () => false);
    const record = records.ensure('products', '1');
    expect(records.ensure('products', '1')).toBe(record);
    expect(records.get('products', '1')).toBe(record);
    expect(records.get('orders', '1')).toBeUndefined();
  });

  it('past max, forgets the oldest record no entry holds', () => {
    const held = new Set(['orders:1']);
    const records = new EntityRecords(3, (type, id) => held.has(`${type}:${id}`));
    records.ensure('orders', '1');
    records.ensure('products', '1');
    records.ensure('products', '2');
    records.ensure('products', '3');
    expect(records.get('orders', '1')).toBeDefined();
    expect(records.get('products', '1')).toBeUndefined();
    expect(records.get('products', '2')).toBeDefined();
  });

  it('never forgets the record it is adding, even when every other one is held', () => {
    const records = new EntityRecords(2, (type) => type === 'products');
    records.ensure('products', '1');
    records.ensure('products', '2');
    const added = records.ensure('orders', '9');
    expect(records.get('orders', '9')).toBe(added);
    records.ensure('orders', '10');
    expect(records.get('orders', '9')).toBeUndefined();
    expect(records.get('orders', '10')).toBeDefined();
  });

  it('moves a record to the id that replaced a temporary one, keeping one that id already has', () => {
    const records = new EntityRecords(10, () => false);
    const temp = records.ensure('products', 'tmp-1');
    records.rename('products', 'tmp-1', '42');
    expect(records.get('products', '42')).toBe(temp);
    expect(records.get('products', 'tmp-1')).toBeUndefined();
    const existing = records.ensure('products', '7');
    records.ensure('products', 'tmp-2');
    records.rename('products', 'tmp-2', '7');
    expect(records.get('products', '7')).toBe(existing);
  });
});
