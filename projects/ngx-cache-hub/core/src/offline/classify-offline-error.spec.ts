import { classifyAttemptError, classifyOfflineError, retryDelayOf } from './classify-offline-error';
import { isIdempotencyKeyInProgress } from './is-idempotency-key-in-progress';
import { permanentError } from './offline-permanent-error';
import { FakeHttpError } from './testing-internal/fake-server';

describe('classifyOfflineError', () => {
  it.each([
    ['a network failure (status 0)', { status: 0 }],
    ['a fetch TypeError', new TypeError('Failed to fetch')],
    ['a timeout', new DOMException('slow', 'TimeoutError')],
    ['a 408', { status: 408 }],
    ['a 500', { status: 500 }],
    ['a 503', { status: 503 }],
    ['an unrecognised error', new Error('who knows')],
    ['a thrown string', 'oops'],
  ])('treats %s as transient', (_, error) => {
    expect(classifyOfflineError(error)).toEqual({ kind: 'transient' });
  });

  it.each([400, 401, 403, 404, 409, 422])('treats a %i as permanent', (status) => {
    expect(classifyOfflineError(new FakeHttpError(status))).toEqual({ kind: 'permanent' });
  });

  it('treats an error marked with permanentError() as permanent, whatever its status', () => {
    expect(classifyOfflineError(permanentError(new FakeHttpError(503)))).toEqual({ kind: 'permanent' });
  });

  it('reads Retry-After seconds from a headers.get() of a 429', () => {
    expect(classifyOfflineError(new FakeHttpError(429, { 'Retry-After': '7' }))).toEqual({ kind: 'transient', retryAfterMs: 7000 });
  });

  it('reads a Retry-After HTTP date relative to now', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    const error = { status: 503, headers: { 'retry-after': 'Tue, 01 Jan 2030 00:00:12 GMT' } };
    expect(classifyOfflineError(error, now)).toEqual({ kind: 'transient', retryAfterMs: 12_000 });
  });

  it('reads decimal Retry-After seconds, and a headers.get() that throws as no header', () => {
    expect(classifyOfflineError(new FakeHttpError(429, { 'Retry-After': '1.5' }))).toEqual({ kind: 'transient', retryAfterMs: 1500 });
    const throwing = {
      status: 503,
      headers: {
        get: () => {
          throw new Error('broken headers');
        },
      },
    };
    expect(classifyOfflineError(throwing)).toEqual({ kind: 'transient' });
  });

  it('a classifier that throws counts as transient; retry waits are kept between 0 and 1 hour', () => {
    const custom = () => {
      throw new Error('classifier bug');
    };
    expect(classifyAttemptError(custom, new Error('x'), 0)).toEqual({ kind: 'transient' });
    expect(classifyAttemptError(undefined, { status: 404 }, 0)).toEqual({ kind: 'permanent' });
    expect([retryDelayOf(2_592_000_000), retryDelayOf(-5), retryDelayOf(Number.NaN), retryDelayOf(1500)]).toEqual([3_600_000, 0, 0, 1500]);
  });

  it('ignores a Retry-After it cannot read', () => {
    expect(classifyOfflineError(new FakeHttpError(429, { 'Retry-After': 'soon' }))).toEqual({ kind: 'transient' });
  });

  describe('a 409', () => {
    it('is a real conflict, permanent, without a sign that the key is in progress', () => {
      expect(classifyOfflineError(new FakeHttpError(409, {}, { error: { type: 'invalid_request_error' } }))).toEqual({ kind: 'permanent' });
    });

    it('is transient with a Retry-After header, waiting that long', () => {
      expect(classifyOfflineError(new FakeHttpError(409, { 'Retry-After': '2' }))).toEqual({ kind: 'transient', retryAfterMs: 2000 });
    });

    it.each([
      ["Stripe's idempotency_error (HttpErrorResponse.error)", new FakeHttpError(409, {}, { error: { type: 'idempotency_error' } })],
      ['a body code idempotency_key_in_progress', { status: 409, body: { code: 'idempotency_key_in_progress' } }],
      ['a nested error.code request_in_progress', { status: 409, error: { error: { code: 'request_in_progress' } } }],
      ["the error's own code idempotency_key_in_progress", { status: 409, code: 'idempotency_key_in_progress' }],
      ["the error's own type idempotency_error", Object.assign(new Error('conflict'), { status: 409, type: 'idempotency_error' })],
    ])('is transient when the body says the key is in progress: %s', (_, error) => {
      expect(isIdempotencyKeyInProgress(error)).toBe(true);
      expect(classifyOfflineError(error)).toEqual({ kind: 'transient' });
    });

    it("stays permanent when the error's own code is another one", () => {
      expect(classifyOfflineError({ status: 409, code: 'version_conflict' })).toEqual({ kind: 'permanent' });
    });

    it('is not "in progress" on another status, even with the body code', () => {
      expect(isIdempotencyKeyInProgress({ status: 400, body: { code: 'idempotency_key_in_progress' } })).toBe(false);
    });
  });
});

describe('classifyAttemptError', () => {
  it('counts a 409 whose headers cannot be read as transient, never a refusal', () => {
    const unreadable = {
      status: 409,
      headers: {
        get: () => {
          throw new Error('headers gone');
        },
      },
    };
    expect(classifyAttemptError(undefined, unreadable, 0)).toEqual({ kind: 'transient' });
  });

  it.each([undefined, null, 'permanent', { kind: 'maybe' }])('counts a custom classifier answering %p as transient', (answer) => {
    expect(classifyAttemptError(() => answer as never, new Error('x'), 0)).toEqual({ kind: 'transient' });
  });
});
