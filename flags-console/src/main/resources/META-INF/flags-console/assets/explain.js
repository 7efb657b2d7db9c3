// Explain: a context in; value, variant, reason, matched rule, bucket and prerequisite chain out.

import {api, flagPath} from './api.js';
import {h, replace, field, fieldError} from './dom.js';
import {app, hashQuery, problemBox} from './console.js';

const REASONS = {
  STATIC: 'the flag serves one variant to everyone',
  DEFAULT: 'nothing matched, so the default applies',
  TARGETING_MATCH: 'a rule or an individual target matched',
  SPLIT: 'the context’s bucket fell in this share of the distribution',
  DISABLED: 'the flag is off',
  ERROR: 'the evaluation failed',
};

function parseAttributes(text) {
  const attributes = {};
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const line of lines) {
    const equals = line.indexOf('=');
    if (equals <= 0) {
      return {error: `“${line}” is not name=value`};
    }
    const name = line.slice(0, equals).trim();
    const raw = line.slice(equals + 1).trim();
    let value = raw;
    if (raw === 'true' || raw === 'false') {
      value = raw === 'true';
    } else if (raw !== '' && !Number.isNaN(Number(raw))) {
      value = Number(raw);
    }
    attributes[name] = value;
  }
  return {attributes};
}

function outcome(result, depth = 0) {
  const rows = [
    ['Value', JSON.stringify(result.value)],
    ['Variant', result.variant ?? '(none: the caller’s default)'],
    ['Reason', `${result.reason}: ${REASONS[result.reason] || ''}`],
    result.rule ? ['Matched rule', result.rule] : null,
    result.detail ? ['Detail', result.detail] : null,
    result.errorCode ? ['Error', result.errorCode] : null,
    result.bucket !== null && result.bucket !== undefined
      ? ['Bucket', `${result.bucket} of ${result.bucketCount}, from “${result.bucketingValue}”`] : null,
  ].filter(Boolean);
  return h('div', {class: depth ? 'explain-nested' : 'explain-result', 'data-key': result.key},
    h('dl', {class: 'facts'}, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {'data-fact': k.toLowerCase().replace(/ /g, '-')}, v)])),
    result.prerequisites.length ? [h('h3', {}, 'Prerequisites'), h('ol', {}, result.prerequisites.map((p) => h('li', {},
      `${p.flag} must serve ${p.requiredVariants.join(' or ')}: ${p.met ? 'met' : 'not met'}`, outcome(p.explanation, depth + 1))))] : null);
}

export async function explainScreen() {
  const flags = await api.get('/flags');
  const preset = hashQuery().get('flag');
  const flag = h('select', {id: 'explain-flag'}, flags.map((f) => h('option', {value: f.key, selected: f.key === preset}, f.key)));
  const targetingKey = h('input', {type: 'text', id: 'explain-key', autocomplete: 'off'});
  const groups = h('input', {type: 'text', id: 'explain-groups', autocomplete: 'off'});
  const attributes = h('textarea', {id: 'explain-attributes', rows: 4, spellcheck: 'false', class: 'code', placeholder: 'country=DE\nplan=premium'});
  const environment = h('input', {type: 'text', id: 'explain-environment', autocomplete: 'off'});
  const result = h('div', {class: 'explain-output', 'aria-live': 'polite'});
  const form = h('form', {class: 'explain', onsubmit: async (event) => {
    event.preventDefault();
    const parsed = parseAttributes(attributes.value);
    fieldError(attributes, parsed.error || null);
    if (parsed.error) {
      return;
    }
    try {
      const explanation = await api.post(flagPath(flag.value, '/explain'), {
        targetingKey: targetingKey.value.trim() || null,
        groups: groups.value.split(',').map((g) => g.trim()).filter(Boolean),
        attributes: parsed.attributes,
        environment: environment.value.trim() || null,
      });
      replace(result, h('h2', {}, `${flag.value} for ${targetingKey.value.trim() || 'an anonymous context'}`), outcome(explanation.body));
    } catch (failure) {
      replace(result, problemBox(failure));
    }
  }},
  field('Flag', flag),
  field('Targeting key', targetingKey, 'The user id, as X-User-Id or the principal gives it'),
  field('Groups', groups, 'Comma separated'),
  field('Attributes', attributes, 'One name=value a line; numbers and true/false keep their type'),
  field('Environment', environment, 'Empty for the application’s'),
  h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary', id: 'explain-run'}, 'Explain')));
  app.onChange = () => {};
  return h('section', {}, h('h1', {}, 'Explain'),
    h('p', {class: 'muted'}, 'Evaluates the stored flag for a context you describe, without recording an experiment exposure.'),
    h('div', {class: 'columns'}, form, result));
}
