// The flags list, a flag's page (with its changes: kill switch, status, rollout weights) and the
// edit form with field-level errors and the "changed by someone else" conflict.

import {api, flagPath, ApiError} from './api.js';
import {h, replace, field, fieldError, uid} from './dom.js';
import {app, problemBox, rerender} from './console.js';
import * as words from './words.js';
import {diffLines} from './diff.js';

function badge(status) {
  return h('span', {class: `badge badge-${status}`, title: words.STATUS_WORDS[status] || status}, status);
}

function text(definition) {
  return [definition.key, definition.description, definition.owner, ...(definition.tags || [])]
    .filter(Boolean).join(' ').toLowerCase();
}

function options(values, selected, all) {
  return [h('option', {value: ''}, all), ...values.map((v) => h('option', {value: v, selected: v === selected}, v))];
}

// ---- the list ----

export async function flagsScreen() {
  const [flags, stale] = await Promise.all([
    api.get('/flags'),
    api.get('/stale').catch(() => ({findings: []})),
  ]);
  const staleKeys = new Map();
  for (const finding of stale.findings) {
    staleKeys.set(finding.key, [...(staleKeys.get(finding.key) || []), finding.detail]);
  }
  const tags = [...new Set(flags.flatMap((f) => f.definition.tags || []))].sort();
  const owners = [...new Set(flags.map((f) => f.definition.owner).filter(Boolean))].sort();
  const statuses = [...new Set(flags.map((f) => words.statusOf(f.definition)))].sort();

  const search = h('input', {type: 'search', id: 'flag-search', placeholder: 'key, description, owner or tag', autocomplete: 'off'});
  const status = h('select', {id: 'flag-status'}, options(statuses, '', 'any status'));
  const tag = h('select', {id: 'flag-tag'}, options(tags, '', 'any tag'));
  const owner = h('select', {id: 'flag-owner'}, options(owners, '', 'any owner'));
  const staleOnly = h('input', {type: 'checkbox', id: 'flag-stale'});
  const count = h('p', {class: 'count', role: 'status', 'aria-live': 'polite'});
  const body = h('tbody');

  function render() {
    const query = search.value.trim().toLowerCase();
    const shown = flags.filter((flag) => {
      const definition = {...flag.definition, key: flag.key};
      return (!query || text(definition).includes(query))
        && (!status.value || words.statusOf(flag.definition) === status.value)
        && (!tag.value || (flag.definition.tags || []).includes(tag.value))
        && (!owner.value || flag.definition.owner === owner.value)
        && (!staleOnly.checked || staleKeys.has(flag.key));
    });
    replace(count, `${shown.length} of ${flags.length} flags`);
    replace(body, shown.map((flag) => h('tr', {'data-key': flag.key},
      h('td', {}, h('a', {href: `#/flags/${encodeURIComponent(flag.key)}`, class: 'flag-key'}, flag.key),
        flag.definition.description ? h('div', {class: 'muted'}, flag.definition.description) : null),
      h('td', {}, badge(words.statusOf(flag.definition)),
        staleKeys.has(flag.key) ? h('span', {class: 'badge badge-stale', title: staleKeys.get(flag.key).join('; ')}, 'stale') : null),
      h('td', {class: 'serves'}, words.glance(flag.definition)),
      h('td', {}, flag.definition.owner || ''),
      h('td', {}, (flag.definition.tags || []).map((t) => h('span', {class: 'tag'}, t))),
      h('td', {class: 'muted'}, `v${flag.version}`))));
  }
  for (const control of [search, status, tag, owner, staleOnly]) {
    control.addEventListener('input', render);
  }
  render();
  app.onChange = () => rerender();
  return h('section', {},
    h('h1', {}, 'Flags'),
    h('form', {class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault()},
      field('Search', search),
      field('Status', status),
      field('Tag', tag),
      field('Owner', owner),
      h('div', {class: 'field field-check'}, staleOnly, h('label', {for: 'flag-stale'}, 'Stale only'))),
    count,
    h('table', {class: 'flags'},
      h('thead', {}, h('tr', {}, ['Flag', 'Status', 'Serves now', 'Owner', 'Tags', 'Version'].map((c) => h('th', {scope: 'col'}, c)))),
      body));
}

