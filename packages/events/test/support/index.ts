// @tier1/events/testing: the store backends of the store suite, for other packages' tests of
// code that reads the store (one scratch-database mechanism for every suite).
export {
  type BackendName,
  POSTGRES_REQUIRED,
  STORE_BACKENDS,
  type StoreBackend,
  storeBackend,
} from '../store-backends';
