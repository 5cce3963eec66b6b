import type { LogLevel } from '@gv/contract';
import { Badge } from '../../../components/Badge';

const TONE = { debug: 'neutral', info: 'sky', warn: 'amber', error: 'red' } as const;

export function LevelBadge({ level }: { level: LogLevel }) {
  return <Badge tone={TONE[level]}>{level}</Badge>;
}
