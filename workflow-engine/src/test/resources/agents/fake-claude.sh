#!/usr/bin/env bash
# Looks enough like Claude Code's screens for the engine's tests: its input box, then (once given
# its prompt) a permission question under a spinner that never stops, until Escape refuses it;
# then its input box again, until the Guardian's message arrives; then it does the task (write,
# commit, report with its own token) like scripted-agent.sh.
set -u
rule='────────────────────────────────────────'
box() { printf '%s\n❯ \n%s\n' "$rule" "$rule"; }
clear
echo "fake claude for task $DEVFLOW_TASK_ID"
box
while IFS= read -r line; do
  case "$line" in *"DevFlow task $DEVFLOW_TASK_ID"*) break ;; esac
done
clear
printf ' Bash command\n   curl -s http://devflow-blocked.invalid/\n This command requires approval\n'
printf ' Do you want to proceed?\n ❯ 1. Yes\n   2. No\n Esc to cancel\n'
spin='|/-\'
i=0
while true; do
  i=$((i + 1))
  printf '\r%s Waiting for permission (%d)' "${spin:$((i % 4)):1}" "$i"
  if IFS= read -rsn1 -t 0.3 key && [[ "$key" == $'\e' ]]; then
    break
  fi
done
clear
echo "Interrupted · What should Claude do instead?"
box
while IFS= read -r line; do
  case "$line" in *"DevFlow Guardian"*) break ;; esac
done
echo "back to work"
spec=$(sed -n 's/^Task: //p' "$DEVFLOW_PROMPT_FILE" | head -n 1)
file=$(printf '%s' "$spec" | sed -n 's/.*FILE:\([A-Za-z0-9._-]*\).*/\1/p')
text=$(printf '%s' "$spec" | sed -n 's/.*TEXT:\(.*\)$/\1/p')
printf '%s\n' "$text" > "$file"
git add -- "$file"
git commit -q -m "Task $DEVFLOW_TASK_ID: write $file"
curl -sS -X POST -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $DEVFLOW_AGENT_TOKEN" \
  --data "{\"resultSummary\":\"wrote $file\"}" \
  -o /dev/null -w 'reported: %{http_code}\n' \
  "$DEVFLOW_API_URL/tasks/$DEVFLOW_TASK_ID/complete"
exec sleep 60