// ---- one flag ----

function variantsTable(definition) {
  const variants = words.variantsOf(definition);
  const rows = Object.entries(variants).map(([name, value]) => h('tr', {},
    h('th', {scope: 'row'}, name,
      name === definition['default-variant'] ? h('span', {class: 'muted'}, ' (default)') : null,
      name === words.offVariant(definition) ? h('span', {class: 'muted'}, ' (while off)') : null),
    h('td', {}, h('code', {}, JSON.stringify(value)))));
  return h('table', {class: 'plain'}, h('tbody', {}, rows));
}

function evaluationOrder(definition, flags) {
  const items = [];
  const status = words.statusOf(definition);
  if (status !== 'active' && status !== 'scheduled') {
    items.push(h('li', {class: 'off'}, `${words.STATUS_WORDS[status]}. Nothing below applies while it is ${status}.`));
  }
  const schedule = words.schedule(definition);
  if (schedule) {
    items.push(h('li', {}, `${schedule}; outside the window it is off.`));
  }
  for (const prerequisite of definition.prerequisites || []) {
    const needed = prerequisite.variants || [prerequisite.variant];
    items.push(h('li', {}, 'Requires ', h('a', {href: `#/flags/${encodeURIComponent(prerequisite.flag)}`}, prerequisite.flag),
      ` to serve ${needed.map((v) => `“${v}”`).join(' or ')}; otherwise off.`));
  }
  for (const [variant, keys] of Object.entries(definition.targets || {})) {
    items.push(h('li', {}, `Always “${variant}” for ${keys.join(', ')}.`));
  }
  (definition.rules || []).forEach((rule, index) => {
    items.push(h('li', {class: 'rule', 'data-rule': rule.id || String(index)},
      h('span', {class: 'rule-id'}, `Rule ${rule.id || index + 1}: `),
      `if ${words.conditions(rule.when)}, serve ${words.serve(rule.serve)}.`));
  });
  items.push(h('li', {class: 'fallthrough'},
    (definition.rules || []).length || Object.keys(definition.targets || {}).length ? 'Everyone else: ' : 'Everyone: ',
    `${words.serve(definition.fallthrough ?? definition['default-variant'])}.`));
  const dependents = flags.filter((other) => (other.definition.prerequisites || []).some((p) => p.flag === definition.key));
  return [h('ol', {class: 'order'}, items),
    dependents.length ? h('p', {}, 'Required by ',
      dependents.map((d, i) => [i ? ', ' : '', h('a', {href: `#/flags/${encodeURIComponent(d.key)}`}, d.key)]), '.') : null];
}

