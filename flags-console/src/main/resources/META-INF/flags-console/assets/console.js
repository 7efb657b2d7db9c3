// The console's entry point: who the user is, the router, the live stream. Every screen is a
// function of (params) that renders into <main>; the server checks every permission, the
// console only leaves out the controls the user could not use.

import {api, base, ApiError} from './api.js';
import {h, replace} from './dom.js';
import {flagsScreen, flagScreen, editScreen} from './flags.js';
import {auditScreen} from './audit.js';
import {explainScreen} from './explain.js';
import {experimentsScreen, experimentScreen} from './experiments.js';
import {staleScreen, segmentsScreen} from './reports.js';

const main = document.getElementById('main');

/** What every screen gets: the user, a way to show problems and messages, the live hooks. */
export const app = {
  me: {name: '', permissions: [], owners: [], tags: []},
  can(permission) {
    return this.me.permissions.includes(permission);
  },
  /** Whether a flag is within the user's scope (owners or tags), as the server decides. */
  covers(definition) {
    const {owners, tags} = this.me;
    if (owners.length === 0 && tags.length === 0) {
      return true;
    }
    return owners.includes(definition.owner) || (definition.tags || []).some((t) => tags.includes(t));
  },
  /** Screens register what to do when flags change: fn(keys) -> void. */
  onChange: null,
  toast(message, kind = 'info') {
    const toasts = document.getElementById('toasts');
    const item = h('p', {class: `toast toast-${kind}`}, message);
    toasts.appendChild(item);
    setTimeout(() => item.remove(), 8000);
  },
};

/** A refusal or failure as a message box in the screen. */
export function problemBox(error) {
  if (error instanceof ApiError) {
    return h('div', {class: 'problem', role: 'alert'},
      h('strong', {}, error.problem.title || `Error ${error.status}`), ' ',
      error.problem.detail || error.message);
  }
  return h('div', {class: 'problem', role: 'alert'}, h('strong', {}, 'Error'), ' ', String(error.message || error));
}

const routes = [
  [/^#\/flags\/([^/]+)\/edit$/, (m) => editScreen(decodeURIComponent(m[1])), 'flags'],
  [/^#\/flags\/([^/]+)$/, (m) => flagScreen(decodeURIComponent(m[1])), 'flags'],
  [/^#\/audit$/, () => auditScreen(), 'audit'],
  [/^#\/explain$/, () => explainScreen(), 'explain'],
  [/^#\/experiments\/([^/]+)$/, (m) => experimentScreen(decodeURIComponent(m[1])), 'experiments'],
  [/^#\/experiments$/, () => experimentsScreen(), 'experiments'],
  [/^#\/stale$/, () => staleScreen(), 'stale'],
  [/^#\/segments$/, () => segmentsScreen(), 'segments'],
  [/^#\/flags$/, () => flagsScreen(), 'flags'],
];

/** The hash without its query (#/audit?flag=x is the audit screen). */
function path() {
  const hash = window.location.hash || '#/flags';
  const question = hash.indexOf('?');
  return question < 0 ? hash : hash.slice(0, question);
}

/** The query of the hash, as URLSearchParams. */
export function hashQuery() {
  const hash = window.location.hash;
  const question = hash.indexOf('?');
  return new URLSearchParams(question < 0 ? '' : hash.slice(question + 1));
}

let rendering = 0;

async function route() {
  const current = path();
  const found = routes.find(([pattern]) => pattern.test(current)) || routes[routes.length - 1];
  const [pattern, screen, section] = found;
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.section === section) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  app.onChange = null;
  const ticket = ++rendering;
  let content;
  try {
    content = await screen(current.match(pattern) || []);
  } catch (error) {
    content = h('section', {}, problemBox(error));
  }
  if (ticket !== rendering) {
    return; // the user moved on while this screen loaded
  }
  replace(main, content);
  const heading = main.querySelector('h1');
  document.title = heading ? `${heading.textContent} · Flags console` : 'Flags console';
  main.focus({preventScroll: true});
}

/** Renders the current screen again (after a change), keeping the scroll position. */
export function rerender() {
  const y = window.scrollY;
  return route().then(() => window.scrollTo(0, y));
}

function live() {
  const indicator = document.getElementById('live');
  const source = new EventSource(`${base}/events`, {withCredentials: true});
  source.addEventListener('ready', () => {
    replace(indicator, 'Live');
    indicator.className = 'live live-on';
  });
  source.addEventListener('error', () => {
    replace(indicator, 'Reconnecting…');
    indicator.className = 'live live-off';
  });
  source.addEventListener('flags-changed', (event) => {
    const data = JSON.parse(event.data);
    if (app.onChange) {
      app.onChange(data.keys);
    }
  });
  source.addEventListener('audit', (event) => {
    const entry = JSON.parse(event.data);
    if (entry.actor !== app.me.name) {
      app.toast(`${entry.actor} changed ${entry.kind} ${entry.key} (${entry.action.toLowerCase().replace('_', ' ')})${entry.reason ? `: ${entry.reason}` : ''}`);
    }
  });
}

async function start() {
  try {
    app.me = await api.get('/me');
  } catch (error) {
    replace(main, h('section', {}, h('h1', {}, 'Flags console'), problemBox(error)));
    replace(document.getElementById('live'));
    return;
  }
  const who = document.getElementById('who');
  replace(who, h('span', {class: 'who-name'}, app.me.name), ' ',
    h('span', {class: 'who-permissions', title: 'Your permissions'}, app.me.permissions.join(', ') || 'no permissions'),
    app.me.owners.length || app.me.tags.length
      ? h('span', {class: 'who-scope'}, ` · changes limited to ${[...app.me.owners, ...app.me.tags.map((t) => `#${t}`)].join(', ')}`)
      : null);
  window.addEventListener('hashchange', route);
  live();
  await route();
}

start();
