import type { StaticAsset } from './static-assets';

/**
 * The one page; the script renders every view (#/sessions, #/events, …) into it. Assets are
 * linked with their content hash, so they can be cached for good and the page itself never.
 */
export function indexHtml(assets: Map<string, StaticAsset>, options: { projectId?: string }): string {
  const version = (name: string) => assets.get(name)?.version ?? '0';
  const config = JSON.stringify({ projectId: options.projectId ?? null }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tier 1 dashboard</title>
<link rel="stylesheet" href="/assets/main.css?v=${version('main.css')}">
</head>
<body>
<div id="app"><p class="empty">Loading…</p></div>
<script id="tier1-config" type="application/json">${config}</script>
<script src="/assets/main.js?v=${version('main.js')}"></script>
</body>
</html>
`;
}
