// The stale-flag report and the segments.

import {api} from './api.js';
import {h} from './dom.js';
import {app, rerender} from './console.js';
import {conditions} from './words.js';

const REASONS = {
  REVIEW_DATE_PASSED: 'Past its review date',
  SINGLE_VARIANT: 'Serves one variant to everyone',
  NOT_EVALUATED: 'Not evaluated lately',
  ARCHIVED_BUT_EVALUATED: 'Archived, but code still evaluates it',
  NOT_REFERENCED_BY_CODE: 'Referenced by no code',
};

export async function staleScreen() {
  const report = await api.get('/stale');
  app.onChange = () => rerender();
  return h('section', {},
    h('h1', {}, 'Stale flags'),
    h('p', {class: 'muted'}, `Cleanup candidates, as of ${report.generated}.`),
    report.findings.length === 0
      ? h('p', {}, 'No flag looks stale.')
      : h('table', {class: 'flags'},
        h('thead', {}, h('tr', {}, ['Flag', 'Why', 'Evidence'].map((c) => h('th', {scope: 'col'}, c)))),
        h('tbody', {}, report.findings.map((finding) => h('tr', {},
          h('td', {}, h('a', {href: `#/flags/${encodeURIComponent(finding.key)}`}, finding.key)),
          h('td', {}, REASONS[finding.reason] || finding.reason),
          h('td', {}, finding.detail))))));
}

export async function segmentsScreen() {
  const [segments, flags] = await Promise.all([api.get('/segments'), api.get('/flags')]);
  app.onChange = () => rerender();
  const users = (flag, key) => (flag.definition.rules || []).some((rule) => (rule.when || [])
    .some((when) => when.operator === 'in-segment' && [when.value, ...(when.values || [])].includes(key)));
  return h('section', {},
    h('h1', {}, 'Segments'),
    segments.length === 0 ? h('p', {}, 'No segments are defined.') : null,
    segments.map((segment) => {
      const d = segment.definition;
      const usedBy = flags.filter((flag) => users(flag, segment.key));
      return h('article', {class: 'panel segment', 'data-key': segment.key},
        h('h2', {}, segment.key, h('span', {class: 'muted'}, ` version ${segment.version}`)),
        d.description ? h('p', {}, d.description) : null,
        h('ul', {},
          d.included ? h('li', {}, `Always in: ${d.included.join(', ')}`) : null,
          d.excluded ? h('li', {}, `Never in: ${d.excluded.join(', ')}`) : null,
          (d.rules || []).map((rule) => h('li', {}, `In when ${conditions(rule.when)}`))),
        h('p', {}, usedBy.length ? ['Used by ', usedBy.map((f, i) => [i ? ', ' : '', h('a', {href: `#/flags/${encodeURIComponent(f.key)}`}, f.key)])] : 'Used by no flag.'));
    }));
}
