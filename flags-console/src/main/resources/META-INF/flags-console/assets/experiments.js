// Experiments: per-variant exposures, conversions and rates with confidence intervals as a chart,
// lift and p-value, every metric with its method, interval, chance to beat control and guardrail
// state (a conversion's chance to beat control is its metric's, from the method that applies),
// and the warnings.

import {api} from './api.js';
import {h} from './dom.js';
import {app, rerender} from './console.js';

function pct(value, digits = 1) {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(digits)}%`;
}

function num(value, digits = 3) {
  return value === null || value === undefined ? '—' : value.toFixed(digits);
}

/** Rates with their intervals on one axis: a dot per rate, a bar per interval (Wilson, from the lift). */
function chart(results, conversion) {
  const rows = results.variants.map((variant) => {
    const c = variant.conversions.find((x) => x.name === conversion);
    return {variant: variant.variant, control: variant.control, rate: c ? c.conversionRate : null, lift: c ? c.lift : null};
  });
  const control = rows.find((r) => r.control);
  const intervals = rows.map((row) => {
    if (row.rate === null) {
      return null;
    }
    if (row.control || !row.lift || row.lift.absoluteLow === null || !control || control.rate === null) {
      return [row.rate, row.rate];
    }
    return [control.rate + row.lift.absoluteLow, control.rate + row.lift.absoluteHigh];
  });
  const max = Math.max(0.01, ...intervals.filter(Boolean).map((i) => i[1]), ...rows.map((r) => r.rate || 0)) * 1.1;
  const width = 520;
  const left = 110;
  const rowHeight = 28;
  const x = (value) => left + (Math.max(0, value) / max) * (width - left - 20);
  const svg = h('svg:svg', {viewBox: `0 0 ${width} ${rows.length * rowHeight + 30}`, class: 'chart', role: 'img',
    'aria-label': `Conversion rate of ${conversion} per variant with 95% intervals of the difference to control`});
  rows.forEach((row, index) => {
    const y = index * rowHeight + 18;
    svg.appendChild(h('svg:text', {x: 4, y: y + 4, class: 'chart-label'}, `${row.variant}${row.control ? ' (control)' : ''}`));
    const interval = intervals[index];
    if (interval) {
      svg.appendChild(h('svg:line', {x1: x(interval[0]), x2: x(interval[1]), y1: y, y2: y, class: 'chart-interval'}));
      svg.appendChild(h('svg:circle', {cx: x(row.rate), cy: y, r: 5, class: row.control ? 'chart-dot chart-control' : 'chart-dot'}));
      svg.appendChild(h('svg:text', {x: Math.min(width - 60, x(interval[1]) + 8), y: y + 4, class: 'chart-value'}, pct(row.rate)));
    }
  });
  const axisY = rows.length * rowHeight + 10;
  svg.appendChild(h('svg:line', {x1: left, x2: width - 20, y1: axisY, y2: axisY, class: 'chart-axis'}));
  svg.appendChild(h('svg:text', {x: left, y: axisY + 16, class: 'chart-value'}, '0%'));
  svg.appendChild(h('svg:text', {x: width - 60, y: axisY + 16, class: 'chart-value'}, pct(max, 0)));
  return svg;
}

const METHODS = {
  SEQUENTIAL: 'Sequential (always-valid intervals; look as often as you like)',
  FIXED_HORIZON: 'Fixed horizon (read once, at the planned end)',
  BAYESIAN: 'Bayesian (chance to beat control and risk)',
};
const CORRECTIONS = {
  BENJAMINI_HOCHBERG: 'Benjamini-Hochberg',
  HOLM: 'Holm',
  NONE: 'no',
};

/** Every metric with the method used, its interval, chance to beat control, risk and guardrail state. */
function metrics(r) {
  if (!r.metrics || r.metrics.length === 0) {
    return null;
  }
  return [
    h('h3', {}, 'Metrics'),
    h('p', {class: 'muted', id: 'analysis'},
      `${METHODS[r.method] || r.method}; alpha ${r.alpha}; ${CORRECTIONS[r.correction] || r.correction} correction across treatments and metrics, guardrails excluded${r.chosenByExperiment ? '; chosen by this experiment' : ''}.`),
    r.metrics.map((m) => h('table', {class: 'flags metric', 'data-metric': m.name},
      h('caption', {}, `${m.name}: ${m.type}${m.guardrail ? ', guardrail' : ''}${m.higherIsBetter ? '' : ', lower is better'}`),
      h('thead', {}, h('tr', {}, ['Variant', 'Users', 'Mean', 'Difference (interval)', 'Method', 'Adjusted p-value', 'Chance to beat control', 'Risk']
        .map((c) => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, m.variants.map((v) => {
        const c = v.comparison;
        return h('tr', {'data-variant': v.variant, class: c && c.worse ? 'worse' : null},
          h('th', {scope: 'row'}, v.variant, v.control ? ' (control)' : ''),
          h('td', {}, String(v.users)),
          h('td', {}, num(v.mean)),
          h('td', {}, c ? `${pct(c.relative)} (${pct(c.relativeLow)} to ${pct(c.relativeHigh)})${c.significant ? ' significant' : ''}${c.worse ? ' worse' : ''}` : '—'),
          h('td', {}, c ? (METHODS[c.method] || c.method).split(' (')[0] : '—'),
          h('td', {}, c ? num(c.adjustedPValue ?? c.pValue, 4) : '—'),
          h('td', {}, c ? pct(c.chanceToBeatControl) : '—'),
          h('td', {}, c ? num(c.risk, 4) : '—'));
      }))))];
}

function results(r) {
  const conversions = [...new Set(r.variants.flatMap((v) => v.conversions.map((c) => c.name)))];
  // The server's sentences, one per warning with its metric and variant, where it gives them.
  const warnings = r.warningDetails && r.warningDetails.length > 0
    ? r.warningDetails.map((w) => h('p', {class: 'problem', role: 'alert', 'data-warning': w.code}, w.message))
    : r.warnings.map((w) => h('p', {class: 'problem', role: 'alert', 'data-warning': w},
    w === 'SAMPLE_RATIO_MISMATCH'
      ? `Sample ratio mismatch: exposed users do not match the configured weights (p = ${num(r.sampleRatio.pValue, 4)}). Find the cause before trusting any result.`
      : w === 'NOT_ENOUGH_DATA' ? 'Not enough data yet: some variant has fewer than 10 users on one side of a conversion; read the numbers as indications.'
        : w));
  return h('article', {class: 'panel experiment', 'data-key': r.flag},
    h('h2', {}, h('a', {href: `#/experiments/${encodeURIComponent(r.flag)}`}, r.flag), h('span', {class: 'muted'}, ` ${r.status}`)),
    r.hypothesis ? h('p', {class: 'lead'}, r.hypothesis) : null,
    h('p', {class: 'muted'}, `${r.start} to ${r.end}; ${r.trackedUsers} users tracked; computed ${r.computedAt}.`),
    warnings,
    conversions.map((name) => [
      h('h3', {}, `Conversion: ${name}`),
      h('table', {class: 'flags'},
        h('thead', {}, h('tr', {}, ['Variant', 'Exposed users', 'Converting users', 'Rate', 'Lift (95% interval)', 'p-value']
          .map((c) => h('th', {scope: 'col'}, c)))),
        h('tbody', {}, r.variants.map((v) => {
          const c = v.conversions.find((x) => x.name === name) || {};
          const lift = c.lift;
          return h('tr', {'data-variant': v.variant},
            h('th', {scope: 'row'}, v.variant, v.control ? ' (control)' : ''),
            h('td', {}, String(v.exposedUsers)),
            h('td', {}, String(c.convertingUsers ?? 0)),
            h('td', {}, pct(c.conversionRate)),
            h('td', {}, lift ? `${pct(lift.relative)} (${pct(lift.relativeLow)} to ${pct(lift.relativeHigh)})${lift.significant ? ' significant' : ''}` : '—'),
            h('td', {}, lift ? num(lift.pValue, 4) : '—'));
        }))),
      chart(r, name)]),
    metrics(r));
}

export async function experimentsScreen() {
  const all = await api.get('/experiments');
  app.onChange = () => rerender();
  return h('section', {}, h('h1', {}, 'Experiments'),
    all.length === 0 ? h('p', {}, 'No experiments are defined.') : all.map(results));
}

export async function experimentScreen(key) {
  const one = await api.get(`/experiments/${encodeURIComponent(key)}`);
  app.onChange = () => rerender();
  return h('section', {}, h('p', {class: 'crumbs'}, h('a', {href: '#/experiments'}, 'Experiments'), ' / '),
    h('h1', {}, `Experiment ${key}`), results(one));
}
