// Experiments: per-variant exposures, conversions and rates with confidence intervals as a chart,
// lift and p-value, and the sample-ratio warning.

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

function results(r) {
  const conversions = [...new Set(r.variants.flatMap((v) => v.conversions.map((c) => c.name)))];
  const warnings = r.warnings.map((w) => h('p', {class: 'problem', role: 'alert', 'data-warning': w},
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
        h('thead', {}, h('tr', {}, ['Variant', 'Exposed users', 'Converting users', 'Rate', 'Lift (95% interval)', 'p-value', 'Chance to beat control']
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
            h('td', {}, lift ? num(lift.pValue, 4) : '—'),
            h('td', {}, lift ? pct(lift.chanceToBeatControl) : '—'));
        }))),
      chart(r, name)]));
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
