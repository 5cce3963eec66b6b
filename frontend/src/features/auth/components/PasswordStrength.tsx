// How hard the new password being typed is to guess, scored by the estimator the server enforces
// (docs/decisions/121). The estimator and its dictionaries are several hundred kilobytes, so
// they are imported the first time someone types, never with the page.
import type { PasswordAssessment, PasswordScore } from '@gv/contract/password-strength';
import { useEffect, useState } from 'react';

const loadEstimator = () => import('@gv/contract/password-strength');

/** Typing pauses shorter than this do not start an estimate. */
const TYPING_PAUSE_MS = 150;

const BAR_COLOURS: Record<PasswordScore, string> = {
  0: 'bg-red-600',
  1: 'bg-red-600',
  2: 'bg-amber-500',
  3: 'bg-green-600',
  4: 'bg-green-600',
};

interface Estimate {
  assessment: PasswordAssessment;
  label: string;
}

export function PasswordStrength({
  password,
  email,
  name,
}: {
  password: string;
  email?: string;
  name?: string;
}) {
  const [estimate, setEstimate] = useState<Estimate | null>(null);

  useEffect(() => {
    if (!password) {
      setEstimate(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      void loadEstimator().then((estimator) => {
        if (!current) return;
        const assessment = estimator.assessPassword(password, { email, name });
        setEstimate({ assessment, label: estimator.PASSWORD_SCORE_LABELS[assessment.score] });
      });
    }, TYPING_PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [password, email, name]);

  if (!password || !estimate) return null;
  const { assessment, label } = estimate;
  return (
    <div className="mt-2 text-sm" aria-live="polite">
      <div className="flex gap-1" aria-hidden="true">
        {[0, 1, 2, 3].map((segment) => (
          <span
            key={segment}
            className={`h-1.5 flex-1 rounded ${
              segment < Math.max(1, assessment.score)
                ? BAR_COLOURS[assessment.score]
                : 'bg-slate-200 dark:bg-slate-700'
            }`}
          />
        ))}
      </div>
      <p className="mt-1">
        Strength: <strong>{label}</strong>
        {assessment.problem && <span className="muted"> — {assessment.problem}</span>}
      </p>
    </div>
  );
}
