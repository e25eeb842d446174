// Live events of one camera over Server-Sent Events, resuming after the last event id on reconnect.
import { KINDS } from "./event_kinds.js";

export function followCamera(cameraId, onEvent) {
  const state = { lastId: Number(document.body.dataset.lastEventId || 0), received: [], source: null };
  const badge = document.getElementById("live");
  const show = (text, mode) => { badge.textContent = text; document.body.dataset.live = mode; };
  const open = () => {
    const url = `/api/v1/cameras/${encodeURIComponent(cameraId)}/events?last_event_id=${state.lastId}`;
    const source = new EventSource(url);
    state.source = source;
    source.onopen = () => show("● live", "open");
    source.onerror = () => show("○ reconnecting…", "reconnecting");
    for (const kind of KINDS) {
      source.addEventListener(kind, (event) => {
        const id = Number(event.lastEventId);
        state.received.push(id);
        if (id <= state.lastId) return;
        state.lastId = id;
        onEvent(kind, JSON.parse(event.data));
      });
    }
  };
  state.reconnect = () => { state.source.close(); open(); };
  open();
  window.sdbLive = state;
  return state;
}
