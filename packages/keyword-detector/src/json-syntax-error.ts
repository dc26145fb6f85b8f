/** Where a JSON text stops being JSON, and what V8 said about it, fit for one line of output. */
export interface JsonSyntaxProblem {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units, as editors count. */
  column: number;
  /** V8's description without the text it quotes, e.g. "expected double-quoted property name". */
  description: string;
}

/**
 * Locates the syntax error JSON.parse threw for `text`. V8 gives an offset for some errors
 * ("… in JSON at position 8") but for an unexpected token it quotes the text around it instead,
 * line breaks and all; so the offset is found the same way for every error: the shortest prefix
 * of the text that fails for a reason other than ending too soon ends just past the bad character.
 */
export function locateJsonSyntaxError(text: string, error: Error): JsonSyntaxProblem {
  const offset = failingPrefixLength(text) - 1;
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const description = error.message.split(/ (?:in JSON )?at position|, (?:\.\.\.)?"/)[0] ?? error.message;
  return {
    line: before.split('\n').length,
    column: before.length - lineStart + 1,
    description: description.charAt(0).toLowerCase() + description.slice(1),
  };
}

/** The length of the shortest failing prefix; one past the end when the text is merely cut short. */
function failingPrefixLength(text: string): number {
  if (!failsBeforeItsEnd(text)) return text.length + 1;
  // Every prefix shorter than the bad character is valid JSON or JSON cut short, every longer one fails.
  let low = 1;
  let high = text.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (failsBeforeItsEnd(text.slice(0, middle))) high = middle;
    else low = middle + 1;
  }
  return low;
}

function failsBeforeItsEnd(text: string): boolean {
  try {
    JSON.parse(text);
    return false;
  } catch (error) {
    const message = (error as Error).message;
    if (message === 'Unexpected end of JSON input') return false;
    const position = / at position (\d+)/.exec(message);
    return position === null || Number(position[1]) < text.length;
  }
}
