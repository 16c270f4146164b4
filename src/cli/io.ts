/** Output streams of a CLI command, so tests can capture them. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

/** A usage error: printed as "kubedrill: MESSAGE" with exit status 2. */
export class CliError extends Error {}
