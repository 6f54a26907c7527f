import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export type Theme = 'light' | 'dark';

interface UiState {
  theme: Theme;
  /** Desktop notifications for finished crawls, failed agents and Guardian interventions. */
  notifications: boolean;
  setTheme: (theme: Theme) => void;
  toggleTheme: () => void;
  setNotifications: (on: boolean) => void;
}

function initialTheme(): Theme {
  if (typeof window !== 'undefined' && window.matchMedia?.('(prefers-color-scheme: dark)').matches) {
    return 'dark';
  }
  return 'light';
}

export function applyTheme(theme: Theme) {
  document.documentElement.classList.toggle('dark', theme === 'dark');
}

/** UI preferences, remembered in localStorage ('devflow-ui'; read by index.html before paint). */
export const useUiStore = create<UiState>()(
  persist(
    (set, get) => ({
      theme: initialTheme(),
      notifications: false,
      setTheme: (theme) => {
        applyTheme(theme);
        set({ theme });
      },
      toggleTheme: () => get().setTheme(get().theme === 'dark' ? 'light' : 'dark'),
      setNotifications: (notifications) => set({ notifications }),
    }),
    { name: 'devflow-ui' },
  ),
);
