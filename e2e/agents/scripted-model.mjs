// A scripted model server for the real agent CLIs: the Anthropic Messages API (Claude Code, through
// ANTHROPIC_BASE_URL) and OpenAI chat completions (OpenCode, through a custom provider), both with
// streaming. There is no model: every answer follows a fixed script read from the DevFlow prompt
// the agent was given, using the CLI's own tools:
//   1. read the phase (get_current_phase), 2. claim the task (claim_next_task),
//   3. write the file the task names with the CLI's edit tool, 4. commit it with its shell tool,
//   5. report the task complete (report_task_complete), 6. say it is done.
// The task's description carries the script's parameters: FILE:<name> TEXT:<text>, and optionally
// SCRIPT:blocked (first try a shell command no DevFlow agent is allowed, so the CLI asks for
// permission), SCRIPT:trespass with OTHER:<taskId> (first try to complete another agent's task) or
// SCRIPT:slow (answer only after SLOW_MS).
// Claude Code defers MCP tools behind its ToolSearch tool; the script loads them first.
// Usage: node scripted-model.mjs <port> <log-dir>. Prints "listening <port>" when ready. Every
// request is appended to <log-dir>/requests.jsonl with its time, so tests can measure.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const port = Number(process.argv[2] || 0);
const logDir = process.argv[3] || '.';
const slowMs = Number(process.env.SLOW_MS || 20000);
fs.mkdirSync(logDir, { recursive: true });
const requestLog = path.join(logDir, 'requests.jsonl');
let counter = 0;

function log(entry) {
  fs.appendFileSync(requestLog, JSON.stringify({ t: Date.now(), ...entry }) + '\n');
}

// ---- reading a conversation, whichever API it came in -------------------------------------

function textsOf(content) {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  const out = [];
  for (const block of content) {
    if (block?.type === 'text' && typeof block.text === 'string') out.push(block.text);
    if (block?.type === 'tool_result') out.push(...textsOf(block.content));
  }
  return out;
}

/** The calls the assistant made so far: [{name, input, result}] in order. */
function callsOf(messages, api) {
  const calls = [];
  const byId = new Map();
  for (const m of messages) {
    if (api === 'anthropic') {
      if (m.role === 'assistant' && Array.isArray(m.content)) {
        for (const b of m.content) {
          if (b.type === 'tool_use') {
            const call = { name: b.name, input: b.input, result: null };
            calls.push(call);
            byId.set(b.id, call);
          }
        }
      }
      if (m.role === 'user' && Array.isArray(m.content)) {
        for (const b of m.content) {
          if (b.type === 'tool_result' && byId.has(b.tool_use_id)) {
            byId.get(b.tool_use_id).result = textsOf(b.content).join('\n') || JSON.stringify(b.content ?? '');
          }
        }
      }
    } else {
      if (m.role === 'assistant' && Array.isArray(m.tool_calls)) {
        for (const c of m.tool_calls) {
          let input = {};
          try { input = JSON.parse(c.function?.arguments || '{}'); } catch { /* keep {} */ }
          const call = { name: c.function?.name, input, result: null };
          calls.push(call);
          byId.set(c.id, call);
        }
      }
      if (m.role === 'tool' && byId.has(m.tool_call_id)) {
        byId.get(m.tool_call_id).result = textsOf(m.content).join('\n');
      }
    }
  }
  return calls;
}

/**
 * The DevFlow prompt's parameters and where it is in the conversation (the last one counts: an
 * interactive session may be handed several), or null when this is not an agent's main turn.
 */
function taskOf(messages) {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role !== 'user') continue;
    for (const text of textsOf(m.content)) {
      const task = /DevFlow task (\d+)/.exec(text);
      if (!task) continue;
      const run = /Run: (\d+)/.exec(text);
      const file = /FILE:([A-Za-z0-9._-]+)/.exec(text);
      const body = /TEXT:(.*?)(?:\s+SCRIPT:|\n|$)/.exec(text);
      const script = /SCRIPT:([a-z-]+)/.exec(text);
      const dir = /Working directory: (\S+)/.exec(text);
      const other = /OTHER:(\d+)/.exec(text);
      return {
        index: i,
        taskId: Number(task[1]),
        runId: run ? Number(run[1]) : null,
        file: file ? file[1] : `task-${task[1]}.txt`,
        text: body ? body[1].trim() : 'done by the scripted model',
        script: script ? script[1] : 'normal',
        dir: dir ? dir[1] : null,
        other: other ? Number(other[1]) : null,
      };
    }
  }
  return null;
}

