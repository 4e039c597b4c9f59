// Config values given as references to the secrets store (`secret:<name>`, a platform secret): model
// API keys, the GitHub token and webhook secret, the SMTP URL. Resolved once at start-up, each read
// audited with the setting it serves as its purpose.
import type { Config } from '../../config.js';
import { PlatformError } from '../../errors.js';
import type { Secrets } from './secrets.js';

export const SECRET_REFERENCE = /^secret:([A-Za-z0-9._-]{1,100})$/;

/** The secret's name when `value` is a reference, else undefined. */
export function secretReference(value: string | undefined): string | undefined {
  return value === undefined ? undefined : SECRET_REFERENCE.exec(value)?.[1];
}

/** `config` with every `secret:<name>` setting replaced by the platform secret's value. */
export async function resolveSecretReferences(config: Config, secrets: Secrets): Promise<Config> {
  const resolve = async (setting: string, value: string | undefined): Promise<string | undefined> => {
    const name = secretReference(value);
    if (name === undefined) return value;
    try {
      return await secrets.reveal(
        { tenantId: null, name },
        { actor: 'system', purpose: `config:${setting}` },
      );
    } catch (err) {
      throw new PlatformError(
        'CONFIG_INVALID',
        `${setting} refers to secret "${name}", which cannot be read`,
        {
          details: { key: setting, secret: name },
          cause: err,
        },
      );
    }
  };
  const providers = await Promise.all(
    config.models.providers.map(async (p, i) => {
      const apiKey = await resolve(`models.providers[${i}].apiKey`, p.apiKey);
      return apiKey === undefined ? p : { ...p, apiKey };
    }),
  );
  const smtpUrl = await resolve('mail.smtpUrl', config.mail.smtpUrl);
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl))
    throw new PlatformError('CONFIG_INVALID', 'mail.smtpUrl must start with smtp:// or smtps://', {
      details: { key: 'SMTP_URL' },
    });
  const token = await resolve('github.token', config.github.token);
  const webhookSecret = await resolve('github.webhookSecret', config.github.webhookSecret);
  return {
    ...config,
    models: { ...config.models, providers },
    mail: { ...config.mail, ...(smtpUrl === undefined ? {} : { smtpUrl }) },
    github: {
      ...config.github,
      ...(token === undefined ? {} : { token }),
      ...(webhookSecret === undefined ? {} : { webhookSecret }),
    },
  };
}
