import { DEFAULT_CATEGORIES } from '@tier1/keyword-detector';

/**
 * What an agent's final message can claim that a session's evidence can confirm or refute
 * (docs/guardrails.md, "Claims"). `done` is the action item itself.
 */
export const CLAIM_KINDS = [
  'tests',
  'build',
  'lint',
  'typecheck',
  'commit',
  'push',
  'deploy',
  'done',
] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

/** One claim: its kind and the sentence that makes it (at most 200 characters). */
export interface Claim {
  kind: ClaimKind;
  sentence: string;
}

/** The detector's categories whose completion phrases, said in prose, make these claims. */
const CATEGORY_OF_KIND: Partial<Record<ClaimKind, string>> = {
  tests: 'test-success',
  build: 'build-success',
  commit: 'commit-related',
  deploy: 'deployment',
};

/**
 * Phrases of a final message that assert a result, beyond the detector's own vocabulary (tool
 * output says "12 passed", a person says "all tests pass"). Each is matched within one sentence.
 */
const PROSE_PHRASES: Record<ClaimKind, readonly RegExp[]> = {
  tests: [
    /\b(?:tests?|specs?|test suites?|suites?)\s+(?:(?:now|all|are|is|still|were|have|has|again|successfully|also|both)\s+)*(?:pass(?:es|ed|ing)?|green|succeed(?:s|ed)?)\b/i,
    /\b(?:tests?|test suites?)\s+(?:run|runs|ran)\s+(?:green|clean(?:ly)?|successfully)\b/i,
  ],
  build: [
    /\bbuilds?\s+(?:(?:now|is|was|still|again|also)\s+)*(?:pass(?:es|ed|ing)?|green|succeed(?:s|ed)?|successful(?:ly)?|works|clean(?:ly)?|fine)\b/i,
    /\b(?:built|compiles|compiled)\s+(?:successfully|cleanly|fine|without\s+(?:any\s+)?(?:errors|issues|problems))\b/i,
  ],
  lint: [
    /\b(?:lint(?:ing|er|s)?|eslint|biome|ruff|clippy)\s+(?:(?:now|is|are|still|checks?|also)\s+)*(?:pass(?:es|ed|ing)?|clean|green|happy)\b/i,
    /\b(?:no|zero)\s+(?:more\s+|remaining\s+)?lint(?:ing)?\s+(?:errors|warnings|issues|problems)\b/i,
  ],
  typecheck: [
    /\b(?:type[\s-]?check(?:s|ing|er)?|types|tsc(?:\s+--?\w+)*|mypy|pyright)\s+(?:(?:now|is|are|still|all|also)\s+)*(?:pass(?:es|ed|ing)?|clean|green|check(?:s|ed)?\s+out)\b/i,
    /\b(?:no|zero)\s+(?:more\s+|remaining\s+)?type\s+errors\b/i,
    /\btype-?checks?\s+(?:cleanly|successfully)\b/i,
  ],
  commit: [
    /\b(?:i|we|i've|we've|have|has been|have been|was|were|are|is|and|now|successfully|all)\s+(?:\w+\s+)?committed\b/i,
    /^committed\b/i,
    /\bcommitted\s+(?:the|it|them|this|these|all|my|your|as|to|in|on|with)\b/i,
    /\b(?:created|made)\s+(?:a|the|one|two|three|\d+)\s+(?:new\s+)?commits?\b/i,
  ],
  push: [
    /\b(?:i|we|i've|we've|have|has been|have been|was|were|are|is|and|now|successfully|also)\s+(?:\w+\s+)?pushed\b/i,
    /^pushed\b/i,
    /\bpushed\s+(?:the|it|them|this|these|all|my|your|to|up|upstream)\b/i,
  ],
  deploy: [
    /\b(?:i|we|i've|we've|have|has been|have been|was|were|are|is|and|now|successfully|also)\s+(?:\w+\s+)?(?:re)?deployed\b/i,
    /^(?:re)?deployed\b/i,
    /\b(?:re)?deployed\s+(?:the|it|them|this|to|on|v?\d)\b/i,
    /\bdeploy(?:ment)?\s+(?:succeeded|was\s+successful|is\s+(?:complete|live)|completed)\b/i,
    /\b(?:is|are)\s+(?:now\s+)?live\s+(?:on|at)\b/i,
    /\bpublished\s+(?:to\s+npm|v?\d+\.\d+|version|the\s+package)\b/i,
  ],
  done: [
    /\b(?:all|every)\s+(?:of\s+)?(?:the\s+)?(?:tasks?|items?|todos?|steps?)\s+(?:are\s+|is\s+|have\s+been\s+|has\s+been\s+)?(?:now\s+)?(?:done|complete|completed|finished)\b/i,
    /\b(?:the|this|your)\s+(?:task|work|implementation|feature|fix)\s+(?:is|has\s+been)\s+(?:now\s+)?(?:done|complete|completed|finished)\b/i,
    /\b(?:everything|all)\s+(?:is\s+)?(?:now\s+)?(?:done|complete|finished)\b/i,
    /\bi(?:'ve|\s+have)\s+(?:now\s+)?(?:completed|finished)\s+(?:all|everything|the\s+task|the\s+work|what\s+you\s+asked)\b/i,
    /^(?:done|all\s+set|task\s+complete)\s*[.!:]/i,
  ],
};

/**
 * The detector's completion phrases of each category that read as a claim in prose too
 * ("all tests passed", "build successful", "deployed successfully"), from DEFAULT_CATEGORIES:
 * single words like "passed" or "created" say too little on their own in a message.
 */
const VOCABULARY_PHRASES: Partial<Record<ClaimKind, readonly string[]>> = Object.fromEntries(
  Object.entries(CATEGORY_OF_KIND).map(([kind, category]) => {
    const definition = DEFAULT_CATEGORIES.find((entry) => entry.name === category);
    const phrases = (definition?.keywords ?? [])
      .map((keyword) => (typeof keyword === 'string' ? keyword : keyword.phrase).toLowerCase())
      .filter((phrase) => phrase.includes(' ') && /^[a-z ]+$/.test(phrase) && !phrase.startsWith('git '));
    return [kind, phrases];
  }),
);

/**
 * Words that turn an assertion into something else: a negation ("tests don't pass"), a plan
 * ("I will push"), a condition ("once the build passes"), a request or a doubt. A sentence with
 * one makes no claim: a false block is worse than a missed claim (docs/guardrails.md).
 */
const NOT_AN_ASSERTION =
  /\b(?:not|no|never|none|cannot|can't|couldn't|won't|wouldn't|didn't|don't|doesn't|haven't|hasn't|isn't|aren't|wasn't|weren't|unable|fail(?:s|ed|ing|ure|ures)?|broken|should|would|will|could|might|may|once|if|unless|whether|until|before|when|need(?:s|ed)?\s+to|please|try|make\s+sure|ensure|verify|expect(?:ed|s)?|hopefully|probably|likely|except|skip(?:ped)?|pending|remaining|todo|let\s+me|let's|i'll|we'll|you'll|you\s+can|ready\s+to|going\s+to|about\s+to|in\s+order\s+to|locally\s+only)\b|\?/i;

/** "No type errors", "0 failed": negative words that report a clean result, not a negation. */
const CLEAN_RESULT =
  /\b(?:no|zero|0)\s+(?:more\s+|remaining\s+)?(?:lint(?:ing)?\s+|type\s+|test\s+)?(?:errors?|warnings?|issues|problems|failures?|failed|failing)\b/gi;

/** Fenced code and quoted lines are what tools or people said, not the agent's own claim. */
function proseOf(message: string): string {
  return message
    .replace(/```[\s\S]*?(?:```|$)/g, '\n')
    .replace(/^\s*>.*$/gm, '')
    .replace(/`([^`\n]*)`/g, '$1')
    .replace(/[*_~]{1,3}/g, '')
    .replace(/[✅✔✓🎉🚀]/gu, '');
}

function sentencesOf(message: string): string[] {
  return proseOf(message)
    .split(/(?<=[.!])\s+|\n+|(?<=[;:])\s+/)
    .map((sentence) => sentence.replace(/^[\s\-+*\d.)#]+/, '').trim())
    .filter((sentence) => sentence.length > 0);
}

function matchIn(
  sentence: string,
  kind: ClaimKind,
): RegExpExecArray | { index: number; 0: string } | undefined {
  for (const pattern of PROSE_PHRASES[kind]) {
    const match = pattern.exec(sentence);
    if (match) return match;
  }
  const lower = sentence.toLowerCase();
  for (const phrase of VOCABULARY_PHRASES[kind] ?? []) {
    const index = lower.indexOf(phrase);
    if (index !== -1) return { index, 0: phrase };
  }
  return undefined;
}

/**
 * The claims of an agent's final message, at most one of each kind (the first sentence that
 * makes it). A sentence whose words other than the claim negate, plan, condition or doubt it
 * makes none.
 */
export function readClaims(message: string): Claim[] {
  const claims: Claim[] = [];
  const sentences = sentencesOf(message.slice(0, 20_000));
  for (const kind of CLAIM_KINDS) {
    for (const sentence of sentences) {
      const match = matchIn(sentence, kind);
      if (!match) continue;
      const rest =
        `${sentence.slice(0, match.index)} ${sentence.slice(match.index + match[0].length)}`.replace(
          CLEAN_RESULT,
          ' ',
        );
      if (
        NOT_AN_ASSERTION.test(rest) ||
        NOT_AN_ASSERTION.test(match[0].replace(/\b(?:no|zero)\s+(?=\w)/i, ''))
      )
        continue;
      claims.push({ kind, sentence: sentence.length > 200 ? `${sentence.slice(0, 199)}…` : sentence });
      break;
    }
  }
  return claims;
}