function cwdOf(body) {
  const all = JSON.stringify(body.system ?? '') + JSON.stringify(body.messages ?? '');
  const m = /(?:Primary working directory|Working directory|working directory):\s*([^\s"\\<]+)/.exec(all);
  return m ? m[1] : null;
}

function toolNamed(tools, suffix) {
  return tools.find((t) => t === suffix || t.endsWith('__' + suffix) || t.endsWith('_' + suffix)) || null;
}

/** The next step of the script: {tool, input} or {text}. */
function nextStep(body, api) {
  const messages = body.messages || [];
  const tools = (body.tools || []).map((t) => t.name ?? t.function?.name).filter(Boolean);
  const task = taskOf(messages);
  if (!task || tools.length === 0) {
    return { text: 'OK.' };
  }
  const calls = callsOf(messages.slice(task.index), api);
  const did = (pred) => calls.some(pred);
  const mcp = (name) => (c) => c.name && (c.name === name || c.name.endsWith('__' + name) || c.name.endsWith('_' + name));
  const dir = task.dir || cwdOf(body) || '.';
  const runId = task.runId ?? 1;

  if (task.script === 'blocked' && !did((c) => /curl/.test(JSON.stringify(c.input || {})))) {
    return { tool: toolNamed(tools, 'Bash') || toolNamed(tools, 'bash'), input: { command: 'curl -s http://devflow-blocked.invalid/', description: 'Fetch a page' } };
  }
  if (task.script === 'trespass' && task.other && !did(mcp('report_task_complete'))) {
    const name = toolNamed(tools, 'report_task_complete');
    if (name) return { tool: name, input: { taskId: task.other, resultSummary: 'not mine' } };
    const search = toolNamed(tools, 'ToolSearch');
    if (search && !did((c) => c.name === search)) {
      return { tool: search, input: { query: 'select:mcp__devflow__get_current_phase,mcp__devflow__claim_next_task,mcp__devflow__report_task_complete', max_results: 5 } };
    }
  }
  const plan = [
    { done: mcp('get_current_phase'), mcp: 'get_current_phase', input: { runId } },
    { done: mcp('claim_next_task'), mcp: 'claim_next_task', input: { runId } },
    {
      done: (c) => /^(Write|write)$/.test(c.name || ''),
      local: ['Write', 'write'],
      input: (name) => (name === 'Write'
        ? { file_path: path.join(dir, task.file), content: task.text + '\n' }
        : { filePath: path.join(dir, task.file), content: task.text + '\n' }),
    },
    {
      done: (c) => /^(Bash|bash)$/.test(c.name || '') && /git commit/.test(JSON.stringify(c.input || {})),
      local: ['Bash', 'bash'],
      input: () => ({ command: `git add ${task.file} && git commit -q -m "Task ${task.taskId}: write ${task.file}"`, description: 'Commit the file' }),
    },
    { done: (c) => mcp('report_task_complete')(c) && c.input?.taskId === task.taskId, mcp: 'report_task_complete', input: { taskId: task.taskId, resultSummary: `wrote ${task.file}` } },
  ];
  for (const step of plan) {
    if (did(step.done)) continue;
    if (step.mcp) {
      const name = toolNamed(tools, step.mcp);
      if (name) return { tool: name, input: step.input };
      const search = toolNamed(tools, 'ToolSearch');
      if (search && !did((c) => c.name === search && JSON.stringify(c.input).includes(step.mcp))) {
        return { tool: search, input: { query: 'select:mcp__devflow__get_current_phase,mcp__devflow__claim_next_task,mcp__devflow__report_task_complete', max_results: 5 } };
      }
      return { text: `The DevFlow tool ${step.mcp} is not available to me.` };
    }
    const name = step.local.map((n) => toolNamed(tools, n)).find(Boolean);
    if (!name) return { text: `No ${step.local[0]} tool.` };
    return { tool: name, input: step.input(name) };
  }
  return { text: `Task ${task.taskId} is done and reported.` };
}

// ---- answering, per API -------------------------------------------------------------------

function sse(res, events) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const [event, data] of events) {
    if (event) res.write(`event: ${event}\n`);
    res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  }
  res.end();
}

