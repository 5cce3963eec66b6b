// A stand-in for kubectl in the rollout tests: records every call (arguments and stdin) and
// answers from a scenario file, so the tests can check the exact command sequence.
//   FAKE_KUBECTL_DIR  folder with scenario.json; calls are appended to calls.jsonl there.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.FAKE_KUBECTL_DIR;
const scenario = JSON.parse(readFileSync(path.join(dir, 'scenario.json'), 'utf8'));
const args = process.argv.slice(2);
const stdin = args.includes('-f') && args.includes('-') ? readFileSync(0, 'utf8') : '';
appendFileSync(path.join(dir, 'calls.jsonl'), `${JSON.stringify({ args, stdin })}\n`);

// Drop the leading `-n <namespace>` to match on the verb.
const verb = args[0] === '-n' ? args.slice(2) : args;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each `get deployment` answers the next revision in the scenario's list for that name. */
function nextRevision(name) {
  const counterFile = path.join(dir, 'revision-reads.json');
  let reads = {};
  try {
    reads = JSON.parse(readFileSync(counterFile, 'utf8'));
  } catch {
    reads = {};
  }
  const index = reads[name] ?? 0;
  reads[name] = index + 1;
  writeFileSync(counterFile, JSON.stringify(reads));
  const answers = scenario.revisions?.[name] ?? [];
  return answers[Math.min(index, answers.length - 1)] ?? '';
}

switch (verb[0]) {
  case 'kustomize':
    process.stdout.write(scenario.manifests);
    break;
  case 'wait': {
    const condition = verb.find((arg) => arg.startsWith('--for=condition='))?.split('=')[2];
    if (condition === scenario.job) break;
    // The other condition never arrives: kubectl would wait out its timeout (or be killed).
    await sleep(scenario.job === 'hang' ? 300 : 30_000);
    process.stderr.write(`error: timed out waiting for the condition on jobs/gv-backend-migrate\n`);
    process.exit(1);
    break;
  }
  case 'logs':
    process.stdout.write('Applying migration 0007_add_sessions_index... error: relation exists\n');
    break;
  case 'get':
    process.stdout.write(nextRevision(verb[2]));
    break;
  case 'rollout':
    if (verb[1] === 'undo') {
      writeFileSync(path.join(dir, `undone-${verb[2].replace('deployment/', '')}`), '');
    }
    if (verb[1] === 'status') {
      const name = verb[2].replace('deployment/', '');
      const undone = existsSync(path.join(dir, `undone-${name}`));
      if (scenario.failRollout === name && !undone) {
        process.stderr.write(`error: deployment "${name}" exceeded its progress deadline\n`);
        process.exit(1);
      }
      process.stdout.write(`deployment "${name}" successfully rolled out\n`);
    }
    break;
  default:
    break;
}
