// The ten single-use recovery codes, shown once: the server keeps only their hashes, so this is
// the one moment they can be copied or saved. The person says they saved them before moving on.
import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { saveBlob } from '../../../lib/saveBlob';

const FILE_NAME = 'gv-playground-recovery-codes.txt';

function saveAsFile(codes: readonly string[], email: string) {
  const text = [
    `GV Playground recovery codes for ${email}`,
    'Each code signs you in once when you cannot use your authenticator app.',
    '',
    ...codes,
    '',
  ].join('\n');
  saveBlob(new Blob([text], { type: 'text/plain' }), FILE_NAME);
}

export function RecoveryCodes({
  codes,
  email,
  onDone,
}: {
  codes: readonly string[];
  /** Named in the downloaded file, so a person with several accounts knows whose codes they are. */
  email: string;
  onDone: () => void;
}) {
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const headingId = useId();

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopied('yes');
    } catch {
      // Clipboard access can be refused (an insecure origin, a denied permission).
      setCopied('failed');
    }
  };

  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <h3 id={headingId} className="font-semibold">
        Your recovery codes
      </h3>
      <Alert tone="warning">
        Save these codes somewhere safe, such as a password manager. Each one signs you in once if
        you lose your authenticator app. They are shown only now.
      </Alert>
      <ol
        aria-label="Recovery codes"
        className="grid grid-cols-2 gap-x-6 gap-y-1 rounded-lg bg-slate-100 p-4 font-mono text-sm dark:bg-slate-800"
      >
        {codes.map((code) => (
          <li key={code} data-testid="recovery-code">
            {code}
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" size="sm" onClick={() => void copy()}>
          {copied === 'yes' ? 'Copied' : 'Copy codes'}
        </Button>
        <Button variant="secondary" size="sm" onClick={() => saveAsFile(codes, email)}>
          Download codes
        </Button>
      </div>
      {copied === 'failed' && (
        <Alert tone="error">
          Could not copy: select the codes and copy them, or download them.
        </Alert>
      )}
      <label className="flex cursor-pointer items-center gap-2 text-sm font-medium">
        <input
          type="checkbox"
          className="h-4 w-4 accent-indigo-600"
          checked={saved}
          onChange={(event) => setSaved(event.target.checked)}
        />
        I saved my recovery codes
      </label>
      <Button disabled={!saved} onClick={onDone}>
        Done
      </Button>
    </section>
  );
}
