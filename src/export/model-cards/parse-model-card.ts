/**
 * A model card (README.md) -> its YAML front matter as a JSON object and the text after it. Pure. A card
 * without front matter, or whose front matter is not a YAML mapping, keeps its text and says why.
 */
import { parse } from 'yaml';

export interface ParsedModelCard {
  /** The front matter; null when there is none or it did not parse. */
  frontMatter: Record<string, unknown> | null;
  /** Why the front matter did not parse (one line); null otherwise. */
  parseError: string | null;
  /** The README after the front matter (the whole README without one). */
  text: string;
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export function parseModelCard(readme: string): ParsedModelCard {
  const source = readme.startsWith('\uFEFF') ? readme.slice(1) : readme;
  const match = FRONT_MATTER.exec(source);
  if (match === null) return { frontMatter: null, parseError: null, text: source };
  const text = source.slice(match[0].length);
  let value: unknown;
  try {
    // The YAML 1.2 core schema keeps dates as strings, as the Hub's cardData does.
    value = parse(match[1] as string, { schema: 'core', maxAliasCount: 100 });
  } catch (error) {
    return { frontMatter: null, parseError: oneLine((error as Error).message), text };
  }
  if (value === null || value === undefined) return { frontMatter: {}, parseError: null, text };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { frontMatter: null, parseError: 'the front matter is not a mapping', text };
  }
  return { frontMatter: value as Record<string, unknown>, parseError: null, text };
}

function oneLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}
