// Mail in Kubernetes: the backend starts with or without SMTP_URL, the AWS overlays sync it from
// the Secrets Manager secret Terraform writes (modules/mail), and send from the domain SES verified.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../policy/support/tools.js';
import { OVERLAYS, parseManifests, type K8sObject } from '../../policy/k8s/kustomize.js';
import { AWS_OVERLAYS, baseName } from './manifest-context.js';

const run = promisify(execFile);

const builds = new Map<string, Promise<K8sObject[]>>();

/** The overlay as committed, built once. */
function build(overlay: string): Promise<K8sObject[]> {
  let objects = builds.get(overlay);
  if (!objects) {
    const dir = path.join(repoRoot, 'infra/k8s/overlays', overlay);
    objects = run('kubectl', ['kustomize', dir], { maxBuffer: 64 * 1024 * 1024 }).then(
      ({ stdout }) => parseManifests(stdout),
    );
    builds.set(overlay, objects);
  }
  return objects;
}

function settingsOf(overlay: string): Record<string, string> {
  const file = path.join(repoRoot, 'infra/k8s/overlays', overlay, 'settings.env');
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => line.split('=') as [string, string]),
  );
}

interface BackendSpec {
  template: { spec: { containers: { name: string; envFrom?: unknown[] }[] } };
}

describe.each(OVERLAYS)('%s', (overlay) => {
  const isAws = AWS_OVERLAYS.includes(overlay);

  it('starts the backend without mail: SMTP_URL comes from an optional Secret', async () => {
    const backends = (await build(overlay)).filter(
      (object) =>
        object.kind === 'Deployment' &&
        object.metadata.labels?.['app.kubernetes.io/name'] === 'gv-backend',
    );
    expect(backends.length).toBeGreaterThan(0);
    for (const backend of backends) {
      const container = (backend.spec as BackendSpec).template.spec.containers.find(
        (candidate) => candidate.name === 'backend',
      );
      expect(container?.envFrom, backend.metadata.name).toContainEqual({
        secretRef: { name: 'gv-backend-mail', optional: true },
      });
    }
  });

  it(
    isAws
      ? "syncs SMTP_URL from the environment's smtp secret and sends from its domain"
      : 'has no ExternalSecret for mail (SMTP_URL may come from .env) and no SES sender',
    async () => {
      const objects = await build(overlay);
      const mail = objects.filter(
        (object) => object.kind === 'ExternalSecret' && object.metadata.name === 'gv-backend-mail',
      );
      const config = objects.find(
        (object) =>
          object.kind === 'ConfigMap' && baseName(object.metadata.name) === 'gv-backend-config',
      )?.data as Record<string, string>;
      if (!isAws) {
        expect(mail).toEqual([]);
        expect(config.MAIL_FROM).toBeUndefined();
        return;
      }
      expect(mail.map((secret) => secret.spec)).toEqual([
        expect.objectContaining({
          target: { name: 'gv-backend-mail', creationPolicy: 'Owner' },
          secretStoreRef: { kind: 'SecretStore', name: 'aws-secrets-manager' },
          data: [
            {
              secretKey: 'SMTP_URL',
              remoteRef: { key: `gv-playground/${overlay}/smtp`, property: 'SMTP_URL' },
            },
          ],
        }),
      ]);
      // SES only sends from the domain its identity verified: the environment's domain_name.
      expect(config.MAIL_FROM).toBe(`no-reply@${settingsOf(overlay).DOMAIN_NAME}`);
    },
  );
});