function details(flag) {
  const d = flag.definition;
  const rows = [
    ['Type', d.type || 'boolean'],
    ['Owner', d.owner || '—'],
    ['Tags', (d.tags || []).join(', ') || '—'],
    ['Environments', (d.environments || []).join(', ') || 'all'],
    ['Created', d.created || words.time(flag.created)],
    ['Last changed', `${words.time(flag.updated)} (version ${flag.version})`],
    ['Review by', d['review-by'] || '—'],
    flag.archived ? ['Archived', words.time(flag.archived)] : null,
    d['bucket-by'] ? ['Bucketed by', d['bucket-by']] : null,
  ].filter(Boolean);
  const metadata = Object.entries(d.metadata || {});
  return [h('dl', {class: 'facts'}, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    metadata.length ? [h('h3', {}, 'Metadata'), h('dl', {class: 'facts'}, metadata.map(([k, v]) => [h('dt', {}, k), h('dd', {}, JSON.stringify(v))]))] : null];
}

/** A modal dialog (native <dialog>: focus is trapped and Escape closes it). */
function dialog(title, content) {
  const titleId = uid('dialog-title');
  const element = h('dialog', {'aria-labelledby': titleId, class: 'dialog'}, h('h2', {id: titleId}, title), content);
  element.addEventListener('close', () => element.remove());
  document.body.appendChild(element);
  element.showModal();
  return element;
}

function killSwitch(flag) {
  const reason = h('textarea', {id: 'kill-reason', required: true, rows: 3});
  const error = h('div', {class: 'dialog-error'});
  const confirm = h('div', {class: 'confirm', hidden: true});
  const next = h('button', {type: 'submit', class: 'danger', id: 'kill-continue'}, 'Continue');
  const form = h('form', {method: 'dialog', novalidate: true},
    h('p', {}, `The kill switch turns “${flag.key}” off for everyone at once, whatever its rules say, until an administrator restores it.`),
    field('Reason (required, kept in the audit log)', reason),
    confirm, error,
    h('div', {class: 'actions'},
      h('button', {type: 'button', onclick: () => box.close()}, 'Cancel'), next));
  const box = dialog(`Pull the kill switch of ${flag.key}?`, form);
  let confirming = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!reason.value.trim()) {
      fieldError(reason, 'Say why: the reason is required and goes into the audit log.');
      reason.focus();
      return;
    }
    fieldError(reason, null);
    if (!confirming) {
      confirming = true;
      reason.readOnly = true;
      confirm.hidden = false;
      replace(confirm, h('p', {class: 'warning'}, `Everyone gets ${words.offVariant(flag.definition) ? `“${words.offVariant(flag.definition)}”` : 'their default value'} from now on. Reason: ${reason.value.trim()}`));
      replace(next, 'Turn it off now');
      next.id = 'kill-confirm';
      next.focus();
      return;
    }
    try {
      await api.post(flagPath(flag.key, '/emergency-off'), {reason: reason.value.trim()});
      box.close();
      app.toast(`Kill switch pulled: ${flag.key} is off for everyone.`, 'success');
      rerender();
    } catch (failure) {
      replace(error, problemBox(failure));
    }
  });
  reason.focus();
}

function statusChanges(flag, transitions) {
  if (!transitions) {
    return null;
  }
  const current = transitions.status;
  const moves = transitions.transitions.filter((t) => t.permitted && t.via !== 'emergency-off');
  if (moves.length === 0) {
    return null;
  }
  const reason = h('input', {type: 'text', id: 'status-reason', autocomplete: 'off', required: true});
  const error = h('div', {id: 'status-error'});
  const buttons = moves.map((move) => h('button', {
    type: 'button',
    class: move.via === 'restore' ? 'primary' : '',
    'data-status': move.status,
    onclick: async () => {
      const why = reason.value.trim();
      if (!why) {
        fieldError(reason, `Say why it becomes ${move.status}: the reason is required and goes into the audit log.`);
        reason.focus();
        return;
      }
      fieldError(reason, null);
      try {
        const path = move.via === 'restore' ? '/restore' : '/status';
        await api.post(flagPath(flag.key, path), {status: move.status, reason: why}, {ifMatch: flag.version});
        app.toast(`${flag.key} is now ${move.status}.`, 'success');
        rerender();
      } catch (failure) {
        replace(error, failure instanceof ApiError && failure.status === 412
          ? conflictNotice(flag.key) : problemBox(failure));
      }
    },
  }, move.via === 'restore' ? `Restore to ${move.status}` : `Make ${move.status}`));
  return h('section', {class: 'panel', 'aria-labelledby': 'status-heading'},
    h('h2', {id: 'status-heading'}, current === 'emergency-off' ? 'Restore' : 'Status'),
    h('p', {class: 'muted'}, `Now ${current}. The moves the lifecycle allows from here${current === 'emergency-off' ? ' (only an administrator can leave the kill switch)' : ''}:`),
    field('Reason (required, kept in the audit log)', reason), h('div', {class: 'actions'}, buttons), error);
}

