// WowVision Prime's wake filter: deterministic, never calls a model, ignores unknown events (digest §4.5).
import { extensionOf } from './vision.js';

export interface VisionEvent {
  type?: string;
  path?: string;
  author?: string;
  body?: string;
}

const NO_WAKE_CONFIG = ['.yaml', '.yml', '.json', '.toml', '.ini', '.env', '.env.example'];
const BOT_MARKERS = ['bot', 'github-actions', 'dependabot', 'renovate'];
const REPLY_MARKERS = ['APPROVE:', 'REJECT:', 'MODIFY:', 'vision-violation'];

export function shouldWake(event: VisionEvent): boolean {
  switch (event.type) {
    case 'github.file.created':
    case 'github.file.updated': {
      const path = event.path ?? '';
      if (!path) return false;
      const base = path.split('/').pop() ?? '';
      if (base.toLowerCase() === 'readme.md') return false;
      if (NO_WAKE_CONFIG.includes(extensionOf(path))) return false;
      if (path.toLowerCase().includes('lock')) return false;
      return true;
    }
    case 'github.pr.opened':
      return true;
    case 'github.issue.comment':
      return REPLY_MARKERS.some((m) => (event.body ?? '').includes(m));
    case 'github.commit.pushed': {
      const author = (event.author ?? '').toLowerCase();
      return !BOT_MARKERS.some((m) => author.includes(m));
    }
    default:
      // File deleted, PR closed, branch events, unknown or missing types: stay asleep.
      return false;
  }
}
