import { describe, expect, it } from 'vitest';
import { describeEvent } from '@/lib/describe-event';
import type { LiveEvent } from '@/stores/live-store';

const event = (type: string, payload: Record<string, unknown>): LiveEvent => ({ id: 1, type, payload });

describe('describeEvent', () => {
  it('follows a re-embedding after a change of model to its end', () => {
    expect(describeEvent(event('index.reembed.progress', { model: 'minilm-256t', chunksDone: 1600, chunksTotal: 9624 })))
      .toBe('Re-embedding for minilm-256t: 1600 of 9624 chunks');
    expect(describeEvent(event('index.reembed.done', { model: 'minilm-256t', chunks: 9624, millis: 119434 })))
      .toBe('Re-embedded 9624 chunks for minilm-256t; semantic search is back');
  });
});
