import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckDefinition } from '../check-definition';
import { findFiles } from '../find-files';

export const DEFAULT_MIN_README_LENGTH = 500;

const INSTALL_HEADING = /\b(install(ation|ing)?|setup|set up|getting started|quick ?start|requirements)\b/i;
const USAGE_HEADING = /\b(usage|using|use|examples?|getting started|quick ?start|how to|commands|api)\b/i;

function headings(markdown: string): string[] {
  const found: string[] = [];
  const lines = markdown.split('\n');
  lines.forEach((line, index) => {
    const atx = /^ {0,3}#{1,6}\s+(.*)$/.exec(line);
    if (atx) found.push(atx[1] as string);
    else if (index > 0 && /^ {0,3}(=+|-+)\s*$/.test(line) && lines[index - 1]?.trim())
      found.push(lines[index - 1] as string);
  });
  return found;
}

/** README.md present and substantial: install and usage sections and a minimum length. */
export const documentationCheck: CheckDefinition = {
  name: 'documentation',
  severity: 'blocking',
  timeoutMs: 10_000,
  enabledByDefault: () => true,
  async run({ root, config }) {
    const minLength = config.documentation?.minReadmeLength ?? DEFAULT_MIN_README_LENGTH;
    const readmeName = readdirSync(root).find((name) => name.toLowerCase() === 'readme.md');
    const docsFiles = existsSync(join(root, 'docs'))
      ? findFiles(join(root, 'docs'), (name) => /\.(md|mdx|rst|txt)$/i.test(name), 4)
      : [];
    const implementationSummary = existsSync(join(root, 'IMPLEMENTATION_SUMMARY.md'));
    const found = [
      readmeName,
      ...docsFiles.map((file) => `docs/${file}`),
      implementationSummary ? 'IMPLEMENTATION_SUMMARY.md' : undefined,
    ].filter(Boolean);
    const evidence: Record<string, unknown> = {
      found_documents: found.slice(0, 50),
      docs_count: docsFiles.length,
      implementation_summary: implementationSummary,
    };
    if (!readmeName)
      return {
        passed: false,
        details: 'no README.md',
        evidence: { ...evidence, readme: null },
        confidence: 100,
      };

    const readme = readFileSync(join(root, readmeName), 'utf8');
    const sections = headings(readme);
    const hasInstall = sections.some((heading) => INSTALL_HEADING.test(heading));
    const hasUsage = sections.some((heading) => USAGE_HEADING.test(heading));
    const length = readme.trim().length;
    Object.assign(evidence, {
      readme: readmeName,
      readme_chars: length,
      min_readme_chars: minLength,
      has_install_section: hasInstall,
      has_usage_section: hasUsage,
    });

    const missing = [
      length < minLength ? `is ${length} characters (at least ${minLength} expected)` : undefined,
      hasInstall ? undefined : 'has no install section',
      hasUsage ? undefined : 'has no usage section',
    ].filter(Boolean);
    const extras = [
      docsFiles.length > 0 ? `${docsFiles.length} docs` : undefined,
      implementationSummary ? 'IMPLEMENTATION_SUMMARY.md' : undefined,
    ].filter(Boolean);
    if (missing.length > 0)
      return { passed: false, details: `${readmeName} ${missing.join(', ')}`, evidence, confidence: 90 };
    return {
      passed: true,
      details: `${readmeName} with install and usage sections${extras.length > 0 ? `, ${extras.join(', ')}` : ''}`,
      evidence,
      confidence: 90,
    };
  },
};
