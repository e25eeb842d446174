// API access for the pages: JSON fetches and URLs that carry the optional API token.

// With SDB_API_TOKEN set, open a page once with ?token=<token>; API calls of this tab then carry it.
const pageToken = new URLSearchParams(location.search).get("token");
if (pageToken) sessionStorage.setItem("sdb-token", pageToken);
const apiToken = sessionStorage.getItem("sdb-token");

export const authHeaders = () => (apiToken ? { Authorization: `Bearer ${apiToken}` } : {});

export const withToken = (url) =>
  apiToken ? `${url}${url.includes("?") ? "&" : "?"}token=${encodeURIComponent(apiToken)}` : url;

export async function getJSON(url) {
  const answer = await fetch(url, { headers: authHeaders() });
  const body = await answer.json().catch(() => null);
  return { ok: answer.ok, status: answer.status, body };
}

export async function postJSON(url, payload) {
  const answer = await fetch(url, {
    method: "POST", headers: { "Content-Type": "application/json", ...authHeaders() }, body: JSON.stringify(payload),
  });
  const body = await answer.json().catch(() => null);
  return { ok: answer.ok, status: answer.status, body };
}

export const cameraUrl = (cameraId, tail = "") => `/api/v1/cameras/${encodeURIComponent(cameraId)}${tail}`;
