/* Goodword share widget. One tag on the order-confirmation page:
 *   <script src="https://GOODWORD/widget/v1/goodword.js" data-key="pk_..." data-session="..." async></script>
 * Optional: data-locale="de", data-target="#css-selector". Talks only to the origin it came from,
 * renders in a Shadow DOM, and styles through a constructed sheet so a strict CSP allows it.
 * data-preview='{"settings":…,"offer":…,"link":…}' (the dashboard's settings page): no key, no
 * session, no requests; the script element's "goodword:preview" event repaints with new settings. */
(() => {
  "use strict";
  const me = document.currentScript ||
    document.querySelector('script[src*="/widget/v1/goodword.js"][data-session]');
  if (!me) return;
  const api = new URL(me.src).origin + "/widget/v1/";
  // A key pasted into a template with a space or line break around it still works; the server
  // refuses a key holding anything but letters, digits and underscores.
  const key = (me.dataset.key || "").trim();
  const session = me.dataset.session || "";
  let preview = me.dataset.preview && JSON.parse(me.dataset.preview);
  const T = {
    en: {
      thanks: "Thanks for your order!",
      ask: "How likely are you to recommend us to a friend?",
      low: "Not likely", high: "Very likely",
      scoreLabel: (n) => n + " out of 10",
      share: "Share with friends",
      giveGet: (g, r) => `Give ${g}, get ${r}`,
      getOnly: (r) => `Get ${r} for every friend who joins`,
      giveOnly: (g) => `Give your friends ${g}`,
      plain: "Tell your friends about us.",
      points: "points",
      link: "Your personal link",
      copy: "Copy link", copied: "Link copied",
      native: "Share…",
      via: "Share by",
      sorry: "What could we do better?",
      send: "Send feedback",
      heard: "Thank you, we read every answer.",
      fallback: "Thanks for your order! Sharing isn't available right now.",
      message: "I like this shop, have a look:",
      channels: { email: "Email", sms: "SMS", whatsapp: "WhatsApp", x: "X", facebook: "Facebook",
        linkedin: "LinkedIn" },
    },
    de: {
      thanks: "Danke für deine Bestellung!",
      ask: "Wie wahrscheinlich ist es, dass du uns einem Freund empfiehlst?",
      low: "Unwahrscheinlich", high: "Sehr wahrscheinlich",
      scoreLabel: (n) => n + " von 10",
      share: "Mit Freunden teilen",
      giveGet: (g, r) => `Schenke ${g}, erhalte ${r}`,
      getOnly: (r) => `Erhalte ${r} für jeden Freund, der mitmacht`,
      giveOnly: (g) => `Schenke deinen Freunden ${g}`,
      plain: "Erzähl deinen Freunden von uns.",
      points: "Punkte",
      link: "Dein persönlicher Link",
      copy: "Link kopieren", copied: "Link kopiert",
      native: "Teilen…",
      via: "Teilen per",
      sorry: "Was können wir besser machen?",
      send: "Feedback senden",
      heard: "Danke, wir lesen jede Antwort.",
      fallback: "Danke für deine Bestellung! Teilen ist gerade nicht möglich.",
      message: "Mir gefällt dieser Shop, schau mal:",
      channels: { email: "E-Mail", sms: "SMS", whatsapp: "WhatsApp", x: "X", facebook: "Facebook",
        linkedin: "LinkedIn" },
    },
  };
  const lang = (me.dataset.locale || document.documentElement.lang || navigator.language || "en")
    .slice(0, 2).toLowerCase();
  const t = T[lang] || T.en;
  const CSS = `:host{all:initial;display:block}
.gw{--ac:#2f5bea;--on:#fff;--bg:#fff;--fg:#1d2433;box-sizing:border-box;max-width:32rem;margin:1rem 0;padding:1.25rem;border:1px solid color-mix(in srgb,var(--fg) 25%,transparent);border-radius:12px;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;text-align:start}
.gw *{box-sizing:border-box;font:inherit;color:inherit}
.gw h2{font-size:1.2rem;font-weight:700;margin:0 0 .5rem}
p{margin:.5rem 0}ul{list-style:none;padding:0}
.nps{display:grid;grid-template-columns:repeat(11,minmax(0,1fr));gap:.3rem;margin:.75rem 0 .25rem}
.ends{display:flex;justify-content:space-between;gap:1rem;font-size:.85rem}.ends span+span{text-align:end}
button,.ch{display:inline-flex;align-items:center;justify-content:center;min-height:2.75rem;padding:.4rem .9rem;border:2px solid var(--ac);border-radius:8px;background:var(--bg);color:var(--fg);cursor:pointer;text-decoration:none}
button.pri{background:var(--ac);color:var(--on)}
button:focus-visible,a:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid var(--fg);outline-offset:2px}
.row{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
.gw label{display:block;font-weight:600;margin-top:.5rem}
input,textarea{display:block;width:100%;min-height:2.75rem;padding:.5rem;border:1px solid var(--fg);border-radius:6px;background:var(--bg)}
.lnk{display:flex;flex-wrap:wrap;gap:.5rem}.lnk input{flex:1 1 12rem;width:auto}
.offer{font-size:1.1rem;font-weight:600}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.nps button{min-width:0;padding:0;font-variant-numeric:tabular-nums}
@media (max-width:400px){.gw{padding:.9rem}.nps{gap:.2rem}.nps button{border-width:1px;border-radius:6px;font-size:.9rem}}`;

  const h = (tag, props, ...kids) => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === "on") el.addEventListener("click", v);
      else if (k === "text") el.textContent = v;
      else el.setAttribute(k, v);
    }
    el.append(...kids.filter((kid) => kid != null));
    return el;
  };
  const call = (method, path, body) => preview ? Promise.resolve(path === "session"
    ? { settings: preview.settings } : { promoter: { referral_url: preview.link }, offer: preview.offer })
    : fetch(api + path, {
    method, keepalive: path === "shares",
    headers: Object.assign({ Authorization: "Bearer " + key, "Goodword-Session": session },
      body ? { "Content-Type": "application/json" } : {}),
    body: body ? JSON.stringify(body) : undefined,
  }).then((r) => r.ok ? r.json() : Promise.reject(r.status));

  const host = h("goodword-widget");
  const target = me.dataset.target && document.querySelector(me.dataset.target);
  if (target) target.append(host); else me.after(host);
  const root = host.attachShadow({ mode: "open" });
  if (root.adoptedStyleSheets && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } else root.append(h("style", { text: CSS }));
  const box = h("section", { class: "gw", role: "region", "aria-label": t.share, lang: T[lang] ? lang : "en" });
  const live = h("p", { class: "sr", role: "status", "aria-live": "polite" });
  root.append(box);

  const show = (...kids) => {
    box.replaceChildren(...kids, live);
    const heading = box.querySelector("h2");
    if (heading && show.moved) heading.focus();
    show.moved = true;
  };
  const heading = (text) => h("h2", { tabindex: "-1", text });
  const fallback = () => show(h("p", { role: "status", text: t.fallback }));

  const amount = (a) => a.kind === "points"
    ? a.amount.toLocaleString(lang) + " " + t.points
    : new Intl.NumberFormat(lang, { style: "currency", currency: a.currency })
      .format(a.amount / a.minor_units);
  const words = (list) => (list || []).map(amount).join(" + ");
  const offerText = (offer) => {
    const g = words(offer.give), r = words(offer.get);
    return g && r ? t.giveGet(g, r) : r ? t.getOnly(r) : g ? t.giveOnly(g) : t.plain;
  };

  const ask = (view) => {
    const q = h("p", { id: "gw-q", text: t.ask });
    const scale = h("div", { class: "nps", role: "group", "aria-labelledby": "gw-q" });
    for (let n = 0; n <= 10; n++) {
      scale.append(h("button", { type: "button", "aria-label": t.scoreLabel(n), text: String(n),
        on: () => answer(n) }));
    }
    show(heading(view.settings.title || t.thanks), q, scale,
      h("div", { class: "ends", "aria-hidden": "true" }, h("span", { text: "0 · " + t.low }),
        h("span", { text: t.high + " · 10" })));
  };

  const answer = (score) => {
    const feedback = call("POST", "feedback", { score });
    if (score >= 9) feedback.then(sharePanel).catch(fallback);
    else feedback.then(() => listen(score)).catch(fallback);
  };

  const listen = (score) => {
    const text = h("textarea", { id: "gw-text", rows: "3", maxlength: "2000" });
    const form = h("form", {}, h("label", { for: "gw-text", text: t.sorry }), text,
      h("div", { class: "row" }, h("button", { type: "submit", class: "pri", text: t.send })));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      call("POST", "feedback", { score, text: text.value.trim() || undefined })
        .then(() => show(heading(t.thanks), h("p", { role: "status", text: t.heard })))
        .catch(fallback);
    });
    show(heading(t.thanks), form);
  };

  const sharePanel = () => call("POST", "enrollment").then((enrolled) => {
    const url = enrolled.promoter.referral_url;
    const offer = offerText(enrolled.offer);
    const note = t.message + " " + url;
    const record = (channel) => call("POST", "shares", { channel }).catch(() => {});
    const input = h("input", { id: "gw-link", readonly: "", value: url });
    const copy = h("button", { type: "button", class: "pri", text: t.copy, on: () => {
      const done = () => { live.textContent = t.copied; copy.textContent = t.copied; };
      (navigator.clipboard ? navigator.clipboard.writeText(url) : Promise.reject())
        .catch(() => { input.select(); document.execCommand("copy"); })
        .then(done, done);
      record("copy");
    } });
    const e = encodeURIComponent;
    const targets = {
      email: `mailto:?subject=${e(offer)}&body=${e(note)}`,
      sms: `sms:?&body=${e(note)}`,
      whatsapp: `https://wa.me/?text=${e(note)}`,
      x: `https://twitter.com/intent/tweet?text=${e(t.message)}&url=${e(url)}`,
      facebook: `https://www.facebook.com/sharer/sharer.php?u=${e(url)}`,
      linkedin: `https://www.linkedin.com/sharing/share-offsite/?url=${e(url)}`,
    };
    const links = h("ul", { class: "row", role: "list", "aria-label": t.via });
    for (const [channel, href] of Object.entries(targets)) {
      links.append(h("li", {}, h("a", { class: "ch", href, target: "_blank",
        rel: "noopener noreferrer", "data-channel": channel, text: t.channels[channel],
        on: () => record(channel) })));
    }
    const native = navigator.share && h("button", { type: "button", text: t.native, on: () =>
      navigator.share({ title: offer, text: t.message, url })
        .then(() => record("native"), () => {}) });
    show(heading(t.share), h("p", { class: "offer", text: offer }),
      h("label", { for: "gw-link", text: t.link }),
      h("div", { class: "lnk" }, input, copy, native), links);
  }).catch(fallback);

  const paint = (s) => {
    box.style.setProperty("--ac", s.accent_color);
    box.style.setProperty("--on", s.accent_text_color);
    box.style.setProperty("--bg", s.background_color);
    box.style.setProperty("--fg", s.text_color);
  };
  const start = () => call("GET", "session").then((view) => {
    paint(view.settings);
    if (view.settings.ask_nps && !view.promoter) ask(view);
    else sharePanel();
  }).catch(fallback);
  start();
  me.addEventListener("goodword:preview", (event) => {
    preview = Object.assign({}, preview, { settings: event.detail });
    show.moved = false; // a repaint must not pull focus from the field being typed in
    start();
  });
})();