/** A slider for two variants, number fields for more: the weights of one distribution. */
function weightsEditor(flag, ruleId, weights) {
  const names = Object.keys(weights);
  const total = Object.values(weights).reduce((a, b) => a + b, 0) || 100;
  const error = h('div');
  const label = ruleId ? `rule ${ruleId}` : 'everyone else';
  const output = h('output', {class: 'weights-output', 'aria-live': 'polite'});
  let read;
  let controls;
  if (names.length === 2) {
    const slider = h('input', {type: 'range', min: 0, max: 100, step: 1, id: uid('rollout'), class: 'rollout',
      value: Math.round((weights[names[0]] * 100) / total), 'aria-valuetext': ''});
    const show = () => {
      const first = Number(slider.value);
      const words = `${first}% “${names[0]}”, ${100 - first}% “${names[1]}”`;
      slider.setAttribute('aria-valuetext', words);
      replace(output, words);
    };
    slider.addEventListener('input', show);
    show();
    read = () => ({[names[0]]: Number(slider.value), [names[1]]: 100 - Number(slider.value)});
    controls = field(`Share of “${names[0]}” for ${label}`, slider);
  } else {
    const inputs = names.map((name) => h('input', {type: 'number', min: 0, step: 1, value: weights[name], id: uid('weight'), 'data-variant': name}));
    const show = () => replace(output, words.distribution(read()));
    read = () => Object.fromEntries(inputs.map((input) => [input.dataset.variant, Number(input.value)]));
    inputs.forEach((input) => input.addEventListener('input', show));
    show();
    controls = inputs.map((input) => field(`Weight of “${input.dataset.variant}”`, input));
  }
  const save = h('button', {type: 'submit', class: 'primary'}, 'Save weights');
  return h('form', {class: 'weights', 'data-rule': ruleId || 'fallthrough', onsubmit: async (event) => {
    event.preventDefault();
    try {
      const query = ruleId ? `?rule=${encodeURIComponent(ruleId)}` : '';
      await api.put(flagPath(flag.key, `/weights${query}`), read(), {ifMatch: flag.version});
      app.toast(`Rollout of ${flag.key} (${label}) is now ${words.distribution(read())}.`, 'success');
      rerender();
    } catch (failure) {
      replace(error, failure instanceof ApiError && failure.status === 412
        ? conflictNotice(flag.key) : problemBox(failure));
    }
  }}, h('h3', {}, `Rollout: ${label}`), controls, output, h('div', {class: 'actions'}, save), error);
}

function conflictNotice(key) {
  return h('div', {class: 'problem conflict', role: 'alert'},
    h('strong', {}, 'Changed by someone else. '),
    'This flag changed since you loaded it, so nothing was saved. ',
    h('button', {type: 'button', onclick: () => rerender()}, 'Review the new version'));
}

export async function flagScreen(key) {
  const [flag, flags, transitions] = await Promise.all([
    api.get(flagPath(key)),
    api.get('/flags'),
    api.get(flagPath(key, '/transitions')).catch(() => null),
  ]);
  const d = {...flag.definition, key: flag.key};
  const status = words.statusOf(d);
  const actions = [];
  const writable = app.can('WRITE') && app.covers(d);
  if (writable) {
    actions.push(h('a', {href: `#/flags/${encodeURIComponent(key)}/edit`, class: 'button'}, 'Edit'));
  }
  const kill = transitions && transitions.transitions.find((t) => t.via === 'emergency-off');
  if (kill && kill.permitted) {
    actions.push(h('button', {type: 'button', class: 'danger', id: 'kill-switch', onclick: () => killSwitch(flag)}, 'Pull kill switch'));
  }
  actions.push(h('a', {href: `#/audit?flag=${encodeURIComponent(key)}`, class: 'button'}, 'History'));
  actions.push(h('a', {href: `#/explain?flag=${encodeURIComponent(key)}`, class: 'button'}, 'Explain'));
  if (d.experiment) {
    actions.push(h('a', {href: `#/experiments/${encodeURIComponent(key)}`, class: 'button'}, 'Experiment results'));
  }

  const rollouts = [];
  if (writable) {
    for (const rule of d.rules || []) {
      const weights = words.weightsOf(rule.serve);
      if (weights && rule.id) {
        rollouts.push(weightsEditor(flag, rule.id, weights));
      }
    }
    const weights = words.weightsOf(d.fallthrough);
    if (weights) {
      rollouts.push(weightsEditor(flag, null, weights));
    }
  }
  app.onChange = (keys) => {
    if (keys.includes(key)) {
      app.toast(`${key} changed; showing the new version.`);
      rerender();
    }
  };
  return h('section', {class: 'flag', 'data-version': flag.version, 'data-status': status},
    h('p', {class: 'crumbs'}, h('a', {href: '#/flags'}, 'Flags'), ' / '),
    h('h1', {}, flag.key, ' ', badge(status)),
    d.description ? h('p', {class: 'lead'}, d.description) : null,
    h('p', {class: 'status-words', id: 'status-words'}, words.STATUS_WORDS[status]),
    h('div', {class: 'actions'}, actions),
    h('div', {class: 'columns'},
      h('div', {},
        h('h2', {}, 'How it decides'), evaluationOrder(d, flags),
        h('h2', {}, 'Variants'), variantsTable(d)),
      h('div', {},
        statusChanges(flag, transitions),
        rollouts.length ? h('section', {class: 'panel'}, h('h2', {}, 'Rollout'), rollouts) : null,
        h('h2', {}, 'Lifecycle and metadata'), details(flag))));
}

