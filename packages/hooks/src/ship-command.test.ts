import { describe, expect, it } from 'vitest';
import { defaultGuardrailConfig } from './guardrail-config';
import { commandsOf, exitStatusCoversAll } from './shell-commands';
import { findShipment } from './ship-command';

const gate = defaultGuardrailConfig().deployGate;
const onBranch = (branch: string | undefined) => () => branch;
const bash = (command: string, branch?: string) => findShipment('Bash', { command }, gate, onBranch(branch));

describe('commandsOf', () => {
  it('splits a call into commands without env assignments and wrappers', () => {
    expect(commandsOf('FOO=1 sudo git push origin main && env X=2 echo "a && b"')).toEqual([
      ['git', 'push', 'origin', 'main'],
      ['echo', 'a && b'],
    ]);
  });

  it('tells whether the exit status covers every command', () => {
    expect(exitStatusCoversAll('pnpm build && pnpm test 2>&1')).toBe(true);
    expect(exitStatusCoversAll('pnpm test | tail')).toBe(false);
    expect(exitStatusCoversAll('pnpm test &')).toBe(false);
  });
});

describe('findShipment', () => {
  it.each([
    ['git push origin main', 'git-push'],
    ['git push', 'git-push'],
    ['git push -u origin HEAD', 'git-push'],
    ['git push origin feature:release/2.0', 'git-push'],
    ['git push --force origin +fix:master', 'git-push'],
    ['npm publish --access public', 'npm-publish'],
    ['pnpm -r publish', 'npm-publish'],
    ['npx changeset publish', 'changeset-publish'],
    ['npx vercel deploy --prod', 'vercel-prod'],
    ['fly deploy --remote-only', 'fly-deploy'],
    ['kubectl -n prod apply -f k8s/', 'kubectl-apply'],
    ['terraform -chdir=infra apply -auto-approve', 'terraform-apply'],
    ['docker push ghcr.io/acme/api:1.2', 'docker-push'],
    ['docker buildx build --platform linux/amd64 --push .', 'docker-push'],
    ['pnpm test && git push origin main', 'git-push'],
  ])('%s ships (%s)', (command, pattern) => {
    expect(bash(command, 'main')?.pattern).toBe(pattern);
  });

  it.each([
    'git push origin feature/login',
    'git push --dry-run origin main',
    'git push origin --delete main',
    'npm publish --dry-run',
    'vercel',
    'kubectl get pods',
    'terraform plan',
    'echo "git push origin main"',
    'git status',
  ])('%s does not ship', (command) => {
    expect(bash(command, 'feature/login')).toBeUndefined();
  });

  it('asks git for the branch only when the push names none, and names it', () => {
    expect(bash('git push', 'main')).toMatchObject({ branch: 'main', sourceRef: 'HEAD' });
    expect(bash('git push', 'feature/x')).toBeUndefined();
    expect(bash('git push origin HEAD:main', 'feature/x')).toMatchObject({
      branch: 'main',
      sourceRef: 'HEAD',
    });
    expect(
      findShipment('Bash', { command: 'git push origin main' }, gate, () => expect.unreachable()),
    ).toMatchObject({
      branch: 'main',
    });
  });

  it('matches n8n MCP tools that activate a workflow, not those that deactivate or run one', () => {
    const tool = (name: string, input: Record<string, unknown> = {}) =>
      findShipment(name, input, gate, onBranch('main'));
    expect(tool('mcp__n8n__activate_workflow')?.pattern).toBe('n8n-activate');
    expect(
      tool('mcp__n8n-mcp__n8n_update_partial_workflow', { operations: [{ type: 'activateWorkflow' }] })
        ?.pattern,
    ).toBe('n8n-activate-operation');
    expect(tool('mcp__n8n__deactivate_workflow')).toBeUndefined();
    expect(tool('mcp__n8n__execute_workflow', { workflowId: '1' })).toBeUndefined();
  });
});
