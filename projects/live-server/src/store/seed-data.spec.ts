import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { createSeedData } from './seed-data';

describe('createSeedData', () => {
  it('creates 40 products with 2-3 variants whose stock adds up to the product stock', () => {
    const { products } = createSeedData();
    assert.equal(products.length, 40);
    for (const product of products) {
      assert.ok(product.variants.length >= 2 && product.variants.length <= 3, `${product.id} has ${product.variants.length} variants`);
      assert.equal(
        product.stock,
        product.variants.reduce((sum, variant) => sum + variant.stock, 0),
      );
      assert.equal(product.version, 1);
    }
  });

  it('splits 30 orders between alice and bob with a status history ending at the current status', () => {
    const { orders, orderHistory } = createSeedData();
    assert.equal(orders.length, 30);
    assert.equal(orders.filter((order) => order.userId === 'alice').length, 15);
    assert.equal(orders.filter((order) => order.userId === 'bob').length, 15);
    for (const order of orders) {
      const history = orderHistory[order.id];
      assert.equal(history[0].status, 'pending');
      assert.deepEqual(history.at(-1), { status: order.status, at: order.updatedAt, version: order.version });
    }
  });

  it('creates 20 customers, alice and bob first', () => {
    const { customers } = createSeedData();
    assert.equal(customers.length, 20);
    assert.deepEqual(
      customers.slice(0, 2).map((customer) => customer.email),
      ['alice@example.com', 'bob@example.com'],
    );
  });

  it('gives the same data for the same seed and different data for another seed', () => {
    assert.deepEqual(createSeedData(7), createSeedData(7));
    assert.notDeepEqual(createSeedData(7).products, createSeedData(8).products);
  });
});
