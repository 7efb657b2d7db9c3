// Flags in plain words: what a rule, a serve or a schedule means, for people who do not read YAML.

const OPERATORS = {
  equals: 'is', 'not-equals': 'is not', in: 'is one of', 'not-in': 'is none of',
  contains: 'contains', 'contains-any': 'contains any of', 'starts-with': 'starts with',
  'ends-with': 'ends with', matches: 'matches the pattern', 'less-than': 'is less than',
  'less-than-or-equal': 'is at most', 'greater-than': 'is greater than',
  'greater-than-or-equal': 'is at least', before: 'is before', after: 'is after',
  'semver-equal': 'is version', 'semver-less-than': 'is a version before',
  'semver-greater-than': 'is a version after', 'semver-in-range': 'is a version in',
  exists: 'is set', 'in-segment': 'is in segment',
};

export const STATUS_WORDS = {
  active: 'Active: serving by its rules',
  draft: 'Draft: off, not served yet',
  scheduled: 'Scheduled: serving by its rules inside its window only',
  paused: 'Paused: off for everyone',
  archived: 'Archived: retired, off for everyone',
  'emergency-off': 'Kill switch pulled: off for everyone, whatever the rules say',
};

export function statusOf(definition) {
  return definition.status || 'active';
}

/** The variant served while the flag is off (off-variant, else "off", else the default). */
export function offVariant(definition) {
  if (definition['off-variant']) {
    return definition['off-variant'];
  }
  return definition.variants ? null : 'off';
}

/** The variants with their values; boolean flags without explicit variants have on and off. */
export function variantsOf(definition) {
  if (definition.variants) {
    return definition.variants;
  }
  return (definition.type || 'boolean') === 'boolean' ? {on: true, off: false} : {};
}

function quote(value) {
  return typeof value === 'string' ? `“${value}”` : JSON.stringify(value);
}

function list(values) {
  const quoted = values.map(quote);
  if (quoted.length <= 1) {
    return quoted.join('');
  }
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

export function condition(when) {
  const words = OPERATORS[when.operator] || when.operator;
  const negate = when.negate ? 'not ' : '';
  if (when.operator === 'exists') {
    return `${when.attribute} ${negate}is set`;
  }
  const values = when.values ? list(when.values) : quote(when.value);
  if (when.operator === 'in-segment') {
    return `${negate}in segment ${values}`; // no attribute: the segment decides from the whole context
  }
  return `${negate}${when.attribute} ${words} ${values}`;
}

export function conditions(whens) {
  if (!whens || whens.length === 0) {
    return 'everyone';
  }
  return whens.map(condition).join(' and ');
}

function percent(weight, total) {
  if (total === 0) {
    return '0%';
  }
  const value = (weight * 100) / total;
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

export function distribution(weights) {
  const entries = Object.entries(weights);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  return entries.map(([variant, weight]) => `${percent(weight, total)} ${quote(variant)}`).join(', ');
}

function when(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  const text = date.toISOString(); // 2025-01-01T00:00:00.000Z
  const seconds = text.slice(17, 23) === '00.000' ? '' : text.slice(16, 19);
  return `${text.slice(0, 10)} ${text.slice(11, 16)}${seconds} UTC`;
}

/** What a serve gives, in words: a variant, weights, a progressive rollout or dated steps. */
export function serve(value, now = new Date()) {
  if (value === undefined || value === null) {
    return 'the default variant';
  }
  if (typeof value === 'string') {
    return quote(value);
  }
  if (value.distribution) {
    return distribution(value.distribution);
  }
  if (value.progressive) {
    const p = value.progressive;
    return `a rollout of ${quote(p.variant)} from ${p.from ?? 0}% on ${when(p.start)} to ${p.to ?? 100}% on ${when(p.end)}, ${quote(p.otherwise)} for the others`;
  }
  if (value.steps) {
    const parts = [];
    if (value.variant) {
      parts.push(`${quote(value.variant)} until ${when(value.steps[0].at)}`);
    }
    let current = null;
    for (const step of value.steps) {
      const what = step.distribution ? distribution(step.distribution) : quote(step.variant);
      parts.push(`from ${when(step.at)}: ${what}`);
      if (new Date(step.at) <= now) {
        current = what;
      }
    }
    return `${parts.join('; ')}${current ? ` (now: ${current})` : ''}`;
  }
  if (value.variant) {
    return quote(value.variant);
  }
  return JSON.stringify(value);
}

/** The weights a slider can change: the distribution a serve gives now, or null. */
export function weightsOf(value) {
  if (value && typeof value === 'object' && value.distribution) {
    return value.distribution;
  }
  return null;
}

/** At a glance: what the flag serves to most people right now. */
export function glance(definition) {
  const status = statusOf(definition);
  if (status === 'emergency-off' || status === 'paused' || status === 'archived' || status === 'draft') {
    const off = offVariant(definition);
    return off ? `${quote(off)} to everyone` : 'the caller’s default value to everyone';
  }
  const rules = (definition.rules || []).length;
  const rest = definition.fallthrough !== undefined ? serve(definition.fallthrough) : quote(definition['default-variant']);
  return rules > 0 ? `${rules} rule${rules === 1 ? '' : 's'}, then ${rest}` : rest;
}

export function schedule(definition) {
  const from = definition['active-from'];
  const until = definition['active-until'];
  if (!from && !until) {
    return null;
  }
  if (from && until) {
    return `Served from ${when(from)} until ${when(until)}`;
  }
  return from ? `Served from ${when(from)}` : `Served until ${when(until)}`;
}

export {when as time};
