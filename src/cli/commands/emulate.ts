import { Option, type Command } from 'commander';
import { parsePositiveInt } from '../../config.js';
import { ConfigError } from '../../errors.js';
import {
  describeEmulator,
  parseFaultProfile,
  startEmulator,
  type RateLimitBucket,
  type RateLimitQuota,
  type SizeProfileName,
} from '../../emulator/index.js';
import { commandContext } from '../context.js';
import type { CliIo } from '../io.js';
import { size } from './options.js';

interface EmulateFlags {
  host: string;
  cdnHost?: string;
  port: string;
  cdnPort: string;
  models: string;
  seed: string;
  sizes: SizeProfileName;
  faults?: string;
  rateLimit?: string;
  cdnConnRate?: number;
  cdnLinkRate?: number;
  log?: boolean;
}

export function registerEmulate(program: Command, io: CliIo): void {
  program
    .command('emulate')
    .description('serve the emulated Hub (a deterministic synthetic Hub on loopback) until interrupted')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port of the Hub origin (0: any free port)', '0')
    .option('--cdn-port <port>', 'port of the CDN origin that serves LFS bytes (0: any free port)', '0')
    .option(
      '--cdn-host <host>',
      'interface of the CDN origin (default: 127.0.0.2 with the default --host, so that its host differs from the Hub’s)',
    )
    .option('--models <n>', 'public models an anonymous listing returns', '1000')
    .option('--seed <seed>', 'everything served is a pure function of the seed', '1')
    .addOption(
      new Option('--sizes <profile>', 'file sizes').choices(['tiny', 'small', 'large']).default('tiny'),
    )
    .option(
      '--faults <profile>',
      'fault profile: none, flaky, rate-limit, chaos, inline JSON rules, or a JSON file',
    )
    .option(
      '--rate-limit <spec>',
      'quotas per bucket, e.g. "api=500/300,resolvers=3000/300" (requests/seconds)',
    )
    .option(
      '--grant <token:user[:gated]>',
      'a token the Hub knows (repeatable); ":gated" approves it for gated repos',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option(
      '--cdn-conn-rate <size>',
      'cap each CDN connection at this many bytes per second, e.g. 40MB (as real CDNs do)',
      size('--cdn-conn-rate'),
    )
    .option(
      '--cdn-link-rate <size>',
      'cap the CDN as a whole at this many bytes per second, e.g. 400MB',
      size('--cdn-link-rate'),
    )
    .option('--log', 'log every request on stderr')
    .addHelpText(
      'after',
      '\nThe first line on stdout is JSON: {"endpoint":"http://127.0.0.1:PORT","cdnEndpoint":"..."}\n' +
        '\nExamples:\n  hftorrent emulate --port 0 --models 5000 --seed 7\n' +
        '  hftorrent emulate --port 8080 --models 3000000 --faults flaky\n' +
        '  hftorrent emulate --sizes large --cdn-conn-rate 40MB --cdn-link-rate 400MB\n' +
        '  HF_ENDPOINT=http://127.0.0.1:8080 hftorrent crawl',
    )
    .action(async (opts: EmulateFlags & { grant?: string[] }, cmd: Command) => {
      const ctx = commandContext(cmd, io);
      const port = parsePositiveInt(opts.port, '--port', { allowZero: true });
      const cdnPort = parsePositiveInt(opts.cdnPort, '--cdn-port', { allowZero: true });
      if (port > 65535 || cdnPort > 65535) throw new ConfigError('--port/--cdn-port: at most 65535');
      const models = parsePositiveInt(opts.models, '--models', { allowZero: true });
      if (opts.cdnConnRate === 0 || opts.cdnLinkRate === 0) {
        throw new ConfigError('--cdn-conn-rate/--cdn-link-rate: must be more than 0 bytes per second');
      }
      let faults;
      try {
        faults = opts.faults === undefined ? undefined : parseFaultProfile(opts.faults);
      } catch (error) {
        throw new ConfigError(`--faults: ${(error as Error).message}`);
      }
      const running = await startEmulator({
        host: opts.host,
        cdnHost: opts.cdnHost,
        port,
        cdnPort,
        models,
        seed: opts.seed,
        sizes: opts.sizes,
        faults,
        cdnConnectionBytesPerSecond: opts.cdnConnRate,
        cdnLinkBytesPerSecond: opts.cdnLinkRate,
        rateLimits: opts.rateLimit === undefined ? undefined : parseRateLimits(opts.rateLimit),
        tokens: opts.grant === undefined ? undefined : parseGrants(opts.grant),
        log: opts.log ? (line) => io.stderr.write(`${line}\n`) : undefined,
      });
      io.stdout.write(`${JSON.stringify(describeEmulator(running))}\n`);
      ctx.report.info(`serving ${models} models (seed ${opts.seed}, ${opts.sizes} files) until interrupted`);
      await new Promise<void>((resolve) => {
        if (ctx.signal === undefined || ctx.signal.aborted) return resolve();
        ctx.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await running.close();
    });
}

const BUCKETS: readonly RateLimitBucket[] = ['api', 'resolvers', 'pages'];

export function parseRateLimits(spec: string): Partial<Record<RateLimitBucket, RateLimitQuota>> {
  const out: Partial<Record<RateLimitBucket, RateLimitQuota>> = {};
  for (const part of spec.split(',')) {
    const m = /^\s*(\w+)\s*=\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(part);
    const bucket = m?.[1] as RateLimitBucket | undefined;
    if (!m || bucket === undefined || !BUCKETS.includes(bucket) || Number(m[3]) < 1) {
      throw new ConfigError(
        `--rate-limit: expected BUCKET=REQUESTS/SECONDS[,...] with BUCKET in ${BUCKETS.join(', ')}, got ${JSON.stringify(part)}`,
      );
    }
    out[bucket] = { quota: Number(m[2]), windowSeconds: Number(m[3]) };
  }
  return out;
}

function parseGrants(grants: string[]): Record<string, { user: string; gatedAccess: boolean }> {
  const out: Record<string, { user: string; gatedAccess: boolean }> = {};
  for (const g of grants) {
    const [token, user, gated, ...rest] = g.split(':');
    if (!token || !user || rest.length > 0 || (gated !== undefined && gated !== 'gated')) {
      throw new ConfigError(`--grant: expected TOKEN:USER[:gated], got ${JSON.stringify(g)}`);
    }
    out[token] = { user, gatedAccess: gated === 'gated' };
  }
  return out;
}
