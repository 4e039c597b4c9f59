// Log in with email and password, then continue where the visitor was going. Fields are checked as
// they are typed; a wrong password is said once, above the button.
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { logIn } from '../api.js';
import { AuthField, emailRule } from '../components/auth-field.js';
import { ErrorAlert } from '../components/error-alert.js';
import { rememberNext, safeNext } from '../next-path.js';

export function LogInPage() {
  const [query] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(query.get('next'));
  const form = useForm<{ email: string; password: string }>({
    defaultValues: { email: '', password: '' },
    mode: 'onTouched',
  });
  const [error, setError] = useState<unknown>(undefined);

  const submit = form.handleSubmit(async (values) => {
    setError(undefined);
    try {
      const session = await logIn(values);
      if (session.user.emailVerified) void navigate(next);
      else {
        rememberNext(next);
        void navigate('/mail');
      }
    } catch (err) {
      setError(err);
    }
  });

  return (
    <section className="narrow panel" aria-labelledby="login-title">
      <h1 id="login-title">Log in</h1>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <AuthField
          form={form}
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          rules={emailRule}
        />
        <AuthField
          form={form}
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          rules={{ required: 'Please enter your password.' }}
        />
        <p className="small" style={{ marginTop: 0 }}>
          <Link to="/reset-password">Forgot your password?</Link>
        </p>
        <ErrorAlert error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p className="small muted" style={{ marginTop: '1rem' }}>
        New here? <Link to={`/signup?next=${encodeURIComponent(next)}`}>Create an account</Link>
      </p>
    </section>
  );
}
