/** One secret found in a tracked file. The value itself is never kept, only a redacted form. */
export interface SecretFinding {
  /** Path relative to the project root, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** A stable rule id such as `aws-access-key-id`; also the SARIF ruleId. */
  rule: string;
  ruleDescription: string;
  /** The name the secret was assigned to (`DB_PASSWORD`), for rules that match an assignment. */
  key?: string;
  /** Enough of the value to recognise it, never enough to use it: `AKIA************MPLE`. */
  redacted: string;
  /** Stable across runs and line moves (rule + file + hash of the value): what a baseline stores. */
  fingerprint: string;
}
