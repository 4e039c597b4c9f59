// HTTP answer metrics (requests by method, route pattern and status; duration by method and route).
// Each route gets its own onResponse hook that knows its pattern, so no answer reads
// `request.routeOptions` (a new object per read); counts go to plain numbers (http-answer-counts.ts).
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { AnswerCell } from '../components/observability/http-answer-counts.js';
import type { Metrics } from '../components/observability/metrics.js';

type Done = (err?: Error) => void;
type HttpMetrics = Pick<Metrics, 'httpAnswers' | 'httpDuration'>;

/** Records one route's answers; the series of each method and status is looked up once. */
function routeRecorder(metrics: HttpMetrics, route: string) {
  const byMethod = new Map<string, { cells: Map<number, AnswerCell>; observe: (v: number) => void }>();
  return (method: string, reply: FastifyReply): void => {
    let series = byMethod.get(method);
    if (!series) {
      series = { cells: new Map(), observe: metrics.httpDuration.labels({ method, route }).observe };
      byMethod.set(method, series);
    }
    const status = reply.statusCode;
    let cell = series.cells.get(status);
    if (!cell) {
      cell = metrics.httpAnswers.cell(method, route, status);
      series.cells.set(status, cell);
    }
    cell.pending++;
    series.observe(reply.elapsedTime / 1000);
  };
}

/**
 * The onRoute hook that gives every route its metrics hook (register it before any route), and the
 * app-level onResponse hook for answers no route made (unknown paths, `callNotFound`): "unmatched".
 */
export function httpMetricsHooks(metrics: HttpMetrics) {
  const unmatched = routeRecorder(metrics, 'unmatched');
  return {
    onRoute(route: RouteOptions): void {
      const record = routeRecorder(metrics, route.url);
      const hook = (request: FastifyRequest, reply: FastifyReply, done: Done): void => {
        record(request.method, reply);
        done();
      };
      route.onResponse = [...(route.onResponse === undefined ? [] : [route.onResponse].flat()), hook];
    },
    onResponse(request: FastifyRequest, reply: FastifyReply, done: Done): void {
      if (request.is404) unmatched(request.method, reply);
      done();
    },
  };
}
