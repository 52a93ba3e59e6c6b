/** Option parsers shared by commands; each turns a bad value into a one-line ConfigError (exit 2). */
import { parsePositiveInt, parseSize } from '../../config.js';
import { parseShard, type Shard } from '../../download/index.js';

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export const positiveInt =
  (flag: string) =>
  (value: string): number =>
    parsePositiveInt(value, flag);

export const size =
  (flag: string) =>
  (value: string): number =>
    parseSize(value, flag);

export const shard = (value: string): Shard => parseShard(value);
