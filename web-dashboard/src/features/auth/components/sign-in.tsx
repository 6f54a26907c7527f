import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { ProblemAlert } from '@/components/ui/states';
import { useAuthStore } from '@/stores/auth-store';

/** SaaS / on-prem sign-in: an API key, kept for this tab unless asked to remember it. */
export function SignIn({ error }: { error?: unknown }) {
  const signIn = useAuthStore((s) => s.signIn);
  const reason = useAuthStore((s) => s.reason);
  const [key, setKey] = useState('');
  const [remember, setRemember] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (key.trim()) signIn(key.trim(), remember);
  };
  return (
    <main className="mx-auto mt-24 max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow dark:border-slate-700 dark:bg-slate-900">
      <h1 className="mb-4 text-xl font-semibold">Sign in to DevFlow</h1>
      {reason && <p role="alert" className="mb-2 text-sm text-red-600">{reason}</p>}
      <ProblemAlert error={error} />
      <form onSubmit={submit} className="grid gap-3">
        <Field label="API key" type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} placeholder="dfk_…" required />
        <label className="text-sm">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Remember on this device
        </label>
        <Button type="submit">Sign in</Button>
      </form>
    </main>
  );
}