function anthropic(body, res, step) {
  const id = `msg_scripted_${++counter}`;
  const usage = { input_tokens: 100, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const content = step.tool
    ? [{ type: 'tool_use', id: `toolu_scripted_${counter}`, name: step.tool, input: step.input }]
    : [{ type: 'text', text: step.text }];
  const stop = step.tool ? 'tool_use' : 'end_turn';
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id, type: 'message', role: 'assistant', model: body.model, content, stop_reason: stop, stop_sequence: null, usage }));
    return;
  }
  const events = [['message_start', { type: 'message_start', message: { id, type: 'message', role: 'assistant', model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } }]];
  content.forEach((block, index) => {
    if (block.type === 'text') {
      events.push(['content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }]);
      events.push(['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } }]);
    } else {
      events.push(['content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } }]);
      events.push(['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } }]);
    }
    events.push(['content_block_stop', { type: 'content_block_stop', index }]);
  });
  events.push(['message_delta', { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 20 } }]);
  events.push(['message_stop', { type: 'message_stop' }]);
  sse(res, events);
}

function openai(body, res, step) {
  const id = `chatcmpl-scripted-${++counter}`;
  const created = Math.floor(Date.now() / 1000);
  const message = step.tool
    ? { role: 'assistant', content: null, tool_calls: [{ id: `call_scripted_${counter}`, type: 'function', function: { name: step.tool, arguments: JSON.stringify(step.input) } }] }
    : { role: 'assistant', content: step.text };
  const finish = step.tool ? 'tool_calls' : 'stop';
  const usage = { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 };
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id, object: 'chat.completion', created, model: body.model, choices: [{ index: 0, message, finish_reason: finish }], usage }));
    return;
  }
  const chunk = (delta, finishReason, extra = {}) => ({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra });
  const events = [[null, chunk({ role: 'assistant', content: '' }, null)]];
  if (step.tool) {
    const call = message.tool_calls[0];
    events.push([null, chunk({ tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.function.name, arguments: call.function.arguments } }] }, null)]);
  } else {
    events.push([null, chunk({ content: step.text }, null)]);
  }
  events.push([null, chunk({}, finish, { usage })]);
  events.push([null, '[DONE]']);
  sse(res, events);
}

const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c) => { raw += c; });
  req.on('end', () => {
    let body = {};
    try { body = raw ? JSON.parse(raw) : {}; } catch { /* not JSON */ }
    const url = req.url || '';
    if (url.includes('/messages/count_tokens')) {
      log({ api: 'anthropic', kind: 'count_tokens' });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ input_tokens: 100 }));
      return;
    }
    const api = url.includes('/chat/completions') ? 'openai' : url.includes('/messages') ? 'anthropic' : null;
    if (!api) {
      log({ kind: 'other', method: req.method, url });
      if (url.endsWith('/models')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: 'scripted', object: 'model', owned_by: 'devflow' }] }));
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'not_found_error', message: `no ${url} here` } }));
      return;
    }
    const step = nextStep(body, api);
    const task = taskOf(body.messages || []);
    const calls = task ? callsOf((body.messages || []).slice(task.index), api) : [];
    const last = calls.length ? calls[calls.length - 1] : null;
    log({
      api, kind: 'turn', taskId: task?.taskId ?? null, step: step.tool ?? 'text', input: step.input ?? null, text: step.text ?? null,
      previous: last ? { tool: last.name, input: last.input, result: (last.result || '').slice(0, 2000) } : null,
    });
    const answer = () => (api === 'anthropic' ? anthropic(body, res, step) : openai(body, res, step));
    if (task?.script === 'slow' && step.tool) setTimeout(answer, slowMs); else answer();
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
