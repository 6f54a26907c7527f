import { create } from 'zustand';

const STORAGE_KEY = 'devflow-api-key';

function storedKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

interface AuthState {
  /** The API key the user signed in with (SaaS / on-prem); null in local mode or signed out. */
  apiKey: string | null;
  /** Why the user was signed out, shown on the sign-in form. */
  reason: string | null;
  signIn: (key: string, remember: boolean) => void;
  signOut: (reason?: string) => void;
}

/** The API key: kept for the tab (sessionStorage), or across restarts when asked to remember. */
export const useAuthStore = create<AuthState>((set) => ({
  apiKey: storedKey(),
  reason: null,
  signIn: (key, remember) => {
    try {
      (remember ? localStorage : sessionStorage).setItem(STORAGE_KEY, key);
    } catch {
      // storage unavailable (private mode): the key lives in memory only
    }
    set({ apiKey: key, reason: null });
  },
  signOut: (reason) => {
    try {
      sessionStorage.removeItem(STORAGE_KEY);
      localStorage.removeItem(STORAGE_KEY);
    } catch {
      // nothing stored
    }
    set({ apiKey: null, reason: reason ?? null });
  },
}));
