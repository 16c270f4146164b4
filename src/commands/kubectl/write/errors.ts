/** kubectl's CheckErr text for one error, for commands that carry on after a failure (-f with several objects). */
import { ApiError } from '../../../core/apiserver/errors.js';
import { FlagError } from '../../flags.js';

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return `${err.kubectlMessage()}\n`;
  if (err instanceof FlagError) return `error: ${err.message}\n`;
  const message = err instanceof Error ? err.message : String(err);
  return `${message.startsWith('error: ') || message.startsWith('Error') ? message : `error: ${message}`}\n`;
}
