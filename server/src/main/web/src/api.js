// The REST API as the browser pages call it.

/**
 * Calls the API with the console's token; a problem+json answer becomes an Error. `options` go to
 * fetch as they are (e.g. `keepalive`).
 */
export async function api(token, method, path, body, headers = {}, options = {}) {
  const answer = await fetch(path, {
    ...options,
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await answer.text();
  const json = text ? JSON.parse(text) : null;
  if (!answer.ok) {
    const error = new Error(json?.detail ?? `${method} ${path}: ${answer.status}`);
    error.status = answer.status;
    throw error;
  }
  return { json, etag: answer.headers.get('ETag') };
}

