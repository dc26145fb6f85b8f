import {
  KeywordDetector,
  KeywordDetectorOptionsError,
  loadKeywordDetectorOptions,
} from '@tier1/keyword-detector';

/**
 * Built on first use: reading tier1.keywords.json and compiling the phrase matcher are wasted on
 * session and todo events. A bad file is handed to `onBadFile` and the default keywords are used:
 * the file only adds to or tunes the defaults, so a typo in it should cost the project its own
 * words until it is fixed, not all of its tracking; a project without the file runs on the same defaults.
 */
export function lazyDetector(
  projectDir: string,
  onBadFile: (error: KeywordDetectorOptionsError) => void,
): Pick<KeywordDetector, 'detect'> {
  let detector: KeywordDetector | undefined;
  const build = () => {
    try {
      return new KeywordDetector(loadKeywordDetectorOptions(projectDir));
    } catch (error) {
      if (!KeywordDetectorOptionsError.isInstance(error)) throw error;
      onBadFile(error);
      return new KeywordDetector();
    }
  };
  return {
    detect: (output, context) => {
      detector ??= build();
      return detector.detect(output, context);
    },
  };
}
