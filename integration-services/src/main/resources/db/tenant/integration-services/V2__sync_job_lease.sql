-- A running job's lease: the process running it touches heartbeat_at as it goes; another process
-- (a second replica, or this one after a restart) takes the job over only once it has gone stale.
ALTER TABLE sync_jobs ADD COLUMN heartbeat_at TIMESTAMPTZ;
