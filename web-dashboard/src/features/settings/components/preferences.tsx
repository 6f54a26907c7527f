import { useState } from 'react';
import { requestNotifications } from '@/lib/notifications';
import { useUiStore } from '@/stores/ui-store';

export function Preferences() {
  const { theme, setTheme, notifications, setNotifications } = useUiStore();
  const [denied, setDenied] = useState(false);
  const toggleNotifications = async (on: boolean) => {
    if (!on) return setNotifications(false);
    const granted = await requestNotifications();
    setDenied(!granted);
    setNotifications(granted);
  };
  return (
    <div className="grid gap-3 text-sm">
      <fieldset>
        <legend className="font-medium">Theme</legend>
        <label className="mr-4"><input type="radio" name="theme" checked={theme === 'light'} onChange={() => setTheme('light')} /> Light</label>
        <label><input type="radio" name="theme" checked={theme === 'dark'} onChange={() => setTheme('dark')} /> Dark</label>
      </fieldset>
      <label>
        <input type="checkbox" checked={notifications} onChange={(e) => toggleNotifications(e.target.checked)} /> Desktop notifications for finished crawls, failed agents and Guardian interventions
      </label>
      {denied && <p role="alert" className="text-red-600">The browser refused notifications; allow them in its site settings.</p>}
    </div>
  );
}
