/** Starting points for a new workflow definition. */
export const TEMPLATES: { id: string; label: string; name: string; source: string }[] = [
  {
    id: 'feature',
    label: 'Feature: plan, build, review',
    name: 'feature',
    source: `name: feature
description: Plan a feature, build it, review it.
phases:
  - name: plan
    description: Understand the request and write a plan.
    done_criteria: [plan written]
  - name: build
    description: Implement the plan with tests.
    done_criteria: [tests pass]
  - name: review
    description: Review the change and merge it.
tasks:
  - key: plan
    title: Write the plan
    phase: plan
  - key: build
    title: Implement it
    phase: build
    depends_on: [plan]
  - key: review
    title: Review and merge
    phase: review
    depends_on: [build]
`,
  },
  {
    id: 'bugfix',
    label: 'Bug fix: reproduce, fix',
    name: 'bugfix',
    source: `name: bugfix
phases:
  - name: reproduce
    description: Write a failing test that shows the bug.
  - name: fix
    description: Make the test pass without breaking others.
tasks:
  - key: repro
    title: Reproduce the bug
    phase: reproduce
  - key: fix
    title: Fix it
    phase: fix
    depends_on: [repro]
`,
  },
  { id: 'blank', label: 'Blank', name: '', source: 'phases:\n  - name: work\ntasks: []\n' },
];
