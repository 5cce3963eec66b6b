// Static policy for both Dockerfiles: what a successful build does not prove. Pinned bases,
// multi-stage, non-root numeric user, health check, exec-form start, no secrets in layers, and
// .dockerignore sending every file a COPY needs. The real builds and runs are infra/containers.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../policy/support/tools.js';
import { isSentToBuild, readDockerignore } from './dockerignore.js';
import {
  copiesOf,
  envOf,
  lastOf,
  parseDockerfile,
  workdirOf,
  type DockerfileModel,
  type DockerStage,
} from './dockerfile-model.js';

const images = [
  { name: 'backend', file: 'backend/Dockerfile', port: '3000' },
  { name: 'frontend', file: 'frontend/Dockerfile', port: '8080' },
] as const;

const ignoreRules = readDockerignore(path.join(repoRoot, '.dockerignore'));

/** Files under a folder, skipping what is never part of a build (installed or built). */
function filesUnder(relativeDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
      const child = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!['node_modules', 'dist', '.data', 'coverage'].includes(entry.name)) walk(child);
      } else {
        files.push(child);
      }
    }
  };
  walk(relativeDir);
  return files;
}

/** Files .dockerignore leaves out on purpose: tests and the Dockerfiles themselves. */
const leftOutOnPurpose = (file: string) =>
  /\.test\.tsx?$|\/__tests__\//.test(file) || path.posix.basename(file) === 'Dockerfile';

