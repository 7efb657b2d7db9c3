// The admin API as the console calls it: JSON in and out, the version as ETag and If-Match, the
// CSRF token of the page on every write, refusals as Problem Details (RFC 9457).

/** The content of one of the page's <meta> tags, which the server fills in. */
export function meta(name) {
  const element = document.querySelector(`meta[name="${name}"]`);
  return element ? element.getAttribute('content') : '';
}

export const base = meta('flags-api');
const csrfHeader = meta('flags-csrf-header');
const csrfToken = meta('flags-csrf-token');

/** A refusal of the API: the HTTP status and the Problem Details body. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function call(method, path, body, options = {}) {
  const headers = {Accept: 'application/json, application/problem+json'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (options.ifMatch !== undefined && options.ifMatch !== null) {
    headers['If-Match'] = `"${options.ifMatch}"`;
  }
  if (method !== 'GET' && csrfHeader && csrfToken) {
    headers[csrfHeader] = csrfToken;
  }
  let response;
  try {
    response = await fetch(base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      redirect: 'manual',
    });
  } catch (failure) {
    throw new ApiError(0, {title: 'Network error', detail: `The server did not answer: ${failure.message}`});
  }
  if (response.type === 'opaqueredirect') {
    throw new ApiError(401, {title: 'Not signed in', detail: 'Your session has ended. Reload the page to sign in again.'});
  }
  const text = await response.text();
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch (notJson) {
      parsed = {detail: text.slice(0, 200)};
    }
  }
  if (!response.ok) {
    const problem = parsed && typeof parsed === 'object' ? parsed : {};
    if (response.status === 401 && !problem.detail) {
      problem.detail = 'You are not signed in. Reload the page to sign in.';
    }
    if (response.status === 403 && !problem.detail) {
      problem.detail = 'The server refused this request (403). If you have been idle, reload the page.';
    }
    throw new ApiError(response.status, problem);
  }
  const etag = response.headers.get('ETag');
  return {status: response.status, version: etag ? Number(etag.replace(/^W\//, '').replace(/"/g, '')) : null, body: parsed};
}

export const api = {
  get: (path) => call('GET', path).then((r) => r.body),
  getWithVersion: (path) => call('GET', path),
  post: (path, body, options) => call('POST', path, body, options),
  put: (path, body, options) => call('PUT', path, body, options),
  delete: (path, options) => call('DELETE', path, undefined, options),
};

/** The path of one flag, its key encoded. */
export function flagPath(key, rest = '') {
  return `/flags/${encodeURIComponent(key)}${rest}`;
}
