/**
 * Typed reads of untrusted JSON: absent or null is "missing" (tolerated), a value of the wrong type is a
 * BadResponseError naming the URL and the field, so a broken server is reported, not papered over.
 */
import { BadResponseError } from '../../errors.js';

export type JsonObject = Record<string, unknown>;

export class WireReader {
  /** `url`: the (redacted) URL the JSON came from, named in every error. */
  constructor(readonly url: string) {}

  fail(where: string, expected: string, value: unknown): never {
    throw new BadResponseError(
      `unexpected response from the Hub: ${where} should be ${expected}, got ${describe(value)}`,
      {
        url: this.url,
      },
    );
  }

  object(value: unknown, where: string): JsonObject {
    if (!isObject(value)) this.fail(where, 'an object', value);
    return value;
  }

  string(obj: JsonObject, key: string, where: string): string {
    const value = obj[key];
    if (typeof value !== 'string') this.fail(`${where}.${key}`, 'a string', value);
    return value;
  }

  number(obj: JsonObject, key: string, where: string): number {
    const value = obj[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(`${where}.${key}`, 'a number', value);
    return value;
  }

  /** A byte count: a safe non-negative integer (not -1, 1.5 or 1e300). */
  size(obj: JsonObject, key: string, where: string): number {
    const value = obj[key];
    if (!isSize(value)) this.fail(`${where}.${key}`, 'a size in bytes (a non-negative integer)', value);
    return value;
  }

  optSize(obj: JsonObject, key: string, where: string): number | null {
    const value = obj[key];
    if (value === undefined || value === null) return null;
    return this.size(obj, key, where);
  }

  /** A git object id: 40 hex digits (sha1), or 64 (sha256 repositories). Returned in lower case. */
  blobId(obj: JsonObject, key: string, where: string): string {
    const value = this.string(obj, key, where);
    if (!/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(value))
      this.fail(`${where}.${key}`, 'a git object id (hex)', value);
    return value.toLowerCase();
  }

  optString(obj: JsonObject, key: string, where: string): string | null {
    const value = obj[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') this.fail(`${where}.${key}`, 'a string', value);
    return value;
  }

  optNumber(obj: JsonObject, key: string, where: string): number | null {
    const value = obj[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(`${where}.${key}`, 'a number', value);
    return value;
  }

  optBoolean(obj: JsonObject, key: string, where: string): boolean | null {
    const value = obj[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'boolean') this.fail(`${where}.${key}`, 'a boolean', value);
    return value;
  }

  optObject(obj: JsonObject, key: string, where: string): JsonObject | null {
    const value = obj[key];
    if (value === undefined || value === null) return null;
    if (!isObject(value)) this.fail(`${where}.${key}`, 'an object', value);
    return value;
  }

  optStringArray(obj: JsonObject, key: string, where: string): string[] | null {
    const value = obj[key];
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value)) this.fail(`${where}.${key}`, 'an array of strings', value);
    for (let i = 0; i < value.length; i++) {
      if (typeof value[i] !== 'string') this.fail(`${where}.${key}[${i}]`, 'a string', value[i]);
    }
    return value as string[];
  }

  optArray(obj: JsonObject, key: string, where: string): unknown[] | null {
    const value = obj[key];
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value)) this.fail(`${where}.${key}`, 'an array', value);
    return value;
  }
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
