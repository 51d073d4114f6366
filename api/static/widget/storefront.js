/* Goodword storefront script. One tag on every page of the shop:
 *   <script src="https://GOODWORD/widget/v1/storefront.js" data-key="pk_..." async></script>
 * Keeps the click id a referral link hands the landing page (?gw_click=clk_...) and a device id
 * of the shop's own, in the shop's localStorage and first-party cookies (gw_click_id,
 * gw_device), fills the hidden inputs goodword_click_id and goodword_device_id of the shop's
 * forms (any form with data-goodword gets them), and answers Goodword.evidence().
 * A kept click stays until its attribution window ends; a new one replaces it only under the
 * merchant's last_click policy, which the script asks Goodword for then (GET /widget/v1/storefront). */
(() => {
  "use strict";
  const me = document.currentScript ||
    document.querySelector('script[src*="/widget/v1/storefront.js"]');
  const api = me ? new URL(me.src).origin + "/widget/v1/storefront" : "";
  const key = (me && me.dataset.key) || "";
  const DAY = 864e5, STORE = "goodword";
  const CLICK = /^clk_[0-9a-z]{10,40}$/i, DEVICE = /^[\w-]{8,64}$/;
  const NAMES = { click_id: "goodword_click_id", device_id: "goodword_device_id" };

  const cookie = (name) => (document.cookie.match("(?:^|; )" + name + "=([^;]*)") || [])[1];
  const setCookie = (name, value, days) => {
    document.cookie = name + "=" + value + "; Max-Age=" + Math.max(0, Math.round(days * 86400)) +
      "; Path=/; SameSite=Lax" + (location.protocol === "https:" ? "; Secure" : "");
  };
  let state = {};
  try { state = JSON.parse(localStorage.getItem(STORE)) || {}; } catch (e) { /* blocked storage */ }
  const save = () => {
    try { localStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* cookies still hold it */ }
    setCookie("gw_device", state.device, 400);
    setCookie("gw_click_id", state.click || "", state.click ? (state.until - Date.now()) / DAY : 0);
  };
  const keep = (click, days) => { state.click = click; state.until = Date.now() + days * DAY; };

  if (!DEVICE.test(state.device || "")) {
    const kept = cookie("gw_device");
    state.device = DEVICE.test(kept || "") ? kept : "dev_" + Array.from(
      crypto.getRandomValues(new Uint8Array(20)), (b) => (b % 36).toString(36)).join("");
  }
  if (!CLICK.test(state.click || "") || !(state.until > Date.now())) {
    delete state.click; delete state.until;
  }

  const evidence = () => ({ click_id: state.click || null, device_id: state.device });
  const fill = () => {
    for (const form of document.forms) {
      const marked = form.hasAttribute("data-goodword");
      for (const [field, name] of Object.entries(NAMES)) {
        let input = form.elements.namedItem(name);
        if (!input && !marked) continue;
        if (!input) {
          input = Object.assign(document.createElement("input"), { type: "hidden", name });
          form.appendChild(input);
        }
        if (input.value !== undefined) input.value = evidence()[field] || "";
      }
    }
  };

  const landed = new URLSearchParams(location.search).get("gw_click");
  if (landed && CLICK.test(landed) && landed !== state.click) {
    const first = !state.click;
    if (first) keep(landed, 30); // the default window, until Goodword says the merchant's
    fetch(api, { headers: { Authorization: "Bearer " + key }, credentials: "omit" })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((policy) => {
        if (first || policy.attribution === "last_click") {
          keep(landed, policy.attribution_window_days);
        }
        save(); fill();
      })
      .catch(() => { /* first_click by default: a kept click stays */ });
  }
  save();
  window.Goodword = Object.assign(window.Goodword || {}, { evidence });
  // Forms added later (a checkout step, a single-page app) are filled as they are sent.
  document.addEventListener("submit", fill, true);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fill);
  else fill();
})();
