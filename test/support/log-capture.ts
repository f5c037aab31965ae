import pino from 'pino';
import { PinoLogger } from 'nestjs-pino';

export interface CapturedLogs {
  /** Every JSON line written since capture started. */
  text(): string;
  /** Stops capturing; lines go to the original destination again. */
  restore(): void;
}

/**
 * Captures what the gateway's logger writes (pino-http access lines, Nest loggers, audit lines),
 * exactly as serialised and redacted, by swapping the destination stream of the app's root pino
 * logger. Every request logger is a child of that root, so it writes to the swapped stream too.
 * Call after the app is created; the root is shared by every app in one test file.
 */
export function captureGatewayLogs(): CapturedLogs {
  const root = PinoLogger.root as unknown as Record<symbol, unknown> | undefined;
  if (!root) throw new Error('captureGatewayLogs: no gateway logger yet (create the app first)');
  const sym = pino.symbols.streamSym;
  const original = root[sym];
  const lines: string[] = [];
  root[sym] = { write: (line: string) => lines.push(line) };
  return {
    text: () => lines.join(''),
    restore: () => {
      root[sym] = original;
    },
  };
}
