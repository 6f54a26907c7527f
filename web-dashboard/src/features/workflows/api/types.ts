export interface Phase {
  name: string;
  description?: string | null;
  instructions?: string | null;
  done_criteria?: string[] | null;
  validation?: string | null;
}

export interface Definition {
  id: number;
  name: string;
  version: number;
  format: 'yaml' | 'json';
  source: string;
  model: { name?: string | null; description?: string | null; phases: Phase[]; tasks: unknown[] };
  createdAt: string;
}

export interface Run {
  id: number;
  workflowId: number;
  workflowName: string;
  workflowVersion: number;
  /** A path on the engine's machine, or null when the run is on a runner's {@link repository}. */
  repoPath: string | null;
  /** The name a runner announced the repository under, or null for a {@link repoPath} run. */
  repository: string | null;
  baseBranch: string;
  status: string;
  createdAt: string;
}

export type TaskStatus = 'queued' | 'assigned' | 'running' | 'blocked' | 'review' | 'done' | 'failed' | 'cancelled';

export const TASK_STATUSES: TaskStatus[] = ['queued', 'assigned', 'running', 'blocked', 'review', 'done', 'failed', 'cancelled'];

/** The workflow engine's transition table (TaskStatus.next()). */
export const NEXT: Record<TaskStatus, TaskStatus[]> = {
  queued: ['assigned', 'blocked', 'cancelled'],
  assigned: ['running', 'queued', 'failed', 'cancelled'],
  running: ['review', 'done', 'blocked', 'failed', 'cancelled', 'queued'],
  blocked: ['queued', 'running', 'review', 'done', 'failed', 'cancelled'],
  review: ['done', 'running', 'queued', 'failed', 'cancelled'],
  failed: ['queued', 'cancelled'],
  done: [],
  cancelled: [],
};

export interface Task {
  id: number;
  runId: number;
  phase: string;
  title: string;
  description: string | null;
  priority: number;
  status: TaskStatus;
  agentId: number | null;
  resultSummary: string | null;
  statusReason: string | null;
  conflictFiles: string[] | null;
  commits: string[] | null;
  mergeCommit: string | null;
  dependsOn: number[] | null;
  createdAt: string;
  updatedAt: string;
}

export interface Agent {
  id: number;
  taskId: number;
  runId: number;
  kind: string;
  /** interactive (a CLI in tmux) or headless. */
  mode: string;
  /** The runner that carries the agent, or null when it runs on the engine's machine. */
  runnerId: number | null;
  session: string;
  worktreePath: string;
  branch: string;
  status: string;
  statusReason: string | null;
  restarts: number;
  promptDelivered: boolean;
  startedAt: string;
  lastActivityAt: string | null;
  endedAt: string | null;
  /** What the agent's screen shows: working, permission, dialog, idle or unknown; null if not read. */
  screenState: string | null;
  /** Since when it has been waiting on a permission prompt or dialog. */
  waitingSince: string | null;
}

export type AgentMode = 'interactive' | 'headless';

/** A `devflow runner` on a developer's machine. */
export interface Runner {
  id: number;
  name: string;
  repositories: { name: string; branches: string[] }[];
  kinds: { kind: string; available: boolean; program: string | null; problem: string | null; family: string }[];
  version: string | null;
  connected: boolean;
  connectedBy: string | null;
  connectedAt: string | null;
  lastSeenAt: string | null;
  liveAgents: number;
}

export interface PaneLog {
  agentId: number;
  totalLines: number;
  offset: number;
  lines: string[];
  live: boolean;
}

export interface Intervention {
  id: number;
  agentId: number;
  taskId: number;
  action: string;
  detector: string;
  reason: string;
  message: string | null;
  createdAt: string;
}
