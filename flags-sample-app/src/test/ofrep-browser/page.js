// The page of OfrepBrowserTests: the flags of the sample shop, evaluated in the browser by
// OpenFeature's web SDK through the OFREP web provider, shown in a table the test reads.
//
// Query parameters: user (targeting key), country and plan (context attributes), changes
// (sse, polling or none: how the provider learns of changes) and poll (the polling interval, ms).
import { OpenFeature, ProviderEvents } from '@openfeature/web-sdk';
import { OFREPWebProvider } from '@openfeature/ofrep-web-provider';

const query = new URLSearchParams(location.search);
const changes = query.get('changes') ?? 'sse';
const context = { targetingKey: query.get('user') ?? 'visitor' };
for (const attribute of ['country', 'plan']) {
  if (query.has(attribute)) {
    context[attribute] = query.get(attribute);
  }
}

// Every flag of the sample, with the code default the page would fall back to.
const FLAGS = [
  ['payments', 'boolean', false],
  ['new-checkout', 'boolean', false],
  ['recommendations', 'boolean', false],
  ['pricing', 'string', 'no-pricing'],
  ['banner', 'string', 'no-banner'],
  ['free-shipping-threshold', 'number', -1],
  ['checkout-config', 'object', {}],
  ['wholesale-prices', 'boolean', false],
];

const answers = new Map();
// Counts the provider's HTTP answers by status, so the test can see polls answered 304.
const countingFetch = async (input, init) => {
  const response = await fetch(input, init);
  answers.set(response.status, (answers.get(response.status) ?? 0) + 1);
  showAnswers();
  return response;
};

const client = OpenFeature.getClient();
let configurationChanges = 0;

function details(key, type, fallback) {
  switch (type) {
    case 'boolean': return client.getBooleanDetails(key, fallback);
    case 'string': return client.getStringDetails(key, fallback);
    case 'number': return client.getNumberDetails(key, fallback);
    default: return client.getObjectDetails(key, fallback);
  }
}

function cell(row, name, text) {
  const td = row.insertCell();
  td.className = name;
  td.textContent = text ?? '';
}

function showFlags(changed = []) {
  const body = document.querySelector('#flags tbody');
  body.replaceChildren();
  for (const [key, type, fallback] of FLAGS) {
    const evaluation = details(key, type, fallback);
    const row = body.insertRow();
    row.dataset.flag = key;
    row.classList.toggle('changed', changed.includes(key));
    cell(row, 'key', key);
    cell(row, 'value', JSON.stringify(evaluation.value));
    cell(row, 'variant', evaluation.variant);
    cell(row, 'reason', evaluation.reason);
    cell(row, 'error', evaluation.errorCode);
  }
}

function showAnswers() {
  const list = document.getElementById('answers');
  list.replaceChildren();
  for (const [status, count] of [...answers].sort((a, b) => a[0] - b[0])) {
    const term = document.createElement('dt');
    term.textContent = String(status);
    const value = document.createElement('dd');
    value.dataset.status = String(status);
    value.textContent = String(count);
    list.append(term, value);
  }
}

function showStatus(state, message = state) {
  const status = document.getElementById('status');
  status.dataset.state = state;
  status.textContent = message;
}

document.getElementById('visitor').textContent = context.targetingKey;
document.getElementById('context').textContent = JSON.stringify(context);
document.getElementById('changes').textContent = changes;

client.addHandler(ProviderEvents.ConfigurationChanged, (event) => {
  configurationChanges++;
  document.getElementById('configuration-changes').textContent = String(configurationChanges);
  showFlags(event?.flagsChanged ?? []);
});
client.addHandler(ProviderEvents.Stale, (event) => showStatus('stale', `stale: ${event?.message ?? ''}`));
client.addHandler(ProviderEvents.Error, (event) => showStatus('error', `error: ${event?.message ?? ''}`));
client.addHandler(ProviderEvents.Ready, () => {
  showStatus('ready');
  showFlags();
});

await OpenFeature.setContext(context);
try {
  await OpenFeature.setProviderAndWait(new OFREPWebProvider({
    // The shop serves this page, so the OFREP server is on the page's own origin.
    baseUrl: query.get('base') ?? location.origin,
    fetchImplementation: countingFetch,
    changeDetection: changes,
    pollInterval: changes === 'polling' ? Number(query.get('poll') ?? 1000) : 0,
    // What the page shows comes from the server, never from an earlier run's localStorage, and
    // only the mechanism under test (the change stream or polling) re-fetches.
    cacheMode: 'disabled',
    disableVisibilityRefresh: true,
  }));
} catch (error) {
  showStatus('error', `error: ${error?.message ?? error}`);
}
