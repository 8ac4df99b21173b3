// Two users in two browser contexts: each dashboard shows its own user's orders and order
// events, never the other user's, whether the orders come from REST or from the simulator.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openDashboard, orderStatusOnScreen } from './support/dashboard.mjs';
import { startStack } from './support/stack.mjs';
import { eventually, sleep } from './support/wait.mjs';

const USERS = ['alice', 'bob'];
let stack;
const dashboards = {};

before(async () => {
  stack = await startStack({ simRate: 0 });
  for (const user of USERS) {
    dashboards[user] = await openDashboard(stack, { user });
    // Remember every order id and activity line the page ever shows, not only the current ones.
    await dashboards[user].page.evaluate(() => {
      const orders = new Set();
      const activity = new Set();
      const scan = () => {
        for (const element of document.querySelectorAll('[data-order]')) orders.add(element.getAttribute('data-order'));
        // "orders o-31 v2 Order #31 confirmed (…)": the entity and version the line is about (data-ref, data-version), then its text.
        for (const element of document.querySelectorAll('[data-testid=activity]')) {
          const ref = (element.getAttribute('data-ref') ?? '-').replace(':', ' ');
          activity.add(`${ref} v${element.getAttribute('data-version') ?? '-'} ${element.textContent.trim()}`);
        }
      };
      scan();
      new MutationObserver(scan).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
        attributeFilter: ['data-order', 'data-ref', 'data-version'],
      });
      window.__e2eSeen = () => ({ orders: [...orders], activity: [...activity] });
    });
  }
});

after(async () => {
  for (const user of USERS) await dashboards[user]?.context.close().catch(() => undefined);
  await stack?.close();
});

async function seen(user) {
  return dashboards[user].page.evaluate(() => window.__e2eSeen());
}

/** The ids of every order of `user`, from the server. */
async function ordersOf(user) {
  const page = await stack.api(user).get('/api/orders?pageSize=100');
  assert.ok(page.totalCount <= 100, `${user} has ${page.totalCount} orders, more than one page`);
  return new Set(page.items.map((order) => order.id));
}

function mentions(lines, orderId) {
  return lines.filter((line) => new RegExp(`^orders ${orderId}\\b`).test(line));
}

test('the two dashboards are signed in as alice and bob, with no token in the WebSocket URL', async () => {
  for (const user of USERS) {
    assert.equal((await dashboards[user].page.locator('[data-testid=user]').textContent())?.trim(), user);
    const streams = dashboards[user].sockets.filter((url) => new URL(url).pathname === '/ws');
    assert.ok(streams.length > 0, `${user}'s dashboard opened no /ws socket`);
    for (const url of streams) assert.equal(new URL(url).searchParams.get('token'), null, `token in ${url}`);
  }
});

test("orders created through REST for one user appear on that user's dashboard and never on the other's", async () => {
  const [product] = (await stack.api().products()).values();
  const created = {};
  for (const user of USERS) {
    const api = stack.api(user);
    const order = await api.createOrder(product);
    assert.equal(order.userId, user);
    await api.setOrderStatus(order.id, 'confirmed');
    created[user] = order.id;
  }
  for (const user of USERS) {
    await eventually(
      `${user}'s order ${created[user]} shows in ${user}'s confirmed column`,
      async () => {
        assert.equal(await orderStatusOnScreen(dashboards[user].page, created[user]), 'confirmed');
        return true;
      },
      { timeoutMs: 5_000 },
    );
  }
  // Leave time for a leaked event to arrive before looking for it.
  await sleep(500);
  for (const [user, other] of [
    ['alice', 'bob'],
    ['bob', 'alice'],
  ]) {
    const { orders, activity } = await seen(user);
    assert.ok(mentions(activity, created[user]).length >= 2, `${user}'s activity feed shows the creation and confirmation of ${created[user]}: ${JSON.stringify(activity)}`);
    assert.ok(!orders.includes(created[other]), `${user}'s dashboard showed ${other}'s order ${created[other]}`);
    assert.deepEqual(mentions(activity, created[other]), [], `${user}'s activity feed showed ${other}'s order events`);
  }
});

test('with the simulator creating and moving orders for both users, each dashboard only ever shows its own orders', async () => {
  const before = { alice: await ordersOf('alice'), bob: await ordersOf('bob') };
  await stack.api().setSimRate(40);
  await eventually(
    'the simulator created orders for both users',
    async () => {
      for (const user of USERS) {
        const now = await ordersOf(user);
        assert.ok(now.size >= before[user].size + 2, `${user}: ${now.size - before[user].size} new orders so far`);
      }
      return true;
    },
    { timeoutMs: 15_000, intervalMs: 250 },
  );
  await stack.api().setSimRate(0);
  await sleep(500);

  const own = { alice: await ordersOf('alice'), bob: await ordersOf('bob') };
  for (const [user, other] of [
    ['alice', 'bob'],
    ['bob', 'alice'],
  ]) {
    const newOrders = [...own[user]].filter((id) => !before[user].has(id));
    await eventually(
      `${user}'s dashboard shows ${user}'s new orders`,
      async () => {
        const { orders } = await seen(user);
        assert.ok(
          newOrders.some((id) => orders.includes(id)),
          `none of ${newOrders.join(', ')} on screen`,
        );
        return true;
      },
      { timeoutMs: 5_000 },
    );
    const { orders, activity } = await seen(user);
    const foreign = orders.filter((id) => !own[user].has(id));
    assert.deepEqual(foreign, [], `${user}'s dashboard showed orders that are not ${user}'s (they are ${other}'s: ${foreign.filter((id) => own[other].has(id)).join(', ')})`);
    const foreignEvents = activity.filter((line) => /^orders /.test(line) && !own[user].has(line.split(' ')[1]));
    assert.deepEqual(foreignEvents, [], `${user}'s activity feed showed order events that are not ${user}'s`);
  }
});
