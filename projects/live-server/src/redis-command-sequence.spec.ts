import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { RedisCommandSequence } from './redis-command-sequence';
import { sharedStateProblem } from './redis-shared-state';

describe('RedisCommandSequence', () => {
  it('hands payloads out in number order, once, and stops at a gap', () => {
    const sequence = new RedisCommandSequence(() => undefined);
    for (const message of ['2\nb', '1\na', '1\na', '4\nd']) sequence.remember(message);
    assert.deepEqual([sequence.takeNext(), sequence.takeNext(), sequence.takeNext()], ['a', 'b', undefined]);
    assert.equal(sequence.hasGap, true);
    assert.equal(sequence.lowestWaiting, 4);
    sequence.remember('3\nc');
    assert.deepEqual([sequence.takeNext(), sequence.takeNext()], ['c', 'd']);
    assert.equal(sequence.hasGap, false);
  });

  it('continues after a snapshot, dropping what it holds', () => {
    const sequence = new RedisCommandSequence(() => undefined);
    for (const message of ['5\ne', '9\ni', '10\nj']) sequence.remember(message);
    sequence.skipTo(9);
    assert.equal(sequence.takeNext(), 'j');
    sequence.remember('8\nh');
    assert.equal(sequence.hasGap, false, 'older commands are ignored');
  });

  it('reports malformed messages and ignores them', () => {
    const problems: string[] = [];
    const sequence = new RedisCommandSequence((message) => problems.push(message));
    sequence.remember('no number');
    sequence.remember('x\npayload');
    assert.equal(problems.length, 2);
    assert.equal(sequence.takeNext(), undefined);
  });
});

describe('sharedStateProblem', () => {
  it('stops a process when Redis lost its epoch or its counter went back, not otherwise', () => {
    assert.match(sharedStateProblem(null, 0, 'abc', 10)!, /Redis lost the shared state \(its epoch is none/);
    assert.match(sharedStateProblem('other', 20, 'abc', 10)!, /its epoch is other, this process has abc/);
    assert.match(sharedStateProblem('abc', 9, 'abc', 10)!, /counter \(9\) is behind this process \(10\): Redis rolled back/);
    assert.equal(sharedStateProblem('abc', 10, 'abc', 10), undefined);
    assert.equal(sharedStateProblem('abc', 30, 'abc', 10), undefined);
  });
});