describe.each(images)('$file', ({ name, file, port }) => {
  const model: DockerfileModel = parseDockerfile(path.join(repoRoot, file));
  const finalStage = model.stages.at(-1) as DockerStage;
  const stageNames = model.stages.map((stage) => stage.name).filter(Boolean);

  it('is multi-stage: a build stage with the toolchain, a final stage without it', () => {
    expect(model.stages.length).toBeGreaterThanOrEqual(2);
    const buildRuns = model.stages[0]?.instructions
      .filter((i) => i.keyword === 'RUN')
      .map((i) => i.text);
    expect(buildRuns).toContainEqual(expect.stringContaining('npm ci'));
    expect(buildRuns).toContainEqual(expect.stringContaining('npm run build'));
    const finalRuns = finalStage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.text);
    expect(finalRuns.join('\n')).not.toMatch(/npm (ci|install)|npm run build/);
  });

  it('pins every base image to a version tag or digest, never latest', () => {
    for (const stage of model.stages) {
      if (stageNames.includes(stage.imageName)) continue;
      const pinned =
        stage.imageDigest?.startsWith('sha256:') ||
        (stage.imageTag !== null && /\d+\.\d+\.\d+/.test(stage.imageTag));
      expect(pinned, `FROM ${stage.image} must carry a full version tag or a digest`).toBe(true);
      expect(stage.imageTag).not.toBe('latest');
    }
  });

  it('never ADDs remote URLs (everything comes from the context or a pinned image)', () => {
    const adds = model.stages.flatMap((stage) =>
      stage.instructions.filter((i) => i.keyword === 'ADD'),
    );
    for (const add of adds) {
      expect(
        add.args.some((arg) => /^(https?|git):\/\//.test(arg)),
        `line ${add.line}`,
      ).toBe(false);
    }
  });

  it('runs as a numeric, non-root user', () => {
    const user = lastOf(finalStage, 'USER');
    expect(user, 'the final stage sets USER').toBeDefined();
    const match = /^(\d+)(?::(\d+))?$/.exec(user?.args[0] ?? '');
    expect(match, `USER ${user?.args[0]} must be numeric (uid[:gid])`).not.toBeNull();
    expect(Number(match?.[1])).toBeGreaterThan(0);
    expect(Number(match?.[2] ?? 1)).toBeGreaterThan(0);
  });

  it('has an exec-form HEALTHCHECK that needs no shell', () => {
    const healthcheck = lastOf(finalStage, 'HEALTHCHECK');
    expect(healthcheck, 'HEALTHCHECK present').toBeDefined();
    expect(healthcheck?.exec, 'HEALTHCHECK CMD ["..."] (exec form)').not.toBeNull();
    expect(healthcheck?.flags).toMatchObject({
      interval: expect.any(String),
      timeout: expect.any(String),
    });
  });

  it('starts the server with an exec-form CMD, so the server itself receives the stop signal', () => {
    expect(lastOf(finalStage, 'CMD')?.exec).not.toBeNull();
    expect(lastOf(finalStage, 'ENTRYPOINT')).toBeUndefined();
    expect(lastOf(finalStage, 'EXPOSE')?.args).toEqual([port]);
  });

  it('COPYs from the build context only files that exist and that .dockerignore sends', () => {
    for (const stage of model.stages) {
      for (const copy of copiesOf(stage).filter((candidate) => candidate.from === null)) {
        for (const source of copy.sources) {
          const where = `${file}:${copy.line} COPY ${source}`;
          expect(
            existsSync(path.join(repoRoot, source)),
            `${where}: missing in the repository`,
          ).toBe(true);
          expect(isSentToBuild(ignoreRules, source), `${where}: excluded by .dockerignore`).toBe(
            true,
          );
          if (statSync(path.join(repoRoot, source)).isDirectory()) {
            const dropped = filesUnder(source).filter(
              (candidate) => !leftOutOnPurpose(candidate) && !isSentToBuild(ignoreRules, candidate),
            );
            expect(dropped, `${where}: files the build needs are excluded`).toEqual([]);
          }
        }
      }
    }
  });

  it('bakes no secrets into a layer: no secret-like ENV or ARG, .env files never sent', () => {
    const secretLike = /PASSWORD|SECRET|TOKEN|PRIVATE_KEY|DATABASE_URL|REDIS_URL/;
    for (const stage of model.stages) {
      for (const instruction of stage.instructions.filter((i) =>
        ['ENV', 'ARG'].includes(i.keyword),
      )) {
        expect(instruction.text, `${file}:${instruction.line}`).not.toMatch(secretLike);
      }
    }
    for (const secretFile of ['.env', 'backend/.env', '.env.production', 'backend/.data/jwt.key']) {
      expect(isSentToBuild(ignoreRules, secretFile), secretFile).toBe(false);
    }
  });

  if (name === 'backend') {
    it('ships production dependencies only, the compiled server and the migrations', () => {
      const nodeModules = copiesOf(finalStage).find(
        (copy) => copy.destination === '/app/node_modules',
      );
      const depsStage = model.stages.find((stage) => stage.name === nodeModules?.from);
      const install = depsStage?.instructions.find(
        (i) => i.keyword === 'RUN' && i.text.startsWith('npm ci'),
      );
      expect(install?.text).toMatch(/--omit=dev/);
      const destinations = copiesOf(finalStage).map((copy) => copy.destination);
      expect(destinations).toEqual(
        expect.arrayContaining([
          '/app/dist',
          '/app/drizzle',
          '/app/package.json',
          '/app/node_modules',
        ]),
      );
      expect(workdirOf(finalStage)).toBe('/app');
      expect(lastOf(finalStage, 'CMD')?.exec).toEqual(['node', 'dist/server.js']);
      // The migration Job migrates; the image's own start only checks the schema.
      expect(envOf(finalStage)).toMatchObject({
        NODE_ENV: 'production',
        SERVE_FRONTEND: 'false',
        MIGRATE_ON_START: 'false',
      });
    });
  }

  if (name === 'frontend') {
    it('serves the built SPA with unprivileged nginx and the repository nginx configuration', () => {
      expect(finalStage.imageName).toBe('nginxinc/nginx-unprivileged');
      const copies = copiesOf(finalStage);
      expect(copies).toContainEqual(
        expect.objectContaining({
          from: 'build',
          sources: ['/app/frontend/dist'],
          destination: '/usr/share/nginx/html',
        }),
      );
      expect(copies.map((copy) => copy.destination)).toEqual(
        expect.arrayContaining([
          '/etc/nginx/nginx.conf',
          '/etc/nginx/templates',
          '/etc/nginx/snippets',
        ]),
      );
      expect(lastOf(finalStage, 'STOPSIGNAL')?.args).toEqual(['SIGQUIT']);
    });
  }
});
