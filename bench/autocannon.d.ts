// The part of autocannon's API bench/gate.ts uses (the package ships no types).
declare module 'autocannon' {
  interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer | undefined;
    setupRequest?: (req: Request, context: Record<string, unknown>) => Request;
  }
  interface Options {
    url: string;
    connections?: number;
    amount?: number;
    timeout?: number;
    requests?: Request[];
  }
  interface Result {
    non2xx: number;
    errors: number;
    timeouts: number;
    requests: { total: number; average: number };
    latency: { average: number; p99: number };
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
