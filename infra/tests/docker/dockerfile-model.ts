// Reads a Dockerfile (with dockerfile-ast) into plain stages and instructions the checks can use.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';

export interface DockerInstruction {
  keyword: string;
  /** 1-based line, for messages. */
  line: number;
  /** `--from=build` → { from: 'build' }; a flag without a value maps to ''. */
  flags: Record<string, string>;
  /** Whitespace-separated arguments after the flags (shell form). */
  args: string[];
  /** The arguments as one string after the flags, line continuations joined. */
  text: string;
  /** The JSON array of an exec-form instruction (CMD, ENTRYPOINT, HEALTHCHECK CMD), else null. */
  exec: string[] | null;
}

export interface DockerStage {
  name: string | null;
  /** The FROM reference as written, e.g. `node:22.22.0-bookworm-slim`. */
  image: string;
  imageName: string;
  imageTag: string | null;
  imageDigest: string | null;
  instructions: DockerInstruction[];
}

export interface DockerfileModel {
  file: string;
  stages: DockerStage[];
}

function readFlags(instruction: Instruction): Record<string, string> {
  const withFlags = instruction as Instruction & {
    getFlags?: () => { getName(): string; getValue(): string | null }[];
  };
  const flags: Record<string, string> = {};
  for (const flag of withFlags.getFlags?.() ?? []) flags[flag.getName()] = flag.getValue() ?? '';
  return flags;
}

/** The argument text without leading `--flag` tokens, continuation lines joined with a space. */
function textAfterFlags(instruction: Instruction): string {
  const content = (instruction.getArgumentsContent() ?? '').replace(/\\\r?\n/g, ' ');
  return content.replace(/^(\s*--[a-z-]+(=\S*)?)+\s*/i, '').trim();
}

function parseExec(keyword: string, text: string): string[] | null {
  const json = keyword === 'HEALTHCHECK' ? text.replace(/^CMD\s+/, '') : text;
  if (!json.startsWith('[')) return null;
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) return null;
  return parsed;
}

export function parseDockerfile(file: string): DockerfileModel {
  const dockerfile = DockerfileParser.parse(readFileSync(file, 'utf8'));
  const stages: DockerStage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    const text = textAfterFlags(instruction);
    const parsed: DockerInstruction = {
      keyword,
      line: instruction.getRange().start.line + 1,
      flags: readFlags(instruction),
      args: instruction.getArguments().map((argument) => argument.getValue()),
      text,
      exec: ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(keyword)
        ? parseExec(keyword, text)
        : null,
    };
    if (keyword === 'FROM') {
      const from = dockerfile
        .getFROMs()
        .find((candidate) => candidate.getRange().start.line === parsed.line - 1);
      if (!from) throw new Error(`${file}:${parsed.line}: FROM could not be read`);
      stages.push({
        name: from.getBuildStage(),
        image: from.getImage() ?? '',
        imageName: from.getImageName() ?? '',
        imageTag: from.getImageTag(),
        imageDigest: from.getImageDigest(),
        instructions: [parsed],
      });
      continue;
    }
    const current = stages.at(-1);
    if (!current) throw new Error(`${file}:${parsed.line}: ${keyword} before the first FROM`);
    current.instructions.push(parsed);
  }
  return { file, stages };
}

/** The last value an instruction keyword takes in a stage (WORKDIR, USER, CMD...), or undefined. */
export function lastOf(stage: DockerStage, keyword: string): DockerInstruction | undefined {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
}

/** ENV values of a stage (both `ENV A=1 B=2` and the legacy `ENV A 1` forms). */
export function envOf(stage: DockerStage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of stage.instructions.filter((candidate) => candidate.keyword === 'ENV')) {
    if (instruction.args.length >= 1 && instruction.args.every((arg) => arg.includes('='))) {
      for (const arg of instruction.args) {
        const index = arg.indexOf('=');
        env[arg.slice(0, index)] = arg.slice(index + 1).replace(/^"(.*)"$/, '$1');
      }
    } else if (instruction.args[0]) {
      env[instruction.args[0]] = instruction.args.slice(1).join(' ');
    }
  }
  return env;
}

/** The working directory in force at the end of a stage (WORKDIRs resolve against each other). */
export function workdirOf(stage: DockerStage): string {
  let dir = '/';
  for (const instruction of stage.instructions.filter(
    (candidate) => candidate.keyword === 'WORKDIR',
  )) {
    dir = path.posix.resolve(dir, instruction.args[0] ?? '.');
  }
  return dir;
}

export interface CopyInstruction {
  line: number;
  /** Stage name of `--from=`, or null for the build context. */
  from: string | null;
  sources: string[];
  /** Absolute destination inside the stage's file system. */
  destination: string;
  /** True when the destination names a folder (ends in `/`, or several sources). */
  destinationIsDir: boolean;
}

/** COPY instructions of a stage with destinations made absolute against the WORKDIR at that point. */
export function copiesOf(stage: DockerStage): CopyInstruction[] {
  const copies: CopyInstruction[] = [];
  let dir = '/';
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'WORKDIR')
      dir = path.posix.resolve(dir, instruction.args[0] ?? '.');
    if (instruction.keyword !== 'COPY') continue;
    const parts = instruction.args;
    const target = parts.at(-1) ?? '.';
    copies.push({
      line: instruction.line,
      from: instruction.flags.from ?? null,
      sources: parts.slice(0, -1),
      destination: path.posix.resolve(dir, target),
      destinationIsDir: target.endsWith('/') || target === '.' || parts.length > 2,
    });
  }
  return copies;
}
