// A readable diff of two definitions: each changed leaf as "path: old" / "path: new" lines.

function flatten(value, path, out) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 && path) {
      out.set(path, '{}');
    }
    for (const [name, child] of entries) {
      flatten(child, path ? `${path}.${name}` : name, out);
    }
  } else if (Array.isArray(value) && value.some((item) => item !== null && typeof item === 'object')) {
    value.forEach((item, index) => {
      // Rules are easier to follow by id than by position.
      const label = item && typeof item === 'object' && item.id ? `[${item.id}]` : `[${index}]`;
      flatten(item, `${path}${label}`, out);
    });
  } else if (value !== undefined) {
    out.set(path, JSON.stringify(value));
  }
  return out;
}

/** Lines {kind: 'removed' | 'added' | 'same', text} between two trees; before or after may be null. */
export function diffLines(before, after) {
  const old = flatten(before || {}, '', new Map());
  const now = flatten(after || {}, '', new Map());
  const paths = [...new Set([...old.keys(), ...now.keys()])];
  const lines = [];
  for (const path of paths) {
    const a = old.get(path);
    const b = now.get(path);
    if (a === b) {
      continue;
    }
    if (a !== undefined) {
      lines.push({kind: 'removed', text: `- ${path}: ${a}`});
    }
    if (b !== undefined) {
      lines.push({kind: 'added', text: `+ ${path}: ${b}`});
    }
  }
  if (lines.length === 0) {
    lines.push({kind: 'same', text: '(no change to the definition)'});
  }
  return lines;
}
