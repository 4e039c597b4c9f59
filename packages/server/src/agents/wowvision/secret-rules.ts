// Secrets that must never be committed: by file name (a real `.env`, private keys, key stores) and by
// content (PEM private keys, cloud and platform tokens). Deterministic; a match is a core violation.

/** Example env files carry no secrets by convention; every other `.env*` file may. */
const ENV_EXAMPLES = ['.env.example', '.env.sample', '.env.template', '.env.dist'];
const KEY_FILES = ['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519'];
const KEY_EXTENSIONS = ['.pem', '.key', '.p12', '.pfx', '.jks', '.keystore', '.ppk', '.asc'];

const SECRET_CONTENT: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: 'a private key', pattern: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY(?: BLOCK)?-----/ },
  { name: 'an AWS access key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/ },
  { name: 'a Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/ },
  { name: 'a Stripe live key', pattern: /\b[rs]k_live_[A-Za-z0-9]{20,}\b/ },
  { name: 'a model API key', pattern: /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{32,}\b/ },
];

/** Why the file name says "secret", or undefined. */
export function secretFileReason(path: string): string | undefined {
  const base = (path.split('/').pop() ?? path).toLowerCase();
  if ((base === '.env' || base.startsWith('.env.') || base.endsWith('.env')) && !ENV_EXAMPLES.includes(base))
    return `${base} is an environment file that holds secrets; only .env.example is allowed`;
  if (KEY_FILES.includes(base)) return `${base} is an SSH private key`;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot) : '';
  if (KEY_EXTENSIONS.includes(ext)) return `${ext} files hold private keys or certificates with keys`;
  return undefined;
}

/** What kind of secret the content holds (never the secret itself), or undefined. */
export function secretContentReason(content: string | undefined): string | undefined {
  if (!content) return undefined;
  const hit = SECRET_CONTENT.find((s) => s.pattern.test(content));
  return hit ? `The file contains ${hit.name}` : undefined;
}
