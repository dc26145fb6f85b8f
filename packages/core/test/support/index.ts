export { bundleScripts } from './bundle-script';
export { useTempDirectories } from './temp-directories';
