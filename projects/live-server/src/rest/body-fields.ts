import { HttpError } from './http-error';

/** A parsed JSON object body. */
export type JsonObject = Record<string, unknown>;

/** Checks that the body is a JSON object and has no fields besides `allowed` (and `ignored`). */
export function objectBody(body: unknown, allowed: readonly string[], ignored: readonly string[] = []): JsonObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'request body must be a JSON object');
  }
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key) && !ignored.includes(key)) {
      throw new HttpError(400, `unknown field "${key.slice(0, 40)}"; allowed: ${allowed.join(', ')}`);
    }
  }
  return body as JsonObject;
}

/** A string field of 1..maxLength characters (trimmed), or undefined when absent and optional. */
export function stringField(body: JsonObject, name: string, options: { required: true; maxLength?: number }): string;
export function stringField(body: JsonObject, name: string, options?: { required?: false; maxLength?: number }): string | undefined;
export function stringField(body: JsonObject, name: string, options: { required?: boolean; maxLength?: number } = {}): string | undefined {
  const value = body[name];
  if (value === undefined) {
    if (options.required) throw new HttpError(400, `field ${name} is required`);
    return undefined;
  }
  const maxLength = options.maxLength ?? 200;
  if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength) {
    throw new HttpError(400, `field ${name} must be a non-empty string of at most ${maxLength} characters`);
  }
  return value.trim();
}

/** An integer field in [min, max], or undefined when absent and optional. */
export function intField(body: JsonObject, name: string, min: number, max: number, required: true): number;
export function intField(body: JsonObject, name: string, min: number, max: number, required?: false): number | undefined;
export function intField(body: JsonObject, name: string, min: number, max: number, required = false): number | undefined {
  const value = body[name];
  if (value === undefined) {
    if (required) throw new HttpError(400, `field ${name} is required`);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new HttpError(400, `field ${name} must be an integer between ${min} and ${max}`);
  }
  return value;
}

/** A finite number field in [min, max], or undefined when absent and optional. */
export function numberField(body: JsonObject, name: string, min: number, max: number, required = false): number | undefined {
  const value = body[name];
  if (value === undefined) {
    if (required) throw new HttpError(400, `field ${name} is required`);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new HttpError(400, `field ${name} must be a number between ${min} and ${max}`);
  }
  return value;
}

/** A field that must be one of `allowed`, or undefined when absent and optional. */
export function enumField<T extends string>(body: JsonObject, name: string, allowed: readonly T[], required = false): T | undefined {
  const value = body[name];
  if (value === undefined) {
    if (required) throw new HttpError(400, `field ${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new HttpError(400, `field ${name} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** Throws 400 when a PATCH body changes nothing. */
export function requireSomeField(fields: object): void {
  if (Object.values(fields).every((value) => value === undefined)) {
    throw new HttpError(400, 'request body changes no field');
  }
}
