// The camera page's "Trust this camera" panel: shown after a failed scan when the camera presents a key nobody
// trusted; the button trusts exactly the fingerprint shown (the server refuses it if the camera presents another).
import { cameraUrl, getJSON, postJSON } from "./api.js";
import { $ } from "./format.js";

export async function offerTrust(cameraId) {
  const answer = await getJSON(cameraUrl(cameraId, "/host-key"));
  const presented = answer.ok ? answer.body.presented : null;
  if (!presented || answer.body.trusted) return;
  const panel = $("host-key"), button = $("host-key-trust"), status = $("host-key-status");
  $("host-key-fingerprint").textContent = `${presented.algorithm} ${presented.fingerprint}`;
  status.textContent = "";
  button.disabled = false;
  panel.hidden = false;
  button.onclick = async () => {
    button.disabled = true;
    const trusted = await postJSON(cameraUrl(cameraId, "/host-key/trust"), { fingerprint: presented.fingerprint });
    status.classList.toggle("error", !trusted.ok);
    status.textContent = trusted.ok ? "Trusted: scan the card again." : (trusted.body?.detail || `refused (${trusted.status})`);
  };
}
