// The account mails, each as plain text and HTML with the same content: the product, what
// happened, the link, and what to do if it was not you.
export const PRODUCT_NAME = 'GV Playground';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

interface MailParts {
  subject: string;
  /** What happened, one paragraph each. */
  paragraphs: string[];
  action?: { label: string; url: string };
  /** What to do if the reader did not ask for this. */
  notYou: string;
}

const escapeHtml = (value: string): string =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

function render(parts: MailParts): MailContent {
  const text = [
    ...parts.paragraphs,
    ...(parts.action ? [`${parts.action.label}:\n${parts.action.url}`] : []),
    parts.notYou,
    `— ${PRODUCT_NAME}`,
  ].join('\n\n');
  const paragraph = (value: string) => `<p style="margin:0 0 16px">${escapeHtml(value)}</p>`;
  const action = parts.action
    ? `<p style="margin:0 0 16px"><a href="${escapeHtml(parts.action.url)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px">${escapeHtml(parts.action.label)}</a></p>` +
      paragraph(`Or open this address: ${parts.action.url}`)
    : '';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(parts.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#111827;max-width:560px;margin:0 auto;padding:24px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(PRODUCT_NAME)}</h1>
${parts.paragraphs.map(paragraph).join('\n')}
${action}
<p style="margin:0 0 16px;color:#4b5563">${escapeHtml(parts.notYou)}</p>
</body></html>`;
  return { subject: parts.subject, text, html };
}

export function passwordResetMail(input: { url: string; validMinutes: number }): MailContent {
  return render({
    subject: `Reset your ${PRODUCT_NAME} password`,
    paragraphs: [
      `Someone asked to reset the password of the ${PRODUCT_NAME} account for this email address.`,
      `The link below sets a new password. It works once, for ${input.validMinutes} minutes; setting a new password signs the account out everywhere.`,
    ],
    action: { label: 'Choose a new password', url: input.url },
    notYou:
      'If it was not you, ignore this mail: your password stays as it is. If it keeps happening, tell your administrator.',
  });
}

export function verifyEmailMail(input: { url: string; validHours: number }): MailContent {
  return render({
    subject: `Confirm your email address for ${PRODUCT_NAME}`,
    paragraphs: [
      `This address was given for a ${PRODUCT_NAME} account. Confirm it is yours with the link below.`,
      `The link works once, for ${input.validHours} hours; the console can send a new one.`,
    ],
    action: { label: 'Confirm my email address', url: input.url },
    notYou:
      'If it was not you, ignore this mail: the address stays unconfirmed and nothing is sent to it again unless someone asks.',
  });
}

export function emailChangeConfirmMail(input: {
  url: string;
  validHours: number;
  currentEmail: string;
}): MailContent {
  return render({
    subject: `Confirm your new email address for ${PRODUCT_NAME}`,
    paragraphs: [
      `The ${PRODUCT_NAME} account of ${input.currentEmail} asked to use this address instead. Confirm it is yours with the link below; the account's email changes once you do.`,
      `The link works once, for ${input.validHours} hours.`,
    ],
    action: { label: 'Use this email address', url: input.url },
    notYou: 'If it was not you, ignore this mail: nothing changes and this address is not used.',
  });
}

export function emailChangeRequestedNotice(input: { newEmail: string }): MailContent {
  return render({
    subject: `Your ${PRODUCT_NAME} email address is about to change`,
    paragraphs: [
      `Someone signed in to your ${PRODUCT_NAME} account with its password and asked to change its email address to ${input.newEmail}.`,
      'Nothing changes until the link mailed to that address is followed.',
    ],
    notYou:
      'If it was not you, change your password now: whoever asked knows it. Then tell your administrator.',
  });
}

export function emailChangedNotice(input: { newEmail: string }): MailContent {
  return render({
    subject: `Your ${PRODUCT_NAME} email address was changed`,
    paragraphs: [
      `The email address of your ${PRODUCT_NAME} account is now ${input.newEmail}. Sign in with that address from now on; mails go there.`,
    ],
    notYou: 'If it was not you, tell your administrator at once: they can restore your access.',
  });
}

export type TwoFactorChange = 'enabled' | 'disabled' | 'reset_by_admin';

const TWO_FACTOR_CHANGES: Record<TwoFactorChange, { subject: string; paragraphs: string[] }> = {
  enabled: {
    subject: `Two-factor sign-in is on for your ${PRODUCT_NAME} account`,
    paragraphs: [
      'Signing in now asks for a code from your authenticator app after the password.',
      'Keep the recovery codes you were shown somewhere safe: each signs you in once if the app is lost.',
    ],
  },
  disabled: {
    subject: `Two-factor sign-in is off for your ${PRODUCT_NAME} account`,
    paragraphs: [
      'Two-factor sign-in was turned off with your password and a code: signing in asks for the password only.',
    ],
  },
  reset_by_admin: {
    subject: `An administrator turned off two-factor sign-in for your ${PRODUCT_NAME} account`,
    paragraphs: [
      'An administrator turned off two-factor sign-in for your account and ended its sessions, usually because the authenticator app was lost.',
      'Sign in with your password and turn it on again from your profile.',
    ],
  },
};

export function twoFactorChangedNotice(change: TwoFactorChange): MailContent {
  return render({
    ...TWO_FACTOR_CHANGES[change],
    notYou: 'If it was not you, change your password and tell your administrator at once.',
  });
}
