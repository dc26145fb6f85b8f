/*
 * The bin's third bundle (dist/hook/secret-rules.cjs): what reads a project's .gitleaks.toml
 * (with its TOML parser) into the redaction of the hook's events. main.cjs requires it only when
 * the project has that file, so a call in any other project never parses it. It carries its own
 * copy of @tier1/secrets; the rules it reads reach main.cjs's copy through the process-wide
 * registry (docs/secret-scanning.md, "A project's rules in the trail").
 */
export { useProjectSecretRules } from '@tier1/secrets';
