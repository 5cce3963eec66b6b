// Decides which repository files a `.dockerignore` sends to the build, with Docker's rules:
// patterns are relative to the context root, `*` and `?` stop at `/`, `**` spans folders, a path
// is matched when it or one of its parent folders matches, `!` re-includes, and the last matching
// line wins.
import { readFileSync } from 'node:fs';

interface IgnoreRule {
  pattern: string;
  negated: boolean;
  regex: RegExp;
}

function toRegex(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    if (char === '*' && pattern[index + 1] === '*') {
      const spansFolder = pattern[index + 2] === '/';
      source += spansFolder ? '(?:.*/)?' : '.*';
      index += spansFolder ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

export function readDockerignore(file: string): IgnoreRule[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const pattern = (negated ? line.slice(1) : line)
        .trim()
        .replace(/^\/+/, '')
        .replace(/\/+$/, '');
      return { pattern, negated, regex: toRegex(pattern) };
    });
}

/** True when the build context contains `relativePath` (a path relative to the context root). */
export function isSentToBuild(rules: IgnoreRule[], relativePath: string): boolean {
  const parts = relativePath.split('/');
  const candidates = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
  let included = true;
  for (const rule of rules) {
    if (candidates.some((candidate) => rule.regex.test(candidate))) included = rule.negated;
  }
  return included;
}
