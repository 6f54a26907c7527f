/** The providers integration-services connects (their names in URLs and JSON). */
export type ProviderId = 'github' | 'atlassian';

export const PROVIDERS: { id: ProviderId; label: string; syncs: string }[] = [
  { id: 'github', label: 'GitHub', syncs: 'repositories: README, docs and issues' },
  { id: 'atlassian', label: 'Atlassian', syncs: 'Jira projects and Confluence spaces' },
];

export const providerLabel = (id: string) => PROVIDERS.find((p) => p.id === id)?.label ?? id;

/** A connection as the API shows it: never a token. */
export interface Connection {
  id: string;
  provider: ProviderId;
  account: string;
  siteUrl: string | null;
  scopes: string | null;
  status: 'active' | 'reauthorize';
  tokenExpiresAt: string | null;
  createdBy: string;
  createdAt: string;
  webhookUrl: string | null;
  webhookSecretSet: boolean;
}

export interface AuthorizationStart {
  authorizationUrl: string;
  redirectUri: string;
  expiresAt: string;
}

export type TargetKind = 'github-repo' | 'jira-project' | 'confluence-space';

/** Something a connection syncs into knowledge. */
export interface SyncTarget {
  id: string;
  connectionId: string;
  kind: TargetKind;
  key: string;
  jql: string | null;
  knowledgeSourceId: string | null;
  lastSyncedAt: string | null;
  createdAt: string;
}

/** One durable sync run of a target. */
export interface SyncJob {
  id: string;
  targetId: string;
  trigger: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  documents: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** The kinds of target a provider's connection can sync. */
export const KINDS: Record<ProviderId, { kind: TargetKind; label: string; placeholder: string }[]> = {
  github: [{ kind: 'github-repo', label: 'GitHub repository', placeholder: 'owner/repo' }],
  atlassian: [
    { kind: 'jira-project', label: 'Jira project', placeholder: 'ENG' },
    { kind: 'confluence-space', label: 'Confluence space', placeholder: 'DOCS' },
  ],
};
