// Sign up: name, work email, password and organisation (the tenant). Each field is checked as it is
// typed, with its message next to it; the API's own validation lands on the same fields. The account
// is signed in at once; trials wait for the email to be verified through the link in the mail outbox.
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { signUp } from '../api.js';
import { ErrorAlert, fieldIssues } from '../components/error-alert.js';
import { AuthField, emailRule } from '../components/auth-field.js';
import { rememberNext, safeNext } from '../next-path.js';

interface SignUpForm {
  name: string;
  organisationName: string;
  email: string;
  password: string;
}

export function SignUpPage() {
  const [query] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(query.get('next'));
  const form = useForm<SignUpForm>({
    defaultValues: { name: '', email: '', password: '', organisationName: '' },
    mode: 'onTouched',
  });
  const [error, setError] = useState<unknown>(undefined);
  const [mailed, setMailed] = useState(false);

  const submit = form.handleSubmit(async (values) => {
    setError(undefined);
    try {
      const session = await signUp(values);
      if (!session) {
        setMailed(true);
        return;
      }
      rememberNext(next);
      void navigate(session.user.emailVerified ? next : '/mail?welcome=1');
    } catch (err) {
      const byField = fieldIssues(err);
      const known = Object.entries(byField).filter(([f]) => f in values);
      for (const [f, m] of known) form.setError(f as keyof SignUpForm, { message: `This ${m}.` });
      // Messages placed on their fields are not repeated above the button.
      if (known.length === 0) setError(err);
    }
  });

  return (
    <section className="narrow panel" aria-labelledby="signup-title">
      <h1 id="signup-title">Create your account</h1>
      <p className="muted small">Free to join. Start a 7-day trial of any agent — no card needed.</p>
      {mailed && (
        <p role="status">
          We sent a mail to that address. If it already has an account, log in or reset your password.
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <AuthField
          form={form}
          name="name"
          label="Your name"
          autoComplete="name"
          rules={{
            required: 'Please enter your name.',
            maxLength: { value: 100, message: 'Use at most 100 characters.' },
          }}
        />
        <AuthField
          form={form}
          name="organisationName"
          label="Organisation"
          autoComplete="organization"
          hint="Your company, school or team. Teammates join the same organisation."
          rules={{
            required: 'Please enter your company, school or team.',
            maxLength: { value: 120, message: 'Use at most 120 characters.' },
          }}
        />
        <AuthField
          form={form}
          name="email"
          label="Work email"
          type="email"
          autoComplete="email"
          rules={emailRule}
        />
        <AuthField
          form={form}
          name="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="At least 10 characters."
          rules={{
            required: 'Please choose a password.',
            minLength: { value: 10, message: 'Use at least 10 characters.' },
            maxLength: { value: 200, message: 'Use at most 200 characters.' },
          }}
        />
        <ErrorAlert error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p className="small muted" style={{ marginTop: '1rem' }}>
        Already have an account? <Link to={`/login?next=${encodeURIComponent(next)}`}>Log in</Link>
      </p>
    </section>
  );
}
