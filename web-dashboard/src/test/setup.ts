import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { useAuthStore } from '@/stores/auth-store';
import { useLiveStore } from '@/stores/live-store';
import { FakeSocket } from './fake-socket';

beforeEach(() => {
  FakeSocket.all = [];
  vi.stubGlobal('WebSocket', FakeSocket);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  sessionStorage.clear();
  document.documentElement.classList.remove('dark');
  useLiveStore.setState({ connection: 'connecting', tenant: null, events: [], crawls: {} });
  useAuthStore.setState({ apiKey: null, reason: null });
});
