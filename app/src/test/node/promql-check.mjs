// Parses PromQL expressions with the Prometheus project's own grammar (@prometheus-io/lezer-promql,
// the parser of Prometheus's web UI) and prints those it cannot parse:
//   node promql-check.mjs '["sum(rate(x[5m]))", ...]'   →   {"invalid":[...]}
import { parser } from '@prometheus-io/lezer-promql';

const expressions = JSON.parse(process.argv[2]);
const invalid = expressions.filter((expression) => {
  let error = false;
  parser.parse(expression).iterate({ enter: (node) => { if (node.type.isError) error = true; } });
  return error;
});
process.stdout.write(JSON.stringify({ invalid }));
