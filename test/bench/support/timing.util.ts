/**
 * In-process timing for the benchmarks: medians, and a work-versus-floor comparison measured
 * alternately so both sides see the same noise from neighbours on a shared machine.
 */
import { SaxesParser } from 'saxes';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median ms of `work` and of `floor`, after a warm-up, measured alternately. */
export function compareSync(work: () => unknown, floor: () => unknown, runs: number): [number, number] {
  for (let i = 0; i < Math.min(50, runs); i++) {
    work();
    floor();
  }
  const w: number[] = [];
  const f: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    work();
    w.push(performance.now() - t0);
    t0 = performance.now();
    floor();
    f.push(performance.now() - t0);
  }
  return [median(w), median(f)];
}

/**
 * The least any SOAP exchange costs: a namespace-aware SAX pass over the request bytes, plus
 * writing a string as long as the response. Everything the edge does beyond that is overhead.
 */
export function soapFloor(request: Buffer, responseLength: () => number): () => number {
  return () => {
    const p = new SaxesParser({ xmlns: true });
    let n = 0;
    p.on('opentag', () => n++);
    p.write(request.toString('utf8')).close();
    Buffer.from('x'.repeat(responseLength()), 'utf8');
    return n;
  };
}