// ---- edit ----

const FIELDS = ['description', 'owner', 'tags', 'default-variant', 'review-by', 'active-from', 'active-until'];

export async function editScreen(key) {
  const read = await api.getWithVersion(flagPath(key));
  let flag = read.body;
  let version = flag.version;
  const initial = flag.definition;

  const inputs = {
    description: h('input', {type: 'text', value: initial.description || ''}),
    owner: h('input', {type: 'text', value: initial.owner || ''}),
    tags: h('input', {type: 'text', value: (initial.tags || []).join(', ')}),
    'default-variant': h('input', {type: 'text', value: initial['default-variant'] || '', list: 'variant-names', autocomplete: 'off'}),
    'review-by': h('input', {type: 'date', value: initial['review-by'] || ''}),
    'active-from': h('input', {type: 'text', value: initial['active-from'] || '', placeholder: '2030-01-01T00:00:00Z'}),
    'active-until': h('input', {type: 'text', value: initial['active-until'] || '', placeholder: '2030-02-01T00:00:00Z'}),
  };
  for (const [name, input] of Object.entries(inputs)) {
    input.id = `edit-${name}`;
    input.name = name;
  }
  const rest = {};
  for (const [name, value] of Object.entries(initial)) {
    if (!FIELDS.includes(name) && name !== 'status') {
      rest[name] = value;
    }
  }
  const advanced = h('textarea', {id: 'edit-definition', rows: 16, spellcheck: 'false', class: 'code'});
  advanced.value = JSON.stringify(rest, null, 2);
  const reason = h('input', {type: 'text', id: 'edit-reason', autocomplete: 'off'});
  const summary = h('div', {class: 'form-errors', role: 'alert'});
  const conflict = h('div', {class: 'conflict-slot'});
  const datalist = h('datalist', {id: 'variant-names'}, Object.keys(words.variantsOf(initial)).map((v) => h('option', {value: v})));

  function body() {
    let parsed;
    try {
      parsed = JSON.parse(advanced.value || '{}');
    } catch (notJson) {
      fieldError(advanced, `Not valid JSON: ${notJson.message}`);
      return null;
    }
    const definition = {...parsed};
    if (initial.status) {
      definition.status = flag.definition.status; // status changes go through the lifecycle buttons
    }
    for (const name of FIELDS) {
      const value = inputs[name].value.trim();
      if (name === 'tags') {
        const tags = value.split(',').map((t) => t.trim()).filter(Boolean);
        if (tags.length) {
          definition.tags = tags;
        }
      } else if (value) {
        definition[name] = value;
      }
    }
    return definition;
  }

  function clearErrors() {
    for (const input of [...Object.values(inputs), advanced]) {
      fieldError(input, null);
    }
    replace(summary);
  }

  /** Puts each error next to the field its path names ("flags.<key>.<field>..."), the rest on the JSON. */
  function showErrors(errors) {
    const byField = new Map();
    const prefix = `flags.${key}.`;
    for (const error of errors) {
      const path = error.path.startsWith(prefix) ? error.path.slice(prefix.length) : error.path;
      const name = path.split(/[.[]/)[0];
      const target = inputs[name] ? inputs[name] : advanced;
      const message = target === advanced ? `${path}: ${error.message}` : error.message;
      byField.set(target, [...(byField.get(target) || []), message]);
    }
    for (const [input, messages] of byField) {
      fieldError(input, messages.join('; '));
    }
    replace(summary, h('p', {}, `${errors.length} problem${errors.length === 1 ? '' : 's'}: nothing was saved. See the fields marked below.`));
    const first = [...byField.keys()][0];
    if (first) {
      first.focus();
    }
  }

  async function showConflict(mine) {
    const current = await api.get(flagPath(key));
    const theirs = diffLines(initial, current.definition);
    replace(conflict, h('div', {class: 'problem conflict', role: 'alert', id: 'conflict'},
      h('h2', {}, 'Changed by someone else'),
      h('p', {}, `You edited version ${version}; the flag is now at version ${current.version}. Nothing was saved. Their change:`),
      h('pre', {class: 'diff'}, theirs.map((line) => h('span', {class: `diff-${line.kind}`}, `${line.text}\n`))),
      h('div', {class: 'actions'},
        h('button', {type: 'button', id: 'conflict-keep-mine', onclick: () => {
          version = current.version;
          flag = current;
          replace(conflict, h('p', {class: 'notice'}, `Your edits now apply to version ${current.version}. Save again to overwrite their change with yours.`));
        }}, 'Keep my edits on the new version'),
        h('button', {type: 'button', id: 'conflict-take-theirs', onclick: () => rerender()}, 'Discard mine, load the new version'))));
    return mine;
  }

  const form = h('form', {class: 'edit', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    clearErrors();
    const definition = body();
    if (!definition) {
      return;
    }
    const query = reason.value.trim() ? `?reason=${encodeURIComponent(reason.value.trim())}` : '';
    try {
      await api.put(flagPath(key, query), definition, {ifMatch: version});
      app.toast(`Saved ${key}.`, 'success');
      window.location.hash = `#/flags/${encodeURIComponent(key)}`;
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 400 && Array.isArray(failure.problem.errors)) {
        showErrors(failure.problem.errors);
      } else if (failure instanceof ApiError && failure.status === 412) {
        await showConflict(definition);
      } else {
        replace(summary, problemBox(failure));
      }
    }
  }},
  summary, conflict,
  field('Description', inputs.description),
  field('Owner', inputs.owner),
  field('Tags', inputs.tags, 'Comma separated'),
  field('Default variant', inputs['default-variant'], `One of ${Object.keys(words.variantsOf(initial)).join(', ')}`), datalist,
  field('Review by', inputs['review-by'], 'The stale report lists the flag after this date'),
  field('Active from', inputs['active-from'], 'ISO-8601 instant; for scheduled flags'),
  field('Active until', inputs['active-until'], 'ISO-8601 instant; for scheduled flags'),
  field('Variants, targets, prerequisites, rules and fallthrough (JSON, the definitions format)', advanced),
  field('Reason (kept in the audit log)', reason),
  h('div', {class: 'actions'},
    h('button', {type: 'submit', class: 'primary', id: 'edit-save'}, 'Save'),
    h('a', {href: `#/flags/${encodeURIComponent(key)}`, class: 'button'}, 'Cancel')));

  app.onChange = (keys) => {
    if (keys.includes(key)) {
      app.toast(`Someone else changed ${key} while you edit it; saving will show their change.`, 'warning');
    }
  };
  return h('section', {},
    h('p', {class: 'crumbs'}, h('a', {href: '#/flags'}, 'Flags'), ' / ', h('a', {href: `#/flags/${encodeURIComponent(key)}`}, key), ' / '),
    h('h1', {}, `Edit ${key}`),
    h('p', {class: 'muted'}, `Version ${version}. The server validates the whole flag with every other flag; problems show next to their field.`),
    form);
}
