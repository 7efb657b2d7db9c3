// The stale-flag report and the segments.

import {api} from './api.js';
import {h} from './dom.js';
import {app, rerender} from './console.js';
import {conditions, time} from './words.js';

const REASONS = {
  REVIEW_DATE_PASSED: 'Past its review date',
  SINGLE_VARIANT: 'Serves one variant to everyone',
  NOT_EVALUATED: 'Not evaluated lately',
  ARCHIVED_BUT_EVALUATED: 'Archived, but code still evaluates it',
  NOT_REFERENCED_BY_CODE: 'Referenced by no code',
};

export async function staleScreen() {
  const [report, flags] = await Promise.all([api.get('/stale'), api.get('/flags')]);
  const owners = new Map(flags.map((flag) => [flag.key, flag.definition.owner || '']));
  const keys = new Set(report.findings.map((finding) => finding.key));
  app.onChange = () => rerender();
  return h('section', {},
    h('h1', {}, 'Stale flags'),
    h('p', {class: 'muted', id: 'stale-summary'}, report.findings.length === 0
      ? `No flag looks stale (checked ${time(report.generated)}).`
      : `${keys.size} of ${flags.length} flags look like cleanup candidates (checked ${time(report.generated)}): past their review date, serving one variant to everyone for long, not evaluated lately, or archived while code still evaluates them.`),
    report.findings.length === 0
      ? null
      : h('table', {class: 'flags stale'},
        h('thead', {}, h('tr', {}, ['Flag', 'Owner', 'Why', 'Evidence', ''].map((c) => h('th', {scope: 'col'}, c)))),
        h('tbody', {}, report.findings.map((finding) => h('tr', {'data-key': finding.key, 'data-reason': finding.reason},
          h('td', {}, h('a', {href: `#/flags/${encodeURIComponent(finding.key)}`, class: 'flag-key'}, finding.key)),
          h('td', {}, owners.get(finding.key) || '—'),
          h('td', {}, REASONS[finding.reason] || finding.reason),
          h('td', {}, finding.detail),
          h('td', {}, h('a', {href: `#/audit?flag=${encodeURIComponent(finding.key)}`}, 'History')))))));
}

/** Whether any condition, of a rule's list, names the segment with in-segment. */
function names(whens, key) {
  return (whens || []).some((when) => when.operator === 'in-segment'
    && [when.value, ...(when.values || [])].includes(key));
}

export async function segmentsScreen() {
  const [segments, flags] = await Promise.all([api.get('/segments'), api.get('/flags')]);
  app.onChange = () => rerender();
  const link = (flag) => h('a', {href: `#/flags/${encodeURIComponent(flag.key)}`}, flag.key);
  const list = (items, render) => items.map((item, i) => [i ? ', ' : '', render(item)]);
  return h('section', {},
    h('h1', {}, 'Segments'),
    h('p', {class: 'muted'}, segments.length === 0
      ? 'No segments are defined. Segments are named groups of users that rules use with “in segment”.'
      : `${segments.length} segment${segments.length === 1 ? '' : 's'}: named groups of users that rules use with “in segment”.`),
    segments.map((segment) => {
      const d = segment.definition;
      const byFlags = flags.filter((flag) => (flag.definition.rules || []).some((rule) => names(rule.when, segment.key)));
      const bySegments = segments.filter((other) => other.key !== segment.key
        && (other.definition.rules || []).some((rule) => names(rule.when, segment.key)));
      const members = [
        d.included && d.included.length ? h('li', {}, `Always in: ${d.included.join(', ')}`) : null,
        d.excluded && d.excluded.length ? h('li', {}, `Never in: ${d.excluded.join(', ')}`) : null,
        (d.rules || []).map((rule) => h('li', {}, `In when ${conditions(rule.when)}`)),
      ].flat().filter(Boolean);
      return h('article', {class: 'panel segment', 'data-key': segment.key},
        h('h2', {}, segment.key, h('span', {class: 'muted'}, ` version ${segment.version}`)),
        d.description ? h('p', {}, d.description) : null,
        members.length ? h('ul', {class: 'members'}, members) : h('p', {class: 'members'}, 'Nobody is in it: no members and no rules.'),
        h('p', {class: 'used-by'}, byFlags.length ? ['Used by ', list(byFlags, link), '.'] : 'Used by no flag.',
          bySegments.length ? [' Part of ', list(bySegments, (other) => h('strong', {}, other.key)), '.'] : null));
    }));
}
