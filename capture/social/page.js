// What Sightline reads from a page for posts.json, run in an isolated
// world (the page's scripts cannot change it). SOCIAL(op, arg) is called
// with op "detect" (arg: [{name, selector}]), "act" (arg: the platform's
// dismiss and expand rules) or "gather" (arg: the platform's rules).
// Nothing here decides what a post is: page.go does, from what this
// returns.
(op, arg) => {
  const errors = {};
  const all = (root, rule) => {
    let found;
    try {
      found = Array.from(root.querySelectorAll(rule.selector));
      if (root.matches && root.matches(rule.selector)) found.unshift(root); // the post element's own attributes
    } catch (e) {
      errors[rule.id] = String(e.message || e);
      return [];
    }
    return rule.text ? found.filter(el => (el.innerText || el.textContent || "").includes(rule.text)) : found;
  };
  const attrs = new Set(["href", "src", "poster", "data-src", "content"]);
  const read = (el, rule) => {
    if (!rule.attr) return (el.innerText || el.textContent || "").trim();
    const v = el.getAttribute(rule.attr);
    if (v == null) return "";
    if (rule.attr === "href" || rule.attr === "src" || rule.attr === "poster" || rule.attr === "data-src") {
      try { return new URL(v, document.baseURI).href; } catch (e) { return v; }
    }
    return attrs.has(rule.attr) ? v.trim() : v;
  };

  if (op === "detect") {
    return {detected: arg.filter(d => all(document, d).length > 0).map(d => d.name), errors};
  }

  if (op === "act") {
    const actions = [];
    for (const rule of arg) {
      let clicks = 0;
      for (const el of all(document, rule)) {
        if (clicks >= rule.limit) break;
        if (!el.isConnected) continue;
        // An <svg> icon (Instagram's Close) has no click(): send the event.
        if (typeof el.click === "function") el.click();
        else el.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true, view: window}));
        clicks++;
      }
      actions.push({kind: rule.kind, rule: rule.id, clicks});
    }
    return {actions, errors};
  }

  // gather
  const out = {url: location.href, lang: document.documentElement.lang || "", jsonld: [], meta: {}, microdata: [],
               states: [], items: [], matches: {}, errors};
  for (const s of document.querySelectorAll('script[type="application/ld+json"]')) out.jsonld.push(s.textContent);
  for (const m of document.querySelectorAll("meta[content]")) {
    const k = m.getAttribute("property") || m.getAttribute("name") || m.getAttribute("itemprop");
    if (k && !m.closest("[itemscope]") && !(k in out.meta)) out.meta[k] = m.getAttribute("content");
  }
  const canonical = document.querySelector('link[rel="canonical"]');
  if (canonical && !("canonical" in out.meta)) out.meta.canonical = canonical.href;

  // Microdata: each top-level item as a JSON-LD-like object.
  const itemValue = el => {
    if (el.hasAttribute("itemscope")) return item(el);
    if (el.hasAttribute("content")) return el.getAttribute("content");
    if (el.hasAttribute("datetime")) return el.getAttribute("datetime");
    for (const a of ["href", "src"]) if (el.hasAttribute(a)) return el[a];
    return (el.innerText || el.textContent || "").trim();
  };
  const item = scope => {
    const o = {};
    const type = scope.getAttribute("itemtype");
    if (type) o["@type"] = type.split(/\s+/)[0].replace(/^https?:\/\/schema\.org\//, "");
    const walk = el => {
      for (const c of el.children) {
        if (c.hasAttribute("itemprop")) {
          for (const name of c.getAttribute("itemprop").split(/\s+/)) {
            const v = itemValue(c);
            o[name] = name in o ? [].concat(o[name], v) : v;
          }
        }
        if (!c.hasAttribute("itemscope")) walk(c);
      }
    };
    walk(scope);
    return o;
  };
  for (const el of document.querySelectorAll("[itemscope]:not([itemprop])")) out.microdata.push(item(el));

  for (const rule of arg.state || []) {
    const found = all(document, rule);
    out.matches[rule.id] = found.length;
    for (const el of found) out.states.push({rule: rule.id, text: el.textContent});
  }

  // DOM rules: each post element, and what each field rule reads in it
  // (its own elements only: a reply nested in a post is its own post).
  const posts = arg.post ? all(document, arg.post) : [];
  if (arg.post) out.matches[arg.post.id] = posts.length;
  const inPost = (el, post) => !arg.post || el.closest(arg.post.selector) === post;
  for (const post of posts) {
    const fields = {};
    for (const rule of arg.fields) {
      const found = all(post, rule).filter(el => inPost(el, post));
      if (found.length > 0) out.matches[rule.id] = (out.matches[rule.id] || 0) + 1;
      const values = found.map(el => read(el, rule)).filter(v => v !== "");
      if (values.length > 0 && !(rule.field in fields)) fields[rule.field] = {rule: rule.id, values}; // the first rule that reads it
    }
    let parent = "";
    const up = post.parentElement && post.parentElement.closest(arg.post.selector);
    if (up) parent = String(posts.indexOf(up));
    out.items.push({fields, parent});
  }
  for (const rule of arg.fields) if (!(rule.id in out.matches)) out.matches[rule.id] = 0;
  for (const rule of arg.count || []) out.matches[rule.id] = all(document, rule).length;
  return out;
}
