import { useEffect } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Card } from '@/components/ui/card';
import { ProblemAlert, Spinner } from '@/components/ui/states';
import { useCompleteCallback } from '../api/complete-callback';
import { providerLabel, type Connection } from '../api/types';

const backLink = (
  <Link to="/integrations" className="text-indigo-600 underline dark:text-indigo-400">
    Back to Integrations
  </Link>
);

/**
 * Where the provider sends the browser after consent (/integrations/callback/:provider). That
 * navigation carries no API key, so this page relays code and state to the callback API as the
 * signed-in user; signing in first keeps the URL, and with it code and state.
 */
export function OAuthCallbackPage() {
  const { provider = '' } = useParams();
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const label = providerLabel(provider);
  const done = (location.state as { connected?: Connection } | null)?.connected;
  const code = params.get('code');
  const state = params.get('state');
  const denied = params.get('error');
  const relay = useCompleteCallback(provider, code, state, !done && !denied && (code !== null || state !== null));

  // Once connected, drop code and state from the address (and history); a reload shows the result.
  useEffect(() => {
    if (relay.data) navigate(location.pathname, { replace: true, state: { connected: relay.data } });
  }, [relay.data, location.pathname, navigate]);

  const connected = done ?? relay.data;
  return (
    <div className="mx-auto grid max-w-xl gap-4">
      <h1 className="text-xl font-semibold">Connecting {label}</h1>
      <Card>
        {connected ? (
          <div role="status" className="grid gap-2">
            <p className="font-medium text-green-700 dark:text-green-400">{label} connected</p>
            <p className="text-sm">
              Account <strong>{connected.account}</strong>
              {connected.siteUrl ? ` (${connected.siteUrl})` : ''}. Choose what to sync on the Integrations screen.
            </p>
            <Link to="/integrations" className="text-indigo-600 underline dark:text-indigo-400">
              Go to Integrations
            </Link>
          </div>
        ) : denied ? (
          <div className="grid gap-2">
            <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
              <p className="font-semibold">{label} did not grant access ({denied})</p>
              <p>{params.get('error_description') ?? 'The authorization was declined or cancelled at the provider.'}</p>
            </div>
            <p className="text-sm">Nothing was connected. You can start again from Integrations.</p>
            {backLink}
          </div>
        ) : code === null && state === null ? (
          <div className="grid gap-2">
            <p className="text-sm">This page completes a connection started on the Integrations screen; there is nothing to complete here.</p>
            {backLink}
          </div>
        ) : relay.error ? (
          <div className="grid gap-2">
            <ProblemAlert error={relay.error} />
            <p className="text-sm">Nothing was connected. Start the connection again from Integrations.</p>
            {backLink}
          </div>
        ) : (
          <Spinner label={`Completing the ${label} connection…`} />
        )}
      </Card>
    </div>
  );
}
