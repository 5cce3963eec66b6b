// Before the container checks: the engines are here (else one line says what is missing and the
// suite skips; in CI it fails), the stand-in base images exist, and both images are built.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { step } from './support/commands.js';
import { missingEngines } from './support/engines.js';
import {
  buildImage,
  builtImages,
  composeBases,
  dockerfileBases,
  imageSize,
  makeStandins,
} from './support/images.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why the container checks cannot run here; empty when they can. */
    containersSkipReason: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const missing = missingEngines();
  if (missing) {
    if (process.env.CI) {
      throw new Error(`containers: ${missing}; CI needs them (.ci/run installs the engines)`);
    }
    console.log(`containers: skipped, ${missing}`);
    project.provide('containersSkipReason', missing);
    return;
  }
  project.provide('containersSkipReason', '');

  const bases = [
    ...new Set([
      ...builtImages.flatMap((image) => dockerfileBases(image.dockerfile)),
      ...composeBases(),
    ]),
  ];
  const standins = await step(`stand-in base images (${bases.length})`, () => makeStandins(bases));
  process.stdout.write(standins);

  const logDir = mkdtempSync(path.join(tmpdir(), 'gv-image-builds-'));
  for (const image of builtImages) {
    const logFile = path.join(logDir, `${image.name}.log`);
    await step(`podman build ${image.dockerfile} (log: ${logFile})`, () =>
      buildImage(image, logFile),
    );
    const size = await imageSize(image.ref);
    console.log(`containers: ${image.ref} is ${(size / 1e6).toFixed(1)} MB`);
  }
}
