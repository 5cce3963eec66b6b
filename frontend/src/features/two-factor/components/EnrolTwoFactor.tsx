// Turning on two-factor sign-in: the password, then the QR code (and the secret, for apps that
// cannot scan) and a first code from the app, which proves the app has the secret. The server
// then answers the recovery codes, which the parent shows once.
import {
  confirmTwoFactorEnrolmentRequestSchema,
  startTwoFactorEnrolmentRequestSchema,
  TWO_FACTOR_ENROLMENT_VALID_MINUTES,
  type TwoFactorEnrolment,
} from '@gv/contract';
import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { TextField } from '../../../components/TextField';
import { useForm } from '../../../lib/forms/useForm';
import { confirmEnrolment, startEnrolment } from '../api/twoFactorApi';

/**
 * The server's SVG as an image: an <img> never runs scripts or reaches into the page, whatever
 * the document holds, which inserting the markup into the page could.
 */
function qrCodeSource(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** "JBSW Y3DP EHPK 3PXP": groups of four are easier to type; apps ignore the spaces. */
function groupForReading(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

export function EnrolTwoFactor({
  email,
  onEnabled,
  onCancel,
}: {
  email: string;
  onEnabled: (recoveryCodes: string[]) => void;
  onCancel: () => void;
}) {
  const [enrolment, setEnrolment] = useState<TwoFactorEnrolment>();
  const passwordForm = useForm({
    initialValues: { password: '' },
    schema: startTwoFactorEnrolmentRequestSchema,
    onSubmit: async (request) => setEnrolment(await startEnrolment(request)),
  });
  const codeForm = useForm({
    initialValues: { code: '' },
    schema: confirmTwoFactorEnrolmentRequestSchema,
    prepare: ({ code }) => ({ code: code.replace(/\s/g, '') }),
    onSubmit: async (request) => onEnabled((await confirmEnrolment(request)).recoveryCodes),
  });

  if (!enrolment) {
    return (
      <form
        ref={passwordForm.formRef}
        onSubmit={passwordForm.handleSubmit}
        noValidate
        className="space-y-4"
      >
        {passwordForm.formError && <Alert tone="error">{passwordForm.formError}</Alert>}
        <p className="muted text-sm">Enter your password to start.</p>
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          autoFocus
          field={passwordForm.field('password')}
        />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" busy={passwordForm.submitting}>
            Continue
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    );
  }

  return (
    <form ref={codeForm.formRef} onSubmit={codeForm.handleSubmit} noValidate className="space-y-4">
      <ol className="list-decimal space-y-4 pl-5 text-sm">
        <li>
          <p>Scan this QR code with your authenticator app.</p>
          {/* White around the code in both themes: scanners need the light border. */}
          <img
            src={qrCodeSource(enrolment.qrCodeSvg)}
            alt="QR code holding the two-factor secret for your authenticator app"
            className="mt-2 h-44 w-44 rounded-lg bg-white p-2"
          />
          <p className="mt-2">Cannot scan it? Enter this key in the app instead:</p>
          <code
            aria-label="Secret key"
            className="mt-1 inline-block rounded bg-slate-100 px-2 py-1 font-mono break-all dark:bg-slate-800"
          >
            {groupForReading(enrolment.secret)}
          </code>
        </li>
        <li>
          <p>
            Enter the code the app shows to finish. This QR code works for{' '}
            {TWO_FACTOR_ENROLMENT_VALID_MINUTES} minutes.
          </p>
        </li>
      </ol>
      {codeForm.formError && <Alert tone="error">{codeForm.formError}</Alert>}
      <TextField
        label="6-digit code"
        autoComplete="one-time-code"
        inputMode="numeric"
        field={codeForm.field('code')}
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" busy={codeForm.submitting}>
          Turn on two-factor
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
