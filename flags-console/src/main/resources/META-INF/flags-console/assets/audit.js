// The audit log: filters by flag, actor and time, each entry with its reason and a readable diff.

import {api} from './api.js';
import {h, field} from './dom.js';
import {app, hashQuery} from './console.js';
import {diffLines} from './diff.js';
import {time} from './words.js';

function toInstant(local) {
  if (!local) {
    return null;
  }
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export async function auditScreen() {
  const query = hashQuery();
  const params = new URLSearchParams();
  for (const name of ['flag', 'actor', 'from', 'until']) {
    const value = query.get(name);
    if (value) {
      params.set(name, name === 'from' || name === 'until' ? toInstant(value) || value : value);
    }
  }
  params.set('limit', query.get('limit') || '100');
  const entries = await api.get(`/audit?${params}`);

  const flag = h('input', {type: 'text', id: 'audit-flag', name: 'flag', value: query.get('flag') || ''});
  const actor = h('input', {type: 'text', id: 'audit-actor', name: 'actor', value: query.get('actor') || ''});
  const from = h('input', {type: 'datetime-local', id: 'audit-from', name: 'from', value: query.get('from') || ''});
  const until = h('input', {type: 'datetime-local', id: 'audit-until', name: 'until', value: query.get('until') || ''});
  const form = h('form', {class: 'filters', onsubmit: (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const input of [flag, actor, from, until]) {
      if (input.value.trim()) {
        next.set(input.name, input.value.trim());
      }
    }
    window.location.hash = `#/audit?${next}`;
  }},
  field('Flag', flag), field('Actor', actor), field('From (your time)', from), field('Until (your time)', until),
  h('div', {class: 'field field-button'}, h('button', {type: 'submit'}, 'Filter')));

  app.onChange = () => {}; // a filtered history stays still while one reads it; reload to see more
  return h('section', {},
    h('h1', {}, 'Audit log'),
    form,
    h('p', {class: 'count'}, `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, newest first`),
    h('ol', {class: 'audit'}, entries.map((entry) => h('li', {class: 'audit-entry', 'data-sequence': entry.sequence},
      h('div', {class: 'audit-head'},
        h('time', {datetime: entry.time}, time(entry.time)), ' ',
        h('strong', {class: 'audit-actor'}, entry.actor), ' ',
        h('span', {class: 'audit-action'}, entry.action.toLowerCase().replace(/_/g, ' ')), ' ',
        entry.kind, ' ',
        entry.kind === 'flag' ? h('a', {href: `#/flags/${encodeURIComponent(entry.key)}`}, entry.key) : h('span', {}, entry.key),
        ` → version ${entry.version}`),
      entry.reason ? h('p', {class: 'audit-reason'}, `Reason: ${entry.reason}`) : h('p', {class: 'audit-reason muted'}, 'No reason given'),
      h('details', {class: 'audit-diff'}, h('summary', {}, 'Show the change'),
        h('pre', {class: 'diff'}, diffLines(entry.before, entry.after).map((line) => h('span', {class: `diff-${line.kind}`}, `${line.text}\n`))))))));
}
