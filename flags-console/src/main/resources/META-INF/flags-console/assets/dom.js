// Builds DOM nodes from data: text goes in as text nodes, never as markup, so nothing a flag or an
// audit entry contains can run as script (and the page needs no 'unsafe-inline').

/**
 * h('a', {href: '#/flags', class: 'x', onclick: fn}, 'text', child) builds an element.
 * Attributes whose value is null, undefined or false are left out; true sets an empty attribute.
 */
export function h(tag, attributes, ...children) {
  const element = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'value' && 'value' in element && !(element instanceof SVGElement)) {
      element.value = value;
    } else if (name === 'checked' || name === 'selected') {
      element[name] = Boolean(value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(element, child);
    } else if (child instanceof Node) {
      element.appendChild(child);
    } else {
      element.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces a node's children. */
export function replace(node, ...children) {
  while (node.firstChild) {
    node.removeChild(node.firstChild);
  }
  append(node, children);
  return node;
}

let ids = 0;

/** A fresh id, to tie a label or a description to its control. */
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled form field: the label, the control, an optional hint and the field's error slot. */
export function field(label, control, hint) {
  const id = control.id || uid('field');
  control.id = id;
  const error = h('p', {class: 'field-error', id: `${id}-error`, hidden: true});
  const described = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', described);
  return h('div', {class: 'field'},
    h('label', {for: id}, label),
    control,
    hint ? h('p', {class: 'hint', id: `${id}-hint`}, hint) : null,
    error);
}

/** Shows an error under a field made by field(), or clears it with null. */
export function fieldError(control, message) {
  const error = document.getElementById(`${control.id}-error`);
  if (!error) {
    return;
  }
  if (message) {
    error.hidden = false;
    replace(error, message);
    control.setAttribute('aria-invalid', 'true');
  } else {
    error.hidden = true;
    replace(error);
    control.removeAttribute('aria-invalid');
  }
}
