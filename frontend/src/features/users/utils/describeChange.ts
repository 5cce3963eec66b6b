// What changing a user's role or status does, said to the admin before they confirm it.
import type { AdminUpdateUserRequest, User } from '@gv/contract';

export interface Change {
  changes: AdminUpdateUserRequest;
  title: string;
  description: string;
  confirmLabel: string;
  tone: 'danger' | 'primary';
  done: string;
}

/** The change to send, and the words of its confirmation dialog and of the toast after it. */
export function describeChange(kind: 'role' | 'status', target: User, isMe: boolean): Change {
  const name = target.name;
  if (kind === 'role') {
    if (target.role === 'user') {
      return {
        changes: { role: 'admin' },
        title: `Make ${name} an admin?`,
        description:
          'They will be able to manage every account — change roles, disable and delete users — read the audit log and watch the System page.',
        confirmLabel: 'Make admin',
        tone: 'primary',
        done: `${name} is now an admin.`,
      };
    }
    return isMe
      ? {
          changes: { role: 'user' },
          title: 'Remove your own admin rights?',
          description:
            'You lose access to the admin pages as soon as you confirm. Only another admin can make you an admin again.',
          confirmLabel: 'Remove my admin rights',
          tone: 'danger',
          done: 'You are no longer an admin.',
        }
      : {
          changes: { role: 'user' },
          title: `Make ${name} a regular user?`,
          description: 'They lose access to the admin pages at once.',
          confirmLabel: 'Make regular user',
          tone: 'danger',
          done: `${name} is now a regular user.`,
        };
  }
  if (target.status === 'disabled') {
    return {
      changes: { status: 'active' },
      title: `Enable ${name}?`,
      description: 'They can sign in again with their password.',
      confirmLabel: 'Enable account',
      tone: 'primary',
      done: `${name} can sign in again.`,
    };
  }
  return isMe
    ? {
        changes: { status: 'disabled' },
        title: 'Disable your own account?',
        description:
          'You are signed out on every device, this one included, and cannot sign in until another admin enables your account.',
        confirmLabel: 'Disable my account',
        tone: 'danger',
        done: 'Your account is disabled and you are signed out.',
      }
    : {
        changes: { status: 'disabled' },
        title: `Disable ${name}?`,
        description:
          'They are signed out on every device and cannot sign in until an admin enables the account again.',
        confirmLabel: 'Disable account',
        tone: 'danger',
        done: `${name} is disabled and signed out everywhere.`,
      };
}
