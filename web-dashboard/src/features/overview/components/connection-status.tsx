import { useLiveStore } from '@/stores/live-store';

const TEXT = {
  open: 'Connected (live)',
  connecting: 'Connecting…',
  closed: 'Disconnected: reconnecting',
};

export function ConnectionStatus() {
  const connection = useLiveStore((s) => s.connection);
  const color = connection === 'open' ? 'bg-green-500' : connection === 'connecting' ? 'bg-amber-400' : 'bg-red-500';
  return (
    <p role="status" className="flex items-center gap-2 text-sm" data-testid="connection" data-state={connection}>
      <span className={`h-2.5 w-2.5 rounded-full ${color}`} aria-hidden="true" />
      {TEXT[connection]}
    </p>
  );
}
