// A reader for Fluentd's configuration format (directives, nested sections, parameters,
// @include), enough to check infra/monitoring/fluentd statically: Fluentd and its plugins are
// Ruby gems that cannot be installed on the test machines.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { monitoringDir } from './monitoring-files.js';

export const fluentdDir = path.join(monitoringDir, 'fluentd');

export interface FluentSection {
  /** source, filter, match, label, parse, pattern, buffer, store, record, system... */
  name: string;
  /** The tag pattern of filter/match, the label name of label; empty otherwise. */
  arg: string;
  params: Record<string, string>;
  includes: string[];
  children: FluentSection[];
  line: number;
}

/** Parses a Fluentd configuration file into its sections; throws on unbalanced tags. */
export function parseFluentConfig(text: string): FluentSection {
  const root: FluentSection = {
    name: 'ROOT',
    arg: '',
    params: {},
    includes: [],
    children: [],
    line: 0,
  };
  const stack = [root];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    const current = stack.at(-1)!;
    if (line === '' || line.startsWith('#')) return;
    const close = /^<\/(\w+)>$/.exec(line);
    if (close) {
      if (current.name !== close[1]) {
        throw new Error(`line ${index + 1}: </${close[1]}> closes <${current.name}>`);
      }
      stack.pop();
      return;
    }
    const open = /^<(\w+)(?:\s+(.+?))?\s*>$/.exec(line);
    if (open) {
      const section: FluentSection = {
        name: open[1]!,
        arg: open[2] ?? '',
        params: {},
        includes: [],
        children: [],
        line: index + 1,
      };
      current.children.push(section);
      stack.push(section);
      return;
    }
    const param = /^(@?\w+)(?:\s+(.*))?$/.exec(line);
    if (!param) throw new Error(`line ${index + 1}: cannot read "${line}"`);
    if (param[1] === '@include') current.includes.push(param[2] ?? '');
    else current.params[param[1]!] = param[2] ?? '';
  });
  if (stack.length !== 1) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  return root;
}

export function readFluentConfig(file: string): FluentSection {
  return parseFluentConfig(readFileSync(path.join(fluentdDir, file), 'utf8'));
}

export function sections(parent: FluentSection, name: string): FluentSection[] {
  return parent.children.filter((child) => child.name === name);
}

/** Every section below `parent`, depth first. */
export function descendants(parent: FluentSection): FluentSection[] {
  return parent.children.flatMap((child) => [child, ...descendants(child)]);
}

/**
 * Fluentd's tag matching: a pattern is one or more space-separated alternatives; `*` matches one
 * tag part, `**` zero or more parts, `{a,b}` either a or b.
 */
export function tagMatches(pattern: string, tag: string): boolean {
  return pattern.split(/\s+/).some((alternative) => {
    let regex = '';
    for (let i = 0; i < alternative.length; i += 1) {
      const rest = alternative.slice(i);
      if (rest.startsWith('.**')) {
        regex += '(?:\\..*)?';
        i += 2;
      } else if (rest.startsWith('**')) {
        regex += '.*';
        i += 1;
      } else if (rest[0] === '*') regex += '[^.]*';
      else if (rest[0] === '{') {
        const end = alternative.indexOf('}', i);
        regex += `(?:${alternative
          .slice(i + 1, end)
          .split(',')
          .map((part) => part.replace(/[.]/g, '\\.'))
          .join('|')})`;
        i = end;
      } else regex += rest[0]!.replace(/[.+?^$()[\]\\|]/g, '\\$&');
    }
    return new RegExp(`^${regex}$`).test(tag);
  });
}

/** The tag in_tail gives a file with `tag prefix.*`: the path with `/` turned into `.`. */
export function tailTag(tagParam: string, file: string): string {
  return tagParam.replace('*', file.replace(/^\//, '').replaceAll('/', '.'));
}

/** A Ruby regexp literal (/.../) as a JavaScript RegExp; named groups read the same. */
export function rubyRegexp(literal: string): RegExp {
  const match = /^\/(.*)\/([a-z]*)$/.exec(literal.trim());
  if (!match) throw new Error(`not a regexp literal: ${literal}`);
  return new RegExp(match[1]!);
}

/** The CRI log-line parser of the tail source: `<time> <stream> <F|P> <line>`. */
export function criLineParser(): RegExp {
  const source = sections(readFluentConfig('fluent.conf'), 'source')[0];
  const pattern = descendants(source!).find(
    (section) => section.name === 'pattern' && section.params.format === 'regexp',
  );
  if (!pattern?.params.expression) throw new Error('the tail source has no regexp pattern');
  return rubyRegexp(pattern.params.expression);
}

/** Shell-style glob (as in_tail's `path`) to RegExp: `*` matches within one path segment. */
export function globRegexp(glob: string): RegExp {
  const regex = glob.replace(/[.+?^$()[\]\\|{}]/g, '\\$&').replaceAll('*', '[^/]*');
  return new RegExp(`^${regex}$`);
}
