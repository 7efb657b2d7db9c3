// The console's entry point: who the user is, the router, the live stream. Every screen is a
// function of (params) that renders into <main>; the server checks every permission, the
// console only leaves out the controls the user could not use.

import {api, base, meta, ApiError} from './api.js';
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

/** How often the console looks for changes while it has no live stream (refused or unsupported). */
const POLL_MILLIS = 10000;

/** How long it waits before asking for a live stream again after one was refused. */
const RETRY_STREAM_MILLIS = 30000;

/**
 * The live stream (GET /events). The browser reconnects by itself when the server ends a stream (at
 * its maximum lifetime, or a restart); a refusal (503 when the server's streams are all taken, 401
 * after signing out elsewhere) closes it for good, so the console then polls the flags' versions and
 * asks for a stream again later.
 */
function live() {
  const indicator = document.getElementById('live');
  let poller = null;
  let versions = null;

  function show(text, state) {
    replace(indicator, text);
    indicator.className = `live live-${state}`;
    indicator.dataset.state = state;
  }

  /** Reads the flags' versions; reports the keys that changed since the last read unless quiet. */
  async function poll(quiet = false) {
    let flags;
    try {
      flags = await api.get('/flags');
    } catch (failure) {
      return; // the next poll tries again; the screen shows its own errors
    }
    const now = new Map(flags.map((flag) => [flag.key, flag.version]));
    if (versions && !quiet) {
      const changed = [...now].filter(([key, version]) => versions.get(key) !== version).map(([key]) => key);
      for (const key of versions.keys()) {
        if (!now.has(key)) {
          changed.push(key);
        }
      }
      if (changed.length && app.onChange) {
        app.onChange(changed);
      }
    }
    versions = now;
  }

  function startPolling() {
    show(`Not live: checking every ${POLL_MILLIS / 1000} s`, 'polling');
    if (poller === null) {
      poll();
      poller = setInterval(() => poll(), POLL_MILLIS);
    }
  }

  function connect() {
    const source = new EventSource(`${base}/events`, {withCredentials: true});
    source.addEventListener('ready', () => {
      if (poller !== null) {
        clearInterval(poller);
        poller = null;
      }
      show('Live', 'on');
      // Changes made while no stream was open (a reconnection, or polling before) are not replayed:
      // compare the versions with the last ones seen.
      poll();
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        startPolling();
        setTimeout(connect, RETRY_STREAM_MILLIS);
      } else if (poller === null) {
        show('Reconnecting…', 'off');
      }
    });
    source.addEventListener('flags-changed', (event) => {
      const data = JSON.parse(event.data);
      if (app.onChange) {
        app.onChange(data.keys);
      }
      poll(true); // the new versions, so that a reconnection does not report this change again
    });
    source.addEventListener('audit', (event) => {
      const entry = JSON.parse(event.data);
      if (entry.actor !== app.me.name) {
        app.toast(`${entry.actor} changed ${entry.kind} ${entry.key} (${entry.action.toLowerCase().replace('_', ' ')})${entry.reason ? `: ${entry.reason}` : ''}`);
      }
    });
  }

  if (typeof EventSource === 'undefined') {
    startPolling();
  } else {
    connect();
  }
}

/** The sign-out control: a form that posts to the application's logout endpoint with the CSRF token. */
function signOut() {
  const action = meta('flags-logout');
  if (!action) {
    return;
  }
  const parameter = meta('flags-csrf-parameter');
  const token = meta('flags-csrf-token');
  replace(document.getElementById('sign-out-slot'),
    h('form', {method: 'post', action, class: 'sign-out'},
      parameter && token ? h('input', {type: 'hidden', name: parameter, value: token}) : null,
      h('button', {type: 'submit', id: 'sign-out'}, 'Sign out')));
}

async function start() {
  signOut();
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
