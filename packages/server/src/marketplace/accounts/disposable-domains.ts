// Known disposable (throw-away) email domains, refused for trials. Subdomains match too
// (`x.mailinator.com`). The list covers the widely used services; extend it as abuse shows up.

const DOMAINS = `
0-mail.com 10minutemail.com 10minutemail.net 10minutemail.co.uk 10minemail.com 20minutemail.com 33mail.com
anonbox.net anonymbox.com armyspy.com binkmail.com bobmail.info bccto.me boximail.com bugmenot.com
burnermail.io byom.de chacuo.net cool.fr.nf courriel.fr.nf cuvox.de dayrep.com deadaddress.com
discard.email discardmail.com discardmail.de dispostable.com dodgit.com dropmail.me dudmail.com
e4ward.com einrot.com email-fake.com emailfake.com emailondeck.com emailtemporanea.net emailtemporario.com.br
fakeinbox.com fakemail.net fakemailgenerator.com filzmail.com fleckens.hu getairmail.com getnada.com
gishpuppy.com guerrillamail.biz guerrillamail.com guerrillamail.de guerrillamail.info guerrillamail.net
guerrillamail.org guerrillamailblock.com gustr.com harakirimail.com hidemail.de hmamail.com inboxbear.com
incognitomail.org jetable.fr.nf jetable.org jourrapide.com kasmail.com killmail.net klzlk.com
mail-temporaire.fr mail.tm mailcatch.com maildrop.cc maildu.de mailexpire.com mailforspam.com
mailinator.com mailinator.net mailinator2.com mailmetrash.com mailmoat.com mailnesia.com mailnull.com
mailsac.com mailshell.com mailtemp.info mailtothis.com meltmail.com mintemail.com moakt.com mohmal.com
mt2015.com mvrht.com mytemp.email mytrashmail.com nada.email nospam.ze.tc nowmymail.com objectmail.com
one-time.email onewaymail.com pokemail.net proxymail.eu rcpt.at rhyta.com sharklasers.com shieldemail.com
sofimail.com spam4.me spambog.com spambox.us spamdecoy.net spamex.com spamfree24.org spamgourmet.com
spamherelots.com spamhole.com spaml.de spammotel.com spamspot.com superrito.com teleworm.us temp-mail.io
temp-mail.org tempail.com tempemail.net tempinbox.com tempmail.com tempmail.dev tempmail.net tempmailo.com
tempomail.fr temporaryemail.net temporaryinbox.com tempr.email thankyou2010.com throwawaymail.com
tmail.ws tmailinator.com tmpmail.net tmpmail.org trash-mail.com trashmail.at trashmail.com trashmail.de
trashmail.me trashmail.net trashymail.com tyldd.com uggsrock.com wegwerfmail.de wegwerfmail.net
wegwerfmail.org yepmail.net yopmail.com yopmail.fr yopmail.net zetmail.com zoemail.org
`;

/** The shipped list, lower-case. */
export const disposableDomains: ReadonlySet<string> = new Set(DOMAINS.split(/\s+/).filter(Boolean));

/** True when the address's domain (or a parent domain of it) is a known disposable service. */
export function isDisposableEmail(email: string, domains: ReadonlySet<string> = disposableDomains): boolean {
  const at = email.lastIndexOf('@');
  if (at < 0) return false;
  const labels = email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '')
    .split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    if (domains.has(labels.slice(i).join('.'))) return true;
  }
  return false;
}
