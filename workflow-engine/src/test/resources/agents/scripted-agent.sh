#!/usr/bin/env bash
# A scripted stand-in for a coding agent, run by the workflow-engine tests as the "agent command".
# It waits for its pasted prompt, reads its task from the prompt file, writes the file the task
# names (FILE:<path> TEXT:<text>), commits, and reports completion through the engine's API with
# its own agent token.
# Modes: scripted (do the work), idle (wait for a Guardian message first), heartbeat (print
# progress forever), loop (repeat the same error forever), fail (exit with status 3).
set -u
mode="${1:-scripted}"
echo "scripted agent $DEVFLOW_AGENT_ID ready for task $DEVFLOW_TASK_ID ($mode)"
while IFS= read -r line; do
  case "$line" in *"DevFlow task $DEVFLOW_TASK_ID"*) break ;; esac
done
echo "prompt received"
case "$mode" in
  heartbeat)
    n=0
    while true; do n=$((n + 1)); echo "working, step $n"; sleep 0.4; done ;;
  fail)
    echo "giving up"; exit 3 ;;
  loop)
    while true; do echo "Error: connection refused"; echo "retrying"; sleep 0.3; done ;;
  idle)
    echo "thinking..."
    while IFS= read -r line; do
      case "$line" in *"DevFlow Guardian"*) break ;; esac
    done
    echo "nudged by the Guardian, back to work" ;;
esac
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
