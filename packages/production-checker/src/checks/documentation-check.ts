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

/**
 * The architecture's rule decides: it passes when at least one document is found (README,
 * docs/, IMPLEMENTATION_SUMMARY.md). What a good README has beyond that (an install section, a
 * usage section, some length) is advice in the evidence, never a failure.
 */
export const documentationCheck: CheckDefinition = {
  name: 'documentation',
  severity: 'blocking',
  timeoutMs: 10_000,
  enabledByDefault: () => true,
  async run({ root, config }) {
    const minLength = config.documentation?.minReadmeLength ?? DEFAULT_MIN_README_LENGTH;
    const readmeName = readdirSync(root).find((name) =>
      /^readme(\.(md|markdown|mdx|rst|txt|adoc))?$/i.test(name),
    );
    const docsFiles = existsSync(join(root, 'docs'))
      ? findFiles(join(root, 'docs'), (name) => /\.(md|mdx|rst|txt|adoc)$/i.test(name), 4)
      : [];
    const implementationSummary = existsSync(join(root, 'IMPLEMENTATION_SUMMARY.md'));
    const found = [
      readmeName,
      ...docsFiles.map((file) => `docs/${file}`),
      implementationSummary ? 'IMPLEMENTATION_SUMMARY.md' : undefined,
    ].filter((name): name is string => Boolean(name));
    const evidence: Record<string, unknown> = {
      found_documents: found.slice(0, 50),
      documents_count: found.length,
      docs_count: docsFiles.length,
      implementation_summary: implementationSummary,
      readme: readmeName ?? null,
    };
    if (found.length === 0)
      return {
        passed: false,
        details: 'no documentation found (README, docs/ or IMPLEMENTATION_SUMMARY.md)',
        evidence: {
          ...evidence,
          fix: 'add a README.md saying what the project is, how to install it and how to use it',
        },
        confidence: 100,
      };
    const advice = readmeName
      ? readmeAdvice(readFileSync(join(root, readmeName), 'utf8'), minLength, docsFiles.length)
      : [];
    if (!readmeName) advice.push('add a README at the root: it is the first page people and registries show');
    const listed =
      found.length > 3 ? `${found.slice(0, 3).join(', ')} and ${found.length - 3} more` : found.join(', ');
    return {
      passed: true,
      details: `${found.length} document(s) found: ${listed}${advice.length > 0 ? ` (advice: ${advice.length})` : ''}`,
      evidence: { ...evidence, advice },
      confidence: 100,
    };
  },
};

/** Suggestions for a README, never a failure: sections a reader looks for and some length. */
function readmeAdvice(readme: string, minLength: number, docsCount: number): string[] {
  const sections = headings(readme);
  const advice: string[] = [];
  const length = readme.trim().length;
  // A landing README that links to its docs/ is a fine shape: the sections may live there.
  const sectionsElsewhere = docsCount > 0;
  if (length < minLength)
    advice.push(`the README is ${length} characters; ${minLength} or more usually explain the project`);
  if (!sectionsElsewhere && !sections.some((heading) => INSTALL_HEADING.test(heading)))
    advice.push('an install section (Install, Setup, Getting started) helps new users');
  if (!sectionsElsewhere && !sections.some((heading) => USAGE_HEADING.test(heading)))
    advice.push('a usage section (Usage, Examples, API) helps new users');
  return advice;
}
