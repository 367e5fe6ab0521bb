'use strict';
// One /metrics page from prom-client's registry and BullMQ's own export (Queue.exportPrometheusMetrics()).
// Each part already carries its # HELP / # TYPE lines; metric names do not overlap, so joining is enough, as long
// as every part ends with exactly one newline.
function render(parts) {
  return parts.map((p) => p.replace(/\n*$/, '\n')).join('');
}

module.exports = { render };
