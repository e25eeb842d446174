// API access for the pages: JSON fetches.
// With SDB_API_TOKEN set, the page is opened once as /?token=<token>: the server answers with an HttpOnly,
// SameSite=Strict cookie that every same-origin request (fetch, img, video, EventSource) then carries. Scripts
// never see the token.

export async function getJSON(url) {
  const answer = await fetch(url);
  const body = await answer.json().catch(() => null);
  return { ok: answer.ok, status: answer.status, body };
}

export async function postJSON(url, payload) {
  const answer = await fetch(url, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload),
  });
  const body = await answer.json().catch(() => null);
  return { ok: answer.ok, status: answer.status, body };
}

export const cameraUrl = (cameraId, tail = "") => `/api/v1/cameras/${encodeURIComponent(cameraId)}${tail}`;
